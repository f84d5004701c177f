"""The knowledge loader given broken files fails with its clear message, never another exception."""

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.loader import DEFAULT_DIR

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20), st.dates())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
FIELDS = ["name", "kind", "aliases", "prefecture", "population", "area", "outline", "wishes", "partner", "pr_items", "date_modified"]
RUNS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("kb") / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def load_or_explain(directory: Path) -> None:
    try:
        load_knowledge(directory)
    except KnowledgeError as error:
        assert error.problems and all(str(p).split(":")[0] for p in error.problems)


@RUNS
@given(text=st.text(max_size=2000))
def test_any_text_as_a_town_file(base, text):
    path = base / "towns" / "zz.yaml"
    try:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    except UnicodeEncodeError:
        return
    try:
        load_or_explain(base)
    finally:
        path.unlink()


@RUNS
@given(field=st.sampled_from(FIELDS), value=VALUES)
def test_any_value_in_any_field(base, field, value):
    path = base / "towns" / "nagi.yaml"
    original = path.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    data[field] = value
    try:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        load_or_explain(base)
    finally:
        path.write_text(original, encoding="utf-8")


def test_binary_and_huge_files(base):
    path = base / "towns" / "zz.yaml"
    try:
        path.write_bytes(b"\xff\xfe\x00garbage")
        with pytest.raises(KnowledgeError, match="not UTF-8"):
            load_knowledge(base)
        path.write_text("name: " + "x" * 1_100_000, encoding="utf-8")
        with pytest.raises(KnowledgeError, match="larger than 1,000,000 bytes"):
            load_knowledge(base)
        path.write_text("- a list\n", encoding="utf-8")
        with pytest.raises(KnowledgeError, match="expected a mapping"):
            load_knowledge(base)
        path.write_text("a: &x [*x]\n", encoding="utf-8")
        with pytest.raises(KnowledgeError):
            load_knowledge(base)
    finally:
        path.unlink()
