"""The knowledge in service: ``Knowledge`` holds the live engine; every reader asks it for ``engine`` each time (never
keeps a copy), so a reload is served at once everywhere."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.core.engine import Engine
from bot.core.i18n import translator
from bot.knowledge import KnowledgeError
from bot.live import LiveEngine


class Knowledge:
    """The engine answering now: the live one (``LiveEngine``, reloaded when the knowledge changes), or a fixed one."""

    def __init__(self, engine: Engine, live: LiveEngine | None = None) -> None:
        self._fixed = engine
        self.live = live

    @property
    def engine(self) -> Engine:
        return self.live.engine if self.live is not None else self._fixed

    @property
    def reloadable(self) -> bool:
        return self.live is not None

    async def reload(self) -> KnowledgeError | None:
        """Load the knowledge again (off the event loop); on a problem the previous engine keeps serving and the error
        is returned. ``RuntimeError`` when this process has no live engine (``reloadable``)."""
        if self.live is None:
            raise RuntimeError("no live engine to reload")
        return await asyncio.to_thread(self.live.reload)

    async def watch(self, interval: float, report: Callable[[KnowledgeError | None], Awaitable[None]]) -> None:
        """Reload whenever a knowledge file changes (checked every ``interval`` seconds), then ``report``; until
        cancelled. Nothing to watch without a live engine."""
        if self.live is not None:
            await self.live.watch(interval, report)

    def reload_text(self, error: Exception | None, lang: str) -> str:
        """What staff are told after a reload."""
        _ = translator(lang)
        if error is None:
            return _("Knowledge reloaded: {count} towns.").format(count=len(self.engine.kb.towns))
        return _("Reload refused; the previous knowledge keeps serving.") + "\n" + str(error)
