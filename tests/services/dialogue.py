"""An official's enquiry dialogue, run through the engine to its Confirm."""

from __future__ import annotations

from bot.core.engine import Engine
from bot.core.reply import Reply, State

ANSWERS = ("Anna Lee, Mayor", "Town of Hobart, Australia", "anna@hobart.example", "ibara", "Hello from Hobart!", "yes")


def confirmed(engine: Engine, state: State | None = None) -> tuple[State, Reply]:
    """The state before the Confirm, and the reply carrying the ``Submission``."""
    reply = engine.act("enquire", "en", state or State())
    before = reply.state
    for line in ANSWERS:
        before = reply.state
        reply = engine.reply(line, "en", before)
    assert reply.submission is not None
    return before, reply
