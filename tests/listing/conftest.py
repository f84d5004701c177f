import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.knowledge.loader import DEFAULT_DIR, load_knowledge
from bot.listing.places import Places

DATA = Path(__file__).parent.parent / "data" / "listing"
TODAY = dt.date(2025, 6, 1)


def seed_en() -> str:
    """The July 2021 English page (as a browser saves it as text) the knowledge base was written from."""
    return (DATA / "seed_en.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def places() -> Places:
    return Places(load_knowledge().countries)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target


@pytest.fixture
def kb_empty(kb_copy: Path) -> Path:
    """The knowledge directory with no town at all."""
    for path in (kb_copy / "towns").glob("*.yaml"):
        path.unlink()
    return kb_copy
