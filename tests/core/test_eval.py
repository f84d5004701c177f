"""The labelled question set, run through ``bot eval``, must stay above a floor that only ever goes up."""

import subprocess
import sys
from pathlib import Path

from bot.evaluation import blind_report, evaluate, load_blind, load_cases, score_blind

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "questions.yaml"
# Raise this when the engine improves. Lowered once, from 0.97, when answers from evidence replaced the phrase
# routing this set was tuned to (issue 11): the blind sets below measure what users meet.
ACCURACY_FLOOR = 0.965
BLIND = QUESTIONS.parent / "blind_questions.yaml"  # written from the seed page by someone who never saw the engine
HOLDOUT = QUESTIONS.parent / "blind_holdout.yaml"  # the same, kept for judging: not tuned to, only scored
BLIND_FLOOR, HOLDOUT_FLOOR = 0.98, 0.92
FRESH = QUESTIONS.parent / "blind_fresh.yaml"  # 160 more (half Japanese), by two sessions that saw only the seed page
FINAL = QUESTIONS.parent / "blind_final.yaml"  # 80 more, scored once after the day's work; misses unread
FINAL2 = QUESTIONS.parent / "blind_final2.yaml"  # 60 more, written at the end of that day, scored only
FRESH_FLOOR, FINAL_FLOOR, FINAL2_FLOOR = 0.97, 0.97, 0.95
FINAL3 = QUESTIONS.parent / "blind_final3.yaml"  # 100 more (half Japanese), the dev set of u11b: fixed by class only
FINAL3_FLOOR = 0.94
FINAL4 = QUESTIONS.parent / "blind_final4.yaml"  # 100 more (half Japanese), the dev set of u11c (69% -> 98%): fixed by class only
FINAL4_FLOOR = 0.96
FINAL5 = QUESTIONS.parent / "blind_final5.yaml"  # 100 more (half Japanese), the dev set of u11d (88% -> 100%): fixed by class only
FINAL5_FLOOR = 0.98
FINAL6 = QUESTIONS.parent / "blind_final6.yaml"  # 80 more (half Japanese), sealed: scored only, misses unread (85.0%)
FINAL6_FLOOR = 0.83
KEYWORDLESS_FLOOR = 0.95  # the blind set with every hand keyword removed


def test_question_set_is_large_and_bilingual():
    cases = load_cases(QUESTIONS)
    assert len(cases) >= 150
    japanese = [c for c in cases if any("\u3040" <= ch <= "\u9fff" for ch in c.question)]
    assert len(japanese) >= 50
    assert sum(c.intent == "fallback" for c in cases) >= 20


def test_accuracy_floor(engine):
    result = evaluate(engine, load_cases(QUESTIONS))
    assert result.accuracy >= ACCURACY_FLOOR, result.report()


def test_blind_sets_stay_above_their_floors(engine):
    for path, floor in ((BLIND, BLIND_FLOOR), (HOLDOUT, HOLDOUT_FLOOR), (FRESH, FRESH_FLOOR), (FINAL, FINAL_FLOOR), (FINAL2, FINAL2_FLOOR), (FINAL3, FINAL3_FLOOR), (FINAL4, FINAL4_FLOOR), (FINAL5, FINAL5_FLOOR), (FINAL6, FINAL6_FLOOR)):
        score, results = score_blind(engine, load_blind(path))
        assert score >= floor, blind_report(score, results, verbose=path == BLIND)


def test_eval_command_prints_a_table_and_misses(tmp_path):
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "- {q: 'population of Nagi', intent: population, towns: [nagi]}\n"
        "- {q: 'hello', intent: thanks, towns: []}\n",
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, "-m", "bot", "eval", str(questions), "--min-accuracy", "0.9"], capture_output=True, text=True)
    assert run.returncode == 1
    assert "population" in run.stdout and "50.0%" in run.stdout
    assert "'hello': thanks [] -> greeting []" in run.stdout


def test_pr_items_are_found_from_their_text_without_hand_keywords(tmp_path):
    """An imported town has no keyword lists: the blind set must hold up with every hand keyword removed."""
    import shutil

    import yaml

    from bot.core.engine import Engine
    from bot.knowledge.loader import load_knowledge

    root = tmp_path / "knowledge"
    shutil.copytree(Path(__file__).resolve().parents[2] / "knowledge", root)
    for path in (root / "towns").glob("*.yaml"):
        town = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in town.get("pr_items", []):
            item.pop("keywords", None)
        path.write_text(yaml.safe_dump(town, allow_unicode=True, sort_keys=False), encoding="utf-8")
    score, results = score_blind(Engine(load_knowledge(root)), load_blind(BLIND))
    assert score >= KEYWORDLESS_FLOOR, blind_report(score, results, verbose=False)
