"""Imports staged before they go live: an import is run on a copy of the knowledge directory and kept with its
report; publishing writes that copy's files into the live directory, keeping the previous files for one rollback.

Layout under the work directory (``DATA_DIR/listing``)::

    staged/<id>/staged.json   the report: diff lines, notes, problems, sources, the live files' fingerprint
    staged/<id>/knowledge/    the knowledge directory as the import left it
    previous/                 the live knowledge files before the last publish (what ``rollback`` restores)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.listing.fetch import Page
from bot.listing.importer import Importer

KEEP = 5  # staged imports kept; older ones are deleted when a new one is staged


class StagingError(Exception):
    """A publish or rollback that cannot be done; the message is one line for the staff."""


@dataclass
class Staged:
    id: str
    created: str  # ISO time, UTC
    sources: list[str]
    base: str  # fingerprint of the live knowledge files the import was made against
    pages: list[str] = field(default_factory=list)  # the pages' fingerprints
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return self.lines != ["no changes"] and bool(self.lines)

    def counts(self) -> dict[str, int]:
        """Towns added, removed and changed."""
        return {kind: sum(1 for line in self.lines if line.startswith(prefix))
                for kind, prefix in (("added", "+ added"), ("removed", "- removed"), ("changed", "~ changed"))}

    def fingerprint(self) -> str:
        """The same pages imported against the same knowledge files give the same fingerprint."""
        return hashlib.sha256(json.dumps([self.base, self.pages]).encode()).hexdigest()


def fingerprint(directory: Path) -> str:
    """A hash of every knowledge file's path and bytes."""
    digest = hashlib.sha256()
    for path in _files(directory):
        digest.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.y*ml") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(directory).parts))


def _sync(source: Path, target: Path) -> None:
    """Make ``target``'s knowledge files those of ``source``: changed ones written (atomically each), missing ones
    removed."""
    wanted = {p.relative_to(source): p for p in _files(source)}
    for path in _files(target):
        if path.relative_to(target) not in wanted:
            path.unlink()
    for relative, path in wanted.items():
        destination = target / relative
        content = path.read_bytes()
        if destination.is_file() and destination.read_bytes() == content:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.tmp")
        temporary.write_bytes(content)
        temporary.replace(destination)


class Staging:
    """Staged imports of one knowledge directory."""

    def __init__(self, knowledge_dir: Path, work_dir: Path):
        self.knowledge_dir = Path(knowledge_dir)
        self.work_dir = Path(work_dir)
        self.staged_dir = self.work_dir / "staged"
        self.previous_dir = self.work_dir / "previous"

    def stage(self, en: Page, ja: Page | None, today: dt.date | None = None) -> Staged:
        """Run the import on a copy of the live knowledge and keep it with its report (valid or not)."""
        now = dt.datetime.now(dt.UTC)
        staged_id = f"{now:%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
        folder = self.staged_dir / staged_id
        copy = folder / "knowledge"
        base = fingerprint(self.knowledge_dir)
        shutil.copytree(self.knowledge_dir, copy, ignore=shutil.ignore_patterns(".*"))
        result = Importer(copy, today).run(en.text, ja.text if ja else None)
        given = [p for p in (en, ja) if p]
        staged = Staged(staged_id, now.isoformat(timespec="seconds"), [p.source for p in given], base,
                        [p.digest for p in given], result.lines, result.notes, result.problems)
        if not result.written and not result.problems:
            staged.problems.append("the import wrote nothing")
        (folder / "staged.json").write_text(json.dumps(asdict(staged), ensure_ascii=False, indent=1), encoding="utf-8")
        self._prune(keep=staged_id)
        return staged

    def get(self, staged_id: str) -> Staged | None:
        if not staged_id.replace("-", "").isalnum():
            return None
        path = self.staged_dir / staged_id / "staged.json"
        try:
            return Staged(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def publish(self, staged_id: str) -> Staged:
        """Write a valid staged import into the live directory, the live files kept in ``previous/`` first."""
        staged = self.get(staged_id)
        if staged is None:
            raise StagingError(f"no staged import {staged_id} (already published, or replaced by newer ones)")
        if not staged.valid:
            raise StagingError(f"the staged import {staged_id} is invalid and cannot be published")
        if fingerprint(self.knowledge_dir) != staged.base:
            raise StagingError("the knowledge files changed since this import was staged: import again")
        self._keep_previous()
        _sync(self.staged_dir / staged_id / "knowledge", self.knowledge_dir)
        shutil.rmtree(self.staged_dir / staged_id, ignore_errors=True)
        return staged

    def can_roll_back(self) -> bool:
        return (self.previous_dir / "knowledge").is_dir()

    def rollback(self) -> None:
        """Restore the knowledge files as they were before the last publish (once)."""
        if not self.can_roll_back():
            raise StagingError("there is no earlier listing to restore")
        _sync(self.previous_dir / "knowledge", self.knowledge_dir)
        shutil.rmtree(self.previous_dir, ignore_errors=True)

    def _keep_previous(self) -> None:
        fresh = self.work_dir / "previous.new"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        for path in _files(self.knowledge_dir):
            target = fresh / "knowledge" / path.relative_to(self.knowledge_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        (fresh / "knowledge").mkdir(exist_ok=True)
        shutil.rmtree(self.previous_dir, ignore_errors=True)
        fresh.rename(self.previous_dir)

    def _prune(self, keep: str) -> None:
        folders = sorted((p for p in self.staged_dir.iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True)
        for folder in [f for f in folders if f.name != keep][KEEP - 1 :]:
            shutil.rmtree(folder, ignore_errors=True)
