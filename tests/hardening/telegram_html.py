"""A checker for Telegram's HTML parse mode: allowed tags only, balanced, every ``<`` and ``&`` escaped."""

from __future__ import annotations

import html
import re

ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "span", "a", "code", "pre", "blockquote", "tg-emoji"}
_TOKEN = re.compile(r"<(/?)([a-z-]+)((?:\s+[a-z-]+=\"[^\"<>]*\")*)\s*>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]")
MAX_LENGTH = 4096  # characters after entity parsing, counted in UTF-16 code units


def check(text: str) -> str:
    """Return the visible text of a valid Telegram HTML message, or raise ValueError saying what is wrong."""
    stack: list[str] = []
    visible: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        visible.append(text[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if token in ("<", "&"):
            raise ValueError(f"unescaped {token!r} at {match.start()}")
        if token == ">":
            visible.append(">")
        elif token.startswith("&"):
            visible.append(html.unescape(token))
        else:
            closing, tag = match.group(1), match.group(2)
            if tag not in ALLOWED:
                raise ValueError(f"tag <{tag}> is not allowed")
            if closing:
                if not stack or stack.pop() != tag:
                    raise ValueError(f"unbalanced </{tag}>")
            else:
                stack.append(tag)
    visible.append(text[pos:])
    if stack:
        raise ValueError(f"unclosed <{stack[-1]}>")
    shown = "".join(visible)
    if not shown.strip():
        raise ValueError("empty message")
    if len(shown.encode("utf-16-le")) // 2 > MAX_LENGTH:
        raise ValueError(f"{len(shown.encode('utf-16-le')) // 2} UTF-16 units is over {MAX_LENGTH}")
    return shown
