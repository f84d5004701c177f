"""A per-user flood limit: a user sending more than ``limit`` messages (or button presses) in ``window`` seconds gets
one polite note, then silence until they slow down; none of those updates reaches the engine or the store.

The counts live in this instance's memory, not in the store, on purpose: the check runs in the gate, before any
store call, and must not add a database round trip to every update; it guards against floods (a stuck client, a
script, a user holding a key down) rather than metering a quota, so losing the counts on a restart costs nothing.
With several instances behind one webhook each counts the updates it receives, so a flood spread over N instances
is cut at N x ``limit`` a window: still a flood stopped. (The daily enquiry limit, which must be exact across
instances and restarts, counts stored enquiries.)

Memory: at most ``limit + 1`` timestamps a user, and users idle for a whole window are forgotten whenever more than
``max_users`` are tracked.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable

LIMIT = 20  # messages ...
WINDOW = 10.0  # ... in this many seconds


class Verdict(enum.Enum):
    OK = "ok"  # within the limit: handle the update
    NOTE = "note"  # over the limit, not told yet in this window: tell the user to slow down, drop the update
    DROP = "drop"  # over the limit and already told: drop the update silently


class FloodGuard:
    """Counts each user's recent updates (a sliding window); ``check`` says what to do with the next one."""

    def __init__(
        self, limit: int = LIMIT, window: float = WINDOW, clock: Callable[[], float] = time.monotonic, max_users: int = 10_000
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_users = max_users
        self._seen: dict[int, deque[float]] = {}
        self._told: dict[int, float] = {}
        self._pruned = float("-inf")

    def __len__(self) -> int:
        """How many users are tracked."""
        return len(self._seen)

    def check(self, user_id: int) -> Verdict:
        """Count an update from ``user_id``: OK within ``limit`` in the last ``window`` seconds, else NOTE once a
        window, DROP otherwise. Dropped updates count too, so a steady flood stays cut off until it pauses."""
        now = self.clock()
        seen = self._seen.get(user_id)
        if seen is None:
            if len(self._seen) >= self.max_users:
                self._prune(now)
            seen = self._seen[user_id] = deque(maxlen=self.limit + 1)
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self.limit:
            return Verdict.OK
        told = self._told.get(user_id)
        if told is not None and now - told < self.window:
            return Verdict.DROP
        self._told[user_id] = now
        return Verdict.NOTE

    def _prune(self, now: float) -> None:
        """Forget users idle for a whole window (at most once a window: with that many active users, keep them)."""
        if now - self._pruned < self.window:
            return
        self._pruned = now
        for user_id in [u for u, seen in self._seen.items() if not seen or now - seen[-1] >= self.window]:
            del self._seen[user_id]
            self._told.pop(user_id, None)
