"""When an enquiry waiting for staff is posted to the staff chat again: ``ENQUIRY_REMIND_HOURS`` after the official's
oldest message no staff answer followed (the enquiry itself, or a later message), then once a day, until staff
answer or close it. ``due`` is the rule; ``Store.queue_reminders`` applies it in SQL for every instance at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

DEFAULT_HOURS: Final = 72.0
EVERY: Final = dt.timedelta(days=1)
CHECK_SECONDS: Final = 60.0  # how often the bot looks for enquiries due a reminder (at least once a minute)
BATCH: Final = 20  # reminders queued at most per look


@dataclass(frozen=True)
class Schedule:
    """The first reminder ``after`` an enquiry began waiting, then one ``every``."""

    after: dt.timedelta
    every: dt.timedelta = EVERY

    @classmethod
    def hours(cls, hours: float) -> Schedule:
        """``ENQUIRY_REMIND_HOURS`` (fractions allowed) as a schedule."""
        if not hours > 0:
            raise ValueError(f"the reminder delay must be positive, got {hours}")
        return cls(dt.timedelta(hours=hours))


def due(
    waiting_since: dt.datetime | None, reminded_at: dt.datetime | None, closed: bool, now: dt.datetime, schedule: Schedule
) -> bool:
    """Whether an enquiry is due a reminder now: open, waiting for ``schedule.after`` at least, and not reminded of
    since it began waiting, or not for ``schedule.every``."""
    if closed or waiting_since is None or now - waiting_since < schedule.after:
        return False
    return reminded_at is None or reminded_at < waiting_since or now - reminded_at >= schedule.every
