"""Questions about an imported listing that is not the seed, in both languages: no hand keywords, no code."""

import shutil

import pytest

from bot.core.engine import Engine
from bot.core.wishes import welcome
from bot.knowledge.loader import DEFAULT_DIR
from bot.listing.importer import Importer

from .conftest import DATA, TODAY


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    target = tmp_path_factory.mktemp("imported") / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    en = (DATA / "listing_en.txt").read_text(encoding="utf-8")
    ja = (DATA / "listing_ja.txt").read_text(encoding="utf-8")
    assert Importer(target, TODAY).run(en, ja).written
    return Engine.load(target)


CASES = [
    # question, intent, towns, words the answer has, words it must not have
    ("Is Ibara still looking?", "archived", [], ["Ibara City is no longer on CLAIR's list", "June 2025"], ["Ibara City (Okayama"]),
    ("井原市はまだ姉妹都市を探していますか", "archived", [], ["井原市は", "掲載されていません", "2025年6月"], ["井原市（岡山県）"]),
    ("which towns want Thailand?", "country", ["hoshizora", "mizunara"], ["wants a partner in Asia; Thailand is in Asia"], []),
    ("タイと交流したい自治体は？", "country", ["hoshizora", "mizunara"], ["アジア", "タイ"], []),
    ("Which towns would welcome a partner from New Zealand?", "country", ["hoshizora", "takamine", "mizunara"], ["Oceania", "English"], []),
    ("We are from Boston", "country", ["kawasemi", "sakuragawa", "takamine", "mizunara"], ["Kawasemi City: names Boston"], []),
    ("ボストン市からです", "country", ["kawasemi", "sakuragawa", "takamine", "mizunara"], ["川蝉市", "ボストン"], []),
    ("Our city is in Vilvoorde", "country", ["kawasemi", "mizunara"], ["names Vilvoorde"], []),
    ("which towns want France?", "country", ["sakuragawa", "mizunara"], ["Sakuragawa Town: wants France"], []),
    ("What country does Mizunara want?", "unknown", ["mizunara"], ["Mizunara Town names no country or region", "open to any"], []),
    ("水楢町が希望する国は？", "unknown", ["mizunara"], ["水楢町", "空欄", "中学生がホームステイ"], []),
    ("population of Hoshizora", "population", ["hoshizora"], ["2,840", "April 1, 2024"], []),
    ("星空村の人口は？", "population", ["hoshizora"], ["2,840人"], []),
    ("Tell me about Kawasemi", "town", ["kawasemi"], ["Kawasemi City (Chiba Prefecture)", "Belgium (Bruges"], []),
    ("川蝉市について教えて", "town", ["kawasemi"], ["川蝉市（千葉県）", "ベルギー"], []),
    ("かわせみしについて教えて", "town", ["kawasemi"], ["川蝉市"], []),
    ("the smallest town", "population", ["hoshizora"], ["Hoshizora Village has the smallest population"], []),
    ("面積が一番広い自治体は？", "area", ["hoshizora"], ["最も広いのは星空村"], []),
    ("towns with fewer than 10,000 people", "population", ["hoshizora", "sakuragawa"], ["Hoshizora", "Sakuragawa"], []),
    ("towns in Nagano", "prefecture", ["mizunara"], ["Mizunara Town"], []),
    ("compare Kawasemi and Takamine", "compare", ["kawasemi", "takamine"], ["Kawasemi City", "Takamine Town"], []),
    ("what kind of partner is Takamine looking for", "partner", ["takamine"], ["elementary schools"], []),
    ("What is Hoshizora proud of?", "topic", ["hoshizora"], ["Hoshizora Cheese", "Winter Star Festival"], []),
    ("Kawasemi website", "website", ["kawasemi"], ["https://www.city.kawasemi.example.jp/"], []),
    ("川蝉市のホームページは？", "website", ["kawasemi"], ["https://www.city.kawasemi.example.jp/"], []),
    ("websites of Kawasemi and Takamine", "website", ["kawasemi", "takamine"], ["kawasemi.example.jp", "does not give a website for Takamine Town"], []),
    ("高峰町のホームページは？", "unknown", ["takamine"], ["高峰町のホームページについての記載がありません"], []),
    ("list the towns", "list_towns", ["hoshizora", "kawasemi", "mizunara", "sakuragawa", "takamine"], ["Hoshizora Village"], ["Ibara"]),
]


@pytest.mark.parametrize(("question", "intent", "towns", "says", "never"), CASES, ids=[c[0] for c in CASES])
def test_questions(engine, question, intent, towns, says, never):
    reply = engine.reply(question)
    assert reply.intent == intent, reply.text
    assert list(reply.towns) == towns, reply.text
    for words in says:
        assert words in reply.text, reply.text
    for words in never:
        assert words not in reply.text, reply.text


def test_matchmaking_on_an_imported_town(engine):
    reply = engine.reply("We are a farming town in Australia famous for cheese")
    assert reply.intent == "match" and reply.towns[0] == "hoshizora", reply.text
    assert "Oceania" in reply.text


def test_every_reason(engine):
    towns = engine.kb.towns
    assert welcome(towns["hoshizora"], "TH").kind == "region"
    assert welcome(towns["hoshizora"], "US") is None
    assert welcome(towns["kawasemi"], "US", "Boston").kind == "city"
    assert welcome(towns["kawasemi"], "US").kind == "country"
    assert welcome(towns["kawasemi"], "BE", "ブルージュ").kind == "city"  # the Japanese page's spelling, not GeoNames' ブルッヘ
    assert welcome(towns["takamine"], "AU").example and welcome(towns["takamine"], "AU").kind == "language"
    assert welcome(towns["mizunara"], "BR").kind == "open"
    assert welcome(towns["sakuragawa"], "DE") is None


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("ブルージュ市から来ました", "川蝉市：ブルージュを挙げています"),  # a city as the Japanese page spells it
        ("ベルギーと交流したい自治体は？", "ベルギーを希望（ブルージュ、ヴィルボールデ、アントワープを挙げています）"),
        ("Which towns want a partner in the United States?", "Kawasemi City: wants the United States (names Boston, Los Angeles)"),
    ],
)
def test_a_country_wish_gives_the_cities_it_names(engine, question, says):
    reply = engine.reply(question)
    assert reply.intent == "country" and says in reply.text, reply.text
