"""A chat's turn: the small replies every channel builds the same way."""

from __future__ import annotations

from bot.core.reply import Block, Reply, State


def note(text: str, lang: str, state: State, intent: str) -> Reply:
    """A reply of one paragraph that leaves the chat's state as it is."""
    return Reply(blocks=(Block(lines=(text,)),), intent=intent, lang=lang, state=state)
