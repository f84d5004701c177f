"""Language groups a question names ("English-speaking", "where French is spoken", 英語圏, 英語が公用語): the
towns that ask for a country of that language, or name countries where it is official (CLDR, through babel)."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from bot.text import normalize

_EN = re.compile(
    r"\b([a-z]+)(?:[- ]speaking|[- ]language country|[- ]language countries)\b"
    r"|\bwhere ([a-z]+) is (?:spoken|an official language|official)\b"
)
_PHONE = {"anglophone": "en", "francophone": "fr", "hispanophone": "es", "lusophone": "pt", "arabophone": "ar"}
_JA = re.compile(r"([一-龥ァ-ヶー]+語)(?:圏|が公用語|を公用語|を話す|を話せる|が話せる|が話され|が通じる|を母語|が使われ)")


@cache
def _names() -> dict[str, str]:
    """Every language's name in English (lower case) and Japanese, with its code: "english" and 英語 -> "en"."""
    names: dict[str, str] = {}
    for lang in ("ja", "en"):
        for code, name in Locale(lang).languages.items():
            if len(code) == 2:
                names.setdefault(normalize(name), code)
    return names


def language_groups(text: str) -> tuple[str, ...]:
    """The languages a text names as a group of countries: "English-speaking" -> ("en",)."""
    names = _names()
    found: list[str] = []
    for match in _EN.finditer(normalize(text)):
        code = names.get(match.group(1) or match.group(2) or "")
        if code:
            found.append(code)
    found += [code for word, code in _PHONE.items() if word in text.casefold()]
    for match in _JA.finditer(text):
        word = match.group(1)
        code = next((names[key] for n in range(len(word) - 1) for key in [normalize(word[n:])] if key in names), None)
        if code:
            found.append(code)
    return tuple(dict.fromkeys(found))


def language_words(codes: tuple[str, ...]) -> set[str]:
    """The names of languages, as a question's words are matched ("spanish", 英語)."""
    return {name for name, code in _names().items() if code in codes}


# "Non-English-speaking", "other than English-speaking", 英語圏以外: the group named is the one not wanted.
_NOT = re.compile(
    r"\bnon-?\s?[a-z]+[- ]speaking|\b(?:other than|besides|outside(?: of)?|apart from)\s+(?:an?\s+|the\s+)?[a-z]+[- ]speaking"
    r"|語圏以外|語圏外|語圏ではない|語以外|が公用語でない|が公用語ではない",
    re.IGNORECASE,
)


def outside(text: str) -> bool:
    """Whether a text asks about the countries outside the language group it names."""
    return bool(_NOT.search(text))
