"""The store's side of the division's desk (``Desk``, a base of ``Store``): an enquiry's conversation until staff
close it, reminders of enquiries waiting for staff, forum topics, profiles, and the figures ``/healthz`` reports.

    await store.add_official_message(ref, chat_id, text, now, source_key=...)  # (Enquiry, added) | None; a relay
    await store.add_staff_answer(ref, text, now, source_key=..., chat_id=..., message_id=...)  # queues an answer
    await store.close_enquiry(ref, now)                 # (Enquiry, changed) | None; queues a closing notice
    await store.enquiry_for_reply(chat_id, reply_to_message_id)  # the enquiry a reply in that chat continues
    await store.conversation([ref, ...])                # {ref: [Message, ...]}, oldest first
    await store.set_topic(ref, staff_chat_id, topic_id) / store.topic(ref) / store.enquiry_for_topic(chat, thread)
    await store.queue_reminders(now, remind_after, every, limit)  # the enquiries reminded of now
    await store.create_profile(source_key=..., chat_id=..., user_id=..., lang=..., fields=..., now=...)
    await store.get_profile(ref) / store.list_profiles(limit)
    await store.health(now)                             # Health

Every message is recorded once per ``source_key`` (what created it, e.g. the Telegram update), and the message to
deliver is queued in the same transaction: each reaches the other side exactly once through the outbox.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.policy import ON_ANSWERED, normalise_ref, profile_reference, relays

from .database import Database
from .records import (
    ANSWER,
    CLOSED_NOTICE,
    OFFICIAL,
    PROFILE_CARD,
    RECEIPT,
    RELAY,
    REMINDER,
    STAFF,
    Enquiry,
    Health,
    Message,
    Profile,
)
from .rows import check_fields, enquiry_record, moved, no_nul, outbox_row, utc
from .schema import enquiry, enquiry_message, forum_topic, outbox, posted_message, profile, staff_message

# Outbox kinds whose messages, once posted, a reply continues the enquiry from.
POSTED_KINDS = frozenset({ANSWER, RELAY, REMINDER, CLOSED_NOTICE, RECEIPT})


def _profile(row: Any) -> Profile:
    return Profile(
        ref=row.ref, chat_id=row.chat_id, user_id=row.user_id, lang=row.lang, fields=dict(row.fields),
        created_at=row.created_at,
    )  # fmt: skip


class Desk(Database):
    """The desk's methods of ``Store`` (see the module docstring)."""

    # -- the conversation ------------------------------------------------------------------------------------------

    async def _record(
        self, conn: AsyncConnection, enquiry_id: int, author: str, text: str, now: dt.datetime,
        source_key: str | None, chat_id: int | None, message_id: int | None,
    ) -> bool:  # fmt: skip
        """Record one message; False when ``source_key`` was recorded before (a redelivery)."""
        values = {
            "enquiry_id": enquiry_id, "author": author, "text": text, "created_at": now, "source_key": source_key,
            "chat_id": chat_id, "message_id": message_id,
        }  # fmt: skip
        stmt = self._insert(enquiry_message).values(values)
        if source_key is not None:
            stmt = stmt.on_conflict_do_nothing(index_elements=[enquiry_message.c.source_key])
        return (await conn.execute(stmt.returning(enquiry_message.c.id))).first() is not None

    async def add_official_message(
        self, ref: str, chat_id: int, text: str, now: dt.datetime, *, source_key: str, message_id: int | None = None
    ) -> tuple[Enquiry, bool] | None:
        """An official's message on their enquiry, and its ``relay`` to the staff chat, in one transaction.

        None when ``chat_id`` has no enquiry ``ref``; ``(enquiry, False)`` when nothing was recorded: the enquiry is
        closed (offer a new one), or ``source_key`` was recorded before. The enquiry waits for staff from then on.
        """
        now, text = utc(now), _text(text)
        if not source_key:
            raise ValueError("source_key must not be empty")
        async with self._transaction() as conn:
            row = (await conn.execute(select(enquiry).where(enquiry.c.ref == normalise_ref(ref), enquiry.c.chat_id == chat_id))).first()
            if row is None:
                return None
            if not relays(enquiry_record(row).status):
                return enquiry_record(row), False
            if not await self._record(conn, row.id, OFFICIAL, text, now, source_key, chat_id, message_id):
                return enquiry_record(row), False
            waiting = update(enquiry).where(enquiry.c.id == row.id).values(waiting_since=func.coalesce(enquiry.c.waiting_since, now))
            row = (await conn.execute(waiting.returning(*enquiry.c))).one()
            await conn.execute(insert(outbox).values(outbox_row(RELAY, row.id, {"ref": row.ref, "text": text}, now)))
        return enquiry_record(row), True

    async def add_staff_answer(
        self, ref: str, text: str, now: dt.datetime, *, source_key: str | None, chat_id: int | None = None,
        message_id: int | None = None,
    ) -> tuple[Enquiry, bool] | None:  # fmt: skip
        """A staff answer, and its ``answer`` message to the official, in one transaction (the enquiry keeps the
        latest answer and waits no more). None when there is no enquiry ``ref``; ``(enquiry, False)`` when nothing
        was recorded: it is closed, or ``source_key`` was recorded before (None: every call records one)."""
        now, text = utc(now), _text(text)
        answered = (
            update(enquiry)
            .where(enquiry.c.ref == normalise_ref(ref))
            .values(status=moved(ON_ANSWERED), answer=text, answered_at=now, waiting_since=None)
            .returning(*enquiry.c)
        )
        async with self._transaction() as conn:
            row = (await conn.execute(select(enquiry).where(enquiry.c.ref == normalise_ref(ref)))).first()
            if row is None:
                return None
            if not relays(enquiry_record(row).status):
                return enquiry_record(row), False
            if not await self._record(conn, row.id, STAFF, text, now, source_key, chat_id, message_id):
                return enquiry_record(row), False
            row = (await conn.execute(answered)).one()
            payload = {"chat_id": row.chat_id, "lang": row.lang, "ref": row.ref, "text": text}
            await conn.execute(insert(outbox).values(outbox_row(ANSWER, row.id, payload, now)))
        return enquiry_record(row), True

    async def close_enquiry(self, ref: str, now: dt.datetime) -> tuple[Enquiry, bool] | None:
        """Close an enquiry and queue a ``closed`` notice to the official, in one transaction; ``changed`` False when
        it was closed already (nothing queued). None when there is no such enquiry."""
        now = utc(now)
        close = (
            update(enquiry)
            .where(enquiry.c.ref == normalise_ref(ref), enquiry.c.closed_at.is_(None))
            .values(closed_at=now, waiting_since=None)
            .returning(*enquiry.c)
        )
        async with self._transaction() as conn:
            row = (await conn.execute(close)).first()
            if row is None:
                row = (await conn.execute(select(enquiry).where(enquiry.c.ref == normalise_ref(ref)))).first()
                return (enquiry_record(row), False) if row is not None else None
            payload = {"chat_id": row.chat_id, "lang": row.lang, "ref": row.ref}
            await conn.execute(insert(outbox).values(outbox_row(CLOSED_NOTICE, row.id, payload, now)))
        return enquiry_record(row), True

    async def enquiry_for_reply(self, chat_id: int, reply_to_message_id: int) -> Enquiry | None:
        """The enquiry a reply to ``reply_to_message_id`` in ``chat_id`` continues: its staff card (any part), or any
        message the bot posted about it there (a relayed answer or message, a reminder, a closing notice)."""
        card = or_(
            and_(enquiry.c.staff_chat_id == chat_id, enquiry.c.staff_message_id == reply_to_message_id),
            enquiry.c.id.in_(
                select(staff_message.c.enquiry_id).where(
                    staff_message.c.staff_chat_id == chat_id, staff_message.c.message_id == reply_to_message_id
                )
            ),
            enquiry.c.id.in_(
                select(posted_message.c.enquiry_id).where(
                    posted_message.c.chat_id == chat_id, posted_message.c.message_id == reply_to_message_id
                )
            ),
        )
        async with self._transaction(write=False) as conn:
            row = (await conn.execute(select(enquiry).where(card).limit(1))).first()
        return enquiry_record(row) if row is not None else None

    async def record_posted(self, ref: str, chat_id: int, message_ids: Sequence[int]) -> None:
        """Record messages a channel sent about enquiry ``ref`` itself (e.g. the reference, told at once), so a reply
        to them continues it (``enquiry_for_reply``)."""
        async with self._transaction() as conn:
            found = await conn.scalar(select(enquiry.c.id).where(enquiry.c.ref == normalise_ref(ref)))
            rows = [{"chat_id": chat_id, "message_id": m, "enquiry_id": found} for m in sorted(set(message_ids))]
            if found is not None and rows:
                stmt = self._insert(posted_message).values(rows)
                await conn.execute(stmt.on_conflict_do_nothing(index_elements=[posted_message.c.chat_id, posted_message.c.message_id]))

    async def conversation(self, refs: Sequence[str]) -> dict[str, list[Message]]:
        """The messages of each enquiry (every reference given, found or not), oldest first."""
        wanted = [normalise_ref(r) for r in refs]
        result: dict[str, list[Message]] = {r: [] for r in wanted}
        if not wanted:
            return result
        query = (
            select(enquiry.c.ref, enquiry_message)
            .join(enquiry, enquiry.c.id == enquiry_message.c.enquiry_id)
            .where(enquiry.c.ref.in_(wanted))
            .order_by(enquiry_message.c.created_at, enquiry_message.c.id)
        )
        async with self._transaction(write=False) as conn:
            for row in (await conn.execute(query)).all():
                result[row.ref].append(
                    Message(row.ref, row.author, row.text, row.created_at, row.chat_id, row.message_id)
                )
        return result

    # -- forum topics ----------------------------------------------------------------------------------------------

    async def set_topic(self, ref: str, staff_chat_id: int, topic_id: int) -> tuple[int, int] | None:
        """Give an enquiry its forum topic; the topic it has (another instance's, when it set one first). None when
        there is no such enquiry."""
        async with self._transaction() as conn:
            found = await conn.scalar(select(enquiry.c.id).where(enquiry.c.ref == normalise_ref(ref)))
            if found is None:
                return None
            stmt = self._insert(forum_topic).values(enquiry_id=found, staff_chat_id=staff_chat_id, topic_id=topic_id)
            await conn.execute(stmt.on_conflict_do_nothing(index_elements=[forum_topic.c.enquiry_id]))
            row = (await conn.execute(select(forum_topic).where(forum_topic.c.enquiry_id == found))).one()
        return row.staff_chat_id, row.topic_id

    async def topic(self, ref: str) -> tuple[int, int] | None:
        """The enquiry's forum topic: ``(staff_chat_id, topic_id)``, or None."""
        query = select(forum_topic).join(enquiry, enquiry.c.id == forum_topic.c.enquiry_id).where(enquiry.c.ref == normalise_ref(ref))
        async with self._transaction(write=False) as conn:
            row = (await conn.execute(query)).first()
        return (row.staff_chat_id, row.topic_id) if row is not None else None

    async def enquiry_for_topic(self, staff_chat_id: int, thread_id: int) -> Enquiry | None:
        """The enquiry whose forum topic is ``thread_id`` in the staff chat, or None."""
        query = select(enquiry).join(forum_topic, forum_topic.c.enquiry_id == enquiry.c.id).where(
            forum_topic.c.staff_chat_id == staff_chat_id, forum_topic.c.topic_id == thread_id
        )
        async with self._transaction(write=False) as conn:
            row = (await conn.execute(query)).first()
        return enquiry_record(row) if row is not None else None

    # -- reminders -------------------------------------------------------------------------------------------------

    async def queue_reminders(
        self, now: dt.datetime, remind_after: dt.timedelta, every: dt.timedelta, limit: int = 20
    ) -> list[Enquiry]:
        """Queue a ``reminder`` (to the staff chat) for each open enquiry waiting for staff since ``remind_after``
        ago and not reminded of in the last ``every`` (nor since it began waiting); the enquiries reminded of.
        Several instances may call it at once: each enquiry is reminded of once. The rule is
        ``bot.core.reminders.due``."""
        now = utc(now)
        if remind_after <= dt.timedelta(0) or every <= dt.timedelta(0) or limit < 1:
            raise ValueError("remind_after and every must be positive, limit at least 1")
        due = and_(
            enquiry.c.closed_at.is_(None),
            enquiry.c.waiting_since.is_not(None),
            enquiry.c.waiting_since <= now - remind_after,
            or_(
                enquiry.c.reminded_at.is_(None),
                enquiry.c.reminded_at < enquiry.c.waiting_since,
                enquiry.c.reminded_at <= now - every,
            ),
        )
        pick = select(enquiry.c.id).where(due).order_by(enquiry.c.waiting_since, enquiry.c.id).limit(limit)
        async with self._transaction() as conn:
            ids: list[int] = list((await conn.execute(pick.with_for_update(skip_locked=True))).scalars())
            if not ids:
                return []
            rows = (await conn.execute(update(enquiry).where(enquiry.c.id.in_(ids), due).values(reminded_at=now).returning(*enquiry.c))).all()
            if rows:
                await conn.execute(insert(outbox), [outbox_row(REMINDER, r.id, {"ref": r.ref}, now) for r in rows])
        return sorted((enquiry_record(r) for r in rows), key=lambda e: (e.waiting_since or now, e.ref))

    # -- profiles --------------------------------------------------------------------------------------------------

    async def create_profile(
        self, *, source_key: str, chat_id: int, user_id: int | None, lang: str, fields: Mapping[str, str], now: dt.datetime
    ) -> Profile:
        """Record a profile and queue its ``profile_card`` to the staff chat (and, with a pamphlet, a second one that
        forwards it), in one transaction; again with the same ``source_key``: the profile made then, nothing queued."""
        now = utc(now)
        if not source_key:
            raise ValueError("source_key must not be empty")
        checked = check_fields(fields)
        values = {"source_key": source_key, "chat_id": chat_id, "user_id": user_id, "lang": lang, "fields": checked, "created_at": now}
        stmt = self._insert(profile).values(values).on_conflict_do_nothing(index_elements=[profile.c.source_key])
        async with self._transaction() as conn:
            new_id = (await conn.execute(stmt.returning(profile.c.id))).scalar_one_or_none()
            if new_id is not None:
                ref = profile_reference(now.year, new_id)
                await conn.execute(update(profile).where(profile.c.id == new_id).values(ref=ref))
                cards = [outbox_row(PROFILE_CARD, None, {"ref": ref}, now, profile_id=new_id)]
                if checked.get("pamphlet"):  # a message of its own: each goes out exactly once
                    cards.append(outbox_row(PROFILE_CARD, None, {"ref": ref, "pamphlet": True}, now, profile_id=new_id))
                await conn.execute(insert(outbox), cards)
            row = (await conn.execute(select(profile).where(profile.c.source_key == source_key))).one()
        return _profile(row)

    async def get_profile(self, ref: str) -> Profile | None:
        async with self._transaction(write=False) as conn:
            row = (await conn.execute(select(profile).where(profile.c.ref == normalise_ref(ref)))).first()
        return _profile(row) if row is not None else None

    async def list_profiles(self, limit: int = 200) -> list[Profile]:
        """Profiles, newest first."""
        query = select(profile).order_by(profile.c.created_at.desc(), profile.c.id.desc()).limit(limit)
        async with self._transaction(write=False) as conn:
            return [_profile(row) for row in (await conn.execute(query)).all()]

    # -- health and retention --------------------------------------------------------------------------------------

    async def health(self, now: dt.datetime) -> Health:
        """Messages not delivered yet (due or retrying; and given up), and the open enquiry waiting longest."""
        utc(now)
        unsent = outbox.c.sent_at.is_(None)
        backlog = select(func.count()).where(unsent, outbox.c.next_attempt_at.is_not(None))
        given_up = select(func.count()).where(unsent, outbox.c.next_attempt_at.is_(None))
        oldest = select(func.min(enquiry.c.waiting_since)).where(enquiry.c.closed_at.is_(None))
        async with self._transaction(write=False) as conn:
            return Health(
                outbox_backlog=int(await conn.scalar(backlog) or 0),
                outbox_given_up=int(await conn.scalar(given_up) or 0),
                oldest_waiting=await conn.scalar(oldest),
            )

    async def _purge_desk(self, conn: AsyncConnection, older_than: dt.datetime, old: Any) -> None:
        """``purge``'s part: the old enquiries' messages, posts and topics, and the profiles made before then."""
        for table in (enquiry_message, posted_message, forum_topic):
            await conn.execute(delete(table).where(table.c.enquiry_id.in_(old)))
        old_profiles = select(profile.c.id).where(profile.c.created_at < older_than).scalar_subquery()
        await conn.execute(delete(outbox).where(outbox.c.profile_id.in_(old_profiles)))
        await conn.execute(delete(profile).where(profile.c.created_at < older_than))


def _text(text: str) -> str:
    text = no_nul(text)
    if not text.strip():
        raise ValueError("the message must not be empty")
    return text


__all__ = ["POSTED_KINDS", "Desk"]
