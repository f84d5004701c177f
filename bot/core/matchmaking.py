"""Rank the towns for an official who describes their own city: country wish first, then shared themes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from bot.core.wishes import welcome
from bot.knowledge.models import Knowledge, Town

NAMED_COUNTRY, LANGUAGE_RULE, COUNTRY_MISMATCH = 3, 2, -1
ASKED_THEME, SHARED_THEME = 2, 1


class Reason(NamedTuple):
    """One reason a town fits (or does not): what kind, and what it is about."""

    # "country_named" (the country or a city of it), "country_region", "country_language", "country_open" (no wish
    # stated), "country_not_wanted", "asked_theme", "shared_theme"
    kind: str
    subject: str  # a country code or a theme id
    detail: str = ""  # the language code of a rule, or the PR item that shares the theme


class Fit(NamedTuple):
    town: str
    score: int
    reasons: tuple[Reason, ...]


_KINDS = {"city": "country_named", "country": "country_named", "cities": "country_named", "region": "country_region"}


def country_fit(town: Town, code: str, welcoming: bool) -> Reason:
    """Why a town would (or would not) welcome a partner in ``code``; ``welcoming`` comes from the engine's index."""
    found = welcome(town, code) if welcoming else None
    if found is None:
        return Reason("country_not_wanted", code)
    return Reason(_KINDS.get(found.kind, f"country_{found.kind}"), code, found.subject)


_POINTS = {
    "country_named": NAMED_COUNTRY,
    "country_region": LANGUAGE_RULE,
    "country_language": LANGUAGE_RULE,
    "country_open": 0,
    "country_not_wanted": COUNTRY_MISMATCH,
    "asked_theme": ASKED_THEME,
    "shared_theme": SHARED_THEME,
}


@dataclass(frozen=True)
class Profiles:
    """Per town, built once: the themes it asks of a partner, and its first PR item for each theme."""

    asked: dict[str, frozenset[str]]
    items: dict[str, dict[str, str]]

    @classmethod
    def build(cls, knowledge: Knowledge) -> Profiles:
        items: dict[str, dict[str, str]] = {}
        for town in knowledge.towns.values():
            first: dict[str, str] = {}
            for item in town.pr_items:
                for theme in item.themes:
                    first.setdefault(theme, item.id)
            items[town.id] = first
        return cls({t.id: frozenset(t.partner_themes) for t in knowledge.towns.values()}, items)


def rank(
    knowledge: Knowledge, profiles: Profiles, welcome: dict[str, set[str]], countries: list[str], themes: list[str]
) -> list[Fit]:
    """Towns that fit, best first (ties keep the knowledge base's order).

    A town fits when it would welcome the official's country, or when its themes score at least half of the best
    fit: a town that only shares "history" is not offered beside one that asked for exactly what the city has.
    """
    fits = []
    welcoming = [welcome.get(code, set()) for code in countries]
    for town in knowledge.towns.values():
        asked, items = profiles.asked[town.id], profiles.items[town.id]
        if not town.wishes and not any(theme in asked or theme in items for theme in themes):
            continue  # open to every country (no points) and sharing no theme: scores 0 at best
        reasons = [country_fit(town, code, town.id in welcomed) for code, welcomed in zip(countries, welcoming, strict=True)]
        for theme in themes:
            if theme in asked:
                reasons.append(Reason("asked_theme", theme))
            elif theme in items:
                reasons.append(Reason("shared_theme", theme, items[theme]))
        score = sum(_POINTS[r.kind] for r in reasons)
        if score > 0:
            fits.append(Fit(town.id, score, tuple(reasons)))
    best = max((f.score for f in fits), default=0)
    welcome_kinds = ("country_named", "country_region", "country_language")
    return sorted(
        (f for f in fits if 2 * f.score >= best or any(r.kind in welcome_kinds for r in f.reasons)), key=lambda f: -f.score
    )
