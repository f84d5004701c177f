"""Load and validate the knowledge directory; every problem names its file, its field and what is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError

from bot.knowledge.models import ArchivedTown, Clair, CountryAliases, Gazetteer, IntentPhrases, Knowledge, Themes, Town
from bot.resources import knowledge_dir
from bot.text import compact

DEFAULT_DIR = knowledge_dir()
MAX_FILE_BYTES = 1_000_000
_TOWN_ID = re.compile(r"^[a-z][a-z0-9-]*$")
M = TypeVar("M", bound=BaseModel)


if TYPE_CHECKING:  # libyaml's loader has the pure one's interface
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """The safe loader (libyaml's when present) with YAML 1.2 booleans: only true/false, so "no", "yes", "on" stay
    words."""


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


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    """The file's mapping, or None with its problem added."""
    name = str(path.relative_to(root))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(name, "", f"file is larger than {MAX_FILE_BYTES:,} bytes"))
            return None
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
            elif detail["type"] in ("extra_forbidden", "unexpected_keyword_argument"):  # a model's, a dataclass's
                message = "is not a known field"
            problems.append(Problem(name, _field(detail["loc"]), message))
        return None


def _load_file(model: type[M], path: Path, root: Path, problems: list[Problem]) -> M | None:
    data = _read_yaml(path, root, problems)
    return None if data is None else _validate(model, data, str(path.relative_to(root)), problems)


def _load_towns(root: Path, problems: list[Problem], folder: str = "towns", model: type[Town] = Town) -> dict[str, Town]:
    towns: dict[str, Town] = {}
    paths = sorted((root / folder).glob("*.y*ml"))
    if not paths and folder == "towns":
        problems.append(Problem("towns/", "", "no town files (towns/<id>.yaml)"))
    for path in paths:
        name = str(path.relative_to(root))
        if not _TOWN_ID.match(path.stem):
            problems.append(Problem(name, "", "file name must be the town id: lower-case letters, digits, hyphens"))
            continue
        if path.stem in towns:
            problems.append(Problem(name, "", f"duplicate town id {path.stem!r}"))
            continue
        data = _read_yaml(path, root, problems)
        if data is None:
            continue
        if "id" in data:
            problems.append(Problem(name, "id", "is given by the file name; remove it"))
            continue
        town = _validate(model, {**data, "id": path.stem}, name, problems)
        if town:
            towns[town.id] = town
    return towns


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
    for name, category in knowledge.themes.categories.items():
        for theme in category.themes:
            if theme not in known:
                problems.append(Problem("themes.yaml", f"categories.{name}.themes", f"unknown theme {theme!r}"))
    for town in knowledge.towns.values():
        where = f"towns/{town.id}.yaml"
        for theme in town.partner_themes:
            if theme not in known:
                problems.append(Problem(where, "partner_themes", f"unknown theme {theme!r} (see themes.yaml)"))
        for n, item in enumerate(town.pr_items):
            for theme in item.themes:
                if theme not in known:
                    problems.append(Problem(where, f"pr_items[{n}].themes", f"unknown theme {theme!r} (see themes.yaml)"))


def load_knowledge(directory: Path | None = None) -> Knowledge:
    """Load ``directory`` (default: the knowledge base that ships with the bot, ``DEFAULT_DIR``) or raise
    ``KnowledgeError`` listing every problem."""
    root = Path(directory) if directory else DEFAULT_DIR
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), "", "is not a directory")])
    towns = _load_towns(root, problems)
    archive = cast(dict[str, ArchivedTown], _load_towns(root, problems, "archive", ArchivedTown))
    clair = _load_file(Clair, root / "clair.yaml", root, problems)
    gazetteer = _load_file(Gazetteer, root / "gazetteer.yaml", root, problems)
    countries = _load_file(CountryAliases, root / "countries.yaml", root, problems)
    phrases = _load_file(IntentPhrases, root / "phrases.yaml", root, problems)
    themes = _load_file(Themes, root / "themes.yaml", root, problems)
    if problems or clair is None or gazetteer is None or countries is None or phrases is None or themes is None:
        raise KnowledgeError(problems)
    knowledge = Knowledge.model_construct(
        towns=towns, archive=archive, clair=clair, gazetteer=gazetteer, countries=countries, phrases=phrases, themes=themes
    )
    _check_names(knowledge, problems)
    _check_themes(knowledge, problems)
    if problems:
        raise KnowledgeError(problems)
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
