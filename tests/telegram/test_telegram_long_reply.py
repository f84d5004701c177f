"""A real answer longer than 4,096 characters (a town with a long outline) arrives as several messages."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import tg_updates as tg
import yaml
from conftest import Bot

from bot.core.engine import Engine
from bot.knowledge.loader import DEFAULT_DIR

PARAGRAPHS = [f"Paragraph {n}: Nagi <art> & nature, *stars* & \"kabuki\". " + "Long text goes on. " * 30 for n in range(12)]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The real engine over a copy of the knowledge where Nagi's English outline is very long."""
    root = tmp_path_factory.mktemp("kb") / "knowledge"
    shutil.copytree(DEFAULT_DIR, root)
    path = root / "towns" / "nagi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["outline"]["en"] = "\n\n".join(p.strip() for p in PARAGRAPHS)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Engine.load(Path(root))


async def test_long_answer_is_split_on_paragraphs(bot: Bot) -> None:
    calls = [c for c in await bot.send(tg.message("tell me about nagi")) if c.method == "sendMessage"]
    assert len(calls) >= 2
    texts = [c["text"] for c in calls]
    assert all(len(t) <= 4096 for t in texts)
    assert texts[0].startswith("<b>Nagi Town")
    # No paragraph is cut: each starts a message or follows a blank line, whole.
    joined = "\n\n".join(texts)
    for paragraph in PARAGRAPHS:
        assert html.escape(paragraph.strip(), quote=False) in joined
    assert re.search(r"&(?!(lt|gt|amp);)", joined) is None
    # The buttons go with the last message only.
    assert [bool(c.get("reply_markup")) for c in calls] == [False] * (len(calls) - 1) + [True]
