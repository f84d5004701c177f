"""``import-listing``: the seed reproduces today's knowledge; a new listing replaces it, archives the towns that left,
reports what the two pages disagree on, and writes nothing when the result does not validate."""

from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.knowledge.loader import DEFAULT_DIR, load_knowledge, warnings
from bot.listing.importer import Importer
from bot.text import compact

from .conftest import DATA, TODAY, seed_en

LISTING_EN = (DATA / "listing_en.txt").read_text(encoding="utf-8")
LISTING_JA = (DATA / "listing_ja.txt").read_text(encoding="utf-8")
SEED_JA = (DATA / "seed_ja.txt").read_text(encoding="utf-8")


def run(directory: Path, en: str, ja: str | None = None, dry_run: bool = False):
    return Importer(directory, TODAY).run(en, ja, dry_run)


def words(text: str) -> str:
    return " ".join(text.split())


def same_text(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.ratio(words(a), words(b)) >= 96  # the hand-written files fixed a few typos ("Ordiance", "died")


@pytest.mark.parametrize("with_japanese", [False, True])
def test_importing_the_seed_reproduces_todays_knowledge(kb_empty, with_japanese):
    result = run(kb_empty, seed_en(), SEED_JA if with_japanese else None)
    assert result.ok and result.written, result.problems
    imported, today = load_knowledge(kb_empty), load_knowledge(DEFAULT_DIR)
    assert set(imported.towns) == set(today.towns)
    for town_id, town in today.towns.items():
        new = imported.towns[town_id]
        assert (new.name.en, new.kind, new.prefecture) == (town.name.en, town.kind, town.prefecture)
        assert new.population == town.population
        assert new.area == town.area
        assert new.date_modified == town.date_modified
        assert [(w.text.en, w.countries, w.regions, w.official_languages, w.examples) for w in new.wishes] == [
            (w.text.en, w.countries, w.regions, w.official_languages, w.examples) for w in town.wishes
        ]
        assert new.partner.en == town.partner.en
        assert same_text(new.outline.en, town.outline.en)
        assert len(new.pr_items) == len(town.pr_items)
        for item, known in zip(new.pr_items, town.pr_items, strict=False):
            assert same_text(item.text.en, known.text.en), item.title.en
        titled = {i.title.en for i in new.pr_items} & {i.title.en for i in town.pr_items}
        assert len(titled) >= len(town.pr_items) - 3  # Ibara's three untitled paragraphs get titles made from their text
        assert [compact(v.en) for v in new.videos] == [compact(v.en) for v in town.videos]
        if with_japanese:
            assert new.name.ja == town.name.ja and new.outline.ja == town.outline.ja and not new.needs_translation
            assert [i.title.ja for i in new.pr_items] == [i.title.ja for i in town.pr_items]
            assert "いばら" in imported.towns["ibara"].aliases and "井原" in imported.towns["ibara"].aliases
    if not with_japanese:
        assert any(w.field == "outline.ja" for w in warnings(imported))


def test_the_seed_into_todays_knowledge_changes_nothing(kb_copy):
    before = {p.name: p.read_text(encoding="utf-8") for p in (kb_copy / "towns").iterdir()}
    result = run(kb_copy, seed_en(), dry_run=True)
    assert result.ok and result.lines == ["no changes"] and not result.written
    assert {p.name: p.read_text(encoding="utf-8") for p in (kb_copy / "towns").iterdir()} == before
    # written, the files keep every fact and what people added (keywords, themes, translations, fixed typos)
    assert run(kb_copy, seed_en()).written
    after, today = load_knowledge(kb_copy), load_knowledge(DEFAULT_DIR)
    for town_id, town in today.towns.items():
        new = after.towns[town_id]
        assert new.pr_items == town.pr_items and new.outline == town.outline and new.wishes == town.wishes
        assert new.aliases == town.aliases and new.partner_themes == town.partner_themes
    assert run(kb_copy, seed_en(), dry_run=True).lines == ["no changes"]


def test_a_new_listing_replaces_the_old_and_archives_it(kb_copy):
    result = run(kb_copy, LISTING_EN, LISTING_JA)
    assert result.ok and result.written, result.problems
    assert "+ added: Kawasemi City [kawasemi]" in result.lines
    assert "- removed: Ibara City [ibara] → archive/ibara.yaml" in result.lines
    kb = load_knowledge(kb_copy)
    assert set(kb.towns) == {"hoshizora", "kawasemi", "mizunara", "sakuragawa", "takamine"}
    assert set(kb.archive) == {"ibara", "nagi", "ujitawara"}
    assert kb.archive["ibara"].listed_until.value.isoformat() == "2025-06-01"
    kawasemi = kb.towns["kawasemi"]
    assert kawasemi.name.ja == "川蝉市" and kawasemi.listed_from.value.isoformat() == "2025-06-01"
    assert [w.countries for w in kawasemi.wishes] == [["US"], ["BE"]]
    assert [c.name for c in kawasemi.wishes[1].cities] == ["Bruges", "Vilvoorde", "Antwerp"]
    assert kawasemi.wishes[1].partner.ja.startswith("運河や港")
    assert kb.towns["hoshizora"].kind == "village" and kb.towns["hoshizora"].wishes[0].regions == ["142", "009"]
    assert kb.towns["mizunara"].wishes == []
    assert kb.towns["sakuragawa"].wishes[0].countries == ["GB", "US", "FR"]
    assert kb.towns["takamine"].wishes[0].examples == ["CA", "AU"]
    assert "stars" in kb.towns["hoshizora"].pr_items[1].themes  # themes from the text, words of themes.yaml
    text = (kb_copy / "towns" / "kawasemi.yaml").read_text(encoding="utf-8")
    assert "かわせみ" in yaml.safe_load(text)["aliases"] and text.startswith("# Source: CLAIR")
    # the old listing again: the towns come back from the archive, the new ones go to it
    back = run(kb_copy, seed_en(), SEED_JA)
    assert back.ok and "+ added: Ibara City [ibara] (back from the archive)" in back.lines
    kb = load_knowledge(kb_copy)
    assert set(kb.towns) == {"ibara", "nagi", "ujitawara"} and "kawasemi" in kb.archive
    assert kb.towns["ibara"].pr_items[1].title.en == "Bisei Town's starry sky"  # what a person wrote is kept


def test_disagreements_between_the_pages_are_reported(kb_copy):
    ja = LISTING_JA.replace("人口 18,302人", "人口 18,320人").replace("イギリス、アメリカ合衆国、フランス等", "イギリス、ドイツ")
    result = run(kb_copy, LISTING_EN, ja, dry_run=True)
    notes = "\n".join(result.notes)
    assert "Takamine Town / 高峰町: the pages disagree on the population: 18302 (English) ≠ 18320 (Japanese)" in notes
    assert "Sakuragawa Town: the pages disagree on the wish" in notes and "DE" in notes
    alone = run(kb_copy, LISTING_EN, LISTING_JA.replace("高峰町 香川県", "高峰町 徳島県"), dry_run=True)
    assert any("Takamine Town (Kagawa) is not on the Japanese page" in n for n in alone.notes)


def test_without_the_japanese_page_texts_await_translation(kb_copy):
    assert run(kb_copy, LISTING_EN).written
    kb = load_knowledge(kb_copy)
    town = kb.towns["takamine"]
    assert town.name.ja == "Takamine Town" and "outline" in town.needs_translation
    assert any(str(w).startswith("towns/takamine.yaml: outline.ja: needs translation") for w in warnings(kb))


def test_an_invalid_result_writes_nothing(kb_copy):
    clair = kb_copy / "clair.yaml"
    clair.write_text(clair.read_text(encoding="utf-8").replace("tel:", "telephone:"), encoding="utf-8")
    before = sorted(p.name for p in (kb_copy / "towns").iterdir())
    result = run(kb_copy, LISTING_EN, LISTING_JA)
    assert not result.ok and not result.written
    assert any(p.startswith("clair.yaml") for p in result.problems)
    assert sorted(p.name for p in (kb_copy / "towns").iterdir()) == before and not (kb_copy / "archive").exists()
    unknown = run(kb_copy, LISTING_EN.replace("(Saga Prefecture)", "(Atlantis Prefecture)"))
    assert any("unknown prefecture 'Atlantis'" in p for p in unknown.problems)


def test_the_command(kb_copy, tmp_path, capsys):
    en, ja = DATA / "listing_en.txt", DATA / "listing_ja.txt"
    assert main(["--knowledge", str(kb_copy), "import-listing", str(en), str(ja), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+ added: Hoshizora Village [hoshizora]" in out and "dry run: nothing written" in out
    assert not (kb_copy / "towns" / "hoshizora.yaml").exists()
    assert main(["--knowledge", str(kb_copy), "import-listing", str(tmp_path / "missing.txt")]) == 2
    empty = tmp_path / "empty.txt"
    empty.write_text("nothing here", encoding="utf-8")
    assert main(["--knowledge", str(kb_copy), "import-listing", str(empty)]) == 1
    assert main(["--knowledge", str(kb_copy), "import-listing", str(en), str(ja)]) == 0
    assert (kb_copy / "towns" / "hoshizora.yaml").exists() and (kb_copy / "archive" / "nagi.yaml").exists()
