"""Classes of question (issue 11, fifth set, from the misses of blind_final3), each closed by a mechanism; every test
names its class and asks it in both languages. The questions are written for these tests."""

import pytest

# --- a request for a town as a whole, in words the page does not use, is its overview or highlights --------------


@pytest.mark.parametrize(
    "text, town, intent",
    [
        ("What are the main selling points of Nagi Town?", "nagi", "topic"),
        ("宇治田原町のおすすめスポットを教えて", "ujitawara", "topic"),
        ("ウジタワラ町の名物やおすすめポイントは？", "ujitawara", "topic"),
        ("Please give me an overview of Ibara City. We are writing a report for our mayor.", "ibara", "town"),
    ],
)
def test_a_request_for_the_whole_town_is_not_cannot_find(engine, text, town, intent):
    reply = engine.reply(text)
    assert reply.intent == intent and reply.towns == (town,), reply.text


@pytest.mark.parametrize(
    "text", ["Who is the mayor of Ibara?", "Ibara's weather info?", "井原市の天気を教えて", "井原市って年間の観光客数どれくらい？"]
)
def test_a_point_of_its_own_beside_the_town_is_still_not_given(engine, text):
    assert engine.reply(text).intent == "unknown"


# --- an item given to the wrong town is answered from the town it belongs to, the correction said first -----------


@pytest.mark.parametrize(
    "text, right, fact",
    [
        ("How old is Ibara's Yokozen Kabuki tradition?", "nagi", "Edo"),
        ("Is it true that Ujitawara's denim goes to Louis Vuitton?", "ibara", "Louis Vuitton"),
        ("奈義町の美星天文台の望遠鏡は何センチ？", "ibara", "101"),
        ("宇治田原町にある菩提寺のイチョウの高さは？", "nagi", "40"),
    ],
)
def test_an_item_of_another_town_is_answered_with_the_correction(engine, text, right, fact):
    reply = engine.reply(text)
    assert reply.towns == (right,) and fact in reply.text, reply.text
    assert engine.say.town_name(right, reply.lang) in reply.blocks[0].as_text()


# --- a town placed in a prefecture it is not in: the correction, then the answer ----------------------------------


@pytest.mark.parametrize(
    "text, right, fact",
    [("What is the population of Ujitawara Town in Okayama?", "Kyoto", "9,270"), ("京都府の奈義町の面積は？", "岡山県", "69.52")],
)
def test_a_town_in_the_wrong_prefecture_is_corrected(engine, text, right, fact):
    reply = engine.reply(text)
    assert right in reply.blocks[0].as_text() and fact in reply.text, reply.text


def test_a_town_near_another_prefecture_is_no_correction(engine):
    assert "not in" not in engine.reply("Is Ibara close to Hiroshima?").text


# --- a greeting, an introduction or a count of questions is context, not what is asked ----------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hi from Queensland, Australia! A few quick questions: where is Nagi, and what partner does it hope for?", ("Okayama", "junior high")),
        ("Greetings from Texas. Three things - what is Ibara's population, and how big is it?", ("39,019", "243.54")),
        ("はじめまして。宇治田原町について2つ質問です。人口は何人？あと面積は？", ("9,270", "58.16")),
    ],
)
def test_an_introduction_and_a_count_of_questions_leave_the_questions(engine, text, expected):
    reply = engine.reply(text)
    assert all(e in reply.text for e in expected) and reply.intent != "country", reply.text


def test_a_later_question_of_a_country_is_about_the_town_just_answered(engine):
    reply = engine.reply("Where is Nagi? And would an Australian partner be welcome?")
    assert reply.towns == ("nagi",) and "Australia" in reply.text, reply.text
    reply = engine.reply("奈義町はどこですか？あとオーストラリアの都市でも大丈夫？")
    assert reply.towns == ("nagi",), reply.text


def test_a_later_question_of_which_towns_want_a_country_stays_across_towns(engine):
    assert len(engine.reply("Where is Nagi? Also, which towns want Canada?").towns) > 1


# --- a narrower fact than the page gives is not answered with the near one ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Which days of the week is the Bisei observatory closed?",
        "What time does Nagi MOCA close?",
        "田中美術館の開館時間は何時から？",
        "美星天文台の休館日は何曜日ですか",
    ],
)
def test_opening_hours_and_closing_days_are_not_given(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and reply.towns, reply.text


@pytest.mark.parametrize("text", ["How deep is the snow on Mt Nagi in winter?", "那岐山の冬の雪はどれくらい積もる？"])
def test_an_amount_of_what_the_page_speaks_of_without_a_figure_is_not_given(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and ("Nagi" in reply.text or "那岐山" in reply.text), reply.text


@pytest.mark.parametrize("text", ["How many foreigners live in Ujitawara?", "宇治田原町に留学生は何人いますか", "奈義町の外国人は何人？"])
def test_a_part_of_the_population_is_not_the_population(engine, text):
    assert engine.reply(text).intent == "unknown"


@pytest.mark.parametrize("text", ["How many residents does Ujitawara have?", "宇治田原町の住民は何人？"])
def test_the_residents_are_the_population(engine, text):
    assert "9,270" in engine.reply(text).text


# --- a town's name with a wrong kanji read just like it is that town ----------------------------------------------


@pytest.mark.parametrize("text, town, fact", [("奈儀町の人口は？", "nagi", "6,000"), ("那儀町の面積を教えて", "nagi", "69.52")])
def test_a_name_read_like_a_towns_is_that_town(engine, text, town, fact):
    reply = engine.reply(text)
    assert reply.towns == (town,) and fact in reply.text, reply.text


def test_a_name_read_otherwise_is_still_a_did_you_mean(engine):
    assert engine.reply("宇治多原町の人口は？").intent == "fallback"


# --- chat spellings and hyphenated words are read as the words the page uses --------------------------------------


@pytest.mark.parametrize(
    "text, fact",
    [("hw many ppl live in nagi", "6,000"), ("pls tell me abt Ujitawara's pop. numbers", "9,270"), ("what's Nagi's child-rearing declaration?", "2012")],
)
def test_chat_spellings_and_hyphens_read_as_the_pages_words(engine, text, fact):
    assert fact in engine.reply(text).text


def test_the_message_keeps_the_users_own_spelling(engine):
    assert engine.understand("pls tell me abt nagi").text == "pls tell me abt nagi"


# --- a request to pass a message on starts an enquiry to the town named, whatever country the sender names --------


@pytest.mark.parametrize(
    "text, town",
    [
        ("Could you pass a message on to Nagi Town? We are a rural shire in Victoria, Australia.", "nagi"),
        ("Please forward a message to Ujitawara for our tea association in Canada.", "ujitawara"),
        ("宇治田原町に伝言をお願いできますか。カナダの町です。", "ujitawara"),
    ],
)
def test_passing_a_message_starts_an_enquiry_to_that_town(engine, text, town):
    reply = engine.reply(text)
    assert reply.intent == "enquire" and reply.towns == (town,), reply.text


# --- a later part about what was just answered is answered from that passage, said once -----------------------------


@pytest.mark.parametrize(
    "text", ["When did Nagi announce its childrearing declaration? Is it the reason for its high birth rate?", "奈義町の子育て応援宣言はいつ？それで出生率が高いの？"]
)
def test_a_question_back_about_the_sentence_just_given_is_not_another_items(engine, text):
    reply = engine.reply(text)
    assert reply.text.count("2012") == 1 and len(reply.blocks) == 1, reply.text


# --- a word the page itself uses is no typo of a keyword or a place -------------------------------------------------


@pytest.mark.parametrize("text, wrong", [("Which year did Nagi start its support for childrearing?", "Sapporo"), ("Was Bisei the first town with such an ordinance?", "Tenjinkyo")])
def test_a_word_of_the_page_is_not_read_as_a_near_keyword(engine, text, wrong):
    assert wrong not in engine.reply(text).text


# --- "which month / what year" beside a figure asks the figure's date -----------------------------------------------


@pytest.mark.parametrize("text", ["Ujitawara's population - from which month and year?", "宇治田原町の人口は何年何月の時点？"])
def test_the_month_or_year_of_a_figure_is_its_date(engine, text):
    reply = engine.reply(text)
    assert "2019" in reply.text and "9,270" in reply.text, reply.text


# --- a superlative or comparison of an item's own thing is a question of that item, not a ranking of towns ----------


@pytest.mark.parametrize(
    "text, fact",
    [
        ("What's the biggest telescope the Bisei Astronomical Observatory has?", "101"),
        ("Does Meiji Gonbou take longer to grow than other burdock?", "2 to 3 months"),
        ("美星天文台で一番大きい望遠鏡は？", "101"),
        ("明治ごんぼうは普通のごぼうと比べて生育にどれくらい長くかかる？", "2～3か月"),
    ],
)
def test_a_measure_of_an_item_is_not_a_ranking_of_towns(engine, text, fact):
    reply = engine.reply(text)
    assert fact in reply.text and reply.towns == ("ibara",) and len(reply.blocks) == 1, reply.text


def test_a_ranking_of_towns_stays_one(engine):
    assert engine.reply("Which town has the largest area?").intent == "area"
    assert engine.reply("一番人口が多い町は？").intent == "population"


def test_a_later_kind_of_answer_about_the_item_just_answered_is_its_sentence(engine):
    reply = engine.reply("Who planted the Bodaiji ginkgo, and how tall is it?")
    assert "Honen" in reply.text and "40m" in reply.text and len(reply.text) < 500, reply.text


# --- the asker's circumstance before the question ("If we fly into Osaka, …") is context, not a subject -------------


@pytest.mark.parametrize(
    "text",
    ["If our mayor lands at Kansai airport in Osaka, how long is the drive to Ujitawara?", "When we visit Kyoto next spring, how far is Ujitawara?"],
)
def test_the_askers_circumstance_leaves_the_question(engine, text):
    reply = engine.reply(text)
    assert "60-minute" in reply.text and reply.towns == ("ujitawara",), reply.text


def test_a_when_question_of_the_asker_is_still_a_question(engine):
    assert engine.reply("When did Ibara merge with Bisei?").intent != "unknown"


# --- smaller gaps of the fifth set -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, fact", [("How high above sea level is Bisei?", "200-400"), ("美星町は標高何メートル？", "200～400")])
def test_above_sea_level_asks_a_height(engine, text, fact):
    assert fact in engine.reply(text).text


@pytest.mark.parametrize("text, fact", [("なぎビカリアミュージアムには何種類の化石がある？", "50種"), ("宇治田原町の桜並木には桜が何本？", "300本")])
def test_a_japanese_counter_is_answered_by_its_shorter_form(engine, text, fact):
    assert fact in engine.reply(text).text


@pytest.mark.parametrize("text", ["宇治田原町の人口密度を教えて", "奈義町の人口増加率は？"])
def test_a_figure_named_after_the_population_is_not_the_population(engine, text):
    assert engine.reply(text).intent == "unknown"


@pytest.mark.parametrize("text, said", [("Is Ujitawara close to Osaka?", "Osaka"), ("井原市は広島県の近く？", "広島県に接"), ("Is Nagi near Tottori?", "Tottori")])
def test_near_a_place_is_answered_by_the_sentence_that_names_it(engine, text, said):
    assert said in engine.reply(text).text


def test_how_far_from_a_bordering_prefecture_is_no_distance(engine):
    reply = engine.reply("How far is Nagi from Tottori?")
    assert reply.intent == "unknown" and "Tottori" in reply.text, reply.text


@pytest.mark.parametrize("text, town", [("I'd like to send a letter to Ujitawara's mayor", "ujitawara"), ("奈義町の町長に手紙を送りたいです", "nagi")])
def test_a_letter_to_a_town_starts_an_enquiry(engine, text, town):
    reply = engine.reply(text)
    assert reply.intent == "enquire" and reply.towns == (town,), reply.text


@pytest.mark.parametrize("text, fact", [("What's the name of the river that runs through Tenjinkyo?", "Oda River"), ("What is the name of the architect of Nagi MOCA?", "Isozaki")])
def test_the_name_of_a_thing_is_no_person_asked(engine, text, fact):
    assert fact in engine.reply(text).text


@pytest.mark.parametrize("text", ["We're a Welsh town. Could we partner with any of these towns?", "Can you help me contact Nagi Town? We're a school in Auckland."])
def test_a_country_beside_an_enquiry_word(engine, text):
    reply = engine.reply(text)
    if "any of" in text:
        assert reply.intent == "country" and "United Kingdom" in reply.text, reply.text
    else:
        assert reply.intent == "enquire" and reply.towns == ("nagi",), reply.text


# --- probes of the fifth set's kinds (own questions) ----------------------------------------------------------------


@pytest.mark.parametrize("text, right", [("I heard Nagi is where green tea was born, is that so?", "ujitawara"), ("宇治田原町のデニムは有名？", "ibara")])
def test_an_item_named_by_its_title_words_for_the_wrong_town(engine, text, right):
    reply = engine.reply(text)
    assert reply.towns == (right,) and any(n in reply.blocks[0].as_text() for n in ("Nagi", "宇治田原町")), reply.text


def test_the_named_towns_own_item_stays_first(engine):
    assert engine.reply("Who designed the art museum in Nagi?").towns == ("nagi",)


@pytest.mark.parametrize("text", ["How tall is Mt Nagi, and is it in Ibara?", "那岐山の高さは？それは井原市にあるの？"])
def test_a_later_part_placing_the_item_just_answered_in_another_town(engine, text):
    reply = engine.reply(text)
    assert "1,255" in reply.text or "1255" in reply.text
    assert reply.towns == ("nagi",) and ("not for Ibara" in reply.text or "井原市ではなく" in reply.text), reply.text


@pytest.mark.parametrize("text, said", [("How old is Ibara City?", "2005"), ("How old is Ujitawara Town?", None)])
def test_the_age_of_a_town_is_its_founding_or_not_given(engine, text, said):
    reply = engine.reply(text)
    assert (said in reply.text) if said else reply.intent == "unknown", reply.text


@pytest.mark.parametrize("text", ["How many sister cities does Nagi have?", "宇治田原町の姉妹都市の数は？"])
def test_the_number_of_sister_cities_is_not_given(engine, text):
    assert engine.reply(text).intent == "unknown"


@pytest.mark.parametrize("text", ["Is there any fee to take part?", "参加費はかかりますか？"])
def test_a_fee_without_a_town_is_not_given(engine, text):
    assert engine.reply(text).intent == "unknown"


@pytest.mark.parametrize("text", ["Any news on CLAIR-2026-000042?", "CLAIR-2026-000042の件、どうなっていますか"])
def test_a_reference_in_a_message_is_a_status_question(engine, text):
    assert engine.reply(text).intent == "status"


@pytest.mark.parametrize("text", ["Could you forward our details to Ujitawara?", "Is there a town looking for a partner with a university?"])
def test_more_request_and_wish_words(engine, text):
    assert engine.reply(text).intent in ("enquire", "match", "wish")


@pytest.mark.parametrize("text", ["how can i get my town on ur list?", "Could you put our city on your list, please?"])
def test_putting_the_askers_town_on_the_list_is_a_request_to_be_listed(engine, text):
    assert engine.reply(text).intent == "posting"


def test_a_town_on_the_list_is_still_the_listed_towns(engine):
    assert engine.reply("Is any town on your list looking for Canada?").intent == "country"


@pytest.mark.parametrize("text, fact", [("Population of Ujitawara, and when was the figure taken?", "2019"), ("宇治田原町の人口と、その数字はいつのもの？", "2019")])
def test_the_figure_just_given_is_dated(engine, text, fact):
    assert fact in engine.reply(text).text


@pytest.mark.parametrize("text", ["奈義町って岡山県のどのあたり？", "Whereabouts is Ujitawara?"])
def test_where_a_town_is_is_its_location_not_its_profile(engine, text):
    assert engine.reply(text).intent == "location"


@pytest.mark.parametrize("text, fact", [("宇治田原町の特徴的な形はなんでしょうか", "ハート"), ("那岐山は国立公園なんですか？", "国立公園")])
def test_nande_before_desu_is_what_not_why(engine, text, fact):
    assert fact in engine.reply(text).text


@pytest.mark.parametrize(
    "text, said", [("Are Ibara and Nagi in the same prefecture?", "Okayama Prefecture: Ibara City, Nagi Town"), ("宇治田原町と奈義町は同じ県ですか？", "同じ県にある自治体はありません")]
)
def test_whether_towns_share_a_prefecture(engine, text, said):
    reply = engine.reply(text)
    assert said in reply.text and len(reply.text) < 300, reply.text


@pytest.mark.parametrize("text, intent", [("奈義町の情報っていつのもの？", "date_modified"), ("Tell me a fun fact about Ujitawara", "topic")])
def test_when_the_information_is_from_and_fun_facts(engine, text, intent):
    assert engine.reply(text).intent == intent


def test_a_number_in_words_is_a_figure(engine):
    reply = engine.reply("How many installations make up Nagi MOCA?")
    assert reply.intent == "evidence" and "three installations" in reply.text, reply.text


@pytest.mark.parametrize("text", ["What are the opening days of Shoju-in?", "正寿院の休館日は何曜日？"])
def test_opening_days_of_an_item_are_not_given_by_its_name(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and ("opening hours" in reply.text or "休業日" in reply.text), reply.text


@pytest.mark.parametrize(
    "text, town",
    [("Our delegation plans to visit Nagi. Who should we contact?", "nagi"), ("宇治田原町に交流の提案をしたいです", "ujitawara"), ("奈義町の担当者を紹介してもらえますか", "nagi")],
)
def test_more_ways_to_start_an_enquiry_to_a_town(engine, text, town):
    reply = engine.reply(text)
    assert reply.intent == "enquire" and reply.towns == (town,), reply.text


def test_introducing_a_town_is_still_its_profile(engine):
    assert engine.reply("奈義町を紹介してください").intent == "town"


@pytest.mark.parametrize("text, said", [("Is Ujitawara's exchange meant for adults as well?", "children and students"), ("奈義町の交流は小学生も対象ですか？", "中学校")])
def test_a_question_of_the_exchange_a_town_wants_is_its_partner_text(engine, text, said):
    reply = engine.reply(text)
    assert said in reply.text and reply.intent == "partner", reply.text


@pytest.mark.parametrize("text", ["奈義町に国際交流員はいますか"])
def test_other_exchange_words_are_not_the_partner_wished_for(engine, text):
    assert engine.reply(text).intent != "partner"


@pytest.mark.parametrize(
    "text, said", [("Nagi: population, area, and what's it proud of?", ("6,000", "69.52", "Nagi Beef")), ("宇治田原町について2つ教えて：人口と有名なもの", ("9,270", "日本緑茶発祥の地"))]
)
def test_figures_and_what_a_town_is_proud_of_in_one_part(engine, text, said):
    reply = engine.reply(text)
    assert all(s in reply.text for s in said), reply.text


@pytest.mark.parametrize("text", ["奈義町の那岐山の国立公園の面積は？", "宇治田原町の茶畑の面積はどのくらい？"])
def test_the_area_of_something_else_than_the_town_needs_a_figure(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and "69.52" not in reply.text and "58.16" not in reply.text, reply.text


@pytest.mark.parametrize("text", ["井原市にはジーンズ工場がいくつありますか？", "宇治田原町には茶問屋が全部でいくつある？"])
def test_how_many_of_a_thing_without_a_counter_needs_a_number_of_it(engine, text):
    assert engine.reply(text).intent == "unknown"


def test_a_counter_still_finds_its_number(engine):
    assert "300" in engine.reply("田原川沿いの桜は何本ありますか").text
