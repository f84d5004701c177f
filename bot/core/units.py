"""Units of length and area by their CLDR names (through babel), in both languages: the words that say how a figure
is asked ("in square kilometres", 何平方キロメートル), never what it is of."""

from __future__ import annotations

from functools import lru_cache

from babel.units import format_unit, get_unit_name

from bot.core.tokens import Term, Tokenizer

# The CLDR units a question about a town's figures may name (heights, distances, areas).
_UNITS = (
    "area-square-kilometer", "area-square-meter", "area-square-mile", "area-hectare", "area-acre",
    "length-kilometer", "length-meter", "length-centimeter", "length-mile", "length-foot",
)
_LOCALES = ("en", "en_GB", "ja")  # en_GB: "kilometres", "metres"


@lru_cache(maxsize=1)
def _names() -> tuple[str, ...]:
    """Each unit's plural and short names, and its singular ("1 kilometre" without the 1)."""
    names = [
        name for unit in _UNITS for locale in _LOCALES for name in (
            get_unit_name(unit, length="long", locale=locale), get_unit_name(unit, length="short", locale=locale),
            format_unit(1, unit, length="long", locale=locale).replace("1", ""),
        ) if name
    ]
    return tuple(names)


class Units:
    """The ranking terms of unit names, to tell a unit among a question's terms."""

    def __init__(self, tokenizer: Tokenizer):
        self.terms = frozenset(t for name in _names() for t in tokenizer.terms(name) if not t.isdigit())

    def of(self, term: Term) -> bool:
        return term.term in self.terms
