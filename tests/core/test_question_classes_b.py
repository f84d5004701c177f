"""Classes of question (issue 11, second set), each closed by a mechanism: every test names its class and asks it in
both languages. The questions are written for these tests, not taken from a labelled set."""

import pytest


def ask(engine, text):
    return engine.reply(text)


# --- superlatives lead with the verdict: the winner, its figure and date, in one sentence ---------------------


@pytest.mark.parametrize(
    "text, fact, town, figure",
    [
        ("Which of the towns is home to the most people?", "population", "ibara", "39,019"),
        ("Wich town has the fewest residents?", "population", "nagi", "6,000"),
        ("What's the smallest town by area?", "area", "ujitawara", "58.16"),
        ("人口がいちばん多い自治体はどこですか", "population", "ibara", "39,019"),
        ("一番人口が少ない町は？", "population", "nagi", "6,000"),
        ("一番広い町はどこ？", "area", "ibara", "243.54"),
        ("面積が最も狭いのは？", "area", "ujitawara", "58.16"),
        ("最も新しく更新された自治体は？", "date_modified", "ibara", "2021年7月"),
        ("Whose page was updated most recently?", "date_modified", "ibara", "July 2021"),
    ],
)
def test_a_superlative_names_the_winner_first(engine, text, fact, town, figure):
    reply = ask(engine, text)
    first = reply.blocks[0].lines[0]
    assert (reply.intent, reply.towns) == (fact, (town,)), reply.text
    assert engine.kb.towns[town].name(reply.lang) in first and figure in first, first
    assert reply.actions[0].command.startswith(f"ranking:{fact}:")


def test_the_verdict_gives_the_date_of_its_figure(engine):
    assert "(as of June 2021)" in ask(engine, "Which town has the biggest population?").blocks[0].lines[0]
    assert "2021年6月現在" in ask(engine, "人口が一番多いのは？").blocks[0].lines[0]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_full_ranking_button_ranks_every_town(engine, lang):
    reply = engine.reply("Which town is the smallest by area?" if lang == "en" else "一番狭い町は？")
    ranking = engine.act(reply.actions[0].command, lang)
    assert ranking.towns == ("ujitawara", "nagi", "ibara")


@pytest.mark.parametrize("text", ["Rank the towns by population, largest to smallest", "3つの自治体を人口の多い順に並べて"])
def test_asked_for_an_order_the_towns_are_ranked(engine, text):
    assert ask(engine, text).towns == ("ibara", "ujitawara", "nagi")


@pytest.mark.parametrize("text, intent", [("waht can you do", "help"), ("wich contry does nagi want", "wish")])
def test_a_misspelt_question_word_is_read_as_meant(engine, text, intent):
    assert ask(engine, text).intent == intent
