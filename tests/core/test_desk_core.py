"""The desk's pure core: the hand-off from an answer the bot could not give, the reminder rule, the desk's texts, and
the state that carries them between turns."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core import desk, handoff
from bot.core.engine import Engine
from bot.core.enquiry import Dialogue
from bot.core.policy import CLOSED, reported
from bot.core.reminders import Schedule, due
from bot.core.reply import State
from bot.store.records import OFFICIAL, STAFF, Enquiry, Message

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def answer(engine: Engine, text: str, state: State, lang: str | None = None):
    """The next turn of a chat: a typed message, or a button's command (``/handoff``)."""
    if text.startswith("/"):
        return engine.act(text[1:], lang, state, now=T0)
    return engine.reply(text, lang, state, now=T0)


@pytest.mark.parametrize(
    ("question", "lang", "label"),
    [("Who is the mayor of Nagi?", "en", "Ask CLAIR staff"), ("奈義町の町長は誰ですか", "ja", "クレアの担当者に質問する")],
)
def test_an_unanswered_question_is_handed_off_as_the_enquirys_message(engine: Engine, question, lang, label) -> None:
    unknown = engine.reply(question, lang)
    assert unknown.intent == "unknown"
    buttons = [a for a in unknown.actions if a.command == handoff.ASK_STAFF]
    assert [b.label for b in buttons] == [label]  # once (not beside the lookup's own "Ask CLAIR staff")
    started = answer(engine, "/handoff", unknown.state, lang)
    assert question in started.text  # quoted back to the official
    dialogue = started.state.dialogue
    assert dialogue is not None and dialogue.step == "name"
    assert dialogue.data["message"] == question and dialogue.data["towns"] == ["nagi"]
    state = started.state
    for text in ("Anna Berg, International Officer", "City of Example, Sweden", "anna@example.se"):
        state = answer(engine, text, state).state
    assert state.dialogue is not None and state.dialogue.step == "confirm"  # towns and message were not asked
    sent = answer(engine, "/enquiry:confirm", state)
    assert sent.submission is not None
    assert sent.submission.fields["message"] == question and sent.submission.fields["handoff"] == "yes"
    card = engine.staff_card("CLAIR-2026-000001", sent.submission.fields, lang)
    assert "Question the bot could not answer" in card.text and question in card.text
    assert any(b.quote and question in b.lines for b in card.blocks)

    # a later hand-off in the same chat asks only what is still missing: nothing but the confirmation
    again = engine.reply("What is the mayor's salary in Ibara?", "en", sent.state)
    later = answer(engine, "/handoff", again.state)
    assert later.state.dialogue is not None and later.state.dialogue.step == "confirm"
    assert later.state.dialogue.data["email"] == "anna@example.se"


@pytest.mark.parametrize("text", ["I want to talk to a human", "Can I speak with someone from CLAIR?", "担当者と話したい", "人と話せますか"])
def test_asking_for_a_person_starts_the_enquiry_with_the_last_unanswered_question(engine: Engine, text: str) -> None:
    unknown = engine.reply("Can you send the pamphlet?", "en")
    assert unknown.intent == "fallback" and unknown.state.unanswered == "Can you send the pamphlet?"
    started = engine.reply(text, "en", unknown.state)
    assert started.state.dialogue is not None and started.state.dialogue.data["message"] == "Can you send the pamphlet?"
    fresh = engine.reply(text, "en", State())  # nothing unanswered: the message is asked too
    assert fresh.state.dialogue is not None and "message" not in fresh.state.dialogue.data


@pytest.mark.parametrize("text", ["Tell me about Nagi", "What is the population of Ibara?", "Which towns want Australia?"])
def test_answers_and_other_messages_are_not_handed_off(engine: Engine, text: str) -> None:
    reply = engine.reply(text, "en")
    assert not handoff.asks_for_person(text)
    assert all(a.command != handoff.ASK_STAFF for a in reply.actions) and reply.state.unanswered is None


def test_the_posting_answer_offers_the_profile(engine: Engine) -> None:
    assert engine.act("posting", "ja").actions[0] == handoff.profile_button("ja")
    assert engine.act("posting", "en").actions[0].command == "profile"


def test_answers_giving_only_phone_and_fax_offer_the_hand_off_too(engine: Engine) -> None:
    posting = engine.reply("What documents do I need to send?", "en")
    assert posting.intent == "posting" and [a.command for a in posting.actions][:2] == ["profile", "handoff"]
    assert posting.state.unanswered == "What documents do I need to send?"  # carried to staff
    contact = engine.reply("How do I contact CLAIR?", "en", posting.state)
    assert contact.intent == "contact" and contact.actions[0].command == "handoff"
    assert contact.state.unanswered == "What documents do I need to send?"  # not "how do I contact CLAIR?"


def test_state_round_trip_keeps_the_desks_fields() -> None:
    state = State(lang="ja", unanswered="質問", official=(("email", "a@b.jp"),), replying="CLAIR-2026-000001",
                  dialogue=Dialogue("email", {"handoff": "yes"}, T0, "ja"))  # fmt: skip
    assert State.from_json(state.to_json()) == state
    assert State.from_json('{"official": "broken", "lang": "en"}') == State(lang="en")
    assert '"unanswered"' not in State(lang="en").to_json()  # unset fields are not written


def test_reminder_rule() -> None:
    schedule = Schedule.hours(1.5)
    assert schedule.after == dt.timedelta(minutes=90) and schedule.every == dt.timedelta(days=1)
    assert not due(T0, None, False, T0 + HOUR, schedule)
    assert due(T0, None, False, T0 + 2 * HOUR, schedule)
    assert not due(T0, None, True, T0 + 2 * HOUR, schedule)  # closed
    assert not due(None, None, False, T0 + 2 * HOUR, schedule)  # answered: not waiting
    assert not due(T0, T0 + 2 * HOUR, False, T0 + 20 * HOUR, schedule)  # reminded within the day
    assert due(T0, T0 + 2 * HOUR, False, T0 + 26 * HOUR, schedule)
    assert due(T0 + 30 * HOUR, T0 + 2 * HOUR, False, T0 + 32 * HOUR, schedule)  # waiting anew since a later message
    with pytest.raises(ValueError):
        Schedule.hours(0)


def enquiry(**changes) -> Enquiry:
    values = {"ref": "CLAIR-2026-000007", "chat_id": 1, "user_id": 2, "lang": "ja", "status": "answered", "created_at": T0,
              "fields": {"organisation": "City of Example", "email": "a@example.org", "message": "Hello <b>"}}  # fmt: skip
    return Enquiry(**(values | changes))


def test_desk_texts_for_the_official_in_their_language() -> None:
    relayed = desk.answer("CLAIR-2026-000007", "奈義町が喜んでいます", "ja", "国際交流課")
    assert relayed.actions[0].command == "reply:CLAIR-2026-000007" and relayed.actions[0].label == "返信する"
    assert "国際交流課" in relayed.text and "奈義町が喜んでいます" in relayed.text
    closed = desk.closed_notice("CLAIR-2026-000007", "en", "International Exchange Division")
    assert "closed your enquiry CLAIR-2026-000007" in closed.text
    refused = desk.closed_reply("CLAIR-2026-000007", "ja")
    assert "終了" in refused.text and refused.actions[0].command == "enquire"
    assert desk.status_word(CLOSED, "ja") == "国際交流課が対応を終了しました" and desk.status_word("answered", "en") is None
    assert reported("answered", True) == CLOSED and reported("answered", False) == "answered"


def test_desk_texts_for_staff() -> None:
    made = enquiry(waiting_since=T0 + HOUR)
    card = desk.relay_card(made, "もう一つ質問です")
    assert any(b.quote and "もう一つ質問です" in b.lines for b in card.blocks)
    assert "/reply CLAIR-2026-000007" in card.text and "/close CLAIR-2026-000007" in card.text
    reminder = desk.reminder_card(made, T0 + 76 * HOUR)
    assert "waited 3 days 3 hours" in reminder.text and "Hello <b>" in reminder.text
    later = desk.reminder_card(made, T0 + 76 * HOUR, [Message(made.ref, STAFF, "Which town?", T0), Message(made.ref, OFFICIAL, "Nagi, please", T0)])
    assert "Nagi, please" in later.text and "Hello <b>" not in later.text
    talk = [Message(made.ref, STAFF, "Which town?", T0 + HOUR), Message(made.ref, OFFICIAL, "奈義町です", T0 + 2 * HOUR)]
    exchange = desk.exchange(made, talk, T0 + 3 * HOUR)
    text = exchange.text
    assert text.index("Hello <b>") < text.index("Which town?") < text.index("奈義町です")
    assert "2026-03-01 10:00 UTC — Staff" in text and "Waiting for staff: 2 hours" in text
    closed = desk.exchange(enquiry(status=CLOSED, closed_at=T0 + 5 * HOUR), [], T0)
    assert "Closed: 2026-03-01 14:00 UTC" in closed.text
    assert desk.waited(T0, T0 + dt.timedelta(minutes=1)) == "1 minute"


def test_the_reply_button_then_another_button_forgets_the_reply(engine: Engine) -> None:
    replying = engine.act("reply:clair-2026-000007", "ja", State())
    assert replying.state.replying == "CLAIR-2026-000007" and "CLAIR-2026-000007" in replying.text
    assert engine.act("towns", "ja", replying.state).state.replying is None
    assert engine.act("reply:not-a-reference", "en", State()).intent == "fallback"
