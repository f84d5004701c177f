"""Staged imports: nothing goes live until published; publishing keeps the previous files for one rollback."""

import json

import pytest

from bot.core.engine import Engine
from bot.listing.fetch import page
from bot.listing.staging import KEEP, Staging, StagingError, fingerprint

from .conftest import DATA, TODAY


def _pages():
    en = page((DATA / "listing_en.txt").read_bytes(), "listing_en.txt")
    ja = page((DATA / "listing_ja.txt").read_bytes(), "listing_ja.txt")
    return en, ja


@pytest.fixture
def staging(kb_copy, tmp_path):
    return Staging(kb_copy, tmp_path / "work")


def test_stage_publish_rollback(staging, kb_copy):
    before = fingerprint(kb_copy)
    staged = staging.stage(*_pages(), TODAY)
    assert staged.valid and staged.changed and staged.counts() == {"added": 5, "removed": 3, "changed": 0}
    assert "+ added: Hoshizora Village [hoshizora]" in staged.lines
    assert staged.sources == ["listing_en.txt", "listing_ja.txt"]
    assert fingerprint(kb_copy) == before  # staged, not live
    assert staging.get(staged.id) == staged

    staging.publish(staged.id)
    assert (kb_copy / "towns" / "hoshizora.yaml").is_file() and not (kb_copy / "towns" / "ibara.yaml").exists()
    assert (kb_copy / "archive" / "ibara.yaml").is_file()
    assert "hoshizora" in Engine.load(kb_copy).kb.towns
    assert staging.get(staged.id) is None
    with pytest.raises(StagingError, match="no staged import"):
        staging.publish(staged.id)

    staging.rollback()
    assert fingerprint(kb_copy) == before
    assert set(Engine.load(kb_copy).kb.towns) == {"ibara", "nagi", "ujitawara"}
    with pytest.raises(StagingError, match="no earlier listing"):
        staging.rollback()


def test_an_invalid_import_is_never_published(staging, kb_copy):
    before = fingerprint(kb_copy)
    en, ja = _pages()
    broken = page(en.text.replace("(Hokkaido)", "(Atlantis)").encode(), "broken.txt")
    staged = staging.stage(broken, ja, TODAY)
    assert not staged.valid and any("Atlantis" in p for p in staged.problems)
    with pytest.raises(StagingError, match="invalid"):
        staging.publish(staged.id)
    assert fingerprint(kb_copy) == before and not staging.can_roll_back()


def test_a_staged_import_made_against_other_files_is_refused(staging, kb_copy):
    staged = staging.stage(*_pages(), TODAY)
    nagi = kb_copy / "towns" / "nagi.yaml"
    nagi.write_text(nagi.read_text(encoding="utf-8") + "\n# a hand edit\n", encoding="utf-8")
    edited = fingerprint(kb_copy)
    with pytest.raises(StagingError, match="changed since"):
        staging.publish(staged.id)
    assert fingerprint(kb_copy) == edited


def test_old_staged_imports_are_pruned_and_ids_checked(staging):
    for n in range(KEEP + 2):
        folder = staging.staged_dir / f"2020010100000{n}-abcdef"
        folder.mkdir(parents=True)
        (folder / "staged.json").write_text(json.dumps({"id": folder.name, "created": "", "sources": [], "base": ""}))
    staged = staging.stage(*_pages(), TODAY)
    assert len(list(staging.staged_dir.iterdir())) == KEEP and staging.get(staged.id) is not None
    assert staging.get("../../etc") is None and staging.get("nope") is None
