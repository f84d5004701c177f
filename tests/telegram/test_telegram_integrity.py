"""Enquiry integrity and staff safety (issue 14): one regression test per finding, each named after it (``_14_N``),
against the real Application, engine and store behind the fake Bot API; PostgreSQL where the store is concerned.

Each failed before its fix; ``docs/reliability.md`` lists them with what was done and what happens now.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import os
import random
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import tg_updates as tg
from conftest import SECRET, Bot, free_port, test_settings
from conftest import running as polling
from fake_bot_api import FakeBotApi
from sqlalchemy import select
from test_telegram_enquiry import (
    ENGLISH,
    FAST,
    FIELDS,
    STAFF,
    STAFF_CHAT,
    STAFF_MEMBER,
    STAFF_USER,
    card_reply,
    eventually,
    fresh,
    ref_in,
    say,
    sent_to,
    until_stored,
)
from test_telegram_faults import QUICK

from bot.channels.telegram.application import build_application
from bot.channels.telegram.channel import INLINE_LIMIT, Channel
from bot.channels.telegram.flood import FloodGuard
from bot.channels.telegram.webhook import run_webhook
from bot.core.engine import Engine
from bot.core.enquiry import Dialogue
from bot.core.reply import State
from bot.store import MAX_QUESTION_CHARS, RECEIPT, SQLITE_FILE, Question, Store, open_store
from bot.store.schema import enquiry as enquiry_table
from bot.store.schema import outbox

ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}
SOME_CHANNEL = {"id": -1005550001, "type": "channel", "title": "Someone's channel"}
MALLORY = {"id": 666, "is_bot": False, "first_name": "Mallory", "language_code": "en"}
NEW_STAFF = -1007777777  # the staff group once Telegram made it a supergroup
NOW = dt.datetime.now(dt.UTC)


def running(fake: FakeBotApi, engine: Engine, store: Store, enquiries: Any = FAST, **options: Any):  # type: ignore[no-untyped-def]
    return polling(fake, engine, store, enquiries, **options)


@pytest.fixture
async def staff_bot(fake: FakeBotApi, engine: Engine, store: Store) -> AsyncIterator[Bot]:
    async with running(fake, engine, store) as bot:
        yield bot


@pytest.fixture
async def quick_staff_bot(fake: FakeBotApi, engine: Engine, store: Store) -> AsyncIterator[Bot]:
    """The staff bot, giving up on a Bot API call after ``QUICK`` seconds instead of 10 (the same code path, sooner)."""
    async with running(fake, engine, store, read_timeout=QUICK) as bot:
        yield bot


async def forwarded_enquiry(bot: Bot, key: str, **fields: Any) -> Any:
    """An enquiry from Hanako, its card posted to the staff chat."""
    made = await bot.store.create_enquiry(
        source_key=key, chat_id=tg.HANAKO["id"], user_id=tg.HANAKO["id"], lang="en", fields={**FIELDS, **fields}, now=NOW
    )
    bot.channel.wake()
    return await until_stored(bot.store, made.ref, "forwarded")


def answers_to(fake: FakeBotApi, chat_id: int) -> list[str]:
    return [t for t in sent_to(fake, chat_id) if t.startswith("<b>Answer from")]


# --- 1: edit only at the confirm step; a submission is checked again -----------------------------------------------


async def test_a_stale_edit_button_or_an_edit_before_the_summary_cannot_skip_steps_14_1(staff_bot: Bot) -> None:
    await say(staff_bot, *ENGLISH)  # a first summary, with its Edit button
    texts = await say(staff_bot, "/enquire", "!enquiry:edit", "!enquiry:confirm")  # a new dialogue; the old buttons
    assert all("your name and position" in t for t in texts), texts
    assert "Please check your enquiry" not in "".join(texts)
    texts = await say(staff_bot, "!enquiry:edit:message", "Hello", "!enquiry:confirm")  # edit at the name step
    assert "your name and position" in texts[0]
    assert "Which local government" in texts[1] and "Which local government" in texts[2]  # "Hello" was the name
    await asyncio.sleep(0.2)
    assert await staff_bot.store.list_enquiries() == [] and sent_to(staff_bot.fake, STAFF) == []

    # A summary reached with a field missing (e.g. a dialogue saved by an earlier version): Confirm asks for it.
    data = {k: v for k, v in FIELDS.items() if k != "email"}
    dialogue = {"kind": "enquiry", "step": "confirm", "data": data, "started": NOW.isoformat(), "lang": "en", "editing": False}
    await staff_bot.store.save_state(tg.ALICE["id"], (await staff_bot.store.load_state(tg.ALICE["id"])).evolve(dialogue=Dialogue.from_state(dialogue)), NOW)
    missing, summary, done = await say(staff_bot, "!enquiry:confirm", "jane@perth.wa.gov.au", "!enquiry:confirm")
    assert "Some details are still missing" in missing and "Which e-mail address" in missing
    assert "Please check your enquiry" in summary
    (enquiry,) = await staff_bot.store.list_enquiries()
    assert ref_in(done) == enquiry.ref and enquiry.fields["email"] == "jane@perth.wa.gov.au"


# --- 2: the official always learns the reference -------------------------------------------------------------------


async def test_the_reference_reaches_the_official_when_the_confirmation_times_out_14_2(quick_staff_bot: Bot) -> None:
    staff_bot = quick_staff_bot
    fake = staff_bot.fake
    await say(staff_bot, *ENGLISH)
    fake.hang("sendMessage", 2.0, times=3, chat_id=tg.ALICE["id"])  # the confirmation times out three times
    (sorry,) = await say(staff_bot, "!enquiry:confirm")
    assert "something went wrong" in sorry
    (enquiry,) = await staff_bot.store.list_enquiries()

    def told() -> list[str]:
        return [c["text"] for c in fake.succeeded("sendMessage") if c["chat_id"] == tg.ALICE["id"] and f"Your reference is {enquiry.ref}" in c["text"]]

    await eventually(told)  # the receipt, through the outbox
    (again,) = await say(staff_bot, "!enquiry:confirm")
    assert "no enquiry in progress" in again
    (listing,) = await say(staff_bot, "/status")  # and /status alone lists the chat's enquiries
    assert "Enquiries sent from this chat:" in listing and enquiry.ref in listing
    await asyncio.sleep(0.3)
    assert len(told()) == 1 and len(sent_to(fake, STAFF)) == 1

    # Told at once: no receipt later (it is due two minutes on; the worker would send it when due).
    texts = await say(staff_bot, *ENGLISH, "!enquiry:confirm", user=tg.HANAKO)
    second = ref_in(texts[-1])
    async with staff_bot.store._transaction(write=False) as conn:  # noqa: SLF001 - the outbox as stored
        receipts = (await conn.execute(
            select(outbox.c.sent_at).join(enquiry_table, outbox.c.enquiry_id == enquiry_table.c.id)
            .where(outbox.c.kind == RECEIPT, enquiry_table.c.ref == second)
        )).all()  # fmt: skip
    assert len(receipts) == 1 and receipts[0].sent_at is not None  # settled: never sent


# --- 3: anonymous admins in the staff chat; posts sent as a channel are refused plainly ---------------------------


async def test_an_anonymous_admin_answers_and_a_post_as_a_channel_is_refused_plainly_14_3(staff_bot: Bot) -> None:
    enquiry = await forwarded_enquiry(staff_bot, "t:14.3")
    anonymous = {"user": ANONYMOUS_ADMIN, "chat": STAFF_CHAT, "sender_chat": STAFF_CHAT}
    calls = await staff_bot.send(fresh(tg.message("Welcome, from the division.", reply_to=card_reply(enquiry.staff_message_id), **anonymous)))
    assert [c["text"] for c in calls if c.method == "sendMessage" and c["chat_id"] == STAFF] == [f"Sent to the official: {enquiry.ref}"]
    calls = await staff_bot.send(fresh(tg.message(f"/reply {enquiry.ref} A second answer.", **anonymous)))
    assert f"Sent to the official: {enquiry.ref}" in [c["text"] for c in calls if c.method == "sendMessage"]
    await eventually(lambda: len(answers_to(staff_bot.fake, tg.HANAKO["id"])) == 2)

    as_channel = {"user": CHANNEL_BOT, "chat": STAFF_CHAT, "sender_chat": SOME_CHANNEL}
    for update in (
        tg.message("An answer as a channel.", reply_to=card_reply(enquiry.staff_message_id), **as_channel),
        tg.message(f"/reply {enquiry.ref} Another, as a channel.", **as_channel),
    ):
        calls = await staff_bot.send(fresh(update))
        (refusal,) = [c["text"] for c in calls if c.method == "sendMessage"]
        assert "cannot be sent as a channel: nothing was done" in refusal
    calls = await staff_bot.send(fresh(tg.message("Just chatting as a channel.", **as_channel)))
    assert calls == []  # not addressed to the bot: ignored as before
    await asyncio.sleep(0.3)
    assert len(answers_to(staff_bot.fake, tg.HANAKO["id"])) == 2
    assert (await staff_bot.store.get_enquiry(enquiry.ref)).answer == "A second answer."


# --- 4: staff users' commands only in a private chat or the staff chat ---------------------------------------------


async def test_a_staff_user_cannot_list_enquiries_into_another_group_14_4(staff_bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    enquiry = await staff_bot.store.create_enquiry(source_key="t:14.4", chat_id=1, user_id=1, lang="en", fields=FIELDS, now=NOW)
    with caplog.at_level(logging.WARNING, logger="bot.telegram"):
        for command in ("/enquiries", "/stats", f"/reply {enquiry.ref} Posted in the wrong group"):
            calls = await staff_bot.send(fresh(tg.message(command, user=STAFF_USER, chat=tg.GROUP)))
            # (the staff card of the enquiry may go out to the staff chat meanwhile: only the group's messages count)
            (text,) = [c["text"] for c in calls if c.method == "sendMessage" and c["chat_id"] == tg.GROUP["id"]]
            assert "only in a private chat with me or in the staff group" in text
            assert enquiry.ref not in text and "jane@perth.wa.gov.au" not in text
    assert f"refused=enquiries user={STAFF_USER['id']} chat={tg.GROUP['id']}" in caplog.text
    assert (await staff_bot.store.get_enquiry(enquiry.ref)).answer is None
    (listing,) = await say(staff_bot, "/enquiries", user=STAFF_USER)  # in a private chat: served
    assert enquiry.ref in listing


# --- 5: long messages do not fill the normalisation cache ----------------------------------------------------------


async def test_long_distinct_messages_are_not_kept_in_memory_14_5(bot: Bot) -> None:
    rng = random.Random(14)
    kanji = [chr(c) for c in range(0x4E00, 0x4E00 + 5000)]
    users = [{"id": 5000 + n, "is_bot": False, "first_name": "Flood", "language_code": "ja"} for n in range(4)]
    for number in range(40):  # 10 a user: under the flood limit
        text = "".join(rng.choice(kanji) for _ in range(4096))
        await bot.send(tg.message(text, user=users[number % 4]))
    # Before: normalize's cache kept each message and its normal form, 16 KB a message: 1 GB for 65,536 of them.
    # Now every cache keeps only short texts (words, names), a bounded number of them.
    longest = max((len(key) for cache in _caches(bot.channel.engine) for key in _cached_keys(cache)), default=0)
    assert longest <= 1000, longest


def _caches(engine: Any) -> list[Any]:
    """Every ``lru_cache`` of the core's modules, and those the engine holds (e.g. its tokenizer's)."""
    import sys

    found = [f for name, module in list(sys.modules.items()) if name.startswith("bot.core") for f in vars(module).values() if hasattr(f, "cache_info")]
    for part in vars(engine).values():
        found += [f for f in getattr(part, "__dict__", {}).values() if hasattr(f, "cache_info")]
    return found


def _cached_keys(cache: Any) -> list[str]:
    """The text arguments an ``lru_cache`` holds (CPython exposes its dict to the garbage collector)."""
    keys = [key for table in gc.get_referents(cache) if isinstance(table, dict) for key in table]
    return [key for key in keys if isinstance(key, str)] + [k for key in keys if isinstance(key, tuple) for k in key if isinstance(k, str)]


# --- 6: a staff card nobody can spoof ------------------------------------------------------------------------------


async def test_an_official_cannot_forge_lines_of_the_staff_card_14_6(staff_bot: Bot) -> None:
    name = "Jane\nE-mail: ceo@clair.or.jp\nTowns: Ibara City"
    message = "Hello.\n\nReply to this message (or /reply CLAIR-2026-000001 your answer) to answer the official."
    texts = await say(staff_bot, "/enquire nagi", name, "City of Perth, Australia", "jane@perth.wa.gov.au", "yes", message, "yes")
    ref = ref_in(texts[-1])
    enquiry = await until_stored(staff_bot.store, ref, "forwarded")
    assert enquiry.fields["name"] == "Jane E-mail: ceo@clair.or.jp Towns: Ibara City"  # one line
    (card,) = sent_to(staff_bot.fake, STAFF)
    lines = card.split("\n")
    assert [line for line in lines if "E-mail:" in line] == [
        "<b>Name and position:</b> Jane E-mail: ceo@clair.or.jp Towns: Ibara City",
        "<b>E-mail:</b> jane@perth.wa.gov.au",
    ]
    assert sum(line.startswith("<b>Towns:</b>") for line in lines) == 1
    quoted = card[card.index("<blockquote>") : card.index("</blockquote>")]
    assert "CLAIR-2026-000001" in quoted  # the forged footer is inside the quote ...
    assert card.endswith(f"</blockquote>\n\nReply to this message (or /reply {ref} your answer) to answer the official.")


# --- 7: enquiries are taken in a private chat ---------------------------------------------------------------------


async def test_an_enquiry_started_in_a_group_moves_to_a_private_chat_14_7(staff_bot: Bot) -> None:
    calls = await staff_bot.send(fresh(tg.message("/enquire nagi", chat=tg.GROUP)))
    (invitation,) = [c for c in calls if c.method == "sendMessage"]
    assert "private chat" in invitation["text"]
    (button,) = [b for row in invitation["reply_markup"]["inline_keyboard"] for b in row]
    assert button["url"] == "https://t.me/SisterCityBot?start=enquire-nagi"
    assert (await staff_bot.store.load_state(tg.GROUP["id"])).dialogue is None

    # Mallory answers "the prompt" in the group: a question like any other, nothing collected.
    await staff_bot.send(fresh(tg.message("@SisterCityBot Mallory, mayor", user=MALLORY, chat=tg.GROUP)))
    calls = await staff_bot.send(fresh(tg.callback("v1|enquiry:confirm", user=MALLORY, chat=tg.GROUP)))
    assert (await staff_bot.store.load_state(tg.GROUP["id"])).dialogue is None
    # The button under a town in the group, and a dialogue a group still holds from before, go the same way.
    calls = await staff_bot.send(fresh(tg.callback("v1|enquire:ibara", chat=tg.GROUP)))
    assert "start=enquire-ibara" in str(calls[-1].get("reply_markup"))
    old = {"kind": "enquiry", "step": "confirm", "data": FIELDS, "started": NOW.isoformat(), "lang": "en", "editing": False}
    await staff_bot.store.save_state(tg.GROUP["id"], (await staff_bot.store.load_state(tg.GROUP["id"])).evolve(dialogue=Dialogue.from_state(old)), NOW)
    await staff_bot.send(fresh(tg.callback("v1|enquiry:confirm", user=MALLORY, chat=tg.GROUP)))
    await asyncio.sleep(0.2)
    assert await staff_bot.store.list_enquiries() == []

    # Alice follows the link: the dialogue starts in her private chat, Nagi Town selected.
    (start,) = await say(staff_bot, "/start enquire-nagi")
    assert "your name and position" in start and "Nagi Town" in start
    dialogue = (await staff_bot.store.load_state(tg.ALICE["id"])).dialogue
    assert dialogue is not None and dialogue.data["towns"] == ["nagi"]


# --- 8: NUL characters and the database's error messages ----------------------------------------------------------


@pytest.mark.postgresql
async def test_nul_characters_are_stripped_and_sql_parameters_never_logged_14_8(
    postgres_database: str, engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with FakeBotApi() as fake, open_store(postgres_database, tmp_path) as store, running(fake, engine, store) as bot:
        with caplog.at_level(logging.INFO):
            (answer,) = await say(bot, "population of\x00 Nagi")
            assert "6,000" in answer
            enquiry = await forwarded_enquiry(bot, "t:14.8")
            (sent,) = await say(bot, f"/reply {enquiry.ref} Thank\x00 you", user=STAFF_USER)
            assert sent == f"Sent to the official: {enquiry.ref}"
            await eventually(lambda: answers_to(fake, tg.HANAKO["id"]))
        assert [q.text for q in await store.questions(NOW - dt.timedelta(minutes=1))] == ["population of Nagi"]
        assert (await store.get_enquiry(enquiry.ref)).answer == "Thank you"
        assert "error=" not in caplog.text
        # Any database error: its message never holds the statement's values (an official's details).
        with pytest.raises(Exception) as error:
            await store.create_enquiry(source_key="t:14.8b", chat_id=1, user_id=1, lang="x" * 40, fields={"email": "secret@example.org"}, now=NOW)
        assert "secret@example.org" not in str(error.value) and "hidden" in str(error.value)


# --- 9: the first message after an expired dialogue is an answer, not a question -----------------------------------


async def test_the_answer_after_an_expired_dialogue_is_not_logged_as_a_question_14_9(staff_bot: Bot) -> None:
    await say(staff_bot, "/enquire")
    state = await staff_bot.store.load_state(tg.ALICE["id"])
    long_ago = NOW - dt.timedelta(hours=5)
    assert state.dialogue is not None
    await staff_bot.store.save_state(tg.ALICE["id"], state.evolve(dialogue=replace(state.dialogue, started=long_ago)), NOW)
    (expired,) = await say(staff_bot, "Jane Doe, mayor, call me on +61 400 000 000")
    assert "expired" in expired
    (_asked,) = await say(staff_bot, "population of Nagi")  # the next message is a question again
    assert [q.text for q in await staff_bot.store.questions(NOW - dt.timedelta(minutes=1))] == ["population of Nagi"]


# --- 10: the staff group became a supergroup -----------------------------------------------------------------------


async def test_the_staff_group_becoming_a_supergroup_is_followed_everywhere_14_10(
    fake: FakeBotApi, engine: Engine, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("sendMessage", 400, chat_id=STAFF, migrate_to_chat_id=NEW_STAFF, times=1000)
    new_staff_chat = {**STAFF_CHAT, "id": NEW_STAFF}
    with caplog.at_level(logging.WARNING, logger="bot.telegram"):
        async with running(fake, engine, store) as bot:
            first = await forwarded_enquiry(bot, "t:14.10a")
            assert first.staff_chat_id == NEW_STAFF and len(sent_to(fake, NEW_STAFF)) == 1
            second = await forwarded_enquiry(bot, "t:14.10b")
            assert second.staff_chat_id == NEW_STAFF
            calls = await bot.send(fresh(tg.message("Answered.", user=STAFF_MEMBER, chat=new_staff_chat, reply_to=card_reply(first.staff_message_id))))
            assert f"Sent to the official: {first.ref}" in [c["text"] for c in calls if c.method == "sendMessage"]
        moved = [r for r in caplog.records if "became supergroup" in r.getMessage()]
        assert len(moved) == 1 and f"set STAFF_CHAT_ID={NEW_STAFF}" in moved[0].getMessage()
        assert len(sent_to(fake, STAFF)) == 1  # one try at the old id, then never again

        async with running(fake, engine, store) as restarted:  # a restart (or another instance) knows it from the store
            calls = await restarted.send(fresh(tg.message(f"/reply {second.ref} From the new group.", user=STAFF_MEMBER, chat=new_staff_chat)))
            assert f"Sent to the official: {second.ref}" in [c["text"] for c in calls if c.method == "sendMessage"]
            third = await forwarded_enquiry(restarted, "t:14.10c")
            assert third.staff_chat_id == NEW_STAFF
    cards = [t for t in sent_to(fake, NEW_STAFF) if t.startswith("<b>New enquiry")]
    assert len(sent_to(fake, STAFF)) == 1 and len(cards) == 3


async def test_the_migration_service_message_moves_the_staff_chat_14_10(staff_bot: Bot) -> None:
    await staff_bot.send(fresh(tg.message(None, user=STAFF_MEMBER, chat=STAFF_CHAT, migrate_to_chat_id=NEW_STAFF)))
    assert staff_bot.channel.staff_chat.id == NEW_STAFF
    assert await staff_bot.store.get_setting(f"staff_chat_migrated:{STAFF}") == str(NEW_STAFF)
    enquiry = await forwarded_enquiry(staff_bot, "t:14.10d")
    assert enquiry.staff_chat_id == NEW_STAFF and sent_to(staff_bot.fake, STAFF) == []


# --- 11: the SQLite file deleted or replaced under the running bot -------------------------------------------------


async def test_a_deleted_database_file_fails_loudly_14_11(
    fake: FakeBotApi, engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with open_store(None, tmp_path) as store, running(fake, engine, store) as bot:
        await say(bot, *ENGLISH)
        for name in (SQLITE_FILE, f"{SQLITE_FILE}-wal", f"{SQLITE_FILE}-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        with caplog.at_level(logging.ERROR):
            (told,) = await say(bot, "!enquiry:confirm")
            (again,) = await say(bot, "population of Nagi")
        assert "cannot reach my records" in told and "cannot reach my records" in again
        assert "CLAIR-" not in told
        lost = [r for r in caplog.records if r.name == "bot.store" and "was deleted while the bot was running" in r.getMessage()]
        assert len(lost) == 1 and "restart" in lost[0].getMessage()  # one line says it all; each update says unavailable


async def test_the_health_check_fails_once_the_database_file_is_replaced_14_11(fake: FakeBotApi, engine: Engine, tmp_path: Path) -> None:
    port = free_port()
    settings = test_settings(fake, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret=SECRET, host="127.0.0.1", port=port)
    async with open_store(None, tmp_path) as store:
        channel = Channel(engine, store)
        app = build_application(settings, channel, network_delay=0.01)
        stop = asyncio.Event()
        task = asyncio.create_task(run_webhook(app, channel, settings, stop))
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:

            async def health() -> int | None:
                try:
                    return (await client.get("/healthz")).status_code
                except httpx.TransportError:
                    return None

            for _ in range(500):
                if await health() == 200:
                    break
                await asyncio.sleep(0.01)
            assert await health() == 200
            database = tmp_path / SQLITE_FILE
            (tmp_path / "copy").write_bytes(database.read_bytes())
            os.replace(tmp_path / "copy", database)  # e.g. a backup restored over it while the bot runs
            response = await client.get("/healthz")
            assert response.status_code == 503 and str(tmp_path) not in response.text
        stop.set()
        assert await asyncio.wait_for(task, 10) is True


# --- 12: limits in UTF-16 units; a reply to any part of a card ------------------------------------------------------


async def test_limits_count_utf16_units_and_a_reply_to_any_part_of_a_card_answers_it_14_12(staff_bot: Bot) -> None:
    emoji = "\U0001f600"
    texts = await say(staff_bot, *ENGLISH[:-1], emoji * 1501, emoji * 1500)  # 3,002 UTF-16 units, then 3,000
    assert "too long" in texts[-2] and "Please check your enquiry" in texts[-1]
    (done,) = await say(staff_bot, "!enquiry:confirm")
    await until_stored(staff_bot.store, ref_in(done), "forwarded")
    assert len(sent_to(staff_bot.fake, STAFF)) == 1  # the longest answers fit in one card

    # A card longer than one message (stored by an earlier version, without the limit): every part answers.
    before = len(staff_bot.fake.calls)
    enquiry = await forwarded_enquiry(staff_bot, "t:14.12", message=emoji * 3000)
    parts = [c for c in staff_bot.fake.calls[before:] if c.method == "sendMessage" and c["chat_id"] == STAFF]
    assert len(parts) >= 2
    first_part = enquiry.staff_message_id - len(parts) + 1  # the fake numbers messages in order; nothing else was sent
    calls = await staff_bot.send(fresh(tg.message("Answer to the first part.", user=STAFF_MEMBER, chat=STAFF_CHAT, reply_to=card_reply(first_part))))
    assert f"Sent to the official: {enquiry.ref}" in [c["text"] for c in calls if c.method == "sendMessage"]
    await eventually(lambda: answers_to(staff_bot.fake, tg.HANAKO["id"]))


# --- 13: staff cards and relays go ahead of answers under the rate limit -------------------------------------------


async def test_a_staff_answer_goes_ahead_of_queued_answers_14_13(fake: FakeBotApi, engine: Engine, store: Store) -> None:
    enquiries = FAST.__class__(poll_interval=0.05)  # no staff chat: the worker has only the relay to send
    enquiry = await store.create_enquiry(source_key="t:14.13", chat_id=tg.HANAKO["id"], user_id=tg.HANAKO["id"], lang="en", fields=FIELDS, now=NOW)
    async with running(fake, engine, store, enquiries, settings_changes={"rate_limit": 1}) as bot:
        limiter = bot.app.bot.rate_limiter
        users = [{"id": 7000 + n, "is_bot": False, "first_name": "Busy", "language_code": "en"} for n in range(4)]
        since = len(fake.calls)
        for user in users:
            fake.push(fresh(tg.message("population of Nagi", user=user)))
        await eventually(lambda: limiter.waiting[1] == 3, timeout=10)  # one answer sent, three waiting their turn
        await store.answer_enquiry(enquiry.ref, "The staff's answer.", NOW)
        bot.channel.wake()
        await eventually(lambda: len(fake.of("sendMessage", since)) == 5, timeout=20)
        order = [int(c["chat_id"]) for c in fake.of("sendMessage", since)]
    assert order.index(tg.HANAKO["id"]) <= 2, order  # before: last, behind every answer queued before it


# --- 14: inline queries have a per-user limit ----------------------------------------------------------------------


async def test_inline_queries_beyond_the_limit_are_not_answered_nor_stored_14_14(fake: FakeBotApi, engine: Engine, store: Store) -> None:
    assert INLINE_LIMIT <= 60
    guard = FloodGuard(limit=5, window=3600.0)  # a window no test run outlasts: the count is exact
    async with running(fake, engine, store, inline_flood=guard) as bot:
        ids = []
        for n in range(8):
            update = fresh(tg.inline(f"nagi {n}"))
            ids.append(update["update_id"])
            await bot.send(update)
        other = await bot.send(fresh(tg.inline("ibara", user=tg.HANAKO)))  # another user is not affected
    assert len(fake.of("answerInlineQuery")) == 6 and [c.method for c in other] == ["answerInlineQuery"]
    assert [await store.claim_update(i, NOW) for i in ids] == [False] * 5 + [True] * 3  # no row for the dropped


# --- 15: a repeated update does not count toward the flood limit --------------------------------------------------


async def test_repeated_webhook_posts_do_not_count_toward_the_flood_limit_14_15(fake: FakeBotApi, engine: Engine, store: Store) -> None:
    port = free_port()
    settings = test_settings(fake, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret=SECRET, host="127.0.0.1", port=port)
    channel = Channel(engine, store, flood=FloodGuard(limit=20, window=3600.0))  # exact counts, whatever the load
    app = build_application(settings, channel, network_delay=0.01)
    stop = asyncio.Event()
    task = asyncio.create_task(run_webhook(app, channel, settings, stop))
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        for _ in range(500):
            try:
                if (await client.get("/healthz")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.01)
        repeated = {"update_id": 900_001, **tg.message("population of Nagi")}
        for _ in range(20):
            assert (await client.post(settings.webhook_path, json=repeated, headers=headers)).status_code == 200
        await asyncio.wait_for(app.update_queue.join(), 10)
        for n in range(19):
            update = {"update_id": 900_100 + n, **tg.message(f"population of Ibara {n}")}
            assert (await client.post(settings.webhook_path, json=update, headers=headers)).status_code == 200
        await asyncio.wait_for(app.update_queue.join(), 10)
        await eventually(lambda: len(sent_to(fake, tg.ALICE["id"])) >= 20)
        await asyncio.sleep(0.2)
    stop.set()
    assert await asyncio.wait_for(task, 10) is True
    texts = sent_to(fake, tg.ALICE["id"])
    assert len(texts) == 20 and not any("faster than I can read" in t for t in texts)


# --- 16: the question log is bounded and purged by the bot itself --------------------------------------------------


async def test_questions_are_truncated_and_retention_purges_daily_without_cron_14_16(fake: FakeBotApi, engine: Engine, store: Store) -> None:
    old = await store.create_enquiry(source_key="t:14.16", chat_id=1, user_id=1, lang="en", fields=FIELDS, now=NOW - dt.timedelta(days=40))
    old_question = Question("an old question", "en", "fallback", (), False, "h")
    await store.end_update(0, State(), NOW - dt.timedelta(days=40), loaded=State(), question=old_question)  # the log alone
    async with running(fake, engine, store, retention_days=30) as bot:
        await eventually(lambda: bot.channel.purger is not None)
        deadline = time.monotonic() + 5
        while await store.get_enquiry(old.ref) is not None:
            assert time.monotonic() < deadline, "not purged"
            await asyncio.sleep(0.02)
        await say(bot, "Nagi " + "x" * 4000)
    asked = await store.questions(NOW - dt.timedelta(days=100))
    assert [len(q.text) for q in asked] == [MAX_QUESTION_CHARS] and asked[0].text.startswith("Nagi xxx")


def test_retention_days_is_read_from_the_environment() -> None:
    from bot.config import ConfigError, Settings

    token = {"TELEGRAM_BOT_TOKEN": "123456789:AAF-real_looking_token_abcdefghijk"}
    assert Settings.from_env(token).retention_days is None
    assert Settings.from_env({**token, "RETENTION_DAYS": "365"}).retention_days == 365
    with pytest.raises(ConfigError, match="RETENTION_DAYS must be at least 1 day"):
        Settings.from_env({**token, "RETENTION_DAYS": "0"})


# --- also: /reply as a reply to a copy of a card, in a private chat -------------------------------------------------


async def test_reply_to_a_copied_card_in_a_private_chat_says_how_to_answer_14_extra(staff_bot: Bot) -> None:
    enquiry = await forwarded_enquiry(staff_bot, "t:14.x")
    copy = tg.bot_message(tg.private(STAFF_USER), f"New enquiry {enquiry.ref}\n...")
    copy["from"] = STAFF_USER  # the staff user pasted the card into their chat with the bot
    calls = await staff_bot.send(fresh(tg.message("/reply Thank you for your patience.", user=STAFF_USER, reply_to=copy)))
    (text,) = [c["text"] for c in calls if c.method == "sendMessage"]
    assert "I cannot tell which enquiry this answers" in text and "/reply CLAIR-2026-000123" in text
    assert "I cannot find enquiry" not in text
    await asyncio.sleep(0.2)
    assert answers_to(staff_bot.fake, tg.HANAKO["id"]) == []
