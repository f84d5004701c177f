"""Errors the store raises; callers catch ``StoreUnavailable`` to answer "try again later" rather than crash."""

from __future__ import annotations


class StoreUnavailable(Exception):
    """The database cannot be reached or written (stopped server, locked or read-only file, full disk...).

    The message names the database without its password and says what the driver reported; the driver's error is
    the ``__cause__``. The store keeps working once the database is back: retry the call.
    """


class SchemaError(Exception):
    """The database's schema cannot be used by this code (e.g. it was upgraded by a newer version of the bot)."""
