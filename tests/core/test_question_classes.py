"""Classes of question (issue 11), each closed by a mechanism: every test names its class and asks it in both
languages where the class exists in both."""

import pytest

from bot.core.reply import State


def ask(engine, text, state=None):
    return engine.reply(text, state=state)


def follow(engine, *texts):
    """The last reply of a conversation."""
    state = State()
    for text in texts:
        reply = engine.reply(text, state=state)
        state = reply.state
    return reply


# --- an unknown noun beside a known item or town: "I don't know", never the item ----------------------------


@pytest.mark.parametrize(
    "text, town",
    [
        ("奈義町の空港は？", "nagi"),
        ("井原市の空港はどこですか", "ibara"),
        ("Is there an airport near Nagi?", "nagi"),
        ("Does Ibara have a university?", "ibara"),
        ("What's the price of Nagi beef?", "nagi"),
    ],
)
def test_an_unknown_noun_beside_an_item_is_not_the_item(engine, text, town):
    reply = ask(engine, text)
    assert (reply.intent, reply.towns) == ("unknown", (town,)), reply.text


# --- loose phrases and typos: fuzzy matching only over content words ---------------------------------------


@pytest.mark.parametrize("text", ["what's the status of my enquiry?", "status of my enquiry", "問い合わせの状況を知りたい"])
def test_status_is_not_a_statue(engine, text):
    reply = ask(engine, text)
    assert reply.intent == "status" and "/status" in reply.text, reply.text


# --- durations, reopening and distances said inside a sentence ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "How long does it take to get to Ujitawara from Kyoto?",
        "How long a drive is it from Ujitawara to Osaka?",
        "Is Ujitawara close to Osaka?",
        "京都から宇治田原町までどのくらいかかりますか",
    ],
)
def test_a_travel_time_inside_a_sentence_is_found(engine, text):
    reply = ask(engine, text)
    assert reply.intent == "evidence" and reply.towns == ("ujitawara",) and ("60" in reply.text), reply.text


def test_a_travel_time_the_page_does_not_give_is_unknown(engine):
    reply = ask(engine, "How long does it take to get to Nagi from Osaka?")
    assert (reply.intent, reply.towns) == ("unknown", ("nagi",))


@pytest.mark.parametrize("text", ["When does the Denchu Art Museum reopen?", "Is the Denchu museum closed?", "田中美術館はいつ再開しますか"])
def test_reopening_finds_the_closure(engine, text):
    reply = ask(engine, text)
    assert reply.towns == ("ibara",) and "2023" in reply.text and len(reply.text) < 600, reply.text


def test_a_date_that_has_passed_is_said_as_past(engine):
    reply = ask(engine, "When does the Denchu Art Museum reopen?")
    assert "would be closed" in reply.text or "has passed" in reply.text, reply.text


# --- names: items of the named town, countries with their article -------------------------------------------


def test_items_are_those_of_the_named_town(engine):
    reply = ask(engine, "Tell me about the museum in Nagi")
    assert reply.towns == ("nagi",) and "Denchu" not in reply.text


@pytest.mark.parametrize("text", ["Which towns want partners in the United States?", "US", "Any towns for the US?"])
def test_the_united_states_with_its_article(engine, text):
    reply = ask(engine, text)
    assert reply.intent == "country" and "in the United States" in reply.text and "of the United States" in reply.text, reply.text
