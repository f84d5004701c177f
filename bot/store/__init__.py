"""The durable store: per-chat state, handled updates, enquiries, their outbox and the question log.

One async interface (``Store``) over SQLite by default (``DATA_DIR/bot.sqlite3``, created on first run, WAL) or
PostgreSQL when ``DATABASE_URL=postgresql://...``, so several bot instances can share it. All times are
timezone-aware UTC datetimes; methods that depend on the clock take ``now``.

    store = open_store(settings.database_url, settings.data_dir)   # settings: bot.config.Settings
    async with store:                                   # open(): create or upgrade the schema; close() at exit
        state = await store.begin_update(update_id, chat_id, now)  # claim + load in one transaction; None: handled
        await store.end_update(chat_id, state, now, loaded=state, question=Question(...))  # save + log, one transaction
        state = await store.load_state(chat_id)         # State() when none
        await store.save_state(chat_id, state, now)
        await store.claim_update(update_id, now)        # True once per update id; False for a redelivery
        enquiry = await store.create_enquiry(source_key=..., chat_id=..., user_id=..., lang=..., fields=..., now=...,
                                             receipt_after=timedelta(minutes=2))  # a fallback receipt, see below
        await store.settle_receipt(ref, now, delivered=True)  # the reference reached the official: no receipt
        await store.get_enquiry("clair-2026-000123")    # Enquiry | None (any case)
        await store.enquiry_for_staff_message(staff_chat_id, message_id)  # any part of a card split in several
        await store.list_enquiries(status=None, limit=50, chat_id=None)
        await store.count_enquiries(user_id, since)     # -> int
        await store.answer_enquiry(ref, text, now)      # Enquiry | None; queues an "answer" message
        ...                                             # the desk: conversations, closing, reminders, topics,
                                                        # profiles, health (bot/store/desk.py)
        items = await store.claim_outbox(now, limit=10, lease=timedelta(seconds=60))
        await store.outbox_sent(item.id, message_id, now) / store.outbox_failed(item.id, error, retry_at)
        await store.questions(since)                    # -> list[QuestionRecord]
        await store.purge(older_than)                   # -> enquiries deleted
        await store.get_setting(key) / store.set_setting(key, value, now)  # e.g. where the staff group moved
        store.check_file()                              # StoreUnavailable if the SQLite file was deleted or replaced

Every method raises ``StoreUnavailable`` when the database cannot be reached or written; the store works again
once it is back. The rules it applies (references, status changes, what retention keeps) are the core's
(``bot.core.policy``). ``Store`` (``sql.py``) is composed of parts by role: ``database.py`` (connection,
transactions, schema), ``chats.py``, ``enquiries.py``, ``outbox.py``, ``desk.py``.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError

from .errors import SchemaError, StoreUnavailable
from .records import (
    ANSWER,
    ANSWERED,
    CLOSED,
    CLOSED_NOTICE,
    FORWARDED,
    MAX_QUESTION_CHARS,
    NEW,
    OFFICIAL,
    PROFILE_CARD,
    RECEIPT,
    RELAY,
    REMINDER,
    REPORTED,
    STAFF,
    STAFF_CARD,
    STATUSES,
    Enquiry,
    Health,
    Message,
    OutboxItem,
    Profile,
    Question,
    QuestionRecord,
)
from .sql import Store

SQLITE_FILE = "bot.sqlite3"


def database_url(url: str | None, data_dir: Path) -> URL:
    """The async SQLAlchemy URL for ``DATABASE_URL`` (``url``), or the SQLite file in ``data_dir`` when unset.

    ``postgres://`` and ``postgresql[+driver]://`` become ``postgresql+asyncpg://`` (``sslmode=`` becomes asyncpg's
    ``ssl=``); ``sqlite[+driver]://`` becomes ``sqlite+aiosqlite://``. Errors never show the URL's password.
    """
    if url is None or not url.strip():
        return URL.create("sqlite+aiosqlite", database=str(Path(data_dir).absolute() / SQLITE_FILE))
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        raise ValueError("DATABASE_URL is not a database URL (expected postgresql://... or sqlite:///...)") from None
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
        if "sslmode" in parsed.query:
            sslmode = parsed.query["sslmode"]
            parsed = parsed.difference_update_query(["sslmode"])
            if "ssl" not in parsed.query:
                parsed = parsed.update_query_dict({"ssl": sslmode})
        return parsed
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    raise ValueError(f"DATABASE_URL: unsupported database {backend!r} (use postgresql or sqlite)")


def open_store(url: str | None, data_dir: Path) -> Store:
    """A store for ``DATABASE_URL`` (or SQLite in ``data_dir``), not yet opened: ``async with open_store(...)``."""
    return Store(database_url(url, data_dir))


__all__ = [
    "ANSWER",
    "ANSWERED",
    "CLOSED",
    "CLOSED_NOTICE",
    "FORWARDED",
    "MAX_QUESTION_CHARS",
    "NEW",
    "OFFICIAL",
    "PROFILE_CARD",
    "RECEIPT",
    "RELAY",
    "REMINDER",
    "REPORTED",
    "SQLITE_FILE",
    "STAFF",
    "STAFF_CARD",
    "STATUSES",
    "Enquiry",
    "Health",
    "Message",
    "OutboxItem",
    "Profile",
    "Question",
    "QuestionRecord",
    "SchemaError",
    "Store",
    "StoreUnavailable",
    "database_url",
    "open_store",
]
