"""The Telegram channel: ``python -m bot run`` (long polling, or a webhook when WEBHOOK_URL is set).

    TELEGRAM_BOT_TOKEN=123:abc python -m bot run             # polling, unless WEBHOOK_URL is set
    python -m bot run --webhook | --polling                  # force a mode (Procfile: web / worker)

Settings: see ``settings.py``. Modules: ``settings`` (typed config), ``render`` (Reply -> HTML messages),
``channel`` (handlers and ``build_application``), ``webhook`` (the ASGI app), ``logs`` (redaction).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from .settings import ConfigError, Mode, Settings

# Opt in to PTB 22's durations as ``timedelta`` (else reading e.g. ``RetryAfter.retry_after`` warns).
os.environ.setdefault("PTB_TIMEDELTA", "1")

__all__ = ["ConfigError", "Settings", "load_engine", "main_run", "run_polling", "serve"]

logger = logging.getLogger("bot.telegram")


async def run_polling(application, channel, settings: Settings, stop: asyncio.Event) -> None:  # type: ignore[no-untyped-def]
    """Poll getUpdates until ``stop`` is set (the way tests drive it too: no ``run_polling``, which closes the loop)."""
    import datetime as dt

    from .channel import ALLOWED_UPDATES

    try:
        async with application:
            await channel.register_commands(application)
            await _hook(application, "post_init")
            await application.start()
            try:
                await application.updater.start_polling(
                    timeout=dt.timedelta(seconds=settings.poll_timeout),
                    bootstrap_retries=settings.bootstrap_retries,
                    allowed_updates=list(ALLOWED_UPDATES),
                )
                logger.info("polling as @%s", application.bot.username)
                await stop.wait()
            finally:
                if application.updater.running:
                    await application.updater.stop()
                await application.stop()
                await _hook(application, "post_stop")
    finally:
        await finish(application)


async def finish(application) -> None:  # type: ignore[no-untyped-def]
    """After the Application: its post_shutdown, then close the bot's HTTP sessions, which PTB leaves open when
    ``initialize`` failed half-way (Telegram refused getMe: the Application never counted as initialised)."""
    await _hook(application, "post_shutdown")
    await application.bot.shutdown()


async def _hook(application, name: str) -> None:  # type: ignore[no-untyped-def]
    """Run the Application's post_init/post_stop/post_shutdown, which PTB runs only in its own run_* methods."""
    callback = getattr(application, name, None)
    if callback is not None:
        await callback(application)


def load_engine(settings: Settings):  # type: ignore[no-untyped-def]
    """The engine for these settings: knowledge (with its parse cache in DATA_DIR), contact e-mail, enquiry timeout."""
    import datetime as dt

    from bot.core.engine import KNOWLEDGE_CACHE, Engine

    return Engine.load(
        settings.knowledge_dir,
        contact_email=settings.contact_email,
        enquiry_ttl=dt.timedelta(minutes=settings.enquiries.timeout_minutes),
        cache=settings.data_dir / KNOWLEDGE_CACHE,
    )


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """Load the engine, open the store and run the bot in the configured mode; the exit code."""
    from bot.live import LiveEngine
    from bot.store import open_store

    from .channel import Channel, build_application
    from .webhook import run_webhook

    live = LiveEngine(lambda: load_engine(settings), settings.knowledge_dir)
    engine = live.engine
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        try:
            store = open_store(settings.database_url, settings.data_dir)
        except ValueError as error:
            raise ConfigError(str(error)) from None
        async with store:
            channel = Channel(
                engine, store, settings.enquiries, live, settings.knowledge_watch_seconds, retention_days=settings.retention_days
            )
            application = build_application(settings, channel)
            if settings.mode == "webhook":
                return 0 if await run_webhook(application, channel, settings, stop) else 1
            await run_polling(application, channel, settings, stop)
            return 0
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def _arguments(argv: Sequence[str] | argparse.Namespace | None) -> tuple[Mode | None, Path | None]:
    if isinstance(argv, argparse.Namespace):
        return getattr(argv, "mode", None), getattr(argv, "knowledge", None)
    parser = argparse.ArgumentParser(prog="python -m bot run", description="Run the Telegram bot.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--webhook", action="store_const", const="webhook", dest="mode", help="serve a webhook")
    mode.add_argument("--polling", action="store_const", const="polling", dest="mode", help="long polling")
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge directory")
    args = parser.parse_args(list(argv or []))
    return args.mode, args.knowledge


def main_run(argv: Sequence[str] | argparse.Namespace | None = None, env: Mapping[str, str] | None = None) -> int:
    """Entry point of ``python -m bot run``: a ConfigError is one line on stderr and exit code 2, never a traceback."""
    try:
        mode, knowledge = _arguments(argv)
    except SystemExit as exit_:  # argparse has printed its usage line
        return int(exit_.code or 0)
    try:
        settings = Settings.from_env(os.environ if env is None else env, mode)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if knowledge:
        settings = replace(settings, knowledge_dir=knowledge)

    from telegram.error import InvalidToken, TelegramError

    from bot.core.i18n import CatalogueMissing
    from bot.store import SchemaError, StoreUnavailable

    from .logs import Redact, setup_logging

    setup_logging(settings.secrets)
    try:
        return asyncio.run(serve(settings))
    except (ConfigError, InvalidToken) as error:
        reason = error if isinstance(error, ConfigError) else "Telegram rejected TELEGRAM_BOT_TOKEN (revoked or mistyped?)"
        print(f"error: {reason}", file=sys.stderr)
        return 2
    except (CatalogueMissing, StoreUnavailable, SchemaError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except TelegramError as error:  # e.g. the Bot API unreachable for a minute at start-up: one line, no traceback
        reason = Redact(settings.secrets).scrub(f"{type(error).__name__}: {error}")
        print(f"error: the Telegram Bot API failed at start-up ({reason})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
