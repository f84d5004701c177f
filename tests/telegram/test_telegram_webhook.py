"""Webhook mode: our ASGI app under uvicorn on 127.0.0.1, httpx posting updates as Telegram would."""

from __future__ import annotations

import asyncio
import json

import tg_updates as tg
from conftest import SECRET, Bot


async def test_start_sets_the_webhook_with_secret_and_allowed_updates(webhook_bot: Bot) -> None:
    (call,) = webhook_bot.fake.of("setWebhook")
    assert call["url"] == f"http://127.0.0.1:{webhook_bot.settings.port}/hook"
    assert call["secret_token"] == SECRET
    assert call["allowed_updates"] == ["message", "callback_query", "inline_query"]
    assert [c.get("language_code") for c in webhook_bot.fake.of("setMyCommands")] == [None, "ja"]
    assert webhook_bot.fake.of("getUpdates") == [] and webhook_bot.fake.of("deleteWebhook") == []


async def test_update_with_the_secret_is_answered(webhook_bot: Bot) -> None:
    (text,) = await webhook_bot.texts(tg.message("/start nagi"))
    assert text.startswith("<b>Nagi Town")
    (japanese,) = await webhook_bot.texts(tg.message("宇治田原町の人口は？"))
    assert "宇治田原町" in japanese


async def test_wrong_or_missing_secret_is_403_and_never_reaches_the_bot(webhook_bot: Bot) -> None:
    client = webhook_bot.client
    assert client is not None
    update = {"update_id": 1, **tg.message("/start")}
    before = len(webhook_bot.fake.calls)
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"}):
        response = await client.post("/hook", json=update, headers=headers)
        assert response.status_code == 403
    await asyncio.sleep(0.05)
    assert webhook_bot.app.update_queue.empty()
    assert webhook_bot.fake.calls[before:] == []


async def test_oversized_body_is_413(webhook_bot: Bot) -> None:
    client = webhook_bot.client
    assert client is not None
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    big = json.dumps({"update_id": 2, "padding": "x" * 1_100_000})
    assert (await client.post("/hook", content=big, headers=headers)).status_code == 413

    async def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(12):
            yield b"x" * 100_000

    assert (await client.post("/hook", content=chunks(), headers=headers)).status_code == 413


async def test_unreadable_body_is_400(webhook_bot: Bot) -> None:
    client = webhook_bot.client
    assert client is not None
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json; charset=utf-8"}
    assert (await client.post("/hook", content=b"{not json", headers=headers)).status_code == 400
    assert (await client.post("/hook", content=b"[1, 2]", headers=headers)).status_code == 400
    # PTB's own webhook server answers 403 to this content type; ours takes it.
    update = json.dumps({"update_id": 5, **tg.message("/contact")}).encode()
    assert (await client.post("/hook", content=update, headers=headers)).status_code == 200


async def test_healthz_and_unknown_routes(webhook_bot: Bot) -> None:
    client = webhook_bot.client
    assert client is not None
    health = await client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok" and health.json()["store"] == "reachable"
    assert (await client.get("/hook")).status_code == 405
    assert (await client.post("/elsewhere", json={})).status_code == 404


async def test_button_and_inline_query_over_the_webhook(webhook_bot: Bot) -> None:
    calls = await webhook_bot.send(tg.callback("v1|towns"))
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    (inline,) = await webhook_bot.send(tg.inline("nagi"))
    assert [r["id"] for r in inline["results"]] == ["nagi"]


async def test_set_webhook_is_retried_at_start_up(fake, engine, store) -> None:  # type: ignore[no-untyped-def]
    from conftest import free_port, test_settings

    from bot.channels.telegram.application import build_application
    from bot.channels.telegram.channel import Channel
    from bot.channels.telegram.webhook import run_webhook

    port = free_port()
    settings = test_settings(
        fake, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret=SECRET, host="127.0.0.1", port=port
    )
    fake.fail("setWebhook", 500, times=3)  # 3 failures: the rate limiter's retries, then one bootstrap retry
    channel = Channel(engine, store)
    stop = asyncio.Event()
    task = asyncio.create_task(run_webhook(build_application(settings, channel, network_delay=0.01), channel, settings, stop))
    await fake.wait_for("setMyCommands", timeout=10)
    assert len(fake.of("setWebhook")) == 4
    stop.set()
    assert await asyncio.wait_for(task, 10) is True
