"""One reply from several: the answers to a message's parts in order, or blocks said before an answer."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.reply import Block, Reply


def combine(replies: list[Reply]) -> Reply:
    """One reply for several questions: their answers in order, each block and button once (a block that says
    part of an earlier one under the same title, once: "どんな交流相手？条件は？")."""
    blocks: list[Block] = []
    for block in (b for r in replies for b in r.blocks):
        if any(b.title == block.title and set(block.lines) <= set(b.lines) and set(block.fields) <= set(b.fields) for b in blocks):
            continue
        if blocks and block.title and block.title == blocks[-1].title and not block.fields and not blocks[-1].fields:
            blocks[-1] = replace(blocks[-1], lines=blocks[-1].lines + block.lines)  # two answers from one source: one title
        else:
            blocks.append(block)
    # an earlier answer's sentences all said again by a later, whole one ("どこ？どんなとこ？": the item), once
    blocks = [b for n, b in enumerate(blocks) if not (b.title and not b.fields and any(_holds(later, b) for later in blocks[n + 1 :]))]
    actions = tuple(dict.fromkeys(a for r in replies for a in r.actions))[:6]
    towns = tuple(dict.fromkeys(t for r in replies for t in r.towns))
    last = replies[-1]
    return Reply(
        blocks=tuple(blocks), intent=replies[0].intent, lang=last.lang, towns=towns, actions=actions, state=last.state,
        submission=last.submission, data={"parts": [r.intent for r in replies]}, confidence=min(r.confidence for r in replies),
    )


_SENTENCE = re.compile(r"(?<=[。.!?！？])\s*")


def _holds(whole: Block, part: Block) -> bool:
    """Whether a titled block says every sentence of another."""
    text = " ".join(whole.lines)
    sentences = [s for line in part.lines for s in _SENTENCE.split(line) if s.strip()]
    return bool(whole.title) and whole is not part and bool(sentences) and all(s in text for s in sentences)


def prepend(reply: Reply, blocks: list[Block]) -> Reply:
    return Reply(
        blocks=(*blocks, *reply.blocks), intent=reply.intent, lang=reply.lang, towns=reply.towns,
        actions=reply.actions, state=reply.state, submission=reply.submission,
    )
