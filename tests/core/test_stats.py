"""Question statistics and the grouping of unanswered questions."""

import datetime as dt
from dataclasses import dataclass

from bot.stats import group_similar, report, summarise

DAY = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


@dataclass
class Asked:
    text: str
    lang: str
    intent: str
    towns: tuple
    understood: bool
    asked_at: dt.datetime


def test_grouping_puts_similar_unanswered_questions_together():
    groups = group_similar(["What is the weather in Ibara?", "weather in Ibara tomorrow", "visa requirements", "How about the weather in Ibara"])
    assert groups[0] == ("What is the weather in Ibara?", 3)
    assert ("visa requirements", 1) in groups


def test_summary_counts_everything(engine):
    records = [
        Asked("Which towns want Australia?", "en", "country", ("ibara", "ujitawara", "nagi"), True, DAY),
        Asked("オーストラリアの町", "ja", "country", ("ibara", "ujitawara", "nagi"), True, DAY),
        Asked("population of Nagi", "en", "population", ("nagi",), True, DAY + dt.timedelta(days=1)),
        Asked("bus timetable", "en", "fallback", (), False, DAY + dt.timedelta(days=1)),
        Asked("bus timetables?", "en", "fallback", (), False, DAY + dt.timedelta(days=1)),
    ]
    stats = summarise(records, engine)
    assert stats.total == 5
    assert stats.per_day == [(dt.date(2026, 11, 20), 2), (dt.date(2026, 11, 21), 3)]
    assert stats.languages[0] == ("en", 4)
    assert stats.towns[0] == ("nagi", 3)
    assert stats.countries == [("Australia", 2)]
    assert stats.unanswered == [("bus timetable", 2)]
    text = report(stats, engine, 7)
    assert "Questions in the last 7 days: 5" in text and "Nagi Town: 3" in text and "bus timetable: 2" in text


def test_stats_command_reads_the_store(tmp_path):
    import asyncio
    import os
    import subprocess
    import sys

    from bot.core.reply import State
    from bot.store import Question, open_store

    async def record():
        async with open_store(None, tmp_path) as store:
            now = dt.datetime.now(dt.UTC)
            for asked in (Question("kabuki", "en", "topic", ("nagi",), True, "a"), Question("ski resorts?", "en", "fallback", (), False, "b")):
                await store.end_update(0, State(), now, loaded=State(), question=asked)  # as a turn records its question

    asyncio.run(record())
    env = {**os.environ, "DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    run = subprocess.run([sys.executable, "-m", "bot", "stats", "--days", "7"], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert "Questions in the last 7 days: 2" in run.stdout and "ski resorts?: 1" in run.stdout and "Nagi Town: 1" in run.stdout
