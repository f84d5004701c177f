"""Readings of names most readers misread (田中 read でんちゅう): given once, at a name's first use in a Japanese
answer, and accepted in questions (でんちゅう美術館)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.core.reply import Block, Reply
from bot.knowledge.models import Knowledge


def with_readings(reply: Reply, knowledge: Knowledge) -> Reply:
    """A Japanese answer with the reading of each name most readers misread at its first use (town ``readings``)."""
    readings = {w: k for t in reply.towns if t in knowledge.towns for w, k in knowledge.towns[t].readings.items()}
    return replace(reply, blocks=annotate(reply.blocks, readings)) if readings and reply.lang == "ja" else reply


def read_forms(text: str, readings: Mapping[str, str]) -> list[str]:
    """``text`` with each name it holds written in its reading instead (田中美術館 -> でんちゅう美術館)."""
    return [text.replace(word, kana) for word, kana in readings.items() if word in text]


def annotate(blocks: tuple[Block, ...], readings: Mapping[str, str]) -> tuple[Block, ...]:
    """The blocks with each name's reading after its first use: 田中（でんちゅう）美術館. A name inside a longer one
    that has its own reading (田中 in 平櫛田中) is that one's."""
    texts = [t for b in blocks for t in ((b.title,) if b.title else ()) + b.lines]
    joined = "\n".join(texts)
    claimed: list[range] = []
    marks: list[tuple[int, str]] = []
    for word in sorted(readings, key=len, reverse=True):
        spans = [range(i, i + len(word)) for i in _find_all(joined, word)]
        free = [s for s in spans if not any(s.start < c.stop and c.start < s.stop for c in claimed)]
        claimed += spans
        if free:
            marks.append((free[0].stop, f"（{readings[word]}）"))
    if not marks:
        return blocks
    for at, mark in sorted(marks, reverse=True):
        if not joined.startswith("（", at):
            joined = joined[:at] + mark + joined[at:]
    read = iter(joined.split("\n"))
    out = []
    for block in blocks:
        title = next(read) if block.title else None
        out.append(replace(block, title=title, lines=tuple(next(read) for _ in block.lines)))
    return tuple(out)


def _find_all(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + len(word))
    return found
