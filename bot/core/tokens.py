"""Content words of a text, for ranking passages: English stems (Snowball) and Japanese lemmas (UniDic via fugashi).

Both languages come out as plain lists of terms, so one ranking serves both. Function words, question words and
the words in the knowledge's stop lists are dropped; synonyms from ``phrases.yaml`` fold onto one term first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

import fugashi
import snowballstemmer

from bot.text import has_japanese, normalize

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Parts of speech (UniDic pos1) that carry content; auxiliaries, particles, symbols and pronouns do not.
_JA_CONTENT = frozenset({"名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞"})
_JA_SKIP_POS2 = frozenset({"非自立可能", "数詞"})
_BEFORE_VERB = frozenset(
    ["i", "we", "you", "they", "he", "she", "can", "could", "do", "does", "did", "don't", "doesn't", "to", "will", "would",
     "should", "shall", "may", "might", "must", "let", "lets", "not"]
)
_BE = frozenset(["am", "is", "are", "was", "were", "be", "been", "being", "i'm", "we're", "they're", "you're"])  # "were thinking"
_ASKS = frozenset(["what's", "whats", "what", "when's", "where's", "who's", "is", "are"])
_GROUPED = re.compile(r"(?<=\d),(?=\d{3})")  # 1,255 -> 1255
# A Japanese superlative in words (一番高い, 最も古い) is the page's compound of 最 (最高峰, 最古): one term.
_MOST = frozenset(["一番", "最も"])
_SUPERLATIVE = {"高い": "最高", "大きい": "最大", "古い": "最古", "長い": "最長", "深い": "最深", "広い": "最大"}
_MAX_CACHED = 512  # characters: only short texts are cached, so the cache stays small whatever users send


@lru_cache(maxsize=1)
def _tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A word's English stem (the stemmer is pure Python, and a knowledge base repeats its words); words are short,
    so each is stemmed once (at most 64 characters of it)."""
    return str(_stemmer().stemWord(word[:64]))


def _features(raw: str) -> tuple[str, str | None, str | None]:
    """pos1, pos2 and lemma from a word's raw UniDic features (comma-separated; fugashi's named tuple of all 26
    fields costs more than the tagging). Only called for features with no quoted field (a comma inside one)."""
    fields = raw.split(",", 8)
    return fields[0], fields[1] if len(fields) > 1 else None, fields[7] if len(fields) > 7 else None


_SKIP, _NUMBER, _LATIN, _LEMMA = range(4)  # what a Japanese word gives: nothing, itself, English terms, a lemma


class Term(NamedTuple):
    """A content term, the word it came from as written, and whether that word is (or may be) a noun."""

    term: str
    word: str
    noun: bool = True
    head: bool = False  # the Y of "Y of X", "X's Y", XのY: what a question asks of the X it names


class Tokenizer:
    """Turns a text into ranking terms; ``stop`` words and ``synonyms`` come from the knowledge."""

    def __init__(self, stop_en: Iterable[str], stop_ja: Iterable[str], synonyms: Mapping[str, str] | None = None):
        self.stop_en = {_stem(w) for w in (normalize(s) for s in stop_en) for w in w.split()} | set(stop_en)
        self.stop_ja = {normalize(w) for w in stop_ja}
        self.synonyms = {normalize(k): normalize(v) for k, v in (synonyms or {}).items()}
        self._cached = lru_cache(maxsize=4096)(self._terms)
        self._word = lru_cache(maxsize=65536)(self._ja_word)  # a knowledge base repeats its words
        # Loanwords' English, as UniDic gives it (シンボル: "symbol"), stemmed: a Japanese question about a town the
        # page gives only in English finds its English words (``Reader`` uses them when the Japanese ones are unknown).
        self.loans: dict[str, str] = {}

    def terms(self, text: str) -> list[str]:
        """The content terms of a text in either language, in order, repeats kept."""
        return [raw[0] for raw in self._raw(text)]

    def pairs(self, text: str) -> tuple[Term, ...]:
        """Each content term with the word it came from, as written."""
        return tuple(Term(*raw) for raw in self._raw(text))

    def _raw(self, text: str) -> tuple[tuple[str, str, bool, bool], ...]:
        """(term, word, noun, head) of each content term: plain tuples, made once a text (a knowledge base has many)."""
        return self._cached(text) if len(text) <= _MAX_CACHED else self._terms(text)

    def _terms(self, text: str) -> tuple[tuple[str, str, bool, bool], ...]:
        if has_japanese(text):
            return tuple(self._japanese(text))
        return tuple(self._english(normalize(_GROUPED.sub("", text))))

    def _english(self, norm: str) -> list[tuple[str, str, bool, bool]]:
        stem, synonyms, stop = _stem, self.synonyms, self.stop_en
        out = []
        words = _WORD.findall(norm)
        for n, surface in enumerate(words):
            word = surface.split("'")[0]
            previous = words[n - 1] if n else ""
            # English has no tagger here: a word after a subject, a modal or "to" is a verb ("can I visit"), one in
            # -ly or -ed an adverb or a participle; any other word may be the point of a question ("a hotel").
            noun = previous not in _BEFORE_VERB and not word.endswith(("ly", "ed")) and not (previous in _BE and word.endswith("ing"))
            head = noun and (
                words[n + 1 : n + 2] == ["of"] or previous.endswith("'s") or previous in ("a", "an", "any")
                or (previous == "the" and n <= 3 and words[0] in _ASKS)  # "what's the deadline…"
            )
            word = synonyms.get(word, word)
            if word in stop:
                continue
            term = word if word.isdigit() else stem(word)
            if term not in stop and (len(term) > 1 or word.isdigit()):
                out.append((term, surface, noun, head))
        return out

    def _japanese(self, text: str) -> list[tuple[str, str, bool, bool]]:
        out: list[tuple[str, str, bool, bool]] = []
        after_no = False  # the word follows the particle の
        prefix = -1  # where the last prefix (お, ご) went: it stands only before a word that counts (お茶, not お願い)
        skipped = ""  # a noun just skipped as a stop word (外国, 市): with the suffix 人 or 長, a noun of its own (外国人, 市長)
        for word in _tagger()(_GROUPED.sub("", unicodedata.normalize("NFKC", text))):
            surface, raw = word.surface, word.feature_raw
            if skipped and surface in "人長" and raw.startswith("接尾辞"):  # 外国人, 市長: a noun of its own
                out.append((skipped + surface, skipped + surface, True, after_no))
                skipped = ""
                continue
            if '"' in raw:  # a quoted field: fugashi's parser reads it
                feature = word.feature
                pos1, kind, value = self._ja_word(surface, raw, (feature.pos1, feature.pos2, feature.lemma))
            else:
                pos1, kind, value = self._word(surface, raw)
            skipped = surface if kind == _SKIP and pos1 == "名詞" and normalize(surface) in self.stop_ja else ""
            head, after_no = after_no, surface == "の" and pos1 == "助詞"
            if prefix >= 0 and (kind == _SKIP or pos1 == "動詞"):  # お教えいただけますか: honorific, no content
                del out[prefix]
            prefix = len(out) if kind == _LEMMA and pos1 == "接頭辞" else -1
            if kind == _NUMBER:
                out.append((surface, surface, True, False))
            elif kind == _LATIN:
                out += value
            elif kind == _LEMMA and value in _SUPERLATIVE and out and out[-1][0] in _MOST:  # 一番高い: 最高
                out[-1] = (_SUPERLATIVE[value], out[-1][1] + surface, True, False)
            elif kind == _LEMMA:
                out.append((value, surface, pos1 == "名詞", head and pos1 == "名詞"))
        return out

    def _ja_word(self, surface: str, raw: str, features: tuple[str, str | None, str | None] | None = None) -> tuple[str, int, Any]:
        """pos1 of a word, and what it gives (``_SKIP``, ``_NUMBER``, ``_LATIN`` with its terms, ``_LEMMA`` with its
        term), from its surface and raw features."""
        pos1, pos2, lemma = features or _features(raw)
        if pos1 == "名詞" and pos2 == "数詞" and surface.isdigit():
            return pos1, _NUMBER, None
        if pos1 not in _JA_CONTENT or pos2 in _JA_SKIP_POS2:
            return pos1, _SKIP, None
        if surface.isascii():
            return pos1, _LATIN, tuple(self._english(normalize(surface)))
        # A name keeps its spelling (那岐 and 奈義 read alike); other words fold to their dictionary form.
        origin = (lemma or "").partition("-")[2]
        lemma = normalize(surface if pos2 == "固有名詞" else (lemma or surface).split("-")[0])
        if origin.isascii() and origin.isalpha() and pos2 != "固有名詞":
            self.loans.setdefault(self.synonyms.get(lemma, lemma), _stem(origin.lower()))
        lemma = self.synonyms.get(lemma, lemma)
        if lemma and lemma not in self.stop_ja and normalize(surface) not in self.stop_ja:
            return pos1, _LEMMA, lemma
        return pos1, _SKIP, None

    def pos(self, text: str) -> list[tuple[str, str, str]]:
        """Surface, pos1 and pos3 of each Japanese word (pos3 人名 tells names of people)."""
        return [(w.surface, w.feature.pos1, w.feature.pos3 or "") for w in _tagger()(unicodedata.normalize("NFKC", text))]


@lru_cache(maxsize=4096)
def reading(text: str) -> str:
    """How a Japanese text is read, in katakana (UniDic's kana; a word it does not know as written)."""
    return "".join((w.feature.kana or w.surface) if w.feature.kana else w.surface for w in _tagger()(text))


def particles(text: str) -> list[tuple[str, str, str]]:
    """Surface, pos1 and pos2 of each Japanese word, in order (their surfaces make the text)."""
    return [(w.surface, w.feature.pos1, w.feature.pos2 or "") for w in _tagger()(text)]
