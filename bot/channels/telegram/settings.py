"""Typed settings of the Telegram channel, read from the environment once and validated with one clear line each.

Variables:
    TELEGRAM_BOT_TOKEN   required, ``digits:characters`` as given by @BotFather (never printed)
    WEBHOOK_URL          optional; when set (or with ``--webhook``) the bot serves a webhook instead of polling.
                         https only (http allowed for 127.0.0.1/localhost). Its path is the route served
                         (``/telegram`` when the URL has no path).
    WEBHOOK_SECRET       required with a webhook: 1-256 characters of A-Z a-z 0-9 _ -
    PORT                 port of the webhook server (default 8080); HOST its address (default 0.0.0.0)
    TELEGRAM_BASE_URL    optional Bot API base, e.g. ``http://127.0.0.1:8081/bot`` (a local server, or tests' fake)
    DATABASE_URL         the store's database (default: SQLite in DATA_DIR)
    DATA_DIR             the store's directory (default ``data``)
    CONTACT_EMAIL        shown in contact answers; KNOWLEDGE_DIR the knowledge directory
    STAFF_CHAT_ID        the division's Telegram group (a negative id such as -1001234567890, or a private chat):
                         enquiries are posted there and answered by replying to them; unset: enquiries are only
                         kept in the store (``python -m bot enquiries``)
    STAFF_USER_IDS       comma-separated Telegram user ids allowed the staff commands outside the staff chat
    ENQUIRY_TIMEOUT_MINUTES  minutes an unfinished enquiry is kept (default 120)
    ENQUIRY_DAILY_LIMIT  enquiries one user may send in 24 hours (default 5; 0: no limit)
    RETENTION_DAYS       when set, the bot deletes enquiries and the question log older than that many days, at
                         start and then daily (``python -m bot purge`` uses it as its default too)
    STATS_SALT           the salt of the user hashes in the question log (at least 16 characters; never printed);
                         default: derived from the bot token
    TELEGRAM_RATE_LIMIT  messages per second the bot sends overall (default 30, Telegram's flood limit; a group
                         chat also gets at most 20 a minute); 0: no throttling, for a Bot API server without flood
                         limits (a test or fake server, the benchmark). 429 answers are honoured either way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

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


@dataclass(frozen=True)
class EnquirySettings:
    """Where enquiries go and how the outbox delivers them (the last four are tuned only by tests)."""

    staff_chat_id: int | None = None
    staff_user_ids: frozenset[int] = frozenset()
    timeout_minutes: int = 120
    daily_limit: int = 5
    backoff: float = 2.0  # seconds before the first retry of a failed delivery, doubled after each failure
    backoff_max: float = 300.0
    poll_interval: float = 5.0  # how often the outbox worker looks for due messages (it is also woken at once)
    lease: float = 60.0  # seconds a claimed message is reserved for this worker

    def retry_delay(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts + 1``-th failed delivery: backoff, 2x backoff, ... up to backoff_max."""
        return min(self.backoff * 2 ** min(attempts, 30), self.backoff_max)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> EnquirySettings:
        staff_chat = _get(env, "STAFF_CHAT_ID")
        chat_id: int | None = None
        if staff_chat is not None:
            chat_id = _whole("STAFF_CHAT_ID", staff_chat, "a Telegram chat id such as -1001234567890")
            if chat_id == 0:
                raise ConfigError("STAFF_CHAT_ID must be a Telegram chat id such as -1001234567890, got 0")
        users: set[int] = set()
        for part in (_get(env, "STAFF_USER_IDS") or "").split(","):
            if part.strip():
                user = _whole("STAFF_USER_IDS", part.strip(), "comma-separated Telegram user ids")
                if user <= 0:
                    raise ConfigError(f"STAFF_USER_IDS must be comma-separated Telegram user ids (positive), got {part.strip()!r}")
                users.add(user)
        timeout = _get(env, "ENQUIRY_TIMEOUT_MINUTES")
        minutes = 120 if timeout is None else _whole("ENQUIRY_TIMEOUT_MINUTES", timeout, "a number of minutes")
        if not 1 <= minutes <= 7 * 24 * 60:
            raise ConfigError(f"ENQUIRY_TIMEOUT_MINUTES must be between 1 and 10080 (a week), got {minutes}")
        limit_raw = _get(env, "ENQUIRY_DAILY_LIMIT")
        limit = 5 if limit_raw is None else _whole("ENQUIRY_DAILY_LIMIT", limit_raw, "a number of enquiries (0: no limit)")
        if limit < 0:
            raise ConfigError(f"ENQUIRY_DAILY_LIMIT must be 0 (no limit) or more, got {limit}")
        return cls(staff_chat_id=chat_id, staff_user_ids=frozenset(users), timeout_minutes=minutes, daily_limit=limit)


@dataclass(frozen=True)
class Settings:
    """Everything the Telegram channel needs to start."""

    token: str = field(repr=False)
    mode: Mode = "polling"
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    host: str = "0.0.0.0"
    port: int = DEFAULT_PORT
    base_url: str | None = None
    database_url: str | None = field(default=None, repr=False)
    data_dir: Path = Path("data")
    contact_email: str | None = None
    knowledge_dir: Path | None = None
    knowledge_watch_seconds: int = 10
    max_body_bytes: int = 1_000_000
    bootstrap_retries: int = 5
    poll_timeout: float = 10.0
    rate_limit: int = DEFAULT_RATE_LIMIT  # messages per second overall; 0: not throttled
    stats_salt: str | None = field(default=None, repr=False)
    retention_days: int | None = None  # RETENTION_DAYS: purged daily by the bot itself when set
    enquiries: EnquirySettings = field(default_factory=EnquirySettings)

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

    @classmethod
    def from_env(cls, env: Mapping[str, str], mode: Mode | None = None) -> Settings:
        """Read and validate the settings; ``mode`` (from --webhook/--polling) overrides the WEBHOOK_URL choice."""
        token = _get(env, "TELEGRAM_BOT_TOKEN")
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set: put the token @BotFather gave you in the environment")
        if not _TOKEN.match(token):
            raise ConfigError("TELEGRAM_BOT_TOKEN is malformed: expected digits, a colon, then letters (as @BotFather gives it)")

        webhook_url = _get(env, "WEBHOOK_URL")
        if webhook_url:
            _check_url("WEBHOOK_URL", webhook_url)
        chosen: Mode = mode or ("webhook" if webhook_url else "polling")
        if chosen == "webhook" and not webhook_url:
            raise ConfigError("--webhook needs WEBHOOK_URL (the public https URL Telegram should post updates to)")

        secret = _get(env, "WEBHOOK_SECRET")
        if chosen == "webhook" and not secret:
            raise ConfigError("WEBHOOK_URL is set but WEBHOOK_SECRET is not: set a secret of 1-256 characters A-Z a-z 0-9 _ -")
        if secret and not _SECRET.match(secret):
            raise ConfigError("WEBHOOK_SECRET is malformed: use 1-256 characters A-Z a-z 0-9 _ -")

        port = _port(_get(env, "PORT"))
        base_url = _get(env, "TELEGRAM_BASE_URL")
        if base_url:
            _check_url("TELEGRAM_BASE_URL", base_url, https_only=False)
        knowledge = _get(env, "KNOWLEDGE_DIR")
        return cls(
            token=token,
            mode=chosen,
            webhook_url=webhook_url,
            webhook_secret=secret,
            host=_get(env, "HOST") or "0.0.0.0",
            port=port,
            base_url=base_url,
            database_url=_get(env, "DATABASE_URL"),
            data_dir=Path(_get(env, "DATA_DIR") or "data"),
            contact_email=_get(env, "CONTACT_EMAIL"),
            knowledge_dir=Path(knowledge) if knowledge else None,
            knowledge_watch_seconds=_watch_seconds(env),
            rate_limit=_rate_limit(_get(env, "TELEGRAM_RATE_LIMIT")),
            stats_salt=_stats_salt(_get(env, "STATS_SALT")),
            retention_days=_retention_days(_get(env, "RETENTION_DAYS")),
            enquiries=EnquirySettings.from_env(env),
        )


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _whole(name: str, raw: str, expected: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be {expected}, got {raw!r}") from None


def _port(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_PORT
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"PORT must be a whole number, got {raw!r}") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"PORT must be between 1 and 65535, got {port}")
    return port


def token_salt(token: str) -> bytes:
    """The question log's salt when STATS_SALT is not set: a hash of the bot token (which it does not reveal)."""
    return hashlib.sha256(b"sister-city-bot question log salt\0" + token.encode()).digest()


def _stats_salt(raw: str | None) -> str | None:
    if raw is not None and len(raw) < MIN_SALT_CHARS:
        raise ConfigError(f"STATS_SALT must be at least {MIN_SALT_CHARS} characters (a random string), got {len(raw)}")
    return raw


def _retention_days(raw: str | None) -> int | None:
    if raw is None:
        return None
    days = _whole("RETENTION_DAYS", raw, "a whole number of days")
    if days < 1:
        raise ConfigError(f"RETENTION_DAYS must be at least 1 day, got {days}")
    return days


def _rate_limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_RATE_LIMIT
    expected = "a whole number of messages per second (0: no throttling)"
    rate = _whole("TELEGRAM_RATE_LIMIT", raw, expected)
    if not 0 <= rate <= MAX_RATE_LIMIT:
        raise ConfigError(f"TELEGRAM_RATE_LIMIT must be {expected} between 0 and {MAX_RATE_LIMIT}, got {rate}")
    return rate


def _check_url(name: str, url: str, https_only: bool = True) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise ConfigError(f"{name} is not a valid URL: {url!r}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(f"{name} must be an http(s) URL with a host, got {url!r}")
    if https_only and parts.scheme != "https" and host not in _LOCAL_HOSTS:
        raise ConfigError(f"{name} must use https (http is allowed only for 127.0.0.1/localhost), got {url!r}")


def _watch_seconds(env: Mapping[str, str]) -> int:
    """KNOWLEDGE_WATCH_SECONDS: how often to look for changed knowledge files (0: never; /reload still works)."""
    raw = _get(env, "KNOWLEDGE_WATCH_SECONDS")
    seconds = 10 if raw is None else _whole("KNOWLEDGE_WATCH_SECONDS", raw, "a number of seconds (0: off)")
    if seconds < 0:
        raise ConfigError(f"KNOWLEDGE_WATCH_SECONDS must be 0 (off) or more, got {seconds}")
    return seconds
