"""``bot eval``: accuracy of a labelled question file per intent, with the misses listed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.core.engine import Engine
from bot.core.reply import Reply
from bot.text import has_japanese


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


# Answers that do the same job under two names: "I don't know" with or without a subject; a PR item whole, or the
# sentence of it that answers.
_SAME = ({"fallback", "unknown"}, {"topic", "evidence"})


def _same_kind(got: str, expected: str) -> bool:
    return got == expected or any({got, expected} <= pair for pair in _SAME)


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
        ok = _same_kind(reply.intent, case.intent) and got_towns == case.towns
        per_intent[case.intent][0] += 1
        per_intent[case.intent][1] += ok
        if not ok:
            misses.append(Miss(case, reply.intent, got_towns))
    correct = sum(c for _, c in per_intent.values())
    return Result(len(cases), correct, {k: (v[0], v[1]) for k, v in per_intent.items()}, misses)


# --- blind sets: questions labelled with what a right answer must hold ----------------------------------------

MAX_FACT_CHARS = {"en": 500, "ja": 250}  # a one-fact answer longer than this buries the fact


@dataclass(frozen=True)
class Blind:
    """A question labelled from the page alone: the strings a right answer holds (one of each group), and must not."""

    question: str
    lang: str
    kind: str
    towns: frozenset[str]
    expect: tuple[tuple[str, ...], ...]
    forbid: tuple[str, ...]


def load_blind(path: Path) -> list[Blind]:
    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of questions")
    return [
        Blind(
            str(e["q"]), str(e.get("lang") or "en"), str(e.get("kind") or "other"), frozenset(e.get("towns") or ()),
            tuple(tuple(str(s) for s in group) for group in e.get("expect") or ()), tuple(str(s) for s in e.get("forbid") or ()),
        )
        for e in data
    ]


def judge(case: Blind, reply: Reply) -> list[str]:
    """Why an answer is not right and to the point (empty: it is)."""
    text = reply.text.casefold()
    flat = text.replace(",", "")
    problems = []
    if case.lang == "ja" and not has_japanese(reply.text):
        problems.append("not in Japanese")
    for group in case.expect:
        if not any(s.casefold() in text or s.casefold().replace(",", "") in flat for s in group):
            problems.append(f"lacks {list(group)}")
    problems += [f"holds {s!r}" for s in case.forbid if s.casefold() in text]
    if case.kind == "unknown" and reply.intent != "unknown":
        problems.append(f"should admit not knowing, got {reply.intent}")
    if case.kind == "enquiry" and reply.intent != "enquire":
        problems.append(f"should start an enquiry, got {reply.intent}")
    if case.kind == "fact" and len(reply.text) > MAX_FACT_CHARS.get(case.lang, 500):
        problems.append(f"{len(reply.text)} characters")
    if case.towns and case.kind not in ("wish", "list", "compare") and set(reply.towns) - case.towns:
        problems.append(f"about {sorted(set(reply.towns) - case.towns)}")
    return problems


def score_blind(engine: Engine, cases: list[Blind]) -> tuple[float, list[tuple[Blind, Reply, list[str]]]]:
    results = [(case, reply, judge(case, reply)) for case in cases for reply in [engine.reply(case.question)]]
    right = sum(1 for _, _, problems in results if not problems)
    return (right / len(cases) if cases else 0.0), results


def blind_report(score: float, results: list[tuple[Blind, Reply, list[str]]], verbose: bool = True) -> str:
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, _, problems in results:
        per_kind[f"{case.kind}/{case.lang}"][0] += 1
        per_kind[f"{case.kind}/{case.lang}"][1] += not problems
    lines = [f"{k:<16}{t:>5}{r:>5}{r / t:>8.0%}" for k, (t, r) in sorted(per_kind.items())]
    lines.append(f"{'all':<16}{len(results):>5}{sum(not p for _, _, p in results):>5}{score:>8.1%}")
    if verbose:
        for case, reply, problems in results:
            if problems:
                lines += ["", f"Q [{case.kind}] {case.question}", f"  -> {reply.intent} {list(reply.towns)}: {'; '.join(problems)}"]
                lines += ["     " + line for line in reply.text.splitlines()[:8]]
    return "\n".join(lines)
