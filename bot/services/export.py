"""CSV exports for the division: every enquiry with its whole conversation, and the profiles.

UTF-8 with a byte-order mark, so Excel opens Japanese text correctly; Excel's line ends (CRLF) and quoting. A cell
that Excel would read as a formula (``=``, ``+``, ``-``, ``@`` first) gets a leading apostrophe, so an official's
text can never run as one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from bot.core.intake import labels
from bot.core.profile import STEPS
from bot.store import Enquiry, Store

BOM = "\ufeff"
ALL = 10_000_000  # every stored row
_CHUNK = 500  # references per conversation query
_FORMULA = ("=", "+", "-", "@", "\t", "\r")

ENQUIRY_COLUMNS = (
    "ref", "row", "time", "status", "name", "organisation", "email", "towns", "language", "handoff", "text",
)  # fmt: skip


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def _time(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if hasattr(value, "strftime") else ""


async def enquiries_csv(store: Store, status: str | None = None) -> bytes:
    """Every enquiry (optionally only those with ``status``), oldest first: a row for the enquiry itself (``row``
    "enquiry", its message) and then one for each message of its conversation (``row`` "official" or "staff"), each
    with the enquiry's columns, so a filter on any keeps whole exchanges."""
    enquiries: list[Enquiry] = list(reversed(await store.list_enquiries(status, limit=ALL)))
    talks = {}
    for start in range(0, len(enquiries), _CHUNK):
        talks.update(await store.conversation([e.ref for e in enquiries[start : start + _CHUNK]]))
    rows = []
    for enquiry in enquiries:
        fields = enquiry.fields
        common = (
            enquiry.status, fields.get("name", ""), fields.get("organisation", ""), fields.get("email", ""),
            " ".join(enquiry.towns), enquiry.lang, "yes" if fields.get("handoff") else "",
        )  # fmt: skip
        rows.append((enquiry.ref, "enquiry", _time(enquiry.created_at), *common, fields.get("message", "")))
        for message in talks.get(enquiry.ref, []):
            rows.append((enquiry.ref, message.author, _time(message.created_at), *common, message.text))
    return _csv(ENQUIRY_COLUMNS, rows)


async def profiles_csv(store: Store) -> bytes:
    """Every profile, oldest first, one row each: its reference, time, language, each answer (skipped: empty) and
    the pamphlet's kind (the file itself stays on Telegram: staff received it with the profile's card)."""
    names = labels("en")
    header = ("ref", "time", "language", *(names[s] for s in STEPS if s != "pamphlet"), "Pamphlet")
    rows = [
        (p.ref, _time(p.created_at), p.lang, *(p.fields.get(s, "") for s in STEPS if s != "pamphlet"),
         p.fields.get("pamphlet_kind", "") if p.fields.get("pamphlet") else "")
        for p in reversed(await store.list_profiles(limit=ALL))
    ]  # fmt: skip
    return _csv(header, rows)
