"""``bot eval``: accuracy of a labelled question file per intent, with the misses listed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.core.engine import Engine


@dataclass(frozen=True)
class Case:
    question: str
    intent: str
    towns: frozenset[str]
    lang: str | None = None


@dataclass(frozen=True)
class Miss:
    case: Case
    intent: str
    towns: frozenset[str]


@dataclass(frozen=True)
class Result:
    total: int
    correct: int
    per_intent: dict[str, tuple[int, int]]
    misses: list[Miss]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def report(self) -> str:
        lines = [f"{'intent':<16}{'questions':>10}{'correct':>9}{'accuracy':>10}"]
        for intent, (total, correct) in sorted(self.per_intent.items()):
            lines.append(f"{intent:<16}{total:>10}{correct:>9}{correct / total:>10.1%}")
        lines.append(f"{'all':<16}{self.total:>10}{self.correct:>9}{self.accuracy:>10.1%}")
        if self.misses:
            lines += ["", "misses (expected -> got):"]
            for m in self.misses:
                expected = f"{m.case.intent} {sorted(m.case.towns)}"
                lines.append(f"  {m.case.question!r}: {expected} -> {m.intent} {sorted(m.towns)}")
        return "\n".join(lines)


def load_cases(path: Path) -> list[Case]:
    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of questions")
    cases = []
    for number, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or "q" not in entry or "intent" not in entry:
            raise ValueError(f"{path}: entry {number} needs 'q' and 'intent'")
        cases.append(Case(str(entry["q"]), str(entry["intent"]), frozenset(entry.get("towns") or ()), entry.get("lang")))
    return cases


def evaluate(engine: Engine, cases: list[Case]) -> Result:
    per_intent: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for case in cases:
        reply = engine.reply(case.question, lang=case.lang)
        got_towns = frozenset(reply.towns)
        ok = reply.intent == case.intent and got_towns == case.towns
        per_intent[case.intent][0] += 1
        per_intent[case.intent][1] += ok
        if not ok:
            misses.append(Miss(case, reply.intent, got_towns))
    correct = sum(c for _, c in per_intent.values())
    return Result(len(cases), correct, {k: (v[0], v[1]) for k, v in per_intent.items()}, misses)
