"""Pair the English page's towns with the Japanese page's: by prefecture, then by their figures, never by order alone;
report every town or figure the two pages disagree on."""

from __future__ import annotations

from bot.knowledge.models import Gazetteer
from bot.listing.raw import RawTown
from bot.text import compact


def prefecture_id(word: str, gazetteer: Gazetteer) -> str | None:
    key = compact(word)
    for pref in gazetteer.prefectures:
        names = {compact(pref.name.en), compact(pref.name.ja), *(compact(a) for a in pref.aliases), pref.id}
        if key in names or compact(word.replace("Prefecture", "")) in names:
            return pref.id
    return None


def _score(en: RawTown, ja: RawTown) -> int:
    return (en.population is not None and en.population == ja.population) * 2 + (en.area is not None and en.area == ja.area)


def pair(en_towns: list[RawTown], ja_towns: list[RawTown], gazetteer: Gazetteer) -> tuple[list[tuple[RawTown, RawTown | None]], list[str]]:
    """Each English town with its Japanese twin (or None), and the disagreements to report."""
    notes: list[str] = []
    left = list(ja_towns)
    pairs: list[tuple[RawTown, RawTown | None]] = []
    for en in en_towns:
        pref = prefecture_id(en.prefecture, gazetteer)
        candidates = [ja for ja in left if prefecture_id(ja.prefecture, gazetteer) == pref]
        best = max(candidates, key=lambda ja: _score(en, ja), default=None)
        if best is not None and len(candidates) > 1 and _score(en, best) == 0:
            notes.append(f"{en.name}: several towns in {en.prefecture} on the Japanese page and no figure matches; not paired")
            best = None
        if best is None:
            if ja_towns:
                notes.append(f"{en.name} ({en.prefecture}) is not on the Japanese page: its Japanese texts need translation")
            pairs.append((en, None))
            continue
        left.remove(best)
        pairs.append((en, best))
        for what, a, b in (("population", en.population, best.population), ("area", en.area, best.area),
                           ("population date", en.population_as_of, best.population_as_of),
                           ("date modified", en.date_modified, best.date_modified)):
            if a is not None and b is not None and a != b:
                notes.append(f"{en.name} / {best.name}: the pages disagree on the {what}: {a} (English) ≠ {b} (Japanese); the English is kept")
        if len(en.wishes) != len(best.wishes):
            notes.append(f"{en.name} / {best.name}: {len(en.wishes)} rows on the English page, {len(best.wishes)} on the Japanese")
    for ja in left:
        notes.append(f"{ja.name} ({ja.prefecture}) is only on the Japanese page: not imported")
    return pairs, notes
