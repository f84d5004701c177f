"""How the knowledge files are parsed: PyYAML's safe loader with YAML 1.2 booleans (only true/false), and every
problem of a town file reported with its file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.bench.synthetic import generate
from bot.knowledge import KnowledgeError, load_knowledge, loader
from bot.knowledge.loader import _Loader


def outcome(text: str, ours: bool) -> tuple[str, str]:
    """The value (its repr: 1, 1.0 and True differ) or the error's type, with ``_Loader`` or PyYAML's safe loader."""
    try:
        data = yaml.load(text, Loader=_Loader) if ours else yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    except Exception as error:  # noqa: BLE001 - the error itself is compared
        return "error", type(error).__name__
    return "value", repr(data)


def test_only_true_and_false_are_booleans() -> None:
    data = yaml.load("a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\ng: TRUE\nh: y\n", Loader=_Loader)  # noqa: S506
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": True, "f": False, "g": True, "h": "y"}


DOCUMENTS = [
    "n: ~\nm: null\ni: 0x1F\nj: 0o17\nk: 1_000\nl: 1:20\nf: .inf\ng: -.Inf\nh: .nan\nz: -0.5e3\ns: '12'\n",
    "d: 2026-03-01\nt: 2001-12-14t21:59:43.10-05:00\nu: 2001-12-14 21:59:43.10\n",
    "s: !!str 123\nb: !!bool yes\nx: !!binary aGVsbG8=\nf: !!float 1\ni: !!int '7'\nn: !!null ''\n",
    "a: &x {k: v, l: [1, 2]}\nb: *x\n",
    "base: &b {x: 1, y: 1}\nchild:\n  <<: *b\n  y: 2\n",
    "!!python/name:os.system\n",
    "x: !!python/object/apply:os.system ['true']\n",
    "i: !!int abc\n",
    "1: a\n2.5: b\ntrue: c\nnull: d\n2026-01-01: e\n",
    "名前: 奈義町\nlist:\n  - 'quoted: yes'\n  - \"esc\\u00e9\"\n  - |\n    block\n    text\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_everything_else_is_the_safe_loaders(text: str) -> None:
    assert outcome(text, ours=True) == outcome(text, ours=False)


def test_every_problem_of_the_town_files_is_reported(tmp_path: Path) -> None:
    root = generate(tmp_path / "kb", 30)
    towns = sorted((root / "towns").glob("*.yaml"))
    towns[3].write_text("name: [unclosed\n", encoding="utf-8")
    towns[20].write_bytes(b"name: \xff\n")
    towns[25].write_text("- a list\n", encoding="utf-8")
    towns[28].write_text("x: " + "a" * loader.MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(root)
    assert [(p.file, p.message.split(":")[0]) for p in raised.value.problems] == [
        (f"towns/{towns[3].name}", "malformed YAML"),
        (f"towns/{towns[20].name}", "not UTF-8 text (invalid start byte at byte 6)"),
        (f"towns/{towns[25].name}", "expected a mapping at the top level, found list"),
        (f"towns/{towns[28].name}", f"file is larger than {loader.MAX_FILE_BYTES:,} bytes"),
    ]
