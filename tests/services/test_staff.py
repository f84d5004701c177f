"""The staff desk on a real store: answering by reference and by staff card, the open enquiries, the stats, and a
reload the next reader sees at once (the live engine, never a copy)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from bot.core.engine import Engine
from bot.core.reply import State
from bot.knowledge.loader import DEFAULT_DIR
from bot.live import LiveEngine
from bot.services.knowledge import Knowledge
from bot.services.staff import StaffDesk
from bot.store import ANSWER, ANSWERED, FORWARDED, NEW, STAFF_CARD, Question, Store

STAFF_CHAT = -1001
FIELDS = {"name": "Anna Lee", "organisation": "Town of Hobart", "email": "anna@hobart.example", "towns": ["nagi"], "message": "Hello\nmore"}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def enquiry(store: Store, key: str, chat_id: int = 11):
    return await store.create_enquiry(source_key=key, chat_id=chat_id, user_id=chat_id, lang="en", fields=FIELDS, now=now())


async def test_an_answer_by_reference_goes_to_the_official(store: Store, engine: Engine) -> None:
    woken: list[bool] = []
    desk = StaffDesk(store, Knowledge(engine), wake=lambda: woken.append(True))
    sent = await enquiry(store, "a")
    reply = await desk.answer(sent.ref.lower(), "  Thank you, we will write.  ", "en", State())
    assert reply.text == f"Sent to the official: {sent.ref}" and woken == [True]
    answered = await store.get_enquiry(sent.ref)
    assert answered is not None and answered.status == ANSWERED and answered.answer == "Thank you, we will write."
    items = await store.claim_outbox(now(), limit=10)
    assert [(i.kind, i.payload["chat_id"]) for i in items if i.kind == ANSWER] == [(ANSWER, 11)]


async def test_a_wrong_or_missing_reference_is_said(store: Store, engine: Engine) -> None:
    desk = StaffDesk(store, Knowledge(engine))
    missing = await desk.answer("CLAIR-2026-999999", "text", "en", State())
    assert missing.text == "I cannot find enquiry CLAIR-2026-999999."
    usage = await desk.answer("", "", "en", State())
    assert usage.text.startswith("Send /reply followed by the reference")
    not_a_card = await desk.answer("", "an answer", "en", State(), to_a_reply=True)
    assert not_a_card.text.startswith("I cannot tell which enquiry this answers")


async def test_an_answer_to_the_card(store: Store, engine: Engine) -> None:
    desk = StaffDesk(store, Knowledge(engine))
    sent = await enquiry(store, "b")
    (card,) = [i for i in await store.claim_outbox(now()) if i.kind == STAFF_CARD]
    assert await store.outbox_sent(card.id, 501, now(), staff_chat_id=STAFF_CHAT, parts=[500, 501])
    found = await desk.card(STAFF_CHAT, 500)  # any part of the card
    assert found is not None and found.ref == sent.ref
    reply = await desk.answer_card(STAFF_CHAT, 501, "Welcome", "en", State())
    assert reply is not None and sent.ref in reply.text
    assert await desk.answer_card(STAFF_CHAT, 999, "Welcome", "en", State()) is None


async def test_open_enquiries_lists_new_and_forwarded_only(store: Store, engine: Engine) -> None:
    desk = StaffDesk(store, Knowledge(engine))
    assert (await desk.open_enquiries("en", State())).text == "No open enquiries."
    new, forwarded, answered = [await enquiry(store, key, chat_id=n) for n, key in enumerate("cde", 1)]
    (card,) = [i for i in await store.claim_outbox(now(), limit=10) if i.kind == STAFF_CARD and i.enquiry_ref == forwarded.ref]
    await store.outbox_sent(card.id, 7, now(), staff_chat_id=STAFF_CHAT)
    await store.answer_enquiry(answered.ref, "Done", now())
    text = (await desk.open_enquiries("en", State())).text
    assert "Open enquiries: 2" in text and new.ref in text and forwarded.ref in text and answered.ref not in text
    assert f"{new.ref} · " in text and f"· {NEW} ·" in text and f"· {FORWARDED} ·" in text
    assert "Town of Hobart · nagi · anna@hobart.example" in text and "    Hello" in text


async def test_open_enquiries_include_those_the_official_wrote_to_again(store: Store, engine: Engine) -> None:
    desk = StaffDesk(store, Knowledge(engine))
    answered = await enquiry(store, "w", chat_id=5)
    await store.add_staff_answer(answered.ref, "Done", now(), source_key="s")
    assert answered.ref not in (await desk.open_enquiries("en", State())).text
    await store.add_official_message(answered.ref, 5, "One more thing", now(), source_key="o")
    assert answered.ref in (await desk.open_enquiries("en", State())).text


async def test_close_and_exchange(store: Store, engine: Engine) -> None:
    woken: list[bool] = []
    desk = StaffDesk(store, Knowledge(engine), wake=lambda: woken.append(True))
    made = await enquiry(store, "x")
    reply = await desk.answer(made.ref, "Which town?", "en", State(), source_key="tg:1")
    assert f"Sent to the official: {made.ref}" in reply.text and woken == [True]
    again = await desk.answer(made.ref, "Which town?", "en", State(), source_key="tg:1")  # a redelivered update
    assert f"Sent to the official: {made.ref}" in again.text and woken == [True]  # recorded and queued once
    assert f"Closed {made.ref}" in (await desk.close(made.ref.lower(), "en", State())).text
    assert "already closed" in (await desk.close(made.ref, "en", State())).text
    assert "is closed: nothing was sent" in (await desk.answer(made.ref, "Late", "en", State())).text
    assert "/close CLAIR-" in (await desk.close("", "en", State())).text
    assert "cannot find" in (await desk.close("CLAIR-2026-999999", "en", State())).text
    exchange = (await desk.exchange(made.ref, "en", State())).text
    assert "Status: closed" in exchange and "Which town?" in exchange and "Hello" in exchange
    assert "cannot find" in (await desk.exchange("CLAIR-2026-999999", "en", State())).text


async def test_stats_report_the_question_log(store: Store, engine: Engine) -> None:
    desk = StaffDesk(store, Knowledge(engine))
    await store.end_update(0, State(), now(), loaded=State(), question=Question("kabuki", "en", "topic", ("nagi",), True, "x"))
    text = (await desk.stats("en", State())).text
    assert "Questions in the last 30 days: 1" in text and "Nagi Town: 1" in text


def _set_nagi_population(kb: Path, value: object) -> None:
    path = kb / "towns" / "nagi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["population"]["value"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


async def test_a_reload_is_served_at_once_and_a_bad_one_refused(store: Store, tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, kb)
    live = LiveEngine(lambda: Engine.load(kb), kb)
    knowledge = Knowledge(live.engine, live)
    desk = StaffDesk(store, knowledge)
    before = knowledge.engine
    _set_nagi_population(kb, 6100)
    assert (await desk.reload("en", State())).text == "Knowledge reloaded: 3 towns."
    assert knowledge.engine is not before and knowledge.engine is live.engine
    assert "6,100" in knowledge.engine.reply("population of Nagi", "en").text
    _set_nagi_population(kb, "lots")
    refused = (await desk.reload("en", State())).text
    assert refused.startswith("Reload refused; the previous knowledge keeps serving.") and "population.value" in refused
    assert "6,100" in knowledge.engine.reply("population of Nagi", "en").text


async def test_no_reload_without_a_live_engine(store: Store, engine: Engine) -> None:
    reply = await StaffDesk(store, Knowledge(engine)).reload("en", State())
    assert reply.text == "Reloading is not available in this process." and reply.intent == "staff_reload"
