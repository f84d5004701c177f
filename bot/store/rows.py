"""What the store's modules share: checked values in (aware UTC times, text without NUL, enquiry fields) and
records out (a row as an ``Enquiry``), an outbox row, and an enquiry's status move in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Row, case

from bot.core.policy import reported

from .records import Enquiry
from .schema import enquiry


def utc(value: dt.datetime, name: str = "now") -> dt.datetime:
    """``value`` in UTC; ``ValueError`` for a naive datetime (or anything else)."""
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, not {value!r}")
    return value.astimezone(dt.UTC)


def no_nul(text: str) -> str:
    """Text as stored: without NUL characters, which PostgreSQL refuses in text ("invalid byte sequence")."""
    return text.replace("\x00", "") if "\x00" in text else text


def check_fields(fields: Mapping[str, str | Sequence[str]]) -> dict[str, str | list[str]]:
    """Enquiry or profile fields as stored: string names, values strings or lists of strings, without NUL."""
    checked: dict[str, str | list[str]] = {}
    for key, value in fields.items():
        if not isinstance(key, str):
            raise TypeError(f"enquiry field names are strings, not {key!r}")
        if isinstance(value, str):
            checked[key] = no_nul(value)
        elif isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
            checked[key] = [no_nul(v) for v in value]
        else:
            raise TypeError(f"enquiry field {key!r} must be a string or a list of strings, not {value!r}")
    return checked


def enquiry_record(row: Row[Any]) -> Enquiry:
    """An ``enquiry`` row as an ``Enquiry`` (status ``closed`` once closed)."""
    return Enquiry(
        ref=row.ref,
        chat_id=row.chat_id,
        user_id=row.user_id,
        lang=row.lang,
        fields=dict(row.fields),
        status=reported(row.status, row.closed_at is not None),
        created_at=row.created_at,
        forwarded_at=row.forwarded_at,
        staff_chat_id=row.staff_chat_id,
        staff_message_id=row.staff_message_id,
        answer=row.answer,
        answered_at=row.answered_at,
        closed_at=row.closed_at,
        waiting_since=row.waiting_since,
        reminded_at=row.reminded_at,
    )


def outbox_row(
    kind: str, enquiry_id: int | None, payload: dict[str, Any], now: dt.datetime, *, profile_id: int | None = None
) -> dict[str, Any]:
    """The values of a new outbox message, due ``now``."""
    return {
        "kind": kind,
        "enquiry_id": enquiry_id,
        "profile_id": profile_id,
        "payload": payload,
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
    }


def moved(transitions: Mapping[str, str]) -> Any:
    """An enquiry's new status, in SQL: ``transitions`` maps the status it has to the one it takes."""
    return case(dict(transitions), value=enquiry.c.status, else_=enquiry.c.status)
