"""The frozen values the store returns: ``Enquiry``, ``Message``, ``Profile``, ``Health``, ``OutboxItem`` and
``QuestionRecord``.

All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from bot.core.policy import ANSWERED, CLOSED, FORWARDED, NEW, REPORTED, STATUSES

__all__ = [
    "ANSWER",
    "ANSWERED",
    "CLOSED",
    "CLOSED_NOTICE",
    "FORWARDED",
    "NEW",
    "OFFICIAL",
    "PROFILE_CARD",
    "RELAY",
    "REMINDER",
    "REPORTED",
    "STAFF",
    "STAFF_CARD",
    "STATUSES",
    "Enquiry",
    "Health",
    "Message",
    "OutboxItem",
    "Profile",
    "Question",
    "QuestionRecord",
]

# Kinds of outbox messages.
STAFF_CARD: Final = "staff_card"  # the enquiry, to be posted in the staff chat
ANSWER: Final = "answer"  # a staff reply, to be sent to the official who asked
RECEIPT: Final = "receipt"  # the reference, to the official, when the confirmation could not be sent at once
RELAY: Final = "relay"  # an official's message on an enquiry, to the staff chat
REMINDER: Final = "reminder"  # an enquiry still waiting for staff, to the staff chat again
CLOSED_NOTICE: Final = "closed"  # staff closed the enquiry: the official is told
PROFILE_CARD: Final = "profile_card"  # a foreign local government's profile, to the staff chat

# Who wrote a message of an enquiry's conversation.
OFFICIAL: Final = "official"
STAFF: Final = "staff"

# The question log keeps at most this many characters of a question (enough to see what was asked).
MAX_QUESTION_CHARS: Final = 500

EnquiryFields = dict[str, str | list[str]]


@dataclass(frozen=True)
class Enquiry:
    """An official's enquiry to one or more towns, with its delivery to staff and the staff's answer."""

    ref: str  # bot.core.policy.reference
    chat_id: int  # where the official talks to the bot (answers go there)
    user_id: int | None
    lang: str
    fields: EnquiryFields
    status: str  # one of STATUSES (bot.core.policy)
    created_at: dt.datetime
    forwarded_at: dt.datetime | None = None
    staff_chat_id: int | None = None
    staff_message_id: int | None = None
    answer: str | None = None
    answered_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    waiting_since: dt.datetime | None = None  # the official's oldest message no staff answer followed yet
    reminded_at: dt.datetime | None = None

    @property
    def towns(self) -> list[str]:
        """The town ids the enquiry is addressed to."""
        towns = self.fields.get("towns") or []
        return [towns] if isinstance(towns, str) else list(towns)


@dataclass(frozen=True)
class Message:
    """One message of an enquiry's conversation: the official's (``OFFICIAL``) or a staff answer (``STAFF``)."""

    ref: str
    author: str
    text: str
    created_at: dt.datetime
    chat_id: int | None = None  # where its author wrote it
    message_id: int | None = None


@dataclass(frozen=True)
class Profile:
    """A foreign local government's profile for CLAIR's list (fields: ``bot.core.profile.STEPS``, pamphlet)."""

    ref: str  # bot.core.policy.profile_reference
    chat_id: int
    user_id: int | None
    lang: str
    fields: dict[str, str]
    created_at: dt.datetime


@dataclass(frozen=True)
class Health:
    """What ``/healthz`` reports of the store: messages waiting to go out, and the oldest enquiry waiting for staff."""

    outbox_backlog: int  # due or retrying, not given up
    outbox_given_up: int
    oldest_waiting: dt.datetime | None  # ``waiting_since`` of the open enquiry waiting longest


@dataclass(frozen=True)
class OutboxItem:
    """A message to deliver (claimed by one sender at a time, retried until sent).

    ``payload`` for ``staff_card``: ``ref`` and, when known at creation, ``staff_chat_id``;
    for ``answer``: ``chat_id``, ``lang``, ``ref``, ``text``; for ``receipt`` and ``closed``: ``chat_id``, ``lang``,
    ``ref``; for ``relay``: ``ref``, ``text``; for ``reminder``: ``ref``; for ``profile_card``: ``ref`` (the profile's).
    """

    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    enquiry_ref: str | None


@dataclass(frozen=True)
class QuestionRecord:
    """One question asked of the bot, for analytics (no chat or user id, only a hash of the user)."""

    id: int
    text: str
    lang: str
    intent: str
    towns: tuple[str, ...]
    understood: bool
    user_hash: str
    asked_at: dt.datetime


@dataclass(frozen=True)
class Question:
    """A question to record with the state saved after it (``Store.end_update``)."""

    text: str
    lang: str
    intent: str
    towns: tuple[str, ...]
    understood: bool
    user_hash: str  # a salted hash of the user, never the user id
