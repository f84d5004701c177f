"""The bot token never appears in a log line, an error message or an exception text.

``python -m bot run`` runs as a real process against the fake Bot API, and errors are provoked: the token rejected
at start-up (polling and webhook), the Bot API unreachable (network errors while polling and sending), a 400 and a
401 answer to sendMessage, and an exception raised in a handler whose own text contains the token. Everything
the processes print (stdout and stderr) and every message sent to users is searched for the token and for its
secret half.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import tg_updates as tg
from conftest import SECRET, free_port
from fake_bot_api import TOKEN, FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
WRONG = "987654321:WRONG-token_abcdefghijklmnopqrstuvwxyz"
# The bot as `python -m bot run`, with one change: a handler raising an exception whose text holds the token.
EXPLODING = """
import os, sys
from bot.core.engine import Engine
reply = Engine.reply
def exploding(self, text, *args, **kwargs):
    if text == "explode":
        raise RuntimeError("handler failed with token " + os.environ["TELEGRAM_BOT_TOKEN"])
    return reply(self, text, *args, **kwargs)
Engine.reply = exploding
from bot.cli import main
sys.exit(main(["run", "--polling"]))
"""


def environment(fake: FakeBotApi, tmp_path: Path, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "DATABASE_URL", "PORT"))}
    return {**clean, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_BASE_URL": fake.base_url, "DATA_DIR": str(tmp_path), **extra}


def assert_no_token(*texts: str) -> None:
    secret = TOKEN.split(":", 1)[1]
    wrong = WRONG.split(":", 1)[1]
    for text in texts:
        assert TOKEN not in text and secret not in text, text[-3000:]
        assert WRONG not in text and wrong not in text, text[-3000:]


async def run_to_end(*args: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(errors="replace")


async def test_a_rejected_token_is_never_printed(fake: FakeBotApi, tmp_path: Path) -> None:
    port = free_port()
    polling = environment(fake, tmp_path, TELEGRAM_BOT_TOKEN=WRONG)
    webhook = {**polling, "WEBHOOK_URL": f"http://127.0.0.1:{port}/tg", "WEBHOOK_SECRET": SECRET, "PORT": str(port), "HOST": "127.0.0.1"}
    (code, out), (webhook_code, webhook_out) = await asyncio.gather(
        run_to_end("-m", "bot", "run", "--polling", env=polling), run_to_end("-m", "bot", "run", env=webhook)
    )
    assert code == 2 and "Telegram rejected TELEGRAM_BOT_TOKEN" in out
    assert webhook_code != 0 and webhook_out
    assert_no_token(out, webhook_out)
    assert SECRET not in webhook_out


async def test_errors_while_running_never_show_the_token(fake: FakeBotApi, tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", EXPLODING, cwd=ROOT, env=environment(fake, tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        await fake.wait_for("getUpdates", timeout=20)
        since = len(fake.calls)
        fake.push(tg.message("explode"))  # an exception in a handler, its text holding the token: the apology
        await fake.wait_for("sendMessage", count=1, since=since, timeout=10)
        fake.fail("sendMessage", 400)  # BadRequest in a handler: the answer fails, the apology goes out
        fake.push(tg.message("ibara"))
        await fake.wait_for("sendMessage", count=3, since=since, timeout=10)
        fake.fail("sendMessage", 401)  # Unauthorized: the token revoked under a running bot
        fake.push(tg.message("nagi"))
        await fake.wait_for("sendMessage", count=5, since=since, timeout=10)
        await fake.stop_listening()  # network errors while polling
        fake.push(tg.message("/towns"))
        await asyncio.sleep(1.5)
        await fake.start_listening()
        await fake.wait_for("sendMessage", count=6, since=since, timeout=20)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(process.communicate(), 30)
    log = out.decode(errors="replace")
    assert process.returncode == 0, log[-3000:]
    # The errors happened and were logged (the test is not vacuous) ...
    for expected in ("error=RuntimeError", "handler failed with token [REDACTED]", "error=BadRequest", "error=InvalidToken", "httpx.ConnectError"):
        assert expected in log, expected
    # ... and nothing shows the token: not the log, not a message to a user.
    assert_no_token(log, *(str(c.params) for c in fake.calls))


async def test_a_bot_api_failure_at_start_up_is_one_line(fake: FakeBotApi, tmp_path: Path) -> None:
    fake.fail("getMe", 400)  # not retried: start-up fails at once (a Bot API unreachable is retried for a minute)
    code, out = await run_to_end("-m", "bot", "run", "--polling", env=environment(fake, tmp_path))
    assert code == 1
    assert out.strip().splitlines()[-1] == "error: the Telegram Bot API failed at start-up (BadRequest: Injected 400)"
    assert "Traceback" not in out
    assert_no_token(out)
