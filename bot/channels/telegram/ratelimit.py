"""Sending within Telegram's limits: ``RetryingRateLimiter`` (PTB's ``AIORateLimiter`` that also retries network
errors, and lets the outbox's messages go first) and ``rate_limiter`` for TELEGRAM_RATE_LIMIT."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import itertools
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter

from bot.config import TelegramSettings

from .outbox import NO_RETRY

logger = logging.getLogger("bot.telegram")

JSONDict = dict[str, Any]  # a Bot API answer, as PTB's rate limiter passes it on
MAX_NETWORK_DELAY = 5.0  # seconds between two tries of a Bot API call while Telegram is unreachable


class _NotRetried(Exception):
    """Carries a ``RetryAfter`` past ``AIORateLimiter``'s own retries."""

    def __init__(self, error: RetryAfter):
        super().__init__(str(error))
        self.error = error


def _not_taken(error: NetworkError) -> bool:
    """The request never reached Telegram (no connection could be had: refused, unreachable, none free in time) or
    Telegram answered that it failed (5xx): sending it again cannot make a duplicate. A timeout waiting for the
    answer, or a connection cut mid-request, may have reached it. PTB's ``HTTPXRequest`` raises its errors from
    httpx's (the ``__cause__``); a 5xx answer has none."""
    cause = error.__cause__
    if isinstance(cause, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return True
    if isinstance(cause, httpx.HTTPError):
        return False
    return cause is None or isinstance(cause, TelegramError)


_PRIORITY: contextvars.ContextVar[bool] = contextvars.ContextVar("priority", default=False)


class RetryingRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` (which honours 429 RetryAfter) that also retries network errors and 5xx answers: those that
    cannot have reached Telegram (``_not_taken``) for up to ``outage`` seconds, so an answer under way when Telegram
    becomes unreachable goes out when it is back; the others (timeouts) ``network_retries`` times.

    The outbox's requests (``NO_RETRY``: staff cards, staff answers, receipts) go ahead of ordinary answers under the
    overall limit: ordinary requests queue one at a time for it, and none starts waiting while an outbox request
    does, so an outbox request waits for at most one ordinary one however many are queued (thousands of users at the
    limit would otherwise hold the staff's cards back for as long as it takes to answer them all)."""

    def __init__(
        self, max_retries: int = 3, network_retries: int = 2, network_delay: float = 0.5, outage: float = 60.0, **kwargs: Any
    ):
        super().__init__(max_retries=max_retries, **kwargs)
        self.network_retries = network_retries
        self.network_delay = network_delay
        self.outage = outage
        self._ordinary_turn = asyncio.Lock()  # the one ordinary request waiting for the overall limit
        self._priority_waiting = 0
        self._ordinary_waiting = 0
        self._no_priority = asyncio.Event()
        self._no_priority.set()

    @property
    def waiting(self) -> tuple[int, int]:
        """How many (priority, ordinary) requests wait for the overall limit (for tests and diagnostics)."""
        return self._priority_waiting, self._ordinary_waiting

    async def _run_request(self, chat, group, allow_paid_broadcast, callback, args, kwargs):
        base = self._base_limiter
        if allow_paid_broadcast or not chat or base is None:
            return await super()._run_request(chat, group, allow_paid_broadcast, callback, args, kwargs)
        group_limit = self._get_group_limiter(group) if group and self._group_max_rate else contextlib.nullcontext()
        async with group_limit:
            if _PRIORITY.get():
                self._priority_waiting += 1
                self._no_priority.clear()
                try:
                    await base.acquire()
                finally:
                    self._priority_waiting -= 1
                    if not self._priority_waiting:
                        self._no_priority.set()
            else:
                self._ordinary_waiting += 1
                try:
                    async with self._ordinary_turn:
                        await self._no_priority.wait()
                        await base.acquire()
                finally:
                    self._ordinary_waiting -= 1
            await self._retry_after_event.wait()
            return await callback(*args, **kwargs)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Run the request through the rate limiter; retry a ``NetworkError`` (not a ``BadRequest``) with backoff.

        With ``rate_limit_args=NO_RETRY`` (the outbox) the request is throttled like any other but never retried:
        a 429 or a network error goes straight back to the caller, which schedules the retry itself.
        """
        if rate_limit_args == NO_RETRY:

            async def once(*a: Any, **kw: Any) -> bool | JSONDict | list[JSONDict]:
                try:
                    return await callback(*a, **kw)
                except RetryAfter as error:
                    raise _NotRetried(error) from error

            priority = _PRIORITY.set(True)
            try:
                return await super().process_request(once, args, kwargs, endpoint, data, None)
            except _NotRetried as wrapped:
                raise wrapped.error from None
            finally:
                _PRIORITY.reset(priority)
        ambiguous, given_up = 0, time.monotonic() + self.outage
        for attempt in itertools.count():
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as error:
                ambiguous += not _not_taken(error)
                if ambiguous > self.network_retries or time.monotonic() >= given_up:
                    raise
                logger.warning("method=%s retry=%d error=%s", endpoint, attempt + 1, error)
                await asyncio.sleep(min(self.network_delay * 2**attempt, MAX_NETWORK_DELAY))
        raise AssertionError("unreachable")


def rate_limiter(settings: TelegramSettings, network_delay: float = 0.5) -> RetryingRateLimiter:
    """The limiter for TELEGRAM_RATE_LIMIT: that many messages per second overall and PTB's 20 a minute per group;
    with 0, no throttling at all (429 answers, network errors and 5xx are still retried)."""
    if settings.rate_limit:
        return RetryingRateLimiter(max_retries=3, network_delay=network_delay, overall_max_rate=settings.rate_limit)
    return RetryingRateLimiter(max_retries=3, network_delay=network_delay, overall_max_rate=0, group_max_rate=0)
