"""Japanese names near a town's: one character off it (伊原市, 宇治原町), one sound off it as read (うじたはら町,
いはら市), or read just like it (那岐町: なぎちょう, 奈義町). English typos are the index's fuzzy matching."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from functools import cached_property
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.core.tokens import reading
from bot.knowledge.models import Town
from bot.text import compact, fold_kana

_NAME = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff々ヶ]{2,8}[市町村]")
_SUFFIX = re.compile(r"[市町村]")
_KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc]{3,}[市町村]$")  # うじたはら町: compared as read


class Near(NamedTuple):
    word: str  # as written in the text
    town: str
    alike: bool  # read just as the town's name: the town; else a "did you mean"


class NearNames:
    """The towns' Japanese names, to compare a name no table knows with."""

    def __init__(self, towns: Iterable[Town]):
        named = [town for town in towns if len(town.name.ja) >= 3]
        self.names = [town.name.ja for town in named]
        self.ids = [town.id for town in named]

    @cached_property
    def readings(self) -> dict[str, str]:
        """Each town's Japanese name as read, in katakana (made at the first name no table knows, not at start-up)."""
        return {_heard(name): town for name, town in zip(self.names, self.ids, strict=True)}

    def find(self, text: str, known: Container[str], named: list[str]) -> list[Near]:
        """Names ending in 市, 町 or 村 that no table knows (``known``: compacted names) and no town named in the text
        (``named``) is part of: the words ending at each 市/町/村 are tried shortest first, so a shorter name the
        exact pass saw inside one (宇治 in 宇治原町) is not meant, and a known one stops the search (茨木市, いばらき)."""
        found = []
        for end in (m.end() for m in _SUFFIX.finditer(text)):
            words: list[str] = []
            whole: list[str] = []
            for size in range(3, 10):
                word = text[max(end - size, 0) : end]
                if len(word) < size or not _NAME.fullmatch(word):
                    break
                (whole if any(n in fold_kana(word) for n in named) else words).append(word)
            if whole or any(compact(w) in known or compact(w[:-1]) in known for w in words):
                continue  # a name named or known ends here (宇治田原町 holds 治田原町; 茨木市; いばらき: a prefecture)
            near = next(((w, town) for w in words for town in [self._town(w)] if town), None)
            if near:
                found.append(Near(near[0], *near[1]))
        return found

    def _town(self, word: str) -> tuple[str, bool] | None:
        alike = self.readings.get(_heard(word))
        if alike:
            return alike, True
        near = process.extractOne(word, self.names, scorer=Levenshtein.distance, score_cutoff=1)
        if near is None and _KANA.match(word):  # a kana name one sound off: いはら市, うじたはら町
            heard = process.extractOne(_heard(word), list(self.readings), scorer=Levenshtein.distance, score_cutoff=1)
            return (self.readings[heard[0]], False) if heard else None
        return (self.ids[near[2]], False) if near else None


def _heard(name: str) -> str:
    """A name as read; its 町 as written, which reads まち or ちょう by the word before it (奈義町 ナギマチ, 奈儀町
    ナギチョウ): a wrong kanji read alike is still the name."""
    return reading(name[:-1]) + name[-1] if name.endswith("町") else reading(name)
