"""Classes of question (issue 11, fourth set), each closed by a mechanism; every test names its class and asks it
in both languages where the class exists in both. The questions are written for these tests."""

import pytest

# --- a figure the page gives, asked with units or words that only restate it, is that figure -----------------


@pytest.mark.parametrize(
    "text, figure",
    [
        ("How big is Ujitawara in square miles or square kilometres?", "58.16"),
        ("What's the size of Nagi, in km2 please", "69.52"),
        ("奈義町の広さは何ヘクタールですか", "69.52"),
        ("宇治田原町の面積、何平方キロメートル？", "58.16"),
        ("Could you furnish the population of Ujitawara?", "9,270"),
        ("宇治田原ちょうの人口を教えて", "9,270"),
    ],
)
def test_units_and_restating_words_leave_the_figure(engine, text, figure):
    reply = engine.reply(text)
    assert figure in reply.text and reply.intent in ("area", "population"), reply.text


@pytest.mark.parametrize("text", ["What is the population density of Nagi?", "How much of Nagi's land is rice paddies?"])
def test_a_subject_of_its_own_beside_a_figure_is_still_not_given(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown", reply.text


@pytest.mark.parametrize("text", ["What share of Nagi's land is forest?", "奈義町の土地のうち森林はどれくらい？"])
def test_land_is_the_area(engine, text):
    assert engine.reply(text).intent in ("area", "unknown")  # the area, or its forest share not given: never a profile


# --- "a town on your list" is the listed towns, not a request to be listed ------------------------------------


@pytest.mark.parametrize(
    "text, town",
    [
        ("We are a city in Kenya. Which towns on your list might accept a Kenyan partner?", "Ibara"),
        ("Our council is in Ghana; is any local government on the list open to us?", "Ibara"),
    ],
)
def test_towns_on_the_list_are_asked_about_not_a_listing_request(engine, text, town):
    reply = engine.reply(text)
    assert reply.intent != "posting" and town in reply.text, reply.text


@pytest.mark.parametrize("text", ["How can our town get on the list?", "Can we be listed on your page?", "当市も掲載してもらえますか"])
def test_a_request_to_be_listed_stays_one(engine, text):
    assert engine.reply(text).intent == "posting"


# --- "what does X want?" asks for the partner it describes, not only its countries ------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("What does Ibara want out of a partnership?", ["stars", "English"]),
        ("So what is Ujitawara actually hoping for from an exchange?", ["children", "English"]),
        ("Kindly explain what kind of partner each town is looking for.", ["stars", "junior high", "children"]),
        ("井原市は交流相手に何を求めていますか", ["星"]),
        ("宇治田原町は何を望んでいるの？", ["子ども"]),
    ],
)
def test_what_a_town_wants_is_its_partner_and_country(engine, text, words):
    reply = engine.reply(text)
    assert all(w in reply.text for w in words), reply.text


@pytest.mark.parametrize("text", ["Which countries does Ibara want?", "What country is Nagi looking for?"])
def test_which_country_a_town_wants_is_the_country(engine, text):
    assert engine.reply(text).intent == "wish"


# --- a fact the page does not give is said so, not a profile nor a nearby sentence -----------------------------


@pytest.mark.parametrize("text", ["奈義町はもう姉妹都市を持っていますか", "Does Ibara already have a sister city?"])
def test_existing_sister_cities_are_not_given(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and len(reply.towns) == 1, reply.text


@pytest.mark.parametrize(
    "text", ["What's the nearest train station to Nagi?", "井原市から一番近い空港は？", "How far is the nearest hospital from Ujitawara?"]
)
def test_the_nearest_thing_the_page_never_names_is_not_given(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and "60" not in reply.text, reply.text


@pytest.mark.parametrize(
    "text, place", [("How far is Nagi from Melbourne?", "Australia"), ("井原市へは東京からどうやって行けばいいですか", "東京")]
)
def test_travel_from_a_place_abroad_or_unmeasured_is_not_given(engine, text, place):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and "Towns open to" not in reply.text, reply.text


@pytest.mark.parametrize("text", ["Is there a fee to get our town listed?", "掲載には料金がかかりますか", "Is it free to post our profile?"])
def test_the_cost_of_being_listed_is_not_given_then_how_to_be_listed(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and ("costs or prices" in reply.text or "費用や料金" in reply.text), reply.text
    assert "post your local government's profile" in reply.text or "掲載" in reply.text


# --- a Japanese enquiry start in any form of its verb (問い合わせ, 問合せ, 連絡を取る, 相談, 質問を送る) ----------------


@pytest.mark.parametrize(
    "text",
    [
        "奈義町の件で問い合わせたい", "井原市へ問合せを送りたい", "宇治田原町に質問を送りたいです", "井原市と連絡を取るにはどうすればいいですか",
        "奈義町に問い合わせます", "宇治田原町にご相談できますか", "奈義町にメッセージを送れますか", "Please forward my interest to Ibara City",
    ],
)
def test_every_form_of_a_japanese_enquiry_verb_starts_an_enquiry(engine, text):
    reply = engine.reply(text, "ja")
    assert reply.intent == "enquire" and reply.state.dialogue is not None, reply.text


@pytest.mark.parametrize("text, intent", [("問い合わせ先を教えて", "contact"), ("問い合わせの状況は？", "status"), ("人口を合わせると？", "population")])
def test_words_holding_the_enquiry_verb_keep_their_own_meaning(engine, text, intent):
    assert engine.reply(text, "ja").intent == intent


# --- asking whether something is in a language is a question, not a request to switch --------------------------


@pytest.mark.parametrize(
    "text, lang", [("奈義町現代美術館の案内は英語でも見られますか", "ja"), ("Is the Nagi MOCA guide available in English?", "en"), ("Is there a Japanese version of the Denchu museum's leaflet?", "en")]
)
def test_availability_in_a_language_keeps_the_language(engine, text, lang):
    reply = engine.reply(text)
    assert reply.intent != "language" and reply.lang == lang and reply.state.lang is None, reply.text


@pytest.mark.parametrize("text, lang", [("英語で", "en"), ("英語でお願いします", "en"), ("in Japanese please", "ja"), ("日本語で答えて", "ja")])
def test_a_request_to_switch_still_switches(engine, text, lang):
    reply = engine.reply(text)
    assert reply.intent == "language" and reply.lang == lang


# --- an item named with something the page never says of it: "the page tells about X but not …" -----------------


@pytest.mark.parametrize(
    "text, said",
    [
        ("Is there a hotel near Nagi MOCA?", "says nothing about “hotel”"),
        ("奈義町現代美術館の近くにホテルはありますか", "「ホテル」についての記載はありません"),
        ("When did Nagi MOCA open?", "does not give a date"),
        ("奈義町現代美術館はいつ開館しましたか", "日付や年は書かれていません"),
    ],
)
def test_what_the_page_does_not_say_about_an_item_names_the_item(engine, text, said):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and said in reply.text and ("Nagi MOCA" in reply.text), reply.text
    assert any(a.command == "topic:nagi/nagi-moca" for a in reply.actions)


# --- a partner wished for in words no town uses ("into sports") is said so, then what the towns ask for ----------


@pytest.mark.parametrize(
    "text, word", [("Is any town looking for a partner into sports?", "sports"), ("ロボット交流を希望している町はありますか", "ロボット")]
)
def test_a_wish_in_words_no_town_uses_is_said_so_then_their_wishes(engine, text, word):
    reply = engine.reply(text)
    first = reply.blocks[0].lines[0]
    assert word in first and ("No listed town" in first or "ありません" in first), reply.text
    assert len(reply.towns) == 3 and reply.intent == "partner"


# --- "how many X" is a number of X: a number of something else is no answer ---------------------------------------


@pytest.mark.parametrize("text", ["How many visitors does Nagi MOCA get a year?", "奈義町現代美術館の来館者は年間何人ですか", "How many people work in Ibara's denim industry?"])
def test_a_number_of_something_else_does_not_answer_how_many(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and "15,000,000" not in reply.text, reply.text


@pytest.mark.parametrize(
    "text, figure",
    [("How many cherry trees are there along the road in Ujitawara?", "300"), ("宇治田原町の桜並木には桜が何本ありますか", "300本"), ("how many pairs of jeans did Ibara make in 1970?", "15,000,000")],
)
def test_a_number_of_what_is_counted_answers_how_many(engine, text, figure):
    assert figure in engine.reply(text).text


# --- "is it open?" asks whether it is closed now: the dated sentence of its closing, not its opening year ----------


@pytest.mark.parametrize(
    "text", ["Is the Denchu Art Museum open? We'd like to visit.", "Is the Denchu museum currently open to visitors?", "田中美術館は今開いていますか", "田中美術館は営業していますか"]
)
def test_whether_an_item_is_open_is_its_dated_closing(engine, text):
    reply = engine.reply(text)
    assert "2023" in reply.text and "1969" not in reply.text and ("As of" in reply.text or "時点" in reply.text), reply.text


def test_open_to_a_partner_is_not_a_question_of_opening_hours(engine):
    assert engine.reply("Is Ibara open to partners from Kenya?").intent == "country"


# --- a topic, a dash, then the questions: each question a part; a short later one is about the same thing ---------


@pytest.mark.parametrize(
    "text, figures",
    [
        ("Ujitawara - when does the new expressway open, and how long is the drive to Kyoto?", ["2023", "60"]),
        ("Bodaiji ginkgo: how tall is it and how many years old?", ["40", "900"]),
    ],
)
def test_questions_after_a_dash_are_each_answered(engine, text, figures):
    reply = engine.reply(text)
    assert all(f in reply.text for f in figures), reply.text


# --- each town's figure or date asked across the list (各自治体の更新時期) is each town's, not the list -----------------


@pytest.mark.parametrize("text, dates", [("各自治体の掲載情報の更新時期を教えてください", ["2021", "2019", "2020"]), ("When was each town's information last updated?", ["2021", "2019", "2020"])])
def test_each_towns_date_asked_across_the_list(engine, text, dates):
    reply = engine.reply(text)
    assert all(d in reply.text for d in dates), reply.text


# --- CLAIR's e-mail or phone asked beside the asker's circumstances ("than ring Tokyo") ---------------------------


@pytest.mark.parametrize("text", ["Does CLAIR have an email? Calling Tokyo is expensive from here.", "クレアのメールアドレスはありますか？東京に電話するのは大変なので"])
def test_clair_contact_beside_a_place_of_the_askers_own(engine, text):
    reply = engine.reply(text)
    assert "5213-1723" in reply.text and ("no e-mail" in reply.text or "メールアドレス" in reply.text), reply.text


# --- a later musing of the asker's own ("うちの県かな？") adds nothing ---------------------------------------------


@pytest.mark.parametrize("text", ["奈義町は北側でどこの県と接していますか？うちの県かな？", "Which prefecture borders Nagi to the north? Maybe ours, I wonder."])
def test_a_later_musing_adds_no_profile(engine, text):
    reply = engine.reply(text)
    assert "鳥取" in reply.text or "Tottori" in reply.text
    assert len(reply.text) < 300, reply.text


# --- two Japanese questions joined by で、(何年で、…何年ですか): each answered, the second about the same item -------------


@pytest.mark.parametrize(
    "text, figures",
    [
        ("田中美術館が開館したのは何年で、博物館法で登録されたのは何年ですか", ["1969", "1973"]),
        ("菩提寺のイチョウの高さは何メートルで、樹齢は何年ですか", ["40", "900"]),
    ],
)
def test_two_japanese_questions_joined_by_de_are_both_answered(engine, text, figures):
    reply = engine.reply(text)
    assert all(f in reply.text for f in figures) and len(reply.towns) == 1, reply.text


def test_a_request_after_a_question_word_is_one_question():
    from bot.core.question import parts

    assert len(parts("どこの町か、教えてください")) == 1


def test_a_later_japanese_part_without_subject_stays_with_the_item_not_other_towns(engine):
    reply = engine.reply("永谷宗円が緑茶の製法を開発したのは何年で、何年かけて完成させたのですか？")
    assert reply.towns == ("ujitawara",) and "1738" in reply.text and "15年" in reply.text, reply.text


# --- figures listed with something else (人口と森林面積と…開通する年): the figures, then the sentence for the rest ----------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("宇治田原町の人口と面積と新名神高速道路の開通年を教えて", ["9,270", "58.16", "2023", "2019年12月時点"]),
        ("Ujitawara: population, forest area and the year the new expressway opens?", ["9,270", "43.76", "2023", "As of December 2019"]),
    ],
)
def test_figures_listed_with_another_question_are_all_answered(engine, text, expected):
    reply = engine.reply(text)
    assert all(e in reply.text for e in expected), reply.text


# --- a question naming an item is answered from that item or "not given", never another item's sentence ------------


@pytest.mark.parametrize("text", ["奈義牛は何の賞を受賞しましたか", "What award did Nagi Beef receive from an architecture jury?"])
def test_an_item_named_is_not_answered_by_another_items_sentence(engine, text):
    reply = engine.reply(text)
    assert "Pritzker" not in reply.text and "プリツカー" not in reply.text, reply.text


# --- the kind of answer named as a noun ("the best season") is no subject of its own ------------------------------


@pytest.mark.parametrize("text", ["When is the best season to see the cherry blossoms in Ujitawara?", "宇治田原町の桜の見頃の時期はいつ？"])
def test_the_season_asked_is_the_when(engine, text):
    reply = engine.reply(text)
    assert "April" in reply.text or "4月" in reply.text, reply.text


# --- "Is X in Y prefecture?" is answered with where X is, not its whole profile ------------------------------------


@pytest.mark.parametrize(
    "text, right", [("Is Ujitawara in Kyoto prefecture?", "Kyoto Prefecture"), ("宇治田原町は大阪府にありますか", "京都府"), ("Is Nagi in Okayama?", "Okayama")]
)
def test_whether_a_town_is_in_a_prefecture_is_its_location(engine, text, right):
    reply = engine.reply(text)
    assert reply.intent == "location" and right in reply.text and len(reply.text) < 400, reply.text


# --- a question about CLAIR the page does not answer is "not given" with its contact, never a town's sentence --------


@pytest.mark.parametrize("text", ["How long does CLAIR take to reply?", "When was CLAIR founded?", "クレアはいつ設立されましたか", "How much does it cost to get matched through CLAIR?"])
def test_a_question_of_clair_the_page_does_not_answer(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and not reply.towns and "5213-1723" in reply.text, reply.text


@pytest.mark.parametrize("text", ["Who should I contact at CLAIR?", "What is CLAIR's phone number?", "Can I apply directly to the town or must it go through CLAIR?"])
def test_how_to_reach_clair_is_its_contact(engine, text):
    reply = engine.reply(text)
    assert reply.intent in ("contact", "enquire") and "5213-1723" in reply.text, reply.text


# --- the town nearest a place: the towns whose sentences measure from it, the others said to give none ---------------


@pytest.mark.parametrize("text", ["Which town is closest to Osaka?", "大阪に一番近い町は？"])
def test_the_town_nearest_a_place_is_the_one_measured_from_it(engine, text):
    reply = engine.reply(text)
    assert reply.towns == ("ujitawara",) and "60" in reply.text, reply.text


# --- a town's videos as the page lists them, or "not given" ----------------------------------------------------


@pytest.mark.parametrize("text, said", [("宇治田原町の紹介動画はありますか", "宇治田原町紹介動画"), ("Is there a video about Nagi?", "introductory video")])
def test_a_towns_video_is_the_pages(engine, text, said):
    reply = engine.reply(text)
    assert reply.intent == "video" and said in reply.text, reply.text


# --- an item named with words no one sentence of it uses: the item itself, not another item's sentence ----------


@pytest.mark.parametrize("text, said", [("井原市のデニムの歴史について教えてください", "1700"), ("奈義牛は何の賞を受賞しましたか", "2位")])
def test_an_item_asked_in_other_words_is_the_item(engine, text, said):
    reply = engine.reply(text)
    assert said in reply.text and "美星" not in reply.text and "プリツカー" not in reply.text, reply.text


def test_a_quoting_to_is_no_japanese_and():
    from bot.core.question import parts

    assert parts("井原市はなぜデニムの町と呼ばれているのですか") == ["井原市はなぜデニムの町と呼ばれているのですか"]
    assert len(parts("那岐山の高さとイチョウの樹齢は？")) == 2


# --- a name two letters off is another name, not a typo ("Okegawa" is not Okinawa); swapped letters are a typo ------


def test_a_name_two_letters_changed_is_not_read_as_another_place(engine):
    reply = engine.reply("What does Okegawa want?")
    assert "Okinawa" not in reply.text and not reply.towns, reply.text


@pytest.mark.parametrize("text", ["Ujiwatara population", "Tell me about Ujitawarra"])
def test_swapped_or_doubled_letters_are_still_the_town(engine, text):
    assert engine.reply(text).towns == ("ujitawara",)


@pytest.mark.parametrize("text", ["奈義町の人口って、いつ時点のデータですか？", "As of when is Nagi's population figure?"])
def test_the_date_of_a_figure_is_the_figure_and_its_date_or_none(engine, text):
    reply = engine.reply(text)
    assert "6,000" in reply.text and reply.intent == "unknown", reply.text


# --- words quoted from the page find the sentence that holds them (the reason first when "why") ------------------


@pytest.mark.parametrize(
    "text, said",
    [("井原市ってなんで「デニムの聖地」って言われてるの？", "工場"), ("Why is Ibara called the 'Holy grail of Denim'?", "factories"), ("What is the \"city of hearts\"?", "city of hearts")],
)
def test_words_quoted_from_the_page_find_their_sentence(engine, text, said):
    reply = engine.reply(text)
    assert said in reply.text and len(reply.text) < 400, reply.text


def test_a_count_named_just_before_its_number_answers_how_many(engine):
    assert "300" in engine.reply("How many fossils are in the Vikarya museum?").text


# --- a figure of something the page never names ("the crime rate") is not given; no sentence of another rate --------


@pytest.mark.parametrize("text", ["What is the crime rate in Nagi?", "What is the unemployment rate in Ibara?"])
def test_a_rate_of_something_the_page_never_names_is_not_given(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and "birth" not in reply.text, reply.text


def test_a_japanese_role_noun_asks_who(engine):
    assert "磯崎" in engine.reply("Nagi MOCAの設計者は？").text


# --- a compound the page never uses, sharing only its last word with the page ("hot springs"), is not given --------


@pytest.mark.parametrize("text", ["Do any of the towns have hot springs?", "Is there a ski resort in Nagi?"])
def test_a_compound_sharing_only_a_word_with_the_page_is_not_given(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown", reply.text


def test_a_misspelt_name_before_a_page_word_is_still_the_name(engine):
    assert "800" in engine.reply("How old is Shojuin Temple?").text


# --- several items of a theme are listed by their first sentences with buttons, not in full ------------------------


@pytest.mark.parametrize("text", ["Which town would suit a city famous for wine?", "Which towns are famous for tea?", "ワインで有名な町と交流したい自治体は？"])
def test_several_items_of_a_theme_are_briefs(engine, text):
    reply = engine.reply(text)
    assert len(reply.text) < 700 and sum(a.command.startswith("topic:") for a in reply.actions) >= 2, reply.text


# --- getting to a town, the most recent update, and "I'd like an exchange, how?" in Japanese ----------------------


@pytest.mark.parametrize("text, intent", [
    ("宇治田原町に行くにはどうしたらいいですか", "evidence"), ("How do I get to Ujitawara?", "evidence"),
    ("最近更新された自治体は？", "date_modified"), ("奈義町と交流したいのですが、どうすればいいですか", "enquire"),
])
def test_japanese_and_english_forms_of_known_questions(engine, text, intent):
    assert engine.reply(text).intent == intent


def test_a_connector_alone_is_no_part():
    from bot.core.question import parts

    assert parts("What's Nagi's population? Also, who designed the art museum there?") == [
        "What's Nagi's population?", "who designed the art museum there?",
    ]


def test_a_later_part_after_a_connector_is_answered_not_a_profile(engine):
    reply = engine.reply("What's Nagi's population? Also, who designed the art museum there?")
    assert "6,000" in reply.text and "Isozaki" in reply.text and len(reply.text) < 600, reply.text


def test_a_country_wish_is_no_theme_no_town_asks_for(engine):
    reply = engine.reply("Which towns have no preference for country?")
    assert "asks for a partner with" not in reply.text and "Australia" in reply.text, reply.text


@pytest.mark.parametrize("first, then, said", [
    ("Nagi MOCA", "when did it open?", "does not give a date"),
    ("奈義町現代美術館", "それはいつ開館しましたか", "日付や年は書かれていません"),
])
def test_a_follow_up_about_the_item_just_answered_names_it_when_not_given(engine, first, then, said):
    reply = engine.reply(then, state=engine.reply(first).state)
    assert said in reply.text and "Nagi MOCA" in reply.text, reply.text


# --- "And Ibara?", 井原市は？ after a fact: the same fact of that town, in a later turn or part -------------------------


@pytest.mark.parametrize("first, then, said", [
    ("宇治田原町の人口は？", "井原市は？", "39,019"), ("What's Nagi's area?", "And Ibara?", "243.54"), ("奈義町の面積は？", "宇治田原町の方は？", "58.16"),
])
def test_the_same_fact_of_another_town(engine, first, then, said):
    reply = engine.reply(then, state=engine.reply(first).state)
    assert said in reply.text and len(reply.text) < 120, reply.text


def test_the_fact_asked_is_kept_in_the_stored_state(engine):
    from bot.core.reply import State

    state = engine.reply("What's Nagi's area?").state
    assert State.from_json(state.to_json()).fact == "area"
    assert "243.54" in engine.reply("What about Ibara?", state=State.from_json(state.to_json())).text


def test_after_a_profile_another_town_is_its_profile(engine):
    reply = engine.reply("What about Ibara?", state=engine.reply("Tell me about Nagi").state)
    assert reply.intent == "town"


@pytest.mark.parametrize("text, said", [
    ("Which award did Meiji Gonbou receive?", "Food Artisan"), ("Is the observatory open to the public?", "public observatory"),
])
def test_an_award_is_a_recognition_and_open_to_the_public_is_no_closing(engine, text, said):
    reply = engine.reply(text)
    assert said in reply.text and len(reply.text) < 500, reply.text


# --- a country the asker excludes ("not Australia or NZ", オーストラリアではなく) is not asked about -----------------


@pytest.mark.parametrize("text, excluded", [
    ("Ohio is in the US, obviously not Australia or NZ. Which towns fit a US city?", "Nagi"),
    ("We are in the US, not Canada. Which towns would fit?", "in Canada"),
    ("オーストラリアではなくアメリカの市です。交流できる町は？", "奈義町"),
])
def test_a_country_excluded_by_the_asker_is_not_answered(engine, text, excluded):
    reply = engine.reply(text)
    assert excluded not in reply.text and reply.intent == "country", reply.text


@pytest.mark.parametrize("text", ["Ujitawara's museum?", "宇治田原町の美術館は？"])
def test_a_kind_of_item_only_other_towns_have_is_not_given_for_the_town_named(engine, text):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and reply.towns == ("ujitawara",), reply.text


def test_a_sentence_holding_none_of_the_nouns_asked_about_is_no_answer(engine):
    reply = engine.reply("What stars can you see in Nagi?")
    assert reply.intent == "unknown" and "kabuki" not in reply.text.lower(), reply.text
    assert "Tawara River" in engine.reply("What river runs through Ujitawara?").text
