"""Fixtures of the Telegram channel tests: the real engine, a store, the fake Bot API and a running bot.

Tests read like transcripts: ``calls = await bot.send(tg_updates.message("hello"))`` pushes an update, waits until
the Application has handled it and returns the Bot API calls it made.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_bot_api import Call, FakeBotApi
from telegram.ext import Application

from bot.channels.telegram.application import build_application
from bot.channels.telegram.channel import Channel
from bot.channels.telegram.run import run_polling
from bot.channels.telegram.webhook import run_webhook
from bot.config import EnquirySettings, TelegramSettings
from bot.core.engine import Engine
from bot.live import LiveEngine
from bot.store import Store, open_store

SECRET = "test_webhook-secret_42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """The real store, on SQLite in a temporary directory."""
    opened = open_store(None, tmp_path)
    async with opened:
        yield opened


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@dataclass
class Bot:
    """A running bot (the real Application) over the fake Bot API."""

    fake: FakeBotApi
    app: Application
    store: Store
    channel: Channel
    settings: TelegramSettings
    client: httpx.AsyncClient | None = None

    async def send(self, update: dict[str, Any]) -> list[Call]:
        """Deliver an update, wait until it is handled; the Bot API calls made meanwhile (getUpdates left out)."""
        before = len(self.fake.calls)
        if self.client is None:
            update_id = self.fake.push(update)
            await self.fake.wait_polled_past(update_id)
        else:
            update = {"update_id": 10_000 + len(self.fake.calls), **update}
            response = await self.client.post(self.settings.webhook_path, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert response.status_code == 200, response.text
        await asyncio.wait_for(self.app.update_queue.join(), 5)
        return [c for c in self.fake.calls[before:] if c.method != "getUpdates"]

    async def texts(self, update: dict[str, Any]) -> list[str]:
        """Deliver an update; the texts of the messages sent back."""
        return [c["text"] for c in await self.send(update) if c.method == "sendMessage"]


def test_settings(fake: FakeBotApi, **changes: Any) -> TelegramSettings:
    """The Telegram settings of a test bot on ``fake``; ``changes`` by field name (e.g. ``read_timeout=0.5``)."""
    return TelegramSettings(token=fake.token, base_url=fake.base_url, poll_timeout=1.0, bootstrap_retries=2, **changes)


test_settings.__test__ = False  # type: ignore[attr-defined]


@asynccontextmanager
async def running(
    fake: FakeBotApi,
    engine: Engine,
    store: Any,
    enquiries: EnquirySettings | None = None,
    live: LiveEngine | None = None,
    watch: int = 0,
    *,
    settings_changes: dict[str, Any] | None = None,
    **changes: Any,
) -> AsyncIterator[Bot]:
    """A bot polling ``fake`` (its outbox worker running) until the block ends; the worker is stopped after it.
    ``changes``: to its Telegram settings (e.g. ``read_timeout``) or, for other names, more ``Channel`` fields
    (e.g. ``retention_days``); ``settings_changes``: to its Telegram settings as a dict (e.g. ``rate_limit``)."""
    telegram = {k: v for k, v in changes.items() if k in TelegramSettings.model_fields}
    channel_options = {k: v for k, v in changes.items() if k not in telegram}
    settings = test_settings(fake, **telegram, **(settings_changes or {}))
    channel = Channel(engine, store, enquiries or EnquirySettings(), live, watch, **channel_options)
    app = build_application(settings, channel, network_delay=0.01)
    stop = asyncio.Event()
    since = len(fake.calls)
    task = asyncio.create_task(run_polling(app, channel, settings, stop))
    await fake.wait_for("getUpdates", since=since)
    try:
        yield Bot(fake, app, store, channel, settings)
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
    assert channel.worker is None or not channel.worker.running


@pytest.fixture
async def bot(fake: FakeBotApi, engine: Engine, store: Store) -> AsyncIterator[Bot]:
    """The bot in polling mode."""
    async with running(fake, engine, store) as polling:
        yield polling


@pytest.fixture
async def webhook_bot(fake: FakeBotApi, engine: Engine, store: Store) -> AsyncIterator[Bot]:
    """The bot in webhook mode: our ASGI app served by uvicorn on a free port of 127.0.0.1."""
    async with serving_webhook(fake, engine, store) as bot:
        yield bot


@asynccontextmanager
async def serving_webhook(fake: FakeBotApi, engine: Engine, store: Store, **changes: Any) -> AsyncIterator[Bot]:
    """A bot in webhook mode until the block ends; ``changes``: to its Telegram settings."""
    port = free_port()
    settings = test_settings(
        fake, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret=SECRET, host="127.0.0.1", port=port,
        **changes,
    )  # fmt: skip
    channel = Channel(engine, store)
    app = build_application(settings, channel, network_delay=0.01)
    stop = asyncio.Event()
    task = asyncio.create_task(run_webhook(app, channel, settings, stop))
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        for _ in range(500):
            assert not task.done(), "the webhook server stopped at start-up"
            try:
                if (await client.get("/healthz")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.01)
        yield Bot(fake, app, store, channel, settings, client)
    stop.set()
    assert await asyncio.wait_for(task, 10) is True
