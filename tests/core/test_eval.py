"""The labelled question set, run through ``bot eval``, must stay above a floor that only ever goes up."""

import subprocess
import sys
from pathlib import Path

from bot.evaluation import evaluate, load_cases

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "questions.yaml"
# Raise this when the engine improves; never lower it.
ACCURACY_FLOOR = 0.97


def test_question_set_is_large_and_bilingual():
    cases = load_cases(QUESTIONS)
    assert len(cases) >= 150
    japanese = [c for c in cases if any("\u3040" <= ch <= "\u9fff" for ch in c.question)]
    assert len(japanese) >= 50
    assert sum(c.intent == "fallback" for c in cases) >= 20


def test_accuracy_floor(engine):
    result = evaluate(engine, load_cases(QUESTIONS))
    assert result.accuracy >= ACCURACY_FLOOR, result.report()


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
