"""Lookup tables built once from the knowledge base: names, topics and intent phrases, exact and fuzzy.

A question is matched in two passes. Latin words are joined into n-grams and looked up exactly (``ibara shi`` ->
``ibarashi``); Japanese text, which has no spaces, is scanned for the longest known name at each position. Words
left over are compared with rapidfuzz against known words that begin with the same letter, under cut-offs that
keep near-miss names (Ibaraki, Nagoya) from turning into towns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from bot.core.countries import Countries
from bot.core.text import compact, has_japanese, is_kana, latin_words, normalize
from bot.knowledge.models import Knowledge

Kind = Literal["town", "prefecture", "place", "country", "topic", "intent"]

_SUFFIXES = {"city": ("city", "shi"), "town": ("town", "cho", "chou", "machi"), "village": ("village", "mura", "son")}
_JA_SUFFIX = re.compile(r"(?<=..)[市町村県府都]$")
_EN_SUFFIX = re.compile(r"\s+(city|town|village|prefecture|metropolis)$", re.IGNORECASE)
_KANJI_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]{2,}")
# Particles that may touch a kana name: "なぎの人口", "それはなぎちょう".
_PARTICLES = frozenset("のはがをにでとへもやかねよ")
MAX_NGRAM = 4
EXACT = 100.0


@dataclass(frozen=True)
class Ref:
    """What a name points at: a town id, prefecture id, place name, country code, topic or intent."""

    kind: Kind
    key: str


@dataclass(frozen=True)
class Hit:
    ref: Ref
    surface: str
    score: float

    @property
    def exact(self) -> bool:
        return self.score >= EXACT


@dataclass
class Found:
    """Everything a text mentions, by kind; ``suggestions`` are near misses worth a "did you mean"."""

    hits: list[Hit] = field(default_factory=list)
    suggestions: list[Hit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def keys(self, kind: Kind) -> list[str]:
        seen: dict[str, None] = {}
        for hit in self.hits:
            if hit.ref.kind == kind:
                seen.setdefault(hit.ref.key, None)
        return list(seen)

    def surfaces(self, kind: Kind) -> list[str]:
        return [hit.surface for hit in self.hits if hit.ref.kind == kind]


class Index:
    """Exact tables for Latin n-grams and Japanese substrings, and first-letter buckets for fuzzy matching."""

    def __init__(self, knowledge: Knowledge, countries: Countries):
        self.latin: dict[str, list[Ref]] = defaultdict(list)
        self.name_words: set[str] = set()
        self.japanese: dict[str, list[Ref]] = defaultdict(list)
        self.stopwords = {compact(w) for w in knowledge.phrases.stopwords.en}
        self.ja_stopwords = sorted({normalize(w) for w in knowledge.phrases.stopwords.ja}, key=len, reverse=True)
        self._add_names(knowledge, countries)
        self._add_topics(knowledge)
        self._add_phrases(knowledge)
        self.max_ja = max((len(k) for k in self.japanese), default=1)
        self.known = self.stopwords | self.name_words | {w for p, _ in self._all_phrases() for w in latin_words(p)}
        self._buckets: dict[str, tuple[list[str], list[list[Ref]]]] = {}
        for key, refs in self.latin.items():
            fuzzy = [r for r in refs if r.kind != "intent" or len(key) >= 5]
            if len(key) >= 4 and fuzzy and key not in self.stopwords:
                keys, owners = self._buckets.setdefault(key[0], ([], []))
                keys.append(key)
                owners.append(fuzzy)

    def _add(self, word: str, ref: Ref) -> None:
        key = compact(word)
        if not key:
            return
        table = self.japanese if has_japanese(key) else self.latin
        if table is self.latin:
            self.name_words.update(latin_words(normalize(word)))
        if ref not in table[key]:
            table[key].append(ref)

    def _names(self, words: Iterable[str], ref: Ref) -> None:
        for word in words:
            self._add(word, ref)
            self._add(_JA_SUFFIX.sub("", word) if has_japanese(word) else _EN_SUFFIX.sub("", word), ref)

    def _add_names(self, knowledge: Knowledge, countries: Countries) -> None:
        for town in knowledge.towns.values():
            ref = Ref("town", town.id)
            base = _EN_SUFFIX.sub("", town.name.en)
            self._names([town.name.en, town.name.ja, *town.aliases], ref)
            self._names([f"{base} {suffix}" for suffix in _SUFFIXES[town.kind]], ref)
        for pref in knowledge.gazetteer.prefectures:
            ref = Ref("prefecture", pref.id)
            base = _EN_SUFFIX.sub("", pref.name.en)
            self._names([pref.name.en, pref.name.ja, *pref.aliases, f"{base} ken", f"{base} prefecture"], ref)
        for place in knowledge.gazetteer.places:
            self._names([place.name.en, place.name.ja, *place.aliases], Ref("place", place.name.en))
        for code, words in countries.spellings.items():
            for word in words:
                key = compact(word)
                # A Japanese place name wins over a country spelled the same; one kanji alone is too ambiguous.
                if key and not (has_japanese(key) and len(key) < 2):
                    table = self.japanese if has_japanese(key) else self.latin
                    if not table.get(key):
                        table[key].append(Ref("country", code))

    def _add_topics(self, knowledge: Knowledge) -> None:
        names = set(self.latin) | set(self.japanese)
        for town in knowledge.towns.values():
            for item in town.pr_items:
                ref = Ref("topic", f"{town.id}/{item.id}")
                words = [*item.keywords.en, *item.keywords.ja, item.title.en, item.title.ja]
                words += [w for w in latin_words(normalize(item.title.en)) if len(w) >= 4]
                for word in words:
                    key = compact(word)
                    if key and key not in names and key not in self.stopwords:
                        self._add(word, ref)

    def _add_phrases(self, knowledge: Knowledge) -> None:
        self.phrases: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for intent, words in knowledge.phrases.intents.items():
            for phrase in [*words.en, *words.ja]:
                norm = normalize(phrase)
                if not norm:
                    continue
                self.phrases[intent].append((norm, compact(phrase)))
                if not has_japanese(norm) and " " not in norm and len(norm) >= 4:
                    self._add(norm, Ref("intent", intent))
        self._phrase_patterns = {
            intent: re.compile(
                r"(?<![a-z0-9])(?:"
                + "|".join(re.escape(p) for p, _ in sorted(items, key=lambda x: -len(x[0])) if not has_japanese(p))
                + r")(?![a-z0-9])"
            )
            for intent, items in self.phrases.items()
            if any(not has_japanese(p) for p, _ in items)
        }
        self._ja_phrases = {intent: [c for p, c in items if has_japanese(p)] for intent, items in self.phrases.items()}

    def _all_phrases(self) -> Iterable[tuple[str, str]]:
        return (item for items in self.phrases.values() for item in items)

    # --- matching -------------------------------------------------------------------------------------------

    def intents(self, norm: str) -> dict[str, int]:
        """Intents whose phrases occur in a normalised text, scored by the length of the longest phrase."""
        scores: dict[str, int] = {}
        squeezed = norm.replace(" ", "")
        for intent, pattern in self._phrase_patterns.items():
            found = pattern.findall(norm)
            if found:
                scores[intent] = max(len(f) for f in found)
        for intent, phrases in self._ja_phrases.items():
            for phrase in phrases:
                if phrase in squeezed:
                    scores[intent] = max(scores.get(intent, 0), len(phrase) * 2)
        return scores

    def find(self, norm: str) -> Found:
        found = Found()
        words = latin_words(norm)
        used = self._latin_pass(words, found)
        self._japanese_pass(norm, found)
        for i, word in enumerate(words):
            if i in used or word in self.known:
                continue
            if word.endswith("s") and word[:-1] in self.latin:
                found.hits.extend(Hit(ref, word, EXACT) for ref in self.latin[word[:-1]])
            elif not word.isdigit() and not self._fuzzy(word, found):
                found.unknown.append(word)
        leftover = norm
        for hit in found.hits:
            leftover = leftover.replace(hit.surface, " ")
        for word in self.ja_stopwords:
            leftover = leftover.replace(word, " ")
        found.unknown += _KANJI_RUN.findall(leftover)
        return found

    def _latin_pass(self, words: list[str], found: Found) -> set[int]:
        used: set[int] = set()
        for size in range(MAX_NGRAM, 0, -1):
            for start in range(len(words) - size + 1):
                span = range(start, start + size)
                if used.intersection(span):
                    continue
                key = "".join(words[start : start + size])
                refs = self.latin.get(key)
                if refs:
                    used.update(span)
                    found.hits.extend(Hit(ref, " ".join(words[start : start + size]), EXACT) for ref in refs)
        return used

    def _japanese_pass(self, norm: str, found: Found) -> None:
        text = norm.replace(" ", "")
        pos = 0
        while pos < len(text):
            for size in range(min(self.max_ja, len(text) - pos), 0, -1):
                key = text[pos : pos + size]
                refs = self.japanese.get(key)
                if refs and _bounded(text, pos, size, key):
                    found.hits.extend(Hit(ref, key, EXACT) for ref in refs)
                    pos += size
                    break
            else:
                pos += 1

    def _fuzzy(self, word: str, found: Found) -> bool:
        """Match a misspelt word against known words with the same first letter; True if it matched."""
        if len(word) < 4 or word[0] not in self._buckets:
            return False
        keys, owners = self._buckets[word[0]]
        best = process.extractOne(word, keys, scorer=fuzz.ratio, score_cutoff=75)
        if not best:
            return False
        key, score, position = best
        cutoff = 85 if len(key) >= 7 else 88
        refs = owners[position]
        if score >= cutoff:
            found.hits.extend(Hit(ref, word, score) for ref in refs)
            return True
        found.suggestions.extend(Hit(ref, word, score) for ref in refs if ref.kind in ("town", "country"))
        return False


def _bounded(text: str, pos: int, size: int, key: str) -> bool:
    """A kana-only name must stand alone: not inside a longer kana word ("つなぎ", "いばらき")."""
    if not is_kana(key):
        return True
    before = text[pos - 1] if pos else ""
    after = text[pos + size] if pos + size < len(text) else ""
    return (not before or not is_kana(before) or before in _PARTICLES) and (
        not after or not is_kana(after) or after in _PARTICLES
    )
