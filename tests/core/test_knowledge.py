"""Loading the knowledge base, and every kind of validation error naming its file and field."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.core.engine import Engine
from bot.knowledge import KnowledgeError, load_knowledge


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return [str(p) for p in caught.value.problems]


def test_real_knowledge_has_the_three_towns():
    kb = load_knowledge()
    assert set(kb.towns) == {"ibara", "ujitawara", "nagi"}
    assert kb.towns["ibara"].name.ja == "井原市"
    assert kb.towns["ibara"].population.value == 39019
    assert kb.towns["ujitawara"].area.forest_km2 == 43.76
    assert kb.towns["nagi"].wishes[0].countries == ["AU", "NZ"]
    assert kb.towns["ibara"].wishes[0].official_languages == ["en"]
    assert kb.clair.contact.tel == "+81-3-5213-1723"
    assert kb.clair.contact.fax == "+81-3-5213-1742"
    assert kb.clair.contact.email is None


def test_every_pr_item_has_japanese_text():
    for town in load_knowledge().towns.values():
        assert town.pr_items
        for item in town.pr_items:
            assert item.text.ja.strip() and item.title.ja.strip()


def test_malformed_yaml_names_file_and_line(kb_copy):
    path = kb_copy / "towns" / "nagi.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nbroken: [unclosed\n", encoding="utf-8")
    [problem] = problems(kb_copy)
    assert problem.startswith("towns/nagi.yaml: malformed YAML: line ")


def test_missing_japanese_text(kb_copy):
    edit(kb_copy / "towns" / "nagi.yaml", lambda d: d["outline"].pop("ja"))
    assert problems(kb_copy) == ["towns/nagi.yaml: outline.ja: is required"]


def test_population_must_be_a_number(kb_copy):
    edit(kb_copy / "towns" / "ibara.yaml", lambda d: d["population"].update(value="many"))
    [problem] = problems(kb_copy)
    assert problem.startswith("towns/ibara.yaml: population.value: ") and "integer" in problem


def test_unknown_country_code(kb_copy):
    edit(kb_copy / "towns" / "nagi.yaml", lambda d: d["wishes"][0].update(countries=["AU", "XY"]))
    [problem] = problems(kb_copy)
    assert problem.startswith("towns/nagi.yaml: wishes[0].countries: unknown country code 'XY'")


def test_duplicate_alias_between_towns(kb_copy):
    edit(kb_copy / "towns" / "nagi.yaml", lambda d: d["aliases"].append("Ibara"))
    assert any(p.startswith("towns/") and "'Ibara' is also a name of town" in p for p in problems(kb_copy))


def test_unknown_prefecture_and_unknown_field(kb_copy):
    edit(kb_copy / "towns" / "nagi.yaml", lambda d: d.update(prefecture="atlantis", mayor="x"))
    found = problems(kb_copy)
    assert "towns/nagi.yaml: mayor: is not a known field" in found


def test_id_comes_from_file_name(kb_copy):
    edit(kb_copy / "towns" / "nagi.yaml", lambda d: d.update(id="other"))
    assert problems(kb_copy) == ["towns/nagi.yaml: id: is given by the file name; remove it"]


def test_yaml_is_loaded_safely(kb_copy):
    path = kb_copy / "towns" / "nagi.yaml"
    path.write_text("!!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    [problem] = problems(kb_copy)
    assert "malformed YAML" in problem


def test_validate_command_reports_and_exits_non_zero(kb_copy):
    edit(kb_copy / "towns" / "nagi.yaml", lambda d: d["population"].update(value="many"))
    run = subprocess.run([sys.executable, "-m", "bot", "validate", str(kb_copy)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "towns/nagi.yaml: population.value" in run.stderr
    ok = subprocess.run([sys.executable, "-m", "bot", "validate"], capture_output=True, text=True)
    assert ok.returncode == 0 and "3 towns" in ok.stdout


def test_a_fourth_town_is_just_a_file(kb_copy):
    def to_testville(d):
        d["name"] = {"en": "Testville Town", "ja": "試験町"}
        d["aliases"] = ["Testville", "しけんちょう"]
        d["prefecture"] = "hokkaido"
        d["wishes"] = [{"text": {"en": "Brazil", "ja": "ブラジル"}, "countries": ["BR"]}]
        d["pr_items"] = [
            {
                "id": "glass",
                "title": {"en": "Testville Glassworks", "ja": "試験町ガラス工房"},
                "text": {"en": "Glass blowing since 1900.", "ja": "1900年からのガラス工芸。"},
                "keywords": {"en": ["glass"], "ja": ["ガラス"]},
            }
        ]

    source = yaml.safe_load((kb_copy / "towns" / "nagi.yaml").read_text(encoding="utf-8"))
    to_testville(source)
    (kb_copy / "towns" / "testville.yaml").write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    engine = Engine.load(kb_copy)
    assert engine.reply("population of Testville").towns == ("testville",)
    assert engine.reply("Which towns want Brazil?").towns == ("testville",)
    assert engine.reply("試験町について教えて").towns == ("testville",)
    assert engine.reply("Hokkaido").towns == ("testville",)
    assert engine.reply("glass").towns == ("testville",)
    assert "testville" in engine.act("towns").towns
