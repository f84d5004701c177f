"""The division's exports (CSV that Excel opens with Japanese text) and ``/healthz``, over a real store on both
backends, and the command line that writes the exports."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import httpx

from bot.services.export import enquiries_csv, profiles_csv
from bot.services.health import health_app, report
from bot.store import Store, open_store

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
FIELDS = {"name": "山田 花子", "organisation": "=HYPERLINK(\"http://x\")", "email": "hanako@example.jp",
          "towns": ["nagi", "ibara"], "message": "姉妹都市について、\n相談したいです。", "handoff": "yes"}  # fmt: skip


def rows(data: bytes) -> list[dict[str, str]]:
    """The CSV as Excel reads it: a UTF-8 byte-order mark first, then the rows (csv module, Excel dialect)."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def test_enquiries_csv_holds_every_enquiry_and_its_conversation(store: Store) -> None:
    first = await store.create_enquiry(source_key="a", chat_id=1, user_id=2, lang="ja", fields=FIELDS, now=T0)
    second = await store.create_enquiry(source_key="b", chat_id=3, user_id=4, lang="en",
                                        fields={"name": "Ann", "email": "ann@x.org", "message": "Hi"}, now=T0 + HOUR)  # fmt: skip
    await store.add_staff_answer(first.ref, "どの町ですか？", T0 + 2 * HOUR, source_key="s1")
    await store.add_official_message(first.ref, 1, "奈義町です, \"quoted\"", T0 + 3 * HOUR, source_key="o1")
    await store.close_enquiry(first.ref, T0 + 4 * HOUR)

    table = rows(await enquiries_csv(store))
    assert [(r["ref"], r["row"], r["text"]) for r in table] == [
        (first.ref, "enquiry", "姉妹都市について、\n相談したいです。"),
        (first.ref, "staff", "どの町ですか？"),
        (first.ref, "official", "奈義町です, \"quoted\""),
        (second.ref, "enquiry", "Hi"),
    ]
    assert table[0]["status"] == "closed" and table[0]["name"] == "山田 花子" and table[0]["towns"] == "nagi ibara"
    assert table[0]["organisation"] == "'=HYPERLINK(\"http://x\")"  # never a formula in Excel
    assert table[0]["handoff"] == "yes" and table[1]["time"] == "2026-03-01 11:00:00 UTC"
    assert [r["ref"] for r in rows(await enquiries_csv(store, "new"))] == [second.ref]


async def test_profiles_csv(store: Store) -> None:
    fields = {"organisation": "タルトゥ市（エストニア）", "population": "91,000", "contact_email": "a@tartu.ee",
              "pamphlet": "file-id", "pamphlet_kind": "photo"}  # fmt: skip
    made = await store.create_profile(source_key="p", chat_id=1, user_id=2, lang="ja", fields=fields, now=T0)
    [row] = rows(await profiles_csv(store))
    assert row["ref"] == made.ref and row["Local government and country"] == "タルトゥ市（エストニア）"
    assert row["Population"] == "91,000" and row["Area"] == "" and row["Pamphlet"] == "photo"


async def test_health_report(store: Store) -> None:
    assert await report(store, T0) == (200, {"status": "ok", "store": "reachable", "outbox_backlog": 0,
                                            "outbox_given_up": 0, "oldest_unanswered_age_seconds": None})  # fmt: skip
    await store.create_enquiry(source_key="a", chat_id=1, user_id=2, lang="en", fields={"message": "x"}, now=T0)
    status, body = await report(store, T0 + 2 * HOUR)
    assert status == 200 and body["outbox_backlog"] == 1 and body["oldest_unanswered_age_seconds"] == 7200
    assert await report(store, T0, running=False) == (503, {"status": "starting"})


async def test_healthz_over_http_answers_503_once_the_store_is_gone(tmp_path: Path) -> None:
    async with open_store(None, tmp_path) as store:
        transport = httpx.ASGITransport(app=health_app(store, clock=lambda: T0))
        async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
            ok = await client.get("/healthz")
            assert ok.status_code == 200 and ok.json()["store"] == "reachable"
            (tmp_path / "bot.sqlite3").unlink()  # the database file deleted under the running bot
            down = await client.get("/healthz")
            assert down.status_code == 503 and down.json() == {"status": "unavailable", "store": "unreachable"}
            assert str(tmp_path) not in down.text


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, env=env, check=False)


def test_cli_exports(tmp_path: Path) -> None:
    async def fill() -> None:
        async with open_store(None, tmp_path) as store:
            made = await store.create_enquiry(source_key="a", chat_id=1, user_id=2, lang="ja", fields=FIELDS, now=T0)
            await store.add_staff_answer(made.ref, "回答です", T0 + HOUR, source_key="s")
            await store.create_profile(source_key="p", chat_id=1, user_id=2, lang="en",
                                       fields={"organisation": "Town of Hobart, Australia", "contact_email": "a@h.au"}, now=T0)  # fmt: skip

    asyncio.run(fill())
    out = tmp_path / "enquiries.csv"
    done = cli(tmp_path, "enquiries", "--csv", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert [r["row"] for r in rows(out.read_bytes())] == ["enquiry", "staff"]
    answered = cli(tmp_path, "enquiries", "--csv", "--status", "answered")
    assert [r["text"] for r in rows(answered.stdout)] == ["姉妹都市について、\n相談したいです。", "回答です"]
    assert rows(cli(tmp_path, "enquiries", "--csv", "--status", "closed").stdout) == []
    listing = cli(tmp_path, "profiles").stdout.decode()
    assert "PROFILE-2026-" in listing and "Town of Hobart, Australia" in listing
    assert rows(cli(tmp_path, "profiles", "--csv").stdout)[0]["Authorised contact: e-mail"] == "a@h.au"
    unwritable = cli(tmp_path, "profiles", "--csv", "--output", str(tmp_path / "missing" / "p.csv"))
    assert unwritable.returncode == 1 and b"cannot write" in unwritable.stderr


def test_console_profile_is_stored_and_listed(tmp_path: Path) -> None:
    lines = "/profile\nTown of Hobart, Australia\n" + "skip\n" * 9 + "Anna Lee\nskip\nanna@hobart.example\nskip\nyes\n/quit\n"
    env = {**os.environ, "DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    chat = subprocess.run([sys.executable, "-m", "bot", "chat"], input=lines.encode(), capture_output=True, env=env, check=False)
    assert chat.returncode == 0, chat.stderr
    assert b"Your profile has been sent" in chat.stdout
    listing = cli(tmp_path, "profiles").stdout.decode()
    assert "PROFILE-" in listing and "Town of Hobart, Australia" in listing and "anna@hobart.example" in listing
