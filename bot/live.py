"""The engine in service, swapped for a new one only when the changed knowledge base validates."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.core.engine import Engine
from bot.knowledge import KnowledgeError
from bot.knowledge.loader import DEFAULT_DIR

logger = logging.getLogger("bot.reload")
Snapshot = dict[str, tuple[int, int]]


def snapshot(directory: Path) -> Snapshot:
    """Size and modification time of every knowledge file."""
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(directory.rglob("*.y*ml")) if p.is_file()}


class LiveEngine:
    """Holds the current engine; ``reload`` replaces it only with one whose knowledge loads without problems."""

    def __init__(self, load: Callable[[], Engine], directory: Path | None = None):
        self._load = load
        self.directory = Path(directory) if directory else DEFAULT_DIR
        self._seen = snapshot(self.directory)
        self.engine = load()

    def changed(self) -> bool:
        return snapshot(self.directory) != self._seen

    def reload(self) -> KnowledgeError | None:
        """Load the knowledge again; on a problem keep the old engine and return the error."""
        self._seen = snapshot(self.directory)
        try:
            self.engine = self._load()
        except KnowledgeError as error:
            logger.warning("knowledge reload refused: %s", error)
            return error
        logger.info("knowledge reloaded: %d towns", len(self.engine.kb.towns))
        return None

    async def watch(self, interval: float, report: Callable[[KnowledgeError | None], Awaitable[None]] | None = None) -> None:
        """Reload whenever a file changes, checking every ``interval`` seconds, until cancelled."""
        while True:
            await asyncio.sleep(interval)
            changed = await asyncio.to_thread(self.changed)
            if changed:
                error = await asyncio.to_thread(self.reload)
                if report:
                    await report(error)
