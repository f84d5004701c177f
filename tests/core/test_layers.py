"""The layers import downwards only (docs/architecture.md): channels -> services -> core and store -> knowledge and
the shared helpers. Read from the source, so a new module is covered as soon as it is added."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"

# What each part of the package may not import.
FORBIDDEN = {
    "core": ("bot.channels", "bot.services", "bot.store", "bot.config", "bot.cli", "bot.live", "bot.listing"),
    "knowledge": ("bot.core", "bot.channels", "bot.services", "bot.store", "bot.config", "bot.listing"),
    "text.py": ("bot.core", "bot.knowledge", "bot.channels", "bot.services", "bot.store"),
    "regions.py": ("bot.core", "bot.knowledge", "bot.channels", "bot.services", "bot.store"),
    "store": ("bot.channels", "bot.services", "bot.config", "bot.cli"),
    "services": ("bot.channels", "bot.cli"),
}

# Known exceptions, to be removed (none left).
ALLOWED: set[tuple[str, str]] = set()


def imports(path: Path) -> set[str]:
    """The ``bot.*`` modules a file imports, at any depth (relative imports resolved)."""
    package = ".".join(path.relative_to(BOT.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return {name for name in found if name == "bot" or name.startswith("bot.")}


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_a_layer_never_imports_one_above_it(part: str) -> None:
    files = [BOT / part] if part.endswith(".py") else sorted((BOT / part).rglob("*.py"))
    assert files
    wrong = {
        f"{path.relative_to(BOT)} imports {name}"
        for path in files
        for name in imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[part])
        and not any(str(path.relative_to(BOT)) == where and (name == what or name.startswith(what + ".")) for where, what in ALLOWED)
    }
    assert not wrong, sorted(wrong)
