"""Every setting of the bot, read from the environment once (``Settings.from_env``), each mistake one clear line.

``Settings`` holds what every command uses (the store, the knowledge base, the contact e-mail, retention), the
``enquiries`` section (where enquiries go and how the outbox delivers them) and the ``telegram`` section (what
``python -m bot run`` needs; ``TelegramSettings.ready`` checks it for a run). The variables are flat, as a platform
sets them; each section reads its own:

    DATABASE_URL         the store's database (default: SQLite in DATA_DIR)
    DATA_DIR             the store's directory (default ``data``)
    KNOWLEDGE_DIR        the knowledge directory (default: the one that ships with the bot)
    CONTACT_EMAIL        shown in contact answers
    KNOWLEDGE_WATCH_SECONDS  how often the running bot looks for changed knowledge files (default 10; 0: off)
    RETENTION_DAYS       when set, the bot deletes enquiries and the question log older than that many days, at
                         start and then daily (``python -m bot purge`` uses it as its default too)

    LISTING_URL_EN       CLAIR's English page of local governments looking for a sister city (``/import`` fetches it)
    LISTING_URL_JA       CLAIR's Japanese page (kibou-j); defaults: CLAIR's real addresses
    LISTING_CHECK_HOURS  when set, the running bot fetches both pages every that many hours and posts what changed to
                         the staff chat (never publishing by itself); unset or 0: no check

    STAFF_CHAT_ID        the division's Telegram group (a negative id such as -1001234567890, or a private chat):
                         enquiries are posted there and answered by replying to them; unset: enquiries are only
                         kept in the store (``python -m bot enquiries``)
    STAFF_USER_IDS       comma-separated Telegram user ids allowed the staff commands outside the staff chat
    ENQUIRY_TIMEOUT_MINUTES  minutes an unfinished enquiry is kept (default 120)
    ENQUIRY_DAILY_LIMIT  enquiries one user may send in 24 hours (default 5; 0: no limit)
    ENQUIRY_REMIND_HOURS hours an enquiry may wait for a staff answer before it is posted to the staff group again,
                         then daily until answered or closed (default 72; fractions allowed, e.g. 0.5)
    HEALTH_PORT          in polling mode, serve ``/healthz`` on this port (webhook mode serves it on PORT)

    TELEGRAM_BOT_TOKEN   ``digits:characters`` as given by @BotFather (never printed); required by ``run``
    WEBHOOK_URL          when set (or with ``--webhook``) the bot serves a webhook instead of polling. https only
                         (http allowed for 127.0.0.1/localhost). Its path is the route served (``/telegram`` when
                         the URL has no path).
    WEBHOOK_SECRET       required with a webhook: 1-256 characters of A-Z a-z 0-9 _ -
    PORT                 port of the webhook server (default 8080); HOST its address (default 0.0.0.0)
    TELEGRAM_BASE_URL    another Bot API base, e.g. ``http://127.0.0.1:8081/bot`` (a local server, or tests' fake)
    TELEGRAM_RATE_LIMIT  messages per second the bot sends overall (default 30, Telegram's flood limit; a group
                         chat also gets at most 20 a minute); 0: no throttling, for a Bot API server without flood
                         limits (a test or fake server, the benchmark). 429 answers are honoured either way.
    STATS_SALT           the salt of the user hashes in the question log (at least 16 characters; never printed);
                         default: derived from the bot token

Values are stripped; an empty one counts as unset.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

Mode = Literal["polling", "webhook"]

_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,100}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_PORT = 8080
DEFAULT_RATE_LIMIT = 30  # messages per second overall: Telegram's flood limit (telegram.constants.FloodLimit)
MAX_RATE_LIMIT = 100_000
MIN_SALT_CHARS = 16
DEFAULT_WEBHOOK_PATH = "/telegram"


class ConfigError(ValueError):
    """A setting is missing or malformed; the message is one line meant for the operator."""


def _whole(name: str, raw: object, expected: str) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    try:
        return int(str(raw).strip())
    except ValueError:
        raise ValueError(f"{name} must be {expected}, got {raw!r}") from None


class _Section(BaseModel):
    """A group of settings read from flat variables (each field's alias); built with field names in tests."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    @classmethod
    def variables(cls) -> set[str]:
        return {field.alias for field in cls.model_fields.values() if field.alias}


class EnquirySettings(_Section):
    """Where enquiries go and how the outbox delivers them (the last four are tuned only by tests)."""

    staff_chat_id: int | None = Field(None, alias="STAFF_CHAT_ID")
    staff_user_ids: frozenset[int] = Field(frozenset(), alias="STAFF_USER_IDS")
    timeout_minutes: int = Field(120, alias="ENQUIRY_TIMEOUT_MINUTES")
    daily_limit: int = Field(5, alias="ENQUIRY_DAILY_LIMIT")
    remind_hours: float = Field(72.0, alias="ENQUIRY_REMIND_HOURS")
    backoff: float = 2.0  # seconds before the first retry of a failed delivery, doubled after each failure
    backoff_max: float = 300.0
    poll_interval: float = 5.0  # how often the outbox worker looks for due messages (it is also woken at once)
    lease: float = 60.0  # seconds a claimed message is reserved for this worker

    def retry_delay(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts + 1``-th failed delivery: backoff, 2x backoff, ... up to backoff_max."""
        return min(self.backoff * 2 ** min(attempts, 30), self.backoff_max)

    @field_validator("staff_chat_id", mode="before")
    @classmethod
    def _chat(cls, raw: object) -> object:
        if raw is None:
            return None
        chat_id = _whole("STAFF_CHAT_ID", raw, "a Telegram chat id such as -1001234567890")
        if chat_id == 0:
            raise ValueError("STAFF_CHAT_ID must be a Telegram chat id such as -1001234567890, got 0")
        return chat_id

    @field_validator("staff_user_ids", mode="before")
    @classmethod
    def _users(cls, raw: object) -> object:
        if not isinstance(raw, str):
            return raw
        users: set[int] = set()
        for part in (p.strip() for p in raw.split(",")):
            if part:
                user = _whole("STAFF_USER_IDS", part, "comma-separated Telegram user ids")
                if user <= 0:
                    raise ValueError(f"STAFF_USER_IDS must be comma-separated Telegram user ids (positive), got {part!r}")
                users.add(user)
        return frozenset(users)

    @field_validator("timeout_minutes", mode="before")
    @classmethod
    def _timeout(cls, raw: object) -> int:
        minutes = _whole("ENQUIRY_TIMEOUT_MINUTES", raw, "a number of minutes")
        if not 1 <= minutes <= 7 * 24 * 60:
            raise ValueError(f"ENQUIRY_TIMEOUT_MINUTES must be between 1 and 10080 (a week), got {minutes}")
        return minutes

    @field_validator("remind_hours", mode="before")
    @classmethod
    def _remind(cls, raw: object) -> float:
        expected = "a number of hours such as 72 or 0.5"
        try:
            hours = float(str(raw).strip())
        except ValueError:
            raise ValueError(f"ENQUIRY_REMIND_HOURS must be {expected}, got {raw!r}") from None
        if not 0 < hours <= 24 * 365:  # NaN and infinity fail too
            raise ValueError(f"ENQUIRY_REMIND_HOURS must be more than 0 and at most 8760 (a year), got {raw!r}")
        return hours

    @field_validator("daily_limit", mode="before")
    @classmethod
    def _limit(cls, raw: object) -> int:
        limit = _whole("ENQUIRY_DAILY_LIMIT", raw, "a number of enquiries (0: no limit)")
        if limit < 0:
            raise ValueError(f"ENQUIRY_DAILY_LIMIT must be 0 (no limit) or more, got {limit}")
        return limit


LISTING_URL_EN = "https://www.clair.or.jp/e/exchange/shimai/kibou.html"
LISTING_URL_JA = "https://www.clair.or.jp/j/exchange/shimai/kibou-j.html"


class ListingSettings(_Section):
    """Where CLAIR's listing is fetched from, and how often the running bot checks it (the last two: tests)."""

    url_en: str = Field(LISTING_URL_EN, alias="LISTING_URL_EN")
    url_ja: str = Field(LISTING_URL_JA, alias="LISTING_URL_JA")
    check_hours: float = Field(0.0, alias="LISTING_CHECK_HOURS")
    timeout: float = 30.0  # seconds for one page
    max_bytes: int = 5_000_000  # a page larger than this is refused

    @field_validator("url_en", "url_ja")
    @classmethod
    def _url(cls, url: str, info: Any) -> str:
        name = "LISTING_URL_EN" if info.field_name == "url_en" else "LISTING_URL_JA"
        _check_url(name, url, https_only=False)
        return url

    @field_validator("check_hours", mode="before")
    @classmethod
    def _hours(cls, raw: object) -> float:
        try:
            hours = float(str(raw).strip())
        except ValueError:
            raise ValueError(f"LISTING_CHECK_HOURS must be a number of hours (0: no check), got {raw!r}") from None
        if not 0 <= hours <= 24 * 366 or hours != hours:
            raise ValueError(f"LISTING_CHECK_HOURS must be 0 (no check) or a number of hours up to a year, got {raw!r}")
        return hours


class TelegramSettings(_Section):
    """What the Telegram channel needs to run (``ready`` checks that it can)."""

    token: str = Field("", alias="TELEGRAM_BOT_TOKEN", repr=False)
    mode: Mode = "polling"
    webhook_url: str | None = Field(None, alias="WEBHOOK_URL")
    webhook_secret: str | None = Field(None, alias="WEBHOOK_SECRET", repr=False)
    host: str = Field("0.0.0.0", alias="HOST")  # noqa: S104 - the webhook server listens on every interface
    port: int = Field(DEFAULT_PORT, alias="PORT")
    base_url: str | None = Field(None, alias="TELEGRAM_BASE_URL")
    rate_limit: int = Field(DEFAULT_RATE_LIMIT, alias="TELEGRAM_RATE_LIMIT")  # messages per second; 0: not throttled
    health_port: int | None = Field(None, alias="HEALTH_PORT")
    stats_salt: str | None = Field(None, alias="STATS_SALT", repr=False)
    max_body_bytes: int = 1_000_000
    bootstrap_retries: int = 5
    poll_timeout: float = 10.0
    read_timeout: float = 10.0  # seconds to wait for a Bot API answer (tests shorten it)

    @field_validator("token")
    @classmethod
    def _token(cls, token: str) -> str:
        if token and not _TOKEN.match(token):
            raise ValueError("TELEGRAM_BOT_TOKEN is malformed: expected digits, a colon, then letters (as @BotFather gives it)")
        return token

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, url: str | None) -> str | None:
        if url:
            _check_url("WEBHOOK_URL", url)
        return url

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, secret: str | None) -> str | None:
        if secret and not _SECRET.match(secret):
            raise ValueError("WEBHOOK_SECRET is malformed: use 1-256 characters A-Z a-z 0-9 _ -")
        return secret

    @field_validator("port", mode="before")
    @classmethod
    def _port(cls, raw: object) -> int:
        port = _whole("PORT", raw, "a whole number")
        if not 1 <= port <= 65535:
            raise ValueError(f"PORT must be between 1 and 65535, got {port}")
        return port

    @field_validator("health_port", mode="before")
    @classmethod
    def _health_port(cls, raw: object) -> int | None:
        if raw is None:
            return None
        port = _whole("HEALTH_PORT", raw, "a whole number")
        if not 1 <= port <= 65535:
            raise ValueError(f"HEALTH_PORT must be between 1 and 65535, got {port}")
        return port

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, url: str | None) -> str | None:
        if url:
            _check_url("TELEGRAM_BASE_URL", url, https_only=False)
        return url

    @field_validator("rate_limit", mode="before")
    @classmethod
    def _rate_limit(cls, raw: object) -> int:
        expected = "a whole number of messages per second (0: no throttling)"
        rate = _whole("TELEGRAM_RATE_LIMIT", raw, expected)
        if not 0 <= rate <= MAX_RATE_LIMIT:
            raise ValueError(f"TELEGRAM_RATE_LIMIT must be {expected} between 0 and {MAX_RATE_LIMIT}, got {rate}")
        return rate

    @field_validator("stats_salt")
    @classmethod
    def _stats_salt(cls, salt: str | None) -> str | None:
        if salt is not None and len(salt) < MIN_SALT_CHARS:
            raise ValueError(f"STATS_SALT must be at least {MIN_SALT_CHARS} characters (a random string), got {len(salt)}")
        return salt

    def ready(self, mode: Mode | None = None) -> TelegramSettings:
        """These settings for a run in ``mode`` (``--webhook``/``--polling``; by default webhook when WEBHOOK_URL is
        set): ``ConfigError`` unless there is a token, and a URL and a secret for a webhook."""
        if not self.token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set: put the token @BotFather gave you in the environment")
        chosen: Mode = mode or ("webhook" if self.webhook_url else "polling")
        if chosen == "webhook" and not self.webhook_url:
            raise ConfigError("--webhook needs WEBHOOK_URL (the public https URL Telegram should post updates to)")
        if chosen == "webhook" and not self.webhook_secret:
            raise ConfigError("WEBHOOK_URL is set but WEBHOOK_SECRET is not: set a secret of 1-256 characters A-Z a-z 0-9 _ -")
        return self.model_copy(update={"mode": chosen})

    @property
    def webhook_path(self) -> str:
        """The route the webhook server answers on: WEBHOOK_URL's path, or ``/telegram``."""
        path = urlsplit(self.webhook_url or "").path.rstrip("/")
        return path or DEFAULT_WEBHOOK_PATH

    @property
    def full_webhook_url(self) -> str | None:
        """The URL given to setWebhook (WEBHOOK_URL with the default path added when it had none)."""
        if not self.webhook_url:
            return None
        parts = urlsplit(self.webhook_url)
        return parts._replace(path=self.webhook_path, query=parts.query, fragment="").geturl()

    @property
    def base_file_url(self) -> str | None:
        """The file URL that goes with ``base_url`` (``.../bot`` -> ``.../file/bot``)."""
        if not self.base_url:
            return None
        if self.base_url.endswith("/bot"):
            return self.base_url[: -len("/bot")] + "/file/bot"
        return self.base_url.rstrip("/") + "/file"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log line."""
        return tuple(s for s in (self.token, self.webhook_secret, self.stats_salt) if s)

    @property
    def question_salt(self) -> bytes:
        """The salt of the user hashes in the question log: STATS_SALT, else one derived from the token (the same in
        every instance of the bot; set STATS_SALT to keep the hashes when the token changes)."""
        return self.stats_salt.encode() if self.stats_salt else token_salt(self.token)


class _Environment(PydanticBaseSettingsSource):
    """The process's environment variables that ``Settings`` or one of its sections reads (flat, by name)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads every variable at once

    def __call__(self) -> dict[str, Any]:
        names = _variables()
        return {name: value for name, value in os.environ.items() if name in names}


class Settings(BaseSettings):
    """Every setting (see the module docstring). ``Settings()`` reads the process's environment;
    ``Settings.from_env`` reads a mapping, and turns a mistake into one ``ConfigError``."""

    model_config = SettingsConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    database_url: str | None = Field(None, alias="DATABASE_URL", repr=False)
    data_dir: Path = Field(Path("data"), alias="DATA_DIR")
    knowledge_dir: Path | None = Field(None, alias="KNOWLEDGE_DIR")
    contact_email: str | None = Field(None, alias="CONTACT_EMAIL")
    knowledge_watch_seconds: int = Field(10, alias="KNOWLEDGE_WATCH_SECONDS")
    retention_days: int | None = Field(None, alias="RETENTION_DAYS")
    enquiries: EnquirySettings = EnquirySettings()
    telegram: TelegramSettings = TelegramSettings()
    listing: ListingSettings = ListingSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, _Environment(settings_cls)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings in ``environ`` (default: the process's environment); ``ConfigError`` for the first mistake."""
        try:
            return cls() if environ is None else cls.model_validate(dict(environ))
        except ValidationError as error:
            raise ConfigError(_first_problem(error)) from None

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        """Strip every value, drop empty ones, and hand each section its own variables."""
        if not isinstance(data, Mapping):
            return data
        values = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        values = {k: v for k, v in values.items() if v != ""}
        for name, section in (("enquiries", EnquirySettings), ("telegram", TelegramSettings), ("listing", ListingSettings)):
            if name not in values:
                values[name] = {k: v for k, v in values.items() if k in section.variables()}
        return values

    @field_validator("knowledge_watch_seconds", mode="before")
    @classmethod
    def _watch(cls, raw: object) -> int:
        seconds = _whole("KNOWLEDGE_WATCH_SECONDS", raw, "a number of seconds (0: off)")
        if seconds < 0:
            raise ValueError(f"KNOWLEDGE_WATCH_SECONDS must be 0 (off) or more, got {seconds}")
        return seconds

    @field_validator("retention_days", mode="before")
    @classmethod
    def _retention(cls, raw: object) -> int | None:
        if raw is None:
            return None
        days = _whole("RETENTION_DAYS", raw, "a whole number of days")
        if days < 1:
            raise ValueError(f"RETENTION_DAYS must be at least 1 day, got {days}")
        return days


def _variables() -> set[str]:
    sections = EnquirySettings.variables() | TelegramSettings.variables() | ListingSettings.variables()
    return {f.alias for f in Settings.model_fields.values() if f.alias} | sections


def _first_problem(error: ValidationError) -> str:
    """One line for the first problem: the validator's own message, else the variable and pydantic's message."""
    problem = error.errors(include_url=False)[0]
    cause = (problem.get("ctx") or {}).get("error")
    if isinstance(cause, Exception):
        return str(cause)
    name = ".".join(str(part) for part in problem["loc"])
    return f"{name}: {problem['msg']}"


def token_salt(token: str) -> bytes:
    """The question log's salt when STATS_SALT is not set: a hash of the bot token (which it does not reveal)."""
    return hashlib.sha256(b"sister-city-bot question log salt\0" + token.encode()).digest()


def _check_url(name: str, url: str, https_only: bool = True) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise ValueError(f"{name} is not a valid URL: {url!r}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError(f"{name} must be an http(s) URL with a host, got {url!r}")
    if https_only and parts.scheme != "https" and host not in _LOCAL_HOSTS:
        raise ValueError(f"{name} must use https (http is allowed only for 127.0.0.1/localhost), got {url!r}")
