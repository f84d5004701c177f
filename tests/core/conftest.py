import shutil
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.knowledge.loader import DEFAULT_DIR


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load()


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the real knowledge directory."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target
