"""A fake Telegram Bot API server on 127.0.0.1 for the channel's tests and the benchmark: real HTTP, no internet.

It answers ``POST /bot<token>/<method>`` the way PTB 22 calls it (form-encoded fields, non-string values JSON-encoded;
JSON bodies are read too), records every call, serves pushed updates to ``getUpdates`` (long polling that wakes on a
push) and can be told to fail the next calls of a method (``fail("sendMessage", 500)``, ``fail(..., 429, retry_after=1)``,
``fail("sendMessage", 500, chat_id=-100123)`` for the calls to one chat only, ``fail("sendMessage", 400, chat_id=-123,
migrate_to_chat_id=-100123)`` for a group that became a supergroup), to hold calls past the client's
timeout (``hang("sendMessage", 2.0)``: the call is recorded but never takes effect), to answer calls late but well
(``delay("sendMessage", 0.5, chat_id=42)``), and to stop listening
altogether (``await stop_listening()`` ... ``await start_listening()``, on the same port). ``succeeded(method)`` are
the calls that took effect (answered ``ok``). A chat id in ``forums`` is a forum supergroup (``getChat``,
``createForumTopic``); ``sendDocument`` and ``sendPhoto`` take a file id or an upload (multipart: the upload is kept
as ``{"filename", "content"}``). ``document(content, name)`` holds a file a user sends: the ``document`` of a
message, which the bot fetches with ``getFile`` and a download from ``/file/bot<token>/documents/<file_id>``.

    async with FakeBotApi() as api:
        settings = TelegramSettings(token=api.token, base_url=api.base_url)  # bot.config
        api.push({"message": {...}})
        calls = await api.wait_for("sendMessage")
"""

from __future__ import annotations

import asyncio
import email.policy
import itertools
import json
import socket
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

TOKEN = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz"
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Sister City Bot",
    "username": "SisterCityBot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
# Fields PTB sends as plain strings; every other field is JSON-encoded.
_STRING_FIELDS = frozenset(
    {"text", "parse_mode", "url", "secret_token", "language_code", "inline_query_id", "callback_query_id", "action",
     "next_offset", "inline_message_id", "ip_address", "description", "short_description", "name"}
)


@dataclass(frozen=True)
class Call:
    """One request the bot made: the method and its decoded parameters."""

    method: str
    params: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass
class _Fault:
    status: int
    retry_after: int | None
    times: int
    chat_id: int | None = None
    hang: float = 0.0  # seconds the call is held before the error answer (the client has usually given up by then)
    migrate_to_chat_id: int | None = None


@dataclass
class FakeBotApi:
    """The fake server; use as ``async with`` to serve on a free port of 127.0.0.1."""

    token: str = TOKEN
    max_wait: float = 2.0
    calls: list[Call] = field(default_factory=list)
    delivered: list[int] = field(default_factory=list)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _faults: dict[str, list[_Fault]] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    _server: uvicorn.Server | None = None
    _task: asyncio.Task | None = None
    _closing: bool = False
    _ok: set[int] = field(default_factory=set)  # indices in ``calls`` of the calls answered ``ok``
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> content, for getFile and the download
    forums: set[int] = field(default_factory=set)  # chat ids of forum supergroups
    results: dict[int, Any] = field(default_factory=dict)  # index in ``calls`` -> the result answered
    _topics: itertools.count = field(default_factory=lambda: itertools.count(9000))
    port: int = 0

    # --- running ----------------------------------------------------------------------------------------------

    async def __aenter__(self) -> FakeBotApi:
        self._changed = asyncio.Condition()
        await self.start_listening()
        return self

    async def start_listening(self) -> None:
        """Serve on ``port`` (a free one the first time; the same one again after ``stop_listening``)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # answers in one packet, not 40 ms late
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        self._closing = False
        app = Starlette(routes=[
            Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
            Route("/file/bot{token}/documents/{file_id}", self._download, methods=["GET"]),
        ])
        config = uvicorn.Config(app, log_config=None, log_level="warning", lifespan="off", ws="none", http="h11",
                                access_log=False, timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.005)

    async def stop_listening(self) -> None:
        """Close the listener and every connection: until ``start_listening``, connections are refused. Pushed
        updates are kept."""
        self._closing = True
        await self._notify()
        assert self._server is not None and self._task is not None
        self._server.should_exit = True
        await self._task

    async def __aexit__(self, *exc: object) -> None:
        await self.stop_listening()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- what tests do ----------------------------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates (an ``update_id`` is given when missing); its id."""
        update = dict(update)
        update.setdefault("update_id", next(self._ids))
        self._updates.append(update)
        asyncio.get_running_loop().create_task(self._notify())
        return update["update_id"]

    def document(self, content: bytes, file_name: str, mime_type: str = "text/html") -> dict[str, Any]:
        """A file a user sends, as a message's ``document`` field."""
        file_id = f"doc-{next(self._ids)}"
        self.files[file_id] = content
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name, "mime_type": mime_type,
                "file_size": len(content)}

    def fail(
        self,
        method: str,
        status: int = 500,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (to ``chat_id`` only, when given) fail with ``status`` (429: with
        ``retry_after``; with ``migrate_to_chat_id``: "the group chat was upgraded to a supergroup chat")."""
        self._faults.setdefault(method, []).append(_Fault(status, retry_after, times, chat_id, migrate_to_chat_id=migrate_to_chat_id))

    def hang(self, method: str, seconds: float, times: int = 1, chat_id: int | None = None) -> None:
        """Hold the next ``times`` calls of ``method`` for ``seconds`` (past the client's timeout), then answer 504: the
        call is recorded but takes no effect, as when a request is lost on the way."""
        self._faults.setdefault(method, []).append(_Fault(504, None, times, chat_id, hang=seconds))

    def delay(self, method: str, seconds: float, times: int = 1, chat_id: int | None = None) -> None:
        """Hold the next ``times`` calls of ``method`` for ``seconds``, then answer them as usual (a slow Bot API)."""
        self._faults.setdefault(method, []).append(_Fault(200, None, times, chat_id, hang=seconds))

    def succeeded(self, method: str, since: int = 0) -> list[Call]:
        """The calls of ``method`` (from index ``since``) that took effect: answered ``ok`` (not failed by an injected
        fault, nor cut by ``stop_listening``)."""
        return [c for i, c in enumerate(self.calls) if i >= since and c.method == method and i in self._ok]

    def result(self, call: Call) -> Any:
        """What the server answered to ``call`` (e.g. the message it sent, with its ``message_id``); None if it
        failed."""
        return next((self.results.get(i) for i, c in enumerate(self.calls) if c is call), None)

    def of(self, method: str, since: int = 0) -> list[Call]:
        """The recorded calls of ``method`` (from index ``since`` of ``calls``)."""
        return [c for c in self.calls[since:] if c.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0, since: int = 0) -> list[Call]:
        """Wait until ``method`` was called ``count`` times (after index ``since``); those calls."""
        assert self._changed is not None
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.of(method, since)) >= count)
        return self.of(method, since)

    async def wait_polled_past(self, update_id: int, timeout: float = 5.0) -> None:
        """Wait until the bot confirmed ``update_id`` (a later getUpdates with a greater offset)."""
        assert self._changed is not None

        def confirmed() -> bool:
            return any(c.method == "getUpdates" and (c.get("offset") or 0) > update_id for c in self.calls)

        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(confirmed)

    # --- the server -------------------------------------------------------------------------------------------

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        method = request.path_params["method"]
        params = await _params(request)
        self.calls.append(Call(method, params))
        index = len(self.calls) - 1
        await self._notify()
        faults = self._faults.get(method, [])
        chat = params.get("chat_id")
        fault = next((f for f in faults if f.chat_id is None or str(f.chat_id) == str(chat)), None)
        if fault is not None:
            fault.times -= 1
            if fault.times <= 0:
                faults.remove(fault)
            if fault.hang:
                await asyncio.sleep(fault.hang)
        if fault is not None and fault.status != 200:
            body: dict[str, Any] = {"ok": False, "error_code": fault.status, "description": f"Injected {fault.status}"}
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
                body["description"] = f"Too Many Requests: retry after {fault.retry_after}"
            if fault.migrate_to_chat_id is not None:
                body["parameters"] = {"migrate_to_chat_id": fault.migrate_to_chat_id}
                body["description"] = "Bad Request: group chat was upgraded to a supergroup chat"
            return JSONResponse(body, status_code=fault.status)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found: method not found"}, status_code=404)
        try:
            result = await handler(params)
        except _BadRequest as error:
            return JSONResponse({"ok": False, "error_code": 400, "description": str(error)}, status_code=400)
        self._ok.add(index)
        self.results[index] = result
        return JSONResponse({"ok": True, "result": result})

    async def _download(self, request: Request) -> Response:
        content = self.files.get(request.path_params["file_id"]) if request.path_params["token"] == self.token else None
        if content is None:
            return Response(b"Not Found", status_code=404)
        return Response(content, media_type="application/octet-stream")

    async def _api_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params["file_id"])
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files.get(file_id, b"")),
                "file_path": f"documents/{file_id}"}

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        assert self._changed is not None
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        wait = min(float(params.get("timeout") or 0), self.max_wait)
        if not self._updates and wait > 0 and not self._closing:
            try:
                async with asyncio.timeout(wait):
                    async with self._changed:
                        await self._changed.wait_for(lambda: bool(self._updates) or self._closing)
            except TimeoutError:
                pass
        batch = self._updates[: int(params.get("limit") or 100)]
        self.delivered += [u["update_id"] for u in batch]
        return batch

    def _chat(self, chat_id: int) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": "User"}
        if chat_id < 0:
            chat = {"id": chat_id, "type": "supergroup" if str(chat_id).startswith("-100") else "group", "title": "Group"}
        if chat_id in self.forums:
            chat["is_forum"] = True
        return chat

    def _message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(int(params["chat_id"])),
            "from": BOT_USER,
            **content,
        }
        if params.get("message_thread_id") is not None:
            message |= {"message_thread_id": int(params["message_thread_id"]), "is_topic_message": True}
        return message

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        return self._message(params, text=params.get("text", ""))

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        document = params["document"]
        name = document["filename"] if isinstance(document, dict) else "file.pdf"
        file = {"file_id": document if isinstance(document, str) else f"upload-{name}", "file_unique_id": "u", "file_name": name}
        return self._message(params, document=file, caption=params.get("caption", ""))

    async def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        size = {"file_id": str(params["photo"]), "file_unique_id": "u", "width": 90, "height": 90}
        return self._message(params, photo=[size], caption=params.get("caption", ""))

    async def _api_getChat(self, params: dict[str, Any]) -> Any:
        return self._chat(int(params["chat_id"])) | {"accent_color_id": 0, "max_reaction_count": 11}

    async def _api_createForumTopic(self, params: dict[str, Any]) -> Any:
        if int(params["chat_id"]) not in self.forums:
            raise _BadRequest("Bad Request: the chat is not a forum")
        return {"message_thread_id": next(self._topics), "name": params["name"], "icon_color": 7322096}

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        if "inline_message_id" in params:
            return True
        return await self._api_sendMessage(params)

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        if "inline_message_id" in params:
            return True
        return await self._api_sendMessage(params)

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    async def _true(self, params: dict[str, Any]) -> Any:
        return True

    _api_setWebhook = _api_deleteWebhook = _api_setMyCommands = _true
    _api_answerCallbackQuery = _api_answerInlineQuery = _api_sendChatAction = _api_close = _api_logOut = _true


class _BadRequest(Exception):
    """A call the real Bot API would refuse with 400."""


def _multipart(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, Any]]:
    """The fields and the uploaded files (``{"filename", "content"}``) of a multipart/form-data body."""
    parsed = BytesParser(policy=email.policy.HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    fields: dict[str, str] = {}
    files: dict[str, Any] = {}
    for part in parsed.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        if filename is not None:
            files[str(name)] = {"filename": filename, "content": content}
        else:
            fields[str(name)] = content.decode()
    return fields, files


async def _params(request: Request) -> dict[str, Any]:
    """The request's fields: form-encoded or multipart (PTB's way, values JSON-encoded unless strings; PTB names an
    upload ``attach://NAME`` in its field) or a JSON object."""
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    files: dict[str, Any] = {}
    if content_type.startswith("multipart/"):
        raw, files = _multipart(body, content_type)
    else:
        raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
    raw.update(request.query_params)
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _STRING_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
        if isinstance(params[key], str) and params[key].startswith("attach://"):
            params[key] = files.pop(params[key].removeprefix("attach://"), params[key])
    params.update(files)
    return params
