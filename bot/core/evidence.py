"""Evidence: the sentences of the knowledge that answer a question, ranked by BM25 and checked for the kind of
answer asked (a height, a date, a person...), with how much of the question they cover.

Every town's outline, wish, partner text and PR items are cut into sentences once, per language. A question's
content terms (``tokens.Tokenizer``) are scored against the sentences of the towns in scope; a PR item's title
counts as part of each of its sentences, so "Mt Nagi" finds the sentences of the "Mount Nagi" item.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from bot.core.tokens import Tokenizer
from bot.knowledge.models import Knowledge, Town
from bot.text import has_japanese

# A sentence ends at . ! ? (not after an abbreviation such as "Mt.") or 。！？, or at a paragraph break.
_EN_SENTENCE = re.compile(r"(?<=[.!?])(?<!\bMt\.)(?<!\bSt\.)(?<!\bNo\.)\s+(?=[A-Z0-9'‘\"“(])|\n\s*\n")
_JA_SENTENCE = re.compile(r"(?<=[。！？])|\n\s*\n")
_K1, _B = 1.2, 0.75
_FEW_TOWNS = 20  # up to this many towns in scope, their sentences are read directly
_SCORED = 200  # sentences scored per question at most, the best covered first

# What an answer of each kind looks like in a sentence.
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_YEAR = r"(?<!\d)(?<!\d,)(?:1[0-9]{3}|20[0-9]{2})(?:s|年代?)?(?!\d|,\d)"
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
ANSWER_SHAPES: dict[str, re.Pattern[str]] = {
    "height": re.compile(rf"{_NUMBER}\s*(?:m(?![a-z])|metres?(?![a-z])|meters?(?![a-z])|メートル|ｍ)", re.IGNORECASE),
    "share": re.compile(rf"{_NUMBER}\s*(?:%|％|percent|per cent|パーセント|割)", re.IGNORECASE),
    "size": re.compile(rf"{_NUMBER}\s*(?:m(?![a-z])|cm(?![a-z])|mm(?![a-z])|km|metres?(?![a-z])|meters?(?![a-z])|centimet\w+|hectares?|ha(?![a-z])|メートル|センチ|ヘクタール|平方)|wide|幅", re.IGNORECASE),
    "count": re.compile(r"(?<!\d)(?<!\d,)(?!(?:1[0-9]{3}|20[0-9]{2})(?:s|年)?(?!\d|,\d))\d[\d,]*|万|千|百|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million", re.IGNORECASE),
    "age": re.compile(
        rf"{_NUMBER}\s*(?:million |thousand |hundred )?(?:years?|months?|days?|年(?!代)|か月|ヶ月|日間)|{_NUMBER}万年|{_YEAR}|centur|世紀|era\b|時代",
        re.IGNORECASE,
    ),
    "date": re.compile(rf"{_YEAR}|(?:{_MONTHS}) \d|\d+月|\d+日|{_NUMBER}\s*(?:years? ago|年前)", re.IGNORECASE),  # a "when" asked beside another question
    "when": re.compile(rf"{_YEAR}|{_MONTHS}|centur|世紀|era\b|時代|spring|summer|autumn|fall\b|winter|\d+月|[春夏秋冬]|{_NUMBER}\s*(?:years? ago|年前)", re.IGNORECASE),
    # A person: a name after a role ("architect Arata Isozaki", "sculptor, Hirakushi Denchu"), or a capitalised
    # name doing something ("Honen planted"); runs of capitals that hold a place word are places, not people.
    "who": re.compile(
        r"\b(?:by|reformer|architect|founder|artist|painter|sculptor|monk|priest|lord|master|mayor|designer)\b,? [A-Z][a-z]+"
        r"|\b[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:planted|designed|founded|built|created|developed|invented|donated|established|opened|started|began|spent|discovered|wrote|painted|carved)\b"
        r"|\b(?!(?:[A-Z][a-z]+ )*(?:Temple|Mount|Mt|Town|City|Prefecture|Museum|Hall|River|Park|Gorge|Shrine|Plateau|Area|Prize|Show|Japan|Road|Station)\b)(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+\b"
    ),
    "why": re.compile(r"\b(?:because|due to|for that reason|in order to|as a result|thanks to|so that|reason)\b|ため|ので|から|理由|により|によって", re.IGNORECASE),
    "where": re.compile(r"\b(?:in|at|near|located|situated|border\w*|north\w*|south\w*|east\w*|west\w*|part of)\b|位置|にある|接|部|近く|地方|山腹", re.IGNORECASE),
    "distance": re.compile(
        rf"(?:{_NUMBER}|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|ninety|half an?))"
        r"\s*-?\s*(?:km|kilomet\w+|miles?|キロ|minutes?|hours?|分|時間)(?!²|2)",
        re.IGNORECASE,
    ),
    # Opening hours and closing days: a time of day or a day of the week.
    "hours": re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d{2}\b|\d{1,2}時|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|[月火水木金土日]曜", re.IGNORECASE),
    # Whether something is open now: a statement of its closing, dated ("will be closed … to 31st March 2023").
    "status": re.compile(r"\b(?:closed|closing|until|reopen\w*|will be|scheduled)\b|休館|閉館|再開|まで", re.IGNORECASE),
    # How long something lasts ("over two days", 2日間, "about 30 minutes per trip"): days, weeks, months, hours or minutes.
    "duration": re.compile(
        rf"(?:{_NUMBER}|\b(?:one|two|three|four|five|six|seven|several|a few))\s*-?\s*(?:days?|weeks?|months?|hours?|minutes?|mins?)\b|{_NUMBER}\s*(?:日間|週間|か月|ヶ月|時間|分間?)",
        re.IGNORECASE,
    ),
    "temperature": re.compile(r"-?\d+(?:\.\d+)?\s*(?:°\s*C|℃|°\s*F|度|degrees)", re.IGNORECASE),
    "cost": re.compile(rf"(?:¥|\$|€|£)\s*{_NUMBER}|{_NUMBER}\s*(?:yen|円|dollars?)", re.IGNORECASE),
}
# What a "how many" counts: "how many cherry trees" (the words after it), 何人/何本 (the counter after 何).
_COUNTED_EN = re.compile(r"\bhow many\s+(?:of\s+(?:the\s+)?)?([a-z]+(?:\s+[a-z]+){0,2})", re.IGNORECASE)
_VERB_OR_PLACE = re.compile(r"\s+(?:does|do|did|are|is|were|was|have|has|had|can|could|will|would|in|at|on|there)\b.*", re.IGNORECASE)
_COUNTED_JA = re.compile(r"何(人|本|頭|軒|校|種類?|点|個|か所|箇所|位|回|台|匹|羽|枚|冊)")
# A thing counted without a counter word: デニム工場が全部でいくつ, 美術館は何か所 (its kanji tail: 工場).
_COUNTED_JA_NOUN = re.compile(r"([\u4e00-\u9fff]{1,4})(?:が|は|って|の数は?)(?:全部で|合計で|全体で|いったい)?(?:いくつ|何個|何か所|何箇所|何ヶ所)")
_COUNT_EN = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|dozens?)\b", re.IGNORECASE)
_JA_NUMBER = r"[\d０-９][\d０-９,，.]*(?:万|千|百)?|[一二三四五六七八九十百千万]+"


def counted(question: str, tokenizer: Tokenizer) -> tuple[str, ...]:
    """What a "how many" question counts: the terms of the words after it, or the Japanese counter (人, 本)."""
    ja = _COUNTED_JA.search(question) or _COUNTED_JA_NOUN.search(question)  # 何人; デニム工場がいくつ: 工場
    if ja:
        return (ja.group(1),)
    en = _COUNTED_EN.search(question)
    return tuple(tokenizer.terms(_VERB_OR_PLACE.sub("", en.group(1)))) if en else ()  # "pairs of jeans did…"


def counts(text: str, what: tuple[str, ...], tokenizer: Tokenizer) -> bool:
    """Whether a sentence gives a number of what is counted: a number with the counter (300本), or one a few words
    before a counted term ("nearly 300 cherry trees"); "three installations" is no number of visitors."""
    if not what:
        return True
    if has_japanese(what[0]):
        counter = what[0]  # 何種類 is answered by 50種 as by 50種類: the counter's first character, the rest optional
        before = rf"(?:{_JA_NUMBER})\s*{re.escape(counter[0])}(?:{re.escape(counter[1:])})?"
        after = rf"{re.escape(counter)}(?:が|は|の数は)?(?:約|およそ)?(?:{_JA_NUMBER})"  # 工場は30 as well as 30工場
        near = rf"|(?:{_JA_NUMBER})[^、。\d]{{0,8}}{re.escape(counter)}" if len(counter) > 1 else ""  # 300点にわたって展示
        return re.search(rf"{before}|{after}{near}", text) is not None
    for number in _COUNT_EN.finditer(text):
        near = " ".join([*text[: number.start()].split()[-2:], *text[number.end():].split()[:4]])  # "fossils from 50"
        if any(t in tokenizer.terms(near) for t in what):
            return True
    return False


# Japanese names of people: the tagger marks them (pos3 人名).
_PERSON = "人名"


class Passage(NamedTuple):
    """One sentence of the knowledge, with where it comes from."""

    town: str
    source: str  # "outline", "partner", "wish", or a PR item id
    title: str | None  # the PR item's title, if any
    text: str
    terms: tuple[str, ...]  # its content terms, then its title's

    @property
    def ref(self) -> str:
        return f"{self.town}/{self.source}"


@dataclass(frozen=True)
class Found:
    passage: Passage
    score: float
    coverage: float  # 0..1: share of the question's weight (by IDF) the sentence holds
    shaped: bool  # it holds the kind of answer asked


def sentences(text: str, lang: str) -> list[str]:
    pattern = _JA_SENTENCE if lang == "ja" and has_japanese(text) else _EN_SENTENCE  # a page only in English
    return [s.strip() for s in pattern.split(text.strip()) if s and s.strip()]


class Evidence:
    """The knowledge's sentences in one language, ready to rank.

    The sentences are kept as columns (town, source, title, text, terms), a ``Passage`` made only for the few a
    question looks at: a knowledge base of 2,000 towns has some 40,000 sentences a language."""

    def __init__(self, knowledge: Knowledge, tokenizer: Tokenizer, lang: str):
        self.lang = lang
        self.tokenizer = tokenizer
        self._towns: list[str] = []
        self._sources: list[str] = []
        self._titles: list[str | None] = []
        self._texts: list[str] = []
        self._terms: list[tuple[str, ...]] = []
        self.by_town: dict[str, range] = {}  # a town's sentences are consecutive
        for town in knowledge.towns.values():
            start = len(self._texts)
            self._town(town)
            self.by_town[town.id] = range(start, len(self._texts))
        # term -> the sentences that hold it, in order (4 bytes a sentence, not an int object and a pointer)
        postings: defaultdict[str, array[int]] = defaultdict(lambda: array("I"))
        length = 0
        for n, terms in enumerate(self._terms):
            length += len(terms)
            for term in set(terms):
                postings[term].append(n)
        self.postings = dict(postings)
        total = max(len(self._terms), 1)
        self.idf = {term: math.log(1 + (total - len(ns) + 0.5) / (len(ns) + 0.5)) for term, ns in self.postings.items()}
        # A word the knowledge never uses may be the point of the question ("mayor") or a filler ("supposed"):
        # it weighs as a middling word, so it takes an answer down without overruling the words that match.
        weights = sorted(self.idf.values())
        self.unseen_idf = weights[len(weights) // 2] if weights else 1.0
        self.avg_len = length / total if self._terms else 1.0

    def _town(self, town: Town) -> None:
        lang = self.lang
        self._add(town.id, "outline", None, sentences(town.outline(lang), lang))
        if town.partner:  # None: the page states no partner characteristics
            self._add(town.id, "partner", None, [town.partner(lang)])
        for item in town.pr_items:
            title = item.title(lang)
            # A PR item's title counts in each of its sentences; tokenised once an item, not once a sentence.
            self._add(town.id, item.id, title, sentences(item.text(lang), lang), tuple(self.tokenizer.terms(title)))

    def _add(self, town: str, source: str, title: str | None, texts: list[str], heading: tuple[str, ...] = ()) -> None:
        for text in texts:
            self._towns.append(town)
            self._sources.append(source)
            self._titles.append(title)
            self._texts.append(text)
            self._terms.append((*self.tokenizer.terms(text), *heading))

    def passage(self, n: int) -> Passage:
        """The ``n``th sentence (``by_town`` and ``postings`` hold such numbers)."""
        return Passage(self._towns[n], self._sources[n], self._titles[n], self._texts[n], self._terms[n])

    def known(self, term: str) -> bool:
        return term in self.idf

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unseen_idf)

    def rank(self, terms: list[str], towns: list[str], shape: str | None = None, limit: int = 30) -> list[Found]:
        """The sentences of ``towns`` that hold any of ``terms``, best first; ``shape`` is the kind of answer asked."""
        query = list(dict.fromkeys(terms))
        total = sum(self.weight(t) for t in query) or 1.0
        pattern = ANSWER_SHAPES.get(shape or "")
        weights = {t: self.weight(t) for t in query}
        covered: dict[int, float] = defaultdict(float)
        if len(towns) <= _FEW_TOWNS:  # the towns' own sentences
            for n in (n for town in towns for n in self.by_town.get(town, ())):
                held = self._terms[n]
                for term in query:
                    if term in held:
                        covered[n] += weights[term]
        else:  # the sentences that hold a term, in any town in scope
            scope = set(towns) if len(towns) < len(self.by_town) else None
            for term in query:
                for n in self.postings.get(term, ()):
                    if scope is None or self._towns[n] in scope:
                        covered[n] += weights[term]
        # Only the best covered sentences are scored and checked for the kind of answer asked.
        candidates = sorted(covered, key=lambda n: -covered[n])[:_SCORED]
        found = []
        for n in candidates:
            passage = self.passage(n)
            length = len(passage.terms) / self.avg_len
            score = 0.0
            for t in query:
                count = passage.terms.count(t)
                if count:
                    score += weights[t] * count * (_K1 + 1) / (count + _K1 * (1 - _B + _B * length))
            found.append(Found(passage, score, covered[n] / total, self.shaped(passage.text, shape, pattern)))
        # Of sentences as good, a "when" is best answered by one with a year or date, not an era or a season.
        dated = ANSWER_SHAPES["date"] if shape == "when" else None
        found.sort(key=lambda f: (-round(f.coverage, 2), not f.shaped, not (dated and dated.search(f.passage.text)), -f.score))
        return found[:limit]

    def shaped(self, text: str, shape: str | None, pattern: re.Pattern[str] | None = None) -> bool:
        """Whether a sentence holds the kind of answer asked (``ANSWER_SHAPES``)."""
        pattern = pattern or ANSWER_SHAPES.get(shape or "")
        if shape is None or shape == "where":  # any sentence of a town tells where: in that town
            return True
        if shape == "who" and self.lang == "ja":
            return any(pos3 == _PERSON for _, _, pos3 in self.tokenizer.pos(text))
        return bool(pattern and pattern.search(text))
