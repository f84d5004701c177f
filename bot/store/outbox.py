"""The store's outbox: messages to deliver (staff cards, staff answers, receipts, the desk's messages), claimed by one
sender at a time (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) and retried
until sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.policy import ON_FORWARDED

from .database import Database
from .desk import POSTED_KINDS
from .records import STAFF_CARD, OutboxItem
from .rows import moved, utc
from .schema import enquiry, outbox, posted_message, staff_message

_MAX_ERROR_CHARS = 2000


class Outbox(Database):
    """The outbox (a part of ``Store``)."""

    async def claim_outbox(
        self, now: dt.datetime, limit: int = 10, lease: dt.timedelta = dt.timedelta(seconds=60)
    ) -> list[OutboxItem]:
        """Claim up to ``limit`` due messages (oldest first) for ``lease``; no other claimer gets them meanwhile.

        Due: not sent, ``next_attempt_at <= now`` and no unexpired claim. Report each with ``outbox_sent`` or
        ``outbox_failed`` within the lease; after it, the message is due again (the sender is presumed dead).
        """
        now = utc(now)
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if lease <= dt.timedelta(0):
            raise ValueError("lease must be positive")
        due = (
            select(outbox.c.id)
            .where(
                outbox.c.sent_at.is_(None),
                outbox.c.next_attempt_at.is_not(None),
                outbox.c.next_attempt_at <= now,
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= now),
            )
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)  # PostgreSQL; SQLite is serialised by BEGIN IMMEDIATE
        )
        async with self._transaction() as conn:
            ids: list[int] = list((await conn.execute(due)).scalars())
            if not ids:
                return []
            await conn.execute(update(outbox).where(outbox.c.id.in_(ids)).values(claimed_until=now + lease))
            rows = (
                await conn.execute(
                    select(outbox.c.id, outbox.c.kind, outbox.c.payload, outbox.c.attempts, enquiry.c.ref)
                    .select_from(outbox.outerjoin(enquiry, outbox.c.enquiry_id == enquiry.c.id))
                    .where(outbox.c.id.in_(ids))
                    .order_by(outbox.c.next_attempt_at, outbox.c.id)
                )
            ).all()
        return [
            OutboxItem(id=r.id, kind=r.kind, payload=dict(r.payload), attempts=r.attempts, enquiry_ref=r.ref)
            for r in rows
        ]

    async def outbox_sent(
        self,
        item_id: int,
        message_id: int | None,
        now: dt.datetime,
        *,
        staff_chat_id: int | None = None,
        parts: Sequence[int] = (),
    ) -> bool:
        """Mark a message delivered (``message_id``: Telegram's id of the sent message, the last one when it took
        several; ``parts``: the ids of all of them).

        For a message a reply may continue (``desk.POSTED_KINDS``) the chat (``staff_chat_id``, else the payload's
        ``chat_id``) and every part are recorded (``enquiry_for_reply``). For a ``staff_card`` the enquiry becomes forwarded, with ``staff_chat_id`` (this argument, else the
        payload's) and ``staff_message_id``, and every part is recorded (``enquiry_for_staff_message`` finds the
        enquiry from any). False when the item was already sent or no longer exists.
        """
        now = utc(now)
        mark = (
            update(outbox)
            .where(outbox.c.id == item_id, outbox.c.sent_at.is_(None))
            .values(sent_at=now, message_id=message_id, claimed_until=None, last_error=None)
            .returning(outbox.c.kind, outbox.c.enquiry_id, outbox.c.payload)
        )
        async with self._transaction() as conn:
            row = (await conn.execute(mark)).first()
            if row is None:
                return False
            if row.enquiry_id is not None and row.kind != STAFF_CARD:
                payload = row.payload or {}
                chat = staff_chat_id if staff_chat_id is not None else payload.get("chat_id", payload.get("staff_chat_id"))
                await self._posted(conn, row.kind, row.enquiry_id, chat, [message_id, *parts])
            if row.kind == STAFF_CARD and row.enquiry_id is not None:
                chat = staff_chat_id if staff_chat_id is not None else (row.payload or {}).get("staff_chat_id")
                await conn.execute(
                    update(enquiry)
                    .where(enquiry.c.id == row.enquiry_id)
                    .values(
                        status=moved(ON_FORWARDED),
                        forwarded_at=now,
                        staff_chat_id=chat,
                        staff_message_id=message_id,
                    )
                )
                others = sorted({p for p in parts if p != message_id})
                if chat is not None and others:
                    rows = [{"staff_chat_id": chat, "message_id": p, "enquiry_id": row.enquiry_id} for p in others]
                    await conn.execute(
                        self._insert(staff_message).values(rows).on_conflict_do_nothing(
                            index_elements=[staff_message.c.staff_chat_id, staff_message.c.message_id]
                        )
                    )
        return True

    async def outbox_failed(self, item_id: int, error: str, retry_at: dt.datetime | None) -> bool:
        """Record a failed delivery: attempts += 1, the claim is released, due again at ``retry_at``
        (None: give up, the message stays unsent for inspection). False when already sent or gone."""
        values: dict[str, Any] = {
            "attempts": outbox.c.attempts + 1,
            "last_error": error[:_MAX_ERROR_CHARS],
            "claimed_until": None,
            "next_attempt_at": None if retry_at is None else utc(retry_at, "retry_at"),
        }
        stmt = (
            update(outbox)
            .where(outbox.c.id == item_id, outbox.c.sent_at.is_(None))
            .values(values)
            .returning(outbox.c.id)
        )
        async with self._transaction() as conn:
            return (await conn.execute(stmt)).first() is not None

    async def _posted(
        self, conn: AsyncConnection, kind: str, enquiry_id: int, chat_id: int | None, message_ids: Sequence[int | None]
    ) -> None:
        """Record where a delivered message went (``outbox_sent``), so a reply to it finds its enquiry."""
        ids = sorted({m for m in message_ids if m is not None})
        if kind not in POSTED_KINDS or chat_id is None or not ids:
            return
        rows = [{"chat_id": chat_id, "message_id": m, "enquiry_id": enquiry_id} for m in ids]
        stmt = self._insert(posted_message).values(rows)
        await conn.execute(stmt.on_conflict_do_nothing(index_elements=[posted_message.c.chat_id, posted_message.c.message_id]))
