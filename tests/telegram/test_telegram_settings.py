"""Settings from the environment: every mistake is one clear line and exit code 2, and the token is never shown."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.channels.telegram.logs import REDACTED, Redact, install_redaction
from bot.channels.telegram.run import main_run
from bot.config import ConfigError, Mode, Settings, TelegramSettings

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:AAF-real_looking_token_abcdefghijk"
SECRET = "s3cret_value-1"


def telegram(env: dict[str, str], mode: Mode | None = None) -> TelegramSettings:
    """The Telegram section of the settings in ``env``, ready for a run in ``mode``."""
    return Settings.from_env(env).telegram.ready(mode)


def test_polling_by_default() -> None:
    settings = telegram({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.mode == "polling" and settings.port == 8080 and settings.base_url is None
    assert TOKEN not in repr(settings)


def test_webhook_when_url_is_set() -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://bot.example.org", "WEBHOOK_SECRET": SECRET, "PORT": "5000"}
    settings = telegram(env)
    assert settings.mode == "webhook" and settings.port == 5000
    assert settings.webhook_path == "/telegram" and settings.full_webhook_url == "https://bot.example.org/telegram"
    with_path = telegram({**env, "WEBHOOK_URL": "https://bot.example.org/tg/hook/"})
    assert with_path.webhook_path == "/tg/hook" and with_path.full_webhook_url == "https://bot.example.org/tg/hook"
    assert SECRET not in repr(settings)


def test_flags_override_the_url_choice() -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://bot.example.org", "WEBHOOK_SECRET": SECRET}
    assert telegram(env, "polling").mode == "polling"
    with pytest.raises(ConfigError, match="--webhook needs WEBHOOK_URL"):
        telegram({"TELEGRAM_BOT_TOKEN": TOKEN}, "webhook")


def test_base_url_gives_the_file_url() -> None:
    settings = telegram({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot"})
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "   "}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN": "123:short"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN": "abc:" + "x" * 35}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "http://bot.example.org", "WEBHOOK_SECRET": SECRET}, "must use https"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "bot.example.org", "WEBHOOK_SECRET": SECRET}, "http(s) URL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://bot.example.org"}, "WEBHOOK_SECRET is not"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://x.org", "WEBHOOK_SECRET": "bad secret!"}, "WEBHOOK_SECRET is malformed"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "eighty"}, "PORT must be a whole number"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "70000"}, "PORT must be between"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": "ftp://x"}, "TELEGRAM_BASE_URL must be"),
    ],
)
def test_mistakes_are_one_clear_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        telegram(env)
    text = str(raised.value)
    assert message in text and "\n" not in text
    assert TOKEN not in text and "not-a-token" not in text


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_plain_http_webhook_only_on_this_machine(host: str) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": f"http://{host}:8443/hook", "WEBHOOK_SECRET": SECRET}
    assert telegram(env).mode == "webhook"


def test_main_run_prints_one_line_and_returns_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_run([], env={"TELEGRAM_BOT_TOKEN": "9:" + "y" * 5}) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("error: TELEGRAM_BOT_TOKEN is malformed")
    assert "yyyyy" not in captured.err


def test_main_run_rejects_unknown_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_run(["--both"], env={"TELEGRAM_BOT_TOKEN": TOKEN}) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["-m", "bot.channels.telegram"], ["-m", "bot", "run", "--webhook"]])
def test_command_line_exits_2_without_traceback(command: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env["TELEGRAM_BOT_TOKEN"] = "42:" + "z" * 30 if "--webhook" in command else ""
    done = subprocess.run([sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr and "z" * 30 not in done.stderr
    expected = "--webhook needs WEBHOOK_URL" if "--webhook" in command else "TELEGRAM_BOT_TOKEN is not set"
    assert expected in done.stderr


def test_redaction_hides_the_token_in_messages_arguments_and_tracebacks() -> None:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    logger = logging.getLogger("test.redaction")
    logger.propagate = False
    handler = Keep()
    logger.addHandler(handler)
    install_redaction([TOKEN, SECRET], logger)
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        logger.warning(f"secret header {SECRET}")
        try:
            raise RuntimeError(f"failed url .../bot{TOKEN}/sendMessage")
        except RuntimeError:
            logger.exception("boom")
    finally:
        logger.removeHandler(handler)
    text = "\n".join(records)
    assert TOKEN not in text and SECRET not in text
    assert text.count(REDACTED) == 3 and "RuntimeError" in text


def test_redaction_without_secrets_changes_nothing() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    assert Redact([]).filter(record) and record.getMessage() == "hello world"


def test_rate_limit_is_telegrams_flood_limit_unless_set() -> None:
    from bot.channels.telegram.ratelimit import rate_limiter

    default = telegram({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert default.rate_limit == 30
    limiter = rate_limiter(default)
    assert limiter._base_limiter is not None and limiter._base_limiter.max_rate == 30
    assert limiter._group_max_rate == 20  # PTB's per-group limit stays

    assert telegram({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_RATE_LIMIT": " 100 "}).rate_limit == 100
    unthrottled = telegram({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_RATE_LIMIT": "0"})
    assert unthrottled.rate_limit == 0
    limiter = rate_limiter(unthrottled)
    assert limiter._base_limiter is None and limiter._group_max_rate == 0
    assert limiter._max_retries == 3  # 429 answers are still retried


@pytest.mark.parametrize("raw", ["-1", "thirty", "1.5", "100001"])
def test_rate_limit_mistakes_are_one_clear_line(raw: str) -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_RATE_LIMIT must be a whole number of messages per second") as raised:
        telegram({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_RATE_LIMIT": raw})
    assert "\n" not in str(raised.value)


def test_stats_salt_is_a_secret_and_defaults_to_a_hash_of_the_token() -> None:
    from bot.config import token_salt

    default = telegram({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert default.stats_salt is None and default.question_salt == token_salt(TOKEN)
    assert TOKEN.encode() not in default.question_salt and len(default.question_salt) == 32
    salted = telegram({"TELEGRAM_BOT_TOKEN": TOKEN, "STATS_SALT": "pepper-0123456789abcdef"})
    assert salted.question_salt == b"pepper-0123456789abcdef"
    assert "pepper-0123456789abcdef" in salted.secrets and "pepper" not in repr(salted)
    with pytest.raises(ConfigError, match="STATS_SALT must be at least 16 characters") as raised:
        telegram({"TELEGRAM_BOT_TOKEN": TOKEN, "STATS_SALT": "pepper"})
    assert "pepper" not in str(raised.value)
