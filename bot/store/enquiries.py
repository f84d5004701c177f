"""The store's enquiries: create one (with its staff card and receipt queued in the same transaction), find, list
and count them. References and status changes follow ``bot.core.policy``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, or_, select, update

from bot.core.policy import normalise_ref, reference

from .database import Database
from .records import CLOSED, NEW, RECEIPT, REPORTED, STAFF_CARD, Enquiry
from .rows import check_fields, enquiry_record, outbox_row, utc
from .schema import enquiry, outbox, staff_message


class Enquiries(Database):
    """Enquiries (a part of ``Store``)."""

    async def create_enquiry(
        self,
        *,
        source_key: str,
        chat_id: int,
        user_id: int | None,
        lang: str,
        fields: Mapping[str, str | Sequence[str]],
        now: dt.datetime,
        staff_chat_id: int | None = None,
        receipt_after: dt.timedelta | None = None,
    ) -> Enquiry:
        """Record an enquiry and, in the same transaction, queue its ``staff_card`` outbox message.

        ``source_key`` identifies what created it (e.g. the confirming update): creating again with the same key
        returns the existing enquiry and queues nothing. ``staff_chat_id``, when known now, goes into the card's
        payload (``outbox_sent`` records it as where the card was posted). With ``receipt_after``, a ``receipt``
        (the reference, to the official's chat) is queued too, due that much later: the caller, which tells the
        official at once, settles it (``settle_receipt``), so it goes out only when that failed or never happened.
        """
        now = utc(now)
        if not source_key:
            raise ValueError("source_key must not be empty")
        checked = check_fields(fields)
        stmt = (
            self._insert(enquiry)
            .values(
                source_key=source_key,
                chat_id=chat_id,
                user_id=user_id,
                lang=lang,
                fields=checked,
                status=NEW,
                created_at=now,
                waiting_since=now,
            )
            .on_conflict_do_nothing(index_elements=[enquiry.c.source_key])
            .returning(enquiry.c.id)
        )
        async with self._transaction() as conn:
            new_id = (await conn.execute(stmt)).scalar_one_or_none()
            if new_id is not None:
                ref = reference(now.year, new_id)
                await conn.execute(update(enquiry).where(enquiry.c.id == new_id).values(ref=ref))
                payload: dict[str, Any] = {"ref": ref}
                if staff_chat_id is not None:
                    payload["staff_chat_id"] = staff_chat_id
                await conn.execute(insert(outbox).values(outbox_row(STAFF_CARD, new_id, payload, now)))
                if receipt_after is not None:
                    receipt = outbox_row(RECEIPT, new_id, {"chat_id": chat_id, "lang": lang, "ref": ref}, now)
                    receipt["next_attempt_at"] = now + receipt_after
                    await conn.execute(insert(outbox).values(receipt))
            row = (await conn.execute(select(enquiry).where(enquiry.c.source_key == source_key))).one()
        return enquiry_record(row)

    async def settle_receipt(self, ref: str, now: dt.datetime, *, delivered: bool) -> None:
        """The official was told the reference (``delivered``): their enquiry's queued receipt is not needed; or
        telling them failed: the receipt is due now. A receipt a worker has already claimed is left to it."""
        now = utc(now)
        owner = select(enquiry.c.id).where(enquiry.c.ref == normalise_ref(ref)).scalar_subquery()
        values: dict[str, Any] = {"sent_at": now} if delivered else {"next_attempt_at": now}
        stmt = (
            update(outbox)
            .where(
                outbox.c.kind == RECEIPT,
                outbox.c.enquiry_id == owner,
                outbox.c.sent_at.is_(None),
                outbox.c.next_attempt_at.is_not(None),
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= now),
            )
            .values(values)
        )
        async with self._transaction() as conn:
            await conn.execute(stmt)

    async def get_enquiry(self, ref: str) -> Enquiry | None:
        """The enquiry with this reference (any case), or None."""
        async with self._transaction(write=False) as conn:
            row = (await conn.execute(select(enquiry).where(enquiry.c.ref == normalise_ref(ref)))).first()
        return enquiry_record(row) if row else None

    async def enquiry_for_staff_message(self, staff_chat_id: int, message_id: int) -> Enquiry | None:
        """The enquiry whose staff card is that message, or any part of a card Telegram took in several messages
        (a staff reply to the card answers it), or None."""
        query = select(enquiry).where(
            enquiry.c.staff_chat_id == staff_chat_id, enquiry.c.staff_message_id == message_id
        )
        part = select(enquiry).join(staff_message, staff_message.c.enquiry_id == enquiry.c.id).where(
            staff_message.c.staff_chat_id == staff_chat_id, staff_message.c.message_id == message_id
        )
        async with self._transaction(write=False) as conn:
            row = (await conn.execute(query)).first() or (await conn.execute(part)).first()
        return enquiry_record(row) if row else None

    async def list_enquiries(self, status: str | None = None, limit: int = 50, chat_id: int | None = None) -> list[Enquiry]:
        """Enquiries, newest first, optionally only those with ``status`` (as reported: ``closed`` ones are not
        listed under their former status), or only those sent from ``chat_id``."""
        if status is not None and status not in REPORTED:
            raise ValueError(f"unknown enquiry status {status!r}: one of {', '.join(REPORTED)}")
        query = select(enquiry).order_by(enquiry.c.created_at.desc(), enquiry.c.id.desc()).limit(limit)
        if status == CLOSED:
            query = query.where(enquiry.c.closed_at.is_not(None))
        elif status is not None:
            query = query.where(enquiry.c.status == status, enquiry.c.closed_at.is_(None))
        if chat_id is not None:
            query = query.where(enquiry.c.chat_id == chat_id)
        async with self._transaction(write=False) as conn:
            rows = (await conn.execute(query)).all()
        return [enquiry_record(row) for row in rows]

    async def count_enquiries(self, user_id: int, since: dt.datetime) -> int:
        """How many enquiries ``user_id`` created at or after ``since`` (for a rate limit)."""
        since = utc(since, "since")
        query = select(func.count()).where(enquiry.c.user_id == user_id, enquiry.c.created_at >= since)
        async with self._transaction(write=False) as conn:
            return int(await conn.scalar(query) or 0)
