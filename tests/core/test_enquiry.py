"""The enquiry dialogue in the core: steps, bad answers, cancel, edit, expiry, in both languages."""

import datetime as dt

import pytest

from bot.core.enquiry import Dialogue
from bot.core.reply import State

T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def talk(engine, lines, state=None, lang=None, now=T0):
    """Send each line (``!command`` performs an action) and return the replies."""
    replies = []
    state = state or State()
    for line in lines:
        if line.startswith("!"):
            reply = engine.act(line[1:], lang, state, now=now)
        else:
            reply = engine.reply(line, lang, state, now=now)
        replies.append(reply)
        state = reply.state
    return replies


def test_full_dialogue_in_english_with_bad_answers(engine):
    replies = talk(
        engine,
        ["tell me about Nagi", "I want to contact them", "", "Jane Smith, IR officer", "City of Perth, Australia",
         "jane@perth", "jane@perth.wa.gov.au", "yes", "x" * 3001, "We would like a school exchange.", "maybe", "yes"],
    )
    start = replies[1]
    assert start.intent == "enquire" and start.towns == ("nagi",)
    assert "+81-3-5213-1723" in start.text and "your name and position" in start.text
    assert "That answer was empty." in replies[2].text
    assert "does not look like an e-mail address" in replies[5].text
    assert "You were asking about Nagi Town" in replies[6].text
    assert "too long" in replies[8].text
    summary = replies[9]
    assert "Please check your enquiry" in summary.text and "Towns: Nagi Town" in summary.text
    assert [a.command for a in summary.actions] == ["enquiry:confirm", "enquiry:edit", "cancel"]
    assert "Please choose Confirm, Edit or Cancel." in replies[10].text
    done = replies[11]
    assert done.submission is not None and done.state.dialogue is None
    assert done.submission.fields == {
        "name": "Jane Smith, IR officer", "organisation": "City of Perth, Australia", "email": "jane@perth.wa.gov.au",
        "towns": ["nagi"], "message": "We would like a school exchange.",
    }
    assert engine.submitted("CLAIR-2026-000001", "en").text.count("CLAIR-2026-000001") == 2


def test_dialogue_in_japanese(engine):
    replies = talk(
        engine,
        ["問い合わせたい", "山田花子、国際交流担当", "オークランド市、ニュージーランド", "hanako@example.nz", "井原市と奈義町", "中学校の交流をしたいです。", "はい"],
    )
    assert all(r.lang == "ja" for r in replies)
    assert "お名前と役職" in replies[0].text
    assert "対象の自治体：井原市, 奈義町" in replies[5].text
    assert replies[6].submission.lang == "ja"
    assert replies[6].submission.fields["towns"] == ["ibara", "nagi"]


@pytest.mark.parametrize("step", range(6))
def test_cancel_works_at_every_step(engine, step):
    answers = ["a", "b", "c@d.org", "none", "message"][:step]
    replies = talk(engine, ["!enquire", *answers, "cancel"])
    assert "cancelled" in replies[-1].text and replies[-1].state.dialogue is None
    assert all(r.submission is None for r in replies)
    assert talk(engine, ["!enquire", *answers, "!cancel"])[-1].state.dialogue is None


def test_a_message_that_merely_contains_stop_is_not_a_cancel(engine):
    replies = talk(engine, ["!enquire", "a", "b", "c@d.org", "none", "Please stop by our city next spring."])
    assert "Please check your enquiry" in replies[-1].text


def test_edit_returns_to_the_summary(engine):
    replies = talk(engine, ["!enquire", "a", "b", "c@d.org", "!enquiry:towns:none", "hello", "!enquiry:edit", "!enquiry:edit:email", "new@d.org"])
    assert [a.command for a in replies[6].actions][0] == "enquiry:edit:name"
    assert "E-mail: new@d.org" in replies[-1].text and "Towns: (none)" in replies[-1].text


def test_unknown_town_answer_is_reprompted(engine):
    replies = talk(engine, ["!enquire", "a", "b", "c@d.org", "Sapporo"])
    assert "could not find a listed town" in replies[-1].text


def test_unfinished_dialogue_expires(engine):
    [started] = talk(engine, ["!enquire"])
    later = engine.reply("population of Nagi", state=started.state, now=T0 + dt.timedelta(hours=3))
    assert "expired" in later.text and later.intent == "population" and later.state.dialogue is None


def test_buttons_without_a_dialogue_are_answered_gracefully(engine):
    for command in ["enquiry:confirm", "enquiry:edit", "enquiry:towns:keep", "enquiry:bogus"]:
        reply = engine.act(command)
        assert reply.submission is None and "no enquiry in progress" in reply.text


def test_garbled_stored_dialogue_is_ignored(engine):
    state = State.from_json('{"dialogue": {"kind": "enquiry", "step": "name", "started": "garbage"}, "lang": "en"}')
    assert state == State(lang="en")
    reply = engine.reply("population of Nagi", state=state)
    assert reply.intent == "population"


def test_the_stored_dialogue_keeps_its_json() -> None:
    """A state stored before the dialogue was typed reads the same, and is written back as it was."""
    stored = (
        '{"dialogue": {"data": {"name": "Anna Lee", "towns": ["nagi"]}, "editing": false, "kind": "enquiry", "lang": "ja",'
        ' "started": "2026-11-24T09:00:00+00:00", "step": "email"}, "lang": "ja", "topic": null, "towns": ["nagi"]}'
    )
    state = State.from_json(stored)
    assert state.dialogue == Dialogue("email", {"name": "Anna Lee", "towns": ["nagi"]}, T0, "ja")
    assert state.to_json() == stored


def test_status_card_and_answer_texts(engine):
    status = engine.enquiry_status("CLAIR-2026-000007", "forwarded", T0, "ja")
    assert "CLAIR-2026-000007" in status.text and "2026年11月24日" in status.text and "国際交流課" in status.text
    assert "cannot find" in engine.enquiry_status("CLAIR-2026-000008", None, None, "en").text
    fields = {"name": "山田", "organisation": "Perth", "email": "a@b.org", "towns": ["nagi"], "message": "<b>hi</b>"}
    card = engine.staff_card("CLAIR-2026-000007", fields, "ja")
    assert card.lang == "en" and "Towns: Nagi Town" in card.text and "Language: Japanese" in card.text
    assert card.blocks[1].quote and ("E-mail", "a@b.org") in card.blocks[0].fields  # the message set apart, labels too
    assert "<b>hi</b>" in card.text  # the official's own words; the channel escapes them
    answer = engine.staff_answer("CLAIR-2026-000007", "Thank you!", "en")
    assert "Answer from CLAIR's International Exchange Division (CLAIR-2026-000007)" in answer.text


def test_multi_line_message_and_town_names_in_the_command(engine):
    replies = talk(engine, ["!enquire:Nagi Town", "a", "b", "c@d.org", "yes", "Dear CLAIR,\n\nWe would like\na school exchange.", "yes"])
    assert replies[0].towns == ("nagi",)
    assert replies[-1].submission.fields["message"] == "Dear CLAIR,\n\nWe would like\na school exchange."


def test_edit_is_only_offered_from_the_summary_and_a_submission_is_checked_again(engine):
    replies = talk(engine, ["!enquire", "!enquiry:edit", "!enquiry:edit:message", "!enquiry:confirm"])
    assert all("your name and position" in r.text for r in replies) and all(r.submission is None for r in replies)
    stale = State(dialogue=Dialogue.from_state({"kind": "enquiry", "step": "confirm", "data": {"name": "a", "towns": []}, "started": T0.isoformat()}))
    missing = engine.act("enquiry:confirm", state=stale, now=T0)
    assert missing.submission is None and "Some details are still missing" in missing.text
    replies = talk(engine, ["b", "c@d.org", "hello", "yes"], state=missing.state)
    assert "Please check your enquiry" in replies[2].text  # each missing field in turn, then the summary
    assert replies[-1].submission.fields == {"name": "a", "organisation": "b", "email": "c@d.org", "towns": [], "message": "hello"}


def test_field_rules(engine):
    from bot.core.enquiry import invalid_fields, one_line, utf16_len

    assert utf16_len("a😀") == 3 and one_line(" Jane\nE-mail: x \n") == "Jane E-mail: x"
    assert invalid_fields({"name": "a", "organisation": "b", "email": "c@d.org", "towns": [], "message": "m"}) == []
    assert invalid_fields({"name": "a", "organisation": " ", "email": "c@", "message": "😀" * 1501}) == ["organisation", "email", "towns", "message"]
    replies = talk(engine, ["!enquire", "Jane\nE-mail: ceo@clair.or.jp", "b\nc", "c@d.org", "none", "x\ny"])
    assert "Name and position: Jane E-mail: ceo@clair.or.jp" in replies[-1].text and "x\ny" in replies[-1].text
