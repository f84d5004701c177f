"""A listing imported from CLAIR's English page alone (no Japanese page), asked about in both languages: the towns'
kana names derived from the romaji, Japanese answers that say they quote the English page, loanwords found in the
English text, an empty wish said to be empty, and what a town with no PR items is proud of."""

import shutil

import pytest

from bot.core.engine import Engine
from bot.knowledge.loader import DEFAULT_DIR
from bot.listing.importer import Importer
from bot.listing.readings import kana_of_romaji, names

from .conftest import DATA, TODAY


def _english_only(tmp_path_factory, page: str) -> Engine:
    target = tmp_path_factory.mktemp(page.split(".")[0]) / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    assert Importer(target, TODAY).run((DATA / page).read_text(encoding="utf-8"), None).written
    return Engine.load(target)


@pytest.fixture(scope="module")
def listing(tmp_path_factory) -> Engine:
    return _english_only(tmp_path_factory, "listing_en.txt")


@pytest.fixture(scope="module")
def sparse(tmp_path_factory) -> Engine:
    return _english_only(tmp_path_factory, "sparse_en.txt")


def test_kana_names_are_spelled_from_the_romaji_when_no_japanese_page_gives_them():
    assert names("Shintoku Town", None).aliases[4:] == (
        "しんとく", "シントク", "しんとくちょう", "シントクチョウ", "しんとくまち", "シントクマチ",
    )
    assert "ほしぞらむら" in names("Hoshizora Village", None).aliases and "オケガワシ" in names("Okegawa City", None).aliases
    assert kana_of_romaji("Manno") == "まんの" and kana_of_romaji("Kōhoku") == "こうほく"  # n before n; macrons
    assert kana_of_romaji("Sakai-Minato") == "さかいみなと" and kana_of_romaji("Xyz") == ""  # letters that are no kana


NAMED = [
    # question, towns, words the answer has
    ("ほしぞらむらの面積は？", ["hoshizora"], ["412.5 km²"]),
    ("カワセミ市の人口は？", ["kawasemi"], ["61,204人"]),
    ("さくらがわまちの人口は？", ["sakuragawa"], ["9,015人"]),
    ("ミズナラ町について教えて", ["mizunara"], ["Mizunara Town（長野県）"]),
]
KANJI = [
    # a kanji name the English page gives in romaji: read whole, by its characters, voiced or not, its 市 aside
    ("雪岳町の人口は？", ["yukidake"], ["5,120人"]),  # 雪岳: セキガク whole, ユキ・タケ by its characters
    ("胡桃市長は誰ですか？", ["kurumi"], ["見当たりません"]),  # 胡桃市長: 胡桃市 and 長
]


@pytest.mark.parametrize(("question", "towns", "says"), KANJI, ids=[c[0] for c in KANJI])
def test_a_kanji_name_is_read_as_the_romaji_the_page_gives(sparse, question, towns, says):
    reply = sparse.reply(question)
    assert list(reply.towns) == towns, reply.text
    for words in says:
        assert words in reply.text, reply.text


@pytest.mark.parametrize(("question", "towns", "says"), NAMED, ids=[c[0] for c in NAMED])
def test_a_town_is_known_by_kana_derived_from_its_romaji(listing, question, towns, says):
    reply = listing.reply(question)
    assert list(reply.towns) == towns, reply.text
    for words in says:
        assert words in reply.text, reply.text


QUOTED = [
    # question, towns, words the answer has (the English page's text, and the note that says so)
    ("ゆきだけちょうから旭川まで特急で何時間？", ["yukidake"], ["taking only one hour", "（英語ページより）"]),
    ("胡桃市はいつ市になりましたか？", ["kurumi"], ["formed in April 1968", "概要（英語ページより）"]),
    ("胡桃市のシンボルは何ですか？", ["kurumi"], ["the walnut is used as the symbol of the city", "（英語ページより）"]),  # シンボル: symbol
    ("ユキダケ町の特産品は？", ["yukidake"], ["potato starch", "（英語ページより）"]),
]


@pytest.mark.parametrize(("question", "towns", "says"), QUOTED, ids=[c[0] for c in QUOTED])
def test_a_japanese_answer_says_it_quotes_the_english_page(sparse, question, towns, says):
    reply = sparse.reply(question)
    assert reply.intent != "unknown" and list(reply.towns) == towns, reply.text
    for words in says:
        assert words in reply.text, reply.text
    assert reply.text.count("（英語ページより）") == 1


def test_english_answers_and_japanese_pages_carry_no_such_note(sparse):
    assert "English page" not in sparse.reply("When did Kurumi become a city?").text
    seed = Engine.load()
    assert "英語ページより" not in seed.reply("奈義町の概要を教えて").text


def test_a_loanword_of_the_question_finds_the_english_text(listing):
    reply = listing.reply("川蝉市のシンボルは何ですか？")
    assert reply.intent == "evidence" and "lighthouse have been the city's symbols" in reply.text, reply.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("Which country does Kurumi want a sister city in?", ["Kurumi City names no country or region", "open to any country"]),
        ("胡桃市はどの国と交流したいですか？", ["交流を希望する国・地域を指定していません", "空欄"]),
    ],
)
def test_an_empty_wish_is_said_to_be_empty(sparse, question, says):
    reply = sparse.reply(question)
    assert reply.intent == "unknown" and list(reply.towns) == ["kurumi"], reply.text
    for words in says:
        assert words in reply.text, reply.text


def test_what_a_town_with_no_pr_items_is_proud_of_is_its_outline_s_products(sparse):
    reply = sparse.reply("What is Yukidake famous for?")
    assert "potato starch, which has won a national prize" in reply.text, reply.text
    assert "snowfields" not in reply.text  # the outline's first sentence says nothing the town is proud of
    assert len(reply.text) < 400


@pytest.mark.parametrize(
    ("question", "town", "says"),
    [
        ("星空村の希望する国は？", "hoshizora", "Asia, Oceania（アジア、オセアニア）"),
        ("川蝉市はどこと交流したい？", "kawasemi", "（アメリカ合衆国、ボストン、ロサンゼルス）"),  # どこと交流: the wish, not where it is
        ("桜川町はどこの国と交流したいですか", "sakuragawa", "England, U.S., France, etc.（イギリス、アメリカ合衆国、フランス）"),
    ],
)
def test_a_wish_given_in_english_names_its_places_in_japanese(listing, question, town, says):
    reply = listing.reply(question)
    assert reply.intent == "wish" and list(reply.towns) == [town], reply.text
    assert says in reply.text, reply.text


def test_a_wish_with_its_japanese_text_is_not_glossed():
    reply = Engine.load().reply("奈義町が希望する国は？")
    assert "オーストラリア、ニュージーランド" in reply.text and "（オーストラリア" not in reply.text, reply.text


def test_a_travel_time_from_a_place_named_in_japanese_is_found_in_the_english_text(listing):
    reply = listing.reply("カワセミ市から東京まで電車でどのくらい？")
    assert reply.intent == "evidence" and "an hour by train from Tokyo" in reply.text and "英語ページより" in reply.text, reply.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("高峰町のうどんについて教えて", "reservoirs and udon shops"),  # うどん: "udon", as the English page writes it
        ("水楢町のわさびについて教えて", "wasabi fields"),
    ],
)
def test_a_japanese_word_the_english_page_writes_in_romaji(listing, question, says):
    reply = listing.reply(question)
    assert reply.intent in ("evidence", "topic") and says in reply.text and "英語ページより" in reply.text, reply.text
