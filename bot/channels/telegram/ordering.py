"""Updates of different chats handled concurrently, the updates of one chat one after the other, in order.

PTB handles updates one at a time unless told otherwise; the bot would then wait for every Bot API round trip
(~50 ms to Telegram) before it looks at the next update, whoever sent it. ``ChatOrderedProcessor`` lets updates of
different chats overlap their waits, while a chat's own updates still run in arrival order: a chat's state is read,
changed and saved by one update before the next one reads it (the store makes that hold across instances too).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 16  # updates handled at once, of as many chats


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most ``max_concurrent_updates`` updates at once, one at a time per chat (per user without a chat).

    Each chat with updates under way has a FIFO ``asyncio.Lock``, dropped when its last update is done. PTB takes a
    slot of ``max_concurrent_updates`` before ``do_process_update`` runs, so a chat that sends a burst can hold
    several slots while its updates wait for one another; each is short (the flood guard drops a burst's excess
    without sending anything), so other chats wait at most that long.
    """

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # chat -> (its lock, updates holding or awaiting it)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        lock, users = self._chats.get(key) or (asyncio.Lock(), 0)
        self._chats[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._chats[key]
            if users == 1:
                del self._chats[key]
            else:
                self._chats[key] = (lock, users - 1)

    @property
    def busy_chats(self) -> int:
        """Chats with an update under way or waiting."""
        return len(self._chats)

    async def initialize(self) -> None:
        """Nothing to set up: locks are made as chats come."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB waits for the updates under way before it shuts down."""


def chat_key(update: object) -> int | None:
    """The chat whose updates must not overlap: the update's chat, else its user (an inline query); None if neither."""
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    user = update.effective_user
    return user.id if user is not None else None
