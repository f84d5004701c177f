"""Where the staff group is now: STAFF_CHAT_ID, unless Telegram moved the group to a new id.

When a basic group becomes a supergroup, Telegram gives it a new id: a message to the old id fails with
``ChatMigrated`` (``new_chat_id``), and the bot sees a service message with ``migrate_to_chat_id``. ``StaffChat``
follows it: the new id is saved in the store (the ``setting`` table, keyed by the configured id), so every instance
and every restart use it, and it is logged once by each instance that learns it. Setting STAFF_CHAT_ID to the new
id (as the log line says) makes the stored one moot.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

logger = logging.getLogger("bot.telegram")


class Settings(Protocol):
    async def get_setting(self, key: str) -> str | None: ...

    async def set_setting(self, key: str, value: str, now: dt.datetime) -> None: ...


class StaffChat:
    """The staff chat's current id (``id``), shared by the handlers and the outbox worker of one instance."""

    def __init__(self, configured: int | None) -> None:
        self.configured = configured
        self.id = configured

    @property
    def key(self) -> str:
        return f"staff_chat_migrated:{self.configured}"

    @property
    def ids(self) -> frozenset[int]:
        """The configured id and the current one: cards posted before the move keep the old chat's id."""
        return frozenset(i for i in (self.configured, self.id) if i is not None)

    async def refresh(self, store: Settings) -> None:
        """Take a move another instance (or an earlier run) saved."""
        if self.configured is None:
            return
        saved = await store.get_setting(self.key)
        if saved is not None and saved.lstrip("-").isdigit() and int(saved) != self.id:
            self._moved(int(saved), "saved in the store")

    async def follow(self, store: Settings, new_id: int, now: dt.datetime) -> bool:
        """The staff chat moved to ``new_id``: save it for every instance and use it from now on; False when it was
        already known."""
        if self.configured is None or new_id == self.id:
            return False
        await store.set_setting(self.key, str(new_id), now)
        self._moved(new_id, "Telegram moved it")
        return True

    def _moved(self, new_id: int, how: str) -> None:
        logger.warning(
            "the staff group %s became supergroup %s (%s): enquiries go there now; set STAFF_CHAT_ID=%s",
            self.configured, new_id, how, new_id,
        )  # fmt: skip
        self.id = new_id
