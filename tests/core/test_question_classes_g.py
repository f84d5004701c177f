"""Classes of question (issue 11, seventh set, from the misses of blind_final5), each closed by a mechanism; every test
names its class and asks it in both languages. The questions are written for these tests."""

import pytest

from bot.core.context import asked

# --- A. the answer's length or audience is context, not what is asked ------------------------------------------------


@pytest.mark.parametrize(
    "text, kept, dropped",
    [
        ("Describe Ujitawara in two sentences please.", "Ujitawara", "sentences"),
        ("What is Ibara famous for, in a nutshell?", "famous", "nutshell"),
        ("Anything in Nagi our exchange students should see?", "Nagi", "students"),
        ("宇治田原町について2行で教えて", "宇治田原町", "2行"),
        ("奈義町の見どころを手短に教えてください", "見どころ", "手短"),
    ],
)
def test_length_and_audience_are_context(text, kept, dropped):
    core = asked(text)
    assert kept in core and dropped not in core, core


@pytest.mark.parametrize(
    "text, intent, fact",
    [
        ("Describe Ujitawara in two sentences please.", "town", "Kyoto"),
        ("Any highlights in Ibara that our guests should see?", "topic", "proud of"),
        ("宇治田原町について2行で教えて", "town", "京都"),
        ("井原市を簡潔に説明してください", "town", "岡山"),
    ],
)
def test_a_town_asked_briefly_is_its_profile_or_highlights(engine, text, intent, fact):
    reply = engine.reply(text)
    assert reply.intent == intent and fact in reply.text, reply.text


# --- B. a prize or a selection asked in other words (contest, won, 選ばれた, 大会) -------------------------------------


@pytest.mark.parametrize(
    "text, fact",
    [
        ("Did the beef from Nagi win a contest?", "2nd"),
        ("When did Meiji Gonbou win its recognition?", "2017"),
        ("奈義牛は大会で入賞しましたか？", "2位"),
        ("明治ごんぼうが選ばれた年はいつ？", "2017"),
    ],
)
def test_a_prize_asked_in_other_words_is_found(engine, text, fact):
    assert fact in engine.reply(text).text


# --- C. a one-kanji name heading a compound is no name (山 in 山林); 山林 asks the forest area ----------------------


@pytest.mark.parametrize(
    "text, fact",
    [
        ("宇治田原町の山林の広さは？", "43.76"),
        ("How much of Ujitawara is forest?", "43.76"),
    ],
)
def test_forest_in_other_words_is_the_area(engine, text, fact):
    reply = engine.reply(text)
    assert reply.intent == "area" and fact in reply.text, reply.text


def test_a_one_kanji_name_still_stands_alone(engine):
    assert "1,255" in engine.reply("奈義町の山の高さは？").text
