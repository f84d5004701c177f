"""Staff tools over Telegram: /stats from the question log, /reload and the file watcher for the knowledge base."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path

import pytest
import tg_updates as tg
import yaml
from conftest import Bot, running
from fake_bot_api import FakeBotApi
from test_telegram_enquiry import FAST, STAFF, STAFF_CHAT, STAFF_MEMBER, fresh

from bot.core.engine import Engine
from bot.core.reply import State
from bot.knowledge.loader import DEFAULT_DIR
from bot.live import LiveEngine
from bot.store import Question, Store


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def staff_bot(fake: FakeBotApi, store: Store, kb: Path, watch: int = 0):  # type: ignore[no-untyped-def]
    """A staff-enabled bot whose engine reloads from ``kb``."""
    live = LiveEngine(lambda: Engine.load(kb), kb)
    return running(fake, live.engine, store, FAST, live, watch)


async def staff_says(bot: Bot, text: str) -> str:
    calls = await bot.send(fresh(tg.message(text, user=STAFF_MEMBER, chat=STAFF_CHAT)))
    return "\n".join(c["text"] for c in calls if c.method == "sendMessage" and c["chat_id"] == STAFF)


def set_nagi_population(kb: Path, value: object) -> None:
    path = kb / "towns" / "nagi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["population"]["value"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


async def test_stats_shows_the_question_log(fake: FakeBotApi, store: Store, kb: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    for asked in (Question("kabuki", "en", "topic", ("nagi",), True, "x"), Question("ski slopes?", "en", "fallback", (), False, "y")):
        await store.end_update(0, State(), now, loaded=State(), question=asked)  # as a turn records its question
    async with staff_bot(fake, store, kb) as bot:
        text = await staff_says(bot, "/stats")
        assert "Questions in the last 30 days: 2" in text and "Nagi Town: 1" in text and "ski slopes?: 1" in text
        refused = await bot.send(fresh(tg.message("/stats")))
        assert all("Questions in the last" not in c["text"] for c in refused if c.method == "sendMessage")


async def test_reload_serves_a_valid_change_and_refuses_an_invalid_one(fake: FakeBotApi, store: Store, kb: Path) -> None:
    async with staff_bot(fake, store, kb) as bot:
        set_nagi_population(kb, 6100)
        assert "Knowledge reloaded: 3 towns." in await staff_says(bot, "/reload")
        answer = await bot.send(fresh(tg.message("population of Nagi")))
        assert any("6,100" in c["text"] for c in answer if c.method == "sendMessage")
        set_nagi_population(kb, "lots")
        refused = await staff_says(bot, "/reload")
        assert "Reload refused" in refused and "towns/nagi.yaml: population.value" in refused
        answer = await bot.send(fresh(tg.message("population of Nagi")))
        assert any("6,100" in c["text"] for c in answer if c.method == "sendMessage")
        denied = await bot.send(fresh(tg.message("/reload")))
        assert all("Knowledge reloaded" not in c["text"] for c in denied if c.method == "sendMessage")


async def test_the_watcher_reloads_changed_files_and_tells_the_staff(fake: FakeBotApi, store: Store, kb: Path) -> None:
    async with staff_bot(fake, store, kb, watch=1) as bot:
        since = len(fake.calls)
        set_nagi_population(kb, 7000)
        for _ in range(60):
            told = [c for c in fake.calls[since:] if c.method == "sendMessage" and c["chat_id"] == STAFF]
            if told:
                break
            await asyncio.sleep(0.1)
        assert told and "Knowledge reloaded: 3 towns." in told[0]["text"]
        answer = await bot.send(fresh(tg.message("population of Nagi")))
        assert any("7,000" in c["text"] for c in answer if c.method == "sendMessage")
