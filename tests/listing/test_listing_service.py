"""The listing service against a local HTTP server standing in for CLAIR: staging fetched pages or the staff's
files, publishing through the live reload, rolling back, and the scheduled check."""

import asyncio
import contextlib

import pytest

from bot.config import ListingSettings
from bot.core.engine import Engine
from bot.listing.fetch import FetchError
from bot.listing.staging import StagingError, fingerprint
from bot.live import LiveEngine
from bot.services.listing import CHECKED, POSTED, ListingService

from .conftest import DATA, TODAY

EN = (DATA / "listing_en.txt").read_text(encoding="utf-8")
JA = (DATA / "listing_ja.txt").read_text(encoding="utf-8")


@pytest.fixture
def live(kb_copy):
    return LiveEngine(lambda: Engine.load(kb_copy), kb_copy)


def _service(kb_copy, tmp_path, live, pages=None, **settings) -> ListingService:
    if pages is not None:
        settings = {"url_en": pages.base + "/e/kibou.html", "url_ja": pages.base + "/j/kibou-j.html", **settings}

    async def reload():
        return await asyncio.to_thread(live.reload)

    return ListingService(kb_copy, tmp_path / "listing", ListingSettings(**settings), reload, today=lambda: TODAY)


async def test_fetched_pages_go_live_only_when_published(kb_copy, tmp_path, live, pages):
    pages.serve("/e/kibou.html", EN, content_type="text/plain; charset=utf-8")
    pages.serve("/j/kibou-j.html", JA.replace("²", "2").encode("cp932"), content_type="text/html; charset=Shift_JIS")
    service = _service(kb_copy, tmp_path, live, pages)
    staged = await service.stage_fetched()
    assert staged.valid and staged.counts()["added"] == 5
    assert staged.sources == [pages.base + "/e/kibou.html", pages.base + "/j/kibou-j.html"]
    assert "hoshizora" not in live.engine.kb.towns

    await service.publish(staged.id)
    assert "hoshizora" in live.engine.kb.towns and "ibara" not in live.engine.kb.towns
    reply = live.engine.reply("星空村の人口は？")
    assert "2,840人" in reply.text, reply.text
    assert "no longer on CLAIR's list" in live.engine.reply("Is Ibara still looking?").text

    await service.rollback()
    assert set(live.engine.kb.towns) == {"ibara", "nagi", "ujitawara"}
    with pytest.raises(StagingError):
        await service.rollback()


async def test_the_staff_s_files(kb_copy, tmp_path, live):
    service = _service(kb_copy, tmp_path, live)
    staged = await service.stage_files(EN.encode("utf-8"), JA.replace("²", "2").encode("cp932"), ("kibou.txt", "kibou-j.txt"))
    assert staged.valid and staged.sources == ["kibou.txt", "kibou-j.txt"]
    await service.publish(staged.id)
    assert live.engine.kb.towns["hoshizora"].name("ja") == "星空村"
    english_only = await service.stage_files(EN.encode("utf-8"), None)
    assert english_only.valid and english_only.sources == ["English page"]


async def test_a_publish_that_does_not_load_is_rolled_back(kb_copy, tmp_path, live):
    before = fingerprint(kb_copy)

    async def refuse():
        return ValueError("refused for the test")

    service = ListingService(kb_copy, tmp_path / "listing", reload=refuse, today=lambda: TODAY)
    staged = await service.stage_files(EN.encode(), JA.encode())
    with pytest.raises(StagingError, match="rolled back: refused for the test"):
        await service.publish(staged.id)
    assert fingerprint(kb_copy) == before


async def test_a_page_that_cannot_be_fetched(kb_copy, tmp_path, live, pages):
    pages.serve("/e/kibou.html", EN)
    service = _service(kb_copy, tmp_path, live, pages)  # no Japanese page served: 404
    with pytest.raises(FetchError, match="404"):
        await service.stage_fetched()
    assert not service.staging.staged_dir.exists() or not any(service.staging.staged_dir.iterdir())


async def test_the_check_posts_each_change_once(kb_copy, tmp_path, live, pages, store):
    pages.serve("/e/kibou.html", EN)
    pages.serve("/j/kibou-j.html", JA)
    service = _service(kb_copy, tmp_path, live, pages)
    posted = []

    async def post(staged):
        posted.append(staged)

    first = await service.check(store, post)
    assert first is not None and posted == [first] and first.valid and first.changed
    assert await store.get_setting(POSTED) == first.fingerprint() and await store.get_setting(CHECKED)
    assert await service.check(store, post) is None and len(posted) == 1  # the same change: not again

    pages.serve("/e/kibou.html", EN.replace("２，８４０", "２，９００"))
    second = await service.check(store, post)
    assert second is not None and len(posted) == 2
    await service.publish(second.id)
    assert await service.check(store, post) is None and len(posted) == 2  # the live listing is the page's
    assert live.engine.kb.towns["hoshizora"].population.value == 2900


async def test_a_report_that_could_not_be_posted_is_posted_at_the_next_check(kb_copy, tmp_path, live, pages, store):
    pages.serve("/e/kibou.html", EN)
    pages.serve("/j/kibou-j.html", JA)
    service = _service(kb_copy, tmp_path, live, pages)
    posted = []

    async def post(staged):
        if not posted:
            posted.append(None)
            raise RuntimeError("the staff chat is unreachable")
        posted.append(staged)

    with pytest.raises(RuntimeError):
        await service.check(store, post)
    assert await store.get_setting(POSTED) is None
    assert await service.check(store, post) is not None and len(posted) == 2


async def test_the_schedule_tells_the_staff_once_when_fetching_fails(kb_copy, tmp_path, live, pages, store):
    pages.serve("/e/kibou.html", EN)
    service = _service(kb_copy, tmp_path, live, pages, check_hours=0.00001)  # every 36 ms
    failures: list[str] = []

    async def failed(message):
        failures.append(message)

    task = asyncio.create_task(service.watch(store, post=lambda staged: asyncio.sleep(0), failed=failed))
    try:
        for _ in range(2000):
            if pages.requests.count("/j/kibou-j.html") >= 3:
                break
            await asyncio.sleep(0.01)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task  # before the store closes
    assert pages.requests.count("/j/kibou-j.html") >= 3
    assert len(failures) == 1 and "kibou-j.html: the server answered 404" in failures[0]
