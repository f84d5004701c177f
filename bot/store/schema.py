"""The store's tables and the ordered migration steps that create and upgrade them (no Alembic).

``schema_version`` holds one row per applied step. ``upgrade`` brings a database to the last step:

* a new database (no ``schema_version`` table) gets the tables as defined below and every step is recorded as
  applied, since the definitions below already include every step's effect;
* an existing database runs, in order, each step whose version is above its highest recorded one;
* a database whose version is above the last step was upgraded by a newer bot: ``SchemaError``.

To change the schema: edit the tables below AND append a ``Migration`` that brings an existing database from the
previous version to the new one (``ALTER TABLE ...``). Never edit or reorder a released step.

The caller runs ``upgrade`` in one transaction holding the schema lock (PostgreSQL: a transaction-level advisory
lock; SQLite: ``BEGIN IMMEDIATE``), so concurrent starts apply each step exactly once; DDL is transactional on both.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)

from .errors import SchemaError
from .records import STATUSES

# Key of the PostgreSQL advisory lock held while the schema is created or upgraded.
SCHEMA_LOCK_KEY = zlib.crc32(b"sister_city_bot.store.schema")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime: ``timestamptz`` on PostgreSQL, naive UTC text on SQLite (sorts correctly)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: the store needs timezone-aware datetimes")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


# 64-bit ids on PostgreSQL; SQLite's rowid alias must be spelt INTEGER.
Id = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

# Per-chat conversation state (``bot.core.reply.State`` as JSON).
chat_state = Table(
    "chat_state",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("state", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Telegram update ids already handled by some instance (redeliveries are skipped).
handled_update = Table(
    "handled_update",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("handled_at", UTCDateTime, nullable=False, index=True),
)

# AUTOINCREMENT on SQLite: ids (and so references) are never reused after a purge.
enquiry = Table(
    "enquiry",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("ref", String(32), unique=True),  # CLAIR-{year}-{id:06d}, set in the transaction that inserts the row
    Column("source_key", String(255), nullable=False, unique=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("user_id", BigInteger),
    Column("lang", String(8), nullable=False),
    Column("fields", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("forwarded_at", UTCDateTime),
    Column("staff_chat_id", BigInteger),
    Column("staff_message_id", BigInteger),
    Column("answer", Text),
    Column("answered_at", UTCDateTime),
    Column("closed_at", UTCDateTime),  # staff closed it (reported as status "closed")
    Column("waiting_since", UTCDateTime),  # the official's oldest message no staff answer followed yet; NULL: none
    Column("reminded_at", UTCDateTime),  # when the staff chat was last reminded of it
    CheckConstraint(f"status IN ({', '.join(repr(s) for s in STATUSES)})", name="status"),
    Index(None, "staff_chat_id", "staff_message_id"),
    Index(None, "user_id", "created_at"),
    Index(None, "status", "created_at"),
    Index(None, "waiting_since"),
    sqlite_autoincrement=True,
)

# Messages to deliver exactly once: claimed with a lease, retried until sent (next_attempt_at NULL: given up).
outbox = Table(
    "outbox",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("enquiry_id", Id, ForeignKey("enquiry.id", ondelete="CASCADE"), index=True),
    Column("profile_id", Id, ForeignKey("profile.id", ondelete="CASCADE"), index=True),
    Column("payload", JSON, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("next_attempt_at", UTCDateTime),
    Column("claimed_until", UTCDateTime),
    Column("sent_at", UTCDateTime),
    Column("message_id", BigInteger),
    Column("last_error", Text),
    sqlite_autoincrement=True,
)
Index(
    "ix_outbox_due",
    outbox.c.next_attempt_at,
    postgresql_where=outbox.c.sent_at.is_(None),
    sqlite_where=outbox.c.sent_at.is_(None),
)

# Questions asked, for analytics: no chat or user id, only a hash of the user.
question = Table(
    "question",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("text", Text, nullable=False),
    Column("lang", String(8), nullable=False),
    Column("intent", String(64), nullable=False),
    Column("towns", JSON, nullable=False),
    Column("understood", Boolean, nullable=False),
    Column("user_hash", String(128), nullable=False),
    Column("asked_at", UTCDateTime, nullable=False, index=True),
    sqlite_autoincrement=True,
)


# Values the bot learns while it runs and every instance must share (e.g. the staff group's new id after Telegram
# made it a supergroup).
setting = Table(
    "setting",
    metadata,
    Column("key", String(128), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Every message of a staff card that Telegram took in several parts: a staff reply to any of them answers the enquiry.
staff_message = Table(
    "staff_message",
    metadata,
    Column("staff_chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("message_id", BigInteger, primary_key=True, autoincrement=False),
    Column("enquiry_id", Id, ForeignKey("enquiry.id", ondelete="CASCADE"), nullable=False, index=True),
)


# An enquiry's conversation: the official's messages and the staff's answers, in order. ``source_key`` (what
# created the message, e.g. the Telegram update) makes recording it exactly-once; ``chat_id``/``message_id``: where
# its author wrote it.
enquiry_message = Table(
    "enquiry_message",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("enquiry_id", Id, ForeignKey("enquiry.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("author", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("source_key", String(255), unique=True),
    Column("chat_id", BigInteger),
    Column("message_id", BigInteger),
    CheckConstraint("author IN ('official', 'staff')", name="author"),
    sqlite_autoincrement=True,
)

# Every message the bot posted about an enquiry (a relayed answer or message, a reminder, a closing notice): a
# reply to any of them continues that enquiry.
posted_message = Table(
    "posted_message",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("message_id", BigInteger, primary_key=True, autoincrement=False),
    Column("enquiry_id", Id, ForeignKey("enquiry.id", ondelete="CASCADE"), nullable=False, index=True),
)

# The staff chat's forum topic of an enquiry (a forum supergroup gives each enquiry a topic of its own).
forum_topic = Table(
    "forum_topic",
    metadata,
    Column("enquiry_id", Id, ForeignKey("enquiry.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    Column("staff_chat_id", BigInteger, nullable=False),
    Column("topic_id", BigInteger, nullable=False),
    Index(None, "staff_chat_id", "topic_id", unique=True),
)

# A foreign local government's profile for CLAIR's list (``bot.core.profile``), its staff card queued in the outbox.
profile = Table(
    "profile",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("ref", String(32), unique=True),  # PROFILE-{year}-{id:06d}
    Column("source_key", String(255), nullable=False, unique=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("user_id", BigInteger),
    Column("lang", String(8), nullable=False),
    Column("fields", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    sqlite_autoincrement=True,
)


@dataclass(frozen=True)
class Migration:
    """One step: ``apply`` brings a database at ``version - 1`` to ``version`` (runs on a sync connection)."""

    version: int
    description: str
    apply: Callable[[Connection], Any]


def _baseline(conn: Connection) -> None:
    metadata.create_all(conn, checkfirst=True)


def _settings_and_card_parts(conn: Connection) -> None:
    metadata.create_all(conn, tables=[setting, staff_message], checkfirst=True)


def _add_column(conn: Connection, table: Table, name: str) -> None:
    """``ALTER TABLE ... ADD COLUMN`` for a column as defined above (nullable, with its foreign key if any), unless the
    table has it already."""
    if name in {c["name"] for c in inspect(conn).get_columns(table.name)}:
        return
    column = table.c[name]
    ddl = f"ALTER TABLE {table.name} ADD COLUMN {name} {column.type.compile(dialect=conn.dialect)}"
    for key in column.foreign_keys:
        ddl += f" REFERENCES {key.column.table.name}({key.column.name}) ON DELETE {key.ondelete}"
    conn.execute(text(ddl))


def _desk(conn: Connection) -> None:
    metadata.create_all(conn, tables=[enquiry_message, posted_message, forum_topic, profile], checkfirst=True)
    for name in ("closed_at", "waiting_since", "reminded_at"):
        _add_column(conn, enquiry, name)
    _add_column(conn, outbox, "profile_id")
    conn.execute(update(enquiry).where(enquiry.c.answered_at.is_(None)).values(waiting_since=enquiry.c.created_at))
    for index in (*enquiry.indexes, *outbox.indexes):
        if {c.name for c in index.columns} <= {"waiting_since", "profile_id"}:
            index.create(conn, checkfirst=True)


MIGRATIONS: Sequence[Migration] = (
    Migration(1, "chat state, handled updates, enquiries, outbox, question log", _baseline),
    Migration(2, "shared settings; every message of a staff card", _settings_and_card_parts),
    Migration(3, "conversations, closing, reminders, forum topics, profiles", _desk),
)


def head(steps: Sequence[Migration] | None = None) -> int:
    """The version the code expects: the last step's (steps must be numbered 1, 2, 3...)."""
    steps = MIGRATIONS if steps is None else steps
    if [s.version for s in steps] != list(range(1, len(steps) + 1)):
        raise SchemaError("migration steps must be numbered 1, 2, 3... in order")
    return len(steps)


def current_version(conn: Connection) -> int:
    """The highest applied step (0 for a database without the schema)."""
    if not inspect(conn).has_table(schema_version.name):
        return 0
    return int(conn.scalar(select(func.max(schema_version.c.version))) or 0)


def check_version(version: int) -> None:
    """``SchemaError`` when the database is newer than the code."""
    if version > head():
        raise SchemaError(
            f"the database schema is at version {version} but this code knows only up to {head()}: "
            "a newer version of the bot upgraded it"
        )


def upgrade(conn: Connection, now: dt.datetime) -> list[int]:
    """Create or upgrade the schema (inside the caller's locked transaction); the versions applied now."""
    steps = list(MIGRATIONS)
    last = head(steps)
    version = current_version(conn)
    check_version(version)
    if version == 0:
        metadata.create_all(conn, checkfirst=True)
        applied = steps
    else:
        applied = [step for step in steps if step.version > version]
        for step in applied:
            step.apply(conn)
    if applied:
        conn.execute(
            insert(schema_version),
            [{"version": s.version, "description": s.description, "applied_at": now} for s in applied],
        )
    if current_version(conn) != last:
        raise SchemaError(f"the schema upgrade did not reach version {last}")
    return [s.version for s in applied]
