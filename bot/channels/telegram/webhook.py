"""The webhook server: our own ASGI app (Starlette) in front of a PTB Application built with ``.updater(None)``.

Routes: ``POST <webhook path>`` takes an update when the ``X-Telegram-Bot-Api-Secret-Token`` header matches
WEBHOOK_SECRET (else 403, before the body is read), bodies over ``max_body_bytes`` get 413, unreadable JSON 400;
``GET /healthz`` reports the bot's health as JSON (``bot.services.health``: 200, or 503 before it runs or while the
store cannot be reached). The app's lifespan is ``application.serving`` (as in polling), after setting the webhook
(with retries). It never deletes the webhook: other instances may still be serving it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError
from telegram.ext import Application

from bot.config import TelegramSettings
from bot.services.health import health_route

from .application import serving
from .channel import ALLOWED_UPDATES, Channel

logger = logging.getLogger("bot.telegram")
SECRET_HEADER = "x-telegram-bot-api-secret-token"


async def set_webhook(application: Application, settings: TelegramSettings) -> None:
    """setWebhook with the secret and the update types we answer, retried ``bootstrap_retries`` times."""
    assert settings.full_webhook_url and settings.webhook_secret
    for attempt in range(settings.bootstrap_retries + 1):
        try:
            await application.bot.set_webhook(
                url=settings.full_webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=list(ALLOWED_UPDATES),
            )
            return
        except (InvalidToken, Forbidden, BadRequest):
            raise
        except TelegramError as error:
            if attempt == settings.bootstrap_retries:
                raise
            logger.warning("setWebhook failed (%s), retry %d of %d", error, attempt + 1, settings.bootstrap_retries)
            await asyncio.sleep(min(2.0**attempt, 30.0))


def webhook_app(application: Application, channel: Channel, settings: TelegramSettings) -> Starlette:
    """The ASGI app serving ``application`` behind the webhook path and /healthz."""
    secret = (settings.webhook_secret or "").encode()

    async def telegram(request: Request) -> Response:
        """Check the secret, read a bounded body, queue the update."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not secret or not hmac.compare_digest(given, secret):
            return PlainTextResponse("forbidden", status_code=403)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > settings.max_body_bytes):
            return PlainTextResponse("too large", status_code=413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_body_bytes:
                return PlainTextResponse("too large", status_code=413)
        try:
            update = Update.de_json(json.loads(body), application.bot)
        except Exception as error:  # noqa: BLE001 - any unreadable body is the sender's problem
            logger.warning("webhook body rejected: %s", type(error).__name__)
            return PlainTextResponse("bad update", status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with serving(application, channel, prepare=lambda: set_webhook(application, settings)):
            logger.info("webhook serving as @%s on %s", application.bot.username, settings.webhook_path)
            yield

    return Starlette(
        routes=[
            Route(settings.webhook_path, telegram, methods=["POST"]),
            health_route(channel.store, lambda: application.running, channel.clock),
        ],
        lifespan=lifespan,
    )


async def run_webhook(application: Application, channel: Channel, settings: TelegramSettings, stop: asyncio.Event) -> bool:
    """Serve the webhook on HOST:PORT until ``stop`` is set; False when start-up failed.

    While it serves, uvicorn handles SIGINT and SIGTERM itself (a graceful shutdown) and then raises the signal again
    for the handlers ``serve`` installed, which set ``stop``."""
    server = uvicorn.Server(
        uvicorn.Config(
            webhook_app(application, channel, settings),
            host=settings.host,
            port=settings.port,
            lifespan="on",
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=5,
        )
    )

    async def watch() -> None:
        await stop.wait()
        server.should_exit = True

    watcher = asyncio.create_task(watch())
    try:
        await server.serve()
    finally:
        watcher.cancel()
    return server.started
