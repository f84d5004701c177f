"""End to end over long polling: the real Application and engine, the fake Bot API, transcripts of updates and replies."""

from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser

import pytest
import tg_updates as tg
from conftest import Bot
from fake_bot_api import Call

from bot.channels.telegram.render import parse_callback


def keyboard(call: Call) -> list[str]:
    """The commands of the buttons a sendMessage carries."""
    markup = call.get("reply_markup") or {}
    return [parse_callback(b["callback_data"]) or "" for row in markup.get("inline_keyboard", []) for b in row]


class _Strict(HTMLParser):
    """Accepts only what Telegram's HTML mode accepts here: <b> and <blockquote> tags and the three entities we emit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        assert tag in ("b", "blockquote") and not attrs, tag
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag

    def handle_entityref(self, name: str) -> None:
        assert name in ("lt", "gt", "amp"), name


def assert_telegram_html(text: str) -> None:
    assert len(text) <= 4096
    assert re.search(r"&(?!(lt|gt|amp);)", text) is None, "a bare & would break Telegram's parser"
    parser = _Strict()
    parser.feed(text)
    parser.close()
    assert parser.open == []


async def test_start_greets_and_publishes_commands_in_two_languages(bot: Bot) -> None:
    commands = bot.fake.of("setMyCommands")
    assert [c.get("language_code") for c in commands] == [None, "ja"]
    assert [c["command"] for c in commands[0]["commands"]][:3] == ["start", "help", "towns"]
    assert "CLAIR" in commands[0]["commands"][3]["description"]
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", c["description"]) for c in commands[1]["commands"])
    calls = await bot.send(tg.message("/start"))
    (sent,) = [c for c in calls if c.method == "sendMessage"]
    assert sent["chat_id"] == tg.ALICE["id"] and sent["parse_mode"] == "HTML"
    assert "Sister City Bot" in sent["text"]
    assert "towns" in keyboard(sent)
    assert_telegram_html(sent["text"])


async def test_start_in_japanese_for_a_japanese_telegram(bot: Bot) -> None:
    (text,) = await bot.texts(tg.message("/start", user=tg.HANAKO))
    assert "クレア" in text and re.search(r"[\u3040-\u30ff]", text)


async def test_deep_link_opens_the_town(bot: Bot) -> None:
    (text,) = await bot.texts(tg.message("/start ibara"))
    assert text.startswith("<b>Ibara City")


async def test_unknown_deep_link_payload_greets(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    (text,) = await bot.texts(tg.message("/start nowhere-town"))
    assert "Sister City Bot" in text


async def test_command_with_bot_suffix(bot: Bot) -> None:
    (text,) = await bot.texts(tg.message("/towns@SisterCityBot"))
    assert "Ibara" in text and "Nagi" in text


async def test_command_for_another_bot_is_ignored_in_a_group(bot: Bot) -> None:
    assert await bot.send(tg.message("/towns@OtherBot", chat=tg.GROUP)) == []


async def test_question_in_english_and_in_japanese(bot: Bot) -> None:
    (english,) = await bot.texts(tg.message("Which towns want a partner in Australia?"))
    assert "Australia" in english and not re.search(r"[\u3040-\u30ff]", english)
    (japanese,) = await bot.texts(tg.message("井原市について教えて"))
    assert "井原市" in japanese and "人口" in japanese


async def test_japanese_user_writing_english_follows_their_telegram_language(bot: Bot) -> None:
    (text,) = await bot.texts(tg.message("ibara", user=tg.HANAKO))
    assert "井原市" in text


async def test_language_choice_is_remembered(bot: Bot) -> None:
    calls = await bot.send(tg.message("/language"))
    assert keyboard(calls[-1]) == ["lang:en", "lang:ja"]
    await bot.send(tg.callback("v1|lang:ja"))
    assert (await bot.store.load_state(tg.ALICE["id"])).lang == "ja"
    (text,) = await bot.texts(tg.message("ibara"))
    assert "井原市" in text


async def test_button_press_performs_the_command(bot: Bot) -> None:
    calls = await bot.send(tg.callback("v1|town:nagi"))
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    assert calls[1]["text"].startswith("<b>Nagi Town")
    assert "enquire:nagi" in keyboard(calls[1])


@pytest.mark.parametrize("data", ["v0|town:nagi", "town:nagi", "v1|", "v1|<script>", "\x00\x01garbage", "v1|town:nagi|x" * 5])
async def test_stale_or_forged_button_gets_the_menu(bot: Bot, data: str) -> None:
    calls = await bot.send(tg.callback(data[:64]))
    assert calls[0].method == "answerCallbackQuery"
    texts = [c["text"] for c in calls if c.method == "sendMessage"]
    assert "expired" in texts[0]
    assert "towns" in keyboard(calls[-1])


async def test_unknown_button_command_is_graceful(bot: Bot) -> None:
    calls = await bot.send(tg.callback("v1|explode:now"))
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]


async def test_inline_query_gives_town_cards(bot: Bot) -> None:
    (call,) = await bot.send(tg.inline("ibara"))
    assert call.method == "answerInlineQuery"
    assert call["cache_time"] == 300 and call["is_personal"] is False
    (card,) = call["results"]
    assert card["type"] == "article" and card["id"] == "ibara"
    assert card["input_message_content"]["message_text"].startswith("<b>Ibara City")
    assert card["input_message_content"]["parse_mode"] == "HTML"
    assert card["reply_markup"]["inline_keyboard"][0][0]["url"] == "https://t.me/SisterCityBot?start=ibara"


async def test_inline_query_by_country_and_empty(bot: Bot) -> None:
    (by_country,) = await bot.send(tg.inline("Australia"))
    assert {r["id"] for r in by_country["results"]} >= {"ibara", "nagi"}
    (everything,) = await bot.send(tg.inline(""))
    assert [r["id"] for r in everything["results"]] == ["ibara", "nagi", "ujitawara"]
    assert len(everything["results"]) <= 50


async def test_group_message_with_mention_is_answered_without_the_mention(bot: Bot) -> None:
    calls = await bot.send(tg.message("@SisterCityBot tell me about nagi", chat=tg.GROUP))
    (sent,) = [c for c in calls if c.method == "sendMessage"]
    assert sent["chat_id"] == tg.GROUP["id"] and sent["text"].startswith("<b>Nagi Town")
    assert sent["reply_parameters"]["message_id"] > 0


async def test_group_message_without_mention_is_ignored(bot: Bot) -> None:
    assert await bot.send(tg.message("tell me about nagi", chat=tg.GROUP)) == []
    assert await bot.send(tg.message("@SomeoneElse tell me about nagi", chat=tg.GROUP)) == []


async def test_group_reply_to_the_bot_is_answered(bot: Bot) -> None:
    texts = await bot.texts(tg.message("and ujitawara?", chat=tg.GROUP, reply_to=tg.bot_message(tg.GROUP)))
    assert texts and "Ujitawara" in texts[0]


async def test_non_text_messages_in_private_get_a_polite_note(bot: Bot) -> None:
    for update in (tg.photo(), tg.sticker(), tg.location()):
        (text,) = await bot.texts(update)
        assert "only read text" in text
    (japanese,) = await bot.texts(tg.photo(user=tg.HANAKO))
    assert "テキスト" in japanese


async def test_non_text_in_groups_edits_and_channel_posts_are_ignored(bot: Bot) -> None:
    assert await bot.send(tg.photo(chat=tg.GROUP)) == []
    assert await bot.send(tg.message("ibara", kind="edited_message")) == []
    post = tg.message("ibara", chat={"id": -1009, "type": "channel", "title": "News"}, kind="channel_post")
    del post["channel_post"]["from"]
    assert await bot.send(post) == []
    no_user = tg.message("ibara")
    del no_user["message"]["from"]
    assert await bot.send(no_user) == []


async def test_html_special_characters_are_escaped(bot: Bot) -> None:
    (text,) = await bot.texts(tg.message("<b>ibara</b> & <i>nagi *bold*</i> <script>"))
    assert_telegram_html(text)
    assert "<i>" not in text and "<script>" not in text


async def test_redelivered_update_is_handled_once(bot: Bot) -> None:
    update = {"update_id": 4242, **tg.message("ibara")}
    assert len(await bot.texts(update)) == 1
    assert await bot.texts(update) == []


async def test_one_log_line_per_update(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="bot.telegram"):
        await bot.send(tg.message("Which towns want a partner in Australia?"))
    (line,) = [r.getMessage() for r in caplog.records if "latency_ms=" in r.getMessage()]
    assert re.fullmatch(
        r"update=\d+ chat=private kind=message lang=en intent=country towns=ibara,nagi,ujitawara latency_ms=\d+", line
    ), line
    assert bot.fake.token not in caplog.text


async def test_network_errors_and_429_are_retried(bot: Bot) -> None:
    bot.fake.fail("sendMessage", 500)
    bot.fake.fail("sendMessage", 429, retry_after=1)
    calls = await bot.send(tg.message("/towns"))
    sent = [c for c in calls if c.method == "sendMessage"]
    assert len(sent) == 3  # failed with 500, then 429, then delivered
    assert "Ibara" in sent[-1]["text"]


async def test_a_failure_is_logged_and_the_user_told(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    bot.fake.fail("sendMessage", 400)
    with caplog.at_level(logging.INFO, logger="bot.telegram"):
        calls = await bot.send(tg.message("ibara", user=tg.HANAKO))
    texts = [c["text"] for c in calls if c.method == "sendMessage"]
    assert len(texts) == 2 and "問題" in html.unescape(texts[-1])
    assert any(r.levelno == logging.ERROR and "update=" in r.getMessage() for r in caplog.records)
    assert bot.fake.token not in caplog.text


@pytest.mark.parametrize(
    ("command", "expected"),
    [("/help", "Ask me in English"), ("/contact", "Tel:"), ("/cancel", ""), ("/towns", "Ujitawara"), ("/unknown", "Ask me in English")],
)
async def test_menu_commands(bot: Bot, command: str, expected: str) -> None:
    (text,) = await bot.texts(tg.message(command))
    assert expected in text


async def test_inline_query_ignores_a_dialogue_in_progress(bot: Bot) -> None:
    await bot.send(tg.callback("v1|enquire:ibara"))
    dialogue = (await bot.store.load_state(tg.ALICE["id"])).dialogue
    assert dialogue
    (call,) = await bot.send(tg.inline("nagi"))
    assert [r["id"] for r in call["results"]] == ["nagi"]
    assert (await bot.store.load_state(tg.ALICE["id"])).dialogue == dialogue
