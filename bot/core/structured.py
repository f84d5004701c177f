"""Replies built from the knowledge's structure: facts of towns, PR items, highlights, language groups, a place
not listed and the fallback, each with its buttons."""

from __future__ import annotations

import re

from bot.core import i18n
from bot.core.answers import FOREST, MAX_LISTED, MAX_TOPIC_ITEMS, Answers
from bot.core.reply import Action, Reply, State, compose
from bot.knowledge import Knowledge

_SHARE = re.compile(r"percent|share|proportion|fraction|割|パーセント|%|％", re.IGNORECASE)


class Structured:
    """The replies of the towns' facts, items and highlights, and the fallback."""

    def __init__(self, knowledge: Knowledge, say: Answers):
        self.kb = knowledge
        self.say = say

    def facts(self, facts: list[str], towns: list[str], lang: str, state: State, text: str = "") -> Reply:
        """Facts of towns; ``text``, the question, may ask for the forest the area holds."""
        if facts == ["wish"] and towns and not any(self.kb.towns[t].wishes for t in towns):  # the page leaves it empty
            blocks = [*self.say.no_wish(towns[:MAX_LISTED], lang), *self.say.contact_blocks(lang)]
            return compose(blocks, "unknown", lang, state, towns[:MAX_LISTED], self.say.actions(lang, towns[:MAX_LISTED]))
        blocks = self.say.facts(facts, towns, lang, forest=bool(FOREST.search(text)), share=bool(_SHARE.search(text)))
        towns = towns[:MAX_LISTED]
        return compose(blocks, facts[0], lang, state, towns, self.say.actions(lang, towns))

    def language(self, code: str, towns: list[str], lang: str, state: State, outside: bool = False) -> Reply:
        """The towns open to a partner where a language is official: asked for by name ("English-speaking country"),
        or through the countries they name (Australia: English is official there); ``outside``: those open to others."""
        blocks, matched = (self.say.outside_group if outside else self.say.language_group)(code, towns, lang)
        if not matched:
            blocks += self.say.contact_blocks(lang)
        return compose(blocks, "wish", lang, state, matched, self.say.actions(lang, matched or towns))

    def topics(self, refs: list[str], lang: str, state: State) -> Reply:
        towns = list(dict.fromkeys(ref.split("/")[0] for ref in refs[:MAX_TOPIC_ITEMS]))
        return compose(self.say.topics(refs, lang), "topic", lang, state, towns, self.say.actions(lang, towns))

    def briefs(self, refs: list[str], lang: str, state: State) -> Reply:
        towns = list(dict.fromkeys(ref.split("/")[0] for ref in refs[:MAX_TOPIC_ITEMS]))
        items = (Action(self.say.item(ref)[1].title(lang), f"topic:{ref}") for ref in refs[:3])
        return compose(self.say.briefs(refs, lang), "topic", lang, state, towns, (*items, *self.say.actions(lang, towns)))

    def highlights(self, towns: list[str], lang: str, state: State) -> Reply:
        blocks = [b for t in towns for b in self.say.highlights(self.kb.towns[t], lang)]
        actions = tuple(
            Action(item.title(lang), f"topic:{t}/{item.id}") for t in towns[:1] for item in self.kb.towns[t].pr_items[:4]
        )
        return compose(blocks, "topic", lang, state, towns, actions + self.say.actions(lang, towns[1:3]))

    def not_listed(self, place: str, lang: str, state: State) -> Reply:
        name = next(p.name(lang) for p in self.kb.gazetteer.places if p.name.en == place)
        towns = list(self.kb.towns)
        return compose(self.say.not_listed(name, lang), "fallback", lang, state, [], self.say.actions(lang, towns))

    def fallback(self, lang: str, state: State, suggestions: list[str], near: tuple[str, ...] = ()) -> Reply:
        names = [self.say.town_name(t, lang) for t in suggestions]
        if near and names:
            blocks = self.say.near_name(near[0], names, lang)
            actions = tuple(Action(_name, f"town:{t}") for t, _name in zip(suggestions, names, strict=True))
            return compose(blocks, "fallback", lang, state, [], actions + self.say.actions(lang, menu=True))
        _ = i18n.translator(lang)
        actions = tuple(Action(_("{town}?").format(town=n), f"town:{t}") for t, n in zip(suggestions, names, strict=True))
        actions += self.say.actions(lang, menu=True)
        return compose(self.say.fallback(lang, names), "fallback", lang, state, [], actions)

    def town_actions(self, towns: list[str], lang: str) -> tuple[Action, ...]:
        _ = i18n.translator(lang)
        first = towns[0]
        return (
            Action(_("What {town} is proud of").format(town=self.say.town_name(first, lang)), f"highlights:{first}"),
            Action(_("Send an enquiry"), f"enquire:{first}"),
            Action(_("All towns"), "towns"),
        )
