"""An enquiry-starting request that says what it wants carries itself as the enquiry's message (issue 15)."""

import pytest

from tests.core.test_enquiry import talk

REQUESTS = [
    ("Can you arrange a meeting with the mayor of Nagi about a school exchange?", ["nagi"]),
    ("I'd like to contact Ibara City about a denim study tour", ["ibara"]),
]


@pytest.mark.parametrize(("request_text", "towns"), REQUESTS)
def test_an_english_request_is_its_own_message(engine, request_text, towns):
    replies = talk(engine, [request_text, "Jane Smith, IR officer", "City of Perth, Australia", "jane@perth.wa.gov.au", "yes"])
    start = replies[0]
    assert start.intent == "enquire" and start.state.dialogue.data["message"] == request_text
    assert request_text in start.text and "your name and position" in start.text
    summary = replies[3]  # name, local government, e-mail: then the summary, no towns or message asked
    assert "Please check your enquiry" in summary.text and request_text in summary.text
    fields = replies[4].submission.fields
    assert fields["message"] == request_text and fields["towns"] == towns and "handoff" not in fields
    card = engine.staff_card("CLAIR-2026-000009", fields, "en")
    assert request_text in card.text and "could not answer" not in card.text


def test_a_japanese_request_is_its_own_message(engine):
    request_text = "奈義町と中学生の交流について問い合わせたいです"
    replies = talk(engine, [request_text, "山田花子、国際交流担当", "オークランド市、ニュージーランド", "hanako@example.nz", "はい"])
    assert all(r.lang == "ja" for r in replies)
    assert request_text in replies[0].text and "お名前と役職" in replies[0].text
    assert request_text in replies[3].text and replies[3].state.dialogue.step == "confirm"
    assert replies[4].submission.fields["message"] == request_text and replies[4].submission.fields["towns"] == ["nagi"]


@pytest.mark.parametrize("bare", ["I want to make an enquiry", "問い合わせしたいです", "I want to contact Nagi", "Can I enquire about Nagi?", "奈義町について問い合わせたい"])
def test_a_bare_request_still_asks_for_the_message(engine, bare):
    replies = talk(engine, [bare, "Jane", "Perth, Australia", "jane@perth.wa.gov.au", "!enquiry:towns:none"])
    assert "message" not in replies[0].state.dialogue.data
    assert replies[-1].state.dialogue.step == "message"


def test_known_details_are_not_asked_again(engine):
    first = talk(engine, ["I want to make an enquiry", "Jane", "Perth, Australia", "jane@perth.wa.gov.au", "!enquiry:towns:none", "Hello", "yes"])
    again = talk(engine, ["I'd like to contact Ibara City about a denim study tour"], state=first[-1].state)[0]
    assert again.state.dialogue.step == "confirm" and "Please check your enquiry" in again.text
