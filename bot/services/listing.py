"""Following CLAIR's listing from a running bot: stage an import (fetched, or from the staff's files), publish it
(live through the knowledge reload), roll back, and check the pages on a schedule.

Channel-free: the Telegram staff commands and the scheduled check call it; it never publishes by itself.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

from bot.config import ListingSettings
from bot.listing.fetch import FetchError, Page, fetch, page
from bot.listing.staging import Staged, Staging, StagingError

logger = logging.getLogger("bot.listing")

Reload = Callable[[], Awaitable[Exception | None]]  # load the knowledge again: None, or why it was refused
POSTED = "listing.posted"  # store setting: the fingerprint of the last staged import the check posted
CHECKED = "listing.checked_at"  # store setting: when the pages were last checked (ISO, UTC)


class SharedSettings(Protocol):
    """The store's shared settings (``bot.store.Store`` has them)."""

    async def get_setting(self, key: str) -> str | None: ...
    async def set_setting(self, key: str, value: str, now: dt.datetime) -> None: ...


class ListingService:
    """Staged imports of one knowledge directory, published through ``reload``."""

    def __init__(self, knowledge_dir: Path, work_dir: Path, settings: ListingSettings | None = None,
                 reload: Reload | None = None, today: Callable[[], dt.date] | None = None):
        self.staging = Staging(knowledge_dir, work_dir)
        self.settings = settings or ListingSettings()
        self.reload = reload
        self._today = today or dt.date.today
        self._lock = asyncio.Lock()  # one import, publish or rollback at a time

    async def fetch_pages(self) -> tuple[Page, Page | None]:
        """Both pages, from ``LISTING_URL_EN`` and ``LISTING_URL_JA``."""
        settings = self.settings
        en, ja = await asyncio.gather(
            fetch(settings.url_en, timeout=settings.timeout, max_bytes=settings.max_bytes),
            fetch(settings.url_ja, timeout=settings.timeout, max_bytes=settings.max_bytes),
        )
        return en, ja

    async def stage_fetched(self) -> Staged:
        """Fetch both pages and stage the import (``FetchError`` when a page cannot be had)."""
        en, ja = await self.fetch_pages()
        return await self._stage(en, ja)

    async def stage_files(self, en: bytes, ja: bytes | None, names: tuple[str, str] = ("English page", "Japanese page")) -> Staged:
        """Stage the import of pages the staff sent as files (HTML or text, any usual charset)."""
        return await self._stage(page(en, names[0]), page(ja, names[1]) if ja is not None else None)

    async def _stage(self, en: Page, ja: Page | None) -> Staged:
        async with self._lock:
            staged = await asyncio.to_thread(self.staging.stage, en, ja, self._today())
        logger.info("listing staged: %s valid=%s %s", staged.id, staged.valid, staged.counts())
        return staged

    def get(self, staged_id: str) -> Staged | None:
        return self.staging.get(staged_id)

    async def publish(self, staged_id: str) -> Staged:
        """Make a valid staged import live; ``StagingError`` when it cannot be (and then nothing changed)."""
        async with self._lock:
            staged = await asyncio.to_thread(self.staging.publish, staged_id)
            error = await self._load()
            if error is not None:
                await asyncio.to_thread(self.staging.rollback)
                await self._load()
                raise StagingError(f"the published listing did not load, so it was rolled back: {error}")
        logger.info("listing published: %s %s", staged.id, staged.counts())
        return staged

    async def _load(self) -> Exception | None:
        return await self.reload() if self.reload else None

    def can_roll_back(self) -> bool:
        return self.staging.can_roll_back()

    async def rollback(self) -> None:
        """Restore the listing as it was before the last publish; ``StagingError`` when there is none."""
        async with self._lock:
            await asyncio.to_thread(self.staging.rollback)
            error = await self._load()
        if error is not None:
            raise StagingError(f"the restored listing did not load: {error}")
        logger.info("listing rolled back")

    async def discard(self, staged: Staged) -> None:
        await asyncio.to_thread(shutil.rmtree, self.staging.staged_dir / staged.id, True)

    async def check(self, store: SharedSettings, post: Callable[[Staged], Awaitable[object]]) -> Staged | None:
        """Fetch the pages and stage an import; ``post`` it when it would change the live listing (or is invalid)
        and it is not the one posted last time. The staged import, or None when there was nothing to post."""
        await store.set_setting(CHECKED, dt.datetime.now(dt.UTC).isoformat(), dt.datetime.now(dt.UTC))
        staged = await self.stage_fetched()
        fingerprint = staged.fingerprint()
        if (staged.valid and not staged.changed) or await store.get_setting(POSTED) == fingerprint:
            await self.discard(staged)
            return None
        await post(staged)  # first: a post that failed is tried again at the next check
        await store.set_setting(POSTED, fingerprint, dt.datetime.now(dt.UTC))
        return staged

    async def watch(self, store: SharedSettings, post: Callable[[Staged], Awaitable[object]],
                    failed: Callable[[str], Awaitable[object]] | None = None) -> None:
        """``check`` every ``LISTING_CHECK_HOURS`` (the first one when that much time has passed since the last check
        of any instance), until cancelled. A fetch that fails is logged, and ``failed`` is told once until a check
        works again."""
        interval = self.settings.check_hours * 3600
        failing = False
        while True:
            try:
                delay = await self._until_due(store, interval)
            except Exception:  # noqa: BLE001 - the store may be down for a while
                logger.exception("listing check: could not read when the last check was")
                delay = interval
            await asyncio.sleep(delay)
            try:
                await self.check(store, post)
                failing = False
            except FetchError as error:
                logger.warning("listing check: %s", error)
                if failed is not None and not failing:
                    await failed(str(error))
                failing = True
            except Exception:  # noqa: BLE001 - the schedule must outlive any single failure
                logger.exception("listing check failed")

    async def _until_due(self, store: SharedSettings, interval: float) -> float:
        try:
            last = dt.datetime.fromisoformat(await store.get_setting(CHECKED) or "")
        except ValueError:
            return 0.0
        elapsed = (dt.datetime.now(dt.UTC) - last).total_seconds()
        return min(max(0.0, interval - elapsed), interval)

