"""``/healthz``: whether the bot can do its work, as JSON.

200 with ``{"status": "ok", "store": "reachable", "outbox_backlog": N, "outbox_given_up": N,
"oldest_unanswered_age_seconds": S | null}`` when the store answers; 503 with ``"store": "unreachable"`` when it
cannot be reached (or its SQLite file was deleted or replaced), or ``"status": "starting"`` before the bot runs.
The webhook server serves it beside the webhook; in polling mode ``serve_health`` serves it on HEALTH_PORT.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.store import Store, StoreUnavailable

logger = logging.getLogger("bot.health")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def report(store: Store, now: dt.datetime, running: bool = True) -> tuple[int, dict[str, Any]]:
    """The HTTP status and JSON body of ``/healthz``."""
    if not running:
        return 503, {"status": "starting"}
    try:
        store.check_file()
        health = await store.health(now)
    except StoreUnavailable:  # logged by the store; the reason names the database, not for a public endpoint
        return 503, {"status": "unavailable", "store": "unreachable"}
    oldest = health.oldest_waiting
    return 200, {
        "status": "ok",
        "store": "reachable",
        "outbox_backlog": health.outbox_backlog,
        "outbox_given_up": health.outbox_given_up,
        "oldest_unanswered_age_seconds": max(0, int((now - oldest).total_seconds())) if oldest else None,
    }


def health_route(
    store: Store, running: Callable[[], bool] = lambda: True, clock: Callable[[], dt.datetime] = _now
) -> Route:
    """``GET /healthz`` for a Starlette app."""

    async def healthz(_: Request) -> Response:
        status, body = await report(store, clock(), running())
        return JSONResponse(body, status_code=status)

    return Route("/healthz", healthz, methods=["GET"])


def health_app(store: Store, running: Callable[[], bool] = lambda: True, clock: Callable[[], dt.datetime] = _now) -> Starlette:
    """An app serving ``/healthz`` only (polling mode)."""
    return Starlette(routes=[health_route(store, running, clock)])


async def serve_health(app: Starlette, host: str, port: int, stop: asyncio.Event) -> None:
    """Serve ``app`` on ``host:port`` until ``stop`` is set (signals are left to the bot's own handlers)."""
    config = uvicorn.Config(app, host=host, port=port, lifespan="off", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    watcher = asyncio.create_task(_stop_when(stop, server))
    try:
        await server.serve()
    finally:
        watcher.cancel()


async def _stop_when(stop: asyncio.Event, server: uvicorn.Server) -> None:
    await stop.wait()
    server.should_exit = True
