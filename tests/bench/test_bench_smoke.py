"""``python -m bot.bench --quick``: the report has every section and a verdict per target (structure, not speed)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bot.bench.latency import percentile
from bot.bench.report import KEPT, Target, kept, notes
from bot.bench.throughput import Run, Throughput

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("## 1. Engine latency", "## 2. End-to-end throughput", "## 3. Start-up and memory")
TARGETS = (
    "engine p99, real knowledge base",
    "engine p99, 2,000 towns",
    "throughput real / echo (median)",
    "start-up to first answer, real knowledge base",
    "start-up to first answer, 2,000 towns",
    "peak RSS, 2,000 towns",
)


def _rows(text: str, section: str) -> list[list[str]]:
    """The body rows of the first table after ``section``."""
    body = text.split(section, 1)[1].split("\n## ", 1)[0]
    lines = [line for line in body.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_quick_run_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    done = subprocess.run(
        [sys.executable, "-m", "bot.bench", "--questions", "tests/data/questions.yaml", "--quick", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = out.read_text(encoding="utf-8")

    assert text.startswith("# Benchmarks\n")
    for section in SECTIONS:
        head = text.split(section, 1)[1].split("\n\n", 2)[1]
        assert head.startswith("Command: `python -m bot.bench --questions tests/data/questions.yaml --quick --out "), head
        assert re.search(r"machine: .+, \d+ cores, Python 3\.\d+\.\d+, \d{4}-\d\d-\d\d", head), head

    verdicts = {row[0]: row[3] for row in _rows(text, "Targets of the issue")}
    assert set(verdicts) == set(TARGETS)
    assert all(v in ("**PASS**", "**MISS**", "**SKIP**") for v in verdicts.values())
    assert verdicts["engine p99, real knowledge base"] != "**SKIP**"
    assert verdicts["throughput real / echo (median)"] != "**SKIP**"
    assert verdicts["start-up to first answer, real knowledge base"] != "**SKIP**"

    latency = _rows(text, SECTIONS[0])
    assert [row[0] for row in latency] == ["real", "20 towns"]
    assert latency[1][1] == "20"
    assert all(float(row[4]) <= float(row[5]) <= float(row[7]) for row in latency)  # p50 <= p99 <= max
    assert all(0 < float(row[6]) <= float(row[7]) + 1 for row in latency)  # CPU p99: a call's CPU is within its wall time
    throughput = _rows(text, SECTIONS[1])
    assert [row[:2] for row in throughput[:2]] == [["1", "echo"], ["**median**", ""]]  # one pair in a quick run
    assert all(float(cell) > 0 for cell in throughput[0][2:])
    assert [row[0] for row in throughput[4:]] == ["real, one update at a time", "real, rate-limited"]  # informational
    assert "lowest " in text and "warm-up" in text
    assert "echo 40, real 40, real, one update at a time 40, real, rate-limited 40." in text  # every message answered
    startup = _rows(text, SECTIONS[2])
    assert [row[0] for row in startup] == ["real", "20 towns"]
    assert all(float(row[2]) > 0 and float(row[4]) > 0 and float(row[6]) > 0 for row in startup)  # wall, RSS, CPU

    for target in TARGETS:
        assert re.search(rf"^  (PASS|MISS|SKIP)  {re.escape(target)}: ", done.stdout, re.M), done.stdout


def test_percentile_is_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 50) == 50
    assert percentile(samples, 99) == 99
    assert percentile(samples, 100) == 100
    assert percentile([3.0], 99) == 3.0


def test_target_verdicts() -> None:
    assert Target("p99", 0.9, 1, "ms").verdict == "PASS"
    assert Target("p99", 1.1, 1, "ms").verdict == "MISS"
    assert Target("ratio", 0.79, 0.8, "", higher_is_better=True).verdict == "MISS"
    assert Target("ratio", None, 0.8, "", higher_is_better=True).verdict == "SKIP"


def test_a_pass_with_a_caveat_says_so() -> None:
    met = Target("ratio", 0.6, 0.5, "", higher_is_better=True, caveat="the echo bot waited for cores")
    assert notes([met, Target("p99", 0.9, 1, "ms")]) == ["PASS ratio, with a caveat: the echo bot waited for cores"]


def test_cpu_ratio_is_taken_over_the_pairs_only() -> None:
    runs = [
        Run("echo", 100, 1.0, 100, pair=1, cpu=1.0), Run("real", 100, 2.0, 100, pair=1, cpu=4.0),
        Run("echo", 100, 1.0, 100, pair=2, cpu=2.0), Run("real", 100, 2.0, 100, pair=2, cpu=4.0),
        Run("real, one update at a time", 100, 9.0, 100, cpu=99.0),  # informational: not counted
    ]
    assert Throughput(100, 10, runs).cpu_ratio() == 1.5 / 4.0


def test_a_run_keeps_the_hand_written_notes(tmp_path: Path) -> None:
    page = tmp_path / "bench.md"
    assert kept(page) == ""  # no previous page
    page.write_text(f"# Benchmarks\n\nold figures\n\n{KEPT}\n\nHow the change was measured.\n", encoding="utf-8")
    assert kept(page) == f"\n{KEPT}\n\nHow the change was measured.\n"
    page.write_text("# Benchmarks\n\nold figures, no notes\n", encoding="utf-8")
    assert kept(page) == ""
