"""Comparisons of named things by a measure the towns' figures do not hold ("what's older, the big ginkgo or the
temple with the heart window?", 那岐山と美星町はどちらが高い？): each thing's sentence holding a figure of the kind
compared (an age, a height), then the verdict first. None when fewer than two of the things have such a figure."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core import i18n
from bot.core.evidence import ANSWER_SHAPES, Found
from bot.core.lookup import SUGGESTED, Lookup
from bot.core.reply import Block, Reply, State, compose
from bot.text import has_japanese

# The comparative or superlative that names the measure, in both languages.
_MEASURES = {
    "age": re.compile(r"\b(?:older|oldest|more ancient|longer history)\b|古い|歴史が(?:長い|古い)", re.IGNORECASE),
    "height": re.compile(r"\b(?:higher|highest|taller|tallest|more elevated)\b|(?:標高|背|高さ)?が?(?:一番|最も|より)?高い", re.IGNORECASE),
}
# The figure each measure is said in, and its number: "900 years", "約800年前"; "1,255m", "200-400 metres".
_FIGURES = {
    "age": re.compile(r"(\d[\d,]*)\s*(?:years?|年(?!代))", re.IGNORECASE),
    "height": re.compile(r"(\d[\d,]*)\s*(?:m(?![a-z])|metres?|meters?|メートル|ｍ)", re.IGNORECASE),
}
_CALENDAR = re.compile(r"(?:1[0-9]|20)\d{2}\s*年(?![前間])")  # 2019年 is a year of the calendar, not an age
_SPLIT_EN = re.compile(r"\s*(?:,|\bor\b|\bvs\.?|\bversus\b|\band\b)\s*", re.IGNORECASE)
_SPLIT_JA = re.compile(r"[、,]|と(?=[^、]{1,30}(?:[、,]|$))|や|か")
_LEAD_EN = re.compile(r"^.*?\b(?:older|oldest|higher|highest|taller|tallest|more ancient|more elevated)\b(?:\s+up)?\s*[,:\-–—]?\s*", re.IGNORECASE)
_TAIL_EN = re.compile(r"\b(?:is|are|which|what)\b.*$|\b(?:older|oldest|higher|highest|taller|tallest)\b.*$", re.IGNORECASE)
_TAIL_JA = re.compile(r"(?:の中で|のうち|で|では|は|って)?(?:どっち|どちら|どれ|一番|最も|いちばん|より).*$|(?:は|って|で|の)?(?:標高|背|高さ)?が?(?:古い|高い).*$")
_THAN = re.compile(r"\s+(?:older|higher|taller|higher up)\s+than\s+", re.IGNORECASE)
_ASKED_EN = re.compile(r"^\s*(?:is|are|was|were|does|do)\s+", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:that|this|those|these)\s+|[?？!！。.]+$", re.IGNORECASE)
MAX_ALTERNATIVES = 4


class Alternatives:
    """Weighs named things by an age or height that their sentences give."""

    def __init__(self, terms: Callable[[str], list[str]], lookup: Lookup):
        self.terms = terms  # the content terms of a thing's words, its town's name aside
        self.lookup = lookup

    def reply(self, text: str, towns: list[str], lang: str, state: State, named: int = 0) -> Reply | None:
        """The verdict and each thing's sentence, or None when this is no comparison of named things (``named``:
        the towns the question names; when they are all the things, it weighs towns, not things)."""
        measure = next((m for m, pattern in _MEASURES.items() if pattern.search(text)), None)
        if measure is None:
            return None
        things = alternatives(text)
        if not 2 <= len(things) <= MAX_ALTERNATIVES or named >= len(things):
            return None
        weighed = [(thing, *figure) for thing in things if (figure := self._figure(thing, measure, towns, lang))]
        if len(weighed) < 2 or len({f.passage for _, f, _ in weighed}) < len(weighed):
            return None  # one sentence answering for two things says nothing of either
        winner = max(weighed, key=lambda w: w[2])
        tied = sum(w[2] == winner[2] for w in weighed) > 1  # 400 m and 400 m: no verdict, the sentences say it
        _ = i18n.translator(lang)
        verdict = {
            "age": _("Of these, {thing} is the oldest by what CLAIR's page says ({figure})."),
            "height": _("Of these, {thing} is the highest by what CLAIR's page says ({figure})."),
        }[measure].format(thing=winner[0], figure=_said(winner[1].passage.text, measure))
        blocks = [] if tied else [Block(lines=(verdict,))]
        for _thing, sentence, _number in weighed:
            blocks += self.lookup.said(sentence, lang).blocks
        shown = list(dict.fromkeys(f.passage.town for _, f, _ in weighed))
        return compose(blocks, "evidence", lang, state.evolve(towns=tuple(shown)), shown, self.lookup.say.actions(lang, shown))

    def _figure(self, thing: str, measure: str, towns: list[str], lang: str) -> tuple[Found, float] | None:
        """The best sentence about a thing that gives a figure of the measure, and that figure's number."""
        query = self.terms(thing)
        if not query:
            return None
        ranked = self.lookup.evidence[lang].rank(query, towns, measure)
        for found in ranked[:10]:
            numbers = [float(m.group(1).replace(",", "")) for m in _FIGURES[measure].finditer(found.passage.text) if not _CALENDAR.match(m.group(0))]
            if found.coverage >= SUGGESTED and numbers and ANSWER_SHAPES[measure].search(found.passage.text):
                return found, max(numbers)
        return None


def alternatives(text: str) -> list[str]:
    """The things a comparison names: "what's older, A or B?", "A, B or C - which is higher?", AとBはどっちが古い."""
    if has_japanese(text):
        body = _TAIL_JA.sub("", text.strip(" ？?！!。"))
        parts = _SPLIT_JA.split(body)
    elif than := _THAN.search(text):  # "Is the ginkgo older than the temple?"
        parts = [_ASKED_EN.sub("", text[: than.start()]), text[than.end():]]
    else:
        lead = _LEAD_EN.match(text)
        body = text[lead.end():] if lead and _SPLIT_EN.search(text[lead.end():]) else _TAIL_EN.sub("", text)
        parts = _SPLIT_EN.split(body)
    return [t for p in parts if (t := _ARTICLE.sub("", p.strip(" ?？-–—:")).strip())]


def _said(sentence: str, measure: str) -> str:
    """The figure as the sentence says it: "900 years", "1255m"."""
    found = _FIGURES[measure].search(sentence)
    best = max(_FIGURES[measure].finditer(sentence), key=lambda m: float(m.group(1).replace(",", "")), default=found)
    return best.group(0) if best else ""
