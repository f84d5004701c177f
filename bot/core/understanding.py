"""Understanding a question: the names it mentions, the intents its phrases signal, the content terms no name or
phrase accounts for, and the kind of answer it asks for (``question.SHAPES``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.core.answers import FACTS
from bot.core.context import asked
from bot.core.index import EXACT, Found, Index
from bot.core.languages import language_groups, language_words, outside
from bot.core.lookup import Lookup
from bot.core.question import SHAPES, refers_back
from bot.core.reply import State
from bot.core.tokens import Term, Tokenizer, reading
from bot.core.units import Units
from bot.text import fold_kana, has_japanese, kana_romaji, normalize, romaji_key

# A phrase this long is meant even beside words the engine does not know ("send an enquiry", "post our profile").
STRONG = 10
# Small talk that unknown words around it do not change ("Hello, I am Anna from Perth").
UNFAZED = ("greeting", "thanks", "help", "status", "contact", "lang_ja", "lang_en")
# Intents that make a message a request or small talk rather than a question of fact.
SMALL_TALK = ("posting", "enquire", "status", "contact", "lang_ja", "lang_en", "list_towns", "help", "thanks", "greeting", "cancel")
# Intents that ask across the towns: a question with one is not about the conversation's town alone.
_ACROSS_TOWNS = {"list_towns", "compare", "most", "least", "total", "match", "above", "below", "highlights"}
CLAIR = re.compile(r"(?<![a-z])clair(?![a-z])|クレア|自治体国際化協会", re.IGNORECASE)  # asked of CLAIR, not of a town
_MAX_TOWNS = 10
_LIKENESS = re.compile(r"\b(?:similar|like ours|like us|in common|the same)\b|似|同じよう|共通", re.IGNORECASE)  # asks for a match
_SOMEWHERE = re.compile(r"\b(?:is there|are there)\s+(?:any\s*(?:where|place)|somewhere)\b|\bwhere (?:can|could|might)\b|どこで(?:でき|[^？?]{0,10}(?:できる|られる|れる))", re.IGNORECASE)
# The asker's own town described ("We are a small farming city…", "Our shire is big on beef."): what is matched.
_SELF = re.compile(
    r"(?:^|[.!?]\s+)(?:we are|we're|we have|our (?:city|town|village|shire|county|community|municipality|council|region|district|state|province)\b)",
    re.IGNORECASE,
)
_WEIGHED = {"population", "area", "most", "least", "compare", "superlative"}  # a question of its own measure
NOT_ITEMS = ("outline", "partner", "wish")  # the evidence's sources that are no PR item
_ELLIPTIC_WORDS = 4  # a later English part this short leaves its subject unsaid: "how many years old?"
_HYPHENATED = re.compile(r"\b([A-Za-z]{2,})-([A-Za-z]{2,})\b")
_ANY_TOWN = re.compile(r"\b(?:which|what|any|towns|cities|municipalities|anyone|others?)\b|どこ|どの|ほか|他の", re.IGNORECASE)
# Hits of these kinds account for the words they use: names, and intent phrases.
_NAMES = ("town", "prefecture", "place", "country", "category")
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(k(?![a-z])|thousand|千|万)?", re.IGNORECASE)
_SCALE = {"k": 1_000, "thousand": 1_000, "千": 1_000, "万": 10_000}


def _alone(word: str, text: str) -> bool:
    """A one-kanji noun that stands alone in the text (駅 in 奈義町には駅が), not part of a compound (先 in 相手先)."""
    kanji = "\u4e00-\u9fff"
    return len(word) == 1 and re.search(rf"(?<![{kanji}]){re.escape(word)}(?![{kanji}])", text) is not None


def number(text: str) -> float | None:
    """The first number in a text, with its scale word: "10,000", "10k", "1万"."""
    match = _NUMBER.search(text)
    if not match:
        return None
    return float(match.group(1).replace(",", "")) * _SCALE.get((match.group(2) or "").lower(), 1)


_KIND = re.compile(r"\s+(?:City|Town|Village)$")
# A preamble that counts the questions ("Couple of questions", "two things", 2つ質問です): no subject of its own.
_ANNOUNCED = re.compile(
    r"\b(?:\d+|two|three|four|a couple of|couple of|a few|few|some|several)\s+(?:quick\s+|short\s+|small\s+)?(?:questions?|things|queries)\b"
    r"|[\d一二三四]+つ(?:の)?(?:質問|お尋ね|聞きたいこと|教えてほしいこと|教えて|聞かせて)|いくつか(?:の)?質問",
    re.IGNORECASE,
)
# The towns counted ("all three towns", 3つの町, 3自治体): a scope, its number no subject.
_TOWNS_COUNTED = re.compile(
    r"\b(?:\d+|two|three|four|five)\s+(?:towns|cities|municipalities|local governments|places)\b|[\d０-９一二三四五]+\s*(?:つの)?(?:町|市|村|自治体|市町村)",
    re.IGNORECASE,
)
# The asker's greeting or introduction ("Hello from Ontario!", "I teach at a school in Wellington, NZ."): a country
# named there is where the asker is from, not what a question about a town asks.
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")
_INTRODUCTION = re.compile(
    r"^(?:hello|hi|hey|greetings|good (?:morning|afternoon|evening)|dear|i|i'm|im|i am|we|we're|we are|our|my)\b[^?]*$"
    r"|^(?:こんにちは|こんばんは|はじめまして|初めまして|私|我々)[^？?]*$",
    re.IGNORECASE,
)
# The asker's own circumstance before the question: "If our delegation flies into Osaka, …", "When we visit, …".
_CONDITION = re.compile(
    r"^\s*(?:if|when|once|since|as)\s+(?:we|i|our|my|i'm|we're)\b[^?]{0,80}?[,\s]\s*"
    r"(?=(?:how|what|what's|when|where|which|who|is|are|can|could|does|do|would|will|should)\b)",
    re.IGNORECASE,
)
# "The name of the river": a name asked of a place or thing, which no "who" answers.
_THING_NAMED = re.compile(
    r"\bnames? of (?:the |that |this )?(?:river|mountain|mount|temple|gorge|valley|museum|festival|area|district|road|station"
    r"|town|city|village|park|shrine|plateau|prize|show|brand|tree|dish|food|product|fabric|window|expressway|facility|program(?:me)?)s?\b",
    re.IGNORECASE,
)
# なん before です/でしょう is "what" (なんですか, なんでしょうか), not the なんで of "why".
_WHAT_IS = re.compile(r"なんで(?:しょう|す)")
_WHY = re.compile(r"なぜ|どうして|理由|何故|\bwhy\b|なんで(?!(?:しょう|す))", re.IGNORECASE)
# What makes a country the point of a question about a named town: the partner or wish asked of it.
_PARTNER_ASKED = ("wish", "partner", "match", "list_towns", "compare")
# "When was it built?", いつ建てられましたか: a past event's "when" is a year or a date, not a season or an era.
_PAST = re.compile(r"\bwhen (?:was|were|did|had)\b|\b(?:what|which) year\b|いつ.*(?:ました|ましたか|された|れた|した|だった|できた)", re.IGNORECASE)


# A request to be listed: the official's own side (we, our, a foreign or overseas town) and a listing word.
_OWN_SIDE = re.compile(r"\b(?:we|our|us|my|foreign|overseas|abroad)\b|outside (?:of )?japan|海外|外国|当市|当町|私たち|弊", re.IGNORECASE)
_LISTING = re.compile(
    r"\b(?:get|getting|be|being|have|having)\s+(?:(?:our|my|the|a)\s+\w+\s+)?(?:listed|posted|included|added|featured)\b|\b(?:are|is) listed\b|\b(?:advertise|advertising)\b|\b(?:submit|register)\s+(?:our|my|on|with|the information)\b(?![^.?!]{0,40}\binterest\b)"
    r"|\bprofiles?\b|\bpost (?:our|my|their|its|a|the)\b|\bonto\b.*\blist\b|\bon (?:the|your|clair'?s) (?:list|page|site)\b"
    r"|\blists? (?:overseas|foreign|our|my)\b|掲載|載せ|載る|載り|登録",
    re.IGNORECASE,
)
_TO_BE_LISTED = re.compile(
    r"\b(?:get|getting|be|being|have|having)\s+(?:(?:our|my|the|a)\s+\w+\s+)?(?:listed|posted|included|added|featured)\b|\bpost (?:our|my|their|its)\b|\bonto\b.*\blist\b"
    r"|\b(?:submit|register)\s+(?:our|my|on|with|the information)\b(?![^.?!]{0,40}\binterest\b)|\badvertis",
    re.IGNORECASE,
)
_PUT_ON_LIST = re.compile(
    r"\b(?:get|put|add|include|list)\s+(?:us|our|my)\b(?:\s+[\w']+){0,2}\s+(?:on|onto|in|to)\s+(?:the|your|clair'?s)\s+(?:list|page|site|website)\b",
    re.IGNORECASE,
)
# The Japanese towns already listed ("any town on your list", "local bodies on the list"): no request to be listed.
_LISTED = re.compile(
    r"\b(?:towns?|cit(?:y|ies)|municipalit(?:y|ies)|local (?:bodies|body|governments?)|councils?|places?|ones?|any)"
    r"(?:\s+\w+){0,2}\s+(?:on|in) (?:the|your|clair'?s|this) (?:list|page|site)\b",
    re.IGNORECASE,
)
_OWN_WANT = re.compile(r"\b(?:i|we)\s+(?:really\s+|just\s+)?want(?:ed)?\s+to\s+(?:know|learn|hear|see|find out|read|ask|understand)\b", re.IGNORECASE)
# Words that make "what kind of…" a question about the partner a town seeks.
_SEEKING = re.compile(
    r"\b(?:want|wants|wanted|look|looks|looking|seek|seeks|seeking|prefer|prefers|wish|wishes|hope|hopes|expect|expects|need|needs"
    r"|partner|partners|partnership|exchange|exchanges|criteria|characteristics|requirements?|conditions?|ideal)\b"
    r"|探|求め|希望|望|相手|交流|条件|特徴",
    re.IGNORECASE,
)


# "What does X want (in a partner, out of it)?" asks for what is wanted; "which country…" for the country alone.
_WHAT_WANTED = re.compile(r"\bwhat(?: (?:kind of |sort of )?(?:partner|exchange|city|town)s?)? (?:does|do|did|would|is|are)\b.*\b(?:want|wants|wanting|looking for|seek|seeking|hope|hoping|expect|expecting|wish)\b", re.IGNORECASE)
_COUNTRY_ASKED = re.compile(r"\b(?:countr(?:y|ies)|regions?|nations?|where)\b", re.IGNORECASE)


# Whether something is in a language: "available in English", "is there … in Japanese", 英語でも, 英語で見られ/読め.
_AVAILABLE_IN = re.compile(
    r"\b(?:available|offered|provided|written|published|printed|exist|exists|is there|are there|any\b.*\bin (?:english|japanese))\b"
    r"|(?:英語|日本語)(?:でも|版|の(?:案内|資料|ページ|サイト|説明))|(?:英語|日本語)で(?:の)?(?:見られ|見れ|読め|読む|見る|案内|対応|書かれ|表示|あり|ある)",
    re.IGNORECASE,
)


_NOT_BEFORE = re.compile(r"\b(?:not|except|excluding|other than|rather than|instead of|apart from)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_NOT_AFTER = re.compile(r"^(?:\s*(?:や|と|、)\s*\S{1,10})*(?:ではなく|じゃなく|以外|を除)")


def _negated(surface: str, text: str) -> bool:
    """Whether the asker excludes the country named ("not Australia or NZ", オーストラリア以外, オーストラリアではなく)."""
    at = normalize(text).find(normalize(surface))
    if at < 0:
        return False
    before, after = normalize(text)[:at], normalize(text)[at + len(normalize(surface)):]
    return bool(_NOT_BEFORE.search(before) or _NOT_BEFORE.search(re.sub(r"\b(?:or|and|nor)\s+\S+\s*$", "", before.rstrip(" ,")) + " ") or _NOT_AFTER.match(after))


def _dated(shape: str, text: str) -> str:
    return "date" if shape == "when" and _PAST.search(text) else shape


@dataclass(frozen=True)
class Understanding:
    """What a message mentions and which intents its phrases signal."""

    towns: list[str]
    prefectures: list[str]
    places: list[str]
    countries: list[str]
    topics: list[str]
    intents: dict[str, int]
    themes: list[str]
    suggestions: list[str]
    unknown: list[str]
    text: str = ""
    terms: tuple[Term, ...] = ()  # content terms no name or phrase accounts for, with their words
    shape: str | None = None  # the kind of answer asked: "height", "when", "who"... (question.SHAPES)
    also: tuple[str, ...] = ()  # more kinds asked in the same breath: "how tall and how old", 高さ何メートルで、樹齢は
    archived: tuple[str, ...] = ()  # towns no longer on CLAIR's page
    categories: tuple[str, ...] = ()  # kinds of thing asked for ("food"), when no item is named (themes.yaml)
    near: tuple[str, ...] = ()  # the words that were near a town's name ("Ujiwaraaa", 伊原市), for "did you mean"
    languages: tuple[str, ...] = ()  # language groups named: "English-speaking", 英語圏 -> "en"
    outside_languages: bool = False  # the countries outside those groups are asked about (英語圏以外)
    lead: str | None = None  # the one topic named better than any other
    regions: tuple[str, ...] = ()  # continents and sub-regions named ("Asia": "142")
    read: str = ""  # the text as read: chat spellings as the words they stand for ("rn": right now)
    item_words: str = ""  # the words that named an item ("なぎびーふ"), folded as the index matched them

    def names_item(self, word: str) -> bool:
        """Whether a word of the question is part of the words that named an item."""
        return fold_kana(normalize(word)) in self.item_words

    @property
    def facts(self) -> list[str]:
        # The desired country after a fact asked as strongly: どんな交流相手 is the partner first, then the country.
        return sorted((f for f in FACTS if f in self.intents), key=lambda f: (-self.intents[f], f == "wish"))

    def strongest(self, candidates: tuple[str, ...]) -> str | None:
        present = [c for c in candidates if c in self.intents]
        return max(present, key=lambda c: self.intents[c]) if present else None


class Reader:
    """Reads a message against the index (names, phrases) and the evidence's vocabulary (content terms)."""

    def __init__(self, index: Index, tokenizer: Tokenizer, lookup: Lookup):
        self.index = index
        self.tokenizer = tokenizer
        self.lookup = lookup
        self.units = Units(tokenizer)  # "in square kilometres", 何メートル: how a figure is asked, not a subject
        # Towns the page names only in English ("Okegawa City"), by their name's letters: 桶川 (オケガワ) is Okegawa.
        spelled = {variant.lower(): word for word, variants in lookup.kb.phrases.spellings.items() for variant in variants}
        self.spelled = spelled
        self.spellings = re.compile(rf"(?<![\w'])(?:{'|'.join(sorted(map(re.escape, spelled), key=len, reverse=True)) or '(?!)'})(?![\w'])", re.IGNORECASE)
        self.latin = {
            romaji_key(_KIND.sub("", town.name.en)): town.id for town in lookup.kb.towns.values() if not has_japanese(town.name.ja)
        }
        self.latin_loose = {_unvoiced(key): town for key, town in self.latin.items()}

    def _latin_town(self, word: str) -> str | None:
        """The town named only in English that a Japanese noun reads as: by the word's reading or its characters'
        (月見野: ツキミヤ, or ツキ・ミ・ノ), its 市, 町 or 村 aside (小桜町), voiced or not (羽根川: ハネカワ, Hanegawa)."""
        if not has_japanese(word):
            return None
        base = word[:-1] if len(word) > 1 and word[-1] in "市町村" else word
        readings = [reading(base), "".join(reading(c) for c in base) if len(base) > 1 else ""]
        keys = [romaji_key(kana_romaji(kana)) for kana in readings if kana and _KANA.fullmatch(kana)]
        found = next((self.latin[k] for k in keys if k in self.latin), None)
        return found or next((self.latin_loose[k] for k in map(_unvoiced, keys) if k in self.latin_loose), None)

    def _latin_towns(self, terms: tuple[Term, ...]) -> tuple[list[str], tuple[Term, ...]]:
        """The towns named only in English that Japanese nouns of a question read as, and the other terms."""
        named = {t.word: town for t in terms if t.noun and (town := self._latin_town(t.word))}
        if not named:
            return [], terms
        return list(dict.fromkeys(named.values())), tuple(t for t in terms if t.word not in named)

    def _latin_named(self, text: str, terms: tuple[Term, ...]) -> str:
        """``text`` with each run of kanji that reads as a town named only in English (or begins with one), and its
        市, 町 or 村, written as that town's English name: 桶川市はいつ市に… -> Okegawa City はいつ市に…"""
        out, at = [], 0
        for run in _KANJI_RUN.finditer(text):
            word = run.group()
            for end in range(len(word), 1, -1):  # 白樺岳: 白樺
                town = self._latin_town(word[:end])
                if town:
                    out += [text[at : run.start()], f" {self.lookup.kb.towns[town].name.en} "]
                    # 桶川市 (its 市 read with it), or 白樺 of 白樺岳; 市長 stays whole (胡桃市長: Kurumi City 市長)
                    at = run.start() + end - (end < len(word) and word[end - 1] in "市町村")
                    break
        return "".join(out) + text[at:] if out else text

    def read(self, text: str) -> Understanding:
        """What a message names and asks; only its asked part (``context.asked``) holds what it asks, its context
        (sentences that neither ask nor request, adjuncts, frames) only names what it is about when the asked part
        names nothing ("Nagi has a famous ginkgo. How tall is it?")."""
        core = asked(text)
        if core == text:
            return self._read(text)
        part = self._read(core)
        named = part.towns or part.topics or part.countries or part.prefectures or part.places or part.suggestions or part.archived
        if not named and _SELF.search(text) and not _WEIGHED & set(part.intents):
            return self._read(text)  # "We are a small town whose school wants an exchange. Which town fits?": matched
        whole = self._read(text)
        intents, themes = part.intents, part.themes
        if "match" in whole.intents and not (_WEIGHED & set(intents) or (part.topics and not _LIKENESS.search(core))):
            # "We are a farming city in Queensland. Which towns would be open to an Australian city?": the asker's
            # town described is what is matched, its themes with it
            intents, themes = {**intents, "match": whole.intents["match"]}, list(dict.fromkeys([*part.themes, *whole.themes]))
        if named:
            return replace(part, intents=intents, themes=themes)
        # the subject is in the context ("The Bodaiji ginkgo. How tall is it?"): its words the page knows name it too
        pointed = bool(whole.topics or whole.towns) and refers_back(core)  # "… How tall is it?"
        known = tuple(t for t in whole.terms if pointed and t not in part.terms and self.lookup.knows(t.term, "ja" if has_japanese(t.word) else "en"))
        return replace(whole, intents=intents, terms=(*part.terms, *known), shape=part.shape, also=part.also, unknown=part.unknown, text=core)

    def _read(self, text: str) -> Understanding:
        said, text = text, self._respelled(text)
        found: Found = self.index.find(text)
        intents = found.intents
        for hit in found.hits:
            if hit.ref.kind == "intent":
                intents[hit.ref.key] = max(intents.get(hit.ref.key, 0), len(hit.surface))
        # "Spanish-speaking" is a language group, not Spain; a country named besides stays ("English-speaking Kenya").
        languages = language_groups(text)
        words = language_words(languages) if languages else set()
        named = {h.ref.key for h in found.hits if h.ref.kind == "country" and normalize(h.surface) not in words}
        spoken = {h.ref.key for h in found.hits if h.ref.kind == "country" and normalize(h.surface) in words} - named
        if min(intents.get("most", 0), intents.get("least", 0)) * 2 <= max(intents.get("most", 0), intents.get("least", 0)):
            intents.pop("most" if intents.get("most", 0) < intents.get("least", 0) else "least", None)  # "most out of date"
        # 一番/最も alone says "most" of a measure named (人口が一番); of none (一番いい町), no measure the page gives.
        put = _PUT_ON_LIST.search(text)  # "how can I get my city on your list": the asker's town put on it
        if _OWN_SIDE.search(text) and (put or _LISTING.search(_LISTED.sub(" ", text))):  # "Can foreign municipalities post their information?"
            # A verb asking to be listed outweighs everything else; a word of the list or page, small talk only.
            strongest = put or _TO_BE_LISTED.search(text)
            intents["posting"] = max(STRONG, *(v + 1 for v in intents.values())) if strongest else max(intents.get("posting", 0), STRONG)
        if "match" in intents and _SOMEWHERE.search(text):  # "Is there anywhere our students could dig for fossils?":
            del intents["match"]  # a place to do something, asked of the page; "our students" say who, not a match
        if intents.get("wish") == len("want") and _OWN_WANT.search(text):
            del intents["wish"]  # "I want to know more about Nagi": the official's wish to know, not the town's
        # "What kind of town is Nagi?" asks for the town; "what kind of town does Nagi want?" for the partner it seeks.
        if "partner" in intents and not _SEEKING.search(text):
            intents["town"] = max(intents.pop("partner"), intents.get("town", 0))
        if "wish" in intents and _WHAT_WANTED.search(text) and not _COUNTRY_ASKED.search(text):
            # "What does Nagi want from the exchange?": a thing wanted, the partner it describes as well as the country
            # (a request word in it, "a partnership", is what is asked about: the question outweighs it)
            intents["partner"] = max(intents.get("partner", 0), intents["wish"], intents.get("enquire", 0)) + 1
        if ("lang_en" in intents or "lang_ja" in intents) and _AVAILABLE_IN.search(text):
            intents.pop("lang_en", None)  # "Is the guide available in English?", 英語でも見られますか: a question of
            intents.pop("lang_ja", None)  # something in that language, not a request to switch
        if "ask_who" in intents and _THING_NAMED.search(text):  # "the name of the river in Tenjinkyo": no person
            del intents["ask_who"]
        if "ask_why" in intents and _WHAT_IS.search(text) and not _WHY.search(text):  # 主な産業はなんでしょうか: "what is", not "why"
            del intents["ask_why"]
        marked = intents.pop("superlative", 0)
        if marked and "most" not in intents and "least" not in intents:
            intents["most" if {"population", "area", "date_modified"} & set(intents) else "superlative"] = marked
        suggestions = [s.ref for s in found.suggestions if s.ref.kind == "town"]
        shapes = sorted((s for s in SHAPES if f"ask_{s}" in intents), key=lambda s: -intents[f"ask_{s}"])
        # The asker's introduction is context: its words are no subject of the question that follows it.
        sentences = [s for s in _SENTENCE.split(text) if s.strip()]
        introduced = " ".join(s for s in sentences[:-1] if _INTRODUCTION.match(s.strip()))
        asked = " ".join(s for s in sentences if s not in introduced) if introduced else text
        condition = _CONDITION.match(asked)  # "If our delegation flies into Osaka, how long is the drive…": context
        if condition:
            asked = asked[condition.end():]
        towns, terms = found.keys("town"), self._terms(_TOWNS_COUNTED.sub(" ", _ANNOUNCED.sub(" ", asked)), found)
        countries = [c for c in found.keys("country") if c not in spoken]
        negated = {h.ref.key for h in found.hits if h.ref.kind == "country" and _negated(h.surface, text)}
        countries = [c for c in countries if c not in negated] or countries  # "the US, obviously not Australia or NZ"
        if introduced and towns and countries and not set(_PARTNER_ASKED) & set(intents):  # "Hello from Ontario! Which prefecture is Ujitawara in?"
            countries = [c for c in countries if not all(h.surface in normalize(introduced) for h in found.hits if h.ref.kind == "country" and h.ref.key == c)]
        if not towns and self.latin and has_japanese(text):  # 桶川の人口は何人ですか？, the page in English only
            named_text = self._latin_named(text, terms)
            if named_text != text:  # read again with the page's name in place: 桶川市は is Okegawa City, not 市は
                return replace(self._read(named_text), text=text)
            towns, terms = self._latin_towns(terms)
            towns = towns or found.keys("town")
        topics, lead = self.index.topics(found)
        return Understanding(
            towns=towns,
            prefectures=found.keys("prefecture"),
            places=found.keys("place"),
            countries=countries,
            topics=topics,
            intents=intents,
            themes=found.keys("theme"),
            suggestions=list(dict.fromkeys(r.key for r in suggestions)),
            unknown=found.unknown,
            text=said,
            read=text,
            terms=terms,
            shape=_dated(shapes[0], text) if shapes else None,
            also=tuple(shapes[1:]),
            archived=tuple(found.keys("archived")),
            categories=self._categories(found),
            languages=languages,
            outside_languages=bool(languages) and outside(text),
            near=tuple(dict.fromkeys(s.surface for s in found.suggestions if s.ref.kind == "town")),
            lead=lead,
            regions=tuple(found.keys("region")),
            item_words=" ".join(h.surface for h in found.hits if h.ref.kind == "topic"),
        )

    def _respelled(self, text: str) -> str:
        """The message with chat spellings as the words they stand for ("how many ppl live…": people)."""
        if self.spellings.search(text):
            text = self.spellings.sub(lambda m: self.spelled[m.group(0).lower()], text)
        return _HYPHENATED.sub(self._joined, text) if "-" in text else text

    def _joined(self, match: re.Match[str]) -> str:
        """A hyphenated word the page writes closed ("child-rearing": Childrearing) as the page writes it."""
        joined = match.group(1) + match.group(2)
        terms = self.tokenizer.terms(joined)
        return joined if len(terms) == 1 and self.lookup.knows(terms[0], "en") else match.group(0)

    def _categories(self, found: Found) -> tuple[str, ...]:
        """The categories a text asks for; none when it names an item by a word of its own ("the Denchu museum")."""
        words = {h.surface for h in found.hits if h.ref.kind == "category"}
        if any(h.ref.kind == "topic" and h.surface not in words for h in found.hits):
            return ()
        return tuple(found.keys("category"))

    def _terms(self, text: str, found: Found) -> tuple[Term, ...]:
        """The content terms of a text that no name, intent phrase or misspelt word the index matched accounts for."""
        spent = [h for h in found.hits if h.ref.kind in _NAMES or h.ref.kind == "intent" or h.score < EXACT]
        spent += [h for h in found.suggestions if h.ref.kind == "town"]  # a name near a town's is a name (伊原市)
        named = {t for h in spent for t in self.tokenizer.terms(h.surface)}
        named.update(t for phrase in [*found.phrases, *found.fillers] for t in self.tokenizer.terms(phrase))
        # Japanese phrases and names are kept folded (katakana as hiragana): a word inside one is accounted for.
        spoken = " ".join([*found.phrases, *(h.surface for h in spent)])
        knows = self.lookup.knows
        return tuple(
            self._bridged(term) for term in self.tokenizer.pairs(text)
            if term.term not in named and term.term not in self.units.terms and not (has_japanese(term.word) and normalize(term.word) in spoken)
            and (len(term.word) > 2 or term.word.isdigit() or (has_japanese(term.word) and (len(term.word) > 1 or knows(term.term, "ja") or (term.noun and _alone(term.word, text)))))
            and (term.noun or knows(term.term, "ja" if has_japanese(term.word) else "en"))  # an unknown verb: a filler
        )


    def _bridged(self, term: Term) -> Term:
        """A Japanese word the page never uses in Japanese, as the English page (for a town it gives only in English)
        writes it: a loanword as its English (シンボル: "symbol"), any other word in romaji (錦鯉: "Nishikigoi")."""
        if not has_japanese(term.word) or self.lookup.knows(term.term, "ja"):
            return term
        english = self.tokenizer.loans.get(term.term)
        if english and self.lookup.knows(english, "ja"):
            return term._replace(term=english)
        kana = reading(term.word)
        if len(term.word) > 1 and _KANA.fullmatch(kana):
            romaji = self.tokenizer.terms(kana_romaji(kana))
            if len(romaji) == 1 and len(romaji[0]) > 3 and self.lookup.knows(romaji[0], "ja"):
                return term._replace(term=romaji[0])
        return term


_VOICED = str.maketrans("gzdbp", "kstth")
_KANA = re.compile(r"[\u3041-\u30ffー]+")
_KANJI_RUN = re.compile(r"[\u4e00-\u9fff々]{2,}")


def _unvoiced(key: str) -> str:
    """Romaji with voiced consonants as unvoiced (hanegawa, hanekawa: hanekawa), as names voice in compounds."""
    return key.replace("j", "sh").translate(_VOICED)


def in_context(u: Understanding, state: State, later: bool, knows: Callable[[str, str], bool]) -> Understanding:
    """A question that names no town nor item is about the conversation's town: a later part of a message ("…,
    and what share was that?"), or a new question of content ("いつ合併しましたか？" leaves its subject unsaid). In a
    later part, an item of several towns is the conversation's town's (美術館 after 田中館)."""
    if later and u.countries and state.towns and not (u.towns or u.prefectures or u.places or _ACROSS_TOWNS & set(u.intents) or _ANY_TOWN.search(u.text)):
        return replace(u, towns=list(state.towns[:1]))  # "…? And would a New Zealand partner be welcome?": that town's
    origin = u.shape == "distance"  # "…, and how long is the drive to Osaka?": a place measured from, not the subject
    if u.towns or u.countries or ((u.prefectures or u.places) and not origin) or not state.towns:
        return u
    here = state.towns[0]
    item = state.topic if state.topic and state.topic.startswith(f"{here}/") and state.topic.partition("/")[2] not in NOT_ITEMS else None
    if later and item and u.themes and u.lead and not u.lead.startswith(f"{here}/"):
        # "…何年で、博物館法で登録されたのは何年？": a word of a kind (博物館) names the item just answered, not another town's
        return replace(u, topics=[item], towns=[here], lead=item)
    if later and u.topics and {r.partition("/")[0] for r in u.topics} != {here}:  # 美術館 after 田中館: Ibara's
        own = [r for r in u.topics if r.partition("/")[0] == here]
        return replace(u, topics=own, towns=[here]) if own else u
    if later and item and not (u.topics or u.shape or any(t.noun for t in u.terms)) and u.strongest(("town", "highlights")) and not u.strongest(SMALL_TALK):
        return replace(u, towns=[here], topics=[item], lead=item)  # "…？どんなとこ？", "What's it like?": the item just answered
    chat = u.strongest(SMALL_TALK)
    if later and chat == "list_towns" and refers_back(u.text):
        chat = None  # "…, and which towns merged into it?": the town just answered
    # "how old is it?": the item just answered; Japanese leaves the "it" unsaid in a later part ("…、それから樹齢は？")
    # (so does a short English one: "…, and how many years old?")
    back = refers_back(u.text) or (later and bool(u.shape) and (has_japanese(u.text) or len(u.text.split()) <= _ELLIPTIC_WORDS))
    if later and not (u.topics or chat) and item and back and u.shape:
        return replace(u, towns=[here], topics=[item], lead=item)  # "…何年で、何年かけて完成させた？": that item
    if u.topics or chat or (state.topic and back and (u.shape or not later)):
        return u
    if later:  # "…, and which is bigger?" weighs the towns just answered, and so does a fact of them ("…、また相手
        # に求める条件は？" after the towns' countries); any other question, the first of them
        if {"most", "least"} & set(u.intents) and len(state.towns) < 2:
            return u  # "…, and which town has the most people?" after one town: of all the towns
        every = _ACROSS_TOWNS & set(u.intents) or (u.facts and not u.terms)
        return replace(u, towns=list(state.towns) if every else [here])
    asks = u.shape or any(knows(t.term, "ja" if has_japanese(t.word) else "en") for t in u.terms)
    if u.terms and asks and not u.facts and not _ACROSS_TOWNS & set(u.intents):
        return replace(u, towns=list(state.towns[:_MAX_TOWNS]))
    return u
