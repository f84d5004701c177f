"""Japanese answers that quote a town's English text (the listing was imported from the English page alone) say so."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core import i18n
from bot.core.reply import Reply
from bot.knowledge.models import Knowledge

# An English sentence quoted: five words or more in a row (a town's name alone, "Shintoku Town", is not one).
_ENGLISH = re.compile(r"[A-Za-z][\w'’,.-]*(?:[ \u00a0][(\"“]?[A-Za-z0-9][\w'’,.)-]*){4,}")


def with_source_note(reply: Reply, knowledge: Knowledge) -> Reply:
    """A Japanese answer quoting the English page's text of a town with no Japanese text says that the quote is
    from CLAIR's English page: in the title of the first block quoting it, else after the quote."""
    if reply.lang != "ja":
        return reply
    text = reply.text
    if not _ENGLISH.search(text) or not any(
        t.needs_translation and (t.id in reply.towns or t.name.en in text) for t in knowledge.towns.values()
    ):
        return reply
    _ = i18n.translator("ja")
    note = _("(from CLAIR's English page)")
    blocks = list(reply.blocks)
    for n, block in enumerate(blocks):  # the first block quoting English says so, in its title or after the quote
        lines = [_ENGLISH.search(line) is not None for line in block.lines]
        if any(lines):
            if block.title:
                blocks[n] = replace(block, title=f"{block.title}{note}")
            else:
                at = lines.index(True)
                blocks[n] = replace(block, lines=(*block.lines[:at], block.lines[at] + note, *block.lines[at + 1 :]))
            break
    return replace(reply, blocks=tuple(blocks))
