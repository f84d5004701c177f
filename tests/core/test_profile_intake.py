"""The profile intake (``/profile``) in both languages: each step, skip and the required answers, edit from the
summary, a pamphlet by file id, the submission, and the staff card with the towns ranked for the profile."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.engine import Engine
from bot.core.profile import MAX_PAMPHLET_BYTES, STEPS, ProfileDialogue, check_pamphlet
from bot.core.reply import Reply, State

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
ANSWERS = {
    "organisation": "City of Perth, Australia",
    "population": "27,000",
    "area": "20 km2",
    "access": "Ten minutes from Perth Airport by car.",
    "industries": "Tourism and wine.",
    "culture": "A university and a summer festival of music.",
    "history": "Founded in 1829.",
    "expectations": "A partner keen on student exchanges.",
    "exchanges": "Students, culture, sport.",
    "website": "https://perth.example.au",
    "contact_name": "Jane Smith",
    "contact_position": "International Relations Officer",
    "contact_email": "jane@perth.example.au",
}


def turn(engine: Engine, state: State, text: str) -> Reply:
    if text.startswith("/"):
        return engine.act(text[1:], None, state, now=T0)
    return engine.reply(text, None, state, now=T0)


@pytest.mark.parametrize(("lang", "first", "summary"), [("en", "Which local government", "Please check your profile"),
                                                        ("ja", "自治体名と国", "プロフィールをご確認ください")])  # fmt: skip
def test_a_whole_profile_with_a_pamphlet(engine: Engine, lang: str, first: str, summary: str) -> None:
    reply = engine.act("profile", lang, State(lang=lang), now=T0)
    assert first in reply.text and reply.state.profile is not None
    assert [a.command for a in reply.actions] == ["cancel"]  # the first answer cannot be skipped
    state = reply.state
    for step in STEPS[:-1]:
        assert state.profile is not None and state.profile.step == step
        state = turn(engine, state, ANSWERS[step]).state
    assert state.profile is not None and state.profile.step == "pamphlet"
    attached = engine.intake.attach(state, "BQACAgIAAxk-file-id", "document", "application/pdf", 2_000_000)
    assert attached is not None and attached.state.profile is not None and attached.state.profile.step == "confirm"
    assert summary in attached.text and "Jane Smith" in attached.text
    sent = turn(engine, attached.state, "/profile:confirm")
    assert sent.submission is not None and sent.submission.kind == "profile" and sent.state.profile is None
    fields = sent.submission.fields
    assert fields["pamphlet"] == "BQACAgIAAxk-file-id" and fields["pamphlet_kind"] == "document"
    assert {k: fields[k] for k in ANSWERS} == ANSWERS
    done = engine.intake.submitted("PROFILE-2026-000001", lang, sent.state)
    assert "PROFILE-2026-000001" in done.text


def test_skip_edit_and_required_answers(engine: Engine) -> None:
    state = engine.act("profile", "en", State(), now=T0).state
    refused = turn(engine, state, "skip")
    assert "This answer is needed" in refused.text and refused.state.profile.step == "organisation"
    state = turn(engine, state, "Ville de Lyon, France").state
    for _ in STEPS[1:-4]:  # skip population ... website
        state = turn(engine, state, "/profile:skip").state
    assert state.profile.step == "contact_name"
    state = turn(engine, state, "Marie Curie").state
    state = turn(engine, state, "なし").state  # the position skipped in Japanese
    bad = turn(engine, state, "not an e-mail")
    assert "does not look like an e-mail" in bad.text and bad.state.profile.step == "contact_email"
    state = turn(engine, state, "marie@lyon.example.fr").state
    wrong = engine.intake.attach(state, "file", "document", "application/zip", 10)
    assert "PDF file or a photo" in wrong.text and wrong.state.profile.step == "pamphlet"
    typed = turn(engine, state, "here is our pamphlet")
    assert "as a PDF file or a photo" in typed.text
    state = turn(engine, state, "/profile:skip").state
    assert state.profile.step == "confirm"
    summary = turn(engine, state, "/profile:edit")
    assert any(a.command == "profile:edit:population" for a in summary.actions)
    state = turn(engine, summary.state, "/profile:edit:population").state
    assert state.profile.step == "population" and state.profile.editing
    state = turn(engine, state, "510,000").state
    assert state.profile.step == "confirm" and state.profile.data["population"] == "510,000"
    assert "(skipped)" in turn(engine, state, "what?").text  # not Confirm/Edit: the summary again
    sent = turn(engine, state, "yes")
    assert sent.submission.fields["area"] == "" and sent.submission.fields["population"] == "510,000"
    assert "pamphlet_kind" not in sent.submission.fields


def test_cancel_and_expiry(engine: Engine) -> None:
    state = engine.act("profile", "ja", State(), now=T0).state
    cancelled = turn(engine, state, "/cancel")
    assert cancelled.state.profile is None and "取り消しました" in cancelled.text
    later = engine.reply("Tell me about Nagi", "en", state, now=T0 + dt.timedelta(hours=3))  # expired: a question
    assert later.state.profile is None and later.intent != "profile"


def test_pamphlet_rules() -> None:
    assert check_pamphlet("photo", None, 1000) is None
    assert check_pamphlet("document", "application/pdf", MAX_PAMPHLET_BYTES) is None
    assert check_pamphlet("document", "application/pdf", MAX_PAMPHLET_BYTES + 1) == "too_big"
    assert check_pamphlet("document", "image/png", 10) == "kind"
    assert check_pamphlet("video", None, 10) == "kind"
    dialogue = ProfileDialogue.start(T0, "ja")
    assert ProfileDialogue.from_state(dialogue.to_state()) == dialogue
    assert ProfileDialogue.from_state({"kind": "profile", "step": "nonsense"}) is None


def test_staff_card_ranks_the_listed_towns_with_reasons(engine: Engine) -> None:
    fields = dict(ANSWERS, pamphlet="file-id", pamphlet_kind="photo")
    fits = engine.intake.ranking(fields)
    assert fits, "an Australian city with students and culture fits some listed town"
    card = engine.intake.card("PROFILE-2026-000001", fields, "ja")
    text = card.text
    assert "New profile PROFILE-2026-000001" in text and "City of Perth, Australia" in text and "Japanese" in text
    assert "a photo, sent below" in text
    assert "Towns that fit the city you describe, best first:" in text
    assert engine.say.town_heading(engine.kb.towns[fits[0].town], "en") in text
    assert any(b.quote and "Tourism and wine." in b.lines for b in card.blocks)  # the official's words quoted
    nothing = engine.intake.card("PROFILE-2026-000002", {"organisation": "Atlantis", "contact_email": "a@b.c"}, "en")
    assert "No listed town matches" in nothing.text
