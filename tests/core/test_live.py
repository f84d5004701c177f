"""Reloading the knowledge base without a restart: a valid change is served, an invalid one refused."""

import asyncio

import yaml

from bot.core.engine import Engine
from bot.live import LiveEngine


def set_population(kb, value):
    path = kb / "towns" / "nagi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["population"]["value"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_reload_swaps_only_a_valid_knowledge_base(kb_copy):
    live = LiveEngine(lambda: Engine.load(kb_copy), kb_copy)
    assert not live.changed()
    set_population(kb_copy, 6100)
    assert live.changed()
    assert live.reload() is None
    assert "6,100" in live.engine.reply("population of Nagi").text
    set_population(kb_copy, "lots")
    error = live.reload()
    assert error is not None and "towns/nagi.yaml: population.value" in str(error)
    assert "6,100" in live.engine.reply("population of Nagi").text  # the old knowledge keeps serving


async def test_watch_reloads_on_change_and_reports(kb_copy):
    live = LiveEngine(lambda: Engine.load(kb_copy), kb_copy)
    reports = []

    async def report(error):
        reports.append(error)

    task = asyncio.create_task(live.watch(0.05, report))
    set_population(kb_copy, 7000)
    for _ in range(100):
        if reports:
            break
        await asyncio.sleep(0.05)
    task.cancel()
    assert reports == [None] and "7,000" in live.engine.reply("population of Nagi").text
