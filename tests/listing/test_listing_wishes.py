"""Wishes of every shape, read from either page's words."""

import pytest

from bot.listing import wishes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("English-speaking country", {"official_languages": ["en"]}),
        ("English-speaking countries such as USA , Canada , Australia", {"official_languages": ["en"], "examples": ["US", "CA", "AU"]}),
        ("English-speaking countries such as, U.S., U.K., Canada, Australia, etc.", {"official_languages": ["en"], "examples": ["US", "GB", "CA", "AU"]}),
        ("Australia, New Zealand", {"countries": ["AU", "NZ"]}),
        ("Asia, Oceania", {"regions": ["142", "009"]}),
        ("Oceania, North America, Europe", {"regions": ["009", "003", "150"]}),
        ("England, United States, France, Italy, Netherlands", {"countries": ["GB", "US", "FR", "IT", "NL"]}),
        ("U.S., U.K., Canada, Australia", {"countries": ["US", "GB", "CA", "AU"]}),
        ("", {}),
        ("英語圏の国", {"official_languages": ["en"]}),
        ("アメリカ、カナダ、オーストラリアなどの英語圏の国", {"official_languages": ["en"], "examples": ["US", "CA", "AU"]}),
        ("オーストラリア、ニュージーランド等英語圏の国", {"official_languages": ["en"], "examples": ["AU", "NZ"]}),
        ("アジア、オセアニア", {"regions": ["142", "009"]}),
        ("オセアニア、北アメリカ、ヨーロッパ", {"regions": ["009", "003", "150"]}),
        ("イギリス、アメリカ合衆国、フランス等", {"countries": ["GB", "US", "FR"]}),
    ],
)
def test_shapes(places, text, expected):
    parsed = wishes.parse(text, places)
    assert {k: v for k, v in parsed.rule().items() if k != "cities"} == expected
    assert not parsed.unknown


def test_cities_with_their_state(places):
    for text in ("United States (Boston, Massachusetts; Los Angeles, California)", "Boston, Massachusetts and Los Angeles, California"):
        parsed = wishes.parse(text, places)
        assert [(c["name"], c["country"], c.get("state")) for c in parsed.cities] == [
            ("Boston", "US", "Massachusetts"), ("Los Angeles", "US", "California"),
        ]
        assert parsed.cities[0]["ja"] == "ボストン"


def test_cities_of_a_named_country(places):
    parsed = wishes.parse("Belgium (Bruges, Vilvoorde, Antwerp)", places)
    assert parsed.countries == ["BE"]
    assert [(c["name"], c["country"]) for c in parsed.cities] == [("Bruges", "BE"), ("Vilvoorde", "BE"), ("Antwerp", "BE")]


def test_words_it_cannot_read_are_reported(places):
    assert wishes.parse("Narnia, Australia", places).unknown == ["Narnia"]
    assert wishes.parse("the Middle East", places).unknown == ["Middle", "East"]  # not a UN M49 region


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Southeast Asia", ["035"]),
        ("South-East Asia, Australia and New Zealand", ["035", "053"]),
        ("Eastern Asia, Northern Europe", ["030", "154"]),
        ("Western Europe or Central America", ["155", "013"]),
        ("東南アジア", ["035"]),
        ("東アジア、北欧", ["030", "154"]),
        ("EU countries", ["EU"]),
    ],
)
def test_sub_regions(places, text, regions):
    parsed = wishes.parse(text, places)
    assert parsed.regions == regions and not parsed.unknown


@pytest.mark.parametrize(
    ("text", "countries", "cities"),
    [
        # a country in brackets after a city, or a province, says where the city is: the city is the wish
        ("Boston, Massachusetts (U.S.A.), Hamilton, Ontario (Canada)", [], [("Boston", "US"), ("Hamilton", "CA")]),
        ("ボストン市（アメリカ合衆国マサチューセッツ州）、ハミルトン市（カナダ・オンタリオ州）", [], [("Boston", "US"), ("Hamilton", "CA")]),
        ("Paris (France)", [], [("Paris", "FR")]),
        # a country before its cities is the wish, and so is another country after a city
        ("United States (Boston, Massachusetts; Los Angeles, California)", ["US"], [("Boston", "US"), ("Los Angeles", "US")]),
        ("Paris, France and Italy", ["IT"], [("Paris", "FR")]),
    ],
)
def test_a_city_s_country_is_no_wish_of_its_own(places, text, countries, cities):
    parsed = wishes.parse(text, places)
    assert parsed.countries == countries
    assert [(c["name"], c["country"]) for c in parsed.cities] == cities
