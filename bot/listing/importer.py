"""``import-listing``: parse, pair, build the town files, validate them all in a scratch copy, then write."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from bot.knowledge.loader import KnowledgeError, Problem, load_knowledge
from bot.knowledge.models import CountryAliases, Gazetteer, Themes
from bot.listing import archive, diff, page_en, page_ja, readings, townfile, wishes
from bot.listing.fetch import decode
from bot.listing.pairing import pair, prefecture_id
from bot.listing.places import Places
from bot.listing.raw import RawItem, RawTown
from bot.text import compact, has_japanese, normalize

SAME = 96  # texts this similar (rapidfuzz ratio) are the same text: a person's typo fixes are kept


@dataclass
class Result:
    lines: list[str] = field(default_factory=list)  # the diff
    notes: list[str] = field(default_factory=list)  # disagreements, unread words, generated titles
    problems: list[str] = field(default_factory=list)  # validation: nothing written
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _read(path: Path) -> dict | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def _same(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return not a and not b
    a, b = " ".join(a.split()), " ".join(b.split())
    return a == b or fuzz.ratio(a, b) >= SAME


def _themes(texts: list[str], themes: Themes) -> list[str]:
    """Themes whose words the texts use (whole words; Japanese words anywhere)."""
    latin = f" {normalize(' '.join(texts))} "
    squeezed = latin.replace(" ", "")
    found = []
    for theme, words in themes.themes.items():
        if any(f" {normalize(w)} " in latin for w in words.en) or any(normalize(w) in squeezed for w in words.ja if len(w) > 1):
            found.append(theme)
    return found


# The subject a paragraph opens with: a name of up to five words before a comma or its verb.
_SUBJECT = re.compile(
    r"(?:(?:The|A|An)\s+)?(?!(?:Every|Each|In|On|At|During|Since|From|Today|Now|When|After|Before|Until|For|With|As|It|This|There|Here|We|Our)\b)([A-Z][\w'’\-]*(?:\s+[\w'’\-]+){0,4}?)(?=,|\s+(?:is|was|are|were|has|have|had|lies|stands)\b)"
)
# The same in Japanese: the compound noun (kanji, katakana) before the first は or が (…作る小桜打刃物は).
_JA_SUBJECT = re.compile(r"[^。]{0,40}?([\u4e00-\u9fff\u30a0-\u30ff々]{2,12})(?:は|が)")


def _ja_title_of(text: str) -> str | None:
    """A Japanese title for a paragraph the Japanese page leaves untitled: the compound noun it opens about."""
    subject = _JA_SUBJECT.match(text)
    return subject.group(1) if subject else None


def _title_of(text: str, town: str) -> str:
    """A title for a paragraph the page leaves untitled: its first proper name other than the town's, else its
    first words."""
    base = readings.base_of(town)
    subject = _SUBJECT.match(text)  # "The Kozakura forged knife, made by …": what the paragraph is about
    if subject:
        return subject.group(1)
    for match in re.finditer(r"(?:[A-Z][\w'’\-]+)(?:\s+(?:of\s+)?[A-Z][\w'’\-]+)*", text):
        name = match.group()
        if base not in name and name.split()[0] not in ("In", "The", "It", "This", "There", "A", "An", "Due", "With", "As", "For", "Since", "Every", "Each"):
            return name
    words = text.split()
    return " ".join(words[:6]).rstrip(",.;:") + ("…" if len(words) > 6 else "")


def _japanese_city_names(parsed: wishes.ParsedWish, other: wishes.ParsedWish) -> None:
    """The cities of the English wish with the Japanese page's spelling of each (アントワープ, not GeoNames'
    アントウェルペン): the same city (GeoNames' name), else the one in the same place among as many."""
    for country in {c["country"] for c in parsed.cities}:
        mine = [c for c in parsed.cities if c["country"] == country]
        theirs = [c for c in other.cities if c["country"] == country]
        for n, city in enumerate(mine):
            same = next((c for c in theirs if compact(c["name"]) == compact(city["name"])), None)
            spelled = same or (theirs[n] if len(mine) == len(theirs) else None)
            if spelled and spelled.get("ja"):
                city["ja"] = spelled["ja"]


def _listed_cities(en: str, ja: str, cities: list[dict]) -> None:
    """Cities GeoNames does not spell as the Japanese page does (ブルージュ): the bracketed lists of the two pages,
    item by item when they hold as many ("Belgium (Bruges, Vilvoorde, Antwerp)", ベルギー（ブルージュ、…）)."""
    for mine, theirs in zip(re.findall(r"[(（]([^)）]*)[)）]", en), re.findall(r"[(（]([^)）]*)[)）]", ja), strict=False):
        items = [i.strip() for i in re.split(r";" if ";" in mine else r",", mine) if i.strip()]
        spelled = [re.sub(r"^.*[州省]|市$|など$|等$", "", i.strip()) for i in re.split(r"[、，,;；]", theirs) if i.strip()]
        items = [i for i in items if not re.fullmatch(r"etc\.?", i)]
        if len(items) != len(spelled):
            continue
        for item, name in zip(items, spelled, strict=True):
            city = next((c for c in cities if compact(c["name"]) == compact(item.split(",")[0])), None)
            if city is not None and name and has_japanese(name):
                city["ja"] = name


class Importer:
    def __init__(self, directory: Path, today: dt.date | None = None):
        self.dir = Path(directory)
        self.today = today or dt.date.today()
        self.gazetteer = Gazetteer.model_validate(_read(self.dir / "gazetteer.yaml") or {})
        self.themes = Themes.model_validate(_read(self.dir / "themes.yaml") or {})
        self.places = Places(CountryAliases.model_validate(_read(self.dir / "countries.yaml") or {"aliases": {}}))
        self.live = {p.stem: d for p in sorted((self.dir / "towns").glob("*.yaml")) if (d := _read(p))}
        self.archive = {p.stem: d for p in sorted((self.dir / "archive").glob("*.yaml")) if (d := _read(p))}

    def _existing(self, en: RawTown, ja: RawTown | None, pref: str | None) -> tuple[str | None, dict | None, bool]:
        """The id and data of this town in the knowledge base (live or archived), matched by name and prefecture."""
        for archived, pool in ((False, self.live), (True, self.archive)):
            for town_id, data in pool.items():
                names = data.get("name") or {}
                if data.get("prefecture") == pref and (
                    compact(str(names.get("en", ""))) == compact(en.name) or (ja and names.get("ja") == ja.name)
                ):
                    return town_id, data, archived
        return None, None, False

    def run(self, en_raw: str, ja_raw: str | None, dry_run: bool = False) -> Result:
        result = Result()
        en_towns = page_en.parse(en_raw)
        if not en_towns:
            result.problems.append("the English page lists no town (no heading like \"Nagi Town (Okayama Prefecture)\")")
            return result
        ja_towns = page_ja.parse(ja_raw) if ja_raw else []
        if ja_raw and not ja_towns:
            result.notes.append("the Japanese page lists no town: Japanese texts need translation")
        pairs, result.notes[len(result.notes):] = pair(en_towns, ja_towns, self.gazetteer)
        new: dict[str, dict] = {}
        restored: list[str] = []
        notes_by_town: dict[str, list[str]] = {}
        for en, ja in pairs:
            pref = prefecture_id(en.prefecture, self.gazetteer)
            if pref is None:
                result.problems.append(f"{en.name}: unknown prefecture {en.prefecture!r} (see gazetteer.yaml)")
                continue
            town_id, old, was_archived = self._existing(en, ja, pref)
            if town_id is None:
                town_id = readings.names(en.name, ja.name if ja else None, set(self.live) | set(self.archive) | set(new)).id
            if was_archived and old is not None:
                restored.append(town_id)
                old = archive.restored(old)
            notes: list[str] = []
            new[town_id] = self._town(en, ja, pref, old, town_id, notes)
            for problem in en.problems:
                result.problems.append(f"{en.name}: the English page gives {problem}")
            notes_by_town[town_id] = notes
            result.notes += [f"{en.name}: {n}" for n in notes]
        removed = [t for t in self.live if t not in new]
        result.lines = diff.report(self.live, new, removed, restored)
        if result.problems:
            return result
        problems = self._validate(new, removed, restored, notes_by_town)
        if problems:
            result.problems = problems
            return result
        if not dry_run:
            self._write(self.dir, new, removed, restored, notes_by_town)
            result.written = True
        return result

    # --- one town --------------------------------------------------------------------------------------------

    def _text(self, path: str, en: str, ja: str | None, old: dict | None, missing: list[str]) -> dict:
        """A text in both languages: the Japanese page's Japanese, else ours while the English is unchanged (a
        person's typo fixes in the English kept too), else the English awaiting translation."""
        old = old if isinstance(old, dict) else {}
        if _same(old.get("en"), en) and old.get("en"):
            en = old["en"]
            if not ja and old.get("ja"):
                return {"en": en, "ja": old["ja"]}
        if ja:
            return {"en": en, "ja": ja}
        missing.append(path)
        return {"en": en, "ja": en}

    def _town(self, en: RawTown, ja: RawTown | None, pref: str, old: dict | None, town_id: str, notes: list[str]) -> dict:
        old = old or {}
        missing: list[str] = [p for p in old.get("needs_translation", []) if not ja]
        names = readings.names(en.name, ja.name if ja else None)
        name = self._text("name", en.name, ja.name if ja else None, old.get("name"), missing)
        data: dict = {"name": name, "kind": old.get("kind") or names.kind}
        data["aliases"] = old.get("aliases") or list(names.aliases) or [names.base]
        if old.get("readings"):
            data["readings"] = old["readings"]
        data["prefecture"] = pref
        population: dict = {"value": en.population or (ja.population if ja else None)}
        if en.population_as_of or (ja and ja.population_as_of):
            population["as_of"] = en.population_as_of or (ja.population_as_of if ja else None)
        data["population"] = population
        area: dict = {"km2": en.area or (ja.area if ja else None)}
        if en.forest or (ja and ja.forest):
            area["forest_km2"] = en.forest or (ja.forest if ja else None)
        if en.forest_percent or (ja and ja.forest_percent):
            area["forest_percent"] = en.forest_percent or (ja.forest_percent if ja else None)
        data["area"] = area
        data["outline"] = self._text("outline", en.outline, ja.outline if ja else None, old.get("outline"), missing)
        data["wishes"] = self._wishes(en, ja, old, missing, notes)
        partner = en.partners[0] if en.partners else ""
        if partner:
            data["partner"] = self._text("partner", partner, (ja.partners[0] if ja and ja.partners else None) or None, old.get("partner"), missing)
            same = _same((old.get("partner") or {}).get("en"), partner)
            data["partner_themes"] = old.get("partner_themes", []) if same and old.get("partner_themes") is not None else _themes([partner], self.themes)
        data["pr_items"] = self._items(en, ja, old, missing, notes)
        videos = []
        for n, video in enumerate(en.videos):
            known = next((v for v in old.get("videos", []) if _same(v.get("en", "").lower(), video.lower())), None)
            ja_video = ja.videos[n] if ja and n < len(ja.videos) else None
            videos.append(self._text(f"videos[{n}]", known["en"] if known else video, ja_video, known, missing))
        if videos:
            data["videos"] = videos
        websites = en.websites or (ja.websites if ja else [])
        if websites:
            data["websites"] = websites
        data["date_modified"] = en.date_modified or (ja.date_modified if ja else None)
        data["listed_from"] = old.get("listed_from") or (None if old else self.today.isoformat())
        if data["listed_from"] is None:
            del data["listed_from"]
        if missing:
            data["needs_translation"] = list(dict.fromkeys(missing))
        return data

    def _wishes(self, en: RawTown, ja: RawTown | None, old: dict, missing: list[str], notes: list[str]) -> list[dict]:
        out: list[dict] = []
        old_wishes = old.get("wishes") or []
        for n, text in enumerate(en.wishes):
            if not text:
                continue
            ja_text = ja.wishes[n] if ja and n < len(ja.wishes) and ja.wishes[n] else None
            known = next((w for w in old_wishes if _same((w.get("text") or {}).get("en"), text)), None)
            parsed = wishes.parse(text, self.places)
            if ja_text:
                other = wishes.parse(ja_text, self.places)
                _japanese_city_names(parsed, other)
                _listed_cities(text, ja_text, parsed.cities)
                if other.resolved() and parsed.resolved() != other.resolved():
                    notes.append(f"the pages disagree on the wish: {text!r} ≠ {ja_text!r} ({', '.join(sorted(parsed.resolved() ^ other.resolved()))}); the English is kept")
            if parsed.unknown:
                notes.append(f"could not read {', '.join(repr(w) for w in parsed.unknown)} in the wish {text!r}")
            if known and not ja_text:
                wish = dict(known)
                wish["text"] = self._text(f"wishes[{len(out)}].text", text, None, known.get("text"), missing)
            else:
                wish = {"text": self._text(f"wishes[{len(out)}].text", text, ja_text, (known or {}).get("text"), missing), **(
                    {k: v for k, v in known.items() if k not in ("text", "partner")} if known else parsed.rule())}
            if len(en.partners) > 1 and n < len(en.partners) and en.partners[n]:  # a section a row: its own partner
                ja_partner = ja.partners[n] if ja and n < len(ja.partners) and ja.partners[n] else None
                wish["partner"] = self._text(f"wishes[{len(out)}].partner", en.partners[n], ja_partner, (known or {}).get("partner"), missing)
            out.append(wish)
        return out

    def _items(self, en: RawTown, ja: RawTown | None, old: dict, missing: list[str], notes: list[str]) -> list[dict]:
        out: list[dict] = []
        olds = list(old.get("pr_items") or [])
        ids: set[str] = set()
        for n, item in enumerate(en.items):
            ja_item: RawItem | None = ja.items[n] if ja and len(ja.items) == len(en.items) else None
            known = next((o for o in olds if item.title and compact(str((o.get("title") or {}).get("en", ""))) == compact(item.title)), None)
            known = known or next((o for o in olds if _same((o.get("text") or {}).get("en"), item.text)), None)
            if known:
                olds.remove(known)
            path = f"pr_items[{len(out)}]"
            title = item.title
            if title is None:
                title = (known or {}).get("title", {}).get("en") or _title_of(item.text, en.name)
                if not known:
                    notes.append(f"{path}.title {title!r} was made by the importer (the page gives the paragraph no title)")
            entry: dict = {"id": (known or {}).get("id") or self._item_id(title, ids)}
            ids.add(entry["id"])
            ja_title = (ja_item.title or (None if item.title else _ja_title_of(ja_item.text))) if ja_item else None
            entry["title"] = self._text(f"{path}.title", title, ja_title, (known or {}).get("title"), missing)
            entry["text"] = self._text(f"{path}.text", item.text, ja_item.text if ja_item else None, (known or {}).get("text"), missing)
            if known and known.get("keywords"):
                entry["keywords"] = known["keywords"]
            same = known and _same((known.get("text") or {}).get("en"), item.text)
            entry["themes"] = (known or {}).get("themes", []) if same else _themes([title, item.text, entry["text"]["ja"]], self.themes)
            out.append(entry)
        if ja and len(ja.items) != len(en.items):
            notes.append(f"{len(en.items)} PR items on the English page, {len(ja.items)} on the Japanese: their Japanese texts need translation")
        return out

    @staticmethod
    def _item_id(title: str, taken: set[str]) -> str:
        base = readings.slug(title)[:40].strip("-") or "item"
        item_id, n = base, 2
        while item_id in taken:
            item_id, n = f"{base}-{n}", n + 1
        return item_id

    # --- writing ---------------------------------------------------------------------------------------------

    def _write(self, root: Path, new: dict[str, dict], removed: list[str], restored: list[str], notes: dict[str, list[str]]) -> None:
        (root / "towns").mkdir(exist_ok=True)
        for town_id, data in new.items():
            _atomic(root / "towns" / f"{town_id}.yaml", townfile.dump(data, notes.get(town_id, [])))
        if removed:
            (root / "archive").mkdir(exist_ok=True)
        for town_id in removed:
            _atomic(root / "archive" / f"{town_id}.yaml", townfile.dump(archive.archived(self.live[town_id], self.today)))
            for path in (root / "towns").glob(f"{town_id}.y*ml"):
                path.unlink()
        for town_id in restored:
            for path in (root / "archive").glob(f"{town_id}.y*ml"):
                path.unlink()

    def _validate(self, new: dict[str, dict], removed: list[str], restored: list[str], notes: dict[str, list[str]]) -> list[str]:
        """Write the result into a scratch copy of the knowledge directory and load it: every problem, or none."""
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "knowledge"
            shutil.copytree(self.dir, copy, ignore=shutil.ignore_patterns(".*"))
            self._write(copy, new, removed, restored, notes)
            try:
                load_knowledge(copy)
            except KnowledgeError as error:
                return [str(p) for p in error.problems]
        return []


def _atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def import_listing(en_page: Path, ja_page: Path | None, directory: Path, dry_run: bool = False, today: dt.date | None = None) -> Result:
    en = decode(en_page.read_bytes())
    ja = decode(ja_page.read_bytes()) if ja_page else None
    return Importer(directory, today).run(en, ja, dry_run)


__all__ = ["Importer", "Problem", "Result", "import_listing"]
