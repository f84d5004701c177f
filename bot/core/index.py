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
from typing import Literal, NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from bot import regions
from bot.core.countries import Countries
from bot.core.near_names import NearNames
from bot.core.readings import read_forms
from bot.knowledge.models import Keywords, Knowledge
from bot.text import compact, fold_kana, has_japanese, is_kana, kana_script, katakana_words, latin_words, normalize

Kind = Literal["town", "prefecture", "place", "country", "region", "topic", "theme", "category", "intent", "archived"]

_SUFFIXES = {"city": ("city", "shi"), "town": ("town", "cho", "chou", "machi"), "village": ("village", "mura", "son")}
_JA_SUFFIX = re.compile(r"(?<=..)[市町村県府都]$")
_EN_SUFFIX = re.compile(r"\s+(city|town|village|prefecture|metropolis)$", re.IGNORECASE)
_PARENTHESIS = re.compile(r"[(（].*?[)）]")
_KANJI_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]{2,}")
# Particles that may touch a kana name: "なぎの人口", "それはなぎちょう".
_PARTICLES = frozenset("のはがをにでとへもやかねよ")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_LATIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_US = re.compile(r"(?<![A-Za-z])U\.?S\.?(?:A\.?)?(?![A-Za-z])")
# Answers to the enquiry dialogue's questions: a whole message only (``says``), never a phrase inside a question
# (はい inside 開館はいつ).
_WHOLE = ("confirm", "none", "edit")
_NOT_TYPOS = ("ask_distance", "ask_cost", "ask_hours")  # their words are one edit from common ones (closer/closed, fees/feed)
MAX_NGRAM = 4
EXACT = 100.0


class Ref(NamedTuple):
    """What a name points at: a town id, prefecture id, place name, country code, topic or intent."""

    kind: Kind
    key: str


Pair = tuple[Kind, str]  # a Ref as the tables keep it


class Hit(NamedTuple):
    ref: Ref
    surface: str
    score: float


@dataclass
class Found:
    """Everything a text mentions, by kind; ``suggestions`` are near misses worth a "did you mean"."""

    hits: list[Hit] = field(default_factory=list)
    suggestions: list[Hit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    intents: dict[str, int] = field(default_factory=dict)
    phrases: list[str] = field(default_factory=list)  # the intent phrases the text uses, as written there
    fillers: list[str] = field(default_factory=list)  # misspelt words of no meaning ("wich"), read as meant

    def keys(self, kind: Kind) -> list[str]:
        seen: dict[str, None] = {}
        for hit in self.hits:
            if hit.ref.kind == kind:
                seen.setdefault(hit.ref.key, None)
        return list(seen)

    def topic_words(self) -> dict[str, set[str]]:
        words: dict[str, set[str]] = {}
        for hit in self.hits:
            if hit.ref.kind == "topic":
                words.setdefault(hit.ref.key, set()).add(hit.surface)
        return words


class Index:
    """Exact tables for Latin n-grams and Japanese substrings, and first-letter buckets for fuzzy matching."""

    def __init__(self, knowledge: Knowledge, countries: Countries):
        # While building, refs per key as an insertion-ordered set: a keyword shared by a thousand towns stays cheap
        # to add to. Then as tuples: most keys have one ref, and a tuple of one is a quarter of a dict's size. Refs are
        # kept as plain (kind, key) pairs, which the garbage collector leaves alone; a match makes its Ref.
        self._latin: dict[str, dict[Pair, None]] = defaultdict(dict)
        self.name_words: set[str] = set()
        self.alias_only: set[str] = set()  # country aliases (cities, states, nicknames): matched exactly, never fuzzily
        self._japanese: dict[str, dict[Pair, None]] = defaultdict(dict)
        self.stopwords = {compact(w) for w in knowledge.phrases.stopwords.en}
        self.ja_stopwords = sorted({normalize(w) for w in knowledge.phrases.stopwords.ja}, key=len, reverse=True)
        self._add_names(knowledge, countries)
        self._add_topics(knowledge)
        self._add_themes(knowledge)
        self._add_phrases(knowledge)
        self.latin = _frozen(self._latin)
        self.japanese = _frozen(self._japanese)
        del self._latin, self._japanese
        self._ja_sizes: dict[str, list[int]] = defaultdict(list)  # first character -> lengths of the names, longest first
        for key in sorted(self.japanese, key=len, reverse=True):
            if len(key) not in self._ja_sizes[key[0]]:
                self._ja_sizes[key[0]].append(len(key))
        self.near_names = NearNames(knowledge.towns.values())  # 伊原市, 那岐町
        self.known = self.stopwords | self.name_words | {w for p, _ in self._all_phrases() for w in latin_words(p)}
        self.known |= _page_words(knowledge)  # a word the page itself uses is no typo of another ("first" is not "firs")
        self._buckets: dict[str, tuple[list[str], list[tuple[Pair, ...]]]] = {}
        for key, refs in self.latin.items():
            # Themes describe the official's own city: a near miss there ("Texas" ~ "teas") is not a wish; and a
            # city or state is too close to common words ("main" ~ "Maine") to be guessed from a typo.
            fuzzy = tuple(r for r in refs if r[0] not in ("theme", "category") and not (r[0] == "country" and key in self.alias_only))
            if len(key) >= 4 and fuzzy:
                keys, owners = self._buckets.setdefault(key[0], ([], []))
                keys.append(key)
                owners.append(fuzzy)
        # A misspelt word as close to a word of no meaning as to a name is that word: "wich" is "which", not "wish".
        self._stop_buckets: dict[str, list[str]] = {}
        # So is a question word of a kind of answer ("hight": "height"); not "closer", which "closed" is one edit from.
        shaped = {p for intent, items in self.phrases.items() if intent.startswith("ask_") and intent not in _NOT_TYPOS for p, _ in items}
        for word in sorted((self.stopwords | {w for w in shaped if " " not in w}) - set(self.latin)):
            if len(word) >= 4 and word.isalpha():
                self._stop_buckets.setdefault(word[0], []).append(word)

    def _add(self, word: str, ref: Pair) -> None:
        norm = normalize(word)
        key = norm.replace(" ", "")  # compact(word)
        if not key:
            return
        if has_japanese(key):
            self._japanese[key][ref] = None
        else:
            self.name_words.update(latin_words(norm))
            self._latin[key][ref] = None

    def _names(self, words: Iterable[str], ref: Pair) -> None:
        for word in words:
            self._add(word, ref)
            self._add(_JA_SUFFIX.sub("", word) if has_japanese(word) else _EN_SUFFIX.sub("", word), ref)

    def _add_names(self, knowledge: Knowledge, countries: Countries) -> None:
        for town in knowledge.towns.values():
            ref: Pair = ("town", town.id)
            base = _EN_SUFFIX.sub("", town.name.en)
            self._names([town.name.en, town.name.ja, *town.aliases], ref)
            self._names([f"{base} {suffix}" for suffix in _SUFFIXES[town.kind]], ref)
        listed = set(self._latin) | set(self._japanese)
        for town in knowledge.archive.values():  # a town that left the page, by any name no listed town has
            ref = ("archived", town.id)
            base = _EN_SUFFIX.sub("", town.name.en)
            for word in [town.name.en, town.name.ja, *town.aliases, *(f"{base} {s}" for s in _SUFFIXES[town.kind])]:
                for form in (word, _JA_SUFFIX.sub("", word) if has_japanese(word) else _EN_SUFFIX.sub("", word)):
                    if compact(form) not in listed:
                        self._add(form, ref)
        for pref in knowledge.gazetteer.prefectures:
            ref = ("prefecture", pref.id)
            base = _EN_SUFFIX.sub("", pref.name.en)
            self._names([pref.name.en, pref.name.ja, *pref.aliases, f"{base} ken", f"{base} prefecture"], ref)
        for place in knowledge.gazetteer.places:
            self._names([place.name.en, place.name.ja, *place.aliases], ("place", place.name.en))
        for code, words in countries.spellings.items():
            cldr = {compact(countries.name(code, lang)) for lang in ("en", "ja")}
            for word in words:
                key = compact(word)
                if key not in cldr:
                    self.alias_only.add(key)
                # A Japanese place name wins over a country spelled the same; one kanji alone is too ambiguous,
                # and so is a spelling that is also an English word ("U.S." folds to "us").
                if key and not (has_japanese(key) and len(key) < 2) and key not in self.stopwords:
                    table = self._japanese if has_japanese(key) else self._latin
                    if not table.get(key):
                        table[key][("country", code)] = None
        for key, code in regions.by_name().items():  # continents and sub-regions ("Asia", アジア, "Asian"), after
            # every country: a name both have is the country's
            for form in {key, *_demonyms(key)}:
                table = self._japanese if has_japanese(form) else self._latin
                if not table.get(form) and form not in self.stopwords:
                    table[form][("region", code)] = None

    def _add_topics(self, knowledge: Knowledge) -> None:
        names = set(self._latin) | set(self._japanese)
        self.titles: dict[str, tuple[str, ...]] = {}
        for town in knowledge.towns.values():
            for item in town.pr_items:
                ref: Pair = ("topic", f"{town.id}/{item.id}")
                self.titles[ref[1]] = tuple({compact(_PARENTHESIS.sub("", t)): None for t in (item.title.en, item.title.ja)})
                words = [*item.keywords.en, *item.keywords.ja, item.title.en, item.title.ja, *read_forms(item.title.ja, town.readings)]
                for word in words:
                    key = compact(word)
                    if key and key not in names and key not in self.stopwords:
                        self._add(word, ref)
                        if not has_japanese(key):
                            self._add(_plural_twin(key), ref)

    def _add_themes(self, knowledge: Knowledge) -> None:
        named: list[tuple[Pair, Keywords]] = [(("theme", t), w) for t, w in knowledge.themes.themes.items()]
        named += [(("category", c), w) for c, w in knowledge.themes.categories.items()]
        for ref, words in named:
            for word in [*words.en, *words.ja]:
                self._add(word, ref)
                if not has_japanese(word):
                    self._add(_plural_twin(compact(word)), ref)

    def _add_phrases(self, knowledge: Knowledge) -> None:
        self.phrases: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for intent, words in knowledge.phrases.intents.items():
            for phrase in [*words.en, *words.ja]:
                norm = normalize(phrase)
                if not norm:
                    continue
                self.phrases[intent].append((norm, compact(phrase)))
                # Question words ("closer", "height") are matched exactly only: a typo must not make "closed" one.
                if not has_japanese(norm) and " " not in norm and len(norm) >= 4 and not intent.startswith("ask_") and intent not in _WHOLE:
                    self._add(norm, ("intent", intent))
        # Latin phrases by their first word, the words of a text looked up in it: one pass over the text, not one
        # regular expression per intent.
        self._latin_phrases: dict[str, list[tuple[str, str]]] = defaultdict(list)
        scanned = {intent: items for intent, items in self.phrases.items() if intent not in _WHOLE}
        for intent, items in scanned.items():
            for phrase, _ in sorted(items, key=lambda x: -len(x[0])):
                first = _LATIN_WORD.match(phrase)
                if first and not has_japanese(phrase):
                    self._latin_phrases[first.group()].append((phrase, intent))
        self._intent_order = {intent: n for n, intent in enumerate(self.phrases)}
        self._ja_by_length = sorted(
            ((c, intent) for intent, items in scanned.items() for p, c in items if has_japanese(p)), key=lambda x: -len(x[0])
        )
        self._ja_by_char: dict[str, list[int]] = defaultdict(list)  # first character -> places in _ja_by_length
        for n, (phrase, _) in enumerate(self._ja_by_length):
            self._ja_by_char[phrase[:1]].append(n)

    def _all_phrases(self) -> Iterable[tuple[str, str]]:
        return (item for items in self.phrases.values() for item in items)

    def says(self, text: str, intent: str) -> bool:
        """Whether a whole message is one of an intent's phrases ("yes", "cancel", "なし")."""
        key = compact(text)
        return any(key == squeezed for _, squeezed in self.phrases.get(intent, ()))

    def topics(self, found: Found) -> tuple[list[str], str | None]:
        """Topics by how many of their words the text uses (naming the title counts double), weak ones dropped; and
        the one topic the text names better than any other ("the Denchu museum", not every museum), if there is one."""
        weights = self._topic_weights(found)
        best = max(weights.values(), default=0)
        leads = [ref for ref, weight in weights.items() if weight == best]
        return [ref for ref, weight in weights.items() if 2 * weight >= best], leads[0] if len(leads) == 1 else None

    def _topic_weights(self, found: Found) -> dict[str, int]:
        weights: dict[str, int] = {}
        squeezed: dict[str, str] = {}  # a word of the text names many topics (美術館: every town's museum)
        for ref, surfaces in found.topic_words().items():
            titles = self.titles[ref]
            named = False
            for s in surfaces:
                key = squeezed.get(s)
                if key is None:
                    key = squeezed[s] = compact(s)
                if key in titles:
                    named = True
                    break
            weights[ref] = len(surfaces) + 2 * named
        return weights

    # --- matching -------------------------------------------------------------------------------------------

    def _intents(self, norm: str, found: Found) -> list[str]:
        """Score intents by their longest phrase in the text; return the Japanese phrases seen."""
        squeezed = norm.replace(" ", "")
        seen: list[str] = []
        # Latin phrases start and end at word edges and may overlap ("what kind" must not hide "kind of partner").
        longest: dict[str, int] = {}
        for word in _LATIN_WORD.finditer(norm):
            start = word.start()
            stem = word.group()[:-1] if word.group().endswith("s") else None  # "areas" looks up "area ..."
            for phrase, intent in [*self._latin_phrases.get(word.group(), ()), *self._latin_phrases.get(stem or "", ())]:
                end = start + len(phrase)
                if norm.startswith(phrase, start) and norm[end : end + 1] == "s" and norm[end + 1 : end + 2] not in _LATIN_CHARS:
                    end += 1  # a plural: "populations", "countries" is listed as "country"... and "ies" is not
                if norm.startswith(phrase, start) and norm[end : end + 1] not in _LATIN_CHARS:
                    found.phrases.append(norm[start:end])
                    longest[intent] = max(len(phrase), longest.get(intent, 0))
        for intent in sorted(longest, key=self._intent_order.__getitem__):  # in the phrase book's order, as ties go
            found.intents[intent] = longest[intent]
        if not has_japanese(squeezed):
            return seen
        # Japanese phrases: the longest first, and none inside another ("どこ" inside "見どころ").
        # The same words listed under two intents count for both (広い: a superlative and an area).
        taken = [False] * len(squeezed)
        spans: set[tuple[int, int]] = set()
        candidates = sorted({n for c in set(squeezed) for n in self._ja_by_char.get(c, ())})  # only phrases that may occur
        for phrase, intent in map(self._ja_by_length.__getitem__, candidates):
            start = squeezed.find(phrase)
            while start >= 0:
                end = start + len(phrase)
                if not any(taken[start:end]) or (start, end) in spans:
                    taken[start:end] = [True] * len(phrase)
                    spans.add((start, end))
                    found.intents[intent] = max(found.intents.get(intent, 0), len(phrase) * 2)
                    seen.append(phrase)
                    found.phrases.append(phrase)
                start = squeezed.find(phrase, end)
        return seen

    def find(self, text: str) -> Found:
        """Names, topics, intents, near misses and unknown words in a cleaned text."""
        norm = normalize(text)
        found = Found()
        typos = {w: fixed for w in dict.fromkeys(latin_words(norm)) for fixed in [self._typo(w)] if fixed}
        if typos:
            found.fillers = list(typos)
            norm = _LATIN_WORD.sub(lambda m: typos.get(m.group(), m.group()), norm)
        if _US.search(text):  # "US" in capitals is the country; "us" is a pronoun
            found.hits.append(Hit(Ref("country", "US"), "us", EXACT))
        phrases = self._intents(norm, found)
        words = latin_words(norm)
        used = self._latin_pass(words, found)
        if has_japanese(text):
            self._japanese_pass(text, found)
            self._near_japanese_names(text, found)
        rest = [(i, w) for i, w in enumerate(words) if i not in used and not w.isdigit()]
        matched = self._fuzzy_pairs(rest, found)
        for i, word in rest:
            if i not in matched and word not in self.known and not self._fuzzy(word, found):
                found.unknown.append(word)
        leftover = norm.replace(" ", "")
        for surface in sorted([compact(h.surface) for h in found.hits] + phrases, key=len, reverse=True):
            leftover = leftover.replace(surface, " ")
        for word in self.ja_stopwords:
            leftover = leftover.replace(word, " ")
        found.unknown += _KANJI_RUN.findall(leftover)
        found.unknown += [w for w in katakana_words(text) if fold_kana(w) in leftover]
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
                    found.hits.extend(Hit(Ref(*ref), " ".join(words[start : start + size]), EXACT) for ref in refs)
        return used

    def _japanese_pass(self, text: str, found: Found) -> None:
        """Longest known name at each position; kana names only where the script changes around them."""
        folded = fold_kana(text)
        pos = 0
        while pos < len(folded):
            for size in self._ja_sizes.get(folded[pos], ()):
                refs = self.japanese.get(folded[pos : pos + size]) if pos + size <= len(folded) else None
                if refs and _bounded(text, pos, size):
                    found.hits.extend(Hit(Ref(*ref), folded[pos : pos + size], EXACT) for ref in refs)
                    pos += size
                    break
            else:
                pos += 1

    def _typo(self, word: str) -> str | None:
        """The word of no meaning a misspelt word stands for ("wich": "which", "waht": "what"), if it is the nearest
        known word; then the phrases around it read as they were meant ("waht can you do")."""
        if len(word) < 4 or word in self.known or word.isdigit() or word[0] not in self._stop_buckets:
            return None
        allowed = 1 if len(word) <= 6 else 2
        stops = process.extract(word, self._stop_buckets[word[0]], scorer=OSA.distance, score_cutoff=allowed, limit=4)
        if not stops:  # most words: no word of no meaning near, no names to compare
            return None
        distance = min(d for _, d, _ in stops)
        keys = [key for key, d, _ in stops if d == distance]
        names = self._buckets.get(word[0], ([], []))[0]
        for key, d, _ in process.extract(word, names, scorer=OSA.distance, score_cutoff=distance, limit=8):
            if d < distance:
                return None  # a name is nearer
            keys.append(key)
        nearest = _nearest(word, [(key, n) for n, key in enumerate(keys)])
        return next((key for key, _ in nearest if key not in self.latin), None)

    def _near_japanese_names(self, text: str, found: Found) -> None:
        """Japanese names near a town's (``near_names``): the town when read alike, else a "did you mean"; hits of
        shorter names inside one (宇治 in 宇治原町) dropped."""
        named = [compact(h.surface) for h in found.hits if h.ref.kind == "town"]
        for near in self.near_names.find(text, self.japanese, named):
            inside = fold_kana(near.word)
            found.hits[:] = [h for h in found.hits if h.ref.kind == "intent" or h.surface not in inside]
            if near.alike:
                found.hits.append(Hit(Ref("town", near.town), inside, EXACT - 1))
            else:
                found.suggestions.append(Hit(Ref("town", near.town), near.word, EXACT - 1))

    def _fuzzy_pairs(self, rest: list[tuple[int, str]], found: Found) -> set[int]:
        """Misspelt two-word names ("new zeland", "cherry blosoms"); returns the word positions used."""
        used: set[int] = set()
        for (i, first), (j, second) in zip(rest, rest[1:], strict=False):
            if (
                j == i + 1
                and i not in used
                and not (first in self.known and second in self.known)
                and first not in self.stopwords and second not in self.stopwords  # "Nagi's main" is not "Spain"
                and self._fuzzy(first + second, found, suggest=False, surface=f"{first} {second}")
            ):
                used.update((i, j))
        return used

    def _fuzzy(self, word: str, found: Found, suggest: bool = True, surface: str | None = None) -> bool:
        """Match a misspelt word against known words with the same first letter; True if it matched.

        One edit (a transposition counts as one) is allowed in words of up to six letters, two in longer ones;
        one edit more only makes a suggestion.
        """
        if len(word) < 4 or word[0] not in self._buckets:
            return False
        allowed = 1 if len(word) <= 6 else 2
        keys, owners = self._buckets[word[0]]
        best = process.extract(word, keys, scorer=OSA.distance, score_cutoff=allowed + 1, limit=8)
        if not best:
            return False
        distance = min(d for _, d, _ in best)
        nearest = _nearest(word, [(key, position) for key, d, position in best if d == distance])
        refs = [Ref(*ref) for _, position in nearest for ref in owners[position]]
        if distance > 1:  # two edits make a name, never a phrase word: "company" is not "compare"
            refs = [ref for ref in refs if ref.kind != "intent"]
            if not any(Indel.distance(word, key) <= 3 or sorted(word) == sorted(key) for key, _ in nearest):
                distance = allowed + 1  # two letters changed make another name ("Okegawa" is not Okinawa): a suggestion at
                # most; a letter dropped or doubled beside one changed, or letters swapped ("Ujiwatara"), is a typo
        if distance <= allowed and refs:
            found.hits.extend(Hit(ref, surface or word, EXACT - distance) for ref in dict.fromkeys(refs))
            return True
        if suggest:
            found.suggestions.extend(Hit(ref, word, EXACT - distance) for ref in refs if ref.kind in ("town", "country"))
        return False


def _page_words(knowledge: Knowledge) -> set[str]:
    """The English words of the towns' own texts (outline, partner, PR items)."""
    texts = [town.outline("en") for town in knowledge.towns.values()]
    texts += [town.partner("en") for town in knowledge.towns.values() if town.partner]
    texts += [f"{item.title('en')} {item.text('en')}" for town in knowledge.towns.values() for item in town.pr_items]
    return {w for text in texts for w in latin_words(normalize(text)) if len(w) >= 4}


def _nearest(word: str, keys: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Of keys equally near a word, those a dropped or doubled letter explains best ("wich": "which", not "wish")."""
    dropped = min(Indel.distance(word, key) for key, _ in keys)
    return [(key, position) for key, position in keys if Indel.distance(word, key) == dropped]


def _frozen(table: dict[str, dict[Pair, None]]) -> dict[str, tuple[Pair, ...]]:
    return {key: tuple(refs) for key, refs in table.items()}


def _demonyms(key: str) -> list[str]:
    """The adjective of a region's English name, by the common endings: "asia" -> "asian", "europe" -> "european"."""
    if has_japanese(key) or len(key) < 4:
        return []
    return [key + "n"] if key.endswith("a") else [key + "an"] if key.endswith("e") else []


def _plural_twin(key: str) -> str:
    """"blossom" for "blossoms", "skies" for "sky", and the other way round, so either form matches."""
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith("y") and len(key) > 3 and key[-2] not in "aeiou":
        return key[:-1] + "ies"
    return key[:-1] if key.endswith("s") and len(key) > 4 else key + "s"


_KANJI = re.compile(r"[\u4e00-\u9fff]")


def _bounded(text: str, pos: int, size: int) -> bool:
    """A kana-only name must stand alone: not inside a longer word of the same script ("つなぎ", "イバラキ")."""
    key = text[pos : pos + size]
    if not is_kana(fold_kana(key)):  # a one-kanji name heading a compound is no name (山 in 山林, 木 in 木造)
        return size > 1 or not _KANJI.match(text[pos + 1 : pos + 2])
    before = text[pos - 1] if pos else ""
    after = text[pos + size] if pos + size < len(text) else ""
    return _edge(before, key[0]) and _edge(after, key[-1])


def _edge(neighbour: str, inside: str) -> bool:
    script = kana_script(neighbour)
    return script is None or script != kana_script(inside) or neighbour in _PARTICLES
