"""Enquiries end to end: the real Application and engine over the fake Bot API, the real store, the outbox worker.

An official's dialogue (/enquire, buttons, bad answers, /cancel) ends in a stored enquiry and a reference; the worker
posts the English card to the staff chat exactly once (through 500s and 429s, across restarts and two instances on
one PostgreSQL database); a staff reply to the card, or /reply, reaches the official; /status, /enquiries, the daily
limit, the settings and ``python -m bot enquiries|purge``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import tg_updates as tg
from conftest import SECRET, Bot, free_port, test_settings
from conftest import running as polling
from fake_bot_api import BOT_USER, FakeBotApi
from telegram import Update
from test_telegram_bot import assert_telegram_html, keyboard

from bot.channels.telegram.application import build_application
from bot.channels.telegram.channel import Channel
from bot.channels.telegram.webhook import run_webhook
from bot.config import ConfigError, EnquirySettings, Settings
from bot.core.engine import Engine
from bot.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
STAFF = -1009876543
STAFF_CHAT = {"id": STAFF, "type": "supergroup", "title": "CLAIR International Exchange Division"}
STAFF_MEMBER = {"id": 333, "is_bot": False, "first_name": "Sato", "language_code": "en"}
STAFF_USER = {"id": 444, "is_bot": False, "first_name": "Suzuki", "language_code": "en"}
REF = re.compile(r"CLAIR-\d{4}-\d{6}")
UPDATE_IDS = itertools.count(500_000)
FAST = EnquirySettings(
    staff_chat_id=STAFF, staff_user_ids=frozenset({STAFF_USER["id"]}), backoff=0.05, backoff_max=0.5, poll_interval=0.05
)
ENGLISH = [
    "/enquire nagi",
    "Jane Smith, IR officer",
    "City of Perth, Australia",
    "jane@perth",  # not an e-mail address: asked again
    "jane@perth.wa.gov.au",
    "!enquiry:towns:keep",
    "We would like a <school> exchange & more.\nSecond line.",
]
FIELDS = {
    "name": "Jane Smith, IR officer", "organisation": "City of Perth, Australia", "email": "jane@perth.wa.gov.au",
    "towns": ["nagi"], "message": "Hello from Perth.",
}


def running(fake: FakeBotApi, engine: Engine, store: Store, enquiries: EnquirySettings = FAST):  # type: ignore[no-untyped-def]
    """A bot polling ``fake`` with these enquiry settings (fast delivery by default)."""
    return polling(fake, engine, store, enquiries)


@pytest.fixture
async def staff_bot(fake: FakeBotApi, engine: Engine, store: Store) -> AsyncIterator[Bot]:
    async with running(fake, engine, store) as bot:
        yield bot


def update_for(line: str, user: dict[str, Any], chat: dict[str, Any] | None = None) -> dict[str, Any]:
    """``!command`` presses a button carrying the command; anything else is a text message. Update ids are unique
    across fake servers (two instances share one sequence of update ids, as with Telegram)."""
    if line.startswith("!"):
        update = tg.callback(f"v1|{line[1:]}", user=user, chat=chat)
    else:
        update = tg.message(line, user=user, chat=chat)
    return fresh(update)


def fresh(update: dict[str, Any]) -> dict[str, Any]:
    """The update with the next id of this module's one sequence (the fake waits for the bot to poll past it)."""
    return {"update_id": next(UPDATE_IDS), **update}


async def say(bot: Bot, *lines: str, user: dict[str, Any] = tg.ALICE) -> list[str]:
    """Send each line in turn; for each, the text the bot sent back to the user's chat."""
    out = []
    for line in lines:
        calls = await bot.send(update_for(line, user))
        out.append("\n\n".join(c["text"] for c in calls if c.method == "sendMessage" and c["chat_id"] == user["id"]))
    return out


def sent_to(fake: FakeBotApi, chat_id: int) -> list[str]:
    return [c["text"] for c in fake.calls if c.method == "sendMessage" and int(c["chat_id"]) == chat_id]


async def eventually(condition: Callable[[], Any], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def until_stored(store: Store, ref: str, status: str, timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        enquiry = await store.get_enquiry(ref)
        if enquiry is not None and enquiry.status == status:
            return enquiry
        assert time.monotonic() < deadline, f"{ref} never became {status}: {enquiry}"
        await asyncio.sleep(0.02)


def ref_in(text: str) -> str:
    found = REF.search(text)
    assert found, text
    return found.group()


def card_reply(message_id: int, text: str = "New enquiry") -> dict[str, Any]:
    """The staff card as it appears in a staff member's reply."""
    return {"message_id": message_id, "date": int(time.time()), "chat": STAFF_CHAT, "from": BOT_USER, "text": text}


# --- the dialogue and the card ------------------------------------------------------------------------------------


async def test_english_dialogue_with_a_bad_answer_stores_the_enquiry_and_the_staff_get_the_card(staff_bot: Bot) -> None:
    texts = await say(staff_bot, *ENGLISH)
    assert "your name and position" in texts[0] and "Nagi Town" in texts[0]
    assert "does not look like an e-mail address" in texts[3]
    assert "You were asking about Nagi Town" in texts[4]
    assert "Please check your enquiry" in texts[6] and "&lt;school&gt; exchange &amp; more." in texts[6]
    before = len(staff_bot.fake.calls)
    calls = await staff_bot.send(update_for("!enquiry:confirm", tg.ALICE))
    (received,) = [c for c in calls if c.method == "sendMessage" and c["chat_id"] == tg.ALICE["id"]]
    ref = ref_in(received["text"])
    assert f"Your reference is {ref}" in received["text"] and f"/status {ref}" in received["text"]
    assert "enquire" not in keyboard(received)  # the menu again, not the dialogue

    enquiry = await until_stored(staff_bot.store, ref, "forwarded")
    assert enquiry.chat_id == tg.ALICE["id"] and enquiry.user_id == tg.ALICE["id"] and enquiry.lang == "en"
    assert enquiry.fields == {
        "name": "Jane Smith, IR officer", "organisation": "City of Perth, Australia", "email": "jane@perth.wa.gov.au",
        "towns": ["nagi"], "message": "We would like a <school> exchange & more.\nSecond line.",  # line breaks kept
    }
    (card,) = sent_to(staff_bot.fake, STAFF)
    assert card.startswith(f"<b>New enquiry {ref}</b>")
    assert "<b>Towns:</b> Nagi Town" in card and "<b>Language:</b> English" in card and "<b>E-mail:</b> jane@perth.wa.gov.au" in card
    assert "<blockquote>We would like a &lt;school&gt; exchange &amp; more.\nSecond line.</blockquote>" in card
    assert f"/reply {ref}" in card
    assert_telegram_html(card)
    assert enquiry.staff_chat_id == STAFF and enquiry.staff_message_id is not None
    # The official heard first: the reference went out before the card.
    order = [int(c["chat_id"]) for c in staff_bot.fake.calls[before:] if c.method == "sendMessage"]
    assert order == [tg.ALICE["id"], STAFF]
    assert (await staff_bot.store.load_state(tg.ALICE["id"])).dialogue is None


async def test_japanese_dialogue_cancelled_then_started_from_the_button(staff_bot: Bot) -> None:
    texts = await say(staff_bot, "/enquire", "山田花子、国際交流担当", "オークランド市", "hanako@", "/cancel", user=tg.HANAKO)
    assert "お名前と役職" in texts[0]
    assert "メールアドレスの形式ではないようです" in texts[3]
    assert "お問い合わせを取り消しました" in texts[4]
    assert await staff_bot.store.list_enquiries() == []

    (profile,) = await say(staff_bot, "井原市について教えて", user=tg.HANAKO)
    assert "井原市" in profile
    texts = await say(
        staff_bot, "!enquire:ibara", "山田花子、国際交流担当", "オークランド市、ニュージーランド", "hanako@example.nz", "はい",
        "中学校の交流をしたいです。", "はい", user=tg.HANAKO,
    )  # fmt: skip
    assert "井原市" in texts[0] and "お名前と役職" in texts[0]
    ref = ref_in(texts[-1])
    assert f"受付番号は {ref} です" in texts[-1]
    enquiry = await until_stored(staff_bot.store, ref, "forwarded")
    assert enquiry.lang == "ja" and enquiry.fields["towns"] == ["ibara"]
    (card,) = sent_to(staff_bot.fake, STAFF)
    assert f"New enquiry {ref}" in card and "<b>Towns:</b> Ibara City" in card and "<b>Language:</b> Japanese" in card
    assert "中学校の交流をしたいです。" in card and "hanako@example.nz" in card  # the official's own words


async def test_a_message_asking_to_contact_a_town_starts_the_dialogue(staff_bot: Bot) -> None:
    texts = await say(staff_bot, "tell me about Nagi", "I want to contact them")
    assert "your name and position" in texts[1] and "Nagi Town" in texts[1]
    assert (await staff_bot.store.load_state(tg.ALICE["id"])).dialogue is not None


async def test_enquire_takes_a_town_name(staff_bot: Bot) -> None:
    (text,) = await say(staff_bot, "/enquire Ujitawara Town")
    assert "Ujitawara" in text
    assert (await staff_bot.store.load_state(tg.ALICE["id"])).dialogue.data["towns"] == ["ujitawara"]


async def test_the_command_menus_offer_enquire_and_the_staff_chat_gets_the_staff_commands(staff_bot: Bot) -> None:
    menus = staff_bot.fake.of("setMyCommands")
    default = [m for m in menus if m["scope"]["type"] == "default"]
    assert [m.get("language_code") for m in default] == [None, "ja"]
    for menu, description in zip(default, ("Send an enquiry to a town", "自治体に問い合わせる"), strict=True):
        assert {"command": "enquire", "description": description} in menu["commands"]
        assert not {"enquiries", "reply", "status"} & {c["command"] for c in menu["commands"]}
    staff = [m for m in menus if m["scope"]["type"] == "chat"]
    assert {m["scope"]["chat_id"] for m in staff} == {STAFF}
    assert {"enquiries", "reply"} <= {c["command"] for c in staff[0]["commands"]}


# --- durability ---------------------------------------------------------------------------------------------------


async def test_a_restarted_bot_continues_the_dialogue(fake: FakeBotApi, engine: Engine, tmp_path: Path) -> None:
    async with open_store(None, tmp_path) as first_store, running(fake, engine, first_store) as first:
        await say(first, *ENGLISH[:3])
    async with open_store(None, tmp_path) as store, running(fake, engine, store) as bot:
        texts = await say(bot, *ENGLISH[3:], "yes")
        assert "does not look like an e-mail address" in texts[0]
        assert "Name and position: Jane Smith, IR officer" in texts[3]
        ref = ref_in(texts[-1])
        enquiry = await until_stored(store, ref, "forwarded")
        assert enquiry.fields["organisation"] == "City of Perth, Australia"
    assert len(sent_to(fake, STAFF)) == 1


async def test_the_staff_chat_failing_500_then_429_gets_the_card_exactly_once(staff_bot: Bot) -> None:
    fake = staff_bot.fake
    fake.fail("sendMessage", 500, chat_id=STAFF)
    fake.fail("sendMessage", 429, retry_after=1, chat_id=STAFF)
    texts = await say(staff_bot, *ENGLISH, "!enquiry:confirm")
    ref = ref_in(texts[-1])  # the official has the reference at once
    await eventually(lambda: len(sent_to(fake, STAFF)) >= 2)
    rate_limited = time.monotonic()
    await eventually(lambda: len(sent_to(fake, STAFF)) >= 3)
    assert time.monotonic() - rate_limited >= 0.9  # retry_after honoured
    enquiry = await until_stored(staff_bot.store, ref, "forwarded")
    await asyncio.sleep(0.3)  # several more polls of the worker: nothing is sent again
    cards = sent_to(fake, STAFF)
    assert len(cards) == 3 and len(set(cards)) == 1 and f"New enquiry {ref}" in cards[0]
    assert fake._faults.get("sendMessage") == []  # the two failures injected, then exactly one delivery
    assert enquiry.staff_message_id is not None


async def test_the_same_confirm_delivered_twice_makes_one_enquiry(staff_bot: Bot) -> None:
    await say(staff_bot, *ENGLISH)
    confirm = update_for("!enquiry:confirm", tg.ALICE)
    for _ in range(2):  # a webhook retry, or a redelivery after a crash
        await staff_bot.app.update_queue.put(Update.de_json(confirm, staff_bot.app.bot))
    await asyncio.wait_for(staff_bot.app.update_queue.join(), 5)
    (enquiry,) = await staff_bot.store.list_enquiries()
    await until_stored(staff_bot.store, enquiry.ref, "forwarded")
    await asyncio.sleep(0.2)
    assert len(sent_to(staff_bot.fake, STAFF)) == 1
    assert sum(enquiry.ref in text for text in sent_to(staff_bot.fake, tg.ALICE["id"])) == 1


async def test_without_a_staff_chat_enquiries_wait_in_the_store(fake: FakeBotApi, engine: Engine, store: Store) -> None:
    async with running(fake, engine, store, EnquirySettings(poll_interval=0.05, lease=0.2)) as bot:
        texts = await say(bot, *ENGLISH, "!enquiry:confirm")
        ref = ref_in(texts[-1])
        await asyncio.sleep(0.3)
    assert {int(c["chat_id"]) for c in fake.calls if c.method == "sendMessage"} == {tg.ALICE["id"]}
    enquiry = await store.get_enquiry(ref)
    assert enquiry is not None and enquiry.status == "new"
    # The card is still queued: a bot started with STAFF_CHAT_ID later delivers it.
    async with running(fake, engine, store) as bot:
        await until_stored(store, ref, "forwarded")
    assert len(sent_to(fake, STAFF)) == 1


async def test_the_webhook_mode_runs_the_worker_too(fake: FakeBotApi, engine: Engine, store: Store) -> None:
    port = free_port()
    settings = test_settings(
        fake, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret=SECRET, host="127.0.0.1", port=port,
        enquiries=FAST,
    )  # fmt: skip
    channel = Channel(engine, store, FAST)
    app = build_application(settings, channel, network_delay=0.01)
    stop = asyncio.Event()
    task = asyncio.create_task(run_webhook(app, channel, settings, stop))
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        await eventually(lambda: channel.worker is not None and channel.worker.running and app.running)
        for _ in range(100):  # the server may not listen yet
            try:
                if (await client.get("/healthz")).status_code == 200:
                    break
            except httpx.TransportError:
                await asyncio.sleep(0.05)
        bot = Bot(fake, app, store, channel, settings, client)
        texts = await say(bot, *ENGLISH, "yes")
        ref = ref_in(texts[-1])
        await until_stored(store, ref, "forwarded")
    stop.set()
    assert await asyncio.wait_for(task, 10) is True
    assert not channel.worker.running and len(sent_to(fake, STAFF)) == 1


# --- staff answers ------------------------------------------------------------------------------------------------


async def test_staff_answers_reach_the_official(staff_bot: Bot) -> None:
    texts = await say(staff_bot, *ENGLISH, "!enquiry:confirm")
    ref = ref_in(texts[-1])
    enquiry = await until_stored(staff_bot.store, ref, "forwarded")
    (status,) = await say(staff_bot, f"/status {ref.lower()}")
    assert ref in status and "passed to the International Exchange Division" in status

    answer = "Thank you! Nagi Town will write to you <soon> & warmly."
    calls = await staff_bot.send(fresh(tg.message(answer, user=STAFF_MEMBER, chat=STAFF_CHAT, reply_to=card_reply(enquiry.staff_message_id))))
    assert [c["text"] for c in calls if c.method == "sendMessage" and c["chat_id"] == STAFF] == [f"Sent to the official: {ref}"]
    await eventually(lambda: any(answer.replace("<", "&lt;").replace(">", "&gt;").replace(" & ", " &amp; ") in t for t in sent_to(staff_bot.fake, tg.ALICE["id"])))
    relayed = sent_to(staff_bot.fake, tg.ALICE["id"])[-1]
    assert relayed.startswith(f"<b>Answer from CLAIR's International Exchange Division ({ref})</b>")
    assert_telegram_html(relayed)
    assert (await staff_bot.store.get_enquiry(ref)).status == "answered"

    # /reply from a staff user in their own chat, and from the staff chat.
    (confirmation,) = await say(staff_bot, f"/reply {ref} A second answer,\non two lines.", user=STAFF_USER)
    assert confirmation == f"Sent to the official: {ref}"
    calls = await staff_bot.send(fresh(tg.message(f"/reply@SisterCityBot {ref} Third.", user=STAFF_MEMBER, chat=STAFF_CHAT)))
    assert f"Sent to the official: {ref}" in [c["text"] for c in calls if c.method == "sendMessage"]
    on_card = tg.message("/reply Fourth, replying to the card.", user=STAFF_MEMBER, chat=STAFF_CHAT, reply_to=card_reply(enquiry.staff_message_id))
    calls = await staff_bot.send(fresh(on_card))
    assert f"Sent to the official: {ref}" in [c["text"] for c in calls if c.method == "sendMessage"]
    await eventually(lambda: len(sent_to(staff_bot.fake, tg.ALICE["id"])) >= len(texts) + 5)
    answers = [t for t in sent_to(staff_bot.fake, tg.ALICE["id"]) if t.startswith("<b>Answer from")]
    assert len(answers) == 4 and "</b>\nA second answer,\non two lines.\n\n" in answers[1] and "</b>\nThird.\n\n" in answers[2]
    assert "</b>\nFourth, replying to the card.\n\n" in answers[3]
    (status,) = await say(staff_bot, f"/status {ref}")
    assert "answered" in status

    # Another official cannot see it; a staff reply to a message that is not a card is a question as usual.
    (other,) = await say(staff_bot, f"/status {ref}", user=tg.HANAKO)
    assert ref in other and "見つかりません" in other and "answered" not in other
    calls = await staff_bot.send(fresh(tg.message("population of Nagi", user=STAFF_MEMBER, chat=STAFF_CHAT, reply_to=card_reply(99999, "An answer"))))
    assert any("6,000" in c["text"] for c in calls if c.method == "sendMessage")
    (unknown,) = await say(staff_bot, "/reply CLAIR-2000-000999 Hello", user=STAFF_USER)
    assert unknown == "I cannot find enquiry CLAIR-2000-000999."
    (usage,) = await say(staff_bot, f"/reply {ref}", user=STAFF_USER)
    assert usage.startswith("Send /reply followed by the reference")
    await asyncio.sleep(0.2)
    assert len([t for t in sent_to(staff_bot.fake, tg.ALICE["id"]) if t.startswith("<b>Answer from")]) == 4


async def test_an_answer_to_an_official_who_blocked_the_bot_is_given_up(staff_bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    now = dt.datetime.now(dt.UTC)
    enquiry = await staff_bot.store.create_enquiry(source_key="t:1", chat_id=tg.HANAKO["id"], user_id=tg.HANAKO["id"], lang="ja", fields=FIELDS, now=now)
    await until_stored(staff_bot.store, enquiry.ref, "forwarded")
    staff_bot.fake.fail("sendMessage", 403, chat_id=tg.HANAKO["id"])
    (sent,) = await say(staff_bot, f"/reply {enquiry.ref} こんにちは", user=STAFF_USER)
    assert sent == f"Sent to the official: {enquiry.ref}"
    await eventually(lambda: len(sent_to(staff_bot.fake, tg.HANAKO["id"])) == 1)
    await asyncio.sleep(0.3)
    assert len(sent_to(staff_bot.fake, tg.HANAKO["id"])) == 1
    assert "answer undeliverable" in caplog.text


async def test_staff_commands_are_refused_to_anyone_else(staff_bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    now = dt.datetime.now(dt.UTC)
    enquiry = await staff_bot.store.create_enquiry(source_key="t:2", chat_id=tg.HANAKO["id"], user_id=tg.HANAKO["id"], lang="en", fields=FIELDS, now=now)
    with caplog.at_level(logging.WARNING, logger="bot.telegram"):
        listing, reply = await say(staff_bot, "/enquiries", f"/reply {enquiry.ref} I am not staff")
        (japanese,) = await say(staff_bot, "/enquiries", user=tg.HANAKO)
    assert listing == reply == "Sorry, this command is only for the staff of CLAIR's International Exchange Division."
    assert "職員専用" in japanese
    assert f"refused=enquiries user={tg.ALICE['id']}" in caplog.text and f"refused=reply user={tg.ALICE['id']}" in caplog.text
    assert (await staff_bot.store.get_enquiry(enquiry.ref)).answer is None
    calls = await staff_bot.send(fresh(tg.message("/enquiries", user=tg.ALICE, chat=tg.GROUP)))
    assert "only for the staff" in calls[-1]["text"]


async def test_enquiries_lists_the_open_ones_for_staff(staff_bot: Bot) -> None:
    now = dt.datetime.now(dt.UTC)
    first = await staff_bot.store.create_enquiry(source_key="t:3", chat_id=1, user_id=1, lang="en", fields=FIELDS, now=now)
    second = await staff_bot.store.create_enquiry(
        source_key="t:4", chat_id=2, user_id=2, lang="ja", fields={**FIELDS, "organisation": "Auckland <NZ>", "message": "Line one\nline two"}, now=now
    )
    done = await staff_bot.store.create_enquiry(source_key="t:5", chat_id=3, user_id=3, lang="en", fields=FIELDS, now=now)
    await staff_bot.store.answer_enquiry(done.ref, "Answered.", now)
    calls = await staff_bot.send(fresh(tg.message("/enquiries", user=STAFF_MEMBER, chat=STAFF_CHAT)))
    # The outbox worker may post the three enquiries' staff cards to the same chat meanwhile: the listing is the one
    # message that lists.
    texts = [c["text"] for c in calls if c.method == "sendMessage" and c["chat_id"] == STAFF]
    (listing,) = [t for t in texts if t.startswith("<b>Open enquiries")]
    assert listing.startswith("<b>Open enquiries: 2</b>")
    assert listing.index(second.ref) < listing.index(first.ref) and done.ref not in listing
    assert f"{second.ref} · {now.date().isoformat()} · " in listing and "Auckland &lt;NZ&gt; · nagi · jane@perth.wa.gov.au" in listing
    assert "Line one" in listing and "line two" not in listing
    assert_telegram_html(listing)
    await staff_bot.store.answer_enquiry(first.ref, "Done.", now)
    await staff_bot.store.answer_enquiry(second.ref, "Done.", now)
    (empty,) = await say(staff_bot, "/enquiries", user=STAFF_USER)
    assert empty == "No open enquiries."


async def test_status_without_a_reference_lists_this_chats_enquiries(staff_bot: Bot) -> None:
    none, unknown = await say(staff_bot, "/status", "/status nonsense")
    assert none == "No enquiry has been sent from this chat. Send /enquire to start one."
    assert "NONSENSE" in unknown


# --- the daily limit ----------------------------------------------------------------------------------------------


async def test_the_daily_limit_is_refused_politely(fake: FakeBotApi, engine: Engine, store: Store) -> None:
    limited = EnquirySettings(staff_chat_id=STAFF, daily_limit=2, poll_interval=0.05)
    now = dt.datetime.now(dt.UTC)
    await store.create_enquiry(source_key="t:6", chat_id=111, user_id=tg.ALICE["id"], lang="en", fields=FIELDS, now=now - dt.timedelta(hours=25))
    await store.create_enquiry(source_key="t:7", chat_id=111, user_id=tg.ALICE["id"], lang="en", fields=FIELDS, now=now)
    async with running(fake, engine, store, limited) as bot:
        texts = await say(bot, *ENGLISH)  # one in the last 24 hours: allowed
        await store.create_enquiry(source_key="t:8", chat_id=111, user_id=tg.ALICE["id"], lang="en", fields=FIELDS, now=now)
        (refused,) = await say(bot, "!enquiry:confirm")
        assert "You have sent 2 enquiries in the last 24 hours" in refused and "+81-3-5213-1723" in refused
        assert "your name" not in texts[-1] and len(await store.list_enquiries()) == 3
        (again,) = await say(bot, "/enquire")
        assert "You have sent 2 enquiries" in again
        assert (await store.load_state(tg.ALICE["id"])).dialogue is None
        (japanese,) = await say(bot, "/enquire", user={**tg.HANAKO, "id": tg.ALICE["id"]})
        assert "過去24時間に2件" in japanese
        (other,) = await say(bot, "/enquire", user=tg.HANAKO)
        assert "お名前と役職" in other


# --- two instances on one PostgreSQL database ---------------------------------------------------------------------


@pytest.mark.postgresql
async def test_two_instances_on_postgresql_share_the_dialogue_and_deliver_once(
    postgres_database: str, engine: Engine, tmp_path: Path
) -> None:
    async with FakeBotApi() as fake_a, FakeBotApi() as fake_b:
        async with (
            open_store(postgres_database, tmp_path) as store_a,
            open_store(postgres_database, tmp_path) as store_b,
            running(fake_a, engine, store_a) as bot_a,
            running(fake_b, engine, store_b) as bot_b,
        ):
            bots = (bot_a, bot_b)
            texts = []
            for i, line in enumerate(ENGLISH):
                texts += await say(bots[i % 2], line)
            assert "You were asking about Nagi Town" in texts[4] and "Please check your enquiry" in texts[6]
            # Confirm pressed twice at once, one press reaching each instance.
            await asyncio.gather(*(bot.send(update_for("!enquiry:confirm", tg.ALICE)) for bot in bots))
            (enquiry,) = await store_a.list_enquiries()

            def cards() -> list[str]:
                return sent_to(fake_a, STAFF) + sent_to(fake_b, STAFF)

            forwarded = await until_stored(store_b, enquiry.ref, "forwarded")
            await asyncio.sleep(0.3)
            assert len(cards()) == 1 and f"New enquiry {enquiry.ref}" in cards()[0]
            references = [t for t in sent_to(fake_a, tg.ALICE["id"]) + sent_to(fake_b, tg.ALICE["id"]) if "Your reference is" in t]
            assert references and all(enquiry.ref in t for t in references)

            # A staff reply to the card through either instance reaches the official once.
            card_chat = bot_a if sent_to(fake_a, STAFF) else bot_b
            other = bot_b if card_chat is bot_a else bot_a
            reply = fresh(tg.message("Welcome!", user=STAFF_MEMBER, chat=STAFF_CHAT, reply_to=card_reply(forwarded.staff_message_id)))
            await other.send(reply)

            def answers() -> list[str]:
                return [t for t in sent_to(fake_a, tg.ALICE["id"]) + sent_to(fake_b, tg.ALICE["id"]) if "Welcome!" in t]

            await eventually(lambda: answers())
            await asyncio.sleep(0.3)
            assert len(answers()) == 1


# --- settings and the command line --------------------------------------------------------------------------------


def test_enquiry_settings_from_the_environment() -> None:
    token = {"TELEGRAM_BOT_TOKEN": "123456789:AAF-real_looking_token_abcdefghijk"}
    default = Settings.from_env(token).enquiries
    assert default.staff_chat_id is None and default.staff_user_ids == frozenset() and default.timeout_minutes == 120
    assert default.daily_limit == 5 and default.retry_delay(0) == 2 and default.retry_delay(1) == 4 and default.retry_delay(20) == 300
    env = {**token, "STAFF_CHAT_ID": " -1001234567890 ", "STAFF_USER_IDS": "11, 22,,33", "ENQUIRY_TIMEOUT_MINUTES": "30", "ENQUIRY_DAILY_LIMIT": "0"}
    settings = Settings.from_env(env).enquiries
    assert settings.staff_chat_id == -1001234567890 and settings.staff_user_ids == {11, 22, 33}
    assert settings.timeout_minutes == 30 and settings.daily_limit == 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STAFF_CHAT_ID": "staff"}, "STAFF_CHAT_ID must be a Telegram chat id such as -1001234567890, got 'staff'"),
        ({"STAFF_CHAT_ID": "0"}, "STAFF_CHAT_ID must be a Telegram chat id"),
        ({"STAFF_USER_IDS": "11,bob"}, "STAFF_USER_IDS must be comma-separated Telegram user ids, got 'bob'"),
        ({"STAFF_USER_IDS": "-5"}, "STAFF_USER_IDS must be comma-separated Telegram user ids (positive)"),
        ({"ENQUIRY_TIMEOUT_MINUTES": "2h"}, "ENQUIRY_TIMEOUT_MINUTES must be a number of minutes, got '2h'"),
        ({"ENQUIRY_TIMEOUT_MINUTES": "0"}, "ENQUIRY_TIMEOUT_MINUTES must be between 1 and 10080"),
        ({"ENQUIRY_DAILY_LIMIT": "-1"}, "ENQUIRY_DAILY_LIMIT must be 0 (no limit) or more"),
    ],
)
def test_bad_enquiry_settings_are_one_clear_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "123456789:AAF-real_looking_token_abcdefghijk", **env})
    assert message in str(error.value) and "\n" not in str(error.value)


def test_bad_staff_chat_stops_run_with_one_line(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "TELEGRAM_BOT_TOKEN": "123456789:AAF-real_looking_token_abcdefghijk", "STAFF_CHAT_ID": "group", "DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: STAFF_CHAT_ID must be a Telegram chat id such as -1001234567890, got 'group'"


def test_the_enquiry_timeout_reaches_the_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bot.channels.telegram.run import load_engine

    seen: dict[str, Any] = {}
    monkeypatch.setattr(Engine, "load", classmethod(lambda cls, *args, **kwargs: seen.update(kwargs) or "engine"))
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123456789:AAF-real_looking_token_abcdefghijk", "ENQUIRY_TIMEOUT_MINUTES": "45", "DATA_DIR": str(tmp_path)})
    assert load_engine(settings) == "engine" and seen["enquiry_ttl"] == dt.timedelta(minutes=45)


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "RETENTION_DAYS")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env={**env, "DATA_DIR": str(tmp_path)}, capture_output=True, text=True, timeout=60
    )


async def test_cli_lists_and_purges_enquiries(tmp_path: Path) -> None:
    assert "no enquiries" in _cli(tmp_path, "enquiries").stdout
    now = dt.datetime.now(dt.UTC)
    async with open_store(None, tmp_path) as store:
        new = await store.create_enquiry(
            source_key="t:9", chat_id=1, user_id=1, lang="en", now=now,
            fields={**FIELDS, "towns": ["nagi", "ibara"], "message": "\nFirst line of the message.\nSecond line."},
        )  # fmt: skip
        old = await store.create_enquiry(source_key="t:10", chat_id=2, user_id=2, lang="ja", fields=FIELDS, now=now - dt.timedelta(days=400))
        await store.answer_enquiry(old.ref, "Done.", now)
    listing = _cli(tmp_path, "enquiries")
    assert listing.returncode == 0, listing.stderr
    row = next(line for line in listing.stdout.splitlines() if new.ref in line)
    for value in (now.date().isoformat(), "new", "City of Perth, Australia", "nagi,ibara", "jane@perth.wa.gov.au", "First line of the message."):
        assert value in row
    assert "Second line" not in listing.stdout and old.ref in listing.stdout
    answered = _cli(tmp_path, "enquiries", "--status", "answered").stdout
    assert old.ref in answered and new.ref not in answered
    assert _cli(tmp_path, "enquiries", "--status", "lost").returncode == 2

    purge = _cli(tmp_path, "purge", "--older-than", "365")
    assert purge.returncode == 0 and purge.stdout.startswith("purged 1 enquiry"), purge.stdout + purge.stderr
    assert old.ref not in _cli(tmp_path, "enquiries").stdout
    missing = _cli(tmp_path, "purge")
    assert missing.returncode == 2 and "--older-than DAYS or set RETENTION_DAYS" in missing.stderr
    assert _cli(tmp_path, "purge", "--older-than", "0").returncode == 2
    env_days = subprocess.run(
        [sys.executable, "-m", "bot", "purge"], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "DATA_DIR": str(tmp_path), "RETENTION_DAYS": "30"},
    )  # fmt: skip
    assert env_days.returncode == 0 and env_days.stdout.startswith("purged 0 enquiries"), env_days.stdout + env_days.stderr
