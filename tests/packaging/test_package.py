"""The package installs: a non-editable ``pip install .`` into a fresh venv answers from another directory, with the
knowledge base and the catalogues it ships; and ``requirements.txt`` pins every dependency of ``pyproject.toml``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    """A requirement's project name, normalised (PEP 503)."""
    return re.sub(r"[-_.]+", "-", re.split(r"[\s\[<>=~!;]", requirement, maxsplit=1)[0]).lower()


def test_requirements_pin_every_dependency() -> None:
    wanted = {_name(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, version = line.partition("==")
            assert version.strip(), f"not pinned: {line!r}"
            pins[_name(name)] = version.strip()
    assert wanted <= set(pins), f"missing from requirements.txt (run `make requirements`): {sorted(wanted - set(pins))}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with this project installed from a wheel (``pip install --no-deps .``, not editable); the
    dependencies come from the test environment (a ``.pth`` file naming its site-packages). Its bin directory."""
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"  # a copy: pip builds in the source tree, and leaves build/ there
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "build", "data", "tests", "docs", "*.egg-info", "__pycache__"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(source)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        offline = "setuptools" in done.stderr and ("No matching distribution" in done.stderr or "Could not find" in done.stderr)
        if offline:
            pytest.skip(f"cannot build the package without its build requirements from PyPI: {done.stderr.strip()[-300:]}")
        pytest.fail(f"pip install . failed:\n{done.stdout}{done.stderr}")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()  # fmt: skip
    Path(site, "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv / "bin"


def _run(bin_dir: Path, where: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KNOWLEDGE_DIR", "PYTHONPATH", "DATA_DIR", "DATABASE_URL")}
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]], cwd=where, env=env, input=stdin, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_an_installed_package_answers_from_any_directory(installed: Path, tmp_path: Path) -> None:
    where = tmp_path / "elsewhere"
    where.mkdir()
    found = _run(installed, where, "python", "-c", "import bot.resources as r; print(r.knowledge_dir()); print(r.locales_dir())")
    assert found.returncode == 0, found.stderr
    for line in found.stdout.splitlines():  # the package's own copies, not the checkout's
        assert Path(line).is_dir() and Path(line).is_relative_to(installed.parent), line

    hello = _run(installed, where, "sister-city-bot", "ask", "hello")
    assert hello.returncode == 0, hello.stderr
    assert "Ibara" in hello.stdout or "sister" in hello.stdout.lower(), hello.stdout
    japanese = _run(installed, where, "sister-city-bot", "ask", "井原市について教えて")
    assert japanese.returncode == 0 and "井原市" in japanese.stdout, japanese.stderr
    chat = _run(installed, where, "sister-city-bot", "chat", stdin="population of Nagi\n/quit\n")
    assert chat.returncode == 0 and "6,000" in chat.stdout, chat.stderr
    assert not (where / "data").exists()  # asking and chatting without an enquiry store nothing
