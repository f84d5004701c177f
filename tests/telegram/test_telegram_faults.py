"""Bot API faults: 5xx and 429 answers, timeouts, the server unreachable (briefly, and for 30 s).

Every test pushes updates from fresh users (an answer's chat tells which update it answers), injects a fault in the
fake Bot API and checks that the bot keeps running, that every update gets exactly one answer that took effect
(``FakeBotApi.succeeded``: a call failed by a fault, or cut by the outage, is not an answer) and that nothing is
answered twice. A call the fake holds past the client's timeout (``hang``) never takes effect: the bot cannot know
whether Telegram acted on a request that timed out, and the fake models the case where it did not (see
docs/reliability.md).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import tg_updates as tg
from conftest import SECRET, Bot, running, serving_webhook
from fake_bot_api import FakeBotApi

from bot.core.engine import Engine
from bot.store import Store

USERS = itertools.count(700_000)
SETTLE = 0.2  # seconds to wait after the last answer, for a duplicate to show up


def someone() -> dict[str, Any]:
    """A user seen for the first time: their private chat holds the answers to their update only."""
    return {"id": next(USERS), "is_bot": False, "first_name": "Official", "language_code": "en"}


QUICK = 0.5  # seconds the bots here wait for a Bot API answer instead of 10 (the same code path, sooner)


@pytest.fixture
async def bot(fake: FakeBotApi, engine: Engine, store: Store) -> AsyncIterator[Bot]:
    """The polling bot, giving up on a Bot API call after ``QUICK`` seconds."""
    async with running(fake, engine, store, read_timeout=QUICK) as polling:
        yield polling


@pytest.fixture
async def webhook_bot(fake: FakeBotApi, engine: Engine, store: Store) -> AsyncIterator[Bot]:
    """The webhook bot, giving up on a Bot API call after ``QUICK`` seconds."""
    async with serving_webhook(fake, engine, store, read_timeout=QUICK) as served:
        yield served


def three_updates() -> list[dict[str, Any]]:
    """A command, a question and a button press, each from its own user."""
    return [
        tg.message("/towns", user=someone()),
        tg.message("population of Nagi", user=someone()),
        tg.callback("v1|town:ibara", user=someone()),
    ]


def chat_of(update: dict[str, Any]) -> int:
    body = update.get("message") or update["callback_query"]
    return int(body["from"]["id"])


def answers(fake: FakeBotApi, chat_id: int) -> list[str]:
    return [c["text"] for c in fake.succeeded("sendMessage") if int(c["chat_id"]) == chat_id]


async def each_answered_once(fake: FakeBotApi, updates: list[dict[str, Any]], timeout: float = 15.0) -> None:
    """Wait until every update's chat got an answer; then no chat may get a second one."""
    chats = [chat_of(u) for u in updates]
    deadline = time.monotonic() + timeout
    while not all(answers(fake, chat) for chat in chats):
        missing = [chat for chat in chats if not answers(fake, chat)]
        assert time.monotonic() < deadline, f"no answer in {timeout}s for chats {missing}"
        await asyncio.sleep(0.02)
    await asyncio.sleep(SETTLE)
    for chat in chats:
        texts = answers(fake, chat)
        assert len(texts) == 1, f"chat {chat} answered {len(texts)} times: {texts}"
        assert "went wrong" not in texts[0], texts[0]  # the real answer, not the apology


async def still_running(bot: Bot) -> None:
    """A new update after the fault is answered at once."""
    update = tg.message("/contact", user=someone())
    bot.fake.push(update)
    await each_answered_once(bot.fake, [update], timeout=5)


def five_hundreds(fake: FakeBotApi, method: str) -> None:
    fake.fail(method, 500)
    if method != "getUpdates":  # each failed poll costs PTB's backoff (1 s, then 1.5 s): one is enough there
        fake.fail(method, 503)


FAULTS = {  # each within what the bot retries at once; getUpdates failures also wait for PTB's polling backoff
    "5xx": five_hundreds,
    "429": lambda fake, method: fake.fail(method, 429, retry_after=1),
    "timeout": lambda fake, method: fake.hang(method, 2.0),  # past the 0.5 s read timeout (+1 s of long poll)
}


def faults_left(fake: FakeBotApi, method: str) -> int:
    return sum(f.times for f in fake._faults.get(method, []))  # noqa: SLF001


async def eventually(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("method", ["sendMessage", "getUpdates", "answerCallbackQuery"])
async def test_each_fault_delays_but_never_loses_or_doubles_an_answer(bot: Bot, method: str, fault: str) -> None:
    FAULTS[fault](bot.fake, method)
    if method == "getUpdates":  # the poll under way would fetch the updates before the fault: wait until it is met
        injected = faults_left(bot.fake, method)
        await eventually(lambda: faults_left(bot.fake, method) < injected)
    updates = three_updates()
    for update in updates:
        bot.fake.push(update)
    await each_answered_once(bot.fake, updates)
    await eventually(lambda: faults_left(bot.fake, method) == 0)  # every injected fault was met
    await still_running(bot)


async def test_persistent_5xx_for_seconds_is_outlasted(bot: Bot) -> None:
    """Telegram answering 502 for several seconds (more than the two quick retries of an ambiguous error)."""
    bot.fake.fail("sendMessage", 502, times=6)
    updates = three_updates()
    for update in updates:
        bot.fake.push(update)
    await each_answered_once(bot.fake, updates, timeout=20)
    await still_running(bot)


async def outage(bot: Bot, seconds: float) -> None:
    """An update whose answer is under way when the server goes away, then updates pushed while it is away: after
    ``seconds`` the server listens again on the same port, and each update gets exactly one answer."""
    fake = bot.fake
    in_flight = tg.message("/towns", user=someone())
    fake.hang("sendMessage", 5.0)  # the answer is held by the server when it goes away: cut, never delivered
    since = len(fake.calls)
    fake.push(in_flight)
    await fake.wait_for("sendMessage", since=since)
    await fake.stop_listening()
    went = time.monotonic()
    during = [*three_updates(), tg.message("井原市について教えて", user=someone())]
    for update in during:
        fake.push(update)  # Telegram keeps them while the bot cannot reach it
    await asyncio.sleep(seconds - (time.monotonic() - went))
    assert all(not answers(fake, chat_of(u)) for u in [in_flight, *during])
    await fake.start_listening()
    back = time.monotonic()
    await each_answered_once(fake, [in_flight, *during], timeout=40)
    assert time.monotonic() - back < 35  # PTB polls again at most 30 s after the last failure
    await still_running(bot)


async def test_unreachable_for_thirty_seconds(bot: Bot) -> None:
    await outage(bot, 30.0)


async def test_webhook_mode_answers_after_the_bot_api_comes_back(webhook_bot: Bot) -> None:
    """In webhook mode updates keep arriving while the Bot API is unreachable; their answers go out once it is back."""
    fake = webhook_bot.fake
    await fake.stop_listening()
    updates = three_updates()
    client = webhook_bot.client
    assert client is not None
    for n, update in enumerate(updates):
        response = await client.post(
            webhook_bot.settings.webhook_path, json={"update_id": 90_000 + n, **update}, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert response.status_code == 200
    await asyncio.sleep(2.0)
    await fake.start_listening()
    await each_answered_once(fake, updates, timeout=20)
