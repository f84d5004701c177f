"""CLAIR's English page, as text or HTML: one ``RawTown`` per local government, in the page's order."""

from __future__ import annotations

import re

from bot.listing.raw import URL, RawTown, label, pr_items, sections, split_rows
from bot.listing.text import date, folded, listed, number, page_text, prose, tidy

HEADING = re.compile(
    r"^(?P<name>[A-Z][\w'’.\- ]*?\s(?:City|Town|Village|Ward))\s*[（(]\s*(?P<pref>[A-Za-zōū\- ]+?)"
    r"(?:\s+(?:Prefecture|Metropolis|Pref\.?))?\s*[)）]\s*$",
    re.MULTILINE,
)
_END = re.compile(r"^(?:For Enquiries|For Inquiries|Top of page|Page top)\b", re.MULTILINE | re.IGNORECASE)
LABELS = [
    ("facts", label(r"Population")),
    ("area", label(r"Area(?=[\s\d:：])")),
    ("outline", label(r"Outline of (?:the )?Local (?:Government|Authority)|Outline|Overview")),
    ("websites", label(r"Websites?(?:\s*\(s\))?|Home\s?pages?|Official (?:web)?sites?|URL")),
    ("wish", label(r"Desired Countr(?:y|ies)\s*(?:/|or|and)\s*Regions?(?: of Exchange)?|Desired Countr(?:y|ies)")),
    ("partner", label(r"Desired Characteristics of (?:the )?(?:Exchange )?Partners?|Desired Partner(?: Characteristics)?")),
    ("pr", label(r"Other PR Information|PR Materials|PR Information|Other PR Materials|Other Information")),
    ("modified", label(r"Date Modified|Last Modified|Last Updated|Updated")),
]
_ABOUT = r"(?:(?:approx(?:imately)?\.?|about|around|ca\.|c\.)\s*)?"  # "approx. 52,000", "about 21.3 km2"
_SMALL = {"a", "an", "and", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "&", "-"}


def is_title(line: str) -> bool:
    """A short title-like line: "Nagi MOCA (Museum of Contemporary Art)", "Mount Nagi"."""
    line = line.strip()
    if not line or len(line) > 60 or line[-1] in ".,;:!?。、" or not (line[0].isupper() or line[0].isdigit()):
        return False
    words = [w.strip("()'\"‘’“”") for w in line.split()]
    words = [w for w in words if w and w.lower() not in _SMALL]
    if not words or len(line.split()) > 9:
        return False
    capital = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capital * 2 >= len(words)


def parse(raw: str) -> list[RawTown]:
    text = page_text(raw)
    end = _END.search(text)
    text = text[: end.start()] if end else text
    headings = list(HEADING.finditer(text))
    table = text[: headings[0].start()] if headings else ""  # the summary table: a row per wish
    towns: dict[tuple[str, str], RawTown] = {}
    for n, heading in enumerate(headings):
        stop = headings[n + 1].start() if n + 1 < len(headings) else len(text)
        name = heading.group("name").strip()
        town = _town(name, heading.group("pref").strip(), text[heading.end() : stop])
        rows = len(re.findall(rf"^{re.escape(name)}[ \t]", table, re.MULTILINE))
        split_rows(town, sections(text[heading.end() : stop], LABELS).get("wish", ""), rows)
        key = (town.name.lower(), town.prefecture.lower())
        if key in towns:
            towns[key].merge(town)
        else:
            towns[key] = town
    return list(towns.values())


def _town(name: str, prefecture: str, block: str) -> RawTown:
    town = RawTown(name=tidy(name), prefecture=prefecture)
    found = sections(block, LABELS)
    facts = folded(found.get("facts", "") + "\n" + ("Area " + found["area"] if "area" in found else ""))
    population = re.match(rf"\s*{_ABOUT}([\d,]+)", facts)
    if population:
        town.population = int(population.group(1).replace(",", ""))
        as_of = re.search(r"\(\s*(?:as of|as at)?\s*([^)]*?)\)", facts[: facts.find("Area") if "Area" in facts else None], re.IGNORECASE)
        town.population_as_of = date(as_of.group(1)) if as_of else None
    else:
        town.problems.append("no population")
    area = re.search(rf"Area\s*[:：]?\s*{_ABOUT}([\d,.]+)\s*(?:km2|km|square kilomet(?:er|re)s|sq\.? ?km)", facts, re.IGNORECASE)
    if area:
        town.area = number(area.group(1))
        forest = re.search(r"([\d,.]+)\s*(?:km2|square kilomet(?:er|re)s|sq\.? ?km)\s*(?:of )?(?:forests?|woodland)", facts, re.IGNORECASE)
        town.forest = number(forest.group(1)) if forest else None
        share = re.search(r"([\d.]+)\s*(?:%|percent|per cent)[^)\d]{0,20}?(?:forests?|woodland)|(?:forests?|woodland)[^)\d]{0,20}?([\d.]+)\s*(?:%|percent|per cent)", facts, re.IGNORECASE)
        town.forest_percent = number(share.group(1) or share.group(2)) if share else None
    else:
        town.problems.append("no area")
    town.outline = prose(found.get("outline", ""))
    town.websites = re.findall(URL, found.get("websites", ""))
    town.wishes = [prose(found.get("wish", "")).replace("\n\n", " ")]
    town.partners = [listed(found.get("partner", ""), "; ") or prose(found.get("partner", "")).replace("\n\n", " ")]
    town.items, town.videos = pr_items(found.get("pr", ""), is_title)
    town.date_modified = date(found.get("modified", "")) if found.get("modified") else None
    if town.date_modified is None:
        town.problems.append("no date modified")
    return town
