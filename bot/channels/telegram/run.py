"""Starting and stopping the Telegram bot: ``main_run`` (``python -m bot run``), ``serve`` (engine, store, then
polling or the webhook until stopped) and ``run_polling``."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from telegram.ext import Application

from bot.config import ConfigError, Mode, Settings, TelegramSettings
from bot.core.engine import Engine
from bot.services.health import health_app, serve_health

from .application import serving
from .channel import ALLOWED_UPDATES, Channel

logger = logging.getLogger("bot.telegram")


async def run_polling(application: Application, channel: Channel, settings: TelegramSettings, stop: asyncio.Event) -> None:
    """Poll getUpdates until ``stop`` is set (the way tests drive it too: not PTB's ``run_polling``, which closes the
    event loop); with HEALTH_PORT, serve ``/healthz`` there meanwhile."""
    updater = application.updater
    assert updater is not None, "built for a webhook"
    health, done = None, asyncio.Event()
    if settings.health_port is not None:  # HEALTH_PORT: /healthz beside the polling
        app = health_app(channel.store, lambda: application.running, channel.clock)
        health = asyncio.create_task(serve_health(app, settings.host, settings.health_port, done), name="healthz")
    async with serving(application, channel):
        try:
            await updater.start_polling(
                timeout=dt.timedelta(seconds=settings.poll_timeout),
                bootstrap_retries=settings.bootstrap_retries,
                allowed_updates=list(ALLOWED_UPDATES),
            )
            logger.info("polling as @%s", application.bot.username)
            await stop.wait()
        finally:
            if updater.running:
                await updater.stop()
            if health is not None:
                done.set()
                await health


def load_engine(settings: Settings) -> Engine:
    """The engine for these settings: knowledge directory, contact e-mail, enquiry timeout."""
    return Engine.load(
        settings.knowledge_dir,
        contact_email=settings.contact_email,
        enquiry_ttl=dt.timedelta(minutes=settings.enquiries.timeout_minutes),
    )


async def serve(settings: Settings, telegram: TelegramSettings, stop: asyncio.Event | None = None) -> int:
    """Load the engine, open the store and run the bot in ``telegram.mode``; the exit code."""
    from bot.live import LiveEngine
    from bot.services.listing import ListingService
    from bot.store import open_store

    from .application import build_application
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
            listing = ListingService(live.directory, settings.data_dir / "listing", settings.listing)
            channel = Channel(
                engine, store, settings.enquiries, live, settings.knowledge_watch_seconds, retention_days=settings.retention_days,
                listing=listing,
            )
            application = build_application(telegram, channel)
            if telegram.mode == "webhook":
                return 0 if await run_webhook(application, channel, telegram, stop) else 1
            await run_polling(application, channel, telegram, stop)
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
    """``python -m bot.channels.telegram [--webhook|--polling]``: the settings from ``env`` (default: the
    environment), then ``run``."""
    try:
        mode, knowledge = _arguments(argv)
    except SystemExit as exit_:  # argparse has printed its usage line
        return int(exit_.code or 0)
    try:
        settings = Settings.from_env(env)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return run(settings, mode, knowledge)


def run(settings: Settings, mode: Mode | None = None, knowledge: Path | None = None) -> int:
    """``python -m bot run``: a ConfigError is one line on stderr and exit code 2, never a traceback."""
    try:
        telegram = settings.telegram.ready(mode)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if knowledge:
        settings = settings.model_copy(update={"knowledge_dir": knowledge})

    from telegram.error import InvalidToken, TelegramError

    from bot.core.i18n import CatalogueMissing
    from bot.store import SchemaError, StoreUnavailable

    from .logs import Redact, setup_logging

    setup_logging(telegram.secrets)
    try:
        return asyncio.run(serve(settings, telegram))
    except (ConfigError, InvalidToken) as error:
        reason = error if isinstance(error, ConfigError) else "Telegram rejected TELEGRAM_BOT_TOKEN (revoked or mistyped?)"
        print(f"error: {reason}", file=sys.stderr)
        return 2
    except (CatalogueMissing, StoreUnavailable, SchemaError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except TelegramError as error:  # e.g. the Bot API unreachable for a minute at start-up: one line, no traceback
        reason = Redact(telegram.secrets).scrub(f"{type(error).__name__}: {error}")
        print(f"error: the Telegram Bot API failed at start-up ({reason})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
