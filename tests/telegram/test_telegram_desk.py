"""The division's desk end to end, in English and Japanese: the real Application, engine and store (SQLite) over the
fake Bot API, the outbox worker delivering. An unanswered question handed off and quoted on the staff card; a
three-turn exchange (staff, official, staff) then /close; a forum topic exchange; reminders with an injected clock;
/export read back with the csv module; a profile with its pamphlet; /healthz on HEALTH_PORT in polling mode."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import itertools
import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import tg_updates as tg
from conftest import Bot, free_port, running
from fake_bot_api import BOT_USER, Call, FakeBotApi
from test_telegram_bot import keyboard

from bot.config import EnquirySettings
from bot.core.engine import Engine
from bot.store import Store

STAFF = -1005550001
STAFF_CHAT = {"id": STAFF, "type": "supergroup", "title": "CLAIR International Exchange Division", "is_forum": False}
SATO = {"id": 333, "is_bot": False, "first_name": "Sato", "language_code": "en"}
REF = re.compile(r"CLAIR-\d{4}-\d{6}")
DESK = EnquirySettings(staff_chat_id=STAFF, backoff=0.05, backoff_max=0.5, poll_interval=0.05, remind_hours=1.5)
IDS = itertools.count(700_000)
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


class Clock:
    """The desk's injected time: moves only when a test says so."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def fresh(update: dict[str, Any]) -> dict[str, Any]:
    return {"update_id": next(IDS), **update}


def line(text: str, user: dict[str, Any], chat: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """``!command`` presses a button carrying it; anything else is a text message."""
    if text.startswith("!"):
        return fresh(tg.callback(f"v1|{text[1:]}", user=user, chat=chat))
    return fresh(tg.message(text, user=user, chat=chat, **extra))


async def say(bot: Bot, text: str, user: dict[str, Any], **extra: Any) -> list[Call]:
    """Send one line from ``user`` in their private chat; the messages sent back there."""
    calls = await bot.send(line(text, user, **extra))
    return [c for c in calls if c.method == "sendMessage" and int(c["chat_id"]) == user["id"]]


def to(fake: FakeBotApi, chat_id: int, method: str = "sendMessage") -> list[Call]:
    return [c for c in fake.succeeded(method) if int(c["chat_id"]) == chat_id]


async def eventually(condition: Callable[[], Any], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)
    return found


async def posted(bot: Bot, call: Call, chat: dict[str, Any]) -> dict[str, Any]:
    """The message ``call`` posted, as it appears in a reply to it, once the outbox has recorded it as sent (the
    fake answers the worker a moment before the worker tells the store)."""
    message_id = bot.fake.result(call)["message_id"]

    async def recorded() -> None:
        while await bot.store.enquiry_for_reply(chat["id"], message_id) is None:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(recorded(), 5)
    return {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": BOT_USER, "text": call["text"]}


async def staff_says(bot: Bot, text: str, **extra: Any) -> list[str]:
    calls = await bot.send(fresh(tg.message(text, user=SATO, chat=STAFF_CHAT, **extra)))
    return [c["text"] for c in calls if c.method == "sendMessage" and int(c["chat_id"]) == STAFF]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def desk_bot(fake: FakeBotApi, engine: Engine, store: Store, clock: Clock):  # type: ignore[no-untyped-def]
    async with running(fake, engine, store, DESK, clock=clock, remind_seconds=0.05) as bot:
        yield bot


async def enquiry_of(bot: Bot, user: dict[str, Any], clock: Clock, message: str = "We would like a school exchange.") -> Any:
    """An enquiry from ``user`` (in their language), its card delivered to the staff chat."""
    lang = user["language_code"]
    fields = {"name": "Jane Smith", "organisation": "City of Perth, Australia", "email": "jane@perth.example",
              "towns": ["nagi"], "message": message}  # fmt: skip
    made = await bot.store.create_enquiry(source_key=f"test:{next(IDS)}", chat_id=user["id"], user_id=user["id"], lang=lang,
                                          fields=fields, now=clock())  # fmt: skip
    bot.channel.wake()

    async def forwarded() -> Any:
        while (found := await bot.store.get_enquiry(made.ref)).status != "forwarded":
            await asyncio.sleep(0.01)
        return found

    return await asyncio.wait_for(forwarded(), 5)


# --- 1: hand-off from an answer the bot could not give ------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "question", "answers"),
    [
        (tg.ALICE, "Who is the mayor of Nagi?", ["Jane Smith, IR officer", "City of Perth, Australia", "jane@perth.example"]),
        (tg.HANAKO, "奈義町の町長は誰ですか", ["山田花子、国際交流員", "オーストラリア・パース市", "hanako@perth.example"]),
    ],
)
async def test_an_unanswered_question_is_handed_off_and_quoted_on_the_staff_card(
    desk_bot: Bot, user: dict[str, Any], question: str, answers: list[str]
) -> None:
    (unknown,) = await say(desk_bot, question, user)
    assert "handoff" in keyboard(unknown)
    started = await say(desk_bot, "!handoff", user)
    assert question in started[-1]["text"]  # quoted back: this is what goes to staff
    for answer in answers:
        await say(desk_bot, answer, user)
    (sent,) = await say(desk_bot, "!enquiry:confirm", user)
    ref = REF.search(sent["text"]).group(0)
    card = await eventually(lambda: [c["text"] for c in to(desk_bot.fake, STAFF) if ref in c["text"]])
    assert "Question the bot could not answer" in card[0]
    assert f"<blockquote>{question}</blockquote>" in card[0]
    assert answers[2] in card[0] and "Nagi Town" in card[0]
    # a reply to the message that gave the reference adds to the enquiry before staff have answered
    await say(desk_bot, "We also have three schools.", user, reply_to=await posted(desk_bot, sent, tg.private(user)))
    await eventually(lambda: [c for c in to(desk_bot.fake, STAFF) if "We also have three schools." in c["text"] and ref in c["text"]])


async def test_a_request_that_says_what_it_wants_is_the_enquirys_message(desk_bot: Bot) -> None:
    request = "I'd like to contact Ibara City about a denim study tour"
    started = await say(desk_bot, request, tg.ALICE)
    assert request in started[-1]["text"] and "your name and position" in started[-1]["text"]
    for answer in ["Jane Smith, IR officer", "City of Perth, Australia"]:
        await say(desk_bot, answer, tg.ALICE)
    (summary,) = await say(desk_bot, "jane@perth.example", tg.ALICE)  # no towns or message asked
    assert "Please check your enquiry" in summary["text"] and request in summary["text"]
    (sent,) = await say(desk_bot, "!enquiry:confirm", tg.ALICE)
    ref = REF.search(sent["text"]).group(0)
    card = await eventually(lambda: [c["text"] for c in to(desk_bot.fake, STAFF) if ref in c["text"]])
    assert f"<blockquote>{request}</blockquote>" in card[0] and "could not answer" not in card[0] and "Ibara City" in card[0]


async def test_a_hand_off_asked_for_in_a_group_continues_in_a_private_chat(desk_bot: Bot) -> None:
    question = "Who is the mayor of Nagi?"
    calls = await desk_bot.send(fresh(tg.message(f"@SisterCityBot {question}", chat=tg.GROUP)))
    (unknown,) = [c for c in calls if c.method == "sendMessage"]
    assert "handoff" in keyboard(unknown)
    calls = await desk_bot.send(fresh(tg.callback("v1|handoff", chat=tg.GROUP)))
    (invitation,) = [c for c in calls if c.method == "sendMessage"]
    (button,) = [b for row in invitation["reply_markup"]["inline_keyboard"] for b in row]
    assert button["url"].endswith("?start=handoff")  # nothing personal asked in the group
    started = await say(desk_bot, "/start handoff", tg.ALICE)
    assert question in started[-1]["text"]
    state = await desk_bot.store.load_state(tg.ALICE["id"])
    assert state.dialogue is not None and state.dialogue.data["message"] == question


# --- 2: conversations until closed --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "words"),
    [
        (tg.ALICE, {"relayed": "Sent to CLAIR's staff", "closed": "has closed your enquiry", "refused": "is closed", "reply": "Write your reply"}),
        (tg.HANAKO, {"relayed": "クレアの担当者に送りました", "closed": "終了しました", "refused": "終了しているため", "reply": "への返信を書いてください"}),
    ],
)
async def test_a_three_turn_exchange_then_close(desk_bot: Bot, clock: Clock, user: dict[str, Any], words: dict[str, str]) -> None:
    fake, chat = desk_bot.fake, tg.private(user)
    enquiry = await enquiry_of(desk_bot, user, clock)
    ref = enquiry.ref
    card = {"message_id": enquiry.staff_message_id, "date": 0, "chat": STAFF_CHAT, "from": BOT_USER, "text": "New enquiry"}

    # 1. staff answer (a reply to the card); it reaches the official with a Reply button
    assert await staff_says(desk_bot, "Which school would you like to pair with?", reply_to_message=card) == [f"Sent to the official: {ref}"]
    first = await eventually(lambda: [c for c in to(fake, user["id"]) if "Which school" in c["text"]])
    assert keyboard(first[0]) == [f"reply:{ref}"]

    # 2. the official simply replies to it in Telegram: relayed to staff with the reference
    (ack,) = await say(desk_bot, "An elementary school, please.", user, reply_to=await posted(desk_bot, first[0], chat))
    assert words["relayed"] in ack["text"] and ref in ack["text"]
    relay = await eventually(lambda: [c for c in to(fake, STAFF) if "An elementary school" in c["text"]])
    assert f"Message from the official on {ref}" in relay[0]["text"] and "<blockquote>An elementary school, please.</blockquote>" in relay[0]["text"]

    # 3. staff answer the relayed message by replying to it
    assert await staff_says(desk_bot, "Nagi Elementary is interested.", reply_to_message=await posted(desk_bot, relay[0], STAFF_CHAT)) == [f"Sent to the official: {ref}"]
    await eventually(lambda: any("Nagi Elementary" in c["text"] for c in to(fake, user["id"])))

    # the Reply button works too
    (prompt,) = await say(desk_bot, f"!reply:{ref}", user)
    assert words["reply"] in prompt["text"]
    (ack,) = await say(desk_bot, "Thank you very much!", user)
    assert words["relayed"] in ack["text"]
    await eventually(lambda: any("Thank you very much!" in c["text"] for c in to(fake, STAFF)))

    # /close: the official is told, in their language
    assert await staff_says(desk_bot, f"/close {ref}") == [f"Closed {ref}; the official has been told."]
    notice = await eventually(lambda: [c for c in to(fake, user["id"]) if words["closed"] in c["text"]])
    assert ref in notice[0]["text"]
    assert await staff_says(desk_bot, f"/close {ref}") == [f"{ref} was already closed."]

    # a later reply from the official offers a new enquiry, and nothing reaches staff
    staff_before = len(to(fake, STAFF))
    (offer,) = await say(desk_bot, "One more question.", user, reply_to=await posted(desk_bot, first[0], chat))
    assert words["refused"] in offer["text"] and keyboard(offer) == ["enquire"]
    assert await staff_says(desk_bot, f"/reply {ref} Too late?") == [f"{ref} is closed: nothing was sent. The official can start a new enquiry."]
    assert len(to(fake, STAFF)) == staff_before + 1  # only the refusal above

    # /status REF for staff: the whole exchange, in order
    (status,) = await staff_says(desk_bot, f"/status {ref}")
    order = ["We would like a school exchange.", "Which school", "An elementary school", "Nagi Elementary", "Thank you very much!"]
    assert "<b>Status:</b> closed" in status and [status.index(t) for t in order] == sorted(status.index(t) for t in order)
    talk = (await desk_bot.store.conversation([ref]))[ref]
    assert [m.author for m in talk] == ["staff", "official", "staff", "official"]  # each message once


# --- forum topics ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", [tg.ALICE, tg.HANAKO])
async def test_forum_topic_exchange(fake: FakeBotApi, engine: Engine, store: Store, clock: Clock, user: dict[str, Any]) -> None:
    fake.forums.add(STAFF)
    async with running(fake, engine, store, DESK, clock=clock) as bot:
        enquiry = await enquiry_of(bot, user, clock)
        (topic,) = fake.succeeded("createForumTopic")
        assert topic["name"].startswith(enquiry.ref) and "City of Perth" in topic["name"]
        thread = fake.result(topic)["message_thread_id"]
        assert await store.topic(enquiry.ref) == (STAFF, thread)
        (card,) = to(fake, STAFF)
        assert card["message_thread_id"] == thread and enquiry.ref in card["text"]

        # a message in the topic goes to the official, no reply needed
        in_topic = {"message_thread_id": thread, "is_topic_message": True}
        assert await staff_says(bot, "Hello from the division.", **in_topic) == [f"Sent to the official: {enquiry.ref}"]
        answer = await eventually(lambda: [c for c in to(fake, user["id"]) if "Hello from the division." in c["text"]])
        # the official's reply lands in the same topic
        await say(bot, "Hello back!", user, reply_to=await posted(bot, answer[0], tg.private(user)))
        relay = await eventually(lambda: [c for c in to(fake, STAFF) if "Hello back!" in c["text"]])
        assert relay[0]["message_thread_id"] == thread
        # /close inside the topic needs no reference
        assert await staff_says(bot, "/close", **in_topic) == [f"Closed {enquiry.ref}; the official has been told."]
        # a message in a topic that is no enquiry's is left alone
        before = len(fake.calls)
        await bot.send(fresh(tg.message("General chatter", user=SATO, chat=STAFF_CHAT, message_thread_id=1, is_topic_message=True)))
        assert [c for c in fake.calls[before:] if c.method == "sendMessage" and int(c["chat_id"]) == STAFF] == []  # (the
        # closing notice may go to the official meanwhile)


async def test_a_forum_where_the_bot_may_not_open_topics_gets_the_cards_in_the_chat(
    fake: FakeBotApi, engine: Engine, store: Store, clock: Clock
) -> None:
    fake.forums.add(STAFF)
    fake.fail("createForumTopic", 400)  # "not enough rights to create a topic"
    async with running(fake, engine, store, DESK, clock=clock) as bot:
        enquiry = await enquiry_of(bot, tg.ALICE, clock)
        (card,) = to(fake, STAFF)
        assert enquiry.ref in card["text"] and card.get("message_thread_id") is None
        assert await store.topic(enquiry.ref) is None


# --- reminders ------------------------------------------------------------------------------------------------


async def test_reminders_after_the_delay_then_daily_until_answered(desk_bot: Bot, clock: Clock) -> None:
    fake, store = desk_bot.fake, desk_bot.store
    enquiry = await enquiry_of(desk_bot, tg.ALICE, clock)
    schedule = (dt.timedelta(hours=1.5), dt.timedelta(days=1))
    assert await store.queue_reminders(clock(), *schedule) == []  # not yet due: the loop queues nothing either

    def reminders() -> list[Call]:
        return [c for c in to(fake, STAFF) if c["text"].startswith("<b>Reminder:")]

    clock.now = T0 + dt.timedelta(hours=2)
    first = await eventually(reminders)
    assert f"Reminder: {enquiry.ref} has waited 2 hours for an answer" in first[0]["text"]
    assert "We would like a school exchange." in first[0]["text"]
    clock.now = T0 + dt.timedelta(hours=5)
    assert await store.queue_reminders(clock(), *schedule) == []  # reminded within the day
    clock.now = T0 + dt.timedelta(hours=27)
    await eventually(lambda: len(reminders()) == 2)
    assert "waited 1 day 3 hours" in reminders()[1]["text"]

    # a staff reply to the reminder answers the enquiry; no reminder after that
    assert await staff_says(desk_bot, "Sorry for the wait!", reply_to_message=await posted(desk_bot, reminders()[1], STAFF_CHAT)) == [f"Sent to the official: {enquiry.ref}"]
    clock.now = T0 + dt.timedelta(days=5)
    assert await store.queue_reminders(clock(), *schedule) == []
    assert (await store.get_enquiry(enquiry.ref)).waiting_since is None


# --- export ---------------------------------------------------------------------------------------------------


async def test_export_sends_every_enquiry_as_csv(desk_bot: Bot, clock: Clock) -> None:
    first = await enquiry_of(desk_bot, tg.ALICE, clock)
    second = await enquiry_of(desk_bot, tg.HANAKO, clock, "姉妹都市交流について相談したいです。")
    await desk_bot.store.add_staff_answer(second.ref, "ご連絡ありがとうございます。", clock(), source_key="a")
    calls = await desk_bot.send(fresh(tg.message("/export", user=SATO, chat=STAFF_CHAT)))
    (document,) = [c for c in calls if c.method == "sendDocument"]
    upload = document["document"]
    assert upload["filename"] == "enquiries-2026-03-01.csv" and upload["content"].startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(upload["content"].decode("utf-8-sig"), newline="")))
    assert [(r["ref"], r["row"], r["text"]) for r in table] == [
        (first.ref, "enquiry", "We would like a school exchange."),
        (second.ref, "enquiry", "姉妹都市交流について相談したいです。"),
        (second.ref, "staff", "ご連絡ありがとうございます。"),
    ]
    assert "3 rows" in [c["text"] for c in calls if c.method == "sendMessage" and int(c["chat_id"]) == STAFF][0]
    assert "one of: new" in (await staff_says(desk_bot, "/export lost"))[0]
    refused = await desk_bot.send(fresh(tg.message("/export")))  # an official: refused, no document
    assert not [c for c in refused if c.method == "sendDocument"]


# --- profiles ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("user", "kind"), [(tg.ALICE, "document"), (tg.HANAKO, "photo")])
async def test_a_profile_with_its_pamphlet_reaches_staff(desk_bot: Bot, user: dict[str, Any], kind: str) -> None:
    fake = desk_bot.fake
    (first,) = await say(desk_bot, "/profile", user)
    assert keyboard(first) == ["cancel"]
    answers = ["City of Perth, Australia", "27,000", "!profile:skip", "Ten minutes from the airport.", "Tourism and wine.",
               "A university and a music festival.", "!profile:skip", "Student exchanges.", "Students, culture.",
               "!profile:skip", "Jane Smith", "International Relations Officer", "jane@perth.example"]  # fmt: skip
    for answer in answers:
        await say(desk_bot, answer, user)
    if kind == "document":
        pamphlet = {"file_id": "BQAC-pamphlet-pdf", "file_unique_id": "u1", "file_name": "perth.pdf", "mime_type": "application/pdf", "file_size": 2_000_000}
        summary = await desk_bot.send(fresh(tg.message(None, user=user, document=pamphlet)))
    else:
        sizes = [{"file_id": "AgAD-small", "file_unique_id": "s", "width": 90, "height": 90},
                 {"file_id": "AgAD-pamphlet-photo", "file_unique_id": "u2", "width": 1280, "height": 960, "file_size": 300_000}]  # fmt: skip
        summary = await desk_bot.send(fresh(tg.message(None, user=user, photo=sizes)))
    assert any(c.method == "sendMessage" and "Jane Smith" in c["text"] for c in summary)
    (done,) = await say(desk_bot, "!profile:confirm", user)
    ref = re.search(r"PROFILE-\d{4}-\d{6}", done["text"]).group(0)
    card = await eventually(lambda: [c for c in to(fake, STAFF) if f"New profile {ref}" in c["text"]])
    assert "City of Perth, Australia" in card[0]["text"] and "Towns that fit the city you describe" in card[0]["text"]
    method, field, file_id = ("sendDocument", "document", "BQAC-pamphlet-pdf") if kind == "document" else ("sendPhoto", "photo", "AgAD-pamphlet-photo")
    sent = await eventually(lambda: to(fake, STAFF, method))
    assert [c[field] for c in sent] == [file_id] and ref in sent[0]["caption"]  # forwarded by its file id, once
    (stored,) = await desk_bot.store.list_profiles()
    assert stored.ref == ref and stored.fields["area"] == "" and stored.fields["pamphlet"] == file_id


async def test_a_file_outside_a_profile_is_not_read(desk_bot: Bot) -> None:
    pamphlet = {"file_id": "BQAC-x", "file_unique_id": "u", "file_name": "x.pdf", "mime_type": "application/pdf"}
    calls = await desk_bot.send(fresh(tg.message(None, document=pamphlet)))
    assert ["I can only read text messages" in c["text"] for c in calls if c.method == "sendMessage"] == [True]


# --- health -----------------------------------------------------------------------------------------------------


async def test_healthz_on_health_port_in_polling_mode(fake: FakeBotApi, engine: Engine, store: Store, clock: Clock) -> None:
    port = free_port()
    async with running(fake, engine, store, DESK, clock=clock, health_port=port, host="127.0.0.1") as bot:
        await enquiry_of(bot, tg.ALICE, clock)
        clock.now = T0 + dt.timedelta(minutes=10)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            body = await eventually_json(client)
        assert body["status"] == "ok" and body["store"] == "reachable" and body["oldest_unanswered_age_seconds"] == 600


async def eventually_json(client: httpx.AsyncClient) -> dict[str, Any]:
    deadline = time.monotonic() + 5
    while True:
        try:
            response = await client.get("/healthz")
            if response.status_code == 200:
                return response.json()
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "no /healthz"
        await asyncio.sleep(0.02)


# --- a restart in the middle ------------------------------------------------------------------------------------


async def test_a_restart_mid_conversation_keeps_the_reply_and_the_profile(fake: FakeBotApi, engine: Engine, tmp_path: Any) -> None:
    from bot.store import open_store

    clock = Clock()
    async with open_store(None, tmp_path) as store, running(fake, engine, store, DESK, clock=clock) as bot:
        enquiry = await enquiry_of(bot, tg.HANAKO, clock)
        (prompt,) = await say(bot, f"!reply:{enquiry.ref}", tg.HANAKO)  # the Reply button pressed, then a restart
        assert "への返信を書いてください" in prompt["text"]
        await say(bot, "/profile", tg.ALICE)
        await say(bot, "City of Perth, Australia", tg.ALICE)
    async with open_store(None, tmp_path) as store, running(fake, engine, store, DESK, clock=clock) as bot:
        (ack,) = await say(bot, "再起動後の返信です。", tg.HANAKO)
        assert "クレアの担当者に送りました" in ack["text"]
        await eventually(lambda: [c for c in to(fake, STAFF) if "再起動後の返信です。" in c["text"]])
        (population,) = await say(bot, "27,000", tg.ALICE)
        assert "Question 3 of 14" in population["text"]  # the profile carries on at the area


# --- several instances on one PostgreSQL database ------------------------------------------------------------


@pytest.mark.postgresql
async def test_two_instances_on_postgresql_relay_and_remind_once(postgres_database: str, engine: Engine, tmp_path: Any) -> None:
    from bot.store import open_store

    clock = Clock()
    async with FakeBotApi() as fake_a, FakeBotApi() as fake_b:
        async with (
            open_store(postgres_database, tmp_path) as store_a,
            open_store(postgres_database, tmp_path) as store_b,
            running(fake_a, engine, store_a, DESK, clock=clock, remind_seconds=0.05) as bot_a,
            running(fake_b, engine, store_b, DESK, clock=clock, remind_seconds=0.05) as bot_b,
        ):
            enquiry = await enquiry_of(bot_a, tg.HANAKO, clock)

            def staff_messages(needle: str) -> list[Call]:
                return [c for fake in (fake_a, fake_b) for c in to(fake, STAFF) if needle in c["text"]]

            async def delivered() -> None:  # every queued message sent (by either instance)
                while (await store_a.health(clock())).outbox_backlog:
                    await asyncio.sleep(0.01)

            # the official's message delivered to both instances (the same update): recorded and relayed once
            await store_a.add_staff_answer(enquiry.ref, "どの学校ですか？", clock(), source_key="s1")
            await asyncio.wait_for(delivered(), 5)
            answer = [c for fake in (fake_a, fake_b) for c in to(fake, tg.HANAKO["id"]) if "どの学校" in c["text"]][0]
            owner = bot_a if answer in fake_a.calls else bot_b
            update = line("小学校です。", tg.HANAKO, reply_to=await posted(owner, answer, tg.private(tg.HANAKO)))
            await asyncio.gather(bot_a.send(update), bot_b.send(update))
            await asyncio.wait_for(delivered(), 5)
            assert len(staff_messages("小学校です。")) == 1
            assert [m.text for m in (await store_b.conversation([enquiry.ref]))[enquiry.ref]] == ["どの学校ですか？", "小学校です。"]

            # both instances look for reminders: one reminder
            clock.now = T0 + dt.timedelta(hours=2)
            await eventually(lambda: staff_messages("Reminder:"))
            await asyncio.wait_for(delivered(), 5)
            (reminder,) = staff_messages("Reminder:")
            assert "<blockquote>小学校です。</blockquote>" in reminder["text"]  # what waits: the official's last message
            assert await store_a.queue_reminders(clock(), dt.timedelta(hours=1.5), dt.timedelta(days=1)) == []
