"""``python -m bot.bench`` (``make bench``): measure, print PASS/MISS per target, write docs/benchmarks.md.

    python -m bot.bench --questions tests/data/questions.yaml          # what `make bench` runs: writes docs/benchmarks.md
    python -m bot.bench --questions FILE --quick       # tiny run (20 towns, 40 messages, 1 round) into a temporary file
    python -m bot.bench --questions FILE --sizes 200,2000 --messages 2000 --rounds 5 --pairs 5 --out docs/benchmarks.md

The questions are a labelled question file (``bot eval``'s format); the repository's is ``tests/data/questions.yaml``.

A missed target is a result, not an error: the exit code is 0 unless a measurement could not be made.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bot.evaluation import load_cases

from . import latency, report, startup, throughput
from .synthetic import generate

DEFAULT_OUT = Path("docs") / "benchmarks.md"


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 200,2000, got {text!r}") from None
    if any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.bench", description="Benchmarks of Sister City Bot.")
    parser.add_argument("--questions", type=Path, required=True, help="the labelled question file the engine answers")
    parser.add_argument("--sizes", type=_sizes, help="generated knowledge bases, in towns (default 200,2000)")
    parser.add_argument("--messages", type=int, help="text messages per throughput run (default 1500)")
    parser.add_argument("--chats", type=int, help="distinct chats sending them (default 300)")
    parser.add_argument("--rounds", type=int, help="timed passes over the question set (default 5)")
    parser.add_argument("--pairs", type=int, help="interleaved throughput pairs (echo, real) after a warm-up (default 5)")
    parser.add_argument("--startups", type=int, help="start-up processes per knowledge base (default 3)")
    parser.add_argument("--out", type=Path, help="the report (default docs/benchmarks.md; --quick: a temporary file)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes for a smoke test: 20 towns, 40 messages, 1 round")
    args = parser.parse_args(argv)
    quick = {"sizes": [20], "messages": 40, "chats": 10, "rounds": 1, "pairs": 1, "startups": 1}
    full = {"sizes": [200, 2000], "messages": 1500, "chats": 300, "rounds": 5, "pairs": 5, "startups": 3}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    for name in ("messages", "chats", "rounds", "pairs", "startups"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.out is None:
        args.out = Path(tempfile.mkstemp(prefix="benchmarks-", suffix=".md")[1]) if args.quick else DEFAULT_OUT
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    command = shlex.join(["python", "-m", "bot.bench", *(sys.argv[1:] if argv is None else argv)])
    where = report.machine()
    print(f"{command}\n{where}", flush=True)
    cases = load_cases(args.questions)

    with tempfile.TemporaryDirectory(prefix="bench-kb-") as scratch:
        bases: list[tuple[str, Path | None]] = [("real", None)]
        for size in sorted(set(args.sizes)):
            print(f"generating a knowledge base of {size:,} towns", flush=True)
            bases.append((f"{size} towns", generate(Path(scratch) / f"towns-{size}", size)))

        print("1. engine latency", flush=True)
        timings = []
        for label, directory in bases:
            result, engine = latency.measure(label, directory, cases, args.rounds)
            timings.append(result)
            if label == "real":
                real_engine = engine  # the one that serves the bots
            del engine
            print(f"  {label}: p50 {result.p50 * 1000:.3f} ms, p99 {result.p99 * 1000:.3f} ms, max {result.max * 1000:.3f} ms", flush=True)

        print("2. end-to-end throughput", flush=True)
        rates = throughput.measure(real_engine, cases, args.messages, args.chats, args.pairs, progress=lambda s: print(s, flush=True))

        print("3. start-up and memory", flush=True)
        boots = []
        for label, directory in bases[:1] + bases[1:][-1:]:  # the real one and the largest generated one
            boots.append(startup.measure(label, directory, args.startups))
            print(f"  {label}: {boots[-1].median_seconds:.2f} s, {boots[-1].median_rss_mb:.0f} MB", flush=True)

    checks = report.targets(timings, rates, boots)
    notes = report.notes(checks)
    text = report.render(command, where, timings, rates, boots, checks, notes) + report.kept(args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print("\ntargets:")
    for check in checks:
        print(f"  {check.line()}")
    for note in notes:
        print(f"  - {note}")
    print(f"\nreport: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
