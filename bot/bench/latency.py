"""Engine latency: the time of one ``engine.reply(question)`` over the labelled question set, by knowledge base.

The engine is loaded once, answers every question once untimed (warm-up), then answers every question ``rounds``
times, each call timed alone with ``time.perf_counter`` (wall) and ``time.thread_time`` (the CPU the call itself
spent: on a loaded machine the wall time also holds the slices the scheduler gives other processes). The percentiles are taken over all the calls (questions x
rounds; nearest rank), the garbage collector left on as in production. The question whose median time is the
highest is named, as the first place to look when a target is missed.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bot.core.engine import Engine
from bot.evaluation import Case


@dataclass(frozen=True)
class Latency:
    label: str
    towns: int
    load_seconds: float
    questions: int
    rounds: int
    p50: float  # seconds
    p99: float
    max: float
    cpu_p99: float  # the calls' own CPU time
    slowest: str  # the question with the highest median time
    slowest_median: float


def percentile(samples: list[float], p: float) -> float:
    """The nearest-rank ``p``th percentile of ``samples``."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure(label: str, knowledge_dir: Path | None, cases: list[Case], rounds: int) -> tuple[Latency, Engine]:
    """Load the engine from ``knowledge_dir`` (None: the real knowledge base) and time every case ``rounds`` times."""
    started = time.perf_counter()
    engine = Engine.load(knowledge_dir)
    load = time.perf_counter() - started
    for case in cases:  # warm-up
        engine.reply(case.question, lang=case.lang)
    times: list[list[float]] = [[] for _ in cases]
    cpu: list[float] = []
    clock, cpu_clock = time.perf_counter, time.thread_time
    for _ in range(rounds):
        for case, spent in zip(cases, times, strict=True):
            before, cpu_before = clock(), cpu_clock()
            engine.reply(case.question, lang=case.lang)
            spent.append(clock() - before)
            cpu.append(cpu_clock() - cpu_before)
    samples = [t for spent in times for t in spent]
    medians = [statistics.median(spent) for spent in times]
    worst = max(range(len(cases)), key=medians.__getitem__)
    result = Latency(
        label=label,
        towns=len(engine.kb.towns),
        load_seconds=load,
        questions=len(cases),
        rounds=rounds,
        p50=percentile(samples, 50),
        p99=percentile(samples, 99),
        max=max(samples),
        cpu_p99=percentile(cpu, 99),
        slowest=cases[worst].question,
        slowest_median=medians[worst],
    )
    return result, engine
