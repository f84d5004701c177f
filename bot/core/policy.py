"""The rules about what the bot keeps, which the store applies: the enquiry reference (``CLAIR-YYYY-NNNNNN``), how an
enquiry's status moves, and what retention keeps of a chat's state."""

from __future__ import annotations

import re
from typing import Final

from bot.core.reply import State

# An enquiry moves new -> forwarded (the staff card was delivered) -> answered (staff replied).
NEW: Final = "new"
FORWARDED: Final = "forwarded"
ANSWERED: Final = "answered"
STATUSES: Final = (NEW, FORWARDED, ANSWERED)

# The status an enquiry takes on each event, by the status it had (a status not listed stays as it is).
ON_FORWARDED: Final = {NEW: FORWARDED}  # its staff card was delivered
ON_ANSWERED: Final = {NEW: ANSWERED, FORWARDED: ANSWERED, ANSWERED: ANSWERED}  # staff answered it (again)

# What may be a reference in a command (``/status``, ``/reply``): letters, a year, a number, in any case.
REFERENCE: Final = re.compile(r"^[A-Za-z]{1,10}-\d{4}-\d{1,12}$")


def reference(year: int, number: int) -> str:
    """The reference of the ``number``-th enquiry (the store's id), made in ``year``: ``CLAIR-2026-000123``."""
    return f"CLAIR-{year}-{number:06d}"


def normalise_ref(ref: str) -> str:
    """A reference as stored: trimmed, upper case (``clair-2026-000123`` finds ``CLAIR-2026-000123``)."""
    return ref.strip().upper()


def retained(state: State) -> State:
    """What retention keeps of a chat's state untouched for longer than it: the language choice only (an abandoned
    enquiry dialogue holds an official's details)."""
    return State(lang=state.lang)
