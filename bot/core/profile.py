"""A foreign local government's profile for CLAIR's list, taken step by step (``ProfileDialogue``, kept in
``State.profile`` between turns): what JLGC asks of such a city, an authorised contact, and a pamphlet.

Every answer may be skipped but the local government and the contact's e-mail (staff cannot list a city they cannot
name or reach); every answer can be edited from the summary. The pamphlet (a PDF or a photo, at most 20 MB) is kept
as Telegram's file id only: it is forwarded to staff by that id, never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Final

from bot.core.enquiry import Stepwise, check_email, check_text, one_line

# The steps in order; each is a field of the profile.
STEPS: Final = (
    "organisation", "population", "area", "access", "industries", "culture", "history", "expectations",
    "exchanges", "website", "contact_name", "contact_position", "contact_email", "pamphlet",
)  # fmt: skip
REQUIRED: Final = ("organisation", "contact_email")
ONE_LINE: Final = ("organisation", "population", "area", "website", "contact_name", "contact_position", "contact_email")
# Longest answers, in UTF-16 code units: the staff card of the longest answers stays within a few messages.
LIMITS: Final = {field: 200 for field in ONE_LINE} | {
    "access": 1000, "industries": 1000, "culture": 1000, "history": 1000, "expectations": 1000, "exchanges": 1000,
    "contact_email": 254,
}  # fmt: skip
MAX_PAMPHLET_BYTES: Final = 20 * 1024 * 1024  # what a bot may download from Telegram; staff get the file by its id
PAMPHLET_KINDS: Final = ("document", "photo")
SKIPPED: Final = ""  # the value of a skipped answer


@dataclass(frozen=True)
class ProfileDialogue(Stepwise):
    """Where a profile stands (its answers are text)."""

    KIND: ClassVar[str] = "profile"
    STEPS: ClassVar[tuple[str, ...]] = STEPS

    @classmethod
    def start(cls, now: dt.datetime, lang: str) -> ProfileDialogue:
        return cls(step=STEPS[0], data={}, started=now, lang=lang)

    @staticmethod
    def _stored(data: dict[str, Any]) -> dict[str, Any]:
        return {str(k): str(v) for k, v in data.items()}

    def answer(self, field: str, value: str, **extra: str) -> ProfileDialogue:
        """Record an answer (``SKIPPED`` for a skip) and move on: to the next step, or back to the summary when
        editing (or to the first required answer still missing)."""
        data = {**self.data, field: value, **extra}
        if self.editing or field == STEPS[-1]:
            missing = missing_fields(data)
            if missing:
                return replace(self, step=missing[0], data=data, editing=True)
            return replace(self, step="confirm", data=data, editing=False)
        return replace(self, step=STEPS[STEPS.index(field) + 1], data=data)

    def edit(self, field: str) -> ProfileDialogue:
        return replace(self, step=field, editing=True)

    def summary(self) -> ProfileDialogue:
        return replace(self, step="confirm", editing=False)

    @property
    def can_edit(self) -> bool:
        """Only from the summary (or while editing): a stale Edit button must not skip the steps still to come."""
        return self.step == "confirm" or self.editing


def check_answer(field: str, text: str) -> str | None:
    """The problem with a typed answer (``'empty'``, ``'too_long'``, ``'malformed'``), or None."""
    if field == "contact_email":
        return check_email(text)
    if field == "pamphlet":
        return "attach"  # a pamphlet is a file, not text
    problem = check_text("message", text)
    if problem is None and len(text.encode("utf-16-le")) // 2 > LIMITS[field]:
        return "too_long"
    return problem


def clean_answer(field: str, text: str) -> str:
    return one_line(text) if field in ONE_LINE else text.strip()


def check_pamphlet(kind: str, mime_type: str | None, size: int | None) -> str | None:
    """The problem with an attached pamphlet (``'kind'``: not a PDF or photo; ``'too_big'``), or None."""
    if kind not in PAMPHLET_KINDS or (kind == "document" and (mime_type or "").lower() != "application/pdf"):
        return "kind"
    if size is not None and size > MAX_PAMPHLET_BYTES:
        return "too_big"
    return None


def missing_fields(data: dict[str, str]) -> list[str]:
    """The required answers still missing or invalid, in step order."""
    return [f for f in REQUIRED if not data.get(f) or check_answer(f, data[f]) is not None]


def submitted_fields(data: dict[str, str]) -> dict[str, str]:
    """The fields a confirmed profile is stored with: every step's answer (skipped: empty) and the pamphlet's kind."""
    fields = {step: data.get(step, SKIPPED) for step in STEPS}
    if data.get("pamphlet"):
        fields["pamphlet_kind"] = data.get("pamphlet_kind", "document")
    return fields
