"""CLAIR's Japanese page (kibou-j), as text or HTML: one ``RawTown`` per local government.

Its town headings give the name alone ("奈義町"); the prefecture comes from the summary table's row
("奈義町 岡山県 オーストラリア、ニュージーランド"), or from a heading that carries it ("奈義町（岡山県）").
"""

from __future__ import annotations

import re

from bot.listing.raw import URL, RawTown, label, pr_items, sections, split_rows
from bot.listing.text import date, folded, listed, number, page_text, prose, tidy

_NAME = r"[^\s()（）]{1,12}?[市町村区]"
_PREF = r"(?:北海道|東京都|京都府|大阪府|[^\s()（）]{2,3}県)"
ROW = re.compile(rf"^(?P<name>{_NAME})[ \t]+(?P<pref>{_PREF})(?:[ \t]+(?P<wish>.*))?$", re.MULTILINE)
HEADING = re.compile(rf"^(?P<name>{_NAME})[ \t]*[（(][ \t]*(?P<pref>{_PREF})[ \t]*[)）][ \t]*$", re.MULTILINE)
_END = re.compile(r"^(?:お問い合わせ|お問合せ|問い合わせ先|ページの先頭へ|このページの先頭へ)", re.MULTILINE)
LABELS = [
    ("facts", label(r"人\s*口")),
    ("area", label(r"面\s*積")),
    ("outline", label(r"自治体概要|自治体の概要|概要")),
    ("websites", label(r"ホームページ|ウェブサイト|URL")),
    ("wish", label(r"交流を希望する国・地域|交流を希望する国|提携を希望する国・地域|希望する国・地域")),
    ("partner", label(r"相手都市へ希望する条件|相手都市に希望する条件|相手自治体へ希望する条件|希望する条件")),
    ("pr", label(r"その他[PＰ][RＲ]事項等?|[PＰ][RＲ]事項等?|[PＰ][RＲ]資料")),
    ("modified", label(r"最終更新日|更新年月日|更新日")),
]


def is_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 25 and line[-1] not in "。、．，.," and "。" not in line


def parse(raw: str) -> list[RawTown]:
    text = page_text(raw)
    end = _END.search(text)
    text = text[: end.start()] if end else text
    rows = {m.group("name"): m.group("pref") for m in ROW.finditer(text)}
    headings = [(m.start(), m.end(), m.group("name"), m.group("pref")) for m in HEADING.finditer(text)]
    if rows:
        names = "|".join(re.escape(n) for n in sorted(rows, key=len, reverse=True))
        plain = re.compile(rf"^(?P<name>{names})[ \t]*$", re.MULTILINE)
        headings += [(m.start(), m.end(), m.group("name"), rows[m.group("name")]) for m in plain.finditer(text)]
    headings.sort()
    towns: dict[tuple[str, str], RawTown] = {}
    for n, (_, end_at, name, pref) in enumerate(headings):
        stop = headings[n + 1][0] if n + 1 < len(headings) else len(text)
        town = _town(name, pref, text[end_at:stop])
        split_rows(town, sections(text[end_at:stop], LABELS).get("wish", ""), sum(1 for m in ROW.finditer(text) if m.group("name") == name))
        key = (town.name, town.prefecture)
        if key in towns:
            towns[key].merge(town)
        else:
            towns[key] = town
    return list(towns.values())


def _town(name: str, prefecture: str, block: str) -> RawTown:
    town = RawTown(name=name, prefecture=prefecture)
    found = sections(block, LABELS)
    facts = folded(found.get("facts", ""))
    if "面積" in facts:
        facts, _, rest = facts.partition("面積")
        found.setdefault("area", rest)
    population = re.match(r"\s*(?:約)?\s*([\d,]+)(?:\s*万\s*([\d,]*))?", facts)  # 15万2,340人
    if population:
        town.population = int(population.group(1).replace(",", ""))
        if population.group(2) is not None:
            town.population = town.population * 10000 + int(population.group(2).replace(",", "") or 0)
        as_of = re.search(r"[(（]([^)）]*?)(?:現在|時点)?[)）]", facts)
        town.population_as_of = date(as_of.group(1)) if as_of else None
    area_text = folded(found.get("area") or facts.partition("面積")[2])
    area = re.match(r"\s*(?:約)?\s*([\d,.]+)", area_text)
    if area:
        town.area = number(area.group(1))
        forest = re.search(r"森林[^\d]*([\d,.]+)\s*(%|％|パーセント)?", area_text)  # うち森林89％: a share, not km²
        town.forest = number(forest.group(1)) if forest and not forest.group(2) else None
        town.forest_percent = number(forest.group(1)) if forest and forest.group(2) else None
    town.outline = prose(found.get("outline", ""))
    town.websites = re.findall(URL, found.get("websites", ""))
    town.wishes = [tidy(prose(found.get("wish", "")).replace("\n\n", " "))]
    town.partners = [listed(found.get("partner", ""), "、") or tidy(prose(found.get("partner", "")).replace("\n\n", " "))]
    town.items, town.videos = pr_items(found.get("pr", ""), is_title)
    town.date_modified = date(found.get("modified", "")) if found.get("modified") else None
    return town
