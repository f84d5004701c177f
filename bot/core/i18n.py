"""UI strings through gettext catalogues in ``locales/`` (babel), with locale-aware numbers and dates."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from bot.resources import locales_dir

LANGUAGES = ("en", "ja")
DOMAIN = "messages"
LOCALES_DIR = locales_dir()


class CatalogueMissing(RuntimeError):
    """A supported language has no catalogue: refuse to start rather than speak English to Japanese users."""


def _load(lang: str, directory: Path) -> Translations:
    base = directory / lang / "LC_MESSAGES" / DOMAIN
    po, mo = base.with_suffix(".po"), base.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if not po.exists():
        raise CatalogueMissing(f"no catalogue for {lang!r}: {po} is missing")
    # No compiled catalogue (a deploy that skipped `make locales`): compile the .po in memory.
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@cache
def translator(lang: str, directory: Path = LOCALES_DIR) -> Callable[[str], str]:
    """``_`` for a language: English is the source language; every other language must load its catalogue."""
    if lang == "en":
        return lambda message: message
    if lang not in LANGUAGES:
        raise CatalogueMissing(f"unsupported language {lang!r}")
    return _load(lang, directory).gettext


def check_catalogues(directory: Path = LOCALES_DIR) -> None:
    """Load every catalogue now, so a missing one stops start-up with a clear message."""
    for lang in LANGUAGES:
        translator(lang, directory)


def number(value: float, lang: str) -> str:
    return format_decimal(value, locale=lang)


def month(value: dt.date, lang: str) -> str:
    """'June 2021' / '2021年6月'."""
    return format_skeleton("yMMMM", value, locale=lang)


def day(value: dt.date, lang: str) -> str:
    """'September 1, 2019' / '2019年9月1日'."""
    return format_skeleton("yMMMMd", value, locale=lang)


def N_(message: str) -> str:
    """Mark a string for extraction where it is translated later (in data tables)."""
    return message


def colon(lang: str) -> str:
    """The separator after a label: "Nagi Town: …" in English, 「奈義町：…」 in Japanese."""
    return "：" if lang == "ja" else ": "
