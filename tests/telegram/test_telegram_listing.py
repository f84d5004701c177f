"""CLAIR's listing from the staff chat, end to end: the real Application over the fake Bot API, the pages served by a
local HTTP server standing in for CLAIR's site (fixture pages written for the tests)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
import tg_updates as tg
from conftest import Bot, running
from fake_bot_api import Call, FakeBotApi
from pageserver import PageServer
from test_telegram_enquiry import FAST, STAFF, STAFF_CHAT, STAFF_MEMBER, STAFF_USER, fresh

from bot.channels.telegram.listing import report
from bot.channels.telegram.render import MAX_MESSAGE, render, size
from bot.config import ListingSettings
from bot.core.engine import Engine
from bot.core.reply import State
from bot.knowledge.loader import DEFAULT_DIR
from bot.listing.importer import Importer
from bot.listing.staging import Staged
from bot.live import LiveEngine
from bot.services.listing import ListingService
from bot.store import Store

DATA = Path(__file__).parent.parent / "data" / "listing"
EN = (DATA / "listing_en.txt").read_text(encoding="utf-8")
JA = (DATA / "listing_ja.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module", autouse=True)
def warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One import first, so that loading GeoNames' cities and the reading dictionary (seconds, once a process) does
    not count against the time a test gives one update."""
    target = tmp_path_factory.mktemp("warm") / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    assert Importer(target).run(EN, JA, dry_run=True).ok


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def listing_bot(fake: FakeBotApi, store: Store, kb: Path, pages: PageServer, tmp_path: Path, **settings: object):  # type: ignore[no-untyped-def]
    """A staff-enabled bot serving ``kb``, importing CLAIR's pages from ``pages``."""
    live = LiveEngine(lambda: Engine.load(kb), kb)
    urls = {"url_en": pages.base + "/e/kibou.html", "url_ja": pages.base + "/j/kibou-j.html"}
    service = ListingService(kb, tmp_path / "listing", ListingSettings(**{**urls, **settings}))
    return running(fake, live.engine, store, FAST, live, 0, listing=service)


def to_staff(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.method == "sendMessage" and c["chat_id"] == STAFF]


def publish_button(calls: list[Call]) -> str | None:
    buttons = [b for c in calls if c.get("reply_markup") for row in c["reply_markup"]["inline_keyboard"] for b in row]
    return next((b["callback_data"] for b in buttons if b["text"] == "Publish"), None)


async def staff(bot: Bot, text: str, **extra: object) -> list[Call]:
    return await bot.send(fresh(tg.message(text, user=STAFF_MEMBER, chat=STAFF_CHAT, **extra)))


async def ask(bot: Bot, question: str) -> str:
    return "\n".join(c["text"] for c in await bot.send(fresh(tg.message(question))) if c.method == "sendMessage")


async def test_import_publish_rollback(fake: FakeBotApi, store: Store, kb: Path, pages: PageServer, tmp_path: Path) -> None:
    pages.serve("/e/kibou.html", EN)
    pages.serve("/j/kibou-j.html", JA)
    bot_cm = listing_bot(fake, store, kb, pages, tmp_path)
    async with bot_cm as bot:
        calls = to_staff(await staff(bot, "/import"))
        text = "\n".join(c["text"] for c in calls)
        assert "+ added: Hoshizora Village [hoshizora]" in text and "5 added, 3 removed, 0 changed." in text
        assert "Nothing is live yet" in text
        button = publish_button(calls)
        assert button is not None and button.startswith("v1|publish:")
        assert "2,840" not in await ask(bot, "population of Hoshizora")  # staged, not live

        refused = await bot.send(fresh(tg.callback(button)))  # someone else presses it
        assert not any("Published" in c.get("text", "") for c in refused)
        assert "Ibara" in await ask(bot, "list the towns")

        published = to_staff(await bot.send(fresh(tg.callback(button, user=STAFF_MEMBER, chat=STAFF_CHAT))))
        assert any("Published: the bot now serves CLAIR's new listing, 5 towns." in c["text"] for c in published)
        assert fake.of("editMessageReplyMarkup")
        assert "2,840" in await ask(bot, "population of Hoshizora")
        assert "no longer on CLAIR's list" in await ask(bot, "Is Ibara still looking?")
        again = to_staff(await bot.send(fresh(tg.callback(button, user=STAFF_MEMBER, chat=STAFF_CHAT))))
        assert any("Not published: no staged import" in c["text"] for c in again)

        rolled = to_staff(await staff(bot, "/rollback"))
        assert any("Rolled back" in c["text"] and "3 towns" in c["text"] for c in rolled)
        assert "Nagi Town" in await ask(bot, "population of Nagi")
        assert "Hoshizora" not in await ask(bot, "list the towns")
        nothing = to_staff(await staff(bot, "/rollback"))
        assert any("Nothing was rolled back" in c["text"] for c in nothing)


async def test_only_staff_import(fake: FakeBotApi, store: Store, kb: Path, pages: PageServer, tmp_path: Path) -> None:
    pages.serve("/e/kibou.html", EN)
    pages.serve("/j/kibou-j.html", JA)
    bot_cm = listing_bot(fake, store, kb, pages, tmp_path)
    async with bot_cm as bot:
        for text in ("/import", "/rollback"):
            calls = await bot.send(fresh(tg.message(text)))
            assert any("only for the staff" in c.get("text", "") for c in calls)
        assert pages.requests == []
        private = await bot.send(fresh(tg.message("/import", user=STAFF_USER)))  # a STAFF_USER_IDS user, privately
        assert publish_button(private) is not None
        menus = [c for c in fake.of("setMyCommands") if (c.get("scope") or {}).get("type") == "chat"]
        assert menus and all({"import", "rollback"} <= {m["command"] for m in c["commands"]} for c in menus)


async def test_an_invalid_page_has_no_publish_button(fake: FakeBotApi, store: Store, kb: Path, pages: PageServer, tmp_path: Path) -> None:
    pages.serve("/e/kibou.html", EN.replace("(Hokkaido)", "(Atlantis)"))
    pages.serve("/j/kibou-j.html", JA)
    bot_cm = listing_bot(fake, store, kb, pages, tmp_path)
    async with bot_cm as bot:
        calls = to_staff(await staff(bot, "/import"))
        text = "\n".join(c["text"] for c in calls)
        assert "cannot be published" in text and "Atlantis" in text and publish_button(calls) is None
        pages.serve("/j/kibou-j.html", "gone", status=404)
        failed = "\n".join(c["text"] for c in to_staff(await staff(bot, "/import")))
        assert "I could not fetch CLAIR's page" in failed and "404" in failed


async def test_the_staff_s_files(fake: FakeBotApi, store: Store, kb: Path, pages: PageServer, tmp_path: Path) -> None:
    bot_cm = listing_bot(fake, store, kb, pages, tmp_path)
    async with bot_cm as bot:
        english = fake.document(EN.encode("utf-8"), "kibou.txt", "text/plain")
        calls = to_staff(await staff(bot, None, document=english, caption="/import"))  # type: ignore[arg-type]
        text = "\n".join(c["text"] for c in calls)
        assert "From: kibou.txt" in text and "send it with the caption /import" in text
        assert publish_button(calls) is not None
        japanese = fake.document(JA.replace("²", "2").encode("cp932"), "kibou-j.html", "text/html")
        calls = to_staff(await staff(bot, None, document=japanese, caption="/import"))  # type: ignore[arg-type]
        text = "\n".join(c["text"] for c in calls)
        assert "From: kibou.txt, kibou-j.html" in text and "send it with the caption" not in text
        await bot.send(fresh(tg.callback(publish_button(calls) or "", user=STAFF_MEMBER, chat=STAFF_CHAT)))
        assert "2,840人" in await ask(bot, "星空村の人口は？")
        assert not pages.requests  # nothing fetched


async def test_the_japanese_page_first_then_a_reply_to_the_english_file(fake: FakeBotApi, store: Store, kb: Path, pages: PageServer, tmp_path: Path) -> None:
    async with listing_bot(fake, store, kb, pages, tmp_path) as bot:
        japanese = fake.document(JA.encode("utf-8"), "kibou-j.html")
        waiting = "\n".join(c["text"] for c in to_staff(await staff(bot, None, document=japanese, caption="/import")))  # type: ignore[arg-type]
        assert "This is the Japanese page. Now send the English page" in waiting
        english = tg.message(None, user=STAFF_MEMBER, chat=STAFF_CHAT, document=fake.document(EN.encode(), "kibou.txt", "text/plain"))
        calls = to_staff(await staff(bot, "/import", reply_to=english["message"]))
        text = "\n".join(c["text"] for c in calls)
        assert "From: kibou.txt, kibou-j.html" in text and publish_button(calls) is not None
        big, before = fake.document(b"x" * 6_000_000, "huge.html"), len(fake.calls)
        refused = "\n".join(c["text"] for c in to_staff(await staff(bot, None, document=big, caption="/import")))  # type: ignore[arg-type]
        assert "larger than 5,000,000 bytes" in refused and not fake.of("getFile", since=before)


async def test_the_scheduled_check_posts_a_change_once(fake: FakeBotApi, store: Store, kb: Path, pages: PageServer, tmp_path: Path) -> None:
    pages.serve("/e/kibou.html", EN)
    pages.serve("/j/kibou-j.html", JA)
    bot_cm = listing_bot(fake, store, kb, pages, tmp_path, check_hours=0.00002)  # every 72 ms
    async with bot_cm as bot:
        posted = await fake.wait_for("sendMessage", timeout=30)
        for _ in range(3000):
            if pages.requests.count("/e/kibou.html") >= 4:
                break
            await asyncio.sleep(0.01)
        staff_posts = [c for c in fake.of("sendMessage") if c["chat_id"] == STAFF]
        assert "scheduled check" in posted[0]["text"] and publish_button(staff_posts) is not None
        assert sum("scheduled check" in c["text"] for c in staff_posts) == 1
        assert "2,840" not in await ask(bot, "population of Hoshizora")  # never published by itself


def test_a_long_report_is_split_with_the_button_last() -> None:
    lines = [f"+ added: Town number {n} with a rather long name [town-{n}]" for n in range(300)]
    staged = Staged("20260101000000-abcdef", "", ["kibou.html"], "", [], lines)
    messages = render(report(staged, "en", State()))
    assert len(messages) > 2 and all(size(m.text) <= MAX_MESSAGE for m in messages)
    assert [m.keyboard is not None for m in messages] == [False] * (len(messages) - 1) + [True]
    assert "Town number 299" in messages[-1].text or "Town number 299" in messages[-2].text
