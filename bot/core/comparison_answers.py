"""Compose matchmaking fits, comparisons, rankings, superlatives, limits and totals over towns."""

from __future__ import annotations

from bot import regions
from bot.core import i18n
from bot.core.answers import MAX_LISTED, Answers
from bot.core.matchmaking import Fit, Reason
from bot.core.reply import Block
from bot.knowledge.models import Town


class ComparisonAnswers:
    """Says how towns fit, compare and rank; names and facts come from ``Answers``."""

    def __init__(self, say: Answers):
        self.say = say
        self.kb = say.kb
        self.countries = say.countries

    def theme_name(self, theme: str, lang: str) -> str:
        """A theme's first word in the language: "denim" / "デニム"."""
        words = self.kb.themes.themes[theme]
        return next(iter(words.ja if lang == "ja" else words.en), theme)

    def match(self, fits: list[Fit], lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        blocks = [Block(lines=(_("Towns that fit the city you describe, best first:"),))]
        for n, fit in enumerate(fits, 1):
            town = self.kb.towns[fit.town]
            asked = [r.subject for r in fit.reasons if r.kind == "asked_theme"]
            lines = [f"• {self.reason(town, r, lang)}" for r in fit.reasons if r.kind != "asked_theme"]
            if asked:
                themes = ", ".join(self.theme_name(t, lang) for t in asked)
                lines.insert(1 if lines else 0, "• " + _("asks for a partner with {theme}: “{partner}”").format(theme=themes, partner=self.say.partner(town, lang)))
            blocks.append(Block(title=f"{n}. {self.say.town_heading(town, lang)}", lines=tuple(lines)))
        return blocks

    def wished(self, towns: list[Town], themes: list[str], lang: str) -> list[Block]:
        """Each town that asks for a partner with one of ``themes``, in its own words."""
        _ = i18n.translator(lang)
        blocks = []
        for town in towns:
            asked = ", ".join(self.theme_name(t, lang) for t in themes if t in town.partner_themes)
            line = _("asks for a partner with {theme}: “{partner}”").format(theme=asked, partner=self.say.partner(town, lang))
            blocks.append(Block(title=self.say.town_heading(town, lang), lines=(line,)))
        return blocks

    def reason(self, town: Town, reason: Reason, lang: str) -> str:
        _ = i18n.translator(lang)
        if reason.kind.startswith("country"):
            country = self.countries.in_prose(reason.subject, lang)
            if reason.kind == "country_not_wanted":
                return _("its wish ({wish}) does not include {country}").format(wish=self.say.wish_text(town, lang), country=country)
            return self.say.country_reason(town, reason.subject, lang) or country
        theme = self.theme_name(reason.subject, lang)
        item = next(i for i in town.pr_items if i.id == reason.detail)
        return _("shares your {theme}: {item}").format(theme=theme, item=item.title(lang))

    def no_match(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("No listed town matches what you describe."),)), *self.say.town_list(lang), *self.say.contact_blocks(lang)]

    def compare(self, town_ids: list[str], lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        blocks = []
        for town in (self.kb.towns[t] for t in town_ids):
            lines = (
                _("Population: {value}").format(value=self.say.population(town, lang)),
                _("Area: {value}").format(value=self.say.area(town, lang)),
                _("Desired country or region: {value}").format(value=self.say.wish_text(town, lang)),
                _("Desired partner: {value}").format(value=self.say.partner(town, lang)),
                _("Highlights: {value}").format(value=", ".join(i.title(lang) for i in town.pr_items[:3]) or _("none listed")),
            )
            blocks.append(Block(title=self.say.town_heading(town, lang), lines=lines))
        return blocks

    def ranking(self, fact: str, largest: bool, town_ids: list[str], lang: str) -> tuple[list[Block], list[str]]:
        _ = i18n.translator(lang)
        titles = {
            ("population", True): _("Largest population"),
            ("population", False): _("Smallest population"),
            ("area", True): _("Largest area"),
            ("area", False): _("Smallest area"),
            ("date_modified", True): _("Most recently updated"),
            ("date_modified", False): _("Least recently updated"),
        }
        ordered = sorted(town_ids, key=lambda t: self._measure(fact, t), reverse=largest)[:MAX_LISTED]
        lines = tuple(f"{n}. {self.say.town_name(t, lang)}{i18n.colon(lang)}{self.say.fact(fact, self.kb.towns[t], lang)}" for n, t in enumerate(ordered, 1))
        blocks = [Block(title=titles[fact, largest], lines=lines)]
        if len(ordered) == 2 and fact != "date_modified":
            blocks.insert(0, self.verdict(fact, ordered, lang))
        return blocks, ordered

    def forest(self, largest: bool, town_ids: list[str], lang: str, share: bool = False) -> tuple[list[Block], list[str]]:
        """The most or least forest (``share``: as a share of the area): of the towns the page gives a forest area
        or share for, with those it gives none for."""
        _ = i18n.translator(lang)
        def measure(t: str) -> float | None:
            area = self.kb.towns[t].area
            return area.forest_share if share else area.forest_extent

        given = sorted((t for t in town_ids if measure(t) is not None), key=lambda t: measure(t) or 0, reverse=largest)
        names = (_("、") if lang == "ja" else ", ").join(self.say.town_name(t, lang) for t in town_ids if t not in given)
        lines: list[str] = []
        if len(given) == 1:
            lines.append(_("CLAIR's page gives a forest area only for {town}: {value}.").format(town=self.say.town_name(given[0], lang), value=self.say.area(self.kb.towns[given[0]], lang)))
        elif given:
            lines += [f"{n}. {self.say.town_name(t, lang)}{i18n.colon(lang)}{self.say.area(self.kb.towns[t], lang)}" for n, t in enumerate(given[:MAX_LISTED], 1)]
        if names:
            lines.append(_("It gives none for {towns}.").format(towns=names))
        return [Block(lines=tuple(lines))], given

    def superlative(self, fact: str, largest: bool, town_ids: list[str], lang: str, prefecture: str | None = None) -> tuple[Block, str]:
        """The town that has the most or least of a fact, said as one sentence with its figure ("Ibara City has the
        largest population of the listed towns: 39,019 people (as of June 2021)."), and that town; ``prefecture``: the
        scope is that prefecture's towns."""
        _ = i18n.translator(lang)
        ordered = sorted(town_ids, key=lambda t: self._measure(fact, t), reverse=largest)
        winner = ordered[0]
        if set(town_ids) >= set(self.kb.towns):
            scope = _("the listed towns")
        elif prefecture:
            scope = _("the listed towns in {prefecture}").format(prefecture=self.say.prefecture_name(prefecture, lang))
        else:
            scope = _("the towns asked about")
        sentences = {
            ("population", True): _("{town} has the largest population of {scope}: {value}."),
            ("population", False): _("{town} has the smallest population of {scope}: {value}."),
            ("area", True): _("{town} is the largest by area of {scope}: {value}."),
            ("area", False): _("{town} is the smallest by area of {scope}: {value}."),
            ("date_modified", True): _("{town} was updated most recently of {scope}: {value}."),
            ("date_modified", False): _("{town} was updated least recently of {scope}: {value}."),
        }
        value = self.say.fact(fact, self.kb.towns[winner], lang)
        text = sentences[fact, largest].format(town=self.say.town_name(winner, lang), value=value, scope=scope)
        rest = [_("{town} ({value})").format(town=self.say.town_name(t, lang), value=self._short(fact, t, lang)) for t in ordered[1:4]]
        if not rest:
            return Block(lines=(text,)), winner
        then = _("Then {towns}.").format(towns=("、" if lang == "ja" else ", ").join(rest))
        return Block(lines=(text, then)), winner

    def _short(self, fact: str, town_id: str, lang: str) -> str:
        """A figure alone, for a second line: "9,270", "58.16 km²", "December 2019"."""
        _ = i18n.translator(lang)
        town = self.kb.towns[town_id]
        if fact == "population":
            return _("{number} people").format(number=i18n.number(town.population.value, lang))
        if fact == "area":
            return _("{number} km²").format(number=i18n.number(town.area.km2, lang))
        return i18n.month(town.date_modified.value, lang)

    def verdict(self, fact: str, town_ids: list[str], lang: str) -> Block:
        """Which of two towns has more: by how much, and how many times."""
        _ = i18n.translator(lang)
        big, small = sorted(town_ids, key=lambda t: self._measure(fact, t), reverse=True)
        a, b = self._measure(fact, big), self._measure(fact, small)
        values = {
            "first": self.say.town_name(big, lang), "second": self.say.town_name(small, lang),
            "difference": i18n.number(round(a - b, 2), lang), "ratio": i18n.number(round(a / b, 1), lang),
        }
        if fact == "population":
            text = _("{first} has more people than {second}: {difference} more, about {ratio} times as many.")
        else:
            text = _("{first} is larger than {second}: {difference} km² more, about {ratio} times the area.")
        return Block(lines=(text.format(**values),))

    def filtered(self, fact: str, above: bool, limit: float, town_ids: list[str], lang: str) -> tuple[list[Block], list[str]]:
        _ = i18n.translator(lang)
        number = i18n.number(limit, lang)
        titles = {
            ("population", True): _("Listed towns with more than {number} people"),
            ("population", False): _("Listed towns with fewer than {number} people"),
            ("area", True): _("Listed towns larger than {number} km²"),
            ("area", False): _("Listed towns smaller than {number} km²"),
        }
        matched = [t for t in town_ids if (self._measure(fact, t) > limit) == above and self._measure(fact, t) != limit]
        lines = [f"• {self.say.town_name(t, lang)}{i18n.colon(lang)}{self.say.fact(fact, self.kb.towns[t], lang)}" for t in matched[:MAX_LISTED]]
        lines = lines + self.say.more(len(matched), lang) if lines else [_("None of the listed towns.")]
        return [Block(title=titles[fact, above].format(number=number), lines=tuple(lines))], matched[:MAX_LISTED]

    def _measure(self, fact: str, town_id: str) -> float:
        town = self.kb.towns[town_id]
        if fact == "date_modified":
            return town.date_modified.value.toordinal()
        return town.population.value if fact == "population" else town.area.km2

    def total(self, fact: str, town_ids: list[str], lang: str) -> list[Block]:
        """The sum of a measure over towns ("the combined population of the three towns")."""
        _ = i18n.translator(lang)
        value = sum(self._measure(fact, t) for t in town_ids)
        shown = _("{number} people").format(number=i18n.number(value, lang)) if fact == "population" else _("{number} km²").format(number=i18n.number(round(value, 2), lang))
        title = _("Together, the {count} towns: {value}").format(count=i18n.number(len(town_ids), lang), value=shown)
        lines = tuple(f"• {self.say.town_name(t, lang)}{i18n.colon(lang)}{self.say.fact(fact, self.kb.towns[t], lang)}" for t in town_ids[:MAX_LISTED])
        return [Block(title=title, lines=lines + tuple(self.say.more(len(town_ids), lang)))]

    def region(self, code: str, reasons: dict[str, str], towns: list[str], lang: str) -> list[Block]:
        """The towns open to a partner in a region, each with its reason; or none, with what each looks for."""
        _ = i18n.translator(lang)
        name = regions.name(code, lang)
        if reasons:
            lines = [f"• {self.say.town_name(t, lang)}{i18n.colon(lang)}{r}" for t, r in list(reasons.items())[:MAX_LISTED]]
            return [Block(title=_("Towns open to a partner in {region}").format(region=name), lines=tuple(lines + self.say.more(len(reasons), lang)))]
        lines = [f"• {self.say.town_name(t, lang)}{i18n.colon(lang)}{self.say.wish_text(self.kb.towns[t], lang)}" for t in towns[:MAX_LISTED]]
        text = _("None of these local governments names {region} or a country in it.").format(region=name)
        return [Block(lines=(text,)), Block(title=_("What they are looking for"), lines=tuple(lines + self.say.more(len(towns), lang)))]
