"""Classes of question (issue 11, sixth set, from the misses of blind_final4), each closed by a mechanism; every test
names its class and asks it in both languages. The questions are written for these tests."""

import pytest

from bot.core.context import asked

# --- A. what is asked, apart from its context: only the asked part's words make an answer "not given" -------------


@pytest.mark.parametrize(
    "text, kept, dropped",
    [
        ("Which town is the smallest? Our club is quite tiny.", "smallest", "club"),
        ("My class adores rivers. Where is Tenjinkyo?", "Tenjinkyo", "adores"),
        ("History question for my Year 10s: when did Ibara merge?", "merge", "Year 10s"),
        ("What does Ibara make for our staff bulletin?", "Ibara make", "bulletin"),
        ("お手数ですが、奈義町の面積をお教えいただけますか。", "面積", "お手数"),
        ("井原市には天文台があると聞きましたが、どこにありますか。", "天文台", "聞きました"),
    ],
)
def test_context_is_split_from_what_is_asked(text, kept, dropped):
    core = asked(text)
    assert kept in core and dropped not in core, core


@pytest.mark.parametrize(
    "text, intent, fact",
    [
        ("Could you outline Ujitawara Town for our school magazine?", "town", "Kyoto"),
        ("Which of the three is smallest by population? Our club is quite tiny.", "population", "6,000"),
        ("Trivia question for my students: what is the area of Nagi?", "area", "69.52"),
        ("What is the population of Ujitawara? I want to put it in a speech.", "population", "9,270"),
        ("大変恐れ入りますが、奈義町の人口をお教えいただけますでしょうか。", "population", "6,000"),
        ("奈義町には自衛隊の駐屯地があると伺いましたが、その名称をお示しいただけますか。", "evidence", "日本原"),
    ],
)
def test_context_around_a_question_does_not_make_it_not_given(engine, text, intent, fact):
    reply = engine.reply(text)
    assert reply.intent == intent and fact in reply.text, reply.text


@pytest.mark.parametrize(
    "text",
    [
        "How many foreigners live in Nagi? I'd like to tell my class.",
        "恐れ入りますが、奈義町の外国人の人数をお教えいただけますか。",
        "What's the name of the mayor of Ibara for our newsletter?",
    ],
)
def test_a_narrower_ask_inside_a_polite_frame_stays_not_given(engine, text):
    assert engine.reply(text).intent == "unknown"


def test_a_self_description_is_still_what_matchmaking_matches(engine):
    reply = engine.reply("Our town is famous for beef cattle. Which town would suit us best?")
    assert reply.intent == "match", reply.text


# --- E. a request over every town ("one line each", 各自治体の, 3つの町の) is answered for each town, not the list ---


@pytest.mark.parametrize(
    "text, intent, facts",
    [
        ("Summarise what all three towns are proud of, a sentence each", "topic", ["Ibara Denim", "Nagi Beef"]),
        ("What kind of partner does each of the towns hope for?", "partner", ["stars", "junior high"]),
        ("3自治体それぞれの見どころを一行ずつ教えて", "topic", ["井原デニム", "奈義牛"]),
        ("全ての町が交流相手に求める条件を一覧にしてください", "partner", ["デニム", "中学校"]),
    ],
)
def test_a_request_over_every_town_answers_each_town(engine, text, intent, facts):
    reply = engine.reply(text)
    assert reply.intent == intent and all(f in reply.text for f in facts), reply.text


@pytest.mark.parametrize("text", ["Which towns are listed?", "掲載されている自治体の一覧を見せて"])
def test_a_request_for_the_list_is_still_the_list(engine, text):
    assert engine.reply(text).intent == "list_towns"


# --- B. chat abbreviations and casual question words, from one table of spellings (phrases.yaml) ----------------


@pytest.mark.parametrize(
    "text, intent, fact",
    [
        ("nagi pop rn?", "population", "6,000"),
        ("nagi vs ibara pop, what's the diff?", "population", "more people"),
        ("奈義町ってどのへんにあるの？", "location", "岡山県"),
        ("井原市はどこらへん？", "location", "岡山県"),
    ],
)
def test_chat_spellings_and_casual_question_words(engine, text, intent, fact):
    reply = engine.reply(text)
    assert reply.intent == intent and fact in reply.text, reply.text


# --- C. "how long does it run/last" asks a duration, not an age --------------------------------------------------


@pytest.mark.parametrize(
    "text, fact",
    [("How long does the big Yokozen kabuki performance last?", "two days"), ("横仙歌舞伎の秋の公演は何日間ですか？", "2日間")],
)
def test_how_long_it_lasts_is_a_duration(engine, text, fact):
    reply = engine.reply(text)
    assert reply.intent == "evidence" and fact in reply.text, reply.text


def test_how_long_ago_is_still_an_age(engine):
    assert "900" in engine.reply("How long has the Bodaiji ginkgo been standing?").text


def test_a_statement_before_a_question_leaves_its_parts_apart():
    from bot.core.question import parts

    assert len(parts("My class loves theatre. When is the kabuki show in Nagi, and how long does it last?")) == 2


# --- D. a comparison of named things by an age or a height gets a verdict from their sentences ---------------------


@pytest.mark.parametrize(
    "text, winner, figures",
    [
        ("Which is older: the Shoju-in temple or the ginkgo at Bodaiji?", "ginkgo", ["900", "800"]),
        ("Mt Nagi or the Meiji area of Yoshii, which is higher?", "Mt Nagi", ["1255", "400"]),
        ("正寿院と菩提寺のイチョウ、古いのはどっち？", "イチョウ", ["900", "800"]),
        ("明治地区と那岐山では、どちらの標高が高い？", "那岐山", ["1,255", "400"]),
    ],
)
def test_a_comparison_of_named_things_gives_a_verdict(engine, text, winner, figures):
    reply = engine.reply(text)
    first = reply.blocks[0].lines[0]
    assert winner in first and all(f in reply.text for f in figures), reply.text


def test_a_comparison_of_town_figures_stays_with_the_towns(engine):
    reply = engine.reply("Which has a higher population, Nagi or Ujitawara?")
    assert reply.intent == "population" and "9,270" in reply.text


def test_a_comparison_without_two_figures_is_no_verdict(engine):
    assert "Of these" not in engine.reply("Which is older, Nagi MOCA or Nagi Beef?").text


# --- casual and honorific forms of questions the bot knows: open now, existing sister cities, registering interest -


@pytest.mark.parametrize(
    "text, fact",
    [
        ("is the denchu museum open atm?", "2023"),
        ("Denchu museum - open right now?", "2023"),
        ("田中美術館は今開いておりますか。", "2023"),
        ("田中美術館って今やってるの？", "2023"),
    ],
)
def test_whether_something_is_open_now_in_casual_or_honorific_words(engine, text, fact):
    assert fact in engine.reply(text).text


@pytest.mark.parametrize("text", ["Does Nagi have any sister cities already?", "奈義町って姉妹都市もってる？", "井原市はもう海外に姉妹都市ある？"])
def test_existing_sister_cities_asked_casually_are_not_given(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown", reply.text


@pytest.mark.parametrize(
    "text",
    ["Please register our interest in Ujitawara with the town.", "We want to formally register our council's interest in Ibara City."],
)
def test_registering_interest_in_a_town_starts_an_enquiry(engine, text):
    assert engine.reply(text).intent == "enquire"


# --- a change of a figure ("shrinking population", 人口が減って) asks what the page says of it, not the figure ---------


@pytest.mark.parametrize(
    "text", ["How is Nagi handling its dwindling population?", "奈義町は人口が減っていることにどんな対策をしていますか？"]
)
def test_a_change_of_a_figure_is_answered_by_what_the_page_says_of_it(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "evidence" and "2012" in reply.text, reply.text


def test_the_figure_itself_is_still_the_figure(engine):
    assert engine.reply("How many people live in Nagi?").intent == "population"


# --- "what's it like?" after an item is that item, said once -------------------------------------------------------


@pytest.mark.parametrize("text, fact", [("Where is Bodaiji? And what's it like?", "Honen"), ("那岐山ってどこ？どんな感じ？", "国立公園")])
def test_what_it_is_like_after_an_item_is_the_item_said_once(engine, text, fact):
    reply = engine.reply(text)
    assert fact in reply.text and reply.text.count(reply.blocks[-1].lines[0][:20]) == 1, reply.text


# --- the exchange a named town wants, asked of in other words, is its desired partner ------------------------------


@pytest.mark.parametrize(
    "text, facts",
    [
        ("Which pupils would an exchange with Nagi be aimed at?", ["junior high"]),
        ("Does Ujitawara care about sports exchanges, or something different?", ["children"]),
        ("井原市と奈義町、学校同士の交流に合うのはどっち？", ["デニム", "中学校"]),
        ("宇治田原町の交流って、どんな年代が対象？", ["子ども"]),
    ],
)
def test_the_exchange_a_named_town_wants_is_its_desired_partner(engine, text, facts):
    reply = engine.reply(text)
    assert reply.intent == "partner" and all(f in reply.text for f in facts), reply.text


@pytest.mark.parametrize("text", ["Which countries does Nagi want an exchange with?", "奈義町はどの国との交流を希望？"])
def test_the_country_of_the_exchange_is_still_the_country(engine, text):
    assert "Australia" in engine.reply(text).text or "オーストラリア" in engine.reply(text).text


def test_a_request_about_an_exchange_is_still_an_enquiry(engine):
    assert engine.reply("I'd like to contact Nagi Town about a student exchange").intent == "enquire"


# --- G. a guessed town after a "which town" question is checked, not answered with that town's profile -------------


@pytest.mark.parametrize(
    "text, line",
    [
        ("Where is the Vikarya museum? Ibara?", "for Nagi Town, not for Ibara City"),
        ("明治ごんぼうってどこの名物？宇治田原？", "宇治田原町ではなく井原市"),
    ],
)
def test_a_wrong_guess_is_corrected_without_a_profile(engine, text, line):
    reply = engine.reply(text)
    assert line in reply.text and "Population" not in reply.text and "人口" not in reply.text, reply.text


def test_a_right_guess_adds_nothing(engine):
    reply = engine.reply("Which town has the Denchu museum? Ibara?")
    assert "not for" not in reply.text and "Denchu" in reply.text


@pytest.mark.parametrize("text, fact", [("Tell me about Tenjinkyo. What is it called in full?", "Tenjinkyo Gorge"), ("How tall is Nagi's big ginkgo tree? What's it called?", "Bodaiji")])
def test_what_it_is_called_after_an_item_is_the_item(engine, text, fact):
    assert fact in engine.reply(text).text


@pytest.mark.parametrize(
    "text, fact",
    [
        ("For a slide in my talk: how many people live in Ibara?", "39,019"),
        ("I'd like to learn about Ujitawara's tea for a class project.", "green tea"),
        ("Is Nagi Town after a school partner or something else?", "junior high"),
    ],
)
def test_more_context_and_wished_exchange_in_other_words(engine, text, fact):
    assert fact in engine.reply(text).text


@pytest.mark.parametrize(
    "text, kept",
    [
        ("念のためお聞きしますが、奈義町は何県にありますか。", "奈義町は何県"),
        ("つかぬことを伺いますが、奈義町の面積は？", "奈義町の面積"),
        ("奈義町の人口を確認したいのですが、何人ですか", "奈義町の人口"),
    ],
)
def test_a_frame_of_asking_goes_and_its_subject_stays(text, kept):
    assert kept in asked(text)


@pytest.mark.parametrize(
    "text, intent, fact",
    [
        ("Can you give me a one-line summary of each town?", "topic", "Nagi Beef"),
        ("各町の概要を教えてください", "topic", "奈義牛"),
        ("Is the Bodaiji ginkgo older than Shoju-in temple?", "evidence", "900 years"),
        ("hw far is ujitawara frm kyoto", "evidence", "60-minute"),
    ],
)
def test_more_wordings_of_every_town_comparisons_and_spellings(engine, text, intent, fact):
    reply = engine.reply(text)
    assert reply.intent == intent and fact in reply.text, reply.text


def test_a_tie_between_named_things_has_no_verdict(engine):
    reply = engine.reply("美星町と明治地区、標高が高いのはどっち？")
    assert "最も高い" not in reply.text and reply.text.count("400") >= 2, reply.text


# --- F. an amount made asked casually (どれくらい作ってた) is the sentence with the figure, not the whole item ---------


@pytest.mark.parametrize(
    "text, fact",
    [("井原ではジーンズをどのくらい作っていたんですか？", "1,500万本"), ("How much denim did Ibara make in 1970?", "15,000,000")],
)
def test_an_amount_made_is_the_sentence_with_the_figure(engine, text, fact):
    reply = engine.reply(text)
    assert reply.intent == "evidence" and fact in reply.text and len(reply.text) < 300, reply.text


def test_an_amount_the_page_does_not_give_says_so(engine):
    reply = engine.reply("明治ごんぼうはどのくらい生産されていますか？")
    assert reply.intent == "unknown", reply.text


# --- a place to do something, asked with who would do it ("our students"), is no matchmaking ------------------------


@pytest.mark.parametrize(
    "text, fact", [("Where can our pupils see the stars clearly?", "Bisei"), ("うちの生徒が化石を掘れる場所はどこでできますか？", "化石")]
)
def test_a_place_to_do_something_is_answered_from_the_page(engine, text, fact):
    reply = engine.reply(text)
    assert reply.intent == "evidence" and fact in reply.text, reply.text


def test_a_description_asking_for_a_fit_is_still_matched(engine):
    assert engine.reply("We are a small town with a strong school focus. Which town would suit us?").intent == "match"


@pytest.mark.parametrize(
    "text, fact", [("The Bodaiji ginkgo. How tall is it?", "40m"), ("那岐山。それの高さは？", "1,255")]
)
def test_a_subject_named_before_a_question_that_points_back_is_its_subject(engine, text, fact):
    assert fact in engine.reply(text).text


def test_a_calendar_year_is_no_age_and_towns_are_no_things(engine):
    reply = engine.reply("奈義町、宇治田原町、井原市の中で一番古いものは何？")
    assert "最も古い" not in reply.text, reply.text


def test_which_of_two_named_towns_suits_an_exchange_is_both_wishes(engine):
    reply = engine.reply("井原市と奈義町、どっちが子どもの交流に向いてる？")
    assert reply.intent == "partner" and "デニム" in reply.text and "中学校" in reply.text, reply.text
