"""The connection under the store: one SQLAlchemy async engine on SQLite (aiosqlite, WAL) or PostgreSQL (asyncpg).

Every store call is one short transaction (``Database._transaction``). On SQLite, transactions that write start with
``BEGIN IMMEDIATE`` (writers queue on the busy timeout instead of failing when a read transaction upgrades) and reads
with a deferred ``BEGIN``; several stores or processes may share one file. The file is switched to WAL once, when the
store opens (``_enable_wal``, which retries while another process opens it too). On PostgreSQL, schema upgrades hold
an advisory lock so concurrent starts are safe. Driver errors that mean "the database is not there or not writable"
become ``StoreUnavailable``; the pool checks connections before use (``pool_pre_ping``) so the store recovers as soon
as the database is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any, Self

from sqlalchemy import URL, event, func, make_url, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from . import schema
from .errors import StoreUnavailable

logger = logging.getLogger("bot.store")

# SQLSTATE classes (and codes) of PostgreSQL errors that mean the database is unreachable or refuses writes:
# connection exceptions, invalid authorisation, unknown database, insufficient resources, operator intervention
# (shutdown, cannot connect now), system errors, read-only transaction (a standby).
_PG_UNAVAILABLE_CLASSES = frozenset({"08", "28", "3D", "53", "57", "58"})
_PG_UNAVAILABLE_CODES = frozenset({"25006"})


class Database:
    """The connection to one database: open/close, schema upgrade, transactions, errors. ``Store`` (``sql.py``) adds
    the tables' operations to it."""

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

    async def __aenter__(self) -> Self:
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


def _sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    """Per SQLite connection (the busy timeout is set as it connects): the store issues BEGIN itself; commits without
    fsync in WAL mode (``Database._enable_wal``); foreign keys enforced."""
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
