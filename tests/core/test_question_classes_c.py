"""Classes of question (issue 11, third set), each closed by a mechanism; every test names its class and, where the
class exists in both languages, asks it in both. The questions are written for these tests."""

import pytest

from bot.core.question import parts

# --- Japanese part separators: それから / あと / また / それと open a new part as "also" does -------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("宇治田原町の人口は？それと、面積は？", ["宇治田原町の人口は？", "面積は？"]),
        ("井原市の面積を教えて。あと、クレアのファックス番号も", ["井原市の面積を教えて。", "クレアのファックス番号も"]),
        ("奈義町の面積、それから井原市の人口も知りたい", ["奈義町の面積", "井原市の人口も知りたい"]),
        ("井原市の人口は　また宇治田原町の面積は", ["井原市の人口は", "宇治田原町の面積は"]),
        ("奈義町の面積 それから 井原市の人口は？", ["奈義町の面積", "井原市の人口は？"]),
        (
            "井原市の人口は？それから奈義町の面積は？あと宇治田原町の人口は？",
            ["井原市の人口は？", "奈義町の面積は？", "宇治田原町の人口は？"],
        ),
    ],
)
def test_japanese_connectors_split_parts_like_also(text, expected):
    assert parts(text) == expected


@pytest.mark.parametrize("text", ["奈義町の面積は？またね", "宇治田原町はまた訪れたい町です。人口は？"])
def test_a_connector_word_that_opens_no_question_is_no_part(text):
    assert len(parts(text)) == 1


@pytest.mark.parametrize(
    "text, answers",
    [
        ("宇治田原町の人口は　それと井原市の面積は", ["宇治田原町：9,270人", "井原市：243.54 km²"]),
        ("Population of Ujitawara? also the area of Ibara", ["Ujitawara Town: 9,270 people", "Ibara City: 243.54 km²"]),
    ],
)
def test_each_part_after_a_connector_is_answered_in_order(engine, text, answers):
    firsts = [b.lines[0] for b in engine.reply(text).blocks]
    assert len(firsts) >= 2 and all(a in f for a, f in zip(answers, firsts, strict=False)), firsts


@pytest.mark.parametrize("text", ["菩提寺のイチョウの高さは？それから樹齢は？", "How tall is the Bodaiji ginkgo? also, how old is it?"])
def test_a_later_part_without_its_subject_is_about_the_item_just_answered(engine, text):
    assert "900" in engine.reply(text).text


# --- "when" about a named item dates that item's event, or says the page does not -----------------------------


@pytest.mark.parametrize(
    "text", ["When was Nagi MOCA opened?", "When was Nagi MOCA built?", "奈義町現代美術館はいつ完成しましたか", "奈義町現代美術館はいつオープンしたの？"]
)
def test_a_year_about_something_else_does_not_date_the_items_event(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and "nagi" in reply.towns and "2019" not in reply.text, reply.text


@pytest.mark.parametrize("text", ["When did the Denchu museum open?", "田中美術館は何年にできましたか"])
def test_the_sentence_dating_the_event_answers_when(engine, text):
    assert "1969" in engine.reply(text).text


# --- a criterion without a country asks for the towns whose desired partner has it --------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("Which towns would like an exchange between schools?", ["junior high school", "children and students"]),
        ("Is any town looking for a student exchange?", ["junior high school", "children and students"]),
        ("学校同士の交流を希望している自治体は？", ["本町の中学校", "学生"]),
        ("子どもの交流を望んでいる町はどこですか", ["本町の中学校", "子どもたち"]),
    ],
)
def test_a_theme_without_a_country_lists_the_towns_that_wish_for_it(engine, text, words):
    reply = engine.reply(text)
    assert (reply.intent, set(reply.towns)) == ("match", {"nagi", "ujitawara"}), reply.text
    assert all(w in reply.text for w in words), reply.text


@pytest.mark.parametrize("text", ["Which towns want a partner with a link to stars?", "星に関わる交流相手を求めている町は？"])
def test_only_the_towns_that_ask_for_the_theme_are_listed(engine, text):
    reply = engine.reply(text)
    assert reply.towns == ("ibara",) and ("denim" in reply.text or "デニム" in reply.text), reply.text


# --- a figure or date the page does not give for something it mentions: said so, with what it does say -----------


@pytest.mark.parametrize("text", ["Precisely how high is the birth rate in Nagi?", "奈義町の出生率は何パーセントですか", "奈義町の出生率って具体的な数字は？"])
def test_a_figure_the_page_does_not_give_is_said_so_with_its_words(engine, text):
    reply = engine.reply(text)
    assert (reply.intent, reply.towns) == ("unknown", ("nagi",)), reply.text
    assert ("no figure" in reply.text or "数値は載っていません" in reply.text), reply.text
    assert "high birth rate" in reply.text or "高い出生率" in reply.text, reply.text


def test_a_figure_the_page_gives_is_no_unknown(engine):
    reply = engine.reply("How high is Mount Nagi exactly?")
    assert "1255" in reply.text and "no figure" not in reply.text, reply.text


@pytest.mark.parametrize("text", ["宇治田原町が町になったのはいつ？", "When did Ujitawara become a town?"])
def test_a_founding_date_the_page_does_not_give_is_unknown_not_the_profile(engine, text):
    reply = engine.reply(text)
    assert (reply.intent, reply.towns) == ("unknown", ("ujitawara",)) and "9,270" not in reply.text, reply.text


# --- a distance from a place the page does not measure from: said so, with what the page does give ----------------


@pytest.mark.parametrize(
    "text, said",
    [
        ("What's the distance between Tokyo and Ujitawara?", "no distance or travel time from Tokyo to Ujitawara Town"),
        ("東京から宇治田原町までは何時間かかりますか", "東京から宇治田原町までの距離や所要時間の記載はありません"),
    ],
)
def test_a_distance_from_an_unmeasured_place_names_that_place_and_gives_what_the_page_gives(engine, text, said):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and said in reply.text, reply.text
    assert "60-minute drive" in reply.text or "車で60分" in reply.text, reply.text


def test_a_distance_from_a_place_the_page_measures_from_is_given(engine):
    reply = engine.reply("How long is the drive from Kyoto to Ujitawara?")
    assert reply.intent == "evidence" and "60-minute drive" in reply.text, reply.text



# --- bordering: the outline sentence about what a town borders ---------------------------------------------------


@pytest.mark.parametrize("text", ["Which prefecture lies on Nagi's northern border?", "奈義町の北隣は何県ですか", "奈義町は北でどの県と接している？"])
def test_a_bordering_question_finds_the_outline_sentence(engine, text):
    reply = engine.reply(text)
    assert "nagi" in reply.towns and ("Tottori" in reply.text or "鳥取県" in reply.text), reply.text


@pytest.mark.parametrize("text", ["What does Ujitawara border?", "宇治田原町はどこと隣接していますか"])
def test_a_border_the_page_does_not_give_is_unknown(engine, text):
    reply = engine.reply(text)
    assert (reply.intent, reply.towns) == ("unknown", ("ujitawara",)), reply.text


@pytest.mark.parametrize(
    "text, said, town",
    [
        ("Is any town looking for a green tea exchange?", "No listed town asks for a partner with tea", "ujitawara"),
        ("デニムの交流を望んでいる町は？", "", "ibara"),
        ("お茶に関する交流を希望している町はどこ？", "茶に関わりのある交流相手を希望している掲載自治体はありません", "ujitawara"),
    ],
)
def test_a_theme_no_town_asks_for_is_said_so_before_what_the_towns_have(engine, text, said, town):
    reply = engine.reply(text)
    assert said in reply.text and town in reply.towns, reply.text
