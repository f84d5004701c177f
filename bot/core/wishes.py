"""Whether a town's wishes welcome a partner in a country (or a city, which is in a country), and why.

The one place the engine decides it: the country answers, matchmaking and the "which towns want..." index all ask
``welcome``. A town's wishes each name any mix of countries, regions, official languages and cities; a town with no
wish is open to any country (ask CLAIR).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot import regions
from bot.core.countries import official_languages
from bot.knowledge.models import City, Town, Wish
from bot.text import compact

Kind = Literal["city", "country", "cities", "region", "language", "open"]
# Strongest first: a city the official named, their country named, cities named in their country, a region holding
# it, an official language of it, no wish at all.
ORDER: tuple[Kind, ...] = ("city", "country", "cities", "region", "language", "open")


@dataclass(frozen=True)
class Welcome:
    """Why a town welcomes a partner in ``country``.

    ``kind``: "city" (a wish names the official's city), "country" (it names the country, or gives it as an example
    of a group that is otherwise unresolved), "cities" (it names cities in that country, not the official's),
    "region" (a region that holds the country: ``subject`` is its code), "language" (an official language of the
    country by CLDR: ``subject`` is the language code), "open" (the town states no wish).
    """

    kind: Kind
    country: str
    subject: str = ""
    wish: Wish | None = None
    cities: tuple[City, ...] = ()
    example: bool = False  # the country is one of the examples the wish gives


def _same_city(city: City, asked: str) -> bool:
    key = compact(asked)
    return key in (compact(city.name), compact(city.ja or ""))


def welcome(town: Town, country: str, city: str | None = None) -> Welcome | None:
    """Why ``town`` would welcome a partner in ``country`` (and in ``city``, a city of it, when one was named);
    None when its wishes leave that country out."""
    if not town.wishes:
        return Welcome("open", country)
    found: list[Welcome] = []
    for wish in town.wishes:
        example = country in wish.examples
        in_country = tuple(c for c in wish.cities if c.country == country)
        if city and any(_same_city(c, city) for c in in_country):
            found.append(Welcome("city", country, city, wish, tuple(c for c in in_country if _same_city(c, city))))
        if country in wish.countries:
            found.append(Welcome("country", country, country, wish, example=example))
        if in_country:
            found.append(Welcome("cities", country, country, wish, in_country))
        region = regions.containing(country, wish.regions)
        if region:
            found.append(Welcome("region", country, region, wish, example=example))
        language = next((lang for lang in wish.official_languages if lang in official_languages(country)), None)
        if language:
            found.append(Welcome("language", country, language, wish, example=example))
        if example and not (wish.countries or wish.regions or wish.official_languages):
            found.append(Welcome("country", country, country, wish, example=True))
    return min(found, key=lambda w: ORDER.index(w.kind)) if found else None


def welcomed(town: Town, countries: Iterable[str], speakers: dict[str, set[str]]) -> set[str]:
    """The countries among ``countries`` that ``town`` welcomes (as ``welcome`` decides), computed in bulk;
    ``speakers``: the countries where each language is official."""
    every = set(countries)
    if not town.wishes:
        return every
    codes: set[str] = set()
    for wish in town.wishes:
        codes.update(wish.countries, (c.country for c in wish.cities))
        for region in wish.regions:
            codes |= regions.members(region)
        for language in wish.official_languages:
            codes |= speakers.get(language, set())
        if not (wish.countries or wish.regions or wish.official_languages):
            codes.update(wish.examples)
    return codes & every


def cities(towns: Iterable[Town]) -> dict[str, list[str]]:
    """Every city the towns' wishes name, by country: its names in both languages (for the question index)."""
    found: dict[str, list[str]] = {}
    for town in towns:
        for wish in town.wishes:
            for city in wish.cities:
                found.setdefault(city.country, []).extend(n for n in (city.name, city.ja) if n)
    return found
