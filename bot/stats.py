"""What the division learns from the questions: counts by day, language, intent, town and country, and the
questions the bot could not answer, grouped by similarity so staff see what the knowledge base lacks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.engine import Engine
from bot.store.records import QuestionRecord

SIMILAR = 60  # token_set_ratio at which two unanswered questions are taken as one
TOP = 10


@dataclass(frozen=True)
class Stats:
    total: int
    per_day: list[tuple[dt.date, int]]
    languages: list[tuple[str, int]]
    intents: list[tuple[str, int]]
    towns: list[tuple[str, int]]
    countries: list[tuple[str, int]]
    unanswered: list[tuple[str, int]]  # a representative question and how many were like it


def group_similar(texts: list[str]) -> list[tuple[str, int]]:
    """Greedy grouping: each question joins the first group whose first question it resembles."""
    groups: list[tuple[str, int]] = []
    heads: list[str] = []
    for text in texts:
        best = process.extractOne(text.casefold(), heads, scorer=fuzz.token_set_ratio, score_cutoff=SIMILAR) if heads else None
        if best:
            head, count = groups[best[2]]
            groups[best[2]] = (head, count + 1)
        else:
            heads.append(text.casefold())
            groups.append((text, 1))
    return sorted(groups, key=lambda g: -g[1])


def summarise(records: Iterable[QuestionRecord], engine: Engine) -> Stats:
    records = list(records)
    countries: Counter[str] = Counter()
    for record in records:
        countries.update(engine.understand(record.text).countries)
    return Stats(
        total=len(records),
        per_day=sorted(Counter(r.asked_at.date() for r in records).items()),
        languages=Counter(r.lang for r in records).most_common(),
        intents=Counter(r.intent for r in records).most_common(TOP),
        towns=Counter(t for r in records for t in r.towns).most_common(TOP),
        countries=[(engine.countries.name(code, "en"), n) for code, n in countries.most_common(TOP)],
        unanswered=group_similar([r.text for r in records if not r.understood])[:TOP],
    )


def report(stats: Stats, engine: Engine, days: int) -> str:
    """The statistics as plain text (English: it is read by the division's staff)."""
    def table(title: str, rows: Sequence[tuple[object, int]]) -> list[str]:
        return [title] + ([f"  {name}: {count}" for name, count in rows] or ["  (none)"])

    town_names = [(engine.kb.towns[t].name.en if t in engine.kb.towns else t, n) for t, n in stats.towns]
    lines = [f"Questions in the last {days} days: {stats.total}"]
    lines += table("Per day:", [(day.isoformat(), n) for day, n in stats.per_day])
    lines += table("Languages:", stats.languages)
    lines += table("Top intents:", stats.intents)
    lines += table("Top towns:", town_names)
    lines += table("Countries asked about:", stats.countries)
    lines += table("Unanswered (similar questions grouped):", stats.unanswered)
    return "\n".join(lines)
