"""PR items by kind: the items carrying a theme ("starry skies": the items tagged stars), and a town's items of a
category asked for ("what food is there in Nagi?", themes.yaml ``categories``)."""

from __future__ import annotations

from bot.knowledge.models import Knowledge


class Items:
    """The knowledge's PR items by theme, as ``town/item`` references."""

    def __init__(self, knowledge: Knowledge):
        self.kb = knowledge
        self.by_theme: dict[str, list[str]] = {}
        for town in knowledge.towns.values():
            for item in town.pr_items:
                for theme in item.themes:
                    self.by_theme.setdefault(theme, []).append(f"{town.id}/{item.id}")

    def of_categories(self, categories: tuple[str, ...], towns: list[str]) -> list[str]:
        """The towns' items that carry a theme of the categories asked for."""
        themes = {t for c in categories for t in self.kb.themes.categories[c].themes}
        if not themes:  # most questions name no category: no need to look at every item of every town
            return []
        holding = {ref.partition("/")[0] for theme in themes for ref in self.by_theme.get(theme, ())}
        return [f"{t}/{item.id}" for t in towns if t in holding for item in self.kb.towns[t].pr_items if themes & set(item.themes)]

    def of_themes(self, themes: list[str]) -> list[str]:
        """The items tagged with a theme the message names."""
        return list(dict.fromkeys(ref for theme in themes for ref in self.by_theme.get(theme, ())))
