"""PR items by kind: the items carrying a theme ("starry skies": the items tagged stars), and a town's items of a
category asked for ("what food is there in Nagi?", themes.yaml ``categories``)."""

from __future__ import annotations

from bot.knowledge.models import Knowledge


class Items:
    """The knowledge's PR items by theme, as ``town/item`` references."""

    def __init__(self, knowledge: Knowledge):
        self.kb = knowledge
        self.by_theme: dict[str, list[str]] = {}
        self._tagged: dict[str, list[tuple[str, list[str]]]] = {}  # town -> its tagged items: reference, themes
        self._order: dict[str, int] = {}  # a tagged item's place in the knowledge base
        self._towns = list(knowledge.towns)
        for town in knowledge.towns.values():
            tagged = self._tagged[town.id] = []
            for item in town.pr_items:
                ref = f"{town.id}/{item.id}"
                if item.themes:
                    tagged.append((ref, item.themes))
                    self._order[ref] = len(self._order)
                for theme in item.themes:
                    self.by_theme.setdefault(theme, []).append(ref)

    def of_categories(self, categories: tuple[str, ...], towns: list[str]) -> list[str]:
        """The towns' items that carry a theme of the categories asked for."""
        themes = {t for c in categories for t in self.kb.themes.categories[c].themes}
        if not themes:  # most questions name no category: no need to look at every item of every town
            return []
        refs = {ref for theme in themes for ref in self.by_theme.get(theme, ())}
        if towns == self._towns:  # every town, in the knowledge base's order: its items in that order
            return sorted(refs, key=self._order.__getitem__)
        holding = {ref.partition("/")[0] for ref in refs}
        return [ref for t in towns if t in holding for ref, tagged in self._tagged[t] if not themes.isdisjoint(tagged)]

    def of_themes(self, themes: list[str]) -> list[str]:
        """The items tagged with a theme the message names."""
        return list(dict.fromkeys(ref for theme in themes for ref in self.by_theme.get(theme, ())))
