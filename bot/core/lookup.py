"""Answering from evidence: the sentence that answers, a whole PR item when one is asked for by name, "did you
mean" when the evidence is weak, and an honest "the page does not say" when there is none."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from bot.core import i18n
from bot.core.answers import Answers
from bot.core.evidence import ANSWER_SHAPES, Evidence, Found, Passage, counted, counts
from bot.core.reply import Action, Block
from bot.core.tokens import Tokenizer
from bot.knowledge.models import Knowledge
from bot.text import normalize

COVERED = 0.5  # share of a question's weight a sentence must hold to answer it
SUGGESTED = 0.3  # below COVERED but above this: "did you mean ...?"
MAX_CHARS = 400  # an evidence answer: the sentence, and the next one if it fits
# A distance or travel time from somewhere ("a 60-minute drive from Kyoto"), not a length ("1km of maple trees").
# The founding of a town, asked ("When did Okegawa become a city?", いつ市になった) and said ("was formed in 1970").
FOUNDING = re.compile(
    r"\b(?:become|became|founded|formed|established|incorporated|merged?|created|born|organi[sz]ed)\b"
    r"|(?:市|町|村)に(?:なっ|なり|昇格)|市制|町制|村制|誕生|発足|合併|設立|成立|できた",
    re.IGNORECASE,
)
FOUNDED = re.compile(
    r"\b(?:became|founded|formed|established|incorporated|merged|created|organi[sz]ed|was born)\b"
    r"|(?:市|町|村)に(?:なっ|なり|昇格)|市制|町制|村制|誕生|発足|合併|設立|成立",
    re.IGNORECASE,
)
# What a town borders, asked ("Which prefecture is on Nagi's northern border?", 北隣は何県) and said ("bordering
# Tottori Prefecture", 鳥取県に接する).
BORDER_ASKED = re.compile(r"\b(?:borders?|bordering|bordered|neighbou?r(?:s|ing)?|adjacent|adjoin(?:s|ing)?|next to)\b|接し|接す|接する|隣|隣接", re.IGNORECASE)
BORDERS = re.compile(r"\bborder(?:s|ing|ed)?\b|\badjacent\b|接し|接す|隣接", re.IGNORECASE)
# A sentence of getting somewhere: "… from Kyoto", "an express stop on the way to Sapporo City, taking two hours".
_TRAVEL = re.compile(
    r"\b(?:from|away|drive|ride|walk|by car|by train|by bus|trains?|express|flights?|fly|journey|taking|takes|on the way to)\b"
    r"|から|車|電車|バス|徒歩|特急|列車|鉄道|飛行機|で行く|かかり|かかる|離れ",
    re.IGNORECASE,
)
_EVENT = "born"  # the term of an item's coming to be (opened, built, founded, completed: phrases.yaml)
# The terms of an event's taking place ("is held", "take place", 開催される, 行われる): how its date is asked, not a
# subject an item's sentence must hold ("When is the lantern festival held?" of "Every year from August 3 to 6, …").
_HAPPENS = frozenset(["held", "hold", "take", "happen", "開催", "行う", "催す"])
_HONORIFIC = "御"  # the prefix お/ご (お湯, お土産): politeness, not a word an item's sentence must hold
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# Statements about what was still to come when the page was written.
_AHEAD = re.compile(r"\bto\s+\d|\b(?:will|until|till|ahead of|upcoming|planned|plans? to|scheduled|next)\b|予定|まで|今後|来年|先立|に向け", re.IGNORECASE)
# Statements that were true when the page was written, and may not be now.
_DATED = re.compile(
    r"\b(?:will|currently|now|recently|until|ahead of|upcoming|planned|plans? to|this year|next year|scheduled|closed)\b"
    r"|予定|現在|最近|まで|今後|今年|来年|休館|閉館|先立|に向け",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Outcome:
    """What the evidence says about a question."""

    kind: str  # "evidence", "topic", "suggest" or "unknown"
    blocks: list[Block]
    towns: list[str]
    actions: tuple[Action, ...]
    confidence: float
    topic: str | None = None


class Lookup:
    """The knowledge's sentences in each language, and how to answer from them."""

    def __init__(self, knowledge: Knowledge, tokenizer: Tokenizer, say: Answers):
        self.kb = knowledge
        self.say = say
        self.evidence = {lang: Evidence(knowledge, tokenizer, lang) for lang in i18n.LANGUAGES}
        self.tokenizer = tokenizer

    def knows(self, term: str, lang: str) -> bool:
        return self.evidence[lang].known(term)

    def answer(
        self, terms: list[tuple[str, str]], shape: str | None, towns: list[str], named: bool, lang: str, question: str = "",
        also: tuple[str, ...] = (),
    ) -> Outcome:
        """Answer ``terms`` (content terms with their words) about ``towns``; ``named``: the user named them; ``also``:
        more kinds of answer asked of the same thing ("how tall and how old")."""
        evidence = self.evidence[lang]
        query = [t for t, _ in terms]
        ranked = evidence.rank(query, towns, shape)
        best = self._best(ranked, shape, question)
        if best and shape and not self._speaks_of(best, query, lang, shape):
            best = None  # "when did Nagi MOCA open?": the item's sentences give a year, never its opening
        if best and best.coverage >= COVERED:
            beside = self._beside_item(best, terms, lang) if shape is None else []
            if beside:  # "a hotel near Nagi MOCA": the item is named, what is asked of it the page never says
                return self.not_in_item(best.passage.ref, beside, None, lang)
            others = [] if named else self._other_towns(best, ranked)
            if others:  # "which towns have a museum?": each town's best sentence
                outcomes = [self._evidence(f, [], lang) for f in [best, *others]]
                return Outcome(
                    "evidence", [b for o in outcomes for b in o.blocks], [o.towns[0] for o in outcomes],
                    self.say.actions(lang, [o.towns[0] for o in outcomes]), best.coverage,
                )
            if shape is None and self._asks_for_item(query, best):
                return self._item(best, lang)
            return self._evidence(best, ranked, lang, also)
        top = ranked[0] if ranked else None
        if top and top.coverage >= SUGGESTED and top.passage.title:
            return self._suggest(top, terms, towns if named else [], lang)
        missing = [word for term, word in terms if not (top and term in top.passage.terms)] or [w for _, w in terms]
        return self.unknown(missing, towns if named else [], lang, question=question)

    def _best(self, ranked: list[Found], shape: str | None, question: str) -> Found | None:
        """The best sentence holding the kind of answer asked; for "how many X" (何人), a number of X."""
        what = counted(question, self.tokenizer) if shape == "count" else ()
        return next((f for f in ranked if f.shaped and counts(f.passage.text, what, self.tokenizer)), None)

    def _speaks_of(self, found: Found, query: list[str], lang: str, shape: str | None = None) -> bool:
        """Whether an item's sentence speaks of what a question asks beyond the item's name: when no sentence of the
        item holds any other word of the question the knowledge knows ("開館" of Nagi MOCA), the item does not answer
        it, whatever year its sentences give. A "when" answer must hold the event itself: the year of an architect's
        prize does not date the museum's opening."""
        passage = found.passage
        if not passage.title:
            return True
        evidence = self.evidence[lang]
        title = set(self.tokenizer.terms(passage.title))
        rest = [t for t in query if t not in title and evidence.known(t) and t != _HONORIFIC and not (shape in ("when", "date", "duration") and t in _HAPPENS)]
        if not rest or any(t in passage.terms for t in rest):
            return True
        if shape in ("when", "date") and _EVENT in rest:
            return False
        item = {t for n in evidence.by_town.get(passage.town, ()) if evidence.passage(n).source == passage.source for t in evidence.passage(n).terms}
        return any(t in item for t in rest)

    def answer_in_item(
        self, ref: str, terms: list[tuple[str, str]], shape: str | None, lang: str, question: str = "", also: tuple[str, ...] = ()
    ) -> Outcome:
        """A question of one kind ("who", "when") about a PR item the index recognised: the item's sentence that
        holds such an answer, or "the page does not give it"."""
        town, _, item = ref.partition("/")
        evidence = self.evidence[lang]
        query = [t for t, _ in terms]
        ranked = [f for f in evidence.rank(query + self.tokenizer.terms(self._title(ref, lang)), [town], shape) if f.passage.source == item]
        best = self._best(ranked, shape, question)
        if best and self._speaks_of(best, query, lang, shape):
            return self._evidence(best, ranked, lang, also)
        if not shape and ranked:  # 奈義牛は何の賞, 井原市のデニムの歴史: no one sentence says it in those words; the item does
            return self._item(ranked[0], lang)
        return self.not_in_item(ref, [], shape, lang)

    def _beside_item(self, found: Found, terms: list[tuple[str, str]], lang: str) -> list[str]:
        """The words a question asks of an item beyond its name, when the page knows none of them (the sentence
        matched by the item's name alone); else none."""
        if not found.passage.title:
            return []
        title = set(self.tokenizer.terms(found.passage.title))
        asked = [(t, w) for t, w in terms if t not in title and not t.isdigit()]
        if asked and not any(self.evidence[lang].known(t) for t, _ in asked):
            return [w for _, w in asked]
        return []

    def not_in_item(self, ref: str, words: list[str], shape: str | None, lang: str) -> Outcome:
        """"The page tells about Nagi MOCA but does not give a date / says nothing about “hotel”", with the item's
        button and CLAIR's contact."""
        _ = i18n.translator(lang)
        town = ref.partition("/")[0]
        item, name = self._title(ref, lang), self.say.town_name(town, lang)
        if words or not shape:
            first = _("CLAIR's page tells about {item} in {town} but says nothing about {what}.").format(
                item=item, town=name, what=_quote(words, lang) if words else _("this"))
        else:
            first = _("CLAIR's page tells about {item} in {town} but does not give {what}.").format(item=item, town=name, what=self._kind(shape, lang))
        lines = (first, _("CLAIR's {division} may know: ask them with the button below, or by phone or fax.").format(division=self.kb.clair.division(lang)))
        actions = (Action(_("More about {item}").format(item=item), f"topic:{ref}"), *self.handoff([town], lang))
        return Outcome("unknown", [Block(lines=lines), self.say.contact(lang)], [town], actions, 0.8, ref)

    def _kind(self, shape: str, lang: str) -> str:
        _ = i18n.translator(lang)
        kinds = {
            "when": _("a date"), "date": _("a date"), "age": _("its age"), "height": _("a height"), "size": _("a size"),
            "count": _("a number"), "share": _("a share"), "who": _("a person's name"), "where": _("a place"),
            "why": _("a reason"), "distance": _("a distance"), "cost": _("a price"), "hours": _("opening hours or closing days"),
        }
        return kinds.get(shape, _("this"))

    def answer_in_source(self, ref: str, query: list[str], lang: str) -> Outcome | None:
        """A question about what was just answered ("Was it really the first one?"): the sentence of that source
        (an item, the outline) that holds it, or None."""
        town, _, source = ref.partition("/")
        ranked = [f for f in self.evidence[lang].rank(query, [town]) if f.passage.source == source and f.coverage >= COVERED]
        return self._evidence(ranked[0], [], lang) if ranked else None

    def _title(self, ref: str, lang: str) -> str:
        town, _, item = ref.partition("/")
        return next(i.title(lang) for i in self.kb.towns[town].pr_items if i.id == item)

    def _other_towns(self, best: Found, ranked: list[Found]) -> list[Found]:
        """The best sentence of each other town that answers about as well (at most two more towns)."""
        seen = {best.passage.town}
        others = []
        for found in ranked:
            if found.shaped and found.passage.town not in seen and found.coverage >= max(COVERED, best.coverage - 0.15):
                seen.add(found.passage.town)
                others.append(found)
        return others[:2]

    def _asks_for_item(self, query: list[str], found: Found) -> bool:
        """A question naming a PR item and nothing more ("tell me about Ibara denim") wants the whole item."""
        if not found.passage.title:
            return False
        title = set(self.tokenizer.terms(found.passage.title))
        return all(term in title for term in query)

    def said(self, found: Found, lang: str) -> Outcome:
        """A sentence found, said with its town and source."""
        return self._evidence(found, [], lang)

    def _item(self, found: Found, lang: str) -> Outcome:
        ref = found.passage.ref
        blocks = self.say.topics([ref], lang)
        town = self.kb.towns[found.passage.town]
        if any(_DATED.search(b.as_text()) for b in blocks):
            blocks.append(Block(lines=(self._as_of_note(town.id, lang),)))
        return Outcome("topic", blocks, [town.id], self.say.actions(lang, [town.id]), found.coverage, ref)

    def _evidence(self, best: Found, ranked: list[Found], lang: str, also: tuple[str, ...] = ()) -> Outcome:
        _ = i18n.translator(lang)
        passage = best.passage
        town = self.kb.towns[passage.town]
        text = passage.text
        # The next sentence of the same source that answers as well, unless both hold an answer of the kind asked:
        # a second year after "opened in 2009" ("won a prize in 2019") competes with the answer.
        follows = self._also(best, ranked, also, lang) or [
            f.passage for f in ranked
            if f is not best and f.passage.ref == passage.ref and f.shaped and f.coverage >= max(COVERED, best.coverage) and not (best.shaped and _YEAR.search(passage.text) and _YEAR.search(f.passage.text))
        ][:1]
        for follow in follows:
            if len(text) + len(follow.text) < MAX_CHARS:
                text = f"{text}{'' if lang == 'ja' else ' '}{follow.text}"
        lines = [text]
        if _DATED.search(text):
            lines = [_("As of {date}, the page said: “{text}”").format(date=self._date(town.id, lang), text=text)]
            if _passed(text):
                lines.append(_("That date has passed."))
        source = passage.title or {
            "outline": _("Outline"),
            "partner": _("Desired characteristics of the partner"),
        }.get(passage.source, passage.source)
        title = _("{town} — {source}").format(town=town.name(lang), source=source)
        actions = (
            (Action(_("More about {item}").format(item=passage.title), f"topic:{passage.ref}"),) if passage.title else ()
        ) + self.say.actions(lang, [town.id])
        return Outcome("evidence", [Block(title=title, lines=tuple(lines))], [town.id], actions, best.coverage, passage.ref)

    def _also(self, best: Found, ranked: list[Found], shapes: tuple[str, ...], lang: str) -> list[Passage]:
        """For each further kind of answer asked, the sentence of the same source that holds it, unless the best
        sentence does ("40m tall…", then "…for 900 years")."""
        evidence = self.evidence[lang]
        found: list[Passage] = []
        for asked in shapes:
            # Beside another answer, a "when" is a date, or an age (何年: what year, or how many years).
            kinds = ("date", "age") if asked == "when" else (asked,)
            if any(evidence.shaped(p.text, kind) for p in (best.passage, *found) for kind in kinds):
                continue
            more = next(
                (f.passage for kind in kinds for f in ranked
                 if f.passage.ref == best.passage.ref and f.passage not in found and f is not best and evidence.shaped(f.passage.text, kind)),
                None,
            )
            if more:
                found.append(more)
        return found

    def _suggest(self, top: Found, terms: list[tuple[str, str]], towns: list[str], lang: str) -> Outcome:
        _ = i18n.translator(lang)
        passage = top.passage
        town = self.kb.towns[passage.town]
        what = _quote([w for _, w in terms], lang)
        lines = (
            _("I could not find {what} on CLAIR's page.").format(what=what),
            _("Did you mean {item} ({town})?").format(item=passage.title, town=town.name(lang)),
        )
        actions = (Action(_("{item}?").format(item=passage.title), f"topic:{passage.ref}"), *self.handoff(towns, lang))
        return Outcome("suggest", [Block(lines=lines)], towns, actions, top.coverage)

    def quoting(self, quoted: list[str], towns: list[str], shape: str | None, lang: str) -> Outcome | None:
        """The sentence that holds words the question quotes from the page (「デニムの聖地」, 'Holy grail of Denim'),
        one holding the kind of answer asked first ("why": the one that gives the reason)."""
        evidence = self.evidence[lang]
        wanted = [normalize(q) for q in quoted if len(q.strip()) >= 2]
        if not wanted:
            return None
        titles = {normalize(item.title(lang)) for town in towns if town in self.kb.towns for item in self.kb.towns[town].pr_items}
        if any(w in titles for w in wanted):
            return None  # 「ハートのまち」: an item quoted by its title is the item, answered as any item named
        holding = [
            passage for town in towns for n in evidence.by_town.get(town, ())
            for passage in [evidence.passage(n)] if any(w in normalize(passage.text) for w in wanted)
        ]
        holding.sort(key=lambda p: not evidence.shaped(p.text, shape))
        return self._evidence(Found(holding[0], 1.0, 1.0, True), [], lang) if holding else None

    def travel(self, towns: list[str], places: list[str], lang: str, near: bool = False) -> Outcome:
        """How far a town is or how long it takes to get there: the town's sentence that gives a distance or travel
        time, naming the place the question names if it names one; asked whether it is ``near`` a place it borders,
        the sentence saying so; else "the page does not give distances" (with what the page does give)."""
        evidence = self.evidence[lang]
        pattern = ANSWER_SHAPES["distance"]
        said = [
            passage for town in towns for n in evidence.by_town.get(town, ()) for passage in [evidence.passage(n)]
            if pattern.search(passage.text) and _TRAVEL.search(passage.text)
        ]
        said.sort(key=lambda p: not any(place in p.text for place in places))
        if said and (not places or any(place in said[0].text for place in places)):
            return self._evidence(Found(said[0]._replace(text=_clause(said[0].text, places, pattern)), 1.0, 1.0, True), [], lang)
        bordering = [  # "Is Nagi near Tottori?", 鳥取県に近い: the town borders it
            passage for town in towns for n in evidence.by_town.get(town, ()) for passage in [evidence.passage(n)]
            if places and passage.source == "outline" and BORDERS.search(passage.text) and any(place in passage.text for place in places)
        ]
        if bordering and near:
            return self._evidence(Found(bordering[0], 1.0, 1.0, True), [], lang)
        outcome = self.unknown_shape("distance", towns, lang)
        said = said or bordering  # "How far is Ibara from Hiroshima?": no distance; it borders Hiroshima Prefecture
        if said:  # "from Tokyo?": not given; what the page gives is from Kyoto and Osaka
            _ = i18n.translator(lang)
            first = outcome.blocks[0]
            if places:  # the place asked from, named: the page measures from others
                town = (_("、") if lang == "ja" else ", ").join(self.say.town_name(t, lang) for t in towns[:3])
                line = _("CLAIR's page gives no distance or travel time from {place} to {town}.").format(place=places[0], town=town)
                first = replace(first, lines=(line, *first.lines[1:]))
            given = Block(title=_("What the page gives"), lines=(said[0].text,))
            outcome = replace(outcome, blocks=[first, given, *outcome.blocks[1:]])
        return outcome

    def own_figure(self, towns: list[str], shape: str, lang: str, seasons: list[str] | None = None) -> Outcome | None:
        """A figure of a town itself (its altitude, its temperatures): its outline's sentence holding one, one that
        names the season asked about first ("in winter": the sentence about winters)."""
        evidence = self.evidence[lang]
        said = [
            passage for town in towns for n in evidence.by_town.get(town, ()) for passage in [evidence.passage(n)]
            if passage.source == "outline" and evidence.shaped(passage.text, shape)
        ]
        if seasons:  # "in winter": a sentence of that season or its months, else the page does not say
            said = [p for p in said if any(re.search(_SEASONS[_season(s)], p.text, re.IGNORECASE) for s in seasons)]
        return self._evidence(Found(said[0], 1.0, 1.0, True), [], lang) if said else None

    def founding(self, towns: list[str], lang: str) -> Outcome | None:
        """When a town became a city, was formed, founded or merged: its sentence with a date about that event."""
        evidence = self.evidence[lang]
        dated = ANSWER_SHAPES["date"]
        for town in towns:
            for n in evidence.by_town.get(town, ()):
                passage = evidence.passage(n)
                if passage.source == "outline" and FOUNDED.search(passage.text) and dated.search(passage.text):
                    return self._evidence(Found(passage, 1.0, 1.0, True), [], lang)
        return None

    def bordering(self, towns: list[str], lang: str) -> Outcome | None:
        """What a town borders: its outline sentence that says so ("bordering Tottori Prefecture to the north")."""
        evidence = self.evidence[lang]
        found = [
            passage for town in towns for n in evidence.by_town.get(town, ()) for passage in [evidence.passage(n)]
            if passage.source == "outline" and BORDERS.search(passage.text)
        ]
        if not found:
            return None
        outcomes = [self._evidence(Found(p, 1.0, 1.0, True), [], lang) for p in found[:3]]
        return Outcome("evidence", [b for o in outcomes for b in o.blocks], [p.town for p in found[:3]], self.say.actions(lang, [p.town for p in found[:3]]), 1.0)

    def unknown_shape(self, shape: str, towns: list[str], lang: str) -> Outcome:
        """"The page does not give distances" for a kind of answer no field holds."""
        _ = i18n.translator(lang)
        what = {"distance": _("distances or travel times"), "cost": _("costs or prices"), "hours": _("opening hours or closing days")}[shape]
        return self.unknown([], towns, lang, what)

    def unknown(
        self, missing: list[str], towns: list[str], lang: str, what: str | None = None, question: str = ""
    ) -> Outcome:
        _ = i18n.translator(lang)
        what = what or _quote(missing, lang)
        names = (_("、") if lang == "ja" else ", ").join(self.say.town_name(t, lang) for t in towns[:3])
        if question:  # unknown_shape passes none: it names the kind of answer instead
            # The user's own question, not fragments of it: "does not give “already”" reads as nonsense.
            shown = question if len(question) <= 100 else question[:99] + "…"
            lines: tuple[str, ...] = (_("I cannot find the answer to “{question}” on CLAIR's page.").format(question=shown),)
            if towns:
                lines += (_("For {town} it gives the population, area, location, the partner wished for and what the town is proud of.").format(town=names),)
        elif towns:
            first = _("CLAIR's page does not give {what} for {town}.").format(what=what, town=names)
            known = _("It gives the population, area, location, the partner wished for and what the town is proud of.")
            lines = (first, known)
        else:
            lines = (_("CLAIR's page does not give {what}.").format(what=what),)
        lines += (_("CLAIR's {division} may know: ask them with the button below, or by phone or fax.").format(division=self.kb.clair.division(lang)),)
        blocks = [Block(lines=lines), self.say.contact(lang)]
        actions = self.handoff(towns, lang) + self.say.actions(lang, towns[:2], contact=False)
        return Outcome("unknown", blocks, towns, actions, 0.8)

    def handoff(self, towns: list[str], lang: str) -> tuple[Action, ...]:
        _ = i18n.translator(lang)
        return (Action(_("Ask CLAIR staff"), f"enquire:{towns[0]}" if len(towns) == 1 else "enquire"),)

    def _date(self, town_id: str, lang: str) -> str:
        return i18n.month(self.kb.towns[town_id].date_modified.value, lang)

    def _as_of_note(self, town_id: str, lang: str) -> str:
        _ = i18n.translator(lang)
        return _("This is what the page said as of {date}; some of it may have changed since.").format(date=self._date(town_id, lang))


def _passed(text: str) -> bool:
    """Whether a statement about the future speaks of years that are over ("closed … to 31st March 2023", read in
    2026); a past event ("in 2012 Nagi announced…") has no date to pass."""
    years = [int(y) for y in _YEAR.findall(text)]
    return bool(years) and bool(_AHEAD.search(text)) and max(years) < dt.date.today().year


def _quote(words: list[str], lang: str) -> str:
    words = list(dict.fromkeys(words))[:4]
    return f"「{'・'.join(words)}」" if lang == "ja" else f"“{' '.join(words)}”"


def _clause(text: str, places: list[str], measure: re.Pattern[str]) -> str:
    """Of a sentence giving travel times from several places ("高知市から車で約2時間、高知龍馬空港から約1時間50分"),
    the part that measures from the place asked about, marked as cut; the sentence when it gives one only."""
    parts = [p for p in re.split(r"、|;\s*|,\s+and\s+", text) if p.strip()]
    timed = [p for p in parts if measure.search(p)]
    # the place itself, not a longer name that starts with it (高知市, Kochi City; not 高知龍馬空港, Kochi Ryoma Airport)
    named = [p for p in timed if any(re.search(re.escape(place) + r"(?:[市町村県府都]|から|まで|\s+(?:City|Prefecture|Town|Village)\b|\b(?!\s+[A-Z]))", p) for place in places)]
    if len(timed) < 2 or len(named) != 1:
        return text
    return named[0].rstrip("。. ") + "…"


# A season and its months (Japan's seasons), as a sentence says them.
_SEASONS = {
    "winter": r"winter|冬|December|January|February|12月|1月|2月",
    "spring": r"spring|春|March|April|May|3月|4月|5月",
    "summer": r"summer|夏|June|July|August|6月|7月|8月",
    "autumn": r"autumn|fall|秋|September|October|November|9月|10月|11月",
}


_SEASON_OF = {"winter": "winter", "冬": "winter", "真冬": "winter", "spring": "spring", "春": "spring", "summer": "summer",
              "夏": "summer", "真夏": "summer", "autumn": "autumn", "fall": "autumn", "秋": "autumn"}


def _season(word: str) -> str:
    """The season a word names: "winters", 冬 -> "winter"."""
    return _SEASON_OF.get(word.lower().removesuffix("s"), "summer")
