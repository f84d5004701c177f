"""A sealed past-listing set: a fictional edition of CLAIR's page and questions about it, written by a session that
never saw the code, imported as the division would import a new page and scored only (issue 13)."""

import shutil

from bot.core.engine import Engine
from bot.evaluation import blind_report, load_blind, score_blind
from bot.knowledge.loader import DEFAULT_DIR
from bot.listing.importer import Importer

from .conftest import DATA, TODAY

PAST4 = DATA.parent / "past4"
PAST4_FLOOR = 0.84  # 86.7% when it was kept (639d3b7)


def test_a_sealed_page_imports_and_stays_above_its_floor(tmp_path):
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    en, ja = ((PAST4 / f"page_{lang}.txt").read_text(encoding="utf-8") for lang in ("en", "ja"))
    assert Importer(target, TODAY).run(en, ja).written
    score, results = score_blind(Engine.load(target), load_blind(PAST4 / "questions.yaml"))
    assert score >= PAST4_FLOOR, blind_report(score, results, verbose=False)
