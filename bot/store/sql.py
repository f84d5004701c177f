"""The store: ``Store`` composes its parts over one database connection, and adds retention and shared settings.

``database.py`` (engine, transactions, schema, the SQLite WAL switch), ``chats.py`` (chat state, handled updates, the
question log), ``enquiries.py``, ``outbox.py``, ``desk.py`` (the division's desk). SQLite or PostgreSQL, one code
path (SQLAlchemy Core, async).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update

from bot.core.policy import normalise_ref, retained
from bot.core.reply import State

from .chats import Chats
from .desk import Desk
from .enquiries import Enquiries
from .outbox import Outbox
from .records import Enquiry
from .rows import no_nul, utc
from .schema import chat_state, enquiry, handled_update, outbox, question, setting, staff_message


class Store(Chats, Enquiries, Outbox, Desk):
    """The durable store; see the package docstring for the interface. Open it (``await store.open()`` or
    ``async with store``) before use; ``open`` creates or upgrades the schema."""

    async def answer_enquiry(self, ref: str, answer_text: str, now: dt.datetime) -> Enquiry | None:
        """Record a staff answer and queue it to the official (``add_staff_answer`` without a source key: each call
        is one staff reply, the caller skips redelivered updates with ``claim_update``). None when there is no such
        enquiry; a closed enquiry is returned as it is, nothing queued."""
        result = await self.add_staff_answer(ref, answer_text, now, source_key=None)
        return result[0] if result is not None else None

    # -- retention -------------------------------------------------------------------------------------------------

    async def purge(self, older_than: dt.datetime) -> int:
        """Delete personal data past retention: every enquiry created before ``older_than`` (whatever its status)
        with its outbox messages and conversation, every profile made before it, the questions asked before it, and update ids handled before it. Chat states
        untouched since then keep only the language choice (an abandoned dialogue holds an official's details).
        Returns how many enquiries were deleted."""
        older_than = utc(older_than, "older_than")
        old = select(enquiry.c.id).where(enquiry.c.created_at < older_than)
        async with self._transaction() as conn:
            await conn.execute(delete(outbox).where(outbox.c.enquiry_id.in_(old.scalar_subquery())))
            await conn.execute(delete(staff_message).where(staff_message.c.enquiry_id.in_(old.scalar_subquery())))
            await self._purge_desk(conn, older_than, old.scalar_subquery())
            deleted = (await conn.execute(delete(enquiry).where(enquiry.c.created_at < older_than))).rowcount
            await conn.execute(delete(handled_update).where(handled_update.c.handled_at < older_than))
            await conn.execute(delete(question).where(question.c.asked_at < older_than))
            stale = (await conn.execute(select(chat_state.c.chat_id, chat_state.c.state).where(chat_state.c.updated_at < older_than))).all()
            for chat_id, raw in stale:
                kept = retained(State.from_json(str(raw))).to_json()
                if kept != raw:
                    await conn.execute(update(chat_state).where(chat_state.c.chat_id == chat_id).values(state=kept))
        return deleted

    # -- shared settings -------------------------------------------------------------------------------------------

    async def get_setting(self, key: str) -> str | None:
        """A value every instance shares (``set_setting``), or None."""
        async with self._transaction(write=False) as conn:
            return await conn.scalar(select(setting.c.value).where(setting.c.key == key))

    async def set_setting(self, key: str, value: str, now: dt.datetime) -> None:
        now = utc(now)
        stmt = self._insert(setting).values(key=key, value=no_nul(value), updated_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[setting.c.key], set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at}
        )
        async with self._transaction() as conn:
            await conn.execute(stmt)


__all__ = ["Store", "normalise_ref"]
