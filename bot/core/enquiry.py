"""The enquiry dialogue: collect an official's details and message step by step, then a summary to confirm.

A ``Dialogue`` is ``State.dialogue``, kept by the store between turns (as ``to_state``'s JSON) so any instance can
take the next message. On Confirm the reply carries a ``Submission``; the channel stores it and answers with the
reference the store assigns.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Self

STEPS = ("name", "organisation", "email", "towns", "message")
# Longest answers, in UTF-16 code units as Telegram counts them (an emoji counts twice): with its labels, a staff
# card of the longest answers still fits in one Telegram message of 4,096 units.
LIMITS = {"name": 200, "organisation": 200, "email": 254, "message": 3000}
ONE_LINE = ("name", "organisation", "email")  # fields shown on one line of the staff card: line breaks collapse
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


@dataclass(frozen=True)
class Submission:
    """A confirmed enquiry (name, organisation, email, towns, message; ``handoff`` when it carries a question the bot
    could not answer), or with ``kind`` "profile" a confirmed profile (``bot.core.profile``), ready to be stored."""

    fields: dict[str, Any]
    lang: str
    kind: str = "enquiry"


@dataclass(frozen=True)
class Stepwise:
    """A dialogue asked step by step (``KIND`` and ``STEPS`` are the subclass's), kept in the chat's state between
    turns: the step being asked, the answers so far, when it started, and whether an answer is being edited."""

    KIND: ClassVar[str] = ""
    STEPS: ClassVar[tuple[str, ...]] = ()

    step: str
    data: dict[str, Any]
    started: dt.datetime
    lang: str = "en"
    editing: bool = False

    @classmethod
    def from_state(cls, raw: dict[str, Any] | None) -> Self | None:
        """The dialogue in a stored state, or None if there is none or it cannot be read."""
        if not raw or raw.get("kind") != cls.KIND or raw.get("step") not in (*cls.STEPS, "confirm"):
            return None
        try:
            started = dt.datetime.fromisoformat(raw["started"])
        except (KeyError, TypeError, ValueError):
            return None
        data: dict[str, Any] = raw["data"] if isinstance(raw.get("data"), dict) else {}
        lang: str = raw["lang"] if raw.get("lang") in ("en", "ja") else "en"
        return cls(raw["step"], cls._stored(data), started, lang, bool(raw.get("editing")))

    @staticmethod
    def _stored(data: dict[str, Any]) -> dict[str, Any]:
        """The answers as read back from the state."""
        return data

    def to_state(self) -> dict[str, Any]:
        return {
            "kind": self.KIND, "step": self.step, "data": self.data, "started": self.started.isoformat(),
            "lang": self.lang, "editing": self.editing,
        }  # fmt: skip

    def expired(self, now: dt.datetime, ttl: dt.timedelta) -> bool:
        return now - self.started > ttl


@dataclass(frozen=True)
class Dialogue(Stepwise):
    """Where an enquiry stands."""

    KIND: ClassVar[str] = "enquiry"
    STEPS: ClassVar[tuple[str, ...]] = STEPS

    @classmethod
    def start(cls, towns: list[str], now: dt.datetime, lang: str) -> Dialogue:
        return cls(step="name", data={"towns": towns}, started=now, lang=lang)

    def answer(self, field: str, value: Any) -> Dialogue:
        """Record an answer and move to the next step; when editing, to the first field still missing or invalid
        (see ``invalid_fields``), else back to the summary."""
        data = {**self.data, field: value}
        if self.editing:
            missing = invalid_fields(data)
            if missing:
                return Dialogue(missing[0], data, self.started, self.lang, editing=True)
            return Dialogue("confirm", data, self.started, self.lang)
        later = STEPS[STEPS.index(field) + 1 :]
        if data.get("handoff") or data.get("carried"):  # a hand-off, or a request with its message, asks only what is missing
            later = tuple(step for step in later if check_field(step, data.get(step)) is not None)
        return Dialogue(later[0] if later else "confirm", data, self.started, self.lang)

    @property
    def can_edit(self) -> bool:
        """Fields may be edited only from the summary (or while editing one): a stale Edit button under an earlier
        summary must not skip the steps not answered yet."""
        return self.step == "confirm" or self.editing

    def edit(self, field: str) -> Dialogue:
        return Dialogue(field, self.data, self.started, self.lang, editing=True)

    def summary(self) -> Dialogue:
        return Dialogue("confirm", self.data, self.started, self.lang)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (a character outside the BMP, e.g. most emoji, counts two)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def one_line(text: str) -> str:
    """A one-line field as kept and shown: every run of whitespace, line breaks included, is one space."""
    return " ".join(text.split())


def check_text(field: str, text: str) -> str | None:
    """The problem with a free-text answer (``'empty'`` or ``'too_long'``), or None if it is fine."""
    if not text.strip():
        return "empty"
    if utf16_len(text) > LIMITS[field]:
        return "too_long"
    return None


def check_email(text: str) -> str | None:
    text = text.strip()
    if not text:
        return "empty"
    if utf16_len(text) > LIMITS["email"]:
        return "too_long"
    return None if _EMAIL.match(text) else "malformed"


def check_field(field: str, value: Any) -> str | None:
    """The problem with a recorded answer (``'empty'``, ``'too_long'``, ``'malformed'``), or None if it is fine. The
    towns are a list of town ids, maybe empty; the others are text."""
    if field == "towns":
        return None if isinstance(value, list) and all(isinstance(t, str) for t in value) else "malformed"
    if not isinstance(value, str):
        return "empty"
    return check_email(value) if field == "email" else check_text(field, value)


def invalid_fields(data: dict[str, Any]) -> list[str]:
    """The steps whose answer is missing or invalid, in dialogue order: a submission must have none."""
    return [step for step in STEPS if check_field(step, data.get(step)) is not None]
