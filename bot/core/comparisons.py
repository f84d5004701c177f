"""Answers over several towns: matchmaking, side-by-side comparisons, superlatives, limits and totals, and the
towns that would welcome a partner in a country."""

from __future__ import annotations

import re
from dataclasses import replace

from bot import regions
from bot.core import i18n
from bot.core.answers import FOREST, MAX_LISTED, Answers
from bot.core.comparison_answers import ComparisonAnswers
from bot.core.countries import Countries, official_languages
from bot.core.index import Index
from bot.core.matchmaking import Profiles, rank
from bot.core.reply import Action, Block, Reply, State, compose
from bot.core.understanding import Understanding, number
from bot.core.wishes import welcomed
from bot.knowledge import Knowledge
from bot.knowledge.models import Town
from bot.text import normalize

MAX_COUNTRIES = 3
MAX_COMPARED = 5
# Superlatives of another measure than size: with no fact named, they are not about population.
_NOT_SIZE = re.compile(
    r"\b(?:old|older|oldest|new|newer|newest|high|higher|highest|low|lower|lowest|tall|taller|tallest|long|longest"
    r"|far|farthest|furthest|near|nearest|close|closest|young|youngest)\b|古|新し|高い|低い|長い|遠い|近い",
    re.IGNORECASE,
)
_SHARE = re.compile(r"percent|share|proportion|fraction|割|パーセント|%|％", re.IGNORECASE)
_PAGE = re.compile(r"\b(?:information|info|page|data|entry|entries|listing)\b|情報|ページ|データ|掲載", re.IGNORECASE)


# Whether towns share a prefecture: "Are Ibara and Nagi in the same prefecture?", 同じ県ですか.
SAME_PREFECTURE = re.compile(r"\bsame (?:prefecture|region|province|area)\b|同じ(?:県|府|都道府県|地域)", re.IGNORECASE)


class Comparisons:
    """Answers that weigh towns against each other or against a country; ``welcome`` and ``profiles`` are built once."""

    def __init__(self, knowledge: Knowledge, countries: Countries, cities: dict[str, list[str]], say: Answers, index: Index):
        self.kb = knowledge
        self.countries = countries
        self.cities = cities
        self.say = say
        self.compared = ComparisonAnswers(say)
        self.index = index
        self.welcome = self._welcome()
        self.profiles = Profiles.build(knowledge)

    def _welcome(self) -> dict[str, set[str]]:
        """For each country, the towns whose wish includes it: named, or through an official language (CLDR)."""
        speakers: dict[str, set[str]] = {}
        for code in self.countries.names["en"]:
            for language in official_languages(code):
                speakers.setdefault(language, set()).add(code)
        welcome: dict[str, set[str]] = {}
        for town in self.kb.towns.values():
            for code in welcomed(town, self.countries.names["en"], speakers):
                welcome.setdefault(code, set()).add(town.id)
        return welcome

    def same_prefecture(self, towns: list[str], lang: str, state: State) -> Reply:
        """Which of the towns share a prefecture: the verdict, then each prefecture with its towns."""
        _ = i18n.translator(lang)
        sep = _("、") if lang == "ja" else ", "
        by: dict[str, list[str]] = {}
        for town in towns:
            by.setdefault(self.kb.towns[town].prefecture, []).append(self.say.town_name(town, lang))
        shared = [p for p, names in by.items() if len(names) > 1]
        if shared:
            verdict = _("In the same prefecture: {towns} ({prefecture}).").format(
                towns=sep.join(by[shared[0]]), prefecture=self.say.prefecture_name(shared[0], lang)
            )
        else:
            verdict = _("No two of them are in the same prefecture.")
        lines = tuple(f"{self.say.prefecture_name(p, lang)}{i18n.colon(lang)}{sep.join(names)}" for p, names in by.items())
        return compose([Block(lines=(verdict,)), Block(title=_("Prefecture"), lines=lines)], "location", lang, state, towns, self.say.actions(lang, towns))

    def match(self, u: Understanding, lang: str, state: State) -> Reply:
        fits = rank(self.kb, self.profiles, self.welcome, u.countries, u.themes)[:MAX_COMPARED]
        if not fits:
            return compose(self.compared.no_match(lang), "match", lang, state, [], self.say.actions(lang, list(self.kb.towns)))
        towns = [f.town for f in fits]
        ranking = [
            {"town": f.town, "score": f.score, "reasons": [{"kind": r.kind, "subject": r.subject, "detail": r.detail} for r in f.reasons]}
            for f in fits
        ]
        reply = compose(self.compared.match(fits, lang), "match", lang, state, towns, self.say.actions(lang, towns))
        return replace(reply, data={"ranking": ranking})

    def wished(self, themes: list[str], lang: str, state: State) -> Reply | None:
        """"Which towns want a school exchange?": the towns whose desired partner characteristics name a theme asked
        for, with their words; None when no town asks for one (the theme may still be what a town offers)."""
        towns = [t for t in self.kb.towns.values() if set(t.partner_themes) & set(themes)]
        if not towns:
            return None
        ids = [t.id for t in towns]
        return compose(self.compared.wished(towns, themes, lang), "match", lang, state.evolve(towns=tuple(ids)), ids, self.say.actions(lang, ids))

    def not_wished(self, themes: list[str], lang: str, words: tuple[str, ...] = ()) -> list[Block]:
        """"No listed town asks for a partner with tea." before what the towns have of it; ``words``: what was
        asked for in the asker's words, when no theme holds it ("sports")."""
        _ = i18n.translator(lang)
        names = (_("、") if lang == "ja" else ", ").join([self.compared.theme_name(t, lang) for t in themes] + list(words))
        return [Block(lines=(_("No listed town asks for a partner with {theme}.").format(theme=names),))]

    def compare(self, towns: list[str], lang: str, state: State) -> Reply:
        towns = towns[:MAX_COMPARED]
        return compose(self.compared.compare(towns, lang), "compare", lang, state, towns, self.say.actions(lang, towns))

    def measured(self, u: Understanding, towns: list[str], lang: str, state: State) -> Reply | None:
        """Superlatives ("the smallest town") and limits ("fewer than 10,000 people") over population or area."""
        facts = [f for f in u.facts if f != "location"]  # "where"/"どこ" picks the town: 一番人口が少ない町はどこ
        if ("above" in u.intents or "below" in u.intents) and number(u.text) and {"population", "area"} & set(facts):
            facts = [f for f in facts if f in ("population", "area")]  # "we'd prefer a partner with over 20,000 people"
        if "date_modified" in facts and u.strongest(("most", "least")) and len(u.towns) != 1:  # "the most recent page"
            facts = ["date_modified"]
        if len(u.towns) == 1 or any(f not in ("population", "area", "date_modified") for f in facts):
            return None
        if not facts and (any(not t.term.isdigit() for t in u.terms) or u.shape not in (None, "size", "count", "where")):
            return None  # "the highest mountain", "the oldest tree": a question for the evidence
        if not facts and not _PAGE.search(u.text) and _NOT_SIZE.search(u.text):
            return None  # "the oldest town", "the highest town": not a number of people, a question for the evidence
        fact = facts[0] if facts else "date_modified" if _PAGE.search(u.text) else "population"
        scope = towns or list(self.kb.towns)
        if "total" in u.intents and fact in ("population", "area"):
            return compose(self.compared.total(fact, scope, lang), fact, lang, state, scope[:MAX_LISTED], self.say.actions(lang, scope))
        limit = number(u.text) if ("above" in u.intents or "below" in u.intents) and fact != "date_modified" else None
        if limit is not None:
            above = u.intents.get("above", 0) > u.intents.get("below", 0)
            blocks, matched = self.compared.filtered(fact, above, limit, scope, lang)
            return compose(blocks, fact, lang, state, matched, self.say.actions(lang, matched))
        extreme = self._first_said(u.text, ("most", "least")) if {"most", "least"} <= set(u.intents) else u.strongest(("most", "least"))
        if extreme is None and (len(u.towns) > 1 or "rank" in u.intents) and facts:
            extreme = "most"  # "how many more people live in Ibara than in Ujitawara?": the towns named, side by side
        if extreme is None or (u.unknown and not u.facts):
            return None
        extreme_word = u.strongest(("most", "least"))  # "the smallest of Ibara, Nagi and Ujitawara": still a verdict
        named = len(u.towns) == 2 or (len(u.towns) > 2 and extreme_word is None)
        if named or "rank" in u.intents or {"most", "least"} <= set(u.intents):  # two towns named; "rank them by
            # area"; "the largest and the smallest": side by side
            blocks, ranked = self.compared.ranking(fact, extreme == "most", scope, lang)
            return compose(blocks, fact, lang, state, ranked, self.say.actions(lang, ranked))
        if fact == "area" and FOREST.search(u.text):  # "which town has more forest?": the towns that give one
            blocks, given = self.compared.forest(extreme == "most", scope, lang, share=bool(_SHARE.search(u.text)))
            return compose(blocks, fact, lang, state, given[:1], self.say.actions(lang, given[:1]))
        return self.superlative(fact, extreme == "most", scope, lang, state)

    def _first_said(self, text: str, intents: tuple[str, ...]) -> str | None:
        """Of several intents, the one whose phrase comes first ("from largest to smallest")."""
        norm = normalize(text)
        at = {i: min((m.start() for p, _ in self.index.phrases[i] for m in re.finditer(rf"(?<![a-z]){re.escape(p)}", norm)), default=len(norm)) for i in intents}
        return min(intents, key=at.__getitem__)

    def superlative(self, fact: str, largest: bool, scope: list[str], lang: str, state: State) -> Reply:
        """The verdict first: the one town that has the most or least, with its figure; the ranking behind a button."""
        _ = i18n.translator(lang)
        order = "most" if largest else "least"
        # The scope as the button's data allows (letters, digits, "_./:-"): none for all towns, a prefecture whose
        # towns it is, else the town ids ("ranking:population:most:ibara.nagi"); too long, the channel drops it.
        prefectures = {self.kb.towns[t].prefecture for t in scope}
        within = None
        if set(scope) >= set(self.kb.towns):
            towns = ""
        elif len(prefectures) == 1 and set(scope) == {t.id for t in self.kb.towns.values() if t.prefecture in prefectures}:
            within = next(iter(prefectures))
            towns = ":" + within
        else:
            towns = ":" + ".".join(scope)
        block, winner = self.compared.superlative(fact, largest, scope, lang, within)
        ranking = Action(_("Full ranking"), f"ranking:{fact}:{order}{towns}")
        return compose([block], fact, lang, state, [winner], (ranking, *self.say.actions(lang, [winner])))

    def _city(self, code: str, text: str) -> str | None:
        """The city of ``code`` a wish names that the message names too ("We are from Boston")."""
        norm = normalize(text)
        for city in self.cities.get(code, ()):
            key = normalize(city)
            if (f" {key} " in f" {norm} ") if key.isascii() else (key.replace(" ", "") in norm.replace(" ", "")):
                return city
        return None

    def welcoming(self, codes: list[str], towns: list[str], lang: str, state: State, text: str = "") -> Reply:
        blocks: list[Block] = []
        matched: list[str] = []
        for code in codes[:MAX_COUNTRIES]:
            welcoming = [t for t in towns if t in self.welcome.get(code, ())]
            welcoming.sort(key=lambda t: not self.kb.towns[t].wishes)  # towns that state no wish last
            blocks += self.say.country(code, welcoming, towns, lang, self._city(code, text))
            matched += [t for t in welcoming[:MAX_LISTED] if t not in matched]
        if not matched:
            blocks += self.say.contact_blocks(lang)
        return compose(blocks, "country", lang, state, matched, self.say.actions(lang, matched))

    def region(self, code: str, towns: list[str], lang: str, state: State) -> Reply:
        """The towns open to a partner in a continent or sub-region: by naming it (or a region inside or around it),
        a country in it, or a language official in some of its countries (those may qualify)."""
        reasons = {t: reason for t in towns for reason in [self._region_reason(self.kb.towns[t], code, lang)] if reason}
        blocks = self.compared.region(code, reasons, towns, lang)
        matched = list(reasons)[:MAX_LISTED]
        if not matched:
            blocks += self.say.contact_blocks(lang)
        return compose(blocks, "country", lang, state, matched, self.say.actions(lang, matched))

    def _region_reason(self, town: Town, code: str, lang: str) -> str | None:
        _ = i18n.translator(lang)
        inside = regions.members(code)
        if not town.wishes:
            return _("states no country or region: open to any (ask CLAIR)")
        for wish in town.wishes:
            if any(inside & regions.members(r) for r in wish.regions):
                return _("asks for “{wish}”").format(wish=wish.text(lang))
            named = [c for c in (*wish.countries, *(c.country for c in wish.cities)) if c in inside]
            if named:
                return _("names {countries}").format(countries=", ".join(self.countries.in_prose(c, lang) for c in dict.fromkeys(named)))
            for language in wish.official_languages:
                if any(language in official_languages(c) for c in inside):
                    given = [self.countries.name(c, lang) for c in wish.examples if c in inside]  # the town's own examples
                    if given:
                        return _("asks for “{wish}”: countries there where {language} is official may qualify, such as {examples}").format(
                            wish=wish.text(lang), language=self.say.language_name(language, lang), examples=", ".join(given))
                    return _("asks for “{wish}”: countries there where {language} is official may qualify").format(
                        wish=wish.text(lang), language=self.say.language_name(language, lang))
        return None
