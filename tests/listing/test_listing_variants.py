"""A listing with the page variants of past years (full-width digits, "square kilometers", an empty wish, 【 without
its 】, a PR paragraph with no title) imported in both languages, and the questions its facts raise: a merger, travel
times from two places in one sentence, an item's opening beside a later prize."""

import shutil

import pytest

from bot.core.engine import Engine
from bot.knowledge.loader import DEFAULT_DIR
from bot.listing import page_en, page_ja
from bot.listing.importer import Importer, _ja_title_of, _title_of

from .conftest import DATA, TODAY


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    target = tmp_path_factory.mktemp("variants") / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    en, ja = ((DATA / f"variants_{lang}.txt").read_text(encoding="utf-8") for lang in ("en", "ja"))
    assert Importer(target, TODAY).run(en, ja).written
    return Engine.load(target)


def test_the_pages_read():
    en, kaede_en = page_en.parse((DATA / "variants_en.txt").read_text(encoding="utf-8"))
    ja, kaede_ja = page_ja.parse((DATA / "variants_ja.txt").read_text(encoding="utf-8"))
    # listed in two rows, described once: a wish a line, one partner text for both
    assert (kaede_en.wishes, kaede_ja.wishes) == (["Norway, Sweden, etc.", "Canada"], ["ノルウェー、スウェーデン等", "カナダ"])
    assert len(kaede_en.partners) == 1
    assert (en.population, en.area, ja.population, ja.area) == (7410, 233.8, 7410, 233.8)  # ７，４１０
    assert (en.forest, en.forest_percent, ja.forest, ja.forest_percent) == (None, 74, None, 74)  # a share, not km²
    assert en.wishes == ja.wishes == [""]
    assert [i.title for i in en.items] == ["Firefly River", "Hotaru Tea House", None]
    assert [i.title for i in ja.items] == ["蛍川", "蛍茶屋", None]


def test_an_untitled_paragraph_is_titled_by_what_it_is_about_in_each_language(engine):
    item = engine.kb.towns["hotaru"].pr_items[2]
    assert (item.title.en, item.title.ja) == ("Hotaru paper lantern", "蛍提灯")
    assert _title_of("The Kozakura forged knife, made by hammering steel, was designated a craft.", "Kozakura City") == "Kozakura forged knife"
    assert _title_of("Every October, the seven breweries open their doors.", "Kozakura City") != "Every October"
    assert _ja_title_of("鋼と軟鉄を打ち合わせて作る小桜打刃物は、1998年に指定されました。") == "小桜打刃物"


CASES = [
    # question, intent, words the answer has, words it must not have
    ("When did Hotaru merge with Kitagawa?", "evidence", ["born in 2005"], []),
    ("蛍町はいつ合併しましたか？", "evidence", ["2005年"], []),
    # travel times from two places in one sentence: the one asked about
    ("How long does it take from Kochi City to Hotaru by car?", "evidence", ["90 minutes by car from Kochi City"], ["40 minutes"]),
    ("高知市から蛍町まで車でどれくらい？", "evidence", ["高知市から車で約90分"], ["40分"]),
    # an item's opening, not the prize of a later year in the next sentence
    ("When was the Hotaru Tea House opened?", "evidence", ["opened in 1987"], ["2015"]),
    ("蛍茶屋はいつできたの？", "evidence", ["1987年"], ["2015"]),
    ("When was the Hotaru paper lantern designated a traditional craft?", "evidence", ["1998"], []),
    ("蛍提灯はいつ伝統工芸品になりましたか？", "evidence", ["1998年"], []),
    # an empty wish: named as empty, in the words a reader looks for
    ("Which country does Hotaru want?", "unknown", ["names no country or region", "any country", "riverside community"], []),
    ("蛍町はどの国と交流したいですか？", "unknown", ["指定していません", "川沿いの地域"], []),
    ("ほたるちょうの人口は？", "population", ["7,410人"], []),
    # a figure of the town itself, asked with nothing else: its outline's sentence that holds one
    ("What is the altitude of Hotaru?", "evidence", ["320 metres above sea level"], []),
    ("蛍町の標高は？", "evidence", ["標高320メートル"], []),
    ("How hot does Hotaru get?", "evidence", ["36°C"], []),
    ("蛍町の気温はどのくらい？", "evidence", ["36度"], []),
    # of a season: the sentence of that season or its months (August is summer), else not given
    ("蛍町の夏はどのくらい暑い？", "evidence", ["8月には気温が36度"], []),
    ("How hot is Hotaru in summer?", "evidence", ["in August temperatures can reach 36°C"], []),
    ("How cold is Hotaru in winter?", "unknown", ["cannot find"], ["36°C"]),
    ("蛍町の冬の気温は？", "unknown", ["見当たりません"], ["36度"]),
    # the forest as the page gives it: a share of the area
    ("How much of Hotaru is forest?", "area", ["233.8 km², 74% of it forest"], ["74 km²"]),
    ("蛍町の面積は？", "area", ["233.8 km²（うち森林74％）"], []),
]


@pytest.mark.parametrize(("question", "intent", "says", "never"), CASES, ids=[c[0] for c in CASES])
def test_questions(engine, question, intent, says, never):
    reply = engine.reply(question)
    assert reply.intent == intent and list(reply.towns) == ["hotaru"], reply.text
    for words in says:
        assert words in reply.text, reply.text
    for words in never:
        assert words not in reply.text, reply.text


TWICE = [
    ("Which towns want Sweden?", "country", ["Kaede Village: wants Sweden"], ["Canada"]),
    ("カナダと交流したい自治体は？", "country", ["楓村：カナダを希望"], ["スウェーデン"]),
    ("What country does Kaede want?", "wish", ["Norway, Sweden, etc. / Canada"], []),
]


@pytest.mark.parametrize(("question", "intent", "says", "never"), TWICE, ids=[c[0] for c in TWICE])
def test_a_town_listed_twice_and_described_once(engine, question, intent, says, never):
    reply = engine.reply(question)
    assert reply.intent == intent and "kaede" in reply.towns, reply.text
    for words in says:
        assert words in reply.text, reply.text
    line = next(line for line in reply.text.splitlines() if "Kaede" in line or "楓村" in line)
    for words in never:
        assert words not in line, reply.text


def test_the_pages_of_2025_read():
    """Headings without a space before "(", "8,215(as of September 30 ,2024)", 15万2,340人, 令和 dates, a website
    followed by its description, ■ titles, a partner text that is a list, table rows continued on a second line."""
    nanohana, minatogawa = page_en.parse((DATA / "variants2_en.txt").read_text(encoding="utf-8"))
    nanohana_ja, minatogawa_ja = page_ja.parse((DATA / "variants2_ja.txt").read_text(encoding="utf-8"))
    assert (nanohana.name, nanohana.population, nanohana.population_as_of, nanohana.area) == ("Nanohana Town", 8215, "2024-09-30", 31.07)
    assert (nanohana_ja.population, nanohana_ja.population_as_of, nanohana_ja.date_modified) == (8215, "2024-09", "2024-10")
    assert minatogawa_ja.population == minatogawa.population == 152340
    assert nanohana.websites == nanohana_ja.websites == ["https://www.town.nanohana.example.jp/"]
    assert [i.title for i in nanohana.items] == ["Nanohana Festival", "Nanohana Honey"]
    assert [i.title for i in nanohana_ja.items] == ["菜の花まつり", "菜の花はちみつ"]
    assert nanohana.partners == ["Educational exchange (elementary and junior high schools); Agricultural exchange (vegetables, processed foods, etc.)"]
    assert nanohana_ja.partners == ["教育交流(小中学校)、農業交流(野菜、加工品など)"]
    assert minatogawa_ja.wishes == ["アメリカ合衆国（オレゴン州ポートランド、ワシントン州シアトル）", "オランダ王国（ロッテルダム市、ユトレヒト市など）"]
    assert not (nanohana.problems or nanohana_ja.problems or minatogawa.problems or minatogawa_ja.problems)


def test_labels_with_colons_and_approximate_figures():
    en = page_en.parse(
        "Aozora City (Tokyo Metropolis)\n\nPopulation: approx. 52,000 people (as of 1 April 2024)\nArea: 21.3 sq km\n"
        "Outline of Local Authority: Aozora City lies in western Tokyo.\nDesired Countries/Regions: Germany\n"
        "Last Updated: 15 March 2024\n"
    )
    ja = page_ja.parse(
        "青空市（東京都）\n\n人口：約52,000人（2024年4月1日現在）\n面積：21.3平方キロメートル\n自治体概要：青空市は東京都西部にあります。\n"
        "交流を希望する国・地域：ドイツ\n更新日：2024年3月15日\n"
    )
    for town in (en[0], ja[0]):
        assert (town.population, town.population_as_of, town.area, town.date_modified) == (52000, "2024-04-01", 21.3, "2024-03-15")
        assert not town.problems



def test_a_pr_section_opening_with_a_document_link_and_titles_without_brackets():
    """A "PR Materials" / PR資料 row naming a linked document (its text lost with the link), then items titled by plain
    lines: the link is no item (an item with no text would fail validation and stop the whole import)."""
    en = page_en.parse(
        "Yukimi Village (Yamagata Prefecture)\n\nPopulation 1,200 (as of April 1, 2024) Area 150.2km2\n"
        "Outline of Local Government\n\nYukimi is a snowy mountain village.\n\nDesired Country/Region of Exchange Finland\n"
        "PR Materials Yukimi Village guide (PDF)\n\nYukimi Snow Festival\nEvery February, snow lanterns light the village.\n\n"
        "Yukimi Soba\nBuckwheat noodles from the highland won a prize in 2018.\n"
    )
    ja = page_ja.parse(
        "雪見村（山形県）\n\n人口 1,200人（2024年4月1日現在） 面積 150.2km²\n自治体概要 雪見村は雪深い山の村です。\n"
        "交流を希望する国・地域 フィンランド\nPR資料 雪見村ガイド（PDF）\n\n雪見雪まつり\n毎年2月、雪の灯籠が村を照らします。\n\n"
        "雪見そば\n高原のそばは2018年に賞を受けました。\n"
    )
    assert [(i.title, bool(i.text)) for i in en[0].items] == [("Yukimi Snow Festival", True), ("Yukimi Soba", True)]
    assert [(i.title, bool(i.text)) for i in ja[0].items] == [("雪見雪まつり", True), ("雪見そば", True)]


COULD = [
    # whether a town would welcome a partner in a country, asked as "can … partner with": answered, not an enquiry
    ("Could a town in Brazil partner with Kaede?", "country", "Kaede Village does not name Brazil"),
    ("Can a city in Canada become a sister city of Kaede?", "country", "Kaede Village: wants Canada"),
    ("ブラジルの町は楓村と提携できますか？", "country", "楓村は、ブラジルもブラジルを含む国のグループも希望していません"),
    ("Please pass a message to Kaede: we are a city in Canada.", "enquire", "Kaede Village"),
]


@pytest.mark.parametrize(("question", "intent", "says"), COULD, ids=[c[0] for c in COULD])
def test_could_a_town_there_partner_with(engine, question, intent, says):
    reply = engine.reply(question)
    assert reply.intent == intent and says in reply.text, reply.text
