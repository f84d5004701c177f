"""The channel's Bot API transport (aiohttp): JSON bodies, PTB's errors, and whether a failed request was ever sent."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from conftest import free_port
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.channels.telegram.transport import AiohttpRequest, Timeouts, never_sent

TOKEN = "123456:SECRET-token"
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def serving(handler: Handler) -> AsyncIterator[str]:
    """A raw HTTP server on 127.0.0.1; the Bot API URL of ``sendMessage`` on it. Its connections are closed at the end."""
    writers: list[asyncio.StreamWriter] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        await handler(reader, writer)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/bot{TOKEN}/sendMessage"
    finally:
        server.close()
        for writer in writers:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


async def read_request(reader: asyncio.StreamReader) -> tuple[str, bytes]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode()
    length = next(int(line.split(":")[1]) for line in head.split("\r\n") if line.lower().startswith("content-length"))
    return head, await reader.readexactly(length)


def data(**params: object) -> RequestData:
    return RequestData([RequestParameter.from_input(k, v) for k, v in params.items()])


async def test_a_request_without_files_is_one_json_body() -> None:
    seen: list[tuple[str, bytes]] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await read_request(reader))
        body = b'{"ok":true,"result":true}'
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()

    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("井原市", callback_data="v1|town:ibara")]])
    async with serving(handler) as url, AiohttpRequest() as request:
        status, payload = await request.do_request(url, "POST", data(chat_id=42, text="井原市 <b>Ibara</b>", reply_markup=keyboard))
    assert (status, json.loads(payload)) == (200, {"ok": True, "result": True})
    head, body = seen[0]
    assert "content-type: application/json" in head.lower()
    sent = json.loads(body)
    assert sent == {"chat_id": 42, "text": "井原市 <b>Ibara</b>", "reply_markup": keyboard.to_dict()}  # nested, not a string
    assert "井原市".encode() in body  # UTF-8, not escaped


async def test_a_refused_connection_was_never_sent_and_names_no_token() -> None:
    url = f"http://127.0.0.1:{free_port()}/bot{TOKEN}/sendMessage"  # nothing listens there
    async with AiohttpRequest() as request:
        with pytest.raises(NetworkError) as caught:
            await request.do_request(url, "POST", data(chat_id=42, text="hi"))
    assert never_sent(caught.value.__cause__) is True
    assert "aiohttp.ClientConnectorError" in str(caught.value) and "SECRET" not in str(caught.value)


async def test_no_answer_in_time_is_a_timeout_that_may_have_been_sent() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)  # takes the request, never answers

    async with serving(silent) as url, AiohttpRequest(timeouts=Timeouts(connect=1.0, read=0.3, write=1.0)) as request:
        with pytest.raises(TimedOut) as caught:
            await request.do_request(url, "POST", data(chat_id=42, text="hi"))
    assert never_sent(caught.value.__cause__) is False
    assert "SECRET" not in str(caught.value)


async def test_a_cause_that_is_not_aiohttps_is_left_to_the_caller() -> None:
    assert never_sent(None) is None and never_sent(ValueError("x")) is None


async def test_files_are_refused_and_an_unopened_transport_says_so() -> None:
    request = AiohttpRequest()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:1/", "POST")
    async with request:
        with pytest.raises(NotImplementedError):
            await request.do_request("http://127.0.0.1:1/", "POST", data(document=InputFile(b"x", filename="a.txt")))
