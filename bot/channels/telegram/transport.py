"""The channel's Bot API requests over aiohttp: a ``BaseRequest``, PTB's extension point for its HTTP client.

Why not PTB's default ``HTTPXRequest``: the HTTP client is most of the CPU an answered message costs. httpx spends
it in its client layers (URL model, cookie jar, auth and redirect hooks; without the optional ``sniffio``, a failed
import per request); aiohttp parses HTTP in C. Measured on the benchmark's fake Bot API, one update at a time: a bare
echo bot answers ~1,650 messages/s over aiohttp and ~950 over httpx, the channel ~1,040 and ~500
(``docs/benchmarks.md``). Requests without files go as one JSON body
(``application/json``, which the Bot API takes as well as form fields): no percent-encoding of every byte of a
Japanese text. The bot sends no files; a request with one is refused.

Errors are PTB's, as ``HTTPXRequest`` raises them: ``TimedOut`` for a timeout, ``NetworkError`` for any other
failure, each with the aiohttp exception as its cause, and without the URL (it holds the token) in the message.
``never_sent`` tells from the cause whether the request surely never reached the server (safe to send again).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


@dataclass(frozen=True)
class Timeouts:
    """Seconds; None waits forever. ``connect`` is for getting a connection (a free one from the pool or a new one)."""

    connect: float | None = 5.0
    read: float | None = 10.0  # between two reads of the answer
    write: float | None = 10.0  # with the others, bounds the whole request (aiohttp has no write timeout of its own)


class AiohttpRequest(BaseRequest):
    """PTB requests through one ``aiohttp.ClientSession`` with at most ``connection_pool_size`` connections."""

    def __init__(self, connection_pool_size: int = 16, timeouts: Timeouts = Timeouts()) -> None:
        self.connection_pool_size = connection_pool_size
        self.timeouts = timeouts
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self.timeouts.read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # TCP_NODELAY is aiohttp's default: a request's headers and body leave at once.
            connector = aiohttp.TCPConnector(limit=self.connection_pool_size, limit_per_host=0)
            self._session = aiohttp.ClientSession(connector=connector, skip_auto_headers=("User-Agent",))

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; (status, body). PTB's ``pool_timeout`` and ``connect_timeout`` add up to aiohttp's one
        timeout for getting a connection."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        connect = _add(_given(pool_timeout, 0.0), _given(connect_timeout, self.timeouts.connect))
        read = _given(read_timeout, self.timeouts.read)
        write = _given(write_timeout, self.timeouts.write)
        timeout = aiohttp.ClientTimeout(total=_add(_add(connect, read), write), connect=connect, sock_read=read)
        headers = {"User-Agent": self.USER_AGENT}
        body = None
        if request_data is not None:
            if request_data.contains_files:
                raise NotImplementedError("AiohttpRequest sends no files (the bot never uploads any)")
            body = json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        try:
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except (aiohttp.ServerTimeoutError, asyncio.TimeoutError) as error:
            raise TimedOut(_describe(error, url)) from error
        except aiohttp.ClientError as error:
            raise NetworkError(_describe(error, url)) from error


def never_sent(cause: BaseException | None) -> bool | None:
    """For the cause of a ``NetworkError`` this transport raised: True when the request never left (no connection
    could be had: refused, unreachable, TLS failed, none free in time); False when it may have reached the server (a
    timeout waiting for the answer, the connection cut mid-request); None for a cause that is not aiohttp's."""
    if isinstance(cause, (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)):
        return True
    if isinstance(cause, (aiohttp.ClientError, asyncio.TimeoutError)):
        return False
    return None


def _given(value: Any, default: float | None) -> float | None:
    """A timeout PTB passes, or ``default`` for PTB's "not given" (a ``DefaultValue``, like ``DEFAULT_NONE``)."""
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _add(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _describe(error: BaseException, url: str) -> str:
    """``aiohttp.<Error>: <message>``, the URL (which holds the token) cut to its origin."""
    origin = url.split("/bot", 1)[0]
    return f"aiohttp.{type(error).__name__}: {error}".replace(url, origin + "/…")
