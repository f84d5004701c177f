"""Start-up: wall time from spawning a fresh interpreter to its exit after one answer, and its peak RSS.

Each measurement is one new process, ``python -c`` that imports the engine, loads the knowledge base
(``Engine.load(dir)``) and answers one question.

The process is spawned by a small launcher (``python -S``, a few MB) that times it from spawn to exit and reads
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` once it has exited, its only child. Not from this process: on Linux a
child's ``ru_maxrss`` starts at the high-water RSS of the memory it was forked from (kept across ``exec``), so a
child of the benchmark -- which holds the engines of section 1 -- would report at least the benchmark's own peak.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

QUESTION = "which towns want Australia?"  # answered by the real and by generated knowledge bases
CODE = """\
import sys
from pathlib import Path
from bot.core.engine import Engine
engine = Engine.load(Path(sys.argv[1]) if sys.argv[1] else None)
reply = engine.reply(sys.argv[2])
print(reply.intent, len(reply.towns))
"""
LAUNCHER = """\
import json, os, resource, sys, time
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status = os.waitpid(pid, 0)
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"seconds": seconds, "cpu": cpu, "maxrss_kib": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}), flush=True)
"""
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Startup:
    label: str  # the knowledge base
    seconds: list[float]  # each run, in order
    rss_mb: list[float]
    cpu: list[float]  # CPU seconds (user + system) of each run: what the process itself spent, whatever else ran
    answer: str  # "intent towns" printed by the child

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_rss_mb(self) -> float:
        return statistics.median(self.rss_mb)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def run_once(knowledge_dir: Path | None) -> tuple[float, float, float, str]:
    """One fresh process: (wall seconds from spawn to exit, peak RSS in MB of 10^6 bytes, CPU seconds, what it
    printed)."""
    child = [sys.executable, "-c", CODE, str(knowledge_dir or ""), QUESTION]
    done = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *child], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    lines = done.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, ValueError):
        result = {"exit": done.returncode}
    if done.returncode != 0 or result["exit"] != 0:
        raise RuntimeError(f"start-up run failed ({result['exit']}):\n{done.stdout}{done.stderr}")
    # ru_maxrss is in KiB on Linux; reported in MB of 10^6 bytes
    return result["seconds"], result["maxrss_kib"] * 1024 / 1e6, result["cpu"], " ".join(lines[:-1])


def measure(label: str, knowledge_dir: Path | None, repeats: int) -> Startup:
    """``repeats`` fresh processes."""
    runs = [run_once(knowledge_dir) for _ in range(repeats)]
    return Startup(label, [r[0] for r in runs], [r[1] for r in runs], [r[2] for r in runs], runs[-1][3])
