"""Matchmaking, comparisons, superlatives and limits, in both languages."""

import json
import subprocess
import sys

import pytest


def test_matchmaking_ranks_with_reasons(engine):
    reply = engine.reply("Our school wants an exchange with a Japanese junior high school; we are in Australia")
    assert reply.intent == "match" and reply.towns[0] == "nagi"
    ranking = reply.data["ranking"]
    assert [r["town"] for r in ranking] == list(reply.towns)
    nagi = {(r["kind"], r["subject"]) for r in ranking[0]["reasons"]}
    assert ("country_named", "AU") in nagi and ("asked_theme", "education") in nagi
    assert "Educational exchange with our junior high school." in reply.text


def test_matchmaking_in_japanese(engine):
    reply = engine.reply("我々はオーストラリアの町で、中学校同士の交流を希望しています")
    assert (reply.intent, reply.lang, reply.towns[0]) == ("match", "ja", "nagi")
    assert "本町の中学校との教育交流。" in reply.text


def test_matchmaking_by_themes_alone_drops_weak_fits(engine):
    reply = engine.reply("Our city is famous for denim and astronomy")
    assert reply.towns == ("ibara",)
    assert "asks for a partner with denim, astronomy" in reply.text


def test_matchmaking_notes_a_country_outside_the_wish(engine):
    reply = engine.reply("We are a French city famous for denim")
    assert reply.towns == ("ibara",)
    assert "does not include France" in reply.text


def test_ranking_in_ask_json():
    run = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "We are a town in New Zealand with a junior high school"],
                         capture_output=True, text=True)
    answer = json.loads(run.stdout)
    assert answer["intent"] == "match" and answer["ranking"][0]["town"] == "nagi"


@pytest.mark.parametrize(
    "text, lang",
    [("compare Ibara and Nagi", "en"), ("Ibara vs Nagi", "en"), ("井原市と奈義町を比較して", "ja")],
)
def test_compare(engine, text, lang):
    reply = engine.reply(text)
    assert (reply.intent, set(reply.towns), reply.lang) == ("compare", {"ibara", "nagi"}, lang)
    assert ("39,019" in reply.text) and ("6,000" in reply.text)


@pytest.mark.parametrize(
    "text, intent, first",
    [
        ("which town has the largest population?", "population", ("Ibara City", "39,019")),
        ("the smallest town", "population", ("Nagi Town", "6,000")),
        ("Which town covers the largest area?", "area", ("Ibara City", "243.54")),
        ("面積が一番狭い自治体は？", "area", ("宇治田原町", "58.16")),
        ("人口が一番少ないのはどの町ですか", "population", ("奈義町", "6,000")),
    ],
)
def test_superlatives(engine, text, intent, first):
    reply = engine.reply(text)
    assert reply.intent == intent and len(reply.towns) == 1  # the verdict first (tests/core/test_question_classes_b.py)
    assert all(word in reply.blocks[0].lines[0] for word in first)


@pytest.mark.parametrize(
    "text, towns",
    [
        ("towns in Okayama with fewer than 10,000 people", ("nagi",)),
        ("towns with more than 10k people", ("ibara",)),
        ("人口が1万人未満の町", ("nagi", "ujitawara")),
        ("towns with an area under 60 km2", ("ujitawara",)),
    ],
)
def test_limits(engine, text, towns):
    reply = engine.reply(text)
    assert set(reply.towns) == set(towns)
