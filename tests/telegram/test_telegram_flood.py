"""The per-user flood limit: more than 20 messages in 10 seconds get one polite note, then silence, and no work.

``FloodGuard`` on its own with a hand-moved clock, then through the real Application: a user sending 25 messages in
a burst gets 20 answers and one note in their language, the other 4 updates touch neither the engine nor the store;
other users are not affected; the user is answered again once they slow down.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import tg_updates as tg
from conftest import Bot, test_settings
from fake_bot_api import FakeBotApi

from bot.channels.telegram.application import build_application
from bot.channels.telegram.channel import Channel
from bot.channels.telegram.flood import FloodGuard, Verdict
from bot.channels.telegram.run import run_polling
from bot.core.engine import Engine
from bot.store import Store

NOTE = "faster than I can read them"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_twenty_in_ten_seconds_pass_the_twenty_first_is_noted_then_dropped() -> None:
    clock = Clock()
    guard = FloodGuard(clock=clock)
    verdicts = []
    for _ in range(25):
        verdicts.append(guard.check(1))
        clock.now += 0.1
    assert verdicts == [Verdict.OK] * 20 + [Verdict.NOTE] + [Verdict.DROP] * 4
    assert guard.check(2) is Verdict.OK  # another user is not affected
    clock.now += 10.0  # the user paused for a window
    assert guard.check(1) is Verdict.OK


def test_a_steady_flood_is_noted_once_a_window() -> None:
    clock = Clock()
    guard = FloodGuard(clock=clock)
    verdicts = []
    for _ in range(400):  # 10 a second for 40 seconds, never pausing
        verdicts.append(guard.check(1))
        clock.now += 0.1
    assert verdicts[:20] == [Verdict.OK] * 20
    assert verdicts.count(Verdict.NOTE) == 4 and Verdict.OK not in verdicts[20:]


def test_a_user_at_the_limit_is_never_stopped() -> None:
    clock = Clock()
    guard = FloodGuard(clock=clock)
    for _ in range(200):  # 20 in every 10 s, exactly
        assert guard.check(1) is Verdict.OK
        clock.now += 0.5


def test_memory_stays_bounded() -> None:
    clock = Clock()
    guard = FloodGuard(clock=clock, max_users=100)
    for user in range(10_000):
        guard.check(user)
        clock.now += 0.01  # 100 users a second; those idle for a window are forgotten, at most once a window
    assert len(guard) <= 2 * 1000 + 100  # the users of the last two windows at most, not all 10,000


class Counting:
    """The store, counting the calls the channel makes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.store, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture
async def flood_bot(fake: FakeBotApi, engine: Engine, store: Store) -> AsyncIterator[tuple[Bot, Clock, Counting]]:
    clock, counting = Clock(), Counting(store)
    settings = test_settings(fake)
    channel = Channel(engine, counting, flood=FloodGuard(clock=clock))  # type: ignore[arg-type]
    app = build_application(settings, channel, network_delay=0.01)
    stop = asyncio.Event()
    task = asyncio.create_task(run_polling(app, channel, settings, stop))
    await fake.wait_for("getUpdates")
    yield Bot(fake, app, store, channel, settings), clock, counting
    stop.set()
    await asyncio.wait_for(task, 10)


async def test_a_burst_gets_twenty_answers_one_note_then_silence(flood_bot: tuple[Bot, Clock, Counting]) -> None:
    bot, clock, counting = flood_bot
    answers = []
    for n in range(20):
        answers.append(await bot.texts(tg.message("/towns" if n % 2 else "population of Nagi")))
        clock.now += 0.2
    assert all(len(a) == 1 and NOTE not in a[0] for a in answers)
    before = counting.calls
    (note,) = await bot.texts(tg.message("population of Nagi"))
    assert NOTE in note and "went wrong" not in note
    for update in (tg.message("/towns"), tg.callback("v1|town:nagi"), tg.message("ibara")):
        assert await bot.send(update) == []  # silence: not even answerCallbackQuery
    assert counting.calls == before  # no store call for any of them (the engine is not asked either)

    (other,) = await bot.texts(tg.message("/towns", user=tg.HANAKO))  # another user is not affected
    assert NOTE not in other and "井原市" in other

    clock.now += 10.0  # Alice slowed down
    (again,) = await bot.texts(tg.message("population of Nagi"))
    assert "Nagi" in again and NOTE not in again


async def test_the_note_speaks_japanese_and_groups_get_silence(flood_bot: tuple[Bot, Clock, Counting]) -> None:
    bot, clock, _ = flood_bot
    for _ in range(20):
        await bot.send(tg.message("@SisterCityBot ibara", user=tg.HANAKO, chat=tg.GROUP))
    assert await bot.send(tg.message("@SisterCityBot ibara", user=tg.HANAKO, chat=tg.GROUP)) == []  # no note in a group
    assert await bot.send(tg.message("井原市", user=tg.HANAKO)) == []  # already over, this window
    clock.now += 10.0
    for _ in range(20):
        await bot.send(tg.message("奈義町", user=tg.HANAKO))
    (note,) = await bot.texts(tg.message("奈義町", user=tg.HANAKO))
    assert "数秒" in note


async def test_inline_queries_are_not_counted(flood_bot: tuple[Bot, Clock, Counting]) -> None:
    bot, _, _ = flood_bot
    for _ in range(30):  # one inline query a keystroke
        (call,) = await bot.send(tg.inline("ibara"))
        assert call.method == "answerInlineQuery"
    (text,) = await bot.texts(tg.message("ibara"))
    assert NOTE not in text
