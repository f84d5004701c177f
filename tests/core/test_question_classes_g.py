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


# --- D. a city named with its prefecture ("Sakai City in Osaka", 京都府の和束町) is the city asked about ---------------


@pytest.mark.parametrize(
    "text, said",
    [
        ("Is Sakai City in Osaka on your list as well?", "Sakai is not among"),
        ("Is Wazuka in Kyoto looking for a partner too?", "Wazuka is not among"),
        ("京都府の和束町も載っていますか？", "和束町は"),
    ],
)
def test_a_city_with_its_prefecture_is_the_city(engine, text, said):
    assert said in engine.reply(text).text


def test_a_prefecture_alone_still_lists_its_towns(engine):
    assert "Ujitawara" in engine.reply("Any towns in Kyoto?").text


# --- E. a number a few characters before the counted noun (300点にわたって展示) answers いくつ ----------------------


@pytest.mark.parametrize("text", ["ビカリアミュージアムの展示はいくつありますか？", "奈義のビカリアの博物館、展示っていくつくらい？"])
def test_a_count_a_few_characters_before_its_noun(engine, text):
    assert "300" in engine.reply(text).text


def test_a_count_of_something_else_is_no_answer(engine):
    assert engine.reply("井原市のデニム工場はいくつ？").intent == "unknown"


# --- F. a question that only refers back ("Which one is it?", どこですか) keeps the statement it refers to ------------


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Ibara denim goes to a famous brand. Which one?", "brand"),
        ("井原のデニムは高級ブランドに使われていると聞きました。どこですか？", "ブランド"),
    ],
)
def test_a_bare_question_keeps_what_it_refers_to(text, kept):
    assert kept in asked(text)


def test_a_brand_asked_back_is_found(engine):
    assert "ヴィトン" in engine.reply("井原のデニムは高級ブランドに使われているそうですね。どこですか？").text


# --- G. whether a place is a town of its own (independent, separate, 単独, 独立) is asked of its merger -----------------


@pytest.mark.parametrize(
    "text, fact",
    [
        ("Is Yoshii still a separate town?", "2005"),
        ("Bisei - a town of its own, or part of a city?", "2005"),
        ("美星町は今も独立した町ですか？", "2005"),
    ],
)
def test_a_place_of_its_own_is_its_merger(engine, text, fact):
    assert fact in engine.reply(text).text


def test_separate_questions_are_no_merger(engine):
    assert "2005" not in engine.reply("Two separate questions: population of Nagi and area of Ibara").text


# --- H. English hearsay ("I read …", "Someone told me …", "Apparently …") frames the claim, which is the subject; ------
#        a brand asked as a fashion house or label


@pytest.mark.parametrize(
    "text, kept, dropped",
    [
        ("I read Nagi beef won a prize. Which one?", "Nagi beef won", "read"),
        ("Someone told me that Ibara makes jeans. Since when?", "Ibara makes jeans", "told"),
    ],
)
def test_english_hearsay_is_a_frame(text, kept, dropped):
    core = asked(text)
    assert kept in core and dropped not in core, core


@pytest.mark.parametrize(
    "text, fact",
    [
        ("I heard a designer label buys Ibara's denim. Which one?", "Vuitton"),
        ("Which luxury fashion houses use denim from Ibara?", "Vuitton"),
        ("井原デニムを使っている高級ブランドは？", "ヴィトン"),
    ],
)
def test_a_brand_in_other_words_is_found(engine, text, fact):
    assert fact in engine.reply(text).text


# --- I. who would see or do it, as the subject ("What should a school group visiting Nagi see?", 生徒たちが…で) is context:
#        what there is to see or do in the town is asked


@pytest.mark.parametrize(
    "text, kept, dropped",
    [
        ("What should a delegation visiting Ibara see?", "to see in Ibara", "delegation"),
        ("What could our exchange students do in Nagi?", "to do in Nagi", "students"),
        ("視察団が宇治田原町で見るべきところは？", "宇治田原町で見るべき", "視察団"),
    ],
)
def test_who_would_see_it_is_context(text, kept, dropped):
    core = asked(text)
    assert kept in core and dropped not in core, core


@pytest.mark.parametrize(
    "text",
    ["What should a delegation visiting Ibara see?", "What could our exchange students do in Ibara?", "生徒たちが井原市でできることは？"],
)
def test_what_a_group_could_see_is_the_highlights(engine, text):
    assert "Denim" in engine.reply(text).text or "デニム" in engine.reply(text).text


def test_what_can_you_do_is_still_help(engine):
    assert engine.reply("What can you do?").intent == "help"
