"""Pydantic models of the knowledge files. Every fact comes from CLAIR's page; Japanese text is a translation.

The parts a town holds many of (texts, dates, wishes, PR items) are pydantic dataclasses with slots, validated the
same way as the models but a fraction of their size: a knowledge base of 2,000 towns holds some 50,000 of them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from babel import Locale
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic.dataclasses import dataclass

from bot import regions

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_TERRITORIES = frozenset(code for code in Locale("en").territories if isinstance(code, str) and len(code) == 2 and code.isalpha())
_LANGUAGES = frozenset(Locale("en").languages)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class Model(BaseModel):
    """Strict base: unknown keys are errors, so a typo in a field name is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


STRICT = ConfigDict(extra="forbid")  # the dataclasses' config: unknown keys are errors, as in Model


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Text:
    """A text in both languages."""

    en: NonEmpty
    ja: NonEmpty

    def __call__(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


def _country_code(code: str) -> str:
    code = code.strip().upper()
    if code not in _TERRITORIES:
        raise ValueError(f"unknown country code {code!r} (expected an ISO 3166 alpha-2 code known to CLDR)")
    return code


CountryCode = Annotated[str, Field(min_length=2, max_length=2)]


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class PartialDate:
    """A date the page gives to the month ("June 2021") or to the day ("September 1, 2019")."""

    value: dt.date
    precision: Literal["month", "day"]

    @classmethod
    def parse(cls, raw: object) -> PartialDate:
        if isinstance(raw, dt.date):
            return cls(value=raw, precision="day")
        text = str(raw).strip()
        if _MONTH.match(text):
            year, month = text.split("-")
            return cls(value=dt.date(int(year), int(month), 1), precision="month")
        try:
            return cls(value=dt.date.fromisoformat(text), precision="day")
        except ValueError:
            raise ValueError(f"{text!r} is not a date: write YYYY-MM or YYYY-MM-DD") from None


def _partial_date(raw: object) -> object:
    return raw if isinstance(raw, (PartialDate, dict)) else PartialDate.parse(raw)


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Population:
    value: Annotated[int, Field(gt=0, strict=True)]
    as_of: PartialDate | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _parse_as_of(cls, raw: object) -> object:
        return None if raw is None else _partial_date(raw)


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Area:
    km2: Annotated[float, Field(gt=0)]
    forest_km2: Annotated[float, Field(gt=0)] | None = None
    forest_percent: Annotated[float, Field(gt=0, le=100)] | None = None  # "(of which 89% is forest)", うち森林89％

    @model_validator(mode="after")
    def _forest_within_area(self) -> Area:
        if self.forest_km2 is not None and self.forest_km2 > self.km2:
            raise ValueError("forest_km2 is larger than km2")
        return self

    @property
    def forest_share(self) -> float | None:
        """The forest's share of the area in percent: as the page gives it, or worked out from its two figures."""
        if self.forest_percent is not None:
            return self.forest_percent
        return 100 * self.forest_km2 / self.km2 if self.forest_km2 is not None else None

    @property
    def forest_extent(self) -> float | None:
        """The forest in km², to rank towns by: as the page gives it, or its share of the area."""
        if self.forest_km2 is not None:
            return self.forest_km2
        return self.km2 * self.forest_percent / 100 if self.forest_percent is not None else None


def _region_code(code: str) -> str:
    code = str(code).strip()
    code = code.zfill(3) if code.isdigit() else code.upper()
    if not regions.known(code):
        known = ", ".join(f"{c} {regions.name(c, 'en')}" for c in sorted(regions.containment()))
        raise ValueError(f"unknown region code {code!r} (expected one of: {known})")
    return code


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class City:
    """A foreign city a wish names ("Boston, Massachusetts"): its names, its country and, where given, its state."""

    name: NonEmpty
    ja: NonEmpty | None = None
    country: CountryCode
    state: NonEmpty | None = None

    @field_validator("country", mode="before")
    @classmethod
    def _known_country(cls, code: object) -> object:
        return _country_code(str(code))


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Wish:
    """One desired country or region as the page words it, and what it names: any mix of countries, regions (CLDR /
    UN M49 codes: 142 Asia, 009 Oceania...), official languages ("English-speaking": en), cities and examples. A wish
    that names nothing the bot can resolve keeps its words only (``validate`` warns)."""

    text: Text
    countries: list[CountryCode] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    official_languages: list[str] = Field(default_factory=list)
    cities: list[City] = Field(default_factory=list)
    examples: list[CountryCode] = Field(default_factory=list)
    partner: Text | None = None  # when the page gives this row partner characteristics of its own

    @field_validator("countries", "examples", mode="before")
    @classmethod
    def _known_countries(cls, codes: object) -> object:
        return [_country_code(str(c)) for c in codes] if isinstance(codes, list) else codes

    @field_validator("regions", mode="before")
    @classmethod
    def _known_regions(cls, codes: object) -> object:
        return [_region_code(c) for c in codes] if isinstance(codes, list) else codes

    @field_validator("official_languages")
    @classmethod
    def _known_languages(cls, langs: list[str]) -> list[str]:
        for lang in langs:
            if lang not in _LANGUAGES:
                raise ValueError(f"unknown language code {lang!r}")
        return langs

    def names_anything(self) -> bool:
        return bool(self.countries or self.regions or self.official_languages or self.cities or self.examples)


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Keywords:
    """Words people may use for a topic, in each language (synonyms, spellings, readings)."""

    en: list[NonEmpty] = Field(default_factory=list)
    ja: list[NonEmpty] = Field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class PRItem:
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    text: Text
    keywords: Keywords = Field(default_factory=Keywords)
    themes: list[NonEmpty] = Field(default_factory=list)


class Town(Model):
    """One Japanese local government looking for a sister city; its id is the file stem."""

    id: str
    name: Text
    kind: Literal["city", "town", "village"]
    aliases: list[NonEmpty]
    prefecture: NonEmpty
    population: Population
    area: Area
    outline: Text
    # One or more desired countries or regions, each as its own row on the page; none: the page states none (open
    # to any country; ask CLAIR).
    wishes: list[Wish] = []
    partner: Text | None = None  # None: the page leaves "Desired Characteristics of Exchange Partner" empty
    partner_themes: list[NonEmpty] = []
    pr_items: list[PRItem]
    # Names most readers misread, with their reading as the English page spells it (田中: でんちゅう, "Denchu"):
    # Japanese answers give the reading at the name's first use, and a question may use either.
    readings: dict[NonEmpty, NonEmpty] = {}
    videos: list[Text] = []
    websites: list[NonEmpty] = []
    date_modified: PartialDate
    listed_from: PartialDate | None = None  # when the importer first saw the town on CLAIR's page
    # Japanese fields copied from the English until someone translates them (an import without the Japanese page):
    # their paths, e.g. "outline", "pr_items[2].text". ``validate`` warns about each.
    needs_translation: list[NonEmpty] = []

    @field_validator("date_modified", mode="before")
    @classmethod
    def _parse_modified(cls, raw: object) -> object:
        return _partial_date(raw)

    @field_validator("listed_from", mode="before")
    @classmethod
    def _parse_listed_from(cls, raw: object) -> object:
        return None if raw is None else _partial_date(raw)

    @field_validator("pr_items")
    @classmethod
    def _unique_items(cls, items: list[PRItem]) -> list[PRItem]:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"duplicate PR item id {item.id!r}")
            seen.add(item.id)
        return items


class ArchivedTown(Town):
    """A town that has left CLAIR's page: kept with the dates it was listed (``archive/<id>.yaml``)."""

    listed_until: PartialDate

    @field_validator("listed_until", mode="before")
    @classmethod
    def _parse_listed_until(cls, raw: object) -> object:
        return _partial_date(raw)


class Prefecture(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z]+$")]
    name: Text
    aliases: list[NonEmpty] = []


class Place(Model):
    """A well-known Japanese place that is *not* in the programme, so it is never mistaken for a town."""

    name: Text
    aliases: list[NonEmpty] = []


class Gazetteer(Model):
    prefectures: list[Prefecture]
    places: list[Place] = []


class Contact(Model):
    tel: NonEmpty
    fax: NonEmpty
    email: NonEmpty | None = None


class Clair(Model):
    organisation: Text
    short_name: Text
    division: Text
    contact: Contact
    support: Text
    posting: Text


class CountryAliases(Model):
    """Names CLDR does not give: abbreviations, nicknames, demonyms."""

    aliases: dict[str, Keywords]

    @field_validator("aliases", mode="before")
    @classmethod
    def _known_countries(cls, raw: object) -> object:
        return {_country_code(str(code)): words for code, words in raw.items()} if isinstance(raw, dict) else raw


class IntentPhrases(Model):
    intents: dict[NonEmpty, Keywords]
    stopwords: Keywords = Keywords()
    synonyms: dict[NonEmpty, list[NonEmpty]] = {}
    spellings: dict[NonEmpty, list[NonEmpty]] = {}  # chat spellings of a word ("people": ppl), read as the word

    def folded(self) -> dict[str, str]:
        """Each variant and the term it folds onto ("mt" -> "mount")."""
        return {variant: term for term, variants in self.synonyms.items() for variant in variants}


@dataclass(frozen=True, slots=True, kw_only=True, config=STRICT)
class Category(Keywords):
    """A kind of thing a question asks a town for ("what food is there?"): its words, and the themes of its items."""

    themes: list[NonEmpty]


class Themes(Model):
    """Matchmaking themes and the words that signal each; categories of question over the themes."""

    themes: dict[NonEmpty, Keywords]
    categories: dict[NonEmpty, Category] = {}


class Knowledge(Model):
    """Everything the engine knows, validated as a whole."""

    towns: dict[str, Town]
    clair: Clair
    gazetteer: Gazetteer
    countries: CountryAliases
    phrases: IntentPhrases
    themes: Themes
    archive: dict[str, ArchivedTown] = {}  # towns no longer on CLAIR's page
