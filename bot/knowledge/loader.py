"""Load and validate the knowledge directory; every problem names its file, its field and what is wrong."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.text import compact
from bot.knowledge.models import ArchivedTown, Clair, CountryAliases, Gazetteer, IntentPhrases, Knowledge, Themes, Town

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"
MAX_FILE_BYTES = 1_000_000
PARALLEL_FILES = 200  # town files to parse at least, for other processes to help (a fork costs ~20 ms)
MAX_PROCESSES = 4
_TOWN_ID = re.compile(r"^[a-z][a-z0-9-]*$")
M = TypeVar("M", bound=BaseModel)


_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_MERGE_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})


class _NotPlain(Exception):
    """The document needs the safe constructor's own handling (an alias, a merge key, a tag beyond the scalars...)."""


class _Loader(_SAFE):  # type: ignore[misc,valid-type]
    """The safe loader with YAML 1.2 booleans: only true/false, so "no", "yes", "on" stay words.

    Constructing the Python objects is most of parsing (libyaml only builds the nodes), and PyYAML's constructor
    does it with a generator and a bookkeeping dictionary per node. A knowledge file is a plain tree of mappings,
    sequences and scalars: ``construct_document`` builds such a tree directly (a third faster), each scalar with the
    safe constructor's own function for its tag (str, int, float, bool, null, timestamp...). Anything else -- a node
    reached twice (an alias), a merge key, a tag that is not a scalar's, any error -- sends the whole document to
    the safe constructor, so the result (or the error) is always the one it gives.
    """

    def construct_document(self, node: Node) -> Any:
        try:
            return self._plain(node, set())
        except Exception:  # _NotPlain, or an error the safe constructor will report its own way
            return super().construct_document(node)

    def _plain(self, node: Node, seen: set[int]) -> Any:
        if id(node) in seen:
            raise _NotPlain
        seen.add(id(node))
        kind, tag = node.__class__, node.tag
        if kind is ScalarNode:
            if tag == _STR:
                return node.value
            if tag in self.yaml_constructors:
                value = self.yaml_constructors[tag](self, node)
                if not isinstance(value, (str, int, float, bool, type(None), bytes, dt.date)):
                    raise _NotPlain
                return value
        elif kind is MappingNode and tag == _MAP:
            mapping = {}
            for key_node, value_node in node.value:
                if key_node.tag in _MERGE_KEYS:
                    raise _NotPlain
                key = self._plain(key_node, seen)
                mapping[key] = self._plain(value_node, seen)  # an unhashable key raises: the safe way says so
            return mapping
        elif kind is SequenceNode and tag == _SEQ:
            return [self._plain(child, seen) for child in node.value]
        raise _NotPlain


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge directory is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("invalid knowledge base:\n" + "\n".join(f"  {p}" for p in problems))


def knowledge_dir() -> Path:
    """The directory to load: ``KNOWLEDGE_DIR`` when set, else the repository's ``knowledge/``."""
    return Path(os.environ.get("KNOWLEDGE_DIR") or DEFAULT_DIR)


class ParseCache:
    """Parsed YAML by file, kept as JSON and reused while a file's size and modification time are unchanged.

    Parsing is most of start-up with a large knowledge base (libyaml's constructors run in Python); validation
    still runs on every load, so the cache can only save time, never let a bad file through.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, list[Any]] = {}
        self.changed = False
        if path and path.exists():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.entries = {}

    def get(self, file: Path, stat: os.stat_result) -> Any:
        entry = self.entries.get(str(file))
        return entry[2] if entry and entry[:2] == [stat.st_mtime_ns, stat.st_size] else None

    def put(self, file: Path, stat: os.stat_result, data: Any) -> None:
        self.entries[str(file)] = [stat.st_mtime_ns, stat.st_size, data]
        self.changed = True

    def save(self) -> None:
        if not (self.path and self.changed):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.entries, ensure_ascii=False, default=str), encoding="utf-8")
            temporary.replace(self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def _read_yaml(path: Path, root: Path, problems: list[Problem], cache: ParseCache | None = None, parsed: Any = None) -> Any:
    """The file's mapping, or None with its problem added. ``parsed``: what ``_parse_file`` gave for it (elsewhere)."""
    name = str(path.relative_to(root))
    try:
        stat = path.stat()
        if stat.st_size > MAX_FILE_BYTES:
            problems.append(Problem(name, "", f"file is larger than {MAX_FILE_BYTES:,} bytes"))
            return None
        cached = cache.get(path.resolve(), stat) if cache else None
        if cached is not None:
            return cached
        if parsed is not None:
            data = parsed
        else:
            with path.open(encoding="utf-8") as handle:
                data = yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except FileNotFoundError:
        problems.append(Problem(name, "", "file is missing"))
        return None
    except UnicodeDecodeError as error:
        problems.append(Problem(name, "", f"not UTF-8 text ({error.reason} at byte {error.start})"))
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        what = getattr(error, "problem", None) or str(error).splitlines()[0]
        problems.append(Problem(name, "", f"malformed YAML: {where}{what}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, "", f"expected a mapping at the top level, found {type(data).__name__}"))
        return None
    if cache:
        cache.put(path.resolve(), stat, data)
    return data


def _field(loc: Iterable[int | str]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


def _validate(model: type[M], data: dict[str, Any], name: str, problems: list[Problem]) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            message = detail["msg"].removeprefix("Value error, ")
            if detail["type"] == "missing":
                message = "is required"
            elif detail["type"] == "extra_forbidden":
                message = "is not a known field"
            problems.append(Problem(name, _field(detail["loc"]), message))
        return None


def _load_file(model: type[M], path: Path, root: Path, problems: list[Problem]) -> M | None:
    data = _read_yaml(path, root, problems)
    return None if data is None else _validate(model, data, str(path.relative_to(root)), problems)


def _parse_file(path: str) -> Any:
    """A file parsed as ``_read_yaml`` parses it, when that gives a mapping; else None (``_read_yaml`` reads the file
    again in the loading process, and reports the problem its own way)."""
    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            return None
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except Exception:
        return None
    return data if isinstance(data, dict) else None


def _parse_files(paths: list[str]) -> list[Any]:
    return [_parse_file(path) for path in paths]


def _parse_in_parallel(paths: list[Path]) -> dict[Path, Any]:
    """Parse many files on every core: this process parses the first share while forked processes parse the others.

    Only what ``_parse_file`` gives comes back (checked, validated and cached by the loading process as usual), so
    the result is the one of parsing here. Nothing is done (``{}``) for fewer than ``PARALLEL_FILES`` files, on one
    core, without ``fork``, or when this process runs other threads (a fork copies their locks as they are).
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    processes = min(cores, MAX_PROCESSES)
    if len(paths) < PARALLEL_FILES or processes < 2 or threading.active_count() > 1:
        return {}
    if "fork" not in multiprocessing.get_all_start_methods():
        return {}
    names = [str(path) for path in paths]
    size = -(-len(names) // processes)
    shares = [names[i : i + size] for i in range(0, len(names), size)]
    try:
        with multiprocessing.get_context("fork").Pool(len(shares) - 1) as pool:
            others = pool.map_async(_parse_files, shares[1:])
            parsed = _parse_files(shares[0])
            for share in others.get():
                parsed += share
    except Exception:  # no process could be started (limits, a daemon process...): parse here, as always
        return {}
    return dict(zip(paths, parsed, strict=True))


def _load_towns(
    root: Path, problems: list[Problem], cache: ParseCache, folder: str = "towns", model: type[Town] = Town
) -> dict[str, Town]:
    towns: dict[str, Town] = {}
    paths = sorted((root / folder).glob("*.y*ml"))
    if not paths and folder == "towns":
        problems.append(Problem("towns/", "", "no town files (towns/<id>.yaml)"))
    parsed = _parse_in_parallel([p for p in paths if _TOWN_ID.match(p.stem) and not _cached(p, cache)])
    for path in paths:
        name = str(path.relative_to(root))
        if not _TOWN_ID.match(path.stem):
            problems.append(Problem(name, "", "file name must be the town id: lower-case letters, digits, hyphens"))
            continue
        if path.stem in towns:
            problems.append(Problem(name, "", f"duplicate town id {path.stem!r}"))
            continue
        data = _read_yaml(path, root, problems, cache, parsed.get(path))
        if data is None:
            continue
        if "id" in data:
            problems.append(Problem(name, "id", "is given by the file name; remove it"))
            continue
        town = _validate(model, {**data, "id": path.stem}, name, problems)
        if town:
            towns[town.id] = town
    return towns


def _cached(path: Path, cache: ParseCache) -> bool:
    try:
        return cache.get(path.resolve(), path.stat()) is not None
    except OSError:
        return False


def _check_names(knowledge: Knowledge, problems: list[Problem]) -> None:
    """Every name must point at one thing: town, prefecture or other place."""
    owners: dict[str, str] = {}

    def claim(names: Iterable[str], owner: str, where: str) -> None:
        for name in names:
            key = compact(name)
            if not key:
                problems.append(Problem(where, "aliases", f"{name!r} has no letters to match"))
            elif owners.setdefault(key, owner) != owner:
                problems.append(Problem(where, "aliases", f"{name!r} is also a name of {owners[key]}"))

    prefectures = {p.id for p in knowledge.gazetteer.prefectures}
    for town in knowledge.towns.values():
        where = f"towns/{town.id}.yaml"
        claim([town.name.en, town.name.ja, *town.aliases], f"town {town.id!r}", where)
        if town.prefecture not in prefectures:
            problems.append(Problem(where, "prefecture", f"unknown prefecture {town.prefecture!r} (see gazetteer.yaml)"))
    for town in knowledge.archive.values():
        where = f"archive/{town.id}.yaml"
        if town.id in knowledge.towns:
            problems.append(Problem(where, "", f"town {town.id!r} is listed (towns/{town.id}.yaml) and archived: remove one"))
        if town.prefecture not in prefectures:
            problems.append(Problem(where, "prefecture", f"unknown prefecture {town.prefecture!r} (see gazetteer.yaml)"))
    for pref in knowledge.gazetteer.prefectures:
        claim([pref.name.en, pref.name.ja, *pref.aliases], f"prefecture {pref.id!r}", "gazetteer.yaml")
    for place in knowledge.gazetteer.places:
        claim([place.name.en, place.name.ja, *place.aliases], f"place {place.name.en!r}", "gazetteer.yaml")


def _check_themes(knowledge: Knowledge, problems: list[Problem]) -> None:
    known = set(knowledge.themes.themes)
    for town in knowledge.towns.values():
        where = f"towns/{town.id}.yaml"
        for theme in town.partner_themes:
            if theme not in known:
                problems.append(Problem(where, "partner_themes", f"unknown theme {theme!r} (see themes.yaml)"))
        for n, item in enumerate(town.pr_items):
            for theme in item.themes:
                if theme not in known:
                    problems.append(Problem(where, f"pr_items[{n}].themes", f"unknown theme {theme!r} (see themes.yaml)"))


def load_knowledge(directory: Path | None = None, cache: Path | None = None) -> Knowledge:
    """Load ``directory`` (default: ``knowledge_dir()``) or raise ``KnowledgeError`` listing every problem.

    ``cache`` names a JSON file where parsed YAML is kept between loads (see ``ParseCache``).
    """
    root = Path(directory) if directory else knowledge_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), "", "is not a directory")])
    parsed = ParseCache(cache)
    parts = {
        "towns": _load_towns(root, problems, parsed),
        "archive": _load_towns(root, problems, parsed, "archive", ArchivedTown),
        "clair": _load_file(Clair, root / "clair.yaml", root, problems),
        "gazetteer": _load_file(Gazetteer, root / "gazetteer.yaml", root, problems),
        "countries": _load_file(CountryAliases, root / "countries.yaml", root, problems),
        "phrases": _load_file(IntentPhrases, root / "phrases.yaml", root, problems),
        "themes": _load_file(Themes, root / "themes.yaml", root, problems),
    }
    if problems or any(part is None for part in parts.values()):
        raise KnowledgeError(problems)
    knowledge = Knowledge.model_construct(**parts)
    _check_names(knowledge, problems)
    _check_themes(knowledge, problems)
    if problems:
        raise KnowledgeError(problems)
    parsed.save()
    return knowledge


def warnings(knowledge: Knowledge) -> list[Problem]:
    """What a valid knowledge base still lacks: Japanese texts awaiting translation, wishes the bot cannot resolve."""
    found: list[Problem] = []
    for town in knowledge.towns.values():
        where = f"towns/{town.id}.yaml"
        for path in town.needs_translation:
            found.append(Problem(where, f"{path}.ja", "needs translation (the English text stands in)"))
        for n, wish in enumerate(town.wishes):
            if not wish.names_anything():
                found.append(Problem(where, f"wishes[{n}]", f"{wish.text.en!r} names no country, region, language or city the bot knows"))
    return found
