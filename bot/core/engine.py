"""The engine: ``reply(text, lang, state) -> Reply`` and ``act(command, lang, state) -> Reply``. No channel code."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from bot.core import desk, handoff, i18n
from bot.core.alternatives import Alternatives
from bot.core.answers import FACTS, FOREST, MAX_LISTED, Answers
from bot.core.asking import (
    ALSO_TOWN,
    FIRST_PERSON,
    WHICH_TOWNS,
    asks_anything,
    asks_for_partner,
    only_towns,
    own_message,
)
from bot.core.combine import combine, prepend
from bot.core.comparisons import SAME_PREFECTURE, Comparisons
from bot.core.countries import Countries
from bot.core.enquiry_flow import EnquiryFlow
from bot.core.evidence_replies import EvidenceReplies
from bot.core.index import Index
from bot.core.intake import Intake
from bot.core.items import Items
from bot.core.lookup import Lookup
from bot.core.policy import REFERENCE, normalise_ref
from bot.core.question import parts, refers_back
from bot.core.readings import with_readings
from bot.core.reply import Action, Block, Reply, State, compose
from bot.core.structured import Structured
from bot.core.tokens import Tokenizer
from bot.core.understanding import CLAIR, SMALL_TALK, STRONG, UNFAZED, Reader, Understanding, in_context
from bot.core.untranslated import with_source_note
from bot.core.wishes import cities
from bot.knowledge import Knowledge, load_knowledge
from bot.text import clean, detect_language, has_japanese

_PHONE = re.compile(r"\b(?:phone|telephone|tel|fax)\b|電話|ファックス|ファクス|FAX", re.IGNORECASE)
_EMAIL = re.compile(r"\be-?\s?m(?:ai|ia|a|ei)l+s?\b|\bmail|メール|アドレス", re.IGNORECASE)  # e-mail, emial, e mail
# "What countries does Ibara want to be sister cities with?", どんな国と姉妹都市になりたい: a question, not a request.
_WHICH = re.compile(r"どんな|どのような|どの国|どこの国|\bwhich (?:countr|cit|kind|sort|type)|\bwhat (?:countr|cit|kind|sort|type)", re.IGNORECASE)
_SHARE = re.compile(r"percent|share|proportion|fraction|割|パーセント|%|％", re.IGNORECASE)
_ADDRESS = re.compile(r"\baddress|アドレス|宛先", re.IGNORECASE)  # asked for: "…, what's the address?", アドレスは？
# "The oldest page", 情報がいちばん古い: the age of a town's information is its page's date of modification.
# "Can a town in Brazil partner with Kozakura?", "Could we become a sister city of Nagi?": whether the town would
# welcome a partner there, asked (the enquiry is offered beside the answer), not a request to pass on
_COULD_PARTNER = re.compile(
    r"(?:^|[.!?]\s+)(?:can|could|would|may|might)\s+(?:a|an|our|my|we|us|the)\b[^?.!]*\b(?:partner|twin|pair|become (?:a )?sister|sister cit)",
    re.IGNORECASE,
)
_COUNTRY_WORD = re.compile(r"\b(?:countr(?:y|ies)|nations?|regions?)\b|国|地域", re.IGNORECASE)  # a wish of a country, not a theme
_AS_OF = re.compile(r"いつ時点|いつの時点|時点の|\bas of (?:when|what)\b", re.IGNORECASE)  # 人口はいつ時点: the figure's date
_IS_IN = re.compile(r"^\s*(?:is|are|does|do)\b|にあります|にある[？?の]|にありますか", re.IGNORECASE)  # "Is X in Y?", XはYにありますか
_THAT = re.compile(r"\b(?:that|this|it|those|these|the (?:figures?|numbers?|counts?|data|stats?))\b|それ|その|これ|この", re.IGNORECASE)  # the figure just given
# The exchange a named town wants, asked of in other words ("is Ibara after school exchanges?", 交流ならどっちが向いてる).
_EXCHANGE = re.compile(r"\b(?:exchanges?|partners?|partnerships?|twinning)\b|交流(?!員)|提携", re.IGNORECASE)  # 国際交流員: a person
_WHICH_OF = re.compile(r"\bwhich\b|\bor\b|どっち|どちら|どれ", re.IGNORECASE)  # "A and B: which suits a school exchange?"
_COUNTRY = re.compile(r"\b(?:countr(?:y|ies)|regions?|nations?|where)\b|国|地域|どこ", re.IGNORECASE)
_GUESS = re.compile(r"^\s*(?:or\s+|maybe\s+|is it\s+)?\S{1,20}\s*(?:city|town)?\s*[?？]?\s*$", re.IGNORECASE)  # "奈義？", "Nagi?"
# Words that make a question one of every town ("one line each", 各自治体の, 3つの町の), not a request for the list.
_EVERY = re.compile(r"\b(?:all|each|every|both)\b|\b(?:three|3) (?:towns|cities|municipalities)\b|各|それぞれ|すべての|全ての|全部の|[3３三]つの|[3３三](?:自治体|町)", re.IGNORECASE)
_MEASURED = ("population", "area", "date_modified")  # what each town's page gives as a figure or date
_RANKING = ("compare", "most", "least", "superlative", "population", "area")  # the towns' own measures, weighed
# A question, not a request ("what's the deadline to apply…?" asks; "I'd like to send a letter to the mayor" does not).
_ASKS = re.compile(r"[?？]|\b(?:what|what's|when|where|how|which|who|whose|is there|are there)\b|いつ|何|どこ|誰|どの|ですか|ますか|[のか]$", re.IGNORECASE)
_REFERENCE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,10}-\d{4}-\d{4,12}(?!\d)")  # an enquiry's reference, quoted in a message
_CHATTER = ("greeting", "thanks", "help")  # dropped from a message that also asks something


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Engine:
    """Answers questions about the towns in a knowledge base, in English or Japanese."""

    def __init__(
        self, knowledge: Knowledge, contact_email: str | None = None, enquiry_ttl: dt.timedelta = dt.timedelta(hours=2)
    ):
        self.kb = knowledge
        self.enquiry_ttl = enquiry_ttl
        self.cities = cities(knowledge.towns.values())
        self.countries = Countries.build(knowledge.countries, self.cities)
        self.index = Index(knowledge, self.countries)
        self.say = Answers(knowledge, self.countries, contact_email)
        phrases = knowledge.phrases
        self.tokenizer = Tokenizer(phrases.stopwords.en, phrases.stopwords.ja, phrases.folded())
        self.lookup = Lookup(knowledge, self.tokenizer, self.say)
        self.reader = Reader(self.index, self.tokenizer, self.lookup)
        self.evidence = EvidenceReplies(knowledge, self.tokenizer, self.lookup, self.say)
        self.alternatives = Alternatives(lambda text: [t.term for t in self.understand(text).terms] or self.tokenizer.terms(text), self.lookup)
        self.enquiry = EnquiryFlow(self.say, self.index, lambda text: self.understand(text).towns)
        self.weigh = Comparisons(knowledge, self.countries, self.cities, self.say, self.index)
        self.compared, self.welcome, self.profiles = self.weigh.compared, self.weigh.welcome, self.weigh.profiles
        self.items = Items(knowledge)
        self.structured = Structured(knowledge, self.say)  # facts, items, highlights, fallback
        self._facts = self.structured.facts
        self._language = self.structured.language
        self._topics = self.structured.topics
        self._briefs = self.structured.briefs
        self._highlights = self.structured.highlights
        self._not_listed = self.structured.not_listed
        self._fallback = self.structured.fallback
        self._town_actions = self.structured.town_actions
        self.intake = Intake(self)
        i18n.check_catalogues()

    @classmethod
    def load(
        cls,
        knowledge_dir: Path | None = None,
        contact_email: str | None = None,
        enquiry_ttl: dt.timedelta = dt.timedelta(hours=2),
    ) -> Engine:
        """Load and validate a knowledge directory (default: the one that ships with the bot)."""
        return cls(load_knowledge(knowledge_dir), contact_email, enquiry_ttl)

    # --- understanding --------------------------------------------------------------------------------------

    def understand(self, text: str) -> Understanding:
        return self.reader.read(text)

    # --- answering ------------------------------------------------------------------------------------------

    def reply(
        self, text: str, lang: str | None = None, state: State | None = None, now: dt.datetime | None = None
    ) -> Reply:
        """Answer a message; ``lang`` fixes the reply language, else it follows the message's script."""
        state = state or State()
        text = clean(text)[:4096]
        lang = lang if lang in i18n.LANGUAGES else detect_language(text) or state.lang or "en"
        dialogue = state.dialogue
        if dialogue and not dialogue.expired(now or _now(), self.enquiry_ttl):
            return self.enquiry.step(dialogue, text, dialogue.lang, state)
        if state.profile and not state.profile.expired(now or _now(), self.enquiry_ttl):
            return self.intake.step(state.profile, text, state)
        state = state.evolve(profile=None, replying=None)
        if _REFERENCE.search(text) and not state.dialogue:  # "My reference is CLAIR-2026-000123, what's the status?"
            return self.act("status", lang, state)
        if handoff.asks_for_person(text):
            return self._handoff(lang, state, now or _now())
        if state.dialogue:
            state = state.evolve(dialogue=None)
            return prepend(self._answer(text, lang, state), self.enquiry.expired(lang))
        answer = self._answer(text, lang, state)
        begun = answer.state.dialogue
        own = own_message(self.understand(text)) if answer.intent == "enquire" and begun and begun.step == "name" else None
        if begun and own:  # "… about a school exchange": the request is the enquiry's message
            return self.enquiry.start(list(begun.data.get("towns") or []), lang, state, now or _now(), own)
        return handoff.offer(with_source_note(with_readings(answer, self.kb), self.kb), text)

    def _answer(self, text: str, lang: str, state: State) -> Reply:
        """Answer each question of a message in order (``question.parts``), in one reply."""
        replies: list[Reply] = []
        for n, part in enumerate(parts(text)):
            read = self.understand(part)
            if n and replies and not asks_anything(read) and FIRST_PERSON.search(part):
                continue  # "…？うちの県かな？": a later musing of the asker's own that asks nothing of the page
            if n and replies and replies[-1].towns and _GUESS.match(part) and read.towns and not (read.intents or read.terms or read.topics):
                if read.towns[0] != replies[-1].towns[0]:  # "…どこの町だっけ？奈義？": the guess corrected, no profile
                    replies.append(self.evidence.corrected(replies[-1].towns[0], read.towns[:1], lang, state))
                continue
            understood = in_context(read, state, n > 0, self.lookup.knows)
            if replies and replies[-1].intent in ("population", "area") and not understood.facts and _THAT.search(part):
                # "…, and when was that counted?": the figure just given
                understood = replace(understood, intents={**understood.intents, replies[-1].intent: 1})
            if state.fact and ALSO_TOWN.search(part.strip()) and only_towns(understood):  # "And Ibara?", 井原市は？
                understood = replace(understood, intents={state.fact: 1})  # after a fact: the same fact of that town
            reply = self._decide(understood, lang, state)
            misplaced = self.evidence.misplaced(understood, lang) if reply.intent not in ("fallback", "prefecture") else []
            if misplaced:  # 茨城県の井原市: the town is in Okayama, said first
                reply = replace(reply, blocks=(*misplaced, *reply.blocks))
            if reply.intent in ("contact", "enquire", "unknown") and _EMAIL.search(part) and not self.say.email_address:
                reply = prepend(reply, self.say.no_email(lang, list(reply.towns)))
            elif reply.intent not in ("contact", "enquire", "unknown", "fallback") and self._also_contact(part):
                reply = replace(reply, blocks=(*reply.blocks, self.say.contact(lang)))  # "… and CLAIR's phone number"
            reply = replace(reply, state=reply.state.evolve(fact=reply.intent if reply.intent in FACTS else None))
            replies.append(reply)
            state = reply.state
            if state.dialogue:
                break
        asked = [r for r in replies if r.intent not in _CHATTER] or replies
        return asked[0] if len(asked) == 1 else combine(asked)

    def _decide(self, u: Understanding, lang: str, state: State, wishes_weighed: bool = False) -> Reply:
        """Pick the answer. Precedence: a clear request to be listed; a self-description (matchmaking); comparisons,
        superlatives and limits; countries; towns; prefectures; places not listed; topics and themes; facts about the
        towns in the conversation or all towns; small talk. Words the engine does not know hold back the broad answers
        (a fact "of Springfield" is not a fact of every town) and leave a fallback rather than a wrong town."""
        facts = u.facts
        intent = u.strongest(SMALL_TALK)
        towns = u.towns or [t for p in u.prefectures for t in self._towns_in(p)]
        # A request to be listed, however else the message describes the official's own town ("Our town in Ontario
        # wants to be posted on the page"): its phrase outweighs the wish and country it also holds.
        if intent == "posting" and (u.intents[intent] >= STRONG or (
            ("match" in u.intents or FIRST_PERSON.search(u.text)) and u.intents[intent] >= max(u.intents.get("wish", 0), u.intents.get("list_towns", 0))
        )):
            return self._posting(u, lang, state)
        if u.suggestions and not u.towns and not u.countries:  # a name near a town's ("Ujiwaraaa", 伊原市): which?
            return self._fallback(lang, state, u.suggestions, u.near)
        if u.suggestions and u.near and u.towns:  # 伊原市と奈義町を比較して: Nagi answered, "did you mean" for the other
            reply = self._decide(replace(u, suggestions=[], near=()), lang, state)
            names = [self.say.town_name(t, lang) for t in u.suggestions if t not in reply.towns]
            if not names:
                return reply
            asked = tuple(Action(n, f"town:{t}") for t, n in zip(u.suggestions, names, strict=False))
            return replace(prepend(reply, self.say.near_name(u.near[0], names, lang)), actions=(*asked, *reply.actions)[:6])
        weighed = self.alternatives.reply(u.text, list(self.kb.towns), lang, state, len(u.towns)) if "population" not in u.facts else None
        if weighed:
            return weighed
        mailed = u.towns or (list(state.towns[:1]) if refers_back(u.text) else [])  # "…、そこのメールアドレスは？"
        if (intent == "contact" or _ADDRESS.search(u.text)) and mailed and (_EMAIL.search(u.text) or (_PHONE.search(u.text) and not CLAIR.search(u.text))):  # "Ibara's e-mail address", "Nagi's phone number"
            return self._email(mailed, lang, state)
        if intent == "contact" and CLAIR.search(u.text) and (_EMAIL.search(u.text) or _PHONE.search(u.text)) and not (u.towns or u.countries):  # "CLAIR's e-mail? … than ring Tokyo"
            return self.act("contact", lang, state)  # a place in the asker's circumstances is not what is asked
        if u.countries and u.towns and (intent == "enquire" or "partners_now" in u.intents) and _COULD_PARTNER.search(u.text):
            return self.weigh.welcoming(u.countries, u.towns, lang, state, u.text)
        if "partners_now" in u.intents:  # "Does Ujitawara already have a sister city?": the page does not say
            return self.evidence.not_given("partners", u.towns or list(self.kb.towns), lang, state)
        if u.themes and not u.towns and ("match" in u.intents or (u.countries and set(u.facts) <= {"wish"})):  # "Canada, for a school"
            return self.weigh.match(u, lang, state)
        if u.themes and not (u.towns or u.countries or u.prefectures or wishes_weighed) and asks_for_partner(u):
            wished = self.weigh.wished(u.themes, lang, state)  # "Which towns want a school exchange?": their wishes
            # no town asks for it ("a tea exchange"): said so, then what the towns have of it
            return wished or prepend(self._decide(u, lang, state, wishes_weighed=True), self.weigh.not_wished(u.themes, lang))
        wanted = [t.word for t in u.terms if t.noun and not t.term.isdigit() and not self.lookup.knows(t.term, "ja" if has_japanese(t.word) else "en")]
        if wanted and not (u.themes or u.towns or u.countries or u.prefectures or u.topics or u.places or u.languages or u.regions or u.archived or u.suggestions) and asks_for_partner(u) and not _COUNTRY_WORD.search(u.text):
            # "a partner into sports", スポーツ交流を希望: a wish in words no town uses; said so, then what they ask for
            wishes = self._facts(["partner"], list(self.kb.towns), lang, state)
            return prepend(wishes, self.weigh.not_wished([], lang, tuple(dict.fromkeys(wanted))))
        if u.lead and not u.towns and {"compare", "most", "least"} & set(u.intents):
            # "the largest telescope at the Bisei observatory", "longer than ordinary burdock": a measure of the item
            # named, not a ranking of the towns; its own sentences answer it
            u = replace(u, intents={k: v for k, v in u.intents.items() if k not in _RANKING})
            facts = u.facts
        if SAME_PREFECTURE.search(u.text) and len(u.towns) != 1:  # 井原市と奈義町は同じ県ですか
            return self.weigh.same_prefecture(u.towns or list(self.kb.towns), lang, state)
        if "compare" in u.intents:
            compared = u.towns if len(u.towns) > 1 else towns or list(self.kb.towns)
            if facts and set(facts) <= {"population", "area"}:
                return self.weigh.measured(u, towns, lang, state) or self._facts(facts, compared, lang, state, u.text)
            if facts:
                return self._facts(facts, compared, lang, state, u.text)
            return self.weigh.compare(compared, lang, state)
        measured = self.weigh.measured(u, towns, lang, state)
        if measured:
            return measured
        others = {i for i in u.intents if not i.startswith("ask_")} - {"most", "least", "superlative", "list_towns", "town", "location"}
        if u.strongest(("most", "least", "superlative")) and not (u.towns or u.terms or u.topics or u.themes or u.countries or others):
            # "Which town is the oldest?", 一番古い町はどこ: a measure of the towns the page does not give
            outcome = self.lookup.unknown([], [], lang, question=u.text)
            return Reply(blocks=tuple(outcome.blocks), intent="unknown", lang=lang, actions=outcome.actions, state=state, confidence=outcome.confidence)
        if u.archived and not u.towns:
            town = self.kb.archive[u.archived[0]]
            return self._reply(self.say.archived(town, lang), "archived", lang, state, [], self.say.actions(lang, menu=True))
        if u.countries and intent in ("contact", "enquire", "posting") and not ({"wish", "list_towns"} & set(u.intents) or (intent == "enquire" and not u.towns and WHICH_TOWNS.search(u.text))):
            # "Please pass a message to Ibara City: we're a denim town in North Carolina": an enquiry to the town named
            return self.act(f"enquire:{u.towns[0]}" if intent == "enquire" and len(u.towns) == 1 else intent, lang, state)
        if u.countries and "lang_ja" not in u.intents and "lang_en" not in u.intents and not (u.towns and u.shape == "distance"):
            return self.weigh.welcoming(u.countries, u.towns or list(self.kb.towns), lang, state, u.text)
        if u.regions and not u.countries and not u.towns and intent not in ("posting", "enquire", "contact"):  # "Asian partners?"
            return self.weigh.region(u.regions[0], towns or list(self.kb.towns), lang, state)
        if u.languages and not u.countries and intent not in ("posting", "enquire", "contact"):  # 英語圏の国と交流したい自治体
            return self._language(u.languages[0], u.towns or towns or list(self.kb.towns), lang, state, u.outside_languages)
        if intent in ("enquire", "contact") and u.towns and not u.shape and own_message(u) and u.intents[intent] >= max((u.intents[f] for f in facts), default=0):
            # "I'd like to contact Ibara City about a denim study tour": an enquiry that carries its own message
            return self.act(f"enquire:{u.towns[0]}" if len(u.towns) == 1 else "enquire", lang, state)
        strange = [t.word for t in u.terms if t.head and not self.lookup.knows(t.term, "ja" if has_japanese(t.word) else "en")]
        if intent == "enquire" and u.towns and strange and not facts and _ASKS.search(u.text):  # "what's the deadline to apply to Ujitawara?"
            outcome = self.lookup.unknown(strange, u.towns[:3], lang, question=u.text)
            return compose(outcome.blocks, "unknown", lang, state, u.towns[:3], outcome.actions)
        # "Who should we contact?": the question word is part of the request when the request's phrase is longer
        requested = not u.shape or (intent == "enquire" and u.intents[intent] > 2 * u.intents.get(f"ask_{u.shape}", 0))
        if intent == "enquire" and u.towns and requested and not _WHICH.search(u.text) and u.intents[intent] >= max((u.intents[f] for f in facts), default=0):
            return self.act(f"enquire:{u.towns[0]}" if len(u.towns) == 1 else "enquire", lang, state)
        # A kind of thing ("nature") the towns' own figures answer is those figures: "how much forest" is the area.
        measured_kind = "area" in facts and FOREST.search(u.text)
        kinds = self.items.of_categories(u.categories, towns or list(self.kb.towns)) if not (u.shape or measured_kind) else []
        if kinds:  # "what food is there in Nagi?"
            return self._topics(kinds, lang, state) if len(kinds) == 1 else self._briefs(kinds, lang, state)
        elsewhere = u.topics and not any(ref.partition("/")[0] in u.towns for ref in u.topics) and len(u.topics) > 1
        if elsewhere and u.towns and not (u.shape or measured_kind or facts or u.terms):  # "Ujitawara's museum?": others' only
            outcome = self.lookup.unknown([], u.towns[:3], lang, question=u.text)
            return compose(outcome.blocks, "unknown", lang, state, u.towns[:3], outcome.actions)
        own_items = any(ref.partition("/")[0] in u.towns for ref in u.topics) and not (len(u.towns) > 1 and _WHICH_OF.search(u.text))
        if u.towns and not (own_items or u.shape) and _EXCHANGE.search(u.text) and set(facts) <= {"wish", "partner"} and intent not in ("enquire", "contact", "posting"):
            wanted = facts if facts and _COUNTRY.search(u.text) else list(dict.fromkeys(["partner", *facts]))  # what, then where
            return self._facts(wanted, u.towns, lang, state, u.text)  # "What age group would Nagi's exchange involve?"
        looked = self.evidence.reply(u, towns, lang, state)
        if looked:
            return looked
        dated = "date_modified" in facts and facts[-1] in ("population", "area") and len(facts) == 2 and bool(_AS_OF.search(u.text))
        if u.towns and facts and (dated or (facts[0] in ("population", "area") and u.shape in ("when", "date"))):  # "as of what date?"
            facts = facts[-1:] if dated else facts
            return self.evidence.fact_date(self._facts(facts[:1], towns, lang, state, u.text), facts[0], towns, lang, state)
        if u.towns and u.prefectures and _IS_IN.search(u.text) and not (facts or u.terms or u.topics or u.shape):  # "Is Ujitawara in Kyoto?"
            facts = ["location"]
        if u.towns and not facts and u.shape == "where" and not (u.topics or u.terms):
            facts = ["location"]  # 井原市って岡山県のどのあたり？: where the town is, not its whole profile
        if u.towns and facts and "highlights" in u.intents:  # "Ibara: population, area, and what it's famous for?"
            said = self._facts(facts, towns, lang, state, u.text)
            return replace(said, blocks=(*said.blocks, *(b for t in u.towns[:MAX_LISTED] for b in self.say.highlights(self.kb.towns[t], lang))))
        if u.towns:
            return self._facts(facts, towns, lang, state, u.text) if facts else self._about_towns(u, lang, state)
        # "Ibaraki City in Osaka": the city is asked about, not the prefecture (whose namesake city is no other place)
        own = [p for p in u.places if p.split()[0].lower() not in u.prefectures]
        if own and u.prefectures:
            return self._not_listed(own[0], lang, state)
        if u.prefectures:
            return self._prefecture(u, towns, lang, state)
        if u.places:
            return self._not_listed(u.places[0], lang, state)
        if u.topics:  # the item named better than any other ("the Denchu museum"), else every item named
            return self._topics([u.lead or u.topics[0]], lang, state) if u.lead or len(u.topics) == 1 else self._briefs(u.topics, lang, state)
        themed = self.items.of_themes(u.themes) if not (u.unknown or measured_kind) else []
        if themed:  # one item whole; several by their first sentences, each with its button
            return self._topics(themed, lang, state) if len(themed) == 1 else self._briefs(themed, lang, state)
        every = intent in (None, "list_towns") and bool(_EVERY.search(u.text))  # "…of all three towns", 各自治体の: a scope
        if facts and not u.unknown and (intent is None or u.intents[facts[0]] >= u.intents[intent] or (intent == "list_towns" and (facts[0] in _MEASURED or every))):  # 各自治体の更新時期
            return self._facts(facts, list(state.towns) or list(self.kb.towns), lang, state, u.text)
        if ("highlights" in u.intents or (every and "town" in u.intents)) and not u.unknown and (intent is None or every):  # "the highlights of each town"
            targets = list(state.towns) or list(self.kb.towns)
            return self._highlights(targets[:MAX_LISTED], lang, state)
        if intent and (not u.unknown or intent in UNFAZED or u.intents[intent] >= STRONG):
            return self._posting(u, lang, state) if intent == "posting" else self.act(intent, lang, state)
        if "town" in u.intents and state.towns and not u.unknown:
            return self.act(f"town:{state.towns[0]}", lang, state)
        return self._fallback(lang, state, u.suggestions)

    def _posting(self, u: Understanding, lang: str, state: State) -> Reply:
        """How to be listed; asked what it costs ("Is there a fee to be listed?"), first that the page gives no fee."""
        posting = self.act("posting", lang, state)
        if u.shape != "cost":
            return posting
        return replace(prepend(posting, self.lookup.unknown_shape("cost", [], lang).blocks[:1]), intent="unknown")

    def _email(self, towns: list[str], lang: str, state: State) -> Reply:
        """A town's e-mail address, which the page does not give: enquiries go through CLAIR (its phone and fax, and
        the e-mail an operator set); the "Ask CLAIR staff" button (``handoff.offer``) offers an enquiry, none is begun.
        Without an operator's e-mail, ``_answer`` says the page gives none, for the town or CLAIR."""
        towns = towns[:MAX_LISTED]
        blocks = self.say.enquire(towns, lang)
        if self.say.email_address:
            blocks = [*self.say.town_email(towns, lang), *blocks]
        return self._reply(blocks, "unknown", lang, state, towns, self.say.actions(lang, towns, contact=False))

    def _also_contact(self, text: str) -> bool:
        """A question that also asks for CLAIR's phone or fax number."""
        return bool(_PHONE.search(text))

    def _prefecture(self, u: Understanding, towns: list[str], lang: str, state: State) -> Reply:
        """Towns in a prefecture; a prefecture with none listed is answered like any other place not listed."""
        facts = [f for f in u.facts if f not in ("location", "wish")]
        if towns and facts:
            return self._facts(facts, towns, lang, state)
        blocks, matched = self.say.prefecture(u.prefectures[0], lang)
        intent = "prefecture" if matched or "list_towns" in u.intents else "fallback"
        return self._reply(blocks, intent, lang, state, matched, self.say.actions(lang, matched or list(self.kb.towns)))

    def _about_towns(self, u: Understanding, lang: str, state: State) -> Reply:
        own = [ref for ref in u.topics if ref.split("/")[0] in u.towns]
        if own:
            return self._topics(own, lang, state)
        asking = u.strongest(("enquire", "contact"))
        if asking and u.intents[asking] > max(u.intents.get("town", 0), u.intents.get("highlights", 0)):
            return self.act(f"enquire:{u.towns[0]}", lang, state)
        if "highlights" in u.intents:
            return self._highlights(u.towns, lang, state)
        blocks = [block for t in u.towns for block in self.say.profile(self.kb.towns[t], lang)]
        return self._reply(blocks, "town", lang, state, u.towns, self._town_actions(u.towns, lang))

    def _towns_in(self, prefecture: str) -> list[str]:
        return [t.id for t in self.kb.towns.values() if t.prefecture == prefecture]

    def _reply(
        self, blocks: list[Block], intent: str, lang: str, state: State, towns: list[str], actions: tuple[Action, ...] = ()
    ) -> Reply:
        return compose(blocks, intent, lang, state, towns, actions)

    # --- commands and buttons -------------------------------------------------------------------------------

    def act(
        self, command: str, lang: str | None = None, state: State | None = None, now: dt.datetime | None = None
    ) -> Reply:
        """Perform a command from a button or a channel command: ``verb`` or ``verb:argument``."""
        state = state or State()
        lang = lang if lang in i18n.LANGUAGES else state.lang or "en"
        verb, _, arg = command.partition(":")
        if state.replying and verb != desk.REPLY:  # another button after "Reply": the next message is a question again
            state = state.evolve(replying=None)
        towns = list(self.kb.towns)
        if verb in ("start", "greeting"):  # the welcome once, at /start; a "hello" later gets a hello and examples
            blocks = self.say.greeting(lang) if verb == "start" else self.say.hello(lang)
            return self._reply(blocks, "greeting", lang, state, [], self.say.actions(lang, menu=True))
        if verb == "help":
            return self._reply(self.say.help(lang), "help", lang, state, [], self.say.actions(lang, menu=True))
        if verb == "thanks":
            return self._reply(self.say.thanks(lang), "thanks", lang, state, [], self.say.actions(lang, menu=True))
        if verb in ("towns", "list_towns"):
            towns = towns[:MAX_LISTED]
            return self._reply(self.say.town_list(lang), "list_towns", lang, state, towns, self.say.actions(lang, towns))
        if verb == "contact":
            return self._reply(self.say.contact_blocks(lang), "contact", lang, state, [], self.say.actions(lang, contact=False, menu=True))
        if verb == "status":
            return self._reply(self.say.status_help(lang), "status", lang, state, [], self.say.actions(lang, menu=True))
        if verb == "posting":
            actions = (handoff.profile_button(lang), *self.say.actions(lang, contact=False, menu=True))
            return self._reply(self.say.posting(lang), "posting", lang, state, [], actions)
        if verb == handoff.PROFILE:
            return self.intake.act(arg, state, lang, now)
        if verb == handoff.ASK_STAFF:
            return self._handoff(lang, state, now or _now())
        if verb == "cancel" and state.profile:
            return self.intake.cancel(state.profile.lang, state)
        if verb == desk.REPLY and REFERENCE.match(arg):  # the "Reply" button under a relayed answer
            prompt = [Block(lines=(desk.reply_prompt(normalise_ref(arg), lang),))]
            return self._reply(prompt, "reply", lang, state.evolve(replying=normalise_ref(arg), dialogue=None, profile=None), [])
        if verb == "enquire":
            towns = ([arg] if arg in self.kb.towns else self.understand(arg).towns) if arg else list(state.towns)
            return self.enquiry.start(towns, lang, state, now or _now())
        if verb == "enquiry":
            return self.enquiry.button(arg, lang, state)
        if verb in ("lang", "lang_en", "lang_ja"):
            target = arg or verb.removeprefix("lang_")
            if target in i18n.LANGUAGES:
                return self._reply(self.say.language_set(target), "language", target, state.evolve(lang=target), [], self.say.actions(target, menu=True))
        if verb == "language":
            choices = (Action("English", "lang:en"), Action("日本語", "lang:ja"))
            return self._reply(self.say.language_choice(lang), "language", lang, state, [], choices)
        if verb == "cancel":
            return self.enquiry.cancel(lang, state)
        if verb == "town" and arg in self.kb.towns:
            return self._reply(self.say.profile(self.kb.towns[arg], lang), "town", lang, state, [arg], self._town_actions([arg], lang))
        if verb == "ranking":  # the "Full ranking" button under a superlative: "ranking:population:most[:okayama|:a.b]"
            fact, _, rest = arg.partition(":")
            order, _, within = rest.partition(":")
            scope = self._towns_in(within) or [t for t in within.split(".") if t in self.kb.towns] or towns
            if fact in ("population", "area", "date_modified") and order in ("most", "least"):
                blocks, ranked = self.compared.ranking(fact, order == "most", scope, lang)
                return self._reply(blocks, fact, lang, state, ranked, self.say.actions(lang, ranked))
        if verb == "highlights" and arg in self.kb.towns:
            return self._highlights([arg], lang, state)
        if verb == "topic" and self._known_item(arg):
            return self._topics([arg], lang, state)
        return self._fallback(lang, state, [])

    def _handoff(self, lang: str, state: State, now: dt.datetime) -> Reply:
        """Start an enquiry carrying the question the bot could not answer, asking only what is missing."""
        quoted = [handoff.quoted(state.unanswered)] if state.unanswered else []
        reply = self.enquiry.resume(handoff.dialogue(state, now, lang), lang, state.evolve(profile=None))
        return prepend(reply, [handoff.intro(lang, state.unanswered), *quoted])

    # --- the enquiry, once stored ---------------------------------------------------------------------------

    def submitted(self, ref: str, lang: str, state: State | None = None) -> Reply:
        """What the official sees once the channel has stored their enquiry under ``ref``."""
        return self.enquiry.submitted(ref, lang, state or State())

    def enquiry_status(self, ref: str, status: str | None, created: dt.datetime | None, lang: str) -> Reply:
        """``/status REF``: where an official's enquiry stands (``status`` None: not found for this chat)."""
        return self.enquiry.status(ref, status, created, lang)

    def staff_card(self, ref: str, fields: dict, lang: str) -> Reply:
        """The enquiry as the division's staff see it, in English."""
        return self.enquiry.staff_card(ref, fields, lang)

    def staff_answer(self, ref: str, text: str, lang: str) -> Reply:
        """A staff answer relayed to the official, in the official's language."""
        return self.enquiry.staff_answer(ref, text, lang)

    def _known_item(self, ref: str) -> bool:
        town_id, _, item_id = ref.partition("/")
        town = self.kb.towns.get(town_id)
        return town is not None and any(item.id == item_id for item in town.pr_items)

