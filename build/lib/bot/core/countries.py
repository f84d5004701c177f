"""Countries from CLDR (through babel): names in both languages and official languages, plus data aliases."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.languages import get_official_languages

from bot.knowledge.models import CountryAliases

# CLDR codes that are not countries, and the host country itself (every town is in Japan).
_NOT_PARTNERS = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "JP"})


@dataclass(frozen=True)
class Countries:
    """Country names by code, and every name (CLDR's and the aliases) a question may use for each."""

    names: dict[str, dict[str, str]]
    spellings: dict[str, tuple[str, ...]]

    def name(self, code: str, lang: str) -> str:
        return self.names[lang].get(code, code)

    @classmethod
    def build(cls, aliases: CountryAliases) -> Countries:
        names = {lang: _territories(lang) for lang in ("en", "ja")}
        spellings: dict[str, tuple[str, ...]] = {}
        for code in names["en"]:
            extra = aliases.aliases.get(code)
            words = [names["en"][code], names["ja"].get(code, "")]
            if extra:
                words += [*extra.en, *extra.ja]
            spellings[code] = tuple(w for w in words if w)
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
