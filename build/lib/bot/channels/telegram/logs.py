"""Logging for the Telegram channel: quiet HTTP loggers and a filter that redacts the token and webhook secret."""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "[REDACTED]"
_NOISY = ("httpx", "httpcore", "telegram.request", "uvicorn.access")


class Redact(logging.Filter):
    """Replace every secret in a record's message, arguments and traceback before any handler formats it."""

    def __init__(self, secrets: Iterable[str]):
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        record.msg, record.args = self.scrub(message), None
        if record.exc_info:
            record.exc_text = self.scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True


def install_redaction(secrets: Iterable[str], logger: logging.Logger | None = None) -> Redact:
    """Attach a ``Redact`` filter to every handler of ``logger`` (the root logger by default)."""
    logger = logger or logging.getLogger()
    redact = Redact(secrets)
    for handler in logger.handlers:
        handler.addFilter(redact)
    return redact


def setup_logging(secrets: Iterable[str], level: int = logging.INFO) -> None:
    """Log to stderr, key=value lines; never log request URLs (they contain the token) nor a secret."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s %(message)s", level=level)
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
    install_redaction(secrets)
