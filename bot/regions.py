"""Regions a wish may name (continents and UN M49 sub-regions, by their codes) and the countries each holds.

Both come from CLDR, a maintained dataset: the regions' names in English and Japanese through babel ("142": Asia /
アジア, "035": Southeast Asia / 東南アジア), and which countries each region holds from CLDR's territory containment
(UN M49), which babel does not ship: it is read from ``supplementalData.xml`` in the ``language-data`` package (MIT;
the file is CLDR's, Unicode licence), without importing that package's code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from importlib import resources

from babel import Locale

from bot.text import compact

# Groupings CLDR lists besides the M49 tree that a wish may name; the rest (World, Eurozone, UN, Outlying Oceania)
# no wish does.
_GROUPINGS = ("EU",)
# Other names the pages use (CLDR gives one name per code and language). "North America" on the pages means M49's 003
# (Northern America, Central America and the Caribbean); CLDR's "Northern America" (021) is the US and Canada.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "003": ("North American countries", "北米", "北アメリカ", "北アメリカ大陸"),
    "005": ("南米",),
    "150": ("欧州", "ヨーロッパ諸国", "European countries"),
    "142": ("Asian countries", "アジア諸国"),
    "009": ("Oceanian countries", "大洋州", "オセアニア諸国"),
    "019": ("the Americas", "南北アメリカ", "米州"),
    "035": ("South-Eastern Asia", "South East Asia", "South-East Asia", "Southeast Asian countries", "ASEAN countries",
            "東南アジア諸国"),
    "030": ("East Asia", "East Asian countries", "東アジア諸国"),
    "034": ("South Asia",),
    "145": ("West Asia",),
    "021": ("北部アメリカ",),
    "155": ("West Europe",),
    "151": ("East Europe",),
    "154": ("North Europe", "北欧", "Nordic countries", "北欧諸国"),
    "039": ("South Europe", "南欧"),
    "029": ("the Caribbean", "Caribbean countries", "カリブ海", "カリブ諸国"),
    "053": ("Australia and New Zealand",),
    "419": ("Latin America and the Caribbean", "中南米"),
    "013": ("中米",),
    "EU": ("EU", "EU countries", "EU加盟国", "EU諸国"),
}


@cache
def _tree() -> dict[str, frozenset[str]]:
    """CLDR's territory containment: each group -> the codes it holds directly (countries and smaller groups)."""
    path = resources.files("language_data").joinpath("data", "supplementalData.xml")
    groups: dict[str, set[str]] = {}
    with path.open("rb") as handle:
        for _, element in ET.iterparse(handle, events=("end",)):
            if element.tag == "group" and element.get("status") not in ("deprecated", "grouping"):
                groups.setdefault(element.get("type", ""), set()).update(element.get("contains", "").split())
            elif element.tag == "territoryContainment":
                break
    return {code: frozenset(held) for code, held in groups.items()}


@cache
def containment() -> dict[str, frozenset[str]]:
    """Every region a wish may name (M49 codes but the world, and ``_GROUPINGS``) -> the codes it holds directly."""
    return {code: held for code, held in _tree().items() if code != "001" and (code.isdigit() or code in _GROUPINGS)}


def known(code: str) -> bool:
    return code in containment()


@cache
def members(region: str) -> frozenset[str]:
    """The countries a region holds, through its sub-regions."""
    found: set[str] = set()
    for code in _tree().get(region, frozenset()):
        if code in _tree():
            found |= members(code)
        elif len(code) == 2 and code.isalpha():
            found.add(code)
    return frozenset(found)


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
        for code in sorted(containment())
    }


@cache
def by_name() -> dict[str, str]:
    """Each name (compacted) -> its region; a name given in ``EXTRA_NAMES`` wins over CLDR's name of another region
    ("北アメリカ" is North America, 003, as the pages mean it, not CLDR's Northern America)."""
    found = {compact(n): code for code in sorted(containment()) for n in (name(code, "en"), name(code, "ja"))}
    found.update({compact(n): code for code, extra in EXTRA_NAMES.items() for n in extra})
    return {key: code for key, code in found.items() if key}
