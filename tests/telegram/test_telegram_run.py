"""``python -m bot run`` as a real process against the fake Bot API: polling and webhook, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx
import tg_updates as tg
from conftest import SECRET, free_port
from fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]


async def start(fake: FakeBotApi, tmp_path: Path, *args: str, **env: str) -> asyncio.subprocess.Process:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "DATABASE_URL", "PORT"))}
    clean.update(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url, DATA_DIR=str(tmp_path), **env)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", *args, cwd=ROOT, env=clean,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def stop(process: asyncio.subprocess.Process) -> str:
    """SIGTERM, then the exit code must be 0; the process's stderr."""
    process.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(process.communicate(), 15)
    log = err.decode()
    assert process.returncode == 0, log
    return log


async def test_polling_process(fake: FakeBotApi, tmp_path: Path) -> None:
    process = await start(fake, tmp_path, "--polling")
    try:
        await fake.wait_for("getUpdates", timeout=20)
        fake.push(tg.message("/start ujitawara"))
        (sent,) = await fake.wait_for("sendMessage", timeout=10)
        assert sent["text"].startswith("<b>Ujitawara Town")
    finally:
        if process.returncode is None:
            log = await stop(process)
    assert (tmp_path / "bot.sqlite3").exists()
    assert "kind=command lang=en intent=town towns=ujitawara" in log
    assert fake.token not in log and fake.token.split(":")[1] not in log


async def test_webhook_process(fake: FakeBotApi, tmp_path: Path) -> None:
    port = free_port()
    process = await start(
        fake, tmp_path, WEBHOOK_URL=f"http://127.0.0.1:{port}/tg", WEBHOOK_SECRET=SECRET, PORT=str(port), HOST="127.0.0.1"
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(400):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
            update = {"update_id": 77, **tg.message("/towns")}
            forbidden = await client.post("/tg", json=update)
            assert forbidden.status_code == 403
            ok = await client.post("/tg", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert ok.status_code == 200
        (sent,) = await fake.wait_for("sendMessage", timeout=10)
        assert "Ibara" in sent["text"]
        assert fake.of("setWebhook")[0]["url"] == f"http://127.0.0.1:{port}/tg"
    finally:
        if process.returncode is None:
            log = await stop(process)
    assert fake.of("deleteWebhook") == []
    assert fake.token not in log and SECRET not in log


async def test_polling_process_with_health_port_stops_on_sigterm(fake: FakeBotApi, tmp_path: Path) -> None:
    """HEALTH_PORT's server (plain uvicorn) leaves the signal to the bot: SIGTERM stops both, exit code 0."""
    port = free_port()
    process = await start(fake, tmp_path, "--polling", HEALTH_PORT=str(port), HOST="127.0.0.1")
    try:
        await fake.wait_for("getUpdates", timeout=20)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(400):
                try:
                    health = await client.get("/healthz")
                    if health.status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
            assert health.json()["status"] == "ok"
    finally:
        if process.returncode is None:
            log = await stop(process)
    assert "Traceback" not in log
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        try:
            await client.get("/healthz")
            raise AssertionError("the health server outlived the bot")
        except httpx.ConnectError:
            pass
