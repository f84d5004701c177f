"""Compose the text of each kind of answer from the knowledge base, in English or Japanese."""

from __future__ import annotations

import re
from collections.abc import Sequence

from babel import Locale

from bot import regions
from bot.core import i18n
from bot.core.countries import Countries, official_languages
from bot.core.evidence import sentences
from bot.core.reply import Action, Block
from bot.core.wishes import welcome
from bot.knowledge.models import ArchivedTown, Knowledge, PRItem, Town, Wish
from bot.text import has_japanese

FOREST = re.compile(r"forest|woodland|森林|山林", re.IGNORECASE)  # the forest a town's area holds, asked
FACTS = ("population", "area", "location", "wish", "partner", "date_modified")
MAX_TOPIC_ITEMS = 6
MAX_LISTED = 10  # towns in one answer; a longer list is cut with a count
_SENTENCE = re.compile(r"(?<=[.。])\s*")
# What a town's outline says it is proud of, when it lists no PR items: its products, prizes, symbols, firsts.
_PROUD = re.compile(
    r"famous|known|symbol|best|first|prize|award|product|industr|specialt|renowned|popular|largest"
    r"|有名|知られ|特産|名産|日本一|生産|産業|象徴|シンボル|賞|初めて|唯一|最大",
    re.IGNORECASE,
)
_PROUD_CHARS = 220  # outline sentences quoted, in characters (past the first)


class Answers:
    """Knows how to say each fact; every UI string goes through the catalogue of the reply's language."""

    def __init__(self, knowledge: Knowledge, countries: Countries, contact_email: str | None = None):
        self.kb = knowledge
        self.countries = countries
        self.email = contact_email
        self.prefectures = {p.id: p for p in knowledge.gazetteer.prefectures}

    # --- names ----------------------------------------------------------------------------------------------

    def town_name(self, town_id: str, lang: str) -> str:
        return self.kb.towns[town_id].name(lang)

    def prefecture_name(self, pref_id: str, lang: str) -> str:
        return self.prefectures[pref_id].name(lang)

    def town_heading(self, town: Town, lang: str) -> str:
        _ = i18n.translator(lang)
        return _("{town} ({prefecture})").format(town=town.name(lang), prefecture=self.prefecture_name(town.prefecture, lang))

    def item(self, ref: str) -> tuple[Town, PRItem]:
        town_id, item_id = ref.split("/", 1)
        town = self.kb.towns[town_id]
        return town, next(i for i in town.pr_items if i.id == item_id)

    # --- facts ----------------------------------------------------------------------------------------------

    def population(self, town: Town, lang: str) -> str:
        _ = i18n.translator(lang)
        value = _("{number} people").format(number=i18n.number(town.population.value, lang))
        as_of = town.population.as_of
        if as_of is None:
            return value
        when = i18n.month(as_of.value, lang) if as_of.precision == "month" else i18n.day(as_of.value, lang)
        return _("{value} (as of {date})").format(value=value, date=when)

    def area(self, town: Town, lang: str) -> str:
        _ = i18n.translator(lang)
        area = _("{number} km²").format(number=i18n.number(town.area.km2, lang))
        if town.area.forest_km2 is None:
            if town.area.forest_percent is not None:
                share = f"{i18n.number(town.area.forest_percent, lang)}{'％' if lang == 'ja' else '%'}"  # no % in a msgid: babel
                return _("{area}, {share} of it forest").format(area=area, share=share)  # reads "% o" as a printf format
            return area
        forest = _("{number} km²").format(number=i18n.number(town.area.forest_km2, lang))
        return _("{area}, including {forest} of forest").format(area=area, forest=forest)

    def location(self, town: Town, lang: str) -> str:
        first = _SENTENCE.split(town.outline(lang).strip(), maxsplit=1)[0]
        return f"{self.prefecture_name(town.prefecture, lang)}. {first}" if lang == "en" else f"{self.prefecture_name(town.prefecture, lang)}。{first}"

    def wish(self, town: Town, lang: str) -> str:
        _ = i18n.translator(lang)
        texts = []
        for wish in town.wishes:
            text = wish.text(lang) + self.named_in_japanese(wish, lang)
            rules = [self.language_name(code, lang) for code in wish.official_languages]
            if rules:
                rule = _("(any country where {language} is an official language)").format(language=" / ".join(rules))
                text += rule if lang == "ja" else f" {rule}"
            texts.append(text)
        return " / ".join(texts) or self.wish_text(town, lang)

    def wish_text(self, town: Town, lang: str) -> str:
        """The page's words for what a town wishes, short: for lists."""
        _ = i18n.translator(lang)
        return " / ".join(w.text(lang) + self.named_in_japanese(w, lang) for w in town.wishes) or _("no country or region stated: open to any (ask CLAIR)")

    def named_in_japanese(self, wish: Wish, lang: str) -> str:
        """What a wish the page gives only in English names, in Japanese for a Japanese answer (CLDR's names):
        "Asia, Oceania（アジア、オセアニア）"; "" when the wish has its Japanese text or names nothing."""
        if lang != "ja" or has_japanese(wish.text.ja):
            return ""
        names = [regions.name(r, lang) for r in wish.regions] + [self.countries.name(c, lang) for c in wish.countries]
        names += [city.ja or city.name for city in wish.cities]
        names += [self.countries.name(c, lang) for c in wish.examples if c not in wish.countries]
        return f"（{'、'.join(dict.fromkeys(names))}）" if names else ""

    def no_wish(self, town_ids: list[str], lang: str) -> list[Block]:
        """Towns whose desired country the page leaves empty: it does not say; what they ask of a partner, if anything."""
        _ = i18n.translator(lang)
        blocks = []
        for town in (self.kb.towns[t] for t in town_ids):
            lines = [_("{town} names no country or region: CLAIR's page leaves its desired country or region empty, so it may be open to any country (ask CLAIR).").format(town=town.name(lang))]
            if town.partner:
                lines.append(_("What it asks of a partner: {partner}").format(partner=town.partner(lang)))
            blocks.append(Block(lines=tuple(lines)))
        return blocks

    def partner(self, town: Town, lang: str) -> str:
        _ = i18n.translator(lang)
        return town.partner(lang) if town.partner else _("not stated on CLAIR's page")

    def fact(self, fact: str, town: Town, lang: str) -> str:
        if fact == "partner":
            return self.partner(town, lang)
        if fact == "date_modified":
            return i18n.month(town.date_modified.value, lang)
        return getattr(self, fact)(town, lang)

    def fact_title(self, fact: str, lang: str) -> str:
        _ = i18n.translator(lang)
        titles = {
            "population": _("Population"),
            "area": _("Area"),
            "location": _("Location"),
            "wish": _("Desired country or region"),
            "partner": _("Desired characteristics of the partner"),
            "date_modified": _("Information last modified"),
        }
        return titles[fact]

    def language_name(self, code: str, lang: str) -> str:
        return Locale(lang).languages.get(code, code)

    # --- answers --------------------------------------------------------------------------------------------

    def facts(self, facts: list[str], town_ids: list[str], lang: str, forest: bool = False, share: bool = False) -> list[Block]:
        """Each fact of each town; ``forest``: the question asked for the forest, which the page gives for some
        (``share``: as a share of the area, worked out from the page's two figures)."""
        _ = i18n.translator(lang)
        blocks = []
        for fact in facts:
            lines = [f"{self.town_name(t, lang)}{i18n.colon(lang)}{self.fact(fact, self.kb.towns[t], lang)}" for t in town_ids[:MAX_LISTED]]
            if fact == "area" and forest:
                lines = [self._forest(self.kb.towns[t], line, share, lang) for t, line in zip(town_ids, lines, strict=False)]
            blocks.append(Block(title=self.fact_title(fact, lang), lines=tuple(lines + self.more(len(town_ids), lang))))
        return blocks

    def _forest(self, town: Town, line: str, share: bool, lang: str) -> str:
        _ = i18n.translator(lang)
        forest = town.area.forest_share
        if forest is None:
            return _("{line} (the page gives no forest area)").format(line=line)
        if share and town.area.forest_km2 is not None:
            percent = i18n.number(round(forest), lang)
            return _("{line}; forest covers about {percent}%").format(line=line, percent=percent)
        return line

    def profile(self, town: Town, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        summary = _("Population: {population} · Area: {area}").format(
            population=self.population(town, lang), area=self.area(town, lang)
        )
        blocks = [Block(title=self.town_heading(town, lang), lines=(summary,))]
        blocks += [Block(lines=(p.strip(),)) for p in town.outline(lang).split("\n\n") if p.strip()]
        blocks.append(Block(title=_("Desired country or region"), lines=(self.wish(town, lang),)))
        blocks.append(Block(title=_("Desired characteristics of the partner"), lines=(self.partner(town, lang),)))
        items = tuple(f"• {item.title(lang)}" for item in town.pr_items)
        blocks.append(Block(title=_("Highlights"), lines=items or (self.no_items(town, lang),)))
        blocks.append(self.source(town, lang))
        return blocks

    def source(self, town: Town, lang: str) -> Block:
        _ = i18n.translator(lang)
        when = i18n.month(town.date_modified.value, lang)
        return Block(lines=(_("Source: CLAIR's Sister City Information page, modified {date}.").format(date=when),))

    def highlights(self, town: Town, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        lines = [f"• {item.title(lang)}" for item in town.pr_items]
        lines += [f"• {video(lang)}" for video in town.videos]
        title = _("What {town} is proud of").format(town=town.name(lang))
        if not lines:  # no PR items: said so, and what the outline says the town is proud of (products, prizes)
            said = self.proud(sentences(town.outline(lang), lang))
            lines = [self.no_items(town, lang), *([_("What its outline says:")] if said else []), *said]
        return [Block(title=title, lines=tuple(lines))]

    @staticmethod
    def proud(outline: list[str]) -> list[str]:
        """The outline's sentences that say most of what a town is proud of, in the page's order, as many as fit in
        ``_PROUD_CHARS`` (one at least); the first sentence when none does."""
        ranked = sorted(range(len(outline)), key=lambda n: -len(_PROUD.findall(outline[n])))
        if not ranked or not _PROUD.search(outline[ranked[0]]):
            return outline[:1]
        chosen, size = [ranked[0]], len(outline[ranked[0]])
        for n in ranked[1:]:
            if _PROUD.search(outline[n]) and size + len(outline[n]) <= _PROUD_CHARS:
                chosen.append(n)
                size += len(outline[n])
        return [outline[n] for n in sorted(chosen)]

    def no_items(self, town: Town, lang: str) -> str:
        _ = i18n.translator(lang)
        return _("CLAIR's page lists no PR items for {town}.").format(town=town.name(lang))

    def topics(self, refs: list[str], lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        blocks = []
        for ref in refs[:MAX_TOPIC_ITEMS]:
            town, item = self.item(ref)
            title = _("{item} — {town}").format(item=item.title(lang), town=town.name(lang))
            blocks += [Block(title=title if i == 0 else None, lines=(p.strip(),)) for i, p in enumerate(_paragraphs(item.text(lang)))]
        if len(refs) > MAX_TOPIC_ITEMS:
            blocks.append(Block(lines=(_("…and {count} more.").format(count=len(refs) - MAX_TOPIC_ITEMS),)))
        return blocks

    def briefs(self, refs: list[str], lang: str) -> list[Block]:
        """PR items by title and first sentence: a list of what a town has of a kind."""
        _ = i18n.translator(lang)
        blocks = []
        for ref in refs[:MAX_TOPIC_ITEMS]:
            town, item = self.item(ref)
            first = next(iter(sentences(item.text(lang), lang)), "")
            blocks.append(Block(title=_("{item} — {town}").format(item=item.title(lang), town=town.name(lang)), lines=(first,)))
        return blocks

    def country(self, code: str, welcoming: list[str], others: list[str], lang: str, city: str | None = None) -> list[Block]:
        """The towns (at most ``MAX_LISTED``) that would welcome a partner in ``code``, each with its reason."""
        _ = i18n.translator(lang)
        country = self.countries.in_prose(code, lang)
        if welcoming:
            lines = [f"• {self.town_name(t, lang)}{i18n.colon(lang)}{self.country_reason(self.kb.towns[t], code, lang, city)}" for t in welcoming[:MAX_LISTED]]
            title = _("Towns open to a partner in {country}").format(country=country)
            return [Block(title=title, lines=tuple(lines + self.more(len(welcoming), lang)))]
        lines = [f"• {self.town_name(t, lang)}{i18n.colon(lang)}{self.wish_text(self.kb.towns[t], lang)}" for t in others[:MAX_LISTED]]
        if len(others) == 1:  # "Would Shirakaba accept a partner from Germany?": that town, by name
            text = _("{town} does not name {country} or a group of countries that includes it.").format(town=self.town_name(others[0], lang), country=country)
            return [Block(lines=(text,)), Block(title=_("What it is looking for"), lines=tuple(lines))]
        text = _("None of these local governments names {country} or a group of countries that includes it.")
        return [Block(lines=(text.format(country=country),)), Block(title=_("What they are looking for"), lines=tuple(lines + self.more(len(others), lang)))]

    def more(self, total: int, lang: str) -> list[str]:
        """A closing line for a list cut at ``MAX_LISTED`` entries."""
        _ = i18n.translator(lang)
        if total <= MAX_LISTED:
            return []
        return [_("…and {count} more: ask about a prefecture or a country to narrow the list.").format(count=i18n.number(total - MAX_LISTED, lang))]

    def country_reason(self, town: Town, code: str, lang: str, city: str | None = None) -> str | None:
        """Why ``town`` welcomes a partner in ``code`` (or in ``city``, a city of it), from ``wishes.welcome``."""
        _ = i18n.translator(lang)
        found = welcome(town, code, city)
        if found is None:
            return None
        country = self.countries.in_prose(code, lang)
        if found.kind == "open":
            return _("states no country or region: open to any (ask CLAIR)")
        if found.kind in ("city", "cities"):
            names = ", ".join((c.ja or c.name) if lang == "ja" else c.name for c in found.cities)
            reason = _("names {city}").format(city=names)
            return reason if found.kind == "city" else _("{reason} ({country})").format(reason=reason, country=country)
        if found.kind == "country":
            reason = _("wants {country}").format(country=country)
            named = [(c.ja or c.name) if lang == "ja" else c.name for c in (found.wish.cities if found.wish else []) if c.country == code]
            if named:  # "United States (Boston, Massachusetts; Los Angeles, California)": the cities it names there
                reason += _(" (names {cities})").format(cities=("、" if lang == "ja" else ", ").join(named))
        elif found.kind == "region":
            region = regions.name(found.subject, lang)
            reason = _("wants a partner in {region}; {country} is in {region}").format(region=region, country=country)
        elif found.example:
            return _("asks for “{wish}” and gives {country} as an example").format(wish=found.wish.text(lang) if found.wish else "", country=country)
        else:
            return _("asks for “{wish}”: {language} is an official language of {country}, so it may qualify (the town does not name it)").format(
                wish=found.wish.text(lang) if found.wish else "", language=self.language_name(found.subject, lang), country=country
            )
        if found.example and found.kind != "country":
            reason += _(" ({country} is one of the examples it gives)").format(country=country)
        return reason

    def language_group(self, code: str, town_ids: list[str], lang: str) -> tuple[list[Block], list[str]]:
        """Towns whose wishes ask for a country of a language, then towns naming countries where it is official."""
        _ = i18n.translator(lang)
        language = self.language_name(code, lang)
        asked: list[tuple[str, str]] = []
        named: list[tuple[str, str]] = []
        for town_id in town_ids:
            town = self.kb.towns[town_id]
            wishes = [w for w in town.wishes if code in w.official_languages]
            if wishes:
                wish = " / ".join(w.text(lang) for w in wishes)
                asked.append((town_id, _("asks for “{wish}”").format(wish=wish)))
                continue
            countries = [c for w in town.wishes for c in w.countries if code in official_languages(c)]
            if countries:
                names = (_("、") if lang == "ja" else ", ").join(self.countries.in_prose(c, lang) for c in dict.fromkeys(countries))
                named.append((town_id, _("names {countries}, where {language} is an official language").format(countries=names, language=language)))
        rows = asked + named
        if not rows:
            text = _("No listed town asks for a country where {language} is an official language, or names one.")
            return [Block(lines=(text.format(language=language),))], []
        title = _("Towns open to a partner where {language} is an official language").format(language=language)
        lines = tuple(f"• {self.town_name(t, lang)}{i18n.colon(lang)}{reason}" for t, reason in rows[:MAX_LISTED])
        return [Block(title=title, lines=lines + tuple(self.more(len(rows), lang)))], [t for t, _r in rows[:MAX_LISTED]]

    def outside_group(self, code: str, town_ids: list[str], lang: str) -> tuple[list[Block], list[str]]:
        """Towns open to a partner where a language is not official: those stating no wish, or naming such a
        country or a region; else that every town asks for that language's countries."""
        _ = i18n.translator(lang)
        language = self.language_name(code, lang)
        open_to: list[str] = []
        for town_id in town_ids:
            town = self.kb.towns[town_id]
            wishes = town.wishes
            if not wishes or any(w.regions or any(code not in official_languages(c) for c in w.countries) for w in wishes if code not in w.official_languages):
                open_to.append(town_id)
        if not open_to:
            text = _("Every listed town asks for a country where {language} is an official language, or names such countries; none asks for others.")
            blocks, _towns = self.language_group(code, town_ids, lang)
            return [Block(lines=(text.format(language=language),)), *blocks], []
        lines = tuple(f"• {self.town_name(t, lang)}{i18n.colon(lang)}{self.wish_text(self.kb.towns[t], lang)}" for t in open_to[:MAX_LISTED])
        title = _("Towns whose wishes reach beyond countries where {language} is an official language").format(language=language)
        return [Block(title=title, lines=lines)], open_to[:MAX_LISTED]

    def archived(self, town: ArchivedTown, lang: str) -> list[Block]:
        """A town that has left CLAIR's page: never said to be looking."""
        _ = i18n.translator(lang)
        until = i18n.month(town.listed_until.value, lang)
        text = _("{town} is no longer on CLAIR's list of local governments looking for a sister city (listed until {date}).")
        return [Block(lines=(text.format(town=town.name(lang), date=until),)), *self.town_list(lang)]

    def prefecture(self, pref_id: str, lang: str) -> tuple[list[Block], list[str]]:
        _ = i18n.translator(lang)
        name = self.prefecture_name(pref_id, lang)
        towns = [t for t in self.kb.towns.values() if t.prefecture == pref_id]
        if not towns:
            return [Block(lines=(_("No local government in {prefecture} is listed as looking for a sister city.").format(prefecture=name),))] + self.town_list(lang), []
        lines = [f"• {t.name(lang)}{i18n.colon(lang)}{self.wish_text(t, lang)}" for t in towns[:MAX_LISTED]] + self.more(len(towns), lang)
        title = _("Listed local governments in {prefecture}").format(prefecture=name)
        return [Block(title=title, lines=tuple(lines))], [t.id for t in towns[:MAX_LISTED]]

    def town_list(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        towns = list(self.kb.towns.values())
        lines = [f"• {self.town_heading(t, lang)}{i18n.colon(lang)}{self.wish_text(t, lang)}" for t in towns[:MAX_LISTED]] + self.more(len(towns), lang)
        title = _("{count} Japanese local governments are looking for a sister city").format(count=i18n.number(len(towns), lang))
        return [Block(title=title, lines=tuple(lines))]

    def contact(self, lang: str) -> Block:
        _ = i18n.translator(lang)
        clair = self.kb.clair
        lines = [_("Tel: {tel}").format(tel=clair.contact.tel), _("Fax: {fax}").format(fax=clair.contact.fax)]
        email = self.email or clair.contact.email
        if email:
            lines.append(_("E-mail: {email}").format(email=email))
        organisation = clair.organisation(lang) if lang == "ja" else f"{clair.organisation(lang)} ({clair.short_name(lang)})"
        title = f"{clair.division(lang)} — {organisation}"
        return Block(title=title, lines=tuple(lines))

    @property
    def email_address(self) -> str | None:
        return self.email or self.kb.clair.contact.email

    def no_email(self, lang: str, town_ids: Sequence[str] = ()) -> list[Block]:
        _ = i18n.translator(lang)
        if not town_ids:
            return [Block(lines=(_("CLAIR's page gives no e-mail address; please use the phone or fax below."),))]
        names = (_("、") if lang == "ja" else ", ").join(self.town_name(t, lang) for t in town_ids[:3])
        text = _("CLAIR's page gives no e-mail address, neither for {towns} nor for CLAIR; please use CLAIR's phone or fax below, or ask CLAIR staff with the button.")
        return [Block(lines=(text.format(towns=names),))]

    def town_email(self, town_ids: Sequence[str], lang: str) -> list[Block]:
        """A town's e-mail address, when the division's is known: the page gives none for the town."""
        _ = i18n.translator(lang)
        names = (_("、") if lang == "ja" else ", ").join(self.town_name(t, lang) for t in town_ids[:3])
        return [Block(lines=(_("CLAIR's page gives no e-mail address for {towns}; write to CLAIR's division below.").format(towns=names),))]

    def contact_blocks(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        clair = self.kb.clair
        return [Block(lines=(clair.support(lang), _("For enquiries, contact CLAIR's {division}:").format(division=clair.division(lang)))), self.contact(lang)]

    def enquire(self, town_ids: list[str], lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        names = ", ".join(self.town_name(t, lang) for t in town_ids)
        intro = (
            _("Enquiries about a partnership with {towns} go through CLAIR's {division}, who will put you in touch.")
            if town_ids
            else _("Enquiries about a sister-city partnership go through CLAIR's {division}, who will put you in touch.")
        )
        return [Block(lines=(intro.format(towns=names, division=self.kb.clair.division(lang)),)), self.contact(lang)]

    def posting(self, lang: str) -> list[Block]:
        clair = self.kb.clair
        return [Block(lines=(clair.posting(lang),)), self.contact(lang)]

    def status_help(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        lines = (
            _("Send /status followed by your reference (for example: /status CLAIR-2026-000001) to see where your enquiry stands."),
            _("Send /enquiries to list the enquiries you have sent from this chat."),
        )
        return [Block(lines=lines)]

    def greeting(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        intro = _("Hello! I am CLAIR's Sister City Bot. I can tell you about the Japanese local governments looking for a sister city, what each is looking for, and how to reach CLAIR.")
        return [Block(lines=(intro,)), *self.town_list(lang), self.examples(lang)]

    def hello(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("Hello! What would you like to know about the towns looking for a sister city?"),)), self.examples(lang)]

    def examples(self, lang: str) -> Block:
        _ = i18n.translator(lang)
        lines = (
            _("• Which towns want Australia?"),
            _("• Tell me about Ibara denim"),
            _("• Population of Nagi"),
            _("• How do I contact CLAIR?"),
            _("• How can our city be listed on CLAIR's page?"),
            _("• I want to send an enquiry"),
        )
        return Block(title=_("You can ask, for example:"), lines=lines)

    def help(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        intro = _("Ask me in English or Japanese about the Japanese local governments looking for a sister city: a town's profile, population, area, location, the country and partner it wishes for, what it is proud of, or which towns would welcome a partner from your country.")
        return [Block(lines=(intro,)), self.examples(lang)]

    def thanks(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("You're welcome! Ask me anything else about the sister-city programme."),))]

    def language_set(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("I will answer in {language} from now on.").format(language=self.language_name(lang, lang)),))]

    def language_choice(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("Which language would you like?"),))]

    def not_listed(self, place: str, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        text = _("{place} is not among the Japanese local governments looking for a sister city through CLAIR.")
        return [Block(lines=(text.format(place=place),)), *self.town_list(lang)]

    def fallback(self, lang: str, suggestions: list[str]) -> list[Block]:
        _ = i18n.translator(lang)
        lines = [_("Sorry, I don't know the answer to that. I can answer questions about the Japanese local governments looking for a sister city and how to contact CLAIR.")]
        if suggestions:
            lines.append(_("Did you mean: {names}?").format(names=", ".join(suggestions)))
        return [Block(lines=tuple(lines)), self.contact(lang)]

    def near_name(self, word: str, names: list[str], lang: str) -> list[Block]:
        """A name near a listed town's: "“伊原市” is not a listed local government. Did you mean Ibara City?"."""
        _ = i18n.translator(lang)
        lines = (
            _("“{word}” is not one of the local governments on CLAIR's list.").format(word=word),
            _("Did you mean: {names}?").format(names=(_("、") if lang == "ja" else ", ").join(names)),
        )
        return [Block(lines=lines)]

    def nothing_to_cancel(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("There is nothing to cancel. How can I help?"),))]

    # --- buttons --------------------------------------------------------------------------------------------

    def actions(self, lang: str, towns: Sequence[str] = (), *, contact: bool = True, menu: bool = False) -> tuple[Action, ...]:
        _ = i18n.translator(lang)
        actions = [Action(_("More about {town}").format(town=self.town_name(t, lang)), f"town:{t}") for t in towns[:3]]
        if menu:
            actions.append(Action(_("All towns"), "towns"))
        if contact:
            actions.append(Action(_("Contact CLAIR"), "contact"))
        if menu:
            actions.append(Action("日本語" if lang == "en" else "English", "lang:ja" if lang == "en" else "lang:en"))
        return tuple(actions)


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]

