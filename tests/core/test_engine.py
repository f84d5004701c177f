"""The engine's understanding and answers, in both languages."""

import pytest

from bot.core.engine import Engine
from bot.core.reply import State

ALL = {"ibara", "ujitawara", "nagi"}


def ask(engine, text, **kwargs):
    reply = engine.reply(text, **kwargs)
    return reply.intent, set(reply.towns), reply


@pytest.mark.parametrize(
    "text, town",
    [
        ("Ibara", "ibara"), ("ibara-shi", "ibara"), ("Ibara City", "ibara"), ("Ibra", "ibara"), ("IBARA", "ibara"),
        ("井原市", "ibara"), ("井原", "ibara"), ("いばら", "ibara"), ("イバラシ", "ibara"), ("Ｉｂａｒａ", "ibara"),
        ("Ujitawara", "ujitawara"), ("Ujitwara", "ujitawara"), ("Ujitawara-chō", "ujitawara"), ("宇治田原町", "ujitawara"),
        ("Nagi", "nagi"), ("Nagi-cho", "nagi"), ("奈義町", "nagi"), ("なぎちょう", "nagi"), ("tell me about nagi town", "nagi"),
    ],
)
def test_towns_by_any_name(engine, text, town):
    intent, towns, _ = ask(engine, text)
    assert (intent, towns) == ("town", {town})


@pytest.mark.parametrize(
    "text",
    ["Ibaraki", "Nagoya", "Nara", "Sapporo", "茨城県", "いばらき", "イバラキ", "名古屋", "tell me about Sapporo", "Uji City",
     "北海道", "population of Tokyo", "つなぎの作り方"],
)
def test_names_that_are_not_towns_never_match(engine, text):
    assert ask(engine, text)[:2] == ("fallback", set())


@pytest.mark.parametrize("text", ["weather tomorrow?", "how do I bake bread", "asdfgh", "明日の天気は？", "", "   "])
def test_off_topic_is_a_fallback(engine, text):
    intent, towns, reply = ask(engine, text)
    assert (intent, towns) == ("fallback", set())
    assert "+81-3-5213-1723" in reply.text


def test_far_typos_only_suggest(engine):
    reply = engine.reply("Ujitawaraaaa")
    assert (reply.intent, reply.towns) == ("fallback", ())
    assert "Did you mean: Ujitawara Town?" in reply.text
    assert reply.actions[0].command == "town:ujitawara"


@pytest.mark.parametrize(
    "text, expected",
    [("Okayama", {"ibara", "nagi"}), ("岡山県", {"ibara", "nagi"}), ("towns in Kyoto", {"ujitawara"}), ("towns in Hokkaido", set())],
)
def test_prefectures(engine, text, expected):
    intent, towns, _ = ask(engine, text)
    assert (intent, towns) == ("prefecture", expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Which towns want Australia?", ALL),
        ("any towns for the Aussies", ALL),
        ("Kiwi", ALL),
        ("We are from the States", {"ibara", "ujitawara"}),
        ("Canadian city", {"ibara", "ujitawara"}),
        ("British", {"ibara", "ujitawara"}),
        ("Ireland", {"ibara", "ujitawara"}),
        ("France", set()),
        ("オーストラリアと交流したい町は？", ALL),
        ("アメリカ", {"ibara", "ujitawara"}),
        ("Austrailia", ALL),
    ],
)
def test_country_questions(engine, text, expected):
    intent, towns, _ = ask(engine, text)
    assert (intent, towns) == ("country", expected)


def test_country_answer_gives_each_reason(engine):
    reply = engine.reply("Which towns want Australia?")
    # A language rule says "may qualify": the town asked for English-speaking countries, it did not name Australia.
    assert "Ibara City: asks for “English-speaking country”: English is an official language of Australia, so it may qualify" in reply.text
    assert "Nagi Town: wants Australia" in reply.text
    assert "gives Australia as an example" in reply.text
    none = engine.reply("Germany")
    assert "None of these local governments names Germany" in none.text and "+81-3-5213-1742" in none.text


@pytest.mark.parametrize(
    "text, towns, word",
    [
        ("tell me about Ibara denim", {"ibara"}, "Holy grail"),
        ("which town is known for tea?", {"ujitawara"}, "green tea"),
        ("kabuki", {"nagi"}, "Yokozen"),
        ("Bisei observatory", {"ibara"}, "101cm"),
        ("井原デニム", {"ibara"}, "デニム"),
        ("歌舞伎", {"nagi"}, "歌舞伎"),
        ("Which town is famous for its starry skies?", {"ibara"}, "Bisei"),  # by the stars theme
        ("a town with a museum", {"ibara", "nagi"}, "Museum"),
    ],
)
def test_topics(engine, text, towns, word):
    intent, found, reply = ask(engine, text)
    assert (intent, found) == ("topic", towns)
    assert word in reply.text


@pytest.mark.parametrize(
    "text, intent, towns, words",
    [
        ("population of Nagi", "population", {"nagi"}, ["6,000"]),
        ("populaton of Ibra", "population", {"ibara"}, ["39,019", "June 2021"]),
        ("井原市の人口は？", "population", {"ibara"}, ["39,019人", "2021年6月"]),
        ("Nagi の人口", "population", {"nagi"}, ["6,000人"]),
        ("How big is Ujitawara?", "area", {"ujitawara"}, ["58.16 km²", "43.76 km²"]),
        ("where is Nagi?", "location", {"nagi"}, ["Okayama Prefecture", "Tottori"]),
        ("what country does Nagi want?", "wish", {"nagi"}, ["Australia, New Zealand"]),
        ("what kind of partner is Ibara looking for", "partner", {"ibara"}, ["stars, or denim"]),
        ("when was the Ujitawara information updated?", "date_modified", {"ujitawara"}, ["December 2019"]),
        ("population of the towns", "population", ALL, ["39,019", "9,270", "6,000"]),
    ],
)
def test_facts(engine, text, intent, towns, words):
    got_intent, got_towns, reply = ask(engine, text)
    assert (got_intent, got_towns) == (intent, towns)
    for word in words:
        assert word in reply.text


def test_unknown_subject_of_a_fact_is_not_answered_with_a_town(engine):
    assert ask(engine, "population of Springfield")[:2] == ("fallback", set())
    assert ask(engine, "what is the area of Tokyo?")[:2] == ("fallback", set())


@pytest.mark.parametrize(
    "text, intent, lang",
    [
        ("hello", "greeting", "en"), ("こんにちは", "greeting", "ja"), ("thanks!", "thanks", "en"),
        ("ありがとうございます", "thanks", "ja"), ("what can you do?", "help", "en"), ("使い方", "help", "ja"),
        ("which towns are looking for a sister city?", "list_towns", "en"), ("自治体の一覧", "list_towns", "ja"),
        ("What is CLAIR's phone number?", "contact", "en"), ("連絡先を教えて", "contact", "ja"),
        ("How can our city get listed on your page?", "posting", "en"), ("海外の自治体の情報を掲載してほしい", "posting", "ja"),
        ("I want to contact them", "enquire", "en"),
    ],
)
def test_small_talk_and_services(engine, text, intent, lang):
    reply = engine.reply(text)
    assert (reply.intent, reply.lang) == (intent, lang)


def test_contact_has_no_email_unless_configured(engine, kb_copy):
    reply = engine.reply("contact")
    assert "+81-3-5213-1723" in reply.text and "+81-3-5213-1742" in reply.text
    assert "@" not in reply.text
    configured = Engine.load(kb_copy, contact_email="exchange@example.org")
    assert "exchange@example.org" in configured.reply("email address?").text


def test_reply_language(engine):
    assert engine.reply("井原市について教えて").lang == "ja"
    assert "井原市" in engine.reply("井原市について教えて").text
    assert engine.reply("tell me about Ibara", lang="ja").lang == "ja"
    assert "人口" in engine.reply("tell me about Ibara", lang="ja").text
    assert engine.reply("Ibara", state=State(lang="ja")).lang == "ja"


def test_reply_carries_actions_and_state(engine):
    reply = engine.reply("tell me about Nagi")
    assert reply.towns == ("nagi",) and reply.state.towns == ("nagi",)
    assert any(a.command == "highlights:nagi" for a in reply.actions)
    follow = engine.reply("and its area?", state=reply.state)
    assert (follow.intent, follow.towns) == ("area", ("nagi",))
    assert "69.52 km²" in follow.text


def test_actions_from_replies_can_be_performed(engine):
    for text in ["hello", "Which towns want Australia?", "tell me about Ibara", "kabuki", "xyzzy", "連絡先"]:
        for action in engine.reply(text).actions:
            assert engine.act(action.command).blocks


@pytest.mark.parametrize("command", ["", "town:", "town:atlantis", "topic:ibara/none", "nonsense:1", "lang:fr", "topic:"])
def test_unknown_commands_fall_back_gracefully(engine, command):
    assert engine.act(command).intent == "fallback"


def test_language_switch(engine):
    reply = engine.act("lang:ja")
    assert (reply.lang, reply.state.lang) == ("ja", "ja")
    assert engine.reply("in Japanese please").state.lang == "ja"
    assert engine.reply("英語で").state.lang == "en"


def test_numbers_and_dates_follow_the_locale(engine):
    assert "June 2021" in engine.reply("population of Ibara").text
    assert "2021年6月" in engine.reply("井原市の人口").text
    assert "2019年9月1日" in engine.reply("宇治田原町の人口").text


@pytest.mark.parametrize(
    "text, intent, towns, word",
    [
        ("宇治田原町の面積は？", "area", {"ujitawara"}, "58.16 km²"),
        ("奈義町はどこにありますか", "location", {"nagi"}, "岡山県"),
        ("井原市はどの国との交流を希望していますか", "wish", {"ibara"}, "英語圏"),
        ("奈義町はどんな相手を求めていますか", "partner", {"nagi"}, "中学校"),
        ("宇治田原町の情報はいつ更新されましたか", "date_modified", {"ujitawara"}, "2019年12月"),
        ("岡山県の自治体", "prefecture", {"ibara", "nagi"}, "井原市"),
        ("お茶で有名な町は？", "evidence", {"ujitawara"}, "お茶"),
        ("クレアの住所は？", "contact", set(), "+81-3-5213-1723"),
    ],
)
def test_facts_in_japanese(engine, text, intent, towns, word):
    reply = engine.reply(text)
    assert (reply.intent, set(reply.towns), reply.lang) == (intent, towns, "ja")
    assert word in reply.text


# --- answers from evidence (issue 11): one class of question per test, in both languages ---------------------


@pytest.mark.parametrize(
    "text, intent, town, words, most",
    [
        ("How high is Mt Nagi?", "evidence", "nagi", ["1255"], 200),  # a height: the sentence holding it
        ("那岐山の高さは？", "evidence", "nagi", ["1,255"], 100),
        ("When did Bisei Town bring in its light pollution ordinance?", "evidence", "ibara", ["1989"], 400),  # a date
        ("井原市はいつ合併しましたか？", "evidence", "ibara", ["2005"], 100),
        ("Who planted the ginkgo tree at Bodaiji?", "evidence", "nagi", ["Honen"], 400),  # a person
        ("菩提寺のイチョウを植えたのは誰？", "evidence", "nagi", ["法然"], 200),
        ("Which town has a high birth rate?", "evidence", "nagi", ["birth rate"], 400),  # a fact inside an outline
    ],
)
def test_a_fact_is_answered_short_from_its_sentence(engine, text, intent, town, words, most):
    reply = engine.reply(text)
    assert (reply.intent, reply.towns) == (intent, (town,))
    assert all(w in reply.text for w in words) and len(reply.text) <= most, reply.text


@pytest.mark.parametrize(
    "text, town, word",
    [
        ("What's the weather in Ibara?", "ibara", "weather"),
        ("Name of the mayor of Ibara?", "ibara", "mayor"),
        ("Is there an airport near Nagi?", "nagi", "airport"),
        ("宇治田原町の町長は誰ですか？", "ujitawara", "町長"),
        ("井原市の天気はどうですか", "ibara", "天気"),
    ],
)
def test_what_the_page_does_not_give_is_said_plainly(engine, text, town, word):
    reply = engine.reply(text)
    assert reply.intent == "unknown" and reply.towns == (town,)
    assert word in reply.text and "+81-3-5213-1723" in reply.text
    assert any(a.command == "handoff" for a in reply.actions) and word in reply.state.unanswered  # the hand-off carries it
    assert "Population" not in reply.text and "人口：" not in reply.text  # not a profile instead


def test_every_part_of_a_message_is_answered_in_order(engine):
    reply = engine.reply("How tall is the ginkgo tree in Nagi and how old is it?")
    assert "40m" in reply.text and "900 years" in reply.text
    assert reply.text.index("40m") < reply.text.index("900 years")
    reply = engine.reply("can u tell me abt nagi and ujitawara? also whats the phone number")
    assert "Nagi Town" in reply.text and "Ujitawara Town" in reply.text and "+81-3-5213-1723" in reply.text
    reply = engine.reply("奈義町の人口は？また、クレアの電話番号は？")
    assert "6,000" in reply.text and "+81-3-5213-1723" in reply.text


def test_a_follow_up_about_it_uses_the_item_just_answered(engine):
    first = engine.reply("How tall is the Bodaiji ginkgo tree?")
    again = engine.reply("how old is it?", state=first.state)
    assert "900" in again.text


def test_dated_statements_carry_the_listing_date(engine):
    reply = engine.reply("Until when is the Denchu Art Museum closed?")
    assert "2023" in reply.text and "July 2021" in reply.text


def test_email_questions_say_the_page_gives_none(engine):
    for text in ("Do you have an email for CLAIR? Phone is hard from Australia", "クレアのメールアドレスは？"):
        reply = engine.reply(text)
        assert "@" not in reply.text and "+81-3-5213-1742" in reply.text
        assert "no e-mail" in reply.text or "メールアドレスの記載がありません" in reply.text


@pytest.mark.parametrize("text", ["I want to contact Nagi Town about a school exchange", "問い合わせしたいです", "I want to talk to a human", "といあわせしたい"])
def test_enquiries_start_in_other_words(engine, text):
    assert engine.reply(text).intent == "enquire"


def test_superlatives_in_japanese_as_in_english(engine):
    assert engine.reply("一番人口が少ない町はどこ？").towns[0] == "nagi"
    assert engine.reply("Which town has the fewest people?").towns[0] == "nagi"


def test_us_alone_is_the_united_states(engine):
    assert "Ujitawara Town" in engine.reply("Any towns for the US?").text
    assert engine.reply("we are from the US").intent in ("country", "match")


def test_confidence_is_in_the_json(engine):
    assert 0 <= engine.reply("How high is Mt Nagi?").as_dict()["confidence"] <= 1


def test_a_person_is_a_name_not_a_place(engine):
    reply = engine.reply("Who is supposed to have planted the big ginkgo up on Mount Nagi?")
    assert "Honen" in reply.text  # not "Bodaiji Temple" taken for a person


def test_japanese_list_of_questions_is_split(engine):
    reply = engine.reply("那岐山の高さと、菩提寺のイチョウの樹齢を教えてください")
    assert "1,255" in reply.text and "900" in reply.text


def test_a_place_not_listed_is_said_so_before_any_evidence(engine):
    reply = engine.reply("Is Uji City looking for a partner? they make Uji tea right")
    assert "not among" in reply.text


def test_a_limit_beside_a_wish_word_is_still_a_limit(engine):
    reply = engine.reply("We'd prefer a partner with over 20,000 people. Who qualifies?")
    assert reply.towns == ("ibara",)


@pytest.mark.parametrize("text, value", [("what's the combined population of all 3 towns", "54,289"), ("3自治体の人口を合計すると？", "54,289")])
def test_totals_over_towns(engine, text, value):
    assert value in engine.reply(text).text


def test_which_page_is_the_most_recent(engine):
    assert engine.reply("Which town's info on the page is the most recent?").towns[0] == "ibara"


def test_the_welcome_is_given_once(engine):
    welcome = engine.act("start", "en")
    hello = engine.reply("hello", state=welcome.state)
    assert hello.intent == "greeting" and "Ibara City" not in hello.text and "for example" in hello.text


def test_weak_evidence_asks_did_you_mean_with_a_button(engine):
    reply = engine.lookup.answer([("observatori", "observatory"), ("shop", "shop")], None, ["ibara"], True, "en")
    assert reply.kind == "suggest"
    assert any(a.command == "topic:ibara/bisei-astronomical-observatory" for a in reply.actions)
    assert any(a.command.startswith("enquire") for a in reply.actions)
