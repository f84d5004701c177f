"""Builders of Telegram update JSON for the tests (what the Bot API would send)."""

from __future__ import annotations

import itertools
import time
from typing import Any

from fake_bot_api import BOT_USER

ALICE = {"id": 111, "is_bot": False, "first_name": "Alice", "language_code": "en"}
HANAKO = {"id": 222, "is_bot": False, "first_name": "花子", "language_code": "ja"}
GROUP = {"id": -1001234, "type": "supergroup", "title": "Sister city fans"}
_message_ids = itertools.count(500)


def private(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message(
    text: str | None = None,
    *,
    user: dict[str, Any] = ALICE,
    chat: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    reply_to: dict[str, Any] | None = None,
    kind: str = "message",
    **extra: Any,
) -> dict[str, Any]:
    """A message update; a leading /command gets its bot_command entity, @mentions their mention entities."""
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat or private(user),
        "from": user,
        **extra,
    }
    if text is not None:
        body["text"] = text
        found = list(entities or [])
        if text.startswith("/"):
            found.append({"type": "bot_command", "offset": 0, "length": utf16_len(text.split()[0])})
        for word in text.split():
            if word.startswith("@") and len(word) > 1:
                offset = utf16_len(text[: text.index(word)])
                found.append({"type": "mention", "offset": offset, "length": utf16_len(word)})
        if found:
            body["entities"] = found
    if reply_to is not None:
        body["reply_to_message"] = reply_to
    return {kind: body}


def bot_message(chat: dict[str, Any], text: str = "An earlier answer") -> dict[str, Any]:
    """A message the bot sent (to reply to)."""
    return {"message_id": next(_message_ids), "date": int(time.time()), "chat": chat, "from": BOT_USER, "text": text}


def photo(*, user: dict[str, Any] = ALICE, chat: dict[str, Any] | None = None) -> dict[str, Any]:
    sizes = [{"file_id": "AgAD-photo", "file_unique_id": "u-photo", "width": 90, "height": 90}]
    return message(None, user=user, chat=chat, photo=sizes)


def sticker(*, user: dict[str, Any] = ALICE) -> dict[str, Any]:
    body = {"file_id": "CAAD-sticker", "file_unique_id": "u-sticker", "type": "regular", "width": 512, "height": 512,
            "is_animated": False, "is_video": False}
    return message(None, user=user, sticker=body)


def location(*, user: dict[str, Any] = ALICE) -> dict[str, Any]:
    return message(None, user=user, location={"latitude": 34.6, "longitude": 133.46})


def callback(data: str, *, user: dict[str, Any] = ALICE, chat: dict[str, Any] | None = None) -> dict[str, Any]:
    """A press on a button under one of the bot's messages."""
    return {
        "callback_query": {
            "id": f"cb-{next(_message_ids)}",
            "from": user,
            "chat_instance": "chat-instance-1",
            "data": data,
            "message": bot_message(chat or private(user)),
        }
    }


def inline(query: str, *, user: dict[str, Any] = ALICE) -> dict[str, Any]:
    return {"inline_query": {"id": f"iq-{next(_message_ids)}", "from": user, "query": query, "offset": ""}}
