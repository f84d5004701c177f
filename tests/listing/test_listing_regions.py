"""Regions by CLDR's territory containment (UN M49): continents and their sub-regions, with the reason shown."""

from pathlib import Path

import pytest

from bot import regions
from bot.core.engine import Engine
from bot.knowledge.loader import KnowledgeError, load_knowledge


def test_containment_from_cldr():
    assert regions.members("035") == {"BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN"}
    assert regions.members("035") < regions.members("142")
    assert {"US", "CA", "MX", "JM"} <= regions.members("003") and "BR" not in regions.members("003")
    assert regions.members("021") == {"BM", "CA", "GL", "PM", "US"}
    assert {"AU", "NZ", "FJ"} <= regions.members("009") and "QO" not in regions.members("009")
    assert "FR" in regions.members("EU") and "GB" not in regions.members("EU")
    assert regions.containing("TH", ["150", "142"]) == "142"
    assert regions.name("035", "ja") == "東南アジア"
    assert not regions.known("001") and not regions.known("XX")


def _with_wish(kb: Path, rule: str) -> Engine:
    path = kb / "towns" / "nagi.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    countries: [AU, NZ]\n", rule), encoding="utf-8")
    return Engine.load(kb)


def test_a_sub_region_wish_answers_with_its_reason(kb_copy):
    engine = _with_wish(kb_copy, '    regions: ["035"]\n')
    reply = engine.reply("which towns want Vietnam?")
    assert reply.intent == "country" and "nagi" in reply.towns, reply.text
    assert "wants a partner in Southeast Asia; Vietnam is in Southeast Asia" in reply.text
    reply = engine.reply("ベトナムと交流したい自治体は？")
    assert "nagi" in reply.towns and "東南アジア" in reply.text, reply.text
    assert "nagi" not in engine.reply("which towns want China?").towns


@pytest.mark.parametrize("code", ["001", "999", "XX"])
def test_an_unknown_region_code_is_refused(kb_copy, code):
    path = kb_copy / "towns" / "nagi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    countries: [AU, NZ]\n", f'    regions: ["{code}"]\n'), encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert "unknown region code" in str(error.value) and "035 Southeast Asia" in str(error.value)
