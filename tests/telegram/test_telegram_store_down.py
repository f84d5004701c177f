"""The database goes away under a running bot: SQLite read-only, PostgreSQL stopped.

Each update meanwhile gets a clear answer in the user's language (not the generic apology) and the operator one log
line naming the database (no traceback); the bot keeps running, and once the database is back the same updates work
again, an enquiry dialogue carrying on where it stopped.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tg_updates as tg
from conftest import Bot, running
from fake_bot_api import FakeBotApi

from bot.core.engine import Engine
from bot.store import SQLITE_FILE, Store, open_store

ROOT = Path(__file__).resolve().parents[2]
UNAVAILABLE_EN = "cannot reach my records"
UNAVAILABLE_JA = "記録"


class Switch:
    """The store the channel uses, switched by the test between the real one and a broken one."""

    def __init__(self, store: Store) -> None:
        self.current = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.current, name)


def error_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("bot.telegram")]


async def while_down(bot: Bot, caplog: pytest.LogCaptureFixture, database: str) -> None:
    """An English and a Japanese user each get the clear answer; the operator one line each, naming the database."""
    caplog.clear()
    with caplog.at_level(logging.INFO):
        (english,) = await bot.texts(tg.message("population of Nagi"))
        (japanese,) = await bot.texts(tg.message("/towns", user=tg.HANAKO))
        calls = await bot.send(tg.callback("v1|town:ibara"))
    assert UNAVAILABLE_EN in english and "went wrong" not in english
    assert UNAVAILABLE_JA in japanese and re.search(r"[\u3040-\u30ff]", japanese)
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"] and UNAVAILABLE_EN in calls[1]["text"]
    lines = error_lines(caplog)
    assert len(lines) == 3, [r.getMessage() for r in lines]
    for record in lines:
        message = record.getMessage()
        assert re.match(r"update=\d+ error=StoreUnavailable database unavailable \(", message), message
        assert database in message and "\n" not in message
        assert record.exc_info is None and record.exc_text is None  # no traceback: the line says it all
    assert bot.app.running


# --- SQLite read-only ---------------------------------------------------------------------------------------------


async def test_sqlite_read_only_then_back(fake: FakeBotApi, engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with open_store(None, tmp_path) as writable:
        path = tmp_path / SQLITE_FILE
        # Root ignores file modes, so the file is opened read-only the way SQLite enforces it (as the store's tests do).
        async with Store(f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true") as read_only:
            switch = Switch(writable)
            async with running(fake, engine, switch) as bot:
                (started,) = await bot.texts(tg.message("/enquire nagi"))
                assert "your name and position" in started
                switch.current = read_only
                await while_down(bot, caplog, str(path))
                (refused,) = await bot.texts(tg.message("Jane Smith, IR officer"))
                assert UNAVAILABLE_EN in refused
                switch.current = writable  # back
                (texts,) = await bot.texts(tg.message("Jane Smith, IR officer"))
                assert "local government" in texts  # the dialogue carried on at the step it had reached
                (profile,) = await bot.texts(tg.message("population of Nagi", user=tg.HANAKO))
                assert "奈義町" in profile


# --- PostgreSQL stopped -------------------------------------------------------------------------------------------


def _root_conftest() -> Any:
    """tests/conftest.py, for its throwaway PostgreSQL server class (this test stops and starts its own server)."""
    spec = importlib.util.spec_from_file_location("_root_conftest_for_outage", ROOT / "tests" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class OwnServer:
    """A PostgreSQL server of this test's own, stopped and started again on the same port."""

    def __init__(self) -> None:
        root = _root_conftest()
        binaries = root._postgres_binaries()  # noqa: SLF001
        if binaries is None:
            message = "PostgreSQL server binaries (initdb, pg_ctl) not found"
            if os.environ.get("CI"):
                pytest.fail(f"{message} (CI must run the PostgreSQL tests)")
            pytest.skip(message)
        self.server = root._PostgresServer(*binaries)  # noqa: SLF001
        self.url = self.server.start()

    def stop(self) -> None:
        s = self.server
        s._run(s.pg_ctl, "-D", str(s.data), "-m", "fast", "-w", "stop")  # noqa: SLF001

    def start(self) -> None:
        s = self.server
        options = f"-c listen_addresses=127.0.0.1 -p {s.port} -k {s.base} -c fsync=off -c synchronous_commit=off"
        s._run(s.pg_ctl, "-D", str(s.data), "-l", str(s.log), "-o", options, "-w", "-t", "30", "start")  # noqa: SLF001


@pytest.fixture
def own_postgres() -> Iterator[OwnServer]:
    server = OwnServer()
    try:
        yield server
    finally:
        server.server.stop()


@pytest.mark.postgresql
async def test_postgresql_stopped_then_started(
    fake: FakeBotApi, engine: Engine, own_postgres: OwnServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with open_store(own_postgres.url, tmp_path) as store, running(fake, engine, store) as bot:
        (started,) = await bot.texts(tg.message("/enquire nagi"))
        assert "your name and position" in started
        await asyncio.to_thread(own_postgres.stop)
        await while_down(bot, caplog, f"127.0.0.1:{own_postgres.server.port}")
        await asyncio.to_thread(own_postgres.start)
        (texts,) = await bot.texts(tg.message("Jane Smith, IR officer"))
        assert "local government" in texts
        (profile,) = await bot.texts(tg.message("population of Nagi", user=tg.HANAKO))
        assert "奈義町" in profile
