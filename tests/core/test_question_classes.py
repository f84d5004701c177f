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
        ("今の井原デニムの年間生産量は？", "ibara"),
        ("What is the annual output of Ibara denim?", "ibara"),
        ("What's the price of Nagi beef?", "nagi"),
    ],
)
def test_an_unknown_noun_beside_an_item_is_not_the_item(engine, text, town):
    reply = ask(engine, text)
    assert (reply.intent, reply.towns) == ("unknown", (town,)), reply.text


@pytest.mark.parametrize("text, word", [("なぎビーフって何？", "奈義牛"), ("Tell me about Ibara denim", "Holy grail")])
def test_the_words_that_name_an_item_are_never_unknown(engine, text, word):
    reply = ask(engine, text)
    assert reply.intent == "topic" and word in reply.text, reply.text


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


# --- comma lists of noun phrases: each part, in order --------------------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("population of Ujitawara, height of Mt Nagi, and year of Ibara's merger?", ["9,270", "1255", "2005"]),
        ("Three quick ones: population of Ujitawara, height of Mt Nagi, and year of Ibara's merger?", ["9,270", "1255", "2005"]),
        ("area of Nagi, population of Ibara", ["69.52", "39,019"]),
    ],
)
def test_a_list_of_noun_phrases_is_answered_part_by_part(engine, text, words):
    reply = ask(engine, text)
    positions = [reply.text.find(w) for w in words]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), reply.text


# --- categories: "what food is there in Nagi" ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, town, word",
    [
        ("what food is there in Nagi", "nagi", "Nagi Beef"),
        ("What food is Ibara known for?", "ibara", "Gonbou"),
        ("奈義町の食べ物は？", "nagi", "奈義牛"),
        ("What museums are there in Nagi?", "nagi", "MOCA"),
    ],
)
def test_a_category_question_lists_the_towns_items_of_that_kind(engine, text, town, word):
    reply = ask(engine, text)
    assert reply.towns == (town,) and word in reply.text, reply.text


# --- follow-ups: the town in the conversation ----------------------------------------------------------------


def test_a_japanese_question_without_a_subject_is_about_the_town_in_the_conversation(engine):
    reply = follow(engine, "奈義町について教えて", "いつ合併しましたか？")
    assert reply.towns == ("nagi",) and reply.intent == "unknown", reply.text
    reply = follow(engine, "井原市について教えて", "いつ合併しましたか？")
    assert reply.towns == ("ibara",) and "2005" in reply.text


def test_a_follow_up_that_names_an_item_goes_to_the_items_town(engine):
    reply = follow(engine, "Tell me about Ibara", "Who planted the ginkgo at Bodaiji?")
    assert reply.towns == ("nagi",) and "Honen" in reply.text


# --- names: items of the named town, countries with their article -------------------------------------------


def test_items_are_those_of_the_named_town(engine):
    reply = ask(engine, "Tell me about the museum in Nagi")
    assert reply.towns == ("nagi",) and "Denchu" not in reply.text


@pytest.mark.parametrize("text", ["Which towns want partners in the United States?", "US", "Any towns for the US?"])
def test_the_united_states_with_its_article(engine, text):
    reply = ask(engine, text)
    assert reply.intent == "country" and "in the United States" in reply.text and "of the United States" in reply.text, reply.text


# --- a question of one kind about an item the page never answers: "I don't know", not another of its sentences ------


@pytest.mark.parametrize("text", ["奈義町現代美術館は何年に開館しましたか", "奈義町現代美術館の開館はいつですか"])
def test_a_year_the_item_never_gives_is_unknown(engine, text):
    reply = ask(engine, text)
    assert (reply.intent, reply.towns) == ("unknown", ("nagi",)) and "2019" not in reply.text, reply.text


@pytest.mark.parametrize("text", ["When was the Denchu Art Museum founded?", "田中美術館はいつ開館しましたか"])
def test_opening_words_find_the_opening(engine, text):
    assert "1969" in ask(engine, text).text


# --- two criteria: a country and a theme -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["towns that want Canada, for a school exchange", "カナダの学校と交流したい町は？"])
def test_a_country_and_a_theme_are_both_matched(engine, text):
    reply = ask(engine, text)
    assert reply.intent == "match" and reply.towns[0] == "ujitawara", reply.text


# --- e-mail: the page gives none, for CLAIR or a town -------------------------------------------------------------


@pytest.mark.parametrize("text", ["Could I get Ibara City's international office e-mail address?", "宇治田原町の担当者のメールアドレスを教えてください。"])
def test_a_towns_email_is_not_on_the_page(engine, text):
    reply = ask(engine, text)
    assert reply.intent == "unknown" and reply.state.dialogue is None and "+81-3-5213-1742" in reply.text, reply.text


# --- readings: names most readers misread ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["でんちゅう美術館について", "田中美術館について教えて"])
def test_a_misread_name_gets_its_reading_once_and_is_found_by_it(engine, text):
    reply = ask(engine, text)
    assert reply.towns == ("ibara",) and reply.text.count("田中（でんちゅう）") == 1, reply.text
    assert "平櫛田中（ひらくしでんちゅう）" in reply.text  # a longer name keeps its own reading
    assert "（でんちゅう）" not in engine.reply("Tell me about the Denchu Art Museum").text  # English needs none


def test_a_reading_is_found_in_a_question_about_the_item(engine):
    reply = ask(engine, "よこぜん歌舞伎とは")
    assert reply.towns == ("nagi",) and "横仙（よこぜん）歌舞伎" in reply.text


# --- typos: two edits make a name, never a phrase word -----------------------------------------------------------


def test_a_word_two_edits_from_a_phrase_word_is_not_that_phrase(engine):
    reply = ask(engine, "Meiji Gonbou got a 'Food Artisan' award — from which company and what year?")
    assert reply.intent != "compare" and "Aeon" in reply.text and "2017" in reply.text, reply.text


# --- travel times from a place the page does not give --------------------------------------------------------------


def test_a_travel_time_from_another_place_is_unknown_with_what_the_page_gives(engine):
    reply = ask(engine, "How far is Ujitawara from Tokyo?")
    assert reply.intent == "unknown" and "60-minute drive" in reply.text, reply.text


# --- later parts: a pronoun or an item of several towns is the town just answered -------------------------------


@pytest.mark.parametrize(
    "text, town, words",
    [
        ("When did Ibara merge, and which towns merged into it?", "ibara", ["2005", "Yoshii"]),
        ("田中館が開館した年と、美術館として登録された年は？", "ibara", ["1969", "1973"]),
    ],
)
def test_a_later_part_stays_with_the_town_just_answered(engine, text, town, words):
    reply = ask(engine, text)
    assert reply.towns == (town,) and all(w in reply.text for w in words), reply.text


# --- the sister cities a town already has: no page gives them ---------------------------------------------------


@pytest.mark.parametrize(
    "text, town, words",
    [
        ("Does Nagi already have a sister city?", "nagi", "existing sister cities"),
        ("宇治田原町は既にどこかと姉妹都市提携していますか？", "ujitawara", "既存の姉妹都市"),
    ],
)
def test_existing_sister_cities_are_not_on_the_page(engine, text, town, words):
    reply = ask(engine, text)
    assert (reply.intent, reply.towns) == ("unknown", (town,)) and words in reply.text and reply.state.dialogue is None, reply.text


# --- the date of a figure: said with the figure, or said to be missing --------------------------------------------


def test_the_date_of_a_figure(engine):
    undated = ask(engine, "As of what date is Nagi's population figure?")
    assert undated.intent == "unknown" and "6,000" in undated.text, undated.text
    dated = ask(engine, "When is Ibara's population figure from?")
    assert dated.intent == "population" and "June 2021" in dated.text


@pytest.mark.parametrize("text", ["What does CLAIR do to help with sister cities?", "クレアとは何ですか"])
def test_what_clair_does(engine, text):
    reply = ask(engine, text)
    assert reply.intent == "contact" and ("supports" in reply.text or "支援" in reply.text), reply.text


# --- small words never join a misspelt name; a town's own features are not the partner it asks for ---------------


def test_a_possessive_s_never_joins_a_word_into_a_country(engine):
    reply = ask(engine, "What are Nagi's main industries?")
    assert reply.towns == ("nagi",) and "agriculture" in reply.text and "Spain" not in reply.text, reply.text


def test_a_towns_features_are_its_highlights_not_its_partner_wish(engine):
    assert ask(engine, "奈義町の特徴を簡単に教えて").intent != "partner"
    assert ask(engine, "奈義町が交流相手に求める特徴は？").intent == "partner"


# --- a comparison of travel times: what each town's page gives ----------------------------------------------------


@pytest.mark.parametrize("text", ["Which is closer to Osaka, Ujitawara or Nagi?", "宇治田原町と奈義町、大阪から近いのはどっち？"])
def test_travel_times_compared_say_which_town_has_none(engine, text):
    reply = ask(engine, text)
    assert reply.towns == ("ujitawara",) and "60" in reply.text and ("Nagi Town" in reply.text or "奈義町" in reply.text), reply.text


# --- the item named better than any other: its town only ----------------------------------------------------------


@pytest.mark.parametrize("text", ["Is there a parking lot at the Denchu museum?", "Is there a restaurant at the Denchu Art Museum?"])
def test_an_item_named_keeps_the_answer_in_its_town(engine, text):
    assert ask(engine, text).towns == ("ibara",)


def test_a_kind_of_item_in_several_towns_lists_them_all(engine):
    assert set(ask(engine, "a town with a museum").towns) == {"ibara", "nagi"}


def test_a_second_sentence_only_when_it_answers_as_well(engine):
    reply = ask(engine, "When does the Denchu Art Museum reopen?")
    assert "2023" in reply.text and "Museum Act" not in reply.text, reply.text


# --- fees, opening hours, a one-kanji noun: what the page does not give ------------------------------------------


@pytest.mark.parametrize(
    "text, town",
    [
        ("奈義町現代美術館の入館料は？", "nagi"),
        ("How much is admission to Nagi MOCA?", "nagi"),
        ("美星天文台の開館時間は？", "ibara"),
        ("What are the opening hours of Bisei Observatory?", "ibara"),
        ("奈義町には駅がありますか", "nagi"),
    ],
)
def test_fees_hours_and_one_kanji_nouns_the_page_does_not_give(engine, text, town):
    reply = ask(engine, text)
    assert (reply.intent, reply.towns) == ("unknown", (town,)), reply.text


def test_a_kanji_inside_a_compound_is_no_noun_of_its_own(engine):
    assert ask(engine, "奈義町が相手先に求める条件").intent == "partner"


# --- answer shapes in Japanese text: a unit before Japanese, "N years ago" as a when ------------------------------


@pytest.mark.parametrize(
    "text, word",
    [("美星天文台の望遠鏡の大きさは？", "101"), ("正寿院はいつ建てられましたか", "800"), ("When was Shoju-in built?", "800")],
)
def test_units_and_years_ago_are_found_in_both_languages(engine, text, word):
    reply = ask(engine, text)
    assert reply.intent == "evidence" and word in reply.text, reply.text


# --- Japanese enquiry openings and the wished-for country in other words ------------------------------------------


@pytest.mark.parametrize("text, town", [("当市は奈義町との提携を検討しています。問い合わせをお願いします", "nagi"), ("井原市と姉妹都市になるには？", "ibara")])
def test_japanese_enquiry_openings(engine, text, town):
    reply = ask(engine, text)
    assert reply.intent == "enquire" and reply.towns == (town,), reply.text


def test_the_partner_country_is_the_wish(engine):
    assert ask(engine, "宇治田原町が希望する交流相手の国は？").intent == "wish"


@pytest.mark.parametrize("text", ["How many people live in Ujitawara and when was that counted?", "宇治田原町の人口は？それはいつの数字？"])
def test_a_later_part_about_the_figure_just_given_is_its_date(engine, text):
    reply = ask(engine, text)
    assert reply.intent == "population" and ("2019" in reply.text) and len(reply.text) < 120, reply.text


def test_a_later_comparison_weighs_the_towns_just_answered(engine):
    reply = ask(engine, "What's the population of Ibara and Nagi, and which is bigger?")
    assert reply.towns == ("ibara", "nagi") and "more people" in reply.text and len(reply.text) < 400, reply.text


def test_two_answers_from_one_source_share_one_title(engine):
    reply = ask(engine, "Who planted the Bodaiji ginkgo and how tall is it?")
    assert reply.text.count("Bodaiji Ginkgo Tree\n") == 1 and "Honen" in reply.text and "40m" in reply.text, reply.text


def test_a_connector_opens_a_request_of_its_own(engine):
    reply = ask(engine, "奈義町の人口は？あと、クレアの電話番号も")
    assert "6,000" in reply.text and "+81-3-5213-1723" in reply.text, reply.text


# --- a thing the page never names, asked beside an enquiry phrase ---------------------------------------------------


def test_a_deadline_to_apply_is_unknown_but_the_procedure_is_the_enquiry(engine):
    deadline = ask(engine, "What's the deadline to apply for a partnership with Ujitawara?")
    assert deadline.intent == "unknown" and deadline.towns == ("ujitawara",) and deadline.state.dialogue is None
    assert ask(engine, "What's the procedure to apply for a partnership with Nagi?").intent == "enquire"


@pytest.mark.parametrize("text, word", [("whats the hight of mt nagi", "1255"), ("how hieght is the ginkgo", "40m")])
def test_a_misspelt_question_word_is_read_as_meant(engine, text, word):
    assert word in ask(engine, text).text


# --- a continent or region: the towns that name it, a country in it, or a language official there ----------------


@pytest.mark.parametrize("text", ["Is any town open to Asian partners?", "アジアの自治体と交流したい町はありますか"])
def test_a_region_is_answered_with_each_towns_reason(engine, text):
    reply = ask(engine, text)
    assert reply.intent == "country" and set(reply.towns) == {"ibara", "ujitawara"}, reply.text
    assert "Nagi" not in reply.text and "奈義" not in reply.text  # Australia and New Zealand are not in Asia


def test_a_region_a_town_names_a_country_of(engine):
    reply = ask(engine, "Which towns want Oceania?")
    assert "Nagi Town: names Australia, New Zealand" in reply.text
    assert ask(engine, "America").text.startswith("Towns open to a partner in the United States")  # the country wins


# --- a town's own sister city or phone number: not on the page ----------------------------------------------------


@pytest.mark.parametrize("text", ["What is Ujitawara's sister city?", "宇治田原町の姉妹都市はどこ？"])
def test_a_towns_own_sister_city_is_not_on_the_page(engine, text):
    assert ask(engine, text).intent == "unknown"


def test_a_towns_phone_number_is_not_on_the_page_but_clairs_is(engine):
    town = ask(engine, "What is Nagi's phone number?")
    assert town.intent == "unknown" and "+81-3-5213-1723" in town.text and town.state.dialogue is None
    both = ask(engine, "奈義町の人口と希望国、それからCLAIRの電話番号をお願いします")
    assert both.intent != "unknown" and "6,000" in both.text, both.text
