"""An imported town's figures asked in other words than the page's: what a town grows, harvests or produces
(生産, 栽培, 取れる); a Japanese superlative in words (一番高い山, 最も高い) asked of the page's compound (最高峰); how long a ride takes, in minutes (40 minutes, 約40分, 所要時間); when a festival
is held (開催される) when its item never says "held" and another item does; the prefix お (お湯) of a question is
politeness, not a word the item must hold; children asked as kids of a page counting pupils; a
verb's particle ("wrote down", "picked up") is no subject."""

import shutil

import pytest

from bot.core.engine import Engine
from bot.knowledge.loader import DEFAULT_DIR
from bot.listing.importer import Importer

from .conftest import DATA, TODAY


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    target = tmp_path_factory.mktemp("figures") / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    en, ja = ((DATA / f"figures_{lang}.txt").read_text(encoding="utf-8") for lang in ("en", "ja"))
    assert Importer(target, TODAY).run(en, ja).written
    return Engine.load(target)


CASES = [
    # question, words the answer has, words it must not have
    # production asked with another verb than the page's (grow / produce, 取れる / 生産)
    ("How many plums does Shiraume grow?", ["1,800 tonnes"], []),
    ("how much fruit does Shiraume harvest a year?", ["1,800 tonnes"], []),
    ("白梅町の梅は年間どれくらい取れるの？", ["1,800トン"], []),
    ("白梅町では梅をどれくらい収穫していますか？", ["1,800トン"], []),
    # a superlative in words, the page's 最- compound
    ("白梅町でいちばん高い山は何メートル？", ["2,105m"], []),
    ("白梅町で最も高い山はどこですか？", ["白銀山"], []),
    ("How high is the highest mountain in Shiraume?", ["2,105m"], []),
    # a duration in minutes
    ("How long does the raft ride down the Kiri River take?", ["about 40 minutes per ride"], []),
    ("桐川のいかだ下りは何分くらいかかりますか？", ["約40分"], []),
    ("桐川のいかだ下りの所要時間は？", ["約40分"], []),
    # an event's taking place: how its date is asked, not a word its sentence must hold
    ("When is the Shiraume Fire Festival held?", ["October 10 and 11"], []),
    ("白梅火まつりはいつ開催されますか？", ["10月10日と11日"], []),
    ("桐温泉のお湯は何度？", ["52℃"], []),
    ("How hot is the water of Kiri Onsen?", ["52°C"], []),
    # children in other words than the page's (kids, children / pupils; 子ども / 児童)
    ("How many kids go to the school in Shiraume?", ["38 pupils"], []),
    ("How many children study at the Shiraume Hill School?", ["38 pupils"], []),
    ("白梅町の学校には子どもが何人いますか？", ["38人の児童"], []),
    # a phrasal verb's particle
    ("Who wrote down the songs of Shiraume in English?", ["Mary Hollis"], []),
    ("Who wrote down Shiraume's songs?", ["Mary Hollis"], []),
    ("白梅町の民謡を集めたのは誰？", ["メアリー・ホリス"], []),
]


@pytest.mark.parametrize(("question", "says", "never"), CASES, ids=[c[0] for c in CASES])
def test_questions(engine, question, says, never):
    reply = engine.reply(question)
    assert reply.intent == "evidence" and list(reply.towns) == ["shiraume"], reply.text
    for words in says:
        assert words in reply.text, reply.text
    for words in never:
        assert words not in reply.text, reply.text


@pytest.mark.parametrize("question", ["We love Shiraume Town. Can you put us in touch with them?", "白梅町と連絡を取りたいので、紹介してもらえますか？"])
def test_a_request_to_be_put_in_touch_starts_an_enquiry(engine, question):
    """'put us in touch', as 'put me in touch': the asker's group speaks as one."""
    reply = engine.reply(question)
    assert (reply.intent, list(reply.towns)) == ("enquire", ["shiraume"]), reply.text
