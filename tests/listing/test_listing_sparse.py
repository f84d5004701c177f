"""An imported listing whose towns give little: no PR items, no wish, no partner, no website; what a town's own
sentences hold (a travel time, the year it was formed) answered from them; a town the page names only in English
known by its Japanese name. Every answer has something under each of its headings."""

import shutil

import pytest

from bot.core.engine import Engine
from bot.core.reply import Reply
from bot.knowledge.loader import DEFAULT_DIR
from bot.listing.importer import Importer
from bot.text import kana_romaji, romaji_key

from .conftest import DATA, TODAY


def _import(tmp_path_factory, name: str, en: str, ja: str | None) -> Engine:
    target = tmp_path_factory.mktemp(name) / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    assert Importer(target, TODAY).run(en, ja).written
    return Engine.load(target)


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    en = (DATA / "sparse_en.txt").read_text(encoding="utf-8")
    ja = (DATA / "sparse_ja.txt").read_text(encoding="utf-8")
    return _import(tmp_path_factory, "sparse", en, ja)


@pytest.fixture(scope="module")
def english_only(tmp_path_factory) -> Engine:
    """The same listing imported from its English page alone: the towns have no Japanese names."""
    return _import(tmp_path_factory, "english", (DATA / "sparse_en.txt").read_text(encoding="utf-8"), None)


def _no_empty_section(reply: Reply) -> None:
    for n, block in enumerate(reply.blocks):
        if block.title and not block.lines and not block.fields:
            later = reply.blocks[n + 1] if n + 1 < len(reply.blocks) else None
            assert later is not None and not later.title, f"empty section {block.title!r}:\n{reply.text}"


CASES = [
    # question, towns, words the answer has, words it must not have
    ("What is Kurumi famous for?", ["kurumi"], ["lists no PR items for Kurumi City", "walnut sweets and silk weaving"], []),
    ("What is Kurumi proud of?", ["kurumi"], ["lists no PR items", "walnut"], []),
    ("胡桃市の特産品は？", ["kurumi"], ["胡桃市のPR事項の記載がありません", "くるみ菓子と絹織物"], []),
    ("胡桃市の自慢は？", ["kurumi"], ["くるみ菓子"], []),
    ("What is Yukidake famous for?", ["yukidake"], ["lists no PR items for Yukidake Town", "potato starch"], []),
    ("Tell me about Kurumi", ["kurumi"], ["Highlights\nCLAIR's page lists no PR items", "open to any", "not stated"], []),
    ("胡桃市について教えて", ["kurumi"], ["PR事項の記載がありません"], []),
    ("compare Kurumi and Yukidake", ["kurumi", "yukidake"], ["Highlights: none listed"], []),
    ("What country does Kurumi want?", ["kurumi"], ["open to any"], []),
    ("What kind of partner is Kurumi looking for?", ["kurumi"], ["not stated on CLAIR's page"], []),
    ("胡桃市が希望する相手の条件は？", ["kurumi"], ["記載なし"], []),
    ("Kurumi website", ["kurumi"], ["does not give a website for Kurumi City"], []),
    ("胡桃市のホームページは？", ["kurumi"], ["胡桃市のホームページについての記載がありません"], []),
    ("How long from Yukidake to Asahikawa?", ["yukidake"], ["taking only one hour"], []),
    ("雪岳から旭川までどれくらい？", ["yukidake"], ["わずか1時間"], []),
    ("How long does it take from Yukidake to Asahikawa?", ["yukidake"], ["taking only one hour"], ["does not give distances"]),
    ("How far is Yukidake from Asahikawa?", ["yukidake"], ["Asahikawa City, taking only one hour"], ["does not give"]),
    ("雪岳町から旭川まで何時間？", ["yukidake"], ["わずか1時間"], ["記載がありません"]),
    ("How far is Kurumi from Tokyo?", ["kurumi"], ["does not give distances or travel times for Kurumi City"], []),
    ("When did Kurumi become a city?", ["kurumi"], ["formed in April 1968"], ["cannot find"]),
    ("When was Kurumi formed?", ["kurumi"], ["formed in April 1968"], []),
    ("胡桃市はいつ市になりましたか？", ["kurumi"], ["1968年4月"], ["見当たりません"]),
    ("胡桃の人口は何人ですか？", ["kurumi"], ["48,300人"], []),
    ("胡桃市の人口は何人？", ["kurumi"], ["48,300人"], []),
    ("雪岳町の人口はどれくらいですか？", ["yukidake"], ["5,120人"], []),
    ("雪岳町の面積はいくつ？", ["yukidake"], ["842.6 km²"], []),
]


@pytest.mark.parametrize(("question", "towns", "says", "never"), CASES, ids=[c[0] for c in CASES])
def test_sparse_towns(engine, question, towns, says, never):
    reply = engine.reply(question)
    assert list(reply.towns) == towns, reply.text
    _no_empty_section(reply)
    for words in says:
        assert words in reply.text, reply.text
    for words in never:
        assert words not in reply.text, reply.text


ENGLISH_ONLY = [
    ("胡桃の人口は何人ですか？", ["kurumi"], ["48,300"]),
    ("胡桃市の人口は何人？", ["kurumi"], ["48,300"]),
    ("胡桃市の人口は？", ["kurumi"], ["48,300"]),
    ("胡桃市の面積はいくつ？", ["kurumi"], ["31.4 km²"]),
    ("胡桃市の人口はどれくらいですか？", ["kurumi"], ["48,300"]),
    ("胡桃市はいつ市になりましたか？", ["kurumi"], ["formed in April 1968 as the 9th city in the prefecture."]),
    ("胡桃市の特産品は？", ["kurumi"], ["PR事項の記載がありません", "walnut sweets"]),
]


@pytest.mark.parametrize(("question", "towns", "says"), ENGLISH_ONLY, ids=[c[0] for c in ENGLISH_ONLY])
def test_a_town_named_only_in_english_is_known_by_its_japanese_name(english_only, question, towns, says):
    reply = english_only.reply(question)
    assert list(reply.towns) == towns, reply.text
    _no_empty_section(reply)
    for words in says:
        assert words in reply.text, reply.text
    assert "Outline" not in reply.text or "In the Edo period" not in reply.text  # the sentence, not the outline


def test_romaji():
    assert kana_romaji("オケガワ") == "okegawa" and kana_romaji("シントク") == "shintoku"
    assert romaji_key(kana_romaji("トウキョウ")) == romaji_key("Tokyo") == romaji_key("Tōkyō") == "tokyo"
    assert kana_romaji("ジュ") == "ju" and kana_romaji("キョ") == "kyo" and kana_romaji("ホッカイドウ") == "hokkaidou"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_empty_section_in_any_town_answer(engine, lang):
    for town in engine.kb.towns:
        for command in (f"town:{town}", f"highlights:{town}"):
            _no_empty_section(engine.act(command, lang))


def test_the_founding_of_an_item_is_the_item_s():
    """A 'when was … founded' of an item a town names is the item's date, not the town's."""
    engine = Engine.load()
    assert "1969" in engine.reply("When was the Denchu museum founded in Ibara?").text
    assert "2005" in engine.reply("When did Ibara merge?").text
