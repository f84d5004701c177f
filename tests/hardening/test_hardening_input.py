"""Any text a user can send gets a valid reply, rendered as valid Telegram HTML within Telegram's limits."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram_html import check

from bot.channels.telegram.render import MAX_CALLBACK_BYTES, render
from bot.core.engine import Engine
from bot.core.enquiry import Dialogue
from bot.core.reply import State

ENGINE = Engine.load()
T0 = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
SPECIAL = "\u0000\u0007\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\ufeff\t\r\n <>&*_`[]()~#|\"'ｱｲｳﾞ！？　"
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(SPECIAL),
        st.sampled_from("井原市奈義町宇治田原いばらなぎオーストラリア人口"),
        st.sampled_from(["🙂", "🇯", "🇵", "\u200d", "𠮷"]),
    ),
    max_size=4096,
)
WORDS = st.lists(
    st.sampled_from(["Ibara", "Nagi", "<b>", "&amp;", "population", "Australia", "*bold*", "_x_", "</i>", "人口", "denim", "\u202e", " "]),
    max_size=30,
).map(" ".join)
RUNS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_valid(reply):
    assert reply.intent and reply.lang in ("en", "ja") and reply.text.strip()
    for message in render(reply):
        check(message.text)
        if message.keyboard:
            for row in message.keyboard.inline_keyboard:
                for button in row:
                    assert len(button.callback_data.encode()) <= MAX_CALLBACK_BYTES


@RUNS
@given(text=st.one_of(ANY_TEXT, WORDS))
def test_any_text_gets_a_valid_reply(text):
    assert_valid(ENGINE.reply(text, now=T0))


@RUNS
@given(text=st.one_of(ANY_TEXT, WORDS), lang=st.sampled_from([None, "en", "ja"]))
def test_any_text_in_a_dialogue_gets_a_valid_reply(text, lang):
    started = ENGINE.act("enquire", lang, now=T0)
    reply = ENGINE.reply(text, lang, started.state, now=T0)
    assert_valid(reply)
    assert started.state.dialogue is not None
    summary = ENGINE.reply(text, lang, State(dialogue=replace(started.state.dialogue, step="message")), now=T0)
    assert_valid(summary)


@RUNS
@given(command=st.text(max_size=200))
def test_any_command_gets_a_valid_reply(command):
    assert_valid(ENGINE.act(command))


@RUNS
@given(raw=st.one_of(st.text(max_size=300), st.sampled_from(['{"dialogue": {"kind": "enquiry", "step": "confirm"}}', '{"towns": 5}', "[]", "null"])))
def test_any_stored_state_is_read_or_reset(raw):
    state = State.from_json(raw)
    assert_valid(ENGINE.reply("population of Nagi", state=state, now=T0))


@pytest.mark.parametrize("text", ["", " ", "\u200b", "\n\n\n", "<>", "&", "🙂" * 4096, "<b>" * 1000, "井" * 4096])
def test_edge_inputs(text):
    assert_valid(ENGINE.reply(text, now=T0))


def test_a_long_emoji_message_in_the_summary_stays_within_the_limit():
    dialogue = {"kind": "enquiry", "step": "message", "started": T0.isoformat(), "lang": "en",
                "data": {"name": "🙂" * 200, "organisation": "🙂" * 200, "email": "a@b.org", "towns": []}}
    reply = ENGINE.reply("🙂" * 3000, state=State(dialogue=Dialogue.from_state(dialogue)), now=T0)
    assert_valid(reply)
