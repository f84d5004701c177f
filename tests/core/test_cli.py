"""The command line contract that scripts rely on, and the console chat."""

import io
import json
import subprocess
import sys

from bot.channels.console import chat


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True)


def test_ask_json_contract():
    result = run("ask", "--json", "population", "of", "Nagi")
    assert result.returncode == 0
    [line] = result.stdout.splitlines()
    answer = json.loads(line)
    assert answer["lang"] == "en" and answer["intent"] == "population" and answer["towns"] == ["nagi"]
    assert "6,000" in answer["text"] and isinstance(answer["actions"], list)


def test_ask_answers_each_line_of_stdin():
    result = run("ask", "--json", stdin="井原市について教えて\nweather tomorrow?\n\ncontact\n")
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["lang"], a["intent"], a["towns"]) for a in answers] == [
        ("ja", "town", ["ibara"]),
        ("en", "fallback", []),
        ("en", "contact", []),
    ]


def test_ask_lang_fixes_the_language():
    answer = json.loads(run("ask", "--json", "--lang", "ja", "Ibara").stdout)
    assert answer["lang"] == "ja" and "井原市" in answer["text"]


def test_console_chat_numbers_actions_and_switches_language(engine):
    out = io.StringIO()
    chat(engine, io.StringIO("tell me about Nagi\n1\n/lang ja\npopulation of Nagi\n/quit\n"), out)
    text = out.getvalue()
    assert "[1] " in text and "Nagi Town (Okayama Prefecture)" in text
    assert "What Nagi Town is proud of" in text  # action 1 performed
    assert "これからは日本語でお答えします。" in text
    assert "6,000人" in text


def test_console_enquiry_is_stored(tmp_path):
    import os

    env = {**os.environ, "DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    lines = "I want to send an enquiry\nAnna Lee, Mayor\nTown of Hobart, Australia\nanna@hobart.example\nnone\nHello!\nyes\n/status\n/enquiries\n/quit\n"
    run = subprocess.run([sys.executable, "-m", "bot", "chat"], input=lines, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert "Your reference is CLAIR-" in run.stdout
    assert (tmp_path / "bot.sqlite3").exists()
    ref = run.stdout.split("Your reference is ")[1].split(".")[0]
    assert run.stdout.count(f"Enquiry {ref}") == 2  # /status and /enquiries list it, as in Telegram


def test_ask_separates_answers():
    result = run("ask", stdin="population of Nagi\ncontact\n")
    assert result.stdout.count("─" * 40) == 2


def test_knowledge_directory_is_accepted_before_or_after_the_command(tmp_path):
    """The README writes `import-listing PAGE --knowledge DIR`; `--knowledge DIR import-listing PAGE` works too."""
    from bot.cli import parser

    after = parser().parse_args(["import-listing", "page.txt", "--knowledge", str(tmp_path)])
    before = parser().parse_args(["--knowledge", str(tmp_path), "import-listing", "page.txt"])
    neither = parser().parse_args(["import-listing", "page.txt"])
    assert after.knowledge == before.knowledge == tmp_path
    assert neither.knowledge is None
