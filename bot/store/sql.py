"""The store over SQLAlchemy Core async: SQLite (aiosqlite, WAL) or PostgreSQL (asyncpg), one code path.

Every method is one short transaction. On SQLite, transactions that write start with ``BEGIN IMMEDIATE`` (so
writers queue on the busy timeout instead of failing when a read transaction upgrades) and reads with a deferred
``BEGIN``; several ``Store`` objects or processes may share one file. The file is switched to WAL once, when the
store opens (``_enable_wal``, which waits for other openers rather than failing). The two calls every update makes
(``begin_update``, ``end_update``) are one statement each where the backend allows. On PostgreSQL, outbox claims use
``SELECT ... FOR UPDATE SKIP LOCKED`` so concurrent instances never claim the same row, and schema upgrades hold an
advisory lock so concurrent starts are safe. Driver errors that mean "the database is not there or not writable"
become ``StoreUnavailable``; the pool checks connections before use (``pool_pre_ping``) so the store recovers as
soon as the database is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import logging
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import URL, bindparam, delete, event, func, insert, make_url, or_, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.core.policy import ON_FORWARDED, normalise_ref, reference, retained
from bot.core.reply import State

from . import schema
from .desk import Desk
from .errors import StoreUnavailable
from .records import (
    CLOSED,
    MAX_QUESTION_CHARS,
    NEW,
    RECEIPT,
    REPORTED,
    STAFF_CARD,
    Enquiry,
    OutboxItem,
    Question,
    QuestionRecord,
)
from .rows import check_fields, enquiry_record, moved, no_nul, outbox_row, utc
from .schema import chat_state, enquiry, handled_update, outbox, question, setting, staff_message

logger = logging.getLogger("bot.store")

# SQLSTATE classes (and codes) of PostgreSQL errors that mean the database is unreachable or refuses writes:
# connection exceptions, invalid authorisation, unknown database, insufficient resources, operator intervention
# (shutdown, cannot connect now), system errors, read-only transaction (a standby).
_PG_UNAVAILABLE_CLASSES = frozenset({"08", "28", "3D", "53", "57", "58"})
_PG_UNAVAILABLE_CODES = frozenset({"25006"})
_MAX_ERROR_CHARS = 2000


class Store(Desk):
    """The durable store; see the package docstring for the interface. Open it (``await store.open()`` or
    ``async with store``) before use; ``open`` creates or upgrades the schema."""

    def __init__(
        self,
        url: str | URL,
        *,
        busy_timeout: float = 5.0,
        connect_timeout: float = 10.0,
        pool_size: int = 5,
    ) -> None:
        """``url`` is a SQLAlchemy async URL (``sqlite+aiosqlite:///...`` or ``postgresql+asyncpg://...``; see
        ``bot.store.database_url`` for converting ``DATABASE_URL``). ``busy_timeout``: seconds a SQLite writer waits
        for another; ``connect_timeout``: seconds to reach PostgreSQL."""
        try:
            self.url = make_url(url)
        except (sa_exc.ArgumentError, ValueError):
            raise ValueError("not a database URL (postgresql+asyncpg://... or sqlite+aiosqlite:///...)") from None
        backend = self.url.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(f"unsupported database {backend!r}: use sqlite or postgresql")
        self.backend: str = backend
        self.busy_timeout = busy_timeout
        self.connect_timeout = connect_timeout
        self.pool_size = pool_size
        self._engine: AsyncEngine | None = None
        self._hot = _HotStatements.build(self.backend)
        self._opening = asyncio.Lock()
        self._file: tuple[str, int, int] | None = None  # a SQLite file's path, device and inode when it was opened
        self._file_lost: str | None = None  # why the SQLite file cannot be used any more (deleted, replaced)
        # This store's SQLite writers take turns here rather than in SQLite, whose busy handler sleeps for
        # milliseconds at a time; other processes still wait on the busy timeout.
        self._writing = asyncio.Lock()

    @property
    def database(self) -> str:
        """The database as shown in messages and logs: ``sqlite PATH``, or the URL without its password."""
        if self.backend == "sqlite":
            return f"sqlite {self.url.database or ':memory:'}"
        return self.url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self.database!r})"

    # -- lifecycle -------------------------------------------------------------------------------------------------

    async def open(self) -> None:
        """Connect and create or upgrade the schema; ``StoreUnavailable`` when the database cannot be reached.

        Calling it again on an open store does nothing; after a failure it can be called again.
        """
        async with self._opening:
            if self._engine is not None:
                return
            engine = self._create_engine()
            self._engine = engine
            try:
                if self.backend == "sqlite":
                    await self._enable_wal(engine)
                await self._upgrade_schema()
                self._file, self._file_lost = self._file_identity(), None
            except BaseException:
                self._engine = None
                await engine.dispose()
                raise

    async def close(self) -> None:
        """Close every connection; the store can be opened again."""
        engine, self._engine = self._engine, None
        self._file = self._file_lost = None
        if engine is not None:
            await engine.dispose()

    async def __aenter__(self) -> Store:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _create_engine(self) -> AsyncEngine:
        """The engine; ``hide_parameters``: a database error never shows the statement's values (questions, an
        official's details) in its message, so not in a log line or traceback either."""
        json_serializer = partial(json.dumps, ensure_ascii=False, sort_keys=True)
        if self.backend == "postgresql":
            return create_async_engine(
                self.url,
                hide_parameters=True,
                pool_pre_ping=True,
                pool_size=self.pool_size,
                max_overflow=self.pool_size,
                pool_timeout=self.connect_timeout,
                connect_args={
                    "timeout": self.connect_timeout,
                    "server_settings": {"application_name": "sister-city-bot"},
                },
                json_serializer=json_serializer,
            )
        self._create_sqlite_folder()
        engine = create_async_engine(
            self.url,
            hide_parameters=True,
            pool_size=self.pool_size,
            max_overflow=self.pool_size,
            pool_timeout=self.connect_timeout,
            connect_args={"timeout": self.busy_timeout},
            pool_reset_on_return=None,  # every transaction ends in COMMIT or ROLLBACK (``_transaction``)
            json_serializer=json_serializer,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine

    async def _enable_wal(self, engine: AsyncEngine) -> None:
        """Put the SQLite file in WAL mode (it stays so), on a connection of its own before any other.

        Two processes that open a new file at once both ask for WAL; SQLite answers one of them "database is
        locked" at once, without waiting on the busy timeout (the two hold read locks and both want the write
        lock). So this retries for up to ``busy_timeout`` seconds. An in-memory database stays as it is.
        """
        name = self.url.database or ""
        if not name or name == ":memory:" or "mode=memory" in name:
            return
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        cparams = {k: v for k, v in cparams.items() if k not in ("check_same_thread", "timeout")}
        deadline = time.monotonic() + self.busy_timeout

        def enable() -> None:
            delay = 0.005
            while True:
                try:
                    conn = sqlite3.connect(str(cargs[0]), **cparams, timeout=self.busy_timeout, isolation_level=None)
                    try:
                        conn.execute("PRAGMA journal_mode=WAL").fetchall()
                        return
                    finally:
                        conn.close()
                except sqlite3.OperationalError as exc:
                    if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                        raise StoreUnavailable(f"database unavailable ({self.database}): {' '.join(str(exc).split())}") from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.1)

        await asyncio.to_thread(enable)

    def _sqlite_path(self) -> str | None:
        """The SQLite file's path; None on PostgreSQL, in memory, or for a ``file:`` URI."""
        name = self.url.database or "" if self.backend == "sqlite" else ""
        return None if not name or name == ":memory:" or name.startswith("file:") else name

    def _file_identity(self) -> tuple[str, int, int] | None:
        path = self._sqlite_path()
        if path is None:
            return None
        st = os.stat(path)
        return path, st.st_dev, st.st_ino

    def check_file(self) -> None:
        """``StoreUnavailable`` when the SQLite file this store opened was deleted or replaced (another inode at its
        path) since: SQLite would carry on writing to the deleted file, which nobody else sees and a restart loses.
        The first time, one error line says what happened; every later call fails the same way until a restart.
        Nothing on PostgreSQL. Every store call checks it (one ``stat``); so does the webhook's health check."""
        if self._file is None:
            return
        if self._file_lost is None:
            path, device, inode = self._file
            try:
                st = os.stat(path)
            except FileNotFoundError:
                self._file_lost = "the database file was deleted while the bot was running"
            except OSError as exc:
                raise StoreUnavailable(f"database unavailable ({self.database}): {exc}") from exc
            else:
                if (st.st_dev, st.st_ino) != (device, inode):
                    self._file_lost = "the database file was replaced while the bot was running"
            if self._file_lost is None:
                return
            logger.error(
                "%s (%s): nothing can be saved any more; restart the bot to open the file now at that path",
                self._file_lost, self.database,
            )  # fmt: skip
        raise StoreUnavailable(f"database unavailable ({self.database}): {self._file_lost}; restart the bot")

    def _create_sqlite_folder(self) -> None:
        """Create the folder of a SQLite file on first run."""
        name = self.url.database or ""
        if not name or name == ":memory:" or name.startswith("file:"):
            return
        try:
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"database unavailable ({self.database}): {exc}") from exc

    async def _upgrade_schema(self) -> None:
        # A read first, so an up-to-date database opens without taking the write lock (and opens read-only).
        async with self._transaction(write=False) as conn:
            version = await conn.run_sync(schema.current_version)
        schema.check_version(version)
        if version == schema.head():
            return
        async with self._transaction(write=True) as conn:
            if self.backend == "postgresql":
                await conn.execute(select(func.pg_advisory_xact_lock(schema.SCHEMA_LOCK_KEY)))
            applied = await conn.run_sync(schema.upgrade, dt.datetime.now(dt.UTC))
        if applied:
            logger.info("schema of %s at version %d (applied %s)", self.database, applied[-1], applied)

    # -- transactions and errors -----------------------------------------------------------------------------------

    @asynccontextmanager
    async def _transaction(self, *, write: bool = True, single: bool = False) -> AsyncIterator[AsyncConnection]:
        """One transaction; driver errors meaning "database unavailable" become ``StoreUnavailable``. ``single``: it
        executes one statement, which SQLite makes atomic without a BEGIN (one round trip to its thread less)."""
        if self._engine is None:
            raise RuntimeError(f"{self!r} is not open: call open() or use `async with`")
        self.check_file()
        try:
            async with contextlib.AsyncExitStack() as stack:
                if self.backend == "sqlite" and write:
                    await stack.enter_async_context(self._writing)
                conn = await stack.enter_async_context(self._engine.connect())
                if self.backend == "sqlite":
                    begin = "" if single else "BEGIN IMMEDIATE" if write else "BEGIN"
                    await conn.execution_options(sqlite_begin=begin)
                async with conn.begin():
                    yield conn
        except (sa_exc.DBAPIError, sa_exc.TimeoutError, OSError, TimeoutError) as exc:
            if not self._is_unavailable(exc):
                raise
            raise StoreUnavailable(f"database unavailable ({self.database}): {self._describe(exc)}") from exc

    def _is_unavailable(self, exc: BaseException) -> bool:
        if isinstance(exc, (sa_exc.OperationalError, sa_exc.TimeoutError, OSError, TimeoutError)):
            return True
        if isinstance(exc, sa_exc.DBAPIError):
            if exc.connection_invalidated:
                return True
            sqlstate = getattr(exc.orig, "sqlstate", None) or ""
            return sqlstate[:2] in _PG_UNAVAILABLE_CLASSES or sqlstate in _PG_UNAVAILABLE_CODES
        return False

    def _describe(self, exc: BaseException) -> str:
        cause = exc.orig if isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None else exc
        reason = " ".join(str(cause).split()) or type(cause).__name__
        if self.url.password:
            reason = reason.replace(str(self.url.password), "***")
        return reason

    def _insert(self, table: Any) -> Any:
        """An INSERT that supports ``on_conflict_do_nothing/update`` on the open backend."""
        return postgresql.insert(table) if self.backend == "postgresql" else sqlite.insert(table)

    # -- chat state and handled updates ----------------------------------------------------------------------------

    async def load_state(self, chat_id: int) -> State:
        """The chat's saved state, or a fresh ``State()``."""
        async with self._transaction(write=False) as conn:
            raw = await conn.scalar(self._hot.load, {"chat_id": chat_id})
        return State.from_json(raw)

    async def save_state(self, chat_id: int, state: State, now: dt.datetime) -> None:
        now = utc(now)
        async with self._transaction(single=True) as conn:
            await conn.execute(self._hot.save, {"chat_id": chat_id, "state": state.to_json(), "now": now})

    async def claim_update(self, update_id: int, now: dt.datetime) -> bool:
        """True the first time ``update_id`` is seen (by any instance), False for a redelivery."""
        now = utc(now)
        async with self._transaction(single=True) as conn:
            return (await conn.execute(self._hot.claim, {"update_id": update_id, "now": now})).first() is not None

    async def begin_update(self, update_id: int, chat_id: int, now: dt.datetime) -> State | None:
        """Claim ``update_id`` and read the chat's state, in one transaction: ``claim_update`` and ``load_state`` in
        one round trip. The state (``State()`` when none), or None when the update was already handled -- a
        redelivery, or another instance got it first: skip it. The state is read afresh on every call, so several
        instances can serve one chat."""
        now = utc(now)
        params = {"update_id": update_id, "chat_id": chat_id, "now": now}
        async with self._transaction(single=True) as conn:
            row = (await conn.execute(self._hot.begin, params)).first()  # a row (the state, or NULL) only when new
        return State.from_json(row[0]) if row is not None else None

    async def end_update(
        self,
        chat_id: int,
        state: State,
        now: dt.datetime,
        *,
        loaded: State | None = None,
        question: Question | None = None,
    ) -> None:
        """After an update: save the chat's state and record the question it asked, in one transaction. The state is
        written only when it differs from ``loaded`` (what ``begin_update`` returned; None: always written); when
        there is nothing to write, nothing is done."""
        now = utc(now)
        changed = loaded is None or state != loaded
        if not changed and question is None:
            return
        saved = {"chat_id": chat_id, "state": state.to_json(), "now": now}
        logged = self._question_row(question, now) if question is not None else {}
        if changed and question is not None and self.backend == "postgresql":
            # One statement (PostgreSQL runs an INSERT in a WITH as part of the statement): one round trip less.
            async with self._transaction() as conn:
                await conn.execute(self._hot.save_and_log, {**saved, **logged})
            return
        async with self._transaction(single=not (changed and question is not None)) as conn:
            if changed:
                await conn.execute(self._hot.save, saved)
            if question is not None:
                await conn.execute(self._hot.log, logged)

    # -- enquiries -------------------------------------------------------------------------------------------------

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

    async def answer_enquiry(self, ref: str, answer_text: str, now: dt.datetime) -> Enquiry | None:
        """Record a staff answer and queue it to the official (``add_staff_answer`` without a source key: each call
        is one staff reply, the caller skips redelivered updates with ``claim_update``). None when there is no such
        enquiry; a closed enquiry is returned as it is, nothing queued."""
        result = await self.add_staff_answer(ref, answer_text, now, source_key=None)
        return result[0] if result is not None else None

    # -- outbox ----------------------------------------------------------------------------------------------------

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

    # -- question log ----------------------------------------------------------------------------------------------

    @staticmethod
    def _question_row(asked: Question, now: dt.datetime) -> dict[str, Any]:
        """The parameters of ``_HotStatements.log``: the question as the log keeps it, at most ``MAX_QUESTION_CHARS``
        characters, no NUL."""
        return {
            "q_text": no_nul(asked.text)[:MAX_QUESTION_CHARS] if isinstance(asked.text, str) else asked.text,
            "q_lang": asked.lang,
            "q_intent": asked.intent,
            "q_towns": [str(t) for t in asked.towns],
            "q_understood": bool(asked.understood),
            "q_user_hash": asked.user_hash,
            "q_asked_at": now,
        }

    async def questions(self, since: dt.datetime) -> list[QuestionRecord]:
        """Questions asked at or after ``since``, oldest first."""
        since = utc(since, "since")
        query = select(question).where(question.c.asked_at >= since).order_by(question.c.asked_at, question.c.id)
        async with self._transaction(write=False) as conn:
            rows = (await conn.execute(query)).all()
        return [
            QuestionRecord(
                id=r.id,
                text=r.text,
                lang=r.lang,
                intent=r.intent,
                towns=tuple(r.towns),
                understood=bool(r.understood),
                user_hash=r.user_hash,
                asked_at=r.asked_at,
            )
            for r in rows
        ]

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


@dataclass(frozen=True)
class _HotStatements:
    """The statements of the calls every update makes, built once per backend (parameters by name at execution):
    building a statement costs more than SQLAlchemy's cached compilation of it."""

    claim: Any  # update_id, now -> a row when the update is new
    load: Any  # chat_id -> the state's JSON
    begin: Any  # update_id, now, chat_id -> a row (the state's JSON, or NULL) when the update is new
    save: Any  # chat_id, state, now
    log: Any  # q_text, q_lang, q_intent, q_towns, q_understood, q_user_hash, q_asked_at
    save_and_log: Any  # both in one statement (PostgreSQL only)

    @classmethod
    @functools.cache
    def build(cls, backend: str) -> _HotStatements:
        insert_into = postgresql.insert if backend == "postgresql" else sqlite.insert
        when = handled_update.c.handled_at.type
        claim = (
            insert_into(handled_update)
            .values(update_id=bindparam("update_id"), handled_at=bindparam("now", type_=when))
            .on_conflict_do_nothing(index_elements=[handled_update.c.update_id])
        )
        load = select(chat_state.c.state).where(chat_state.c.chat_id == bindparam("chat_id"))
        save = insert_into(chat_state).values(
            chat_id=bindparam("chat_id"), state=bindparam("state"), updated_at=bindparam("now", type_=when)
        )
        save = save.on_conflict_do_update(
            index_elements=[chat_state.c.chat_id],
            set_={"state": save.excluded.state, "updated_at": save.excluded.updated_at},
        )
        log = insert(question).values({c.name: bindparam(f"q_{c.name}", type_=c.type) for c in question.c if c.name != "id"})
        return cls(
            claim=claim.returning(handled_update.c.update_id),
            load=load,
            begin=claim.returning(load.scalar_subquery()),
            save=save,
            log=log,
            save_and_log=save.add_cte(log.cte("logged")),
        )


def _sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    """Per SQLite connection (the busy timeout is set as it connects): the store issues BEGIN itself; commits without
    fsync in WAL mode (``Store._enable_wal``); foreign keys enforced."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _sqlite_begin(conn: Any) -> None:
    """Begin as ``_transaction`` says: BEGIN IMMEDIATE to write, BEGIN to read, nothing for one statement."""
    begin = conn.get_execution_options().get("sqlite_begin", "BEGIN IMMEDIATE")
    if begin:
        conn.exec_driver_sql(begin)


__all__ = ["Store", "normalise_ref"]
