"""Rendering a Reply as Telegram HTML: escaping, bold titles, 4,096-character messages, keyboards, button data."""

from __future__ import annotations

import html
import re

import pytest

from bot.channels.telegram.render import (
    MAX_CALLBACK_BYTES,
    MAX_MESSAGE,
    block_html,
    callback_data,
    parse_callback,
    render,
    split_paragraphs,
)
from bot.core.reply import Action, Block, Reply


def reply(*blocks: Block, actions: tuple[Action, ...] = ()) -> Reply:
    return Reply(blocks=blocks, intent="test", lang="en", actions=actions)


def visible(messages_html: list[str]) -> str:
    """The text a user sees, tags removed and entities decoded."""
    return html.unescape(re.sub(r"</?b>", "", "\n\n".join(messages_html)))


def test_title_is_bold_and_everything_is_escaped() -> None:
    block = Block(title="Fish & <Chips>", lines=("a < b && c > d", "*not bold* _nor italic_ <i>x</i>"))
    assert block_html(block) == (
        "<b>Fish &amp; &lt;Chips&gt;</b>\na &lt; b &amp;&amp; c &gt; d\n*not bold* _nor italic_ &lt;i&gt;x&lt;/i&gt;"
    )


def test_short_reply_is_one_message_with_the_keyboard() -> None:
    (message,) = render(reply(Block(("one",), "T"), Block(("two",)), actions=(Action("All towns", "towns"),)))
    assert message.text == "<b>T</b>\none\n\ntwo"
    assert message.keyboard is not None
    assert message.keyboard.inline_keyboard[0][0].callback_data == "v1|towns"


def test_long_reply_splits_on_paragraph_boundaries() -> None:
    paragraphs = tuple(Block((f"Paragraph {n} " + " ".join(["word &"] * 120),), f"Title {n}") for n in range(12))
    messages = render(reply(*paragraphs, actions=(Action("Help", "help"),)))
    assert len(messages) > 1
    assert all(len(m.text) <= MAX_MESSAGE for m in messages)
    # Every message starts with a paragraph's title: no paragraph is cut.
    assert all(m.text.startswith("<b>Title ") for m in messages)
    assert sum(m.text.count("<b>Title") for m in messages) == 12
    assert [m.keyboard is not None for m in messages] == [False] * (len(messages) - 1) + [True]
    assert visible([m.text for m in messages]) == "\n\n".join(b.as_text() for b in paragraphs)


def test_single_oversized_paragraph_is_cut_on_lines_then_words() -> None:
    lines = tuple(f"line {n}: " + "x" * 90 for n in range(100))
    messages = render(reply(Block(lines, "Huge")))
    assert len(messages) == 3 and all(len(m.text) <= MAX_MESSAGE for m in messages)
    assert all(re.fullmatch(r"(<b>Huge</b>\n)?(line \d+: x{90}\n?)+", m.text) for m in messages)
    one_line = "word " * 2000
    cut = render(reply(Block((one_line,))))
    assert all(len(m.text) <= MAX_MESSAGE for m in cut)
    assert all(m.text.startswith("word") and m.text.endswith("word") for m in cut)


def test_hard_cut_never_splits_an_entity() -> None:
    text = "&" * 5000  # no line or space to cut at
    messages = split_paragraphs([block_html(Block((text,)))], limit=MAX_MESSAGE)
    assert all(len(m) <= MAX_MESSAGE for m in messages)
    assert all(re.fullmatch(r"(&amp;)+", m) for m in messages)
    assert html.unescape("".join(messages)) == text


def test_hard_cut_keeps_an_overlong_title_bold() -> None:
    (first, second) = split_paragraphs([block_html(Block(("body",), "T" * 5000))])
    assert first.startswith("<b>") and first.endswith("</b>") and len(first) <= MAX_MESSAGE
    assert second.startswith("<b>") and "</b>\nbody" in second


def test_empty_reply_still_renders_a_message() -> None:
    (message,) = render(reply())
    assert message.text


@pytest.mark.parametrize("command", ["town:nagi", "topic:ujitawara/birthplace-of-japanese-green-tea", "lang:ja", "towns", "enquiry:towns:keep"])
def test_button_data_round_trips(command: str) -> None:
    data = callback_data(command)
    assert data is not None and len(data.encode()) <= MAX_CALLBACK_BYTES
    assert parse_callback(data) == command


def test_too_long_or_odd_commands_get_no_button() -> None:
    assert callback_data("topic:" + "a" * 60) is None
    assert callback_data("town:奈義") is None
    assert callback_data("say:hello world") is None
    markup = render(reply(Block(("x",)), actions=(Action("Long", "topic:" + "a" * 60), Action("Ok", "help"))))[0].keyboard
    assert markup is not None
    assert [b.callback_data for row in markup.inline_keyboard for b in row] == ["v1|help"]


def test_no_usable_action_means_no_keyboard() -> None:
    (message,) = render(reply(Block(("x",)), actions=(Action("Long", "topic:" + "a" * 80),)))
    assert message.keyboard is None


@pytest.mark.parametrize(
    "data", [None, "", "v1", "v1|", "v2|town:nagi", "town:nagi", "v1|town:nagi|x", "v1|town:<b>", "v1|TOWN", "v1|" + "a" * 70, "v1|town:奈義"]
)
def test_forged_or_stale_data_is_refused(data: str | None) -> None:
    assert parse_callback(data) is None


def test_keyboard_pairs_short_labels() -> None:
    actions = (Action("Ibara", "town:ibara"), Action("Nagi", "town:nagi"), Action("What Ibara City is proud of", "highlights:ibara"))
    markup = render(reply(Block(("x",)), actions=actions))[0].keyboard
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Ibara", "Nagi"], ["What Ibara City is proud of"]]
