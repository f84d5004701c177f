"""Classes of question (issue 11, fifth set, from the misses of blind_final3), each closed by a mechanism; every test
names its class and asks it in both languages. The questions are written for these tests."""

import pytest

# --- a request for a town as a whole, in words the page does not use, is its overview or highlights --------------


@pytest.mark.parametrize(
    "text, town, intent",
    [
        ("What are the main selling points of Nagi Town?", "nagi", "topic"),
        ("宇治田原町のおすすめスポットを教えて", "ujitawara", "topic"),
        ("ウジタワラ町の名物やおすすめポイントは？", "ujitawara", "topic"),
        ("Please give me an overview of Ibara City. We are writing a report for our mayor.", "ibara", "town"),
    ],
)
def test_a_request_for_the_whole_town_is_not_cannot_find(engine, text, town, intent):
    reply = engine.reply(text)
    assert reply.intent == intent and reply.towns == (town,), reply.text


@pytest.mark.parametrize(
    "text", ["Who is the mayor of Ibara?", "Ibara's weather info?", "井原市の天気を教えて", "井原市って年間の観光客数どれくらい？"]
)
def test_a_point_of_its_own_beside_the_town_is_still_not_given(engine, text):
    assert engine.reply(text).intent == "unknown"
