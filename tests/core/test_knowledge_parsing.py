"""Parsing the knowledge files faster changes nothing: ``_Loader``'s direct construction gives what the safe
constructor gives (or its error), and town files parsed in other processes load to the same knowledge, with the
same problems, as parsed here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.bench.synthetic import generate
from bot.knowledge import KnowledgeError, load_knowledge, loader
from bot.knowledge.loader import DEFAULT_DIR


class _Reference(loader._Loader):
    """The same loader with PyYAML's own construction (``BaseConstructor.construct_document``)."""

    construct_document = yaml.constructor.BaseConstructor.construct_document


def parse(cls: type, text: str) -> Any:
    """What ``yaml.load(text, Loader=cls)`` gives (both classes are ``_Loader``, a safe loader)."""
    parser = cls(text)
    try:
        return parser.get_single_data()
    finally:
        parser.dispose()


def outcome(cls: type, text: str) -> tuple[str, str]:
    try:
        return "value", repr(parse(cls, text))  # repr: 1, 1.0 and True differ, nan equals nan
    except Exception as error:  # noqa: BLE001 - the error itself is compared
        return type(error).__name__, str(error)


DOCUMENTS = [
    "a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\ng: TRUE\n",
    "n: ~\nm: null\ni: 0x1F\nj: 0o17\nk: 1_000\nl: 1:20\nf: .inf\ng: -.Inf\nh: .nan\nz: -0.5e3\ns: '12'\n",
    "d: 2026-03-01\nt: 2001-12-14t21:59:43.10-05:00\nu: 2001-12-14 21:59:43.10\n",
    "s: !!str 123\nb: !!bool yes\nx: !!binary aGVsbG8=\nf: !!float 1\ni: !!int '7'\nn: !!null ''\n",
    "a: &x {k: v, l: [1, 2]}\nb: *x\n",
    "base: &b {x: 1, y: 1}\nchild:\n  <<: *b\n  y: 2\n",
    "s: !!set {a, b}\no: !!omap [a: 1, b: 2]\np: !!pairs [a: 1, a: 2]\n",
    "a: 1\na: 2\nb: [1, {c: [d, {e: f}]}]\n",
    "? [a, b]\n: v\n",
    "? {a: b}\n: v\n",
    "!!python/name:os.system\n",
    "x: !!python/object/apply:os.system ['true']\n",
    "x: !unknown tag\n",
    "i: !!int abc\n",
    "b: !!bool maybe\n",
    "&a [*a]\n",
    "",
    "[]\n",
    "{}\n",
    "- a\n- b: c\n",
    "1: a\n2.5: b\ntrue: c\nnull: d\n2026-01-01: e\n",
    "名前: 奈義町\nlist:\n  - 'quoted: yes'\n  - \"esc\\u00e9\"\n  - |\n    block\n    text\n  - >\n    folded\n    text\n",
    "= : value\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_direct_construction_gives_what_the_safe_constructor_gives(text: str) -> None:
    assert outcome(loader._Loader, text) == outcome(_Reference, text)


def test_aliases_stay_one_object() -> None:
    data = parse(loader._Loader, "a: &x {k: v}\nb: *x\n")
    assert data["a"] is data["b"]
    (inner,) = parse(loader._Loader, "&a [*a]\n")
    assert isinstance(inner, list) and inner[0] is inner


def test_every_knowledge_file_parses_the_same(tmp_path: Path) -> None:
    files = sorted(DEFAULT_DIR.rglob("*.yaml")) + sorted(generate(tmp_path / "kb", 40).rglob("*.yaml"))
    assert len(files) > 45
    for file in files:
        text = file.read_text(encoding="utf-8")
        fast, reference = parse(loader._Loader, text), parse(_Reference, text)
        assert fast == reference and repr(fast) == repr(reference), file


def _knowledge_with_problems(tmp_path: Path) -> Path:
    root = generate(tmp_path / "kb", 30)
    towns = sorted((root / "towns").glob("*.yaml"))
    towns[3].write_text("name: [unclosed\n", encoding="utf-8")  # malformed YAML, in a worker's share
    towns[20].write_bytes(b"name: \xff\n")  # not UTF-8
    towns[25].write_text("- a list\n", encoding="utf-8")  # not a mapping
    towns[28].write_text("x: " + "a" * loader.MAX_FILE_BYTES + "\n", encoding="utf-8")  # too large
    return root


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse in other processes from 2 files on, on 2 cores, even if this test process runs threads."""
    monkeypatch.setattr(loader, "PARALLEL_FILES", 2)
    monkeypatch.setattr(loader.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(loader.threading, "active_count", lambda: 1)


def test_towns_parsed_in_other_processes_load_the_same(tmp_path: Path, parallel: None, monkeypatch: pytest.MonkeyPatch) -> None:
    root = generate(tmp_path / "kb", 30)
    paths = sorted((root / "towns").glob("*.yaml"))
    parsed = loader._parse_in_parallel(paths)
    assert list(parsed) == paths and all(parsed[p] == parse(loader._Loader, p.read_text(encoding="utf-8")) for p in paths)
    together = load_knowledge(root)
    monkeypatch.setattr(loader, "PARALLEL_FILES", 10_000)
    assert loader._parse_in_parallel(paths) == {}
    assert load_knowledge(root) == together


def test_problems_are_the_same_whoever_parsed_the_file(tmp_path: Path, parallel: None, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _knowledge_with_problems(tmp_path)
    with pytest.raises(KnowledgeError) as in_parallel:
        load_knowledge(root)
    monkeypatch.setattr(loader, "PARALLEL_FILES", 10_000)
    with pytest.raises(KnowledgeError) as here:
        load_knowledge(root)
    assert in_parallel.value.problems == here.value.problems
    assert len(here.value.problems) == 4
    assert [p.message.split(":")[0] for p in here.value.problems] == [
        "malformed YAML", "not UTF-8 text (invalid start byte at byte 6)", "expected a mapping at the top level, found list",
        f"file is larger than {loader.MAX_FILE_BYTES:,} bytes",
    ]  # fmt: skip


def test_parse_cache_is_filled_from_other_processes_too(tmp_path: Path, parallel: None) -> None:
    root = generate(tmp_path / "kb", 30)
    cache = tmp_path / "cache.json"
    first = load_knowledge(root, cache)
    assert sum("/towns/" in name for name in loader.ParseCache(cache).entries) == 30
    assert load_knowledge(root, cache) == first


def test_no_other_process_while_threads_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "PARALLEL_FILES", 2)
    monkeypatch.setattr(loader.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(loader.threading, "active_count", lambda: 2)  # e.g. a reload on the bot's thread pool
    root = generate(tmp_path / "kb", 5)
    assert loader._parse_in_parallel(sorted((root / "towns").glob("*.yaml"))) == {}
