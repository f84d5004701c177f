"""Pure rendering of an engine ``Reply`` as Telegram HTML messages, and the button data format.

Every text is escaped (``html.escape(quote=False)``), titles are bold, paragraphs are joined by a blank line and
split into messages of at most 4,096 characters on paragraph boundaries (a single longer paragraph is cut on line,
then word, then character boundaries). Actions become an inline keyboard on the last message; a button carries
``v1|<command>`` (at most 64 bytes: longer commands are left out).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.reply import Action, Block, Reply

MAX_MESSAGE = 4096
MAX_CALLBACK_BYTES = 64
MAX_BUTTONS = 100
CALLBACK_VERSION = "v1"
DEEP_LINK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # what a t.me/<bot>?start= payload may hold
_SEPARATOR = "\n\n"
# What an engine command looks like: ``verb`` or ``verb:argument`` (``town:nagi``, ``topic:ibara/ibara-denim``).
_COMMAND = re.compile(r"^[a-z][a-z_]*(:[A-Za-z0-9][A-Za-z0-9_./:-]*)?$")


@dataclass(frozen=True)
class Message:
    """One Telegram message: HTML text and an optional keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def block_html(block: Block) -> str:
    """A block as HTML: the title in bold, each field as a bold label and its value, then its lines (in a
    ``<blockquote>`` for a quote)."""
    lines = [escape(line) for line in block.lines]
    if block.quote and lines:
        lines = [f"<blockquote>{chr(10).join(lines)}</blockquote>"]
    lines[:0] = [f"<b>{escape(label)}:</b> {escape(value)}" for label, value in block.fields]
    if block.title:
        lines.insert(0, f"<b>{escape(block.title)}</b>")
    return "\n".join(lines)


def size(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _fits(text: str, limit: int) -> int:
    """How many leading characters of ``text`` fit in ``limit`` UTF-16 units."""
    units = 0
    for count, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return count
    return len(text)


def render(reply: Reply, limit: int = MAX_MESSAGE) -> list[Message]:
    """A reply as messages of at most ``limit`` UTF-16 units, the keyboard on the last one."""
    texts = split_paragraphs([block_html(b) for b in reply.blocks if b.title or b.lines or b.fields], limit)
    if not texts:
        texts = ["…"]
    keyboard = keyboard_for(reply.actions)
    return [Message(t) for t in texts[:-1]] + [Message(texts[-1], keyboard)]


def split_paragraphs(paragraphs: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Pack paragraphs into chunks of at most ``limit`` characters, cutting only an oversized paragraph."""
    chunks: list[str] = []
    current = ""
    for paragraph in paragraphs:
        for piece in _cut(paragraph, limit):
            candidate = f"{current}{_SEPARATOR}{piece}" if current else piece
            if size(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


_TAG = re.compile(r"<(/?)(b|blockquote)>")


def _open_tags(html_text: str) -> list[str]:
    """The ``<b>`` and ``<blockquote>`` tags left open at the end of ``html_text``, outermost first."""
    stack: list[str] = []
    for match in _TAG.finditer(html_text):
        if match.group(1):
            if stack and stack[-1] == match.group(2):
                stack.pop()
        else:
            stack.append(match.group(2))
    return stack


def _cut(text: str, limit: int) -> list[str]:
    """Cut one paragraph into pieces of at most ``limit`` characters: at newlines, else spaces, else anywhere.

    A cut never falls inside an HTML tag or entity, and a ``<b>`` or ``<blockquote>`` left open is closed before it
    and reopened after it.
    """
    pieces: list[str] = []
    while size(text) > limit:
        at = _cut_point(text, limit)
        head, rest = text[:at], text[at:].lstrip("\n ")
        opened = _open_tags(head)
        closing = "".join(f"</{tag}>" for tag in reversed(opened))
        while opened and size(head.rstrip()) + size(closing) > limit:
            at = _cut_point(head, limit - size(closing))
            head, rest = head[:at], head[at:].lstrip("\n ") + rest
            opened = _open_tags(head)
            closing = "".join(f"</{tag}>" for tag in reversed(opened))
        pieces.append(head.rstrip() + closing)
        text = "".join(f"<{tag}>" for tag in opened) + rest
    pieces.append(text.rstrip())
    return [p for p in pieces if p and _TAG.sub("", p).strip()]


def _cut_point(text: str, limit: int) -> int:
    """The best place to cut ``text`` before ``limit``: the last newline, else space, else a safe character."""
    end = _fits(text, limit)
    window = text[:end]
    for mark in ("\n", " "):
        at = window.rfind(mark)
        if at > end // 4:
            return at
    at = end
    # Do not cut inside an entity (&amp;) or a tag (<b>).
    amp, lt = window.rfind("&"), window.rfind("<")
    if amp > window.rfind(";") and amp > 0:
        at = amp
    if lt > window.rfind(">") and lt > 0:
        at = min(at, lt)
    return at


def callback_data(command: str) -> str | None:
    """The button data of a command, or None when it is not a plain command or longer than Telegram's 64 bytes."""
    data = f"{CALLBACK_VERSION}|{command}"
    if not _COMMAND.match(command) or len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        return None
    return data


def parse_callback(data: str | None) -> str | None:
    """The command a button carries, or None for data of another version, forged or garbled."""
    if not data or len(data) > MAX_CALLBACK_BYTES:
        return None
    version, sep, command = data.partition("|")
    if version != CALLBACK_VERSION or not sep or not _COMMAND.match(command):
        return None
    return command


def keyboard_for(actions: tuple[Action, ...]) -> InlineKeyboardMarkup | None:
    """Actions as an inline keyboard: two short labels a row, a long label alone; None when nothing fits."""
    buttons = [
        InlineKeyboardButton(a.label[:64], callback_data=data)
        for a in actions
        if (data := callback_data(a.command)) is not None and a.label.strip()
    ][:MAX_BUTTONS]
    if not buttons:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        if rows and len(rows[-1]) == 1 and _short(rows[-1][0].text) and _short(button.text):
            rows[-1].append(button)
        else:
            rows.append([button])
    return InlineKeyboardMarkup(rows)


def _short(label: str) -> bool:
    return len(label) <= 18
