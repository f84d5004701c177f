"""The rules about what the bot keeps, which the store applies: the enquiry reference (``CLAIR-YYYY-NNNNNN``), how an
enquiry's status moves, when it is closed, and what retention keeps of a chat's state."""

from __future__ import annotations

import re
from typing import Final

from bot.core.reply import State

# An enquiry moves new -> forwarded (the staff card was delivered) -> answered (staff replied).
NEW: Final = "new"
FORWARDED: Final = "forwarded"
ANSWERED: Final = "answered"
STATUSES: Final = (NEW, FORWARDED, ANSWERED)  # the status column's values
# Staff closed it (``closed_at`` set, whatever the status column holds): nothing more is relayed either way, and a
# message from the official offers a new enquiry.
CLOSED: Final = "closed"
REPORTED: Final = (*STATUSES, CLOSED)  # the statuses an enquiry is reported with (and listed by)

# The status an enquiry takes on each event, by the status it had (a status not listed stays as it is).
ON_FORWARDED: Final = {NEW: FORWARDED}  # its staff card was delivered
ON_ANSWERED: Final = {NEW: ANSWERED, FORWARDED: ANSWERED, ANSWERED: ANSWERED}  # staff answered it (again)

# What may be a reference in a command (``/status``, ``/reply``): letters, a year, a number, in any case.
REFERENCE: Final = re.compile(r"^[A-Za-z]{1,10}-\d{4}-\d{1,12}$")


def reported(status: str, closed: bool) -> str:
    """The status an enquiry is reported with: ``closed`` once closed, else its status."""
    return CLOSED if closed else status


def relays(status: str) -> bool:
    """Whether a message on an enquiry with this (reported) status is relayed: any, until it is closed."""
    return status != CLOSED


def reference(year: int, number: int) -> str:
    """The reference of the ``number``-th enquiry (the store's id), made in ``year``: ``CLAIR-2026-000123``."""
    return f"CLAIR-{year}-{number:06d}"


def profile_reference(year: int, number: int) -> str:
    """The reference of the ``number``-th profile, made in ``year``: ``PROFILE-2026-000012``."""
    return f"PROFILE-{year}-{number:06d}"


def normalise_ref(ref: str) -> str:
    """A reference as stored: trimmed, upper case (``clair-2026-000123`` finds ``CLAIR-2026-000123``)."""
    return ref.strip().upper()


def retained(state: State) -> State:
    """What retention keeps of a chat's state untouched for longer than it: the language choice only (an abandoned
    enquiry dialogue holds an official's details)."""
    return State(lang=state.lang)
