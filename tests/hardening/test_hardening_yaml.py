"""YAML is only ever loaded with a safe loader.

Every Python file of the project (bot/ and tests/) is parsed, and every call that loads YAML is checked: ``safe_load``
and ``safe_load_all`` pass; ``load``/``load_all`` only with ``Loader=`` a safe loader (bot/knowledge/loader.py's
``_Loader``, a CSafeLoader/SafeLoader subclass); ``unsafe_load``, ``full_load`` and any other ``Loader=`` fail. The
safe loaders themselves are checked to refuse Python object tags.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeError, load_knowledge, loader
from bot.knowledge.loader import DEFAULT_DIR

ROOT = Path(__file__).resolve().parents[2]
SAFE_CALLS = {"safe_load", "safe_load_all", "safe_dump", "safe_dump_all", "dump", "dump_all", "YAMLError"}
LOADING_CALLS = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all", "add_constructor"}
# Loader= values that are safe, by the name used in the code, and the class they name.
SAFE_LOADERS = {"_Loader": loader._Loader, "yaml.SafeLoader": yaml.SafeLoader, "yaml.CSafeLoader": getattr(yaml, "CSafeLoader", yaml.SafeLoader)}


def python_files() -> list[Path]:
    """The project's Python files, but this one (it calls ``yaml.load`` with each loader it checks)."""
    this = Path(__file__).resolve()
    return sorted(p for folder in ("bot", "tests") for p in (ROOT / folder).rglob("*.py") if p.resolve() != this)


def yaml_calls(tree: ast.AST) -> list[ast.Call]:
    """Calls of ``yaml.<something>(...)``, and any call with a ``Loader=`` keyword."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        on_yaml = isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id == "yaml"
        if on_yaml or any(k.arg == "Loader" for k in node.keywords):
            found.append(node)
    return found


def test_every_yaml_load_is_safe() -> None:
    problems, loads = [], 0
    for path in python_files():
        source = path.read_text(encoding="utf-8")
        assert "from yaml import" not in source and "import yaml as" not in source, f"{path}: import yaml plainly"
        for call in yaml_calls(ast.parse(source, str(path))):
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            name = call.func.attr if isinstance(call.func, ast.Attribute) else ast.unparse(call.func)
            loader_arg = next((ast.unparse(k.value) for k in call.keywords if k.arg == "Loader"), None)
            if name in ("safe_load", "safe_load_all") or (name in ("load", "load_all") and loader_arg in SAFE_LOADERS):
                loads += 1
            elif name in LOADING_CALLS or loader_arg is not None:
                problems.append(f"{where}: {ast.unparse(call)}")
            elif name not in SAFE_CALLS:
                problems.append(f"{where}: unexpected yaml.{name}, add it to this test once checked")
    assert not problems, "\n".join(problems)
    assert loads >= 5  # the knowledge loader, the evaluation file, the benchmark and tests: the scan sees them


@pytest.mark.parametrize("name", sorted(SAFE_LOADERS))
def test_the_safe_loaders_are_safe(name: str) -> None:
    cls = SAFE_LOADERS[name]
    assert issubclass(cls, yaml.constructor.SafeConstructor)
    assert not issubclass(cls, yaml.constructor.FullConstructor)  # Full and Unsafe construct Python objects
    for document in ("!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!python/object:object {}"):
        with pytest.raises(yaml.constructor.ConstructorError):
            yaml.load(document, Loader=cls)  # noqa: S506 - a safe loader, checked above


def test_the_knowledge_loader_refuses_python_tags(tmp_path: Path) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    (target / "towns" / "evil.yaml").write_text("name: !!python/object/apply:os.system ['touch pwned']\n", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load_knowledge(target)
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
