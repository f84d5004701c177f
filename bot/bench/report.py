"""The benchmark report: the machine, the targets with PASS/MISS, and one Markdown section per measurement."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .latency import Latency
from .startup import QUESTION, ROOT, Startup
from .throughput import BOTS, ONE_AT_A_TIME, RATE_LIMITED, Throughput

TARGET_TOWNS = 2000  # the size the "large knowledge base" targets are about
KEPT = "## Notes"  # the heading of the page's hand-written part, which a run keeps


@dataclass(frozen=True)
class Target:
    name: str
    measured: float | None  # None: not measured in this run
    limit: float
    unit: str
    higher_is_better: bool = False
    why: str = ""  # what this run saw, said when the target is missed
    caveat: str = ""  # why a pass may not hold, said when the target is met

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "SKIP"
        ok = self.measured >= self.limit if self.higher_is_better else self.measured <= self.limit
        return "PASS" if ok else "MISS"

    def line(self) -> str:
        return f"{self.verdict}  {self.name}: {self.shown} (target {self.limit_shown})"

    @property
    def shown(self) -> str:
        return "not measured" if self.measured is None else f"{self.measured:.{_digits(self.unit)}f} {self.unit}".strip()

    @property
    def limit_shown(self) -> str:
        return f"{'>=' if self.higher_is_better else '<='} {self.limit:g} {self.unit}".strip()


def _digits(unit: str) -> int:
    return {"ms": 3, "s": 2, "MB": 0}.get(unit, 2)


def machine() -> str:
    """Platform, CPU model, cores, Python version and the date, on one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{platform.platform()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {now}"


def revision() -> str:
    """The commit measured, and whether the working tree had changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown revision"
    if head.returncode != 0:
        return "unknown revision"
    return f"commit {head.stdout.strip()}" + (" with uncommitted changes" if dirty.stdout.strip() else "")


def _real(latency: list[Latency]) -> Latency | None:
    return next((r for r in latency if r.label == "real"), None)


def _large(latency: list[Latency]) -> Latency | None:
    return next((r for r in latency if r.label != "real" and r.towns == TARGET_TOWNS), None)


def targets(latency: list[Latency], throughput: Throughput, startup: list[Startup]) -> list[Target]:
    """The issue's targets, each with this run's figure (None when the run did not measure it)."""
    out = []
    for name, row, limit in (("real knowledge base", _real(latency), 5.0), (f"{TARGET_TOWNS:,} towns", _large(latency), 20.0)):
        why = (
            f"p99 {_ms(row.p99)} ms (CPU {_ms(row.cpu_p99)} ms) over {row.questions} x {row.rounds} calls (max {_ms(row.max)} ms); the slowest"
            f" question is {row.slowest!r} (median {_ms(row.slowest_median)} ms)." if row else ""
        )
        out.append(Target(f"engine p99, {name}", row.p99 * 1000 if row else None, limit, "ms", why=why))
    cpu = throughput.cpu_ratio()
    caveat = (
        f"the bots' CPU a message gives echo / real {cpu:.2f}: the wall-clock ratio is met because the echo bot,"
        " one round trip after another, waited for cores on a loaded machine; on idle cores it would be about"
        " the CPU ratio (section 2)." if cpu < 0.5 else ""
    )
    out.append(Target(
        "throughput real / echo (median)", throughput.ratio(), 0.5, "", higher_is_better=True,
        why=_throughput_why(throughput), caveat=caveat,
    ))  # fmt: skip
    real = next((b for b in startup if b.label == "real"), None)
    large = next((b for b in startup if b.label == f"{TARGET_TOWNS} towns"), None)
    for name, boot, limit in (("real knowledge base", real, 1.5), (f"{TARGET_TOWNS:,} towns", large, 5.0)):
        each = ", ".join(f"{x:.2f}" for x in boot.seconds) if boot else ""
        out.append(Target(
            f"start-up to first answer, {name}", boot.median_seconds if boot else None, limit, "s",
            why=f"median of runs {each} s, from spawn to exit.",
        ))  # fmt: skip
    each = ", ".join(f"{x:.0f}" for x in large.rss_mb) if large else ""
    out.append(Target(
        f"peak RSS, {TARGET_TOWNS:,} towns", large.median_rss_mb if large else None, 300, "MB", why=f"median of runs {each} MB."
    ))  # fmt: skip
    return out


def _throughput_why(throughput: Throughput) -> str:
    real, echo = statistics.median(throughput.rates("real")), statistics.median(throughput.rates("echo"))
    limited = statistics.median(throughput.rates(RATE_LIMITED))
    single = statistics.median(throughput.rates(ONE_AT_A_TIME))
    return (
        f"median ratio {throughput.ratio():.2f} over {len(throughput.ratios())} interleaved pairs ({spread(throughput)});"
        f" the real channel answered {real:.0f} messages/s, the echo bot {echo:.0f}, neither throttled"
        f" ({ONE_AT_A_TIME}: {single:.0f}; {RATE_LIMITED}, the production default of 30 messages/s: {limited:.0f})."
    )


def spread(throughput: Throughput) -> str:
    """The pairs' ratios, lowest to highest."""
    ratios = throughput.ratios()
    return f"lowest {min(ratios):.2f}, highest {max(ratios):.2f}"


def notes(checks: list[Target]) -> list[str]:
    """One plain sentence per target missed or not measured."""
    out = []
    for t in checks:
        if t.verdict == "SKIP":
            out.append(f"SKIP {t.name}: not measured in this run (no {TARGET_TOWNS:,}-town knowledge base among the sizes).")
        elif t.verdict == "MISS":
            out.append(f"MISS {t.name}: {t.why}")
        elif t.caveat:
            out.append(f"PASS {t.name}, with a caveat: {t.caveat}")
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f}"


def render(
    command: str,
    where: str,
    latency: list[Latency],
    throughput: Throughput,
    startup: list[Startup],
    checks: list[Target],
    notes: list[str],
) -> str:
    """The whole report as Markdown."""
    head = f"Command: `{command}` · machine: {where}"
    out = [
        "# Benchmarks",
        "",
        f"Written by `{command}` on {where}; code at {revision()}.",
        "The numbers move with the code: run `make bench` (`python -m bot.bench`) again to refresh this page.",
        "",
        "Targets of the issue, with what this run measured:",
        "",
        "| target | measured | limit | verdict |",
        "| --- | ---: | ---: | --- |",
    ]
    for t in checks:
        out.append(f"| {t.name} | {t.shown} | {t.limit_shown} | **{t.verdict}** |")
    if notes:
        out += ["", *[f"- {n}" for n in notes]]

    out += [
        "",
        "## 1. Engine latency",
        "",
        head,
        "",
        "`Engine.load(dir)` then `engine.reply(question)` for every question of the question file (loaded with",
        "`bot.evaluation.load_cases`, each with its `lang`): one untimed warm-up pass, then every question timed alone",
        "with `time.perf_counter` in each round. Percentiles are nearest-rank over all timed calls (questions x rounds),",
        "garbage collector on. Generated knowledge bases come from `bot.bench.synthetic.generate` (seed 7).",
        "The targets are on the wall time; CPU p99 is the calls' own CPU time (`time.thread_time`): on a loaded",
        "machine the scheduler runs other processes for a few milliseconds at a time, and the calls it pauses add",
        "those milliseconds to their wall time, not to their CPU time.",
        "",
        "| knowledge base | towns | load in this process (s) | calls | p50 (ms) | p99 (ms) | CPU p99 (ms) | max (ms) | slowest question (median ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in latency:
        slow = r.slowest.replace("|", "\\|")
        out.append(
            f"| {r.label} | {r.towns:,} | {r.load_seconds:.2f} | {r.questions} x {r.rounds} | {_ms(r.p50)} | {_ms(r.p99)} |"
            f" {_ms(r.cpu_p99)} | {_ms(r.max)} | {slow} ({_ms(r.slowest_median)}) |"
        )

    out += [
        "",
        "## 2. End-to-end throughput",
        "",
        head,
        "",
        f"{throughput.messages:,} private text messages from {throughput.chats} chats (questions drawn from the question",
        "set, 30% of the users with a Japanese Telegram), queued on the tests' fake Bot API server",
        "(`bot/bench/fake_bot_api.py`, run in a process of its own on 127.0.0.1) and fed through `getUpdates`.",
        "Time runs from the first `getUpdates` answer carrying updates to the last `sendMessage` the server recorded,",
        "once every update was handled. **echo**: a bare python-telegram-bot Application (PTB's defaults: its",
        "`HTTPXRequest`, one update at a time) with one handler sending the text back. **real**: the channel as",
        "`python -m bot run` builds it (`build_application`, `run_polling`): the same default transport, chats handled",
        "concurrently, each chat's updates in order (`ordering.py`), the real engine on `knowledge/`, a fresh SQLite store",
        "in a temporary directory, INFO logs formatted and written to /dev/null, and `TELEGRAM_RATE_LIMIT=0`: like the",
        "echo bot, it does not throttle its sends (the figure compares the two under the same conditions).",
        "",
        "**How the ratio is taken.** The echo bot's own rate moves a lot between runs on a shared machine, so one echo",
        "run against one real run is not a figure. First one run of each bot, not counted (warm-up: imports, first",
        "connections, the engine's first answers); then interleaved pairs of an echo run and a real run on the same",
        "updates, the order alternating (pair 1 echo first, pair 2 real first, ...), so that both bots of a pair see",
        "the same minute of machine load. Each pair gives one ratio real / echo; the target is judged on the median",
        f"of the pairs' ratios, shown with its spread ({spread(throughput)}).",
        "",
        "| pair | first | echo (msg/s) | real (msg/s) | real / echo |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for n, (echo, real) in enumerate(throughput.pairs(), 1):
        first = "echo" if n % 2 else "real"
        out.append(f"| {n} | {first} | {echo.rate:.0f} | {real.rate:.0f} | {real.rate / echo.rate:.3f} |")
    echoes, reals = throughput.rates("echo"), throughput.rates("real")
    out.append(
        f"| **median** | | {statistics.median(echoes):.0f} | {statistics.median(reals):.0f} | **{throughput.ratio():.3f}** |"
    )
    out += [
        "",
        f"Informational, not targets, one run each after the pairs, against the pairs' median echo rate: **{ONE_AT_A_TIME}**,",
        "the channel built with `concurrent=False` (PTB's default update processor): what the concurrent chats of",
        f"`ordering.py` buy; **{RATE_LIMITED}**, the channel in its production configuration (`TELEGRAM_RATE_LIMIT`",
        "unset: at most 30 messages/s overall, Telegram's flood limit, after a burst of 30). The fake server answers at",
        "once, so here one update at a time costs the channel nothing but its own work; against Telegram each answer",
        "waits a network round trip (tens of milliseconds), and one update at a time would also make every chat wait",
        "for the slowest answer: `ordering.py` stays for that (`tests/telegram/test_telegram_ordering.py`).",
        "",
        "| run | msg/s | / median echo |",
        "| --- | ---: | ---: |",
    ]
    for bot in (ONE_AT_A_TIME, RATE_LIMITED):
        out.append(f"| {bot} | {statistics.median(throughput.rates(bot)):.0f} | {throughput.against_echo(bot):.3f} |")
    sends = {r.bot: r.sends for r in throughput.runs}
    out += [
        "",
        "Replies sent per run (sendMessage calls): " + ", ".join(f"{bot} {sends[bot]:,}" for bot in BOTS) + ".",
        "",
        _work(throughput),
    ]

    out += [
        "",
        "## 3. Start-up and memory",
        "",
        head,
        "",
        "One fresh process per measurement: `python -c` that imports `bot.core.engine`, runs `Engine.load(dir)` and",
        f"answers one question (`{QUESTION}`), spawned by a small launcher (`python -S`) that takes the wall time",
        "from spawn to exit and then reads `getrusage(RUSAGE_CHILDREN).ru_maxrss` (peak RSS; MB of 10^6 bytes). The",
        "launcher, not the benchmark, is the parent: on Linux a child's `ru_maxrss` starts at the high-water RSS of the",
        "process it was forked from, which for the benchmark (holding section 1's engines) is larger. Median of the runs.",
        "The CPU time (user + system, from the same `getrusage`) is what the process itself spent: on a machine shared",
        "with other work the wall time grows with the load, the CPU time much less, so compare changes by CPU time.",
        "",
        "| knowledge base | runs | start-up, median (s) | each run (s) | peak RSS, median (MB) | each run (MB) | CPU, median (s) | each run, CPU (s) |",
        "| --- | ---: | ---: | --- | ---: | --- | ---: | --- |",
    ]
    for s in startup:
        each = ", ".join(f"{x:.2f}" for x in s.seconds)
        rss = ", ".join(f"{x:.0f}" for x in s.rss_mb)
        cpu = ", ".join(f"{x:.2f}" for x in s.cpu)
        out.append(
            f"| {s.label} | {len(s.seconds)} | {s.median_seconds:.2f} | {each} | {s.median_rss_mb:.0f} | {rss} | {s.median_cpu:.2f} | {cpu} |"
        )
    return "\n".join(out) + "\n"


def _work(throughput: Throughput) -> str:
    """What each bot of the pairs did per message: its Bot API requests and its process's CPU time (medians)."""
    parts = []
    for bot in ("echo", "real"):
        runs = [r for r in throughput.runs if r.bot == bot and r.pair]
        per = {m: statistics.median(dict(r.requests).get(m, 0) for r in runs) / throughput.messages for m in {m for r in runs for m, _ in r.requests}}
        asked = ", ".join(f"{m} {n:.3f}" for m, n in sorted(per.items(), key=lambda kv: -kv[1]) if n >= 0.001)
        cpu = statistics.median(r.cpu for r in runs) / throughput.messages * 1000
        parts.append(f"**{bot}** {cpu:.2f} ms of CPU a message; requests a message: {asked}")
    return (
        "Work per message in the pairs (medians; CPU time of the bot's process, the fake server's not counted, start-up"
        " and shut-down included; requests counted by the server): " + "; ".join(parts) + ". CPU echo / real:"
        f" {throughput.cpu_ratio():.2f} (on idle cores the real channel, 16 updates under way, is bound by its own CPU,"
        " the echo bot by its CPU plus each round trip: the wall-clock ratio then sits a little above this one)."
    )


def kept(previous: Path) -> str:
    """The hand-written part of the previous report, from its ``KEPT`` heading to the end ("" if none): notes a
    run cannot measure (profiles, how a change was compared) stay when ``make bench`` rewrites the page."""
    try:
        text = previous.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = text.find(f"\n{KEPT}\n")
    return text[at:] if at >= 0 else ""

