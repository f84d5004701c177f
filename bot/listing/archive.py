"""Towns that left CLAIR's page: moved to ``archive/<id>.yaml`` with the dates they were listed, and back to
``towns/`` when they return."""

from __future__ import annotations

import datetime as dt


def archived(data: dict, today: dt.date) -> dict:
    """A town file's data as an archive entry: listed until the import that no longer found it."""
    entry = {k: v for k, v in data.items() if k not in ("listed_until",)}
    entry["listed_until"] = today.isoformat()
    return entry


def restored(data: dict) -> dict:
    """An archived town back on the page: it is listed again from now (``listed_from`` is set by the importer)."""
    return {k: v for k, v in data.items() if k not in ("listed_until", "listed_from")}
