"""Replies from evidence: when a question asks for more than its names and phrases account for, the sentence of
the knowledge that answers it (``lookup.Lookup``), a travel time the page gives, or "the page does not say"."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core import i18n
from bot.core.answers import FOREST, Answers
from bot.core.lookup import BORDER_ASKED, FOUNDING, Lookup, Outcome
from bot.core.question import refers_back
from bot.core.reply import Block, Reply, State, compose
from bot.core.tokens import Term, Tokenizer
from bot.core.understanding import CLAIR, NOT_ITEMS, SMALL_TALK, STRONG, UNFAZED, Understanding
from bot.knowledge import Knowledge
from bot.text import fold_kana, has_japanese, normalize

_NOT_FIELDS = ("distance", "cost", "hours")
_OWN_FIGURES = ("height", "temperature")  # asked of a town alone: its altitude, how cold it gets (in winter)
_SEASON = re.compile(r"winters?|summers?|spring|autumn|fall|[春夏秋冬]|真夏|真冬", re.IGNORECASE)
# Whether something is open now ("Is the museum open?", 開いていますか, 営業していますか): asked of its closing.
_STATUS = re.compile(
    r"\b(?:is|are)\b[^?.]*\bopen\b(?! (?:to|for) (?:partners?|any|exchange|the public|visitors|everyone|anyone))|\bopen (?:now|today|right now|at the moment|these days)|\bcurrently (?:open|closed)\b|\bclosed\b"
    r"|開いて(?:い|ま|る|お)|営業して|開館して(?:い|ま|る|お)|休館|閉館|やって(?:い|ま|る|お)",
    re.IGNORECASE,
)
_OPENED = {"born", "開館", "営業"}  # the terms of opening (phrases.yaml synonyms) and of being open
_CLOSED = {False: "close", True: "休館"}
_GIVEN = {"population", "area"}  # the figures every town's page gives
_KIND = re.compile(r"(?:city|town|village|municipality|市|町|村|市制|町制|村制|施行)", re.IGNORECASE)
_WEBSITE = re.compile(r"\bweb ?sites?\b|\bhome ?pages?\b|\burls?\b|ホームページ|ウェブサイト|ウェブページ|公式サイト", re.IGNORECASE)  # kinds of answer no field of a town holds
# A question for a figure ("What exactly is Nagi's birth rate?", 出生率は具体的にいくつ): the words that ask for one,
# and those of them that name no subject of their own.
_QUOTES = re.compile(r"「([^」]{2,30})」|“([^”]{2,40})”|\"([^\"]{2,40})\"|(?<![a-z])'([^']{3,40})'(?![a-z])", re.IGNORECASE)
_VIDEO = re.compile(r"\b(?:videos?|movies?|films?|youtube|footage)\b|動画|映像|ビデオ|ムービー", re.IGNORECASE)
_FIGURE = re.compile(
    r"\b(?:exact(?:ly)?|precise(?:ly)?|figures?|numbers?|percent(?:age)?|rate|how (?:many|much|high|deep|thick|cold|hot|warm))\b"
    r"|具体|数値|数字|いくつ|何パーセント|何[%％]|[率数]は|ど(?:の|れ)(?:くらい|ぐらい)|何センチ|何度",
    re.IGNORECASE,
)
_FIGURE_WORD = re.compile(r"exact(?:ly)?|precise(?:ly)?|figures?|具体(?:的)?|数値|数字|いくつ", re.IGNORECASE)
_WHEN_WORD = re.compile(r"years?|months?|dates?|days?|年|月|日付|年月|年月日|時点", re.IGNORECASE)
_NUMBER_SAID = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?)\b|[一二三四五六七八九十百千万]つ", re.IGNORECASE)
_OF_OTHER = re.compile(r"[\u30a1-\u30fa\u30fc\u4e00-\u9fff]+の(?:面積|人口)")  # 茶畑の面積 (a town's own: 宇治田原町の面積)
_YEAR_OR_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}[月日]")
_AMOUNT = re.compile(r"\bhow (?:many|much)\b|どれ(?:くらい|ぐらい|だけ)|どの(?:くらい|ぐらい)|何[人件個本回]|いくつ|[数率量]は?$|[数率量]は?[？?]", re.IGNORECASE)
# The asker's own statement in a message ("I'm presenting to our council next week."): context, not the question.
_SENTENCES = re.compile(r"(?<=[.!?。！？])\s*")
_OWN_STATEMENT = re.compile(r"^(?:i|i'm|im|i am|we|we're|we are|our|my)\b[^?？]*[.!。！]?$|^(?:私|我々|当市|当町)[^?？か]*[。！]?$", re.IGNORECASE)
_NEAR_ASKED = re.compile(r"\b(?:near|close|next to)\b|近い|近く|隣", re.IGNORECASE)  # "Is Nagi near Tottori?"
_NEAR = re.compile(r"\b(?:near|close to|from|to)\b|近|から|まで", re.IGNORECASE)
_SUFFIX = re.compile(r"\s+(?:Prefecture|Metropolis|City|Town)$|(?<=..)[府県都市]$")


class EvidenceReplies:
    """Decides whether a question is one for the evidence, and replies from it."""

    def __init__(self, knowledge: Knowledge, tokenizer: Tokenizer, lookup: Lookup, say: Answers):
        self.kb = knowledge
        self.tokenizer = tokenizer
        self.lookup = lookup
        self.say = say
        given = sorted((w for f in _GIVEN for w in knowledge.phrases.intents[f].en), key=len, reverse=True)
        self._given = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in given) + r")\b", re.IGNORECASE)
        # A figure named in a list with other things ("人口と森林面積と…開通する年", "population, area and …").
        words = "|".join(re.escape(w) for w in sorted({*given, *(w for f in _GIVEN for w in knowledge.phrases.intents[f].ja)}, key=len, reverse=True))
        self._listed = re.compile(rf"(?:{words})\s*(?:と|、|,|\band\b)|(?:と|、|,|\band\b)\s*(?:the\s+)?(?:{words})", re.IGNORECASE)

    def _subject_missed(self, outcome: Outcome, terms: list[Term], u: Understanding, lang: str) -> list[str]:
        """The nouns a question asks about, which the page knows, when the sentence found holds none of them."""
        if has_japanese(u.text):
            return []  # Japanese compounds (田原川) hold their nouns unseparated: no such check
        nouns = [t for t in terms if t.noun and not t.term.isdigit() and self.lookup.knows(t.term, "en")]
        if not nouns or len(nouns) == len(terms):
            return []
        said = {x for b in outcome.blocks for line in (b.title or "", *b.lines) for x in self.tokenizer.terms(line)}
        return [] if any(t.term in said for t in nouns) else [t.word for t in nouns]

    def _qualified(self, terms: list[Term], text: str) -> list[str]:
        """Compounds whose first word the page never uses before a word it does ("hot springs", "wine festival"): what
        is asked is another thing than the one the page's word names."""
        lowered = text.lower()
        if sum(self.lookup.knows(t.term, "ja" if has_japanese(t.word) else "en") for t in terms) != 1:
            return []  # only where the page's word is all the question shares with it
        return [
            f"{a.word} {b.word}" for a, b in zip(terms, terms[1:], strict=False)
            if a.noun and b.noun and not a.term.isdigit() and f"{a.word} {b.word}".lower() in lowered
            and text[lowered.find(f"{a.word} {b.word}".lower())].islower()  # "Shojuin Temple": a name, however spelt
            and not self.lookup.knows(a.term, "en") and self.lookup.knows(b.term, "en")
        ]

    def _qualifies(self, term: Term, text: str) -> bool:
        """An English noun after the figure's word says which figure ("population density", "land … rice paddies"):
        a subject of its own, where a word before it ("Kindly furnish the population") only asks for it. A Japanese
        noun of a kind of people (外国人, 高齢者, 留学生) is who is counted: not the whole population."""
        if not term.noun:
            return False
        if has_japanese(term.word):  # and one written right after the figure's word says which: 人口密度, 人口増加率
            return (len(term.word) > 1 and term.word[-1] in "人者生児") or re.search(re.escape(term.word) + "[人者生児](?!口)", text) is not None or re.search(rf"(?:人口|面積){re.escape(term.word)}", text) is not None
        fact = self._given.search(text)
        return fact is not None and text.lower().find(term.word.lower(), fact.end()) >= 0

    def reply(self, u: Understanding, towns: list[str], lang: str, state: State) -> Reply | None:
        """Answer from the sentences of the knowledge when the question asks for more than the names and phrases
        it uses account for; None leaves it to the structured answers."""
        terms, shape, named = list(u.terms), u.shape, bool(towns)
        # a figure asked: in words ("how many", 具体的な数値), or as the area or population of something else (茶畑の面積)
        figure = bool((u.towns or u.lead) and (_FIGURE.search(u.text) or self._figure_of_other(u)))
        if figure:  # "exactly", 具体的: how the figure is asked for, not what it is of
            terms = [t for t in terms if not _FIGURE_WORD.fullmatch(t.word)] or terms
        if shape in ("when", "date"):  # "which month/year is the figure from?": how a date is asked, not a subject
            terms = [t for t in terms if not _WHEN_WORD.fullmatch(t.word)]
        if shape and (terms or shape in _NOT_FIELDS) and CLAIR.search(u.text) and not (towns or u.topics or u.places or u.prefectures):  # "How long does
            outcome = self.lookup.unknown([], [], lang, question=u.text)  # CLAIR take to reply?": not on the page, no town's
            return Reply(blocks=tuple(outcome.blocks), intent="unknown", lang=lang, actions=outcome.actions, state=state, confidence=outcome.confidence)
        chat = u.strongest(SMALL_TALK)
        if chat in ("enquire", "contact", "posting") and shape and u.intents[chat] > u.intents.get(f"ask_{shape}", u.intents.get("ask_when", 0)):
            shape = None  # the question word is part of the request: "who do I speak to", "where do I send"
        if u.places and not towns and not shape:
            return None  # a place not in the programme ("Is Uji City looking?"): said so, not answered from others
        if chat and not shape and (chat in ("enquire", "posting") or (not towns and (chat in UNFAZED or u.intents[chat] >= STRONG))):
            return None  # "thanks a lot", "I want to contact them about becoming sister cities"
        if u.towns and _WEBSITE.search(u.text):  # "Kawasemi's website", 川蝉市のホームページ: the page's, or "not given"
            return self._links("website", u.towns[:3], lang, state)
        if u.towns and _VIDEO.search(u.text):  # "Is there a video of Ujitawara?", 紹介動画: the page's, or "not given"
            return self._links("video", u.towns[:3], lang, state)
        if shape == "distance" and not u.towns and (u.places or u.prefectures):  # "Which town is closest to Osaka?"
            return self._travel((towns or list(self.kb.towns))[:3], self._place_names(u, lang), lang, state)
        if shape == "distance" and u.towns:  # "how long does it take from Kyoto?": a travel time the page gives
            lang_of = "ja" if has_japanese(u.text) else "en"
            # Japanese words are no measure of a town the page gives only in English (特急: "express" there).
            english_only = lang_of == "ja" and any(not has_japanese(self.kb.towns[t].outline("ja")) for t in u.towns[:3])
            strange = [] if english_only else [t.word for t in terms if t.noun and not t.term.isdigit() and not self.lookup.knows(t.term, lang_of)]
            if strange:  # "the nearest airport", 一番近い空港: a thing the page never names is not given, nor its distance
                outcome = self.lookup.unknown(strange, u.towns[:3], lang, question=u.text)
                return compose(outcome.blocks, "unknown", lang, state.evolve(towns=tuple(u.towns[:3])), u.towns[:3], outcome.actions)
            return self._travel(u.towns[:3], self._place_names(u, lang), lang, state, bool(_NEAR_ASKED.search(u.text)))
        other = [t for t in terms if t.noun and not (FOUNDING.search(t.word) or _KIND.fullmatch(t.word))]  # "the school"
        founding = FOUNDING.search(u.text) or (shape == "age" and not terms and not u.facts)  # "How old is Nagi Town?": since when it is
        if shape in ("when", "date", "age") and u.towns and not (u.topics or u.lead or u.themes or u.categories or other) and founding:  # "When did X become a city?"
            # the sentence dating the founding, else "the page does not say" (宇治田原町はいつ町になりましたか), not the profile
            founded = self.lookup.founding(u.towns[:1], lang) or self.lookup.unknown([], u.towns[:1], lang, question=u.text)
            return Reply(blocks=tuple(founded.blocks), intent=founded.kind, lang=lang, towns=tuple(u.towns[:1]), actions=founded.actions, state=state.evolve(towns=tuple(u.towns[:1])), confidence=founded.confidence)
        if u.towns and BORDER_ASKED.search(u.text) and not (u.topics or u.countries):  # "Which prefecture borders Nagi?"
            bordered = self.lookup.bordering(u.towns[:3], lang) or self.lookup.unknown([], u.towns[:3], lang, question=u.text)
            intent = "unknown" if bordered.kind == "unknown" else "evidence"
            return Reply(blocks=tuple(bordered.blocks), intent=intent, lang=lang, towns=tuple(u.towns[:3]), actions=bordered.actions, state=state.evolve(towns=tuple(u.towns[:3])), confidence=bordered.confidence)
        seasons = [t.word for t in terms if _SEASON.fullmatch(t.word)]
        if len(seasons) == len(terms) and shape in _OWN_FIGURES and u.towns and not (u.topics or u.lead):  # "What is the altitude of X?"
            # the town's outline sentence holding a figure of that kind (900 to 1,100 metres; below -30°C), else not given
            found = self.lookup.own_figure(u.towns[:1], shape, lang, seasons) or self.lookup.unknown([], u.towns[:1], lang, question=u.text)
            return compose(found.blocks, found.kind, lang, state.evolve(towns=tuple(u.towns[:1])), u.towns[:1], found.actions)
        if not terms and shape in _NOT_FIELDS and (towns or u.places or (shape == "cost" and not chat)):  # "how much does it cost to visit Nagi?", "any fees to join?"
            outcome = self.lookup.unknown_shape(shape, towns, lang)
            return Reply(blocks=tuple(outcome.blocks), intent="unknown", lang=lang, towns=tuple(towns), actions=outcome.actions, state=state, confidence=outcome.confidence)
        known = any(self.lookup.knows(t.term, lang) for t in terms)
        if self._whole_town(u, terms, shape):  # "a short overview of Nagi for our council next week": its profile
            return None
        held = state.topic.partition("/")[0] if state.topic else ""
        if held in self.kb.towns and u.towns and held not in u.towns and refers_back(u.text) and not (terms or u.facts or u.topics or shape):
            # "How tall is Mt Nagi, and is it in Ujitawara?": the item just answered is another town's; said so
            _ = i18n.translator(lang)
            names = (_("、") if lang == "ja" else ", ").join(self.say.town_name(t, lang) for t in u.towns[:3])
            line = _("CLAIR's page gives this for {town}, not for {named}.").format(town=self.say.town_name(held, lang), named=names)
            return compose([Block(lines=(line,))], "evidence", lang, state, [held], self.say.actions(lang, [held]))
        if not shape and state.topic and terms and refers_back(u.text) and set(towns) <= {state.topic.partition("/")[0]}:  # "Was it really the first?"
            again = self.lookup.answer_in_source(state.topic, [t.term for t in terms], lang)
            if again:  # the passage just answered holds it: said once (``engine._combine``), not another town's "first"
                return Reply(blocks=tuple(again.blocks), intent="evidence", lang=lang, towns=tuple(again.towns), actions=again.actions, state=state, confidence=again.confidence)
        back_item: str | None = None
        carried_on = u.lead == state.topic and not terms  # "…, and how tall is it?": in_context carried the item on
        if shape and state.topic and (not towns or carried_on) and (not known or refers_back(u.text)):  # "how old is it?" after an item
            town_id, _, source = state.topic.partition("/")
            item = next((i for i in self.kb.towns[town_id].pr_items if i.id == source), None) if town_id in self.kb.towns else None
            terms, towns, named = terms + list(self.tokenizer.pairs(item.title(lang))) if item else terms, [town_id], True
            known = bool(item)
            back_item = state.topic if item else None  # "when did it open?": asked of that item
        if not terms or not (towns or shape or any(t.noun and self.lookup.knows(t.term, lang) for t in terms)):
            return None  # no town, no question of fact and no subject the page speaks of: not a question for the evidence
        # Nothing the page knows: only a point of its own (a noun: "mayor", 天気) makes it a question the page
        # cannot answer; a number, a verb or an unknown word beside a plain fact or small talk does not.
        if not known and not (any(t.noun and not t.term.isdigit() for t in terms) and (shape or u.towns or u.facts or u.prefectures)):
            return None
        if not known and u.towns and _GIVEN & set(u.facts) and not any(t.head or self._qualifies(t, u.text) for t in terms):
            return None  # a figure the page gives, asked in other words ("Kindly furnish…", 井原しの人口): the figure

        if shape is None and _STATUS.search(u.read or u.text):  # "Is the museum open?": whether it is closed, not its opening
            terms = [t._replace(term=_CLOSED[has_japanese(t.word)]) if t.term in _OPENED else t for t in terms]
            terms += [] if any(t.term in _CLOSED.values() for t in terms) else [Term(_CLOSED[has_japanese(u.text)], "")]
            shape = "status"
        pairs = [(t.term, t.word) for t in terms]
        also = u.also if shape == u.shape else ()
        scope = towns or ([u.lead.partition("/")[0]] if u.lead else list(self.kb.towns))  # "the Denchu museum": Ibara's
        quotes = [q for group in _QUOTES.findall(u.text) for q in group if q]
        quoted = self.lookup.quoting(quotes, scope, shape, lang) if shape in (None, "why", "where") else None
        outcome = quoted or self.lookup.answer(pairs, shape, scope, named, lang, u.text, also)
        # An item of another town than the one named is not that town's ("the ordinance in Nagi": Ibara's).
        topics = [ref for ref in u.topics if not u.towns or ref.partition("/")[0] in u.towns] or ([back_item] if back_item else [])
        elsewhere = self._named_elsewhere(u, terms, lang)
        if elsewhere and elsewhere == u.topics[0]:  # "Ibara, the birthplace of green tea?": Ujitawara's item, first
            topics = []
        # A head noun the page never uses beside an item ("the annual output of Ibara denim", 井原デニムの年間生産量).
        strange = [
            t.word for t in terms if t.head and not t.term.isdigit() and not u.names_item(t.word)
            and not self.lookup.knows(t.term, "ja" if has_japanese(t.word) else "en")
        ]
        carried = bool(topics) and u.lead == state.topic == topics[0] and outcome.topic != topics[0]  # 何年かけて…: that item's
        # the item named is asked about, not another item's sentence (奈義牛は何の賞: not the museum's prize)
        asked_item = u.lead or (topics[0] if len(topics) == 1 else None)  # the item asked about
        strayed = bool(asked_item in topics and outcome.kind == "evidence" and outcome.topic and outcome.topic not in u.topics and outcome.topic.partition("/")[2] not in NOT_ITEMS)
        if topics and (shape or strayed) and (outcome.kind in ("suggest", "unknown") or carried or strayed):  # "who planted the big ginkgo up there?"
            outcome = self.lookup.answer_in_item(asked_item if strayed and asked_item else topics[0], pairs, shape, lang, u.text, also)
        elif topics and outcome.topic is None and (outcome.kind in ("suggest", "unknown") or not shape):
            if not strange:
                return None  # the index knows the item by one of its keywords ("なぎビーフ", お茶): its answer stands
            outcome = self.lookup.not_in_item(topics[0], strange, None, lang)
        elif u.towns and u.topics and not topics and (outcome.kind in ("suggest", "unknown") or elsewhere):
            outcome = self._elsewhere(elsewhere or u.lead or u.topics[0], u, pairs, shape, lang, also) or outcome  # "Nagi's denim": Ibara's
        unnamed = any(t.noun and not t.term.isdigit() and not self.lookup.knows(t.term, "ja" if has_japanese(t.word) else "en") for t in terms)
        if figure and shape and outcome.kind in ("suggest", "unknown") and not unnamed:  # no count: one speaking of it?
            # (not when the question names what the page never does: "the crime rate" is no birth rate)
            spoken = self.lookup.answer(pairs, None, scope, named, lang, u.text)
            outcome = spoken if spoken.kind == "evidence" and not _has_figure(spoken.blocks) else outcome
        intent = "unknown" if outcome.kind == "suggest" else outcome.kind
        missed = self._subject_missed(outcome, terms, u, lang) if outcome.kind == "evidence" and not (shape or quoted) else []
        if missed:  # "What stars can you see in Nagi?": a sentence matching only "see" is not about stars
            outcome = self.lookup.unknown(missed, list(towns)[:3] if u.towns else [], lang, question=u.text)
            intent = "unknown"
        qualified = self._qualified(terms, u.text)
        if qualified and outcome.kind == "evidence":  # "hot springs": not the spring the page speaks of, a thing it never names
            outcome = self.lookup.unknown(qualified, (u.towns or outcome.towns)[:3] if u.towns else [], lang, question=u.text)
            intent = "unknown"
        elif figure and outcome.kind == "evidence" and not _has_figure(outcome.blocks) and strange and not u.topics:
            # "the crime rate": a figure of something the page never names is not given, nor is a sentence of another rate
            outcome = self.lookup.unknown(strange, (u.towns or outcome.towns)[:3], lang, question=u.text)
            intent = "unknown"
        elif figure and outcome.kind == "evidence" and not _has_figure(outcome.blocks):
            # "a high birth rate": the page speaks of it and gives no figure; say so, then what it does say
            _ = i18n.translator(lang)
            outcome = replace(outcome, kind="unknown", blocks=[Block(lines=(_("CLAIR's page gives no figure for this; what it says is below."),)), *outcome.blocks])
            intent = "unknown"
        if outcome.kind == "evidence" and u.towns and self._listed.search(u.text):  # the figures listed, then the rest
            figures = [f for f in u.facts if f in _GIVEN]
            outcome = replace(outcome, blocks=[*self.say.facts(figures, u.towns[:3], lang, forest=bool(FOREST.search(u.text))), *outcome.blocks])
        remembered = state.evolve(towns=tuple(outcome.towns) or state.towns, topic=outcome.topic or state.topic)
        return Reply(
            blocks=tuple(outcome.blocks), intent=intent, lang=lang, towns=tuple(outcome.towns), actions=outcome.actions,
            state=remembered, confidence=outcome.confidence,
        )

    def _elsewhere(
        self, ref: str, u: Understanding, pairs: list[tuple[str, str]], shape: str | None, lang: str, also: tuple[str, ...]
    ) -> Outcome | None:
        """An item the question gives to the wrong town ("the ginkgo in Ujitawara", 宇治田原町の天文台): the answer of
        the town it belongs to, the correction said first; None when that town does not answer either. Without a
        kind of answer asked, the sentence must speak of the item ("Does Nagi make denim?"), else the item itself."""
        town = ref.partition("/")[0]
        shape = None if shape == "where" else shape  # "Is Nagi where green tea was born?": the item says where it is
        if shape:
            found = self.lookup.answer_in_item(ref, pairs, shape, lang, u.text, also)
        else:
            found = self.lookup.answer(pairs, None, [town], True, lang, u.text)
            words = [w for w in u.item_words.split() if len(w) > 1]
            if found.kind != "topic" and not any(fold_kana(normalize(w)) in fold_kana(normalize(b.as_text())) for w in words for b in found.blocks):
                found = Outcome("topic", self.say.topics([ref], lang), [town], self.say.actions(lang, [town]), 0.7, ref)
        if found.kind not in ("evidence", "topic") or town not in found.towns:
            return None
        _ = i18n.translator(lang)
        names = (_("、") if lang == "ja" else ", ").join(self.say.town_name(t, lang) for t in u.towns[:3])
        line = _("CLAIR's page gives this for {town}, not for {named}.").format(town=self.say.town_name(town, lang), named=names)
        return replace(found, blocks=[Block(lines=(line,)), *found.blocks])

    def corrected(self, town: str, guessed: list[str], lang: str, state: State) -> Reply:
        """A guess of another town after an answer ("…どこの町？奈義？"): the town the page gives it for."""
        _ = i18n.translator(lang)
        names = (_("、") if lang == "ja" else ", ").join(self.say.town_name(t, lang) for t in guessed)
        line = _("CLAIR's page gives this for {town}, not for {named}.").format(town=self.say.town_name(town, lang), named=names)
        return compose([Block(lines=(line,))], "evidence", lang, state, [town])

    def misplaced(self, u: Understanding, lang: str) -> list[Block]:
        """A town placed in a prefecture it is not in (茨城県の井原市, "Nagi in Kyoto Prefecture"): the correction,
        said before the answer; nothing when the question weighs towns or lists a prefecture's."""
        if len(u.towns) != 1 or len(u.prefectures) != 1 or {"list_towns", "compare", "most", "least"} & set(u.intents):
            return []
        if u.shape == "distance" or BORDER_ASKED.search(u.text) or _NEAR.search(u.text):  # "Is Ibara near Hiroshima?"
            return []
        town = self.kb.towns[u.towns[0]]
        if town.prefecture == u.prefectures[0]:
            return []
        _ = i18n.translator(lang)
        line = _("{town} is in {right}, not in {wrong}.").format(
            town=town.name(lang), right=self.say.prefecture_name(town.prefecture, lang), wrong=self.say.prefecture_name(u.prefectures[0], lang)
        )
        return [Block(lines=(line,))]

    def _named_elsewhere(self, u: Understanding, terms: list[Term], lang: str) -> str | None:
        """The PR item of a town not named whose title holds a word of the question ("Nagi's tea": Ujitawara's "The
        birthplace of Japanese green tea"), when no item of the towns named does; not one found only through a theme
        ("visitors": a tourism base)."""
        if not u.towns:
            return None
        asked = {t.term for t in terms}
        titled = [ref for ref in u.topics if asked & set(self.tokenizer.terms(self._item_title(ref, lang)))]
        if not titled or any(ref.partition("/")[0] in u.towns for ref in titled):
            return None  # "the art museum in Nagi": Nagi MOCA's title holds the words too; it is Nagi's own
        return titled[0]

    def _item_title(self, ref: str, lang: str) -> str:
        town, _, item = ref.partition("/")
        return next((i.title(lang) for i in self.kb.towns[town].pr_items if i.id == item), "") if town in self.kb.towns else ""

    def _figure_of_other(self, u: Understanding) -> bool:
        """The area or population of something else than the town named (宇治田原町の茶畑の面積): a figure asked."""
        of = _OF_OTHER.search(u.text)
        return of is not None and not any(self.kb.towns[t].name("ja") in of.group(0) for t in u.towns)

    def _whole_town(self, u: Understanding, terms: list[Term], shape: str | None) -> bool:
        """A request for a named town as a whole: what it is proud of ("main selling points", 井原市のPRポイント) beside
        words that ask of nothing of their own (no head noun: "Nagi's mayor", 井原市の天気; no
        amount: 観光客数どれくらい), or its overview with no word outside the asker's own statements ("I'm presenting
        to our council next week"). No question of a kind, no fact, no item of that town. The profile or highlights
        answer it, not "cannot find"."""
        whole = "highlights" if "highlights" in u.intents else "town" if "town" in u.intents else None
        if not (whole and u.towns) or shape or u.facts or _AMOUNT.search(u.text) or any(ref.partition("/")[0] in u.towns for ref in u.topics):
            return False
        if self._named_elsewhere(u, terms, "ja" if has_japanese(u.text) else "en"):  # "What is Nagi's tea famous for?"
            return False
        if whole == "highlights":
            return not any(t.head and not self.lookup.knows(t.term, "ja" if has_japanese(t.word) else "en") for t in terms)
        own = " ".join(s for s in _SENTENCES.split(u.text) if _OWN_STATEMENT.match(s))
        return all(t.word in own for t in terms)

    def _links(self, kind: str, towns: list[str], lang: str, state: State) -> Reply:
        """The towns' websites or videos as the page gives them; a town without one: the page gives none."""
        def values(t: str) -> list[str]:
            town = self.kb.towns[t]
            return list(town.websites) if kind == "website" else [v(lang) for v in town.videos]

        given = [t for t in towns if values(t)]
        if not given:
            return self.not_given(kind, towns, lang, state)
        _ = i18n.translator(lang)
        lines = tuple(f"{self.say.town_name(t, lang)}{i18n.colon(lang)}{(_('、') if lang == 'ja' else ', ').join(values(t))}" for t in given)
        missing = [t for t in towns if t not in given]
        if missing:
            names = (_("、") if lang == "ja" else ", ").join(self.say.town_name(t, lang) for t in missing)
            lines += (_("CLAIR's page does not give {what} for {town}.").format(what=self._what(kind, lang), town=names),)
        title = _("Website") if kind == "website" else _("Video")
        return compose([Block(title=title, lines=lines)], kind, lang, state, towns, self.say.actions(lang, towns))

    def fact_date(self, figures: Reply, fact: str, towns: list[str], lang: str, state: State) -> Reply:
        """"As of what date is Nagi's population?": the figures say their date; one without a date is said to have none."""
        undated = [t for t in towns if fact == "area" or self.kb.towns[t].population.as_of is None]
        if not undated:
            return figures
        outcome = self.lookup.unknown([], undated[:3], lang, self._what("population_date" if fact == "population" else "area_date", lang))
        return compose([*figures.blocks, *outcome.blocks], "unknown", lang, state, undated[:3], outcome.actions)

    def not_given(self, what: str, towns: list[str], lang: str, state: State) -> Reply:
        """A kind of fact no town's page gives ("partners": the sister cities a town already has), with CLAIR's contact."""
        outcome = self.lookup.unknown([], towns[:3], lang, self._what(what, lang))
        return compose(outcome.blocks, "unknown", lang, state, towns[:3], outcome.actions)

    def _what(self, what: str, lang: str) -> str:
        _ = i18n.translator(lang)
        return {
            "partners": _("existing sister cities"),
            "website": _("a website"),
            "video": _("a video"),
            "population_date": _("the date of the population figure"),
            "area_date": _("the date of the area figure"),
        }[what]

    def _travel(self, towns: list[str], places: list[str], lang: str, state: State, near: bool = False) -> Reply:
        """Each town's travel time the page gives; of several towns ("which is closer to Osaka, A or B?") those that
        have one first, and a line for those that have none."""
        outcomes = {t: self.lookup.travel([t], places, lang, near) for t in towns}
        given = [t for t in towns if outcomes[t].kind == "evidence"]
        if len(towns) == 1 or not given:
            outcome = outcomes[towns[0]] if len(towns) == 1 else self.lookup.unknown_shape("distance", towns, lang)
            return Reply(blocks=tuple(outcome.blocks), intent=outcome.kind, lang=lang, towns=tuple(towns), actions=outcome.actions, state=state.evolve(towns=tuple(towns)), confidence=outcome.confidence)
        _ = i18n.translator(lang)
        blocks = [b for t in given for b in outcomes[t].blocks]
        missing = [t for t in towns if t not in given]
        if missing:
            names = (_("、") if lang == "ja" else ", ").join(self.say.town_name(t, lang) for t in missing)
            blocks.append(Block(lines=(_("The page gives no distance or travel time for {town}.").format(town=names),)))
        return Reply(blocks=tuple(blocks), intent="evidence", lang=lang, towns=tuple(given), actions=self.say.actions(lang, towns), state=state.evolve(towns=tuple(given)))

    def _place_names(self, u: Understanding, lang: str) -> list[str]:
        """The prefectures and places a question names, as a sentence of the knowledge would write them."""
        places = {p.name.en: p for p in self.kb.gazetteer.places}  # u.places holds English names: 旭川 is Asahikawa
        # in both languages: a town the page gives only in English says "Tokyo" to a question that says 東京
        names = [self.say.prefecture_name(p, other) for p in u.prefectures for other in dict.fromkeys((lang, "en"))]
        names += [name for p in u.places for name in dict.fromkeys((p, places[p].name(lang) if p in places else p))]
        names += [self.say.countries.name(c, lang) for c in u.countries]  # "from Brisbane": from abroad
        return [_SUFFIX.sub("", name) for name in names]


def _has_figure(blocks: list[Block]) -> bool:
    """Whether the sentences hold a number other than a year ("As of January 2020" and "in 2012" are no figure);
    a number in words counts ("three installations")."""
    return any(_NUMBER_SAID.search(_YEAR_OR_DATE.sub("", line)) for b in blocks for line in b.lines)
