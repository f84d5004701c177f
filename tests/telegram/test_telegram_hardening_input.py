"""Any update a user (or a forger) can make goes through the real Application and the fake Bot API cleanly.

Hypothesis generates the updates: any Unicode text in a private chat, in a group with or without the bot's
@mention, commands known and unknown with and without an @bot suffix (ours or another bot's) and any arguments,
forged button data, edited messages, channel posts, updates without a user or from a bot. Each is handled (every
sendMessage text passes ``tests/hardening/telegram_html.py``'s ``check()``, every answer is one reply to the chat the
update came from) or ignored (no Bot API call at all), as its kind says. Checked by hand elsewhere, not repeated
here: ``test_telegram_bot.py`` (``/towns@SisterCityBot``, ``/towns@OtherBot`` in a group, ``/unknown``, six forged
buttons, an edited message, a channel post, an update without a user, HTML in the text).
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import pytest
import tg_updates as tg
from conftest import Bot
from fake_bot_api import BOT_USER, Call
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from telegram.ext import CommandHandler

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hardening"))
from telegram_html import check

EXAMPLES = 100
USERS = itertools.count(800_000)
GROUP = {"id": -1005550000, "type": "supergroup", "title": "Exchange officers"}
SPECIAL = "\u0000\u200b\u200d\u202e\u2066\ufeff\t\r\n <>&*_`[]()~#|\"'／＠！　"
PIECES = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(SPECIAL),
        st.sampled_from(["井原", "奈義", "宇治田原", "人口", "Nagi", "ibara", "@SisterCityBot", "/start", "🙂", "🇯🇵", "𠮷"]),
    ),
    min_size=1,
    max_size=300,
)
TEXT = st.one_of(PIECES.map("".join), st.text(min_size=1, max_size=4096)).filter(lambda text: text.strip())
WORDS = st.lists(
    st.sampled_from(["Ibara", "nagi", "population", "Australia", "<b>", "&amp;", "</i>", "enquire", "contact", "人口", "\u202e"]),
    min_size=1,
    max_size=12,
).map(" ".join)
COMMAND_NAMES = st.one_of(
    st.sampled_from(["start", "help", "towns", "contact", "enquire", "language", "cancel", "status", "enquiries", "reply", "stats", "reload"]),
    st.from_regex(r"[a-z][a-z0-9_]{0,31}", fullmatch=True),
)
SUFFIXES = st.sampled_from(["", "", f"@{BOT_USER['username']}", "@OtherBot"])


def someone() -> dict[str, Any]:
    return {"id": next(USERS), "is_bot": False, "first_name": "Official", "language_code": "en"}


def a_group() -> dict[str, Any]:
    """A group of its own for each update: PTB's limiter sends at most 20 messages a minute to one group."""
    return {**GROUP, "id": GROUP["id"] - next(USERS)}


@st.composite
def updates(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """An update and what must happen to it: ``answer`` (one reply in its chat), ``maybe`` (a group command: answered
    only when it is one of ours), ``ignore`` (no Bot API call)."""
    user = someone()
    kind = draw(st.sampled_from(["private", "private", "command", "group", "group_mention", "button", "edited", "channel", "no_user", "from_bot"]))
    text = draw(st.one_of(TEXT, WORDS))
    if kind == "private":  # a question, or a command (known or not) when it starts with a slash
        return "answer", tg.message(text, user=user)
    if kind == "command":
        name, suffix = draw(COMMAND_NAMES), draw(SUFFIXES)
        args = draw(st.one_of(st.just(""), TEXT.map(lambda t: " " + t)))
        command = f"/{name}{suffix}{args}"
        if draw(st.booleans()):
            return "answer", tg.message(command, user=user)
        return f"group:{name}:{suffix}", tg.message(command, user=user, chat=a_group())
    if kind == "group":  # privacy mode is off in some groups: the bot sees messages not meant for it
        if text.lstrip().startswith("/") or "@SisterCityBot" in text:
            text = "x " + text.replace("@SisterCityBot", "@someone")
        return "ignore", tg.message(text, user=user, chat=a_group())
    if kind == "group_mention":
        return "answer", tg.message(f"@{BOT_USER['username']} {text}", user=user, chat=a_group())
    if kind == "button":
        data = draw(st.one_of(st.text(max_size=64), st.sampled_from(["v1|town:nagi", "v1|lang:ja", "v1|enquire", "v1|enquiry:confirm"])))
        return "answer", tg.callback(data or "x", user=user, chat=draw(st.sampled_from([None, a_group()])))
    if kind == "edited":
        return "ignore", tg.message(text, user=user, kind=draw(st.sampled_from(["edited_message", "edited_channel_post"])))
    if kind == "channel":
        post = tg.message(text, chat={"id": -1009, "type": "channel", "title": "News"}, kind="channel_post")
        del post["channel_post"]["from"]
        return "ignore", post
    if kind == "no_user":
        update = tg.message(text, user=user)
        del update["message"]["from"]
        return "ignore", update
    return "ignore", tg.message(text, user={**user, "is_bot": True})


def chat_id(update: dict[str, Any]) -> int:
    body = next(iter(update.values()))
    if "chat" in body:
        return int(body["chat"]["id"])
    return int(body["message"]["chat"]["id"])


def our_commands(bot: Bot) -> set[str]:
    return {c for handlers in bot.app.handlers.values() for h in handlers if isinstance(h, CommandHandler) for c in h.commands}


def expected(bot: Bot, expectation: str) -> str:
    """A group command is answered when it is one of ours, without a suffix or with our bot's."""
    if not expectation.startswith("group:"):
        return expectation
    _, name, suffix = expectation.split(":", 2)
    ours = name in our_commands(bot) and suffix in ("", f"@{BOT_USER['username']}")
    return "answer" if ours else "ignore"


def assert_handled(update: dict[str, Any], expectation: str, calls: list[Call]) -> None:
    if expectation == "ignore":
        assert calls == [], calls
        return
    sent = [c for c in calls if c.method == "sendMessage"]
    assert sent, f"no answer to {update}"
    assert {int(c["chat_id"]) for c in sent} == {chat_id(update)}
    for call in sent:
        check(call["text"])  # valid Telegram HTML, within 4,096 characters
    others = {c.method for c in calls} - {"sendMessage", "answerCallbackQuery"}
    assert not others, others
    if "callback_query" in update:
        assert [c.method for c in calls].count("answerCallbackQuery") == 1


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=updates())
async def test_any_update_is_answered_or_ignored_cleanly(bot: Bot, case: tuple[str, dict[str, Any]]) -> None:
    expectation, update = case
    outcome = expected(bot, expectation)
    event(f"{next(iter(update))}: {outcome}")  # --hypothesis-show-statistics shows the mix
    calls = await bot.send(update)
    assert_handled(update, outcome, calls)


@pytest.mark.parametrize(
    ("update", "expectation"),
    [
        (tg.message("/start@SisterCityBot nagi"), "Nagi Town"),  # a deep link through the suffix
        (tg.message("/START"), "Sister City Bot"),  # PTB commands are case-insensitive
        (tg.message("/help@sistercitybot"), "Ask me"),  # and so is the bot's name
        (tg.message("/start@SisterCityBot", chat=GROUP), "Sister City Bot"),
        (tg.message("/nosuchcommand@SisterCityBot"), "Ask me"),  # unknown in private: the help
        (tg.message("/nosuchcommand@SisterCityBot", chat=GROUP), None),  # unknown in a group: silence
        (tg.message("/start@OtherBot"), "Ask me"),  # another bot's command in private: the help, as for any unknown one
        (tg.message("/towns", user={**tg.ALICE, "is_bot": True}), None),
        ({"callback_query": {"id": "cb-inline", "from": tg.ALICE, "chat_instance": "c", "data": "v1|town:nagi", "inline_message_id": "AAA"}}, ""),
        ({"my_chat_member": {"chat": tg.GROUP, "from": tg.ALICE, "date": 1, "old_chat_member": {"status": "left", "user": BOT_USER}, "new_chat_member": {"status": "member", "user": BOT_USER}}}, None),
        ({"poll": {"id": "p", "question": "?", "options": [], "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular", "allows_multiple_answers": False, "allows_revoting": False, "members_only": False}}, None),
    ],
    ids=["start-suffix-payload", "upper-case", "suffix-lower-case", "group-suffix", "unknown-suffix", "unknown-in-group", "other-bot-private", "from-a-bot", "inline-button", "chat-member", "poll"],
)
async def test_suffixes_unknown_commands_and_odd_updates(bot: Bot, update: dict[str, Any], expectation: str | None) -> None:
    calls = await bot.send(update)
    texts = [c["text"] for c in calls if c.method == "sendMessage"]
    if expectation is None:
        assert calls == []
    elif expectation == "":  # a button under an inline-mode message: the press is answered, nothing is sent
        assert [c.method for c in calls] == ["answerCallbackQuery"]
    else:
        assert len(texts) == 1 and expectation in texts[0], texts
        check(texts[0])
