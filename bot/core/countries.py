"""Countries from CLDR (through babel): names in both languages and official languages, plus data aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.languages import get_official_languages

from bot.knowledge.models import CountryAliases

# CLDR codes that are not countries, and the host country itself (every town is in Japan).
_NOT_PARTNERS = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "JP"})
# English names said with "the": a union, kingdom or republic, or a plural (islands, the Netherlands).
_THE = re.compile(r"^(?:United|Central|Czech|Dominican|Marshall|Solomon|Cayman|Faroe|Falkland|Cook)\b|\b(?:Republic|Kingdom|Islands|Emirates)$|^(?:Netherlands|Philippines|Bahamas|Maldives|Seychelles|Comoros|Gambia|Vatican City)$")


@dataclass(frozen=True)
class Countries:
    """Country names by code, and every name (CLDR's and the aliases) a question may use for each."""

    names: dict[str, dict[str, str]]
    spellings: dict[str, tuple[str, ...]]

    def name(self, code: str, lang: str) -> str:
        return self.names[lang].get(code, code)

    def in_prose(self, code: str, lang: str) -> str:
        """The name as a sentence says it: "the United States", "the Netherlands" (English takes an article)."""
        name = self.name(code, lang)
        return f"the {name}" if lang == "en" and _THE.search(name) else name

    @classmethod
    def build(cls, aliases: CountryAliases, cities: dict[str, list[str]] | None = None) -> Countries:
        """``cities``: more names by country, such as the cities the towns' wishes name."""
        names = {lang: _territories(lang) for lang in ("en", "ja")}
        spellings: dict[str, tuple[str, ...]] = {}
        for code in names["en"]:
            extra = aliases.aliases.get(code)
            words = [names["en"][code], names["ja"].get(code, "")]
            if extra:
                words += [*extra.en, *extra.ja]
            words += (cities or {}).get(code, [])
            spellings[code] = tuple(dict.fromkeys(w for w in words if w))
        return cls(names=names, spellings=spellings)


def _territories(lang: str) -> dict[str, str]:
    return {
        code: name
        for code, name in Locale(lang).territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_PARTNERS
    }


@cache
def official_languages(code: str) -> tuple[str, ...]:
    """Official languages of a territory, de facto ones included (English in the US, the UK, Australia)."""
    return tuple(get_official_languages(code, de_facto=True))
