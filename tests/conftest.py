"""Shared fixtures: a throwaway PostgreSQL server, fresh databases on it, and stores over SQLite and PostgreSQL.

``postgres_url`` (session): the URL of a PostgreSQL server for tests, ``postgresql://...`` (plain, as in
``DATABASE_URL``). ``TEST_DATABASE_URL`` when set; otherwise a server started for the session: ``initdb`` into a
temporary directory, ``pg_ctl start`` on a free 127.0.0.1 port (trust auth, unix sockets in the same directory,
fsync off), run as the ``postgres`` OS user when the tests run as root (initdb refuses root); stopped and removed
at session end. Without PostgreSQL binaries (``initdb``/``pg_ctl`` on PATH or in /usr/lib/postgresql/*/bin) the
PostgreSQL tests are skipped, except under ``CI`` where they fail.

``postgres_database``: a fresh, empty database on that server for one test (dropped afterwards); its URL.
``store_factory``: makes unopened ``Store`` objects for one test's database, parametrised over ``sqlite`` (a file
in tmp_path, via ``open_store(None, data_dir)``) and ``postgresql``; ``store``: one of them, opened.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from pageserver import PageServer, page_server
from sqlalchemy import make_url

from bot.store import Store, open_store

PG_START_ATTEMPTS = 3

# python-telegram-bot 22's durations as timedelta, as `python -m bot` opts in (bot.cli.main); without it PTB warns,
# and warnings are errors here.
os.environ.setdefault("PTB_TIMEDELTA", "1")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: needs a PostgreSQL server (see the postgres_url fixture)")


def _postgres_binaries() -> tuple[str, str] | None:
    """``initdb`` and ``pg_ctl`` from PATH, else from the newest /usr/lib/postgresql/*/bin."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path.parent.name))

    for bindir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True):
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return str(bindir / "initdb"), str(bindir / "pg_ctl")
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _PostgresServer:
    """A throwaway PostgreSQL cluster in a temporary directory."""

    def __init__(self, initdb: str, pg_ctl: str) -> None:
        self.initdb, self.pg_ctl = initdb, pg_ctl
        # Short path: the server's unix socket lives here (sun_path is limited to ~100 bytes).
        self.base = Path(tempfile.mkdtemp(prefix="sister-city-bot-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = 0
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres OS user
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(self.base, ignore_errors=True)
                raise RuntimeError("running as root needs a `postgres` OS user to run PostgreSQL") from None
            os.chown(self.base, owner.pw_uid, owner.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*self.prefix, *args], cwd=self.base, capture_output=True, text=True, timeout=120, check=False
        )
        if check and result.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}{log}")
        return result

    def start(self) -> str:
        self._run(self.initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "-N")
        for attempt in range(PG_START_ATTEMPTS):
            self.port = _free_port()
            options = " ".join(
                [
                    "-c listen_addresses=127.0.0.1",
                    f"-p {self.port}",
                    f"-k {self.base}",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                ]
            )
            result = self._run(
                self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30", "start",
                check=attempt == PG_START_ATTEMPTS - 1,
            )  # fmt: skip
            if result.returncode == 0:
                return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
            time.sleep(0.2)  # the port was taken meanwhile: try another
        raise AssertionError("unreachable")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server's URL (``postgresql://user@host:port/db``): TEST_DATABASE_URL or a throwaway server."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    binaries = _postgres_binaries()
    if binaries is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql or set TEST_DATABASE_URL"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI must run the PostgreSQL tests)")
        pytest.skip(message)
    server = _PostgresServer(*binaries)
    try:
        yield server.start()
    finally:
        server.stop()


def _asyncpg_dsn(url: str) -> str:
    """A URL asyncpg itself accepts (no ``+asyncpg`` driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
async def postgres_database(postgres_url: str) -> AsyncIterator[str]:
    """A fresh, empty database on the test server for one test; its ``postgresql://`` URL."""
    import asyncpg

    admin = _asyncpg_dsn(postgres_url)
    name = f"test_{uuid.uuid4().hex[:16]}"
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Store]:
    """Makes unopened stores, all on this test's one database (SQLite file in tmp_path, or fresh PostgreSQL)."""
    data_dir = tmp_path / "data"
    url = request.getfixturevalue("postgres_database") if request.param == "postgresql" else None
    return lambda: open_store(url, data_dir)


@pytest.fixture
async def store(store_factory: Callable[[], Store]) -> AsyncIterator[Store]:
    """An opened store on a fresh database, over each backend."""
    async with store_factory() as opened:
        yield opened


@pytest.fixture
def pages() -> Iterator[PageServer]:
    """A local HTTP server standing in for CLAIR's site (``pages.serve(path, body)`` -> its URL)."""
    with page_server() as server:
        yield server
