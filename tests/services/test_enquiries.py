"""The enquiry service on a real store (SQLite, and PostgreSQL when a server is there): submitting with the daily
limit and one enquiry per dialogue, the receipt, the status; and the console, which goes through it too."""

from __future__ import annotations

import asyncio
import datetime as dt
import io

from bot.channels.console import CONSOLE_CHAT, chat
from bot.config import EnquirySettings
from bot.core.engine import Engine
from bot.core.reply import State
from bot.services.enquiries import Enquiries, source_key
from bot.services.knowledge import Knowledge
from bot.store import ANSWERED, RECEIPT, STAFF_CARD, Store, open_store

from .dialogue import ANSWERS, confirmed

CHAT, USER = 4242, 77
LATER = dt.timedelta(hours=1)


def service(store: Store, engine: Engine, limit: int = 5, staff_chat: int | None = None) -> Enquiries:
    return Enquiries(store, Knowledge(engine), EnquirySettings(ENQUIRY_DAILY_LIMIT=limit), staff_chat=lambda: staff_chat)


async def submit(enquiries: Enquiries, engine: Engine, user: int | None = USER, **options: object):
    before, reply = confirmed(engine)
    source = source_key("test", CHAT, before, "none")
    return await enquiries.submit(reply, before, chat_id=CHAT, user_id=user, source=source, **options)


async def test_a_confirmed_enquiry_is_stored_once_with_its_staff_card(store: Store, engine: Engine) -> None:
    enquiries = service(store, engine, staff_chat=-100)
    before, reply = confirmed(engine)
    source = source_key("test", CHAT, before, "none")
    answered, ref = await enquiries.submit(reply, before, chat_id=CHAT, user_id=USER, source=source, receipt_after=None)
    assert ref is not None and ref in answered.text and answered.submission is None
    again, same = await enquiries.submit(reply, before, chat_id=CHAT, user_id=USER, source=source)  # a repeated Confirm
    assert same == ref and ref in again.text
    stored = await store.get_enquiry(ref)
    assert stored is not None and stored.chat_id == CHAT and stored.towns == ["ibara"]
    assert stored.fields["email"] == "anna@hobart.example"
    items = await store.claim_outbox(dt.datetime.now(dt.UTC) + LATER)
    assert [(i.kind, i.payload.get("staff_chat_id")) for i in items] == [(STAFF_CARD, -100)]  # no receipt asked for


async def test_the_source_key_is_the_dialogue(engine: Engine) -> None:
    before, _reply = confirmed(engine)
    assert before.dialogue is not None
    assert source_key("tg", 5, before, "9") == f"tg:5:{before.dialogue.started.isoformat()}"
    assert source_key("tg", 5, State(), "9") == "tg:9"


async def test_the_daily_limit_refuses_a_confirm_and_a_new_dialogue(store: Store, engine: Engine) -> None:
    enquiries = service(store, engine, limit=2)
    refs = [(await submit(enquiries, engine))[1] for _ in range(2)]
    assert all(refs) and refs[0] != refs[1]
    refused, ref = await submit(enquiries, engine)
    assert ref is None and refused.intent == "enquiry_limit" and "2 enquiries" in refused.text
    assert await store.count_enquiries(USER, dt.datetime.now(dt.UTC) - dt.timedelta(days=1)) == 2
    started = engine.act("enquire", "en", State())
    again, _ = await enquiries.submit(started, State(), chat_id=CHAT, user_id=USER, source="x")
    assert again.intent == "enquiry_limit" and again.state.dialogue is None  # the dialogue is not even begun
    other, other_ref = await submit(enquiries, engine, user=USER + 1)  # another official is not affected
    assert other_ref is not None and other_ref in other.text


async def test_the_receipt_is_queued_and_settled(store: Store, engine: Engine) -> None:
    enquiries = service(store, engine)
    _reply, told = await submit(enquiries, engine)
    _reply, untold = await submit(enquiries, engine, user=USER + 1)
    assert told and untold
    await enquiries.settle_receipt(told, delivered=True)
    await enquiries.settle_receipt(untold, delivered=False)
    due = await store.claim_outbox(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1), limit=10)
    assert sorted(i.enquiry_ref for i in due if i.kind == RECEIPT) == [untold]


async def test_status_and_pending_are_the_chats_own(store: Store, engine: Engine) -> None:
    enquiries = service(store, engine)
    _reply, first = await submit(enquiries, engine)
    _reply, second = await submit(enquiries, engine)
    assert first and second
    listing = await enquiries.status(CHAT, "", "en", State())
    assert first in listing.text and second in listing.text
    assert first in (await enquiries.status(CHAT, first.lower(), "en", State())).text
    elsewhere = await enquiries.status(CHAT + 1, first, "en", State())
    assert elsewhere.text == f"I cannot find an enquiry {first} from this chat."  # another chat's is not shown
    assert (await enquiries.status(CHAT + 1, "", "en", State())).intent == "status"
    await store.answer_enquiry(first, "Thank you.", dt.datetime.now(dt.UTC))
    answered = await store.get_enquiry(first)
    assert answered is not None and answered.status == ANSWERED
    assert [e.ref for e in await enquiries.pending(CHAT)] == [second]


def test_the_console_submits_through_the_service_with_the_daily_limit(engine: Engine, tmp_path) -> None:
    lines = "\n".join(["I want to send an enquiry", *ANSWERS] * 2 + ["/status", "/enquiries", "/quit"]) + "\n"
    out = io.StringIO()
    chat(engine, io.StringIO(lines), out, store=open_store(None, tmp_path), settings=EnquirySettings(ENQUIRY_DAILY_LIMIT=1))
    text = out.getvalue()
    assert text.count("Your reference is CLAIR-") == 1
    assert "You have sent 1 enquiries in the last 24 hours" in text
    ref = text.split("Your reference is ")[1].split(".")[0]
    assert text.count(f"Enquiry {ref}") == 2  # /status and /enquiries

    async def stored() -> list:
        async with open_store(None, tmp_path) as store:
            return await store.list_enquiries(chat_id=CONSOLE_CHAT)

    (enquiry,) = asyncio.run(stored())
    assert enquiry.ref == ref and enquiry.user_id == 0
