"""Updates of different chats are handled concurrently, those of one chat one after the other, in order."""

from __future__ import annotations

import asyncio

import tg_updates as tg
from conftest import Bot
from telegram import Update

from bot.channels.telegram.ordering import ChatOrderedProcessor, chat_key

BOB = {"id": 424_242, "is_bot": False, "first_name": "Bob", "language_code": "en"}


def update(chat_id: int, n: int) -> Update:
    user = {"id": chat_id, "is_bot": False, "first_name": "U"}
    return Update.de_json({"update_id": n, **tg.message("hi", user=user)}, None)


async def test_one_chat_in_order_and_other_chats_alongside() -> None:
    processor = ChatOrderedProcessor(max_concurrent_updates=8)
    events: list[str] = []

    async def handle(name: str, seconds: float) -> None:
        events.append(f"start {name}")
        await asyncio.sleep(seconds)
        events.append(f"end {name}")

    async with processor:
        await asyncio.gather(
            processor.process_update(update(1, 1), handle("a1", 0.05)),  # slow first update of chat 1 ...
            processor.process_update(update(1, 2), handle("a2", 0.0)),  # ... holds back the second
            processor.process_update(update(2, 3), handle("b1", 0.0)),  # chat 2 does not wait for chat 1
        )
        assert processor.busy_chats == 0  # no lock kept once a chat is idle
    assert events.index("end a1") < events.index("start a2")
    assert events.index("end b1") < events.index("end a1")


async def test_an_update_without_chat_or_user_is_not_held() -> None:
    processor = ChatOrderedProcessor()
    done = asyncio.Event()

    async def handle() -> None:
        done.set()

    await processor.process_update(object(), handle())
    assert done.is_set() and chat_key(object()) is None
    assert chat_key(Update.de_json({"update_id": 9, **tg.inline("ibara", user=BOB)}, None)) == BOB["id"]


async def test_a_slow_answer_holds_back_its_chat_only(bot: Bot) -> None:
    """Bob's answer is held by the Bot API (5 s) while his follow-up waits, and four other chats write meanwhile: they
    are answered while Bob's answer is still held, Bob's follow-up only after it, from the state it left (Nagi's
    population for "its population"). One update at a time, they would all wait behind Bob's."""
    since = len(bot.fake.calls)
    bot.fake.delay("sendMessage", 5.0, chat_id=BOB["id"])
    bot.fake.push(tg.message("tell me about Nagi", user=BOB))
    bot.fake.push(tg.message("what is its population?", user=BOB))
    await bot.fake.wait_for("sendMessage", since=since, timeout=10)  # Bob's first answer, now held
    others = [{"id": 500_000 + n, "is_bot": False, "first_name": "O", "language_code": "en"} for n in range(4)]
    for user in others:
        bot.fake.push(tg.message("which towns want Australia?", user=user))
    calls = await bot.fake.wait_for("sendMessage", count=6, since=since, timeout=20)
    chats = [int(c["chat_id"]) for c in calls]
    assert chats[0] == BOB["id"] and chats[-1] == BOB["id"], chats  # the others were answered while Bob's was held
    assert sorted(chats[1:-1]) == [user["id"] for user in others]
    bobs = [c["text"] for c in calls if int(c["chat_id"]) == BOB["id"]]
    assert "Nagi" in bobs[0] and "6,000" in bobs[1], bobs
