"""Rank the towns for an official who describes their own city: country wish first, then shared themes."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.countries import official_languages
from bot.knowledge.models import Knowledge, Town

NAMED_COUNTRY, LANGUAGE_RULE, COUNTRY_MISMATCH = 3, 2, -1
ASKED_THEME, SHARED_THEME = 2, 1


@dataclass(frozen=True)
class Reason:
    """One reason a town fits (or does not): what kind, and what it is about."""

    kind: str  # "country_named", "country_language", "country_not_wanted", "asked_theme", "shared_theme"
    subject: str  # a country code or a theme id
    detail: str = ""  # the language code of a rule, or the PR item that shares the theme


@dataclass(frozen=True)
class Fit:
    town: str
    score: int
    reasons: tuple[Reason, ...]


def country_fit(town: Town, code: str) -> Reason:
    if code in town.wish.countries:
        return Reason("country_named", code)
    for language in town.wish.official_languages:
        if language in official_languages(code):
            return Reason("country_language", code, language)
    return Reason("country_not_wanted", code)


_POINTS = {
    "country_named": NAMED_COUNTRY,
    "country_language": LANGUAGE_RULE,
    "country_not_wanted": COUNTRY_MISMATCH,
    "asked_theme": ASKED_THEME,
    "shared_theme": SHARED_THEME,
}


def rank(knowledge: Knowledge, countries: list[str], themes: list[str], towns: list[str] | None = None) -> list[Fit]:
    """Towns that fit, best first (ties keep the knowledge base's order).

    A town fits when it would welcome the official's country, or when its themes score at least half of the best
    fit: a town that only shares "history" is not offered beside one that asked for exactly what the city has.
    """
    fits = []
    for town in (knowledge.towns[t] for t in (towns or knowledge.towns)):
        reasons = [country_fit(town, code) for code in countries]
        for theme in themes:
            if theme in town.partner_themes:
                reasons.append(Reason("asked_theme", theme))
                continue
            item = next((i for i in town.pr_items if theme in i.themes), None)
            if item:
                reasons.append(Reason("shared_theme", theme, item.id))
        score = sum(_POINTS[r.kind] for r in reasons)
        if score > 0:
            fits.append(Fit(town.id, score, tuple(reasons)))
    best = max((f.score for f in fits), default=0)
    welcome = ("country_named", "country_language")
    return sorted(
        (f for f in fits if 2 * f.score >= best or any(r.kind in welcome for r in f.reasons)), key=lambda f: -f.score
    )
