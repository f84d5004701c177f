"""A wish as the page words it -> what it names: countries, regions, official languages, cities, examples.

"English-speaking countries such as USA, Canada, Australia" -> official language en, examples US, CA, AU;
"Asia, Oceania" -> regions 142, 009; "United States (Boston, Massachusetts; Los Angeles, California)" -> cities
with their state; "Belgium (Bruges, Vilvoorde, Antwerp)" -> cities of Belgium; "オーストラリア、ニュージーランド等英語圏の国"
-> en with the examples AU, NZ. Words it cannot read are returned for the import report, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.listing.places import Place, Places
from bot.listing.text import folded
from bot.text import compact, has_japanese

_SPEAKING = re.compile(r"\b([A-Z][a-z]+)[- ]speaking\b(?:\s+(?:countr(?:y|ies)|nations?|regions?|areas?|world))?", re.IGNORECASE)
_SPEAKING_JA = re.compile(r"([\u30a0-\u30ff\u4e00-\u9fff]{1,8}?語)圏(?:の国々|の国|諸国|の地域)?")
_EXAMPLES = re.compile(r"\b(?:such as|e\.g\.|e\.g|for example|for instance|including|like)\b", re.IGNORECASE)
_EXAMPLES_JA = re.compile(r"(?:など|等|といった)(?:の)?")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f.'’\-]*")
_FILLER = {
    "country", "countries", "nation", "nations", "region", "regions", "area", "areas", "such", "as", "etc", "etc.",
    "and", "or", "the", "of", "in", "e.g.", "e.g", "including", "like", "city", "cities", "state", "states", "any",
    "a", "an", "preferably", "especially", "particularly", "with", "within", "for", "example", "instance", "other",
    "speaking", "partner", "partners", "local", "government", "governments", "town", "towns", "municipality",
    "municipalities", "preferred", "desired", "ideally", "mainly", "mostly", "no", "preference", "based", "on",
    "to", "be", "decided", "either", "from", "overseas", "abroad", "foreign", "province", "provinces", "county",
}
_FILLER_JA = re.compile(r"[のとやおよび及びまたは又は、，,・/／()（）\s等など国々諸地域圏都市州市町村特にを希望するしたいですが]")


@dataclass
class ParsedWish:
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    official_languages: list[str] = field(default_factory=list)
    cities: list[dict] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def rule(self) -> dict:
        """The wish's fields for a town file (empty ones left out)."""
        fields = {
            "countries": self.countries, "regions": self.regions, "official_languages": self.official_languages,
            "cities": self.cities, "examples": self.examples,
        }
        return {k: v for k, v in fields.items() if v}

    def resolved(self) -> set[str]:
        """Everything it names, comparable between the two pages."""
        # cities by their country only: the two pages spell them differently (Bruges, ブルージュ)
        return {*self.countries, *(f"region:{r}" for r in self.regions), *(f"lang:{lang}" for lang in self.official_languages),
                *(c["country"] for c in self.cities), *self.examples}


@dataclass
class _Hit:
    start: int
    end: int
    place: Place
    surface: str


def parse(text: str, places: Places) -> ParsedWish:
    text = folded(text).strip()
    wish = ParsedWish()
    if not text:
        return wish
    japanese = has_japanese(text)
    masked = text
    for match in (_SPEAKING_JA if japanese else _SPEAKING).finditer(text):
        word, start = match.group(1), match.start(1)
        # "等英語圏": the language is the longest tail of the run that CLDR names
        tails = [(i, places.languages.get(compact(word[i:]))) for i in range(len(word))] if japanese else [(0, places.languages.get(compact(word)))]
        at, code = next(((i, c) for i, c in tails if c), (0, None))
        if code:
            _add(wish.official_languages, code)
            masked = masked[: start + at] + " " * (match.end() - start - at) + masked[match.end() :]
    hits = _scan_japanese(masked, places) if japanese else _scan_latin(masked, places)
    marker = (_EXAMPLES_JA if japanese else _EXAMPLES).search(masked)
    group = bool(wish.official_languages or any(h.place.kind == "region" for h in hits))
    for n, hit in enumerate(hits):
        owner = _owner(text, hits, n)
        place = hit.place
        example = marker is not None and group and (hit.start < marker.start() if japanese else hit.start > marker.start())
        if place.kind == "region":
            _add(wish.regions, place.code)
        elif place.kind == "state":
            previous = wish.cities[-1] if wish.cities and n and hits[n - 1].place.kind == "city" and _adjacent(text, hits[n - 1], hit) else None
            if previous and previous["country"] == "US" and "state" not in previous:
                city = places.city_in(previous["name"], "US", place.state)
                if city:
                    previous.update(name=city.name, **({"ja": city.ja} if city.ja else {}))
                previous["state"] = place.name
            else:
                _add(wish.examples if example else wish.countries, "US")
        elif place.kind == "city":
            if owner:
                place = places.city_in(hit.surface, owner, None) or place
            following = hits[n + 1] if n + 1 < len(hits) else None
            if following and following.place.kind == "state" and _adjacent(text, hit, following):
                place = places.city_in(hit.surface, "US", following.place.state) or place
            name = hit.surface if hit.surface.isascii() else place.name  # the page's own spelling ("Bruges")
            # the page's own spelling (アントワープ), else GeoNames'; without the brackets around it
            ja = place.ja if hit.surface.isascii() else hit.surface.strip("()（）、,・ ")
            named = {"name": name, **({"ja": ja} if ja else {}), "country": place.code}
            if not any(c["name"] == named["name"] and c["country"] == named["country"] for c in wish.cities):
                wish.cities.append(named)
        elif place.kind == "country" and not _qualifies_city(text, hits, n):
            _add(wish.examples if example else wish.countries, place.code)
    wish.unknown = _leftovers(masked, hits, japanese)
    return wish


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


def _adjacent(text: str, first: _Hit, second: _Hit) -> bool:
    return re.fullmatch(r"[\s,、]*", text[first.end : second.start]) is not None


def _qualifies_city(text: str, hits: list[_Hit], n: int) -> bool:
    """Whether country hit ``n`` only says where the city before it is: "Boston, Massachusetts (U.S.A.)", "Hamilton,
    Ontario (Canada)", ボストン市（アメリカ合衆国マサチューセッツ州）. The city is the wish, not the whole country."""
    hit = hits[n]
    city = next((h for h in reversed(hits[:n]) if h.place.kind == "city"), None)
    if city is None or city.place.code != hit.place.code:
        return False
    between = text[city.end : hit.start]
    # only the city's state or province, commas and an opening bracket between them: "…, Ontario (" or "（"
    return re.fullmatch(r"[^;；()（）]*[(（]?[^;；()（）]*", between) is not None and all(
        h.place.code == hit.place.code and h.place.kind in ("state", "country") for h in hits[hits.index(city) + 1 : n]
    ) and not re.search(r"\b(?:and|or)\b|、", between)


def _owner(text: str, hits: list[_Hit], n: int) -> str | None:
    """The country whose parentheses hold hit ``n``: "Belgium (Bruges, ...)"."""
    opened = max(text.rfind("(", 0, hits[n].start), text.rfind("（", 0, hits[n].start))
    if opened < 0 or max(text.rfind(")", 0, hits[n].start), text.rfind("）", 0, hits[n].start)) > opened:
        return None
    before = [h for h in hits[:n] if h.end <= opened and h.place.kind == "country"]
    return before[-1].place.code if before else None


def _scan_latin(text: str, places: Places) -> list[_Hit]:
    words = list(_WORD.finditer(text))
    hits: list[_Hit] = []
    n = 0
    while n < len(words):
        for size in range(min(4, len(words) - n), 0, -1):
            span = words[n : n + size]
            if any(re.search(r"[,;/()]", text[a.end() : b.start()]) for a, b in zip(span, span[1:], strict=False)):
                continue
            surface = text[span[0].start() : span[-1].end()].rstrip(".") if size > 1 or not span[0].group().isupper() else span[0].group()
            if span[0].group().lower() in _FILLER or not surface[0].isupper():
                continue
            place = places.lookup(surface) or (places.lookup(span[0].group()) if size == 1 else None)
            if place:
                hits.append(_Hit(span[0].start(), span[-1].end(), place, surface))
                n += size
                break
        else:
            n += 1
    return hits


def _scan_japanese(text: str, places: Places) -> list[_Hit]:
    hits: list[_Hit] = []
    pos = 0
    while pos < len(text):
        latin = _WORD.match(text, pos)
        if latin:
            place = places.lookup(latin.group()) if latin.group()[0].isupper() else None
            if place:
                hits.append(_Hit(pos, latin.end(), place, latin.group()))
            pos = latin.end()
            continue
        if has_japanese(text[pos]):
            for size in range(min(14, len(text) - pos), 1, -1):
                surface = text[pos : pos + size]
                place = places.lookup(surface)
                if place:
                    hits.append(_Hit(pos, pos + size, place, surface))
                    pos += size - 1
                    break
        pos += 1
    return hits


def _leftovers(text: str, hits: list[_Hit], japanese: bool) -> list[str]:
    for hit in sorted(hits, key=lambda h: -h.start):
        text = text[: hit.start] + " " + text[hit.end :]
    if japanese:
        return [w for w in _FILLER_JA.sub(" ", text).split() if len(w) > 1]
    return [w for w in (m.group().strip(".") for m in _WORD.finditer(text)) if w and w.lower() not in _FILLER and w.lower() + "." not in _FILLER]
