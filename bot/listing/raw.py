"""What one page says about one town, before pairing and resolving: the shape both page parsers fill."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.listing.text import join_lines, paragraphs, tidy

_VIDEO = re.compile(r"video|movie|動画|ムービー|映像", re.IGNORECASE)


@dataclass
class RawItem:
    title: str | None  # None: the page gives the paragraph no title
    text: str


@dataclass
class RawTown:
    name: str  # as the page writes it: "Ibara City", "井原市"
    prefecture: str  # the page's word: "Okayama", "岡山県"
    population: int | None = None
    population_as_of: str | None = None
    area: float | None = None
    forest: float | None = None
    forest_percent: float | None = None
    outline: str = ""
    websites: list[str] = field(default_factory=list)
    wishes: list[str] = field(default_factory=list)  # one per row the town has on the page
    partners: list[str] = field(default_factory=list)  # the partner characteristics of each row
    items: list[RawItem] = field(default_factory=list)
    videos: list[str] = field(default_factory=list)
    date_modified: str | None = None
    problems: list[str] = field(default_factory=list)

    def merge(self, other: RawTown) -> None:
        """The same town listed again in another row: its wish and partner characteristics are one more row."""
        self.wishes += other.wishes or [""]
        self.partners += other.partners or [""]
        self.items += [i for i in other.items if i not in self.items]
        self.videos += [v for v in other.videos if v not in self.videos]
        self.websites += [w for w in other.websites if w not in self.websites]


URL = r"https?://[^\s()（）<>\"'「」]+"  # an address ends before a space or a bracket: "…/(Official website)"


def split_rows(town: RawTown, wish: str, rows: int) -> None:
    """A town the summary table lists in ``rows`` rows but the page describes once, its wish one line a row
    ("England, U.S., etc." then "Finland"): one wish a line."""
    lines = [line.strip() for line in wish.splitlines() if line.strip()]
    if rows > 1 and len(town.wishes) == 1 and len(lines) == rows:
        town.wishes = lines


def sections(block: str, labels: list[tuple[str, re.Pattern[str]]]) -> dict[str, str]:
    """The text after each label (at the start of a line) up to the next label; a label may be followed by its text on
    the same line. A label seen twice keeps both texts, separated by a blank line."""
    found: list[tuple[int, int, str]] = []
    for key, pattern in labels:
        for match in pattern.finditer(block):
            found.append((match.start(), match.end(), key))
    found.sort()
    kept: list[tuple[int, int, str]] = []
    for start, end, key in found:
        if kept and start < kept[-1][1]:
            continue  # a label inside another's match
        kept.append((start, end, key))
    out: dict[str, str] = {}
    for n, (_, end, key) in enumerate(kept):
        stop = kept[n + 1][0] if n + 1 < len(kept) else len(block)
        text = block[end:stop].strip(" \t:：\n")
        out[key] = f"{out[key]}\n\n{text}".strip() if key in out else text
    return out


def label(words: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*(?:{words})[ \t]*[:：]?", re.MULTILINE | re.IGNORECASE)


def pr_items(text: str, is_title) -> tuple[list[RawItem], list[str]]:
    """PR items and video titles from the PR section.

    A title is a 【bracketed】 line (its closing 】 may be missing: the line is the title) or a short title-like line
    (``is_title``). A title followed directly by its text owns that one paragraph, and a later untitled paragraph is
    an item of its own; a title followed by a blank line owns the paragraphs up to the next title. A title with no
    text that names a video is a video.
    """
    items: list[RawItem] = []
    videos: list[str] = []
    title: str | None = None
    body: list[str] = []
    greedy = False

    def close() -> None:
        nonlocal title, body
        text = "\n\n".join(body).strip()
        if title is not None and not text and _VIDEO.search(title):
            videos.append(title)
        elif text:  # a title with no text ("Kamiyoshi Village introduction (PDF)") is a link the text page lost
            items.append(RawItem(title, text))
        title, body = None, []

    paras = paragraphs(text)
    for n, para in enumerate(paras):
        lines = list(para)
        while lines:
            line = lines[0]
            # 【Title】 (its 】 may be missing), or a title after a bullet mark: ■Title, ◆Title
            bracket = re.match(r"^[【\[]([^】\]]*)[】\]]?\s*(.*)$", line) or re.match(r"^[■□◆◇●○▼▽★☆◎]\s*(.+)()$", line)
            if bracket or (is_title(line) and (len(lines) > 1 or n + 1 < len(paras))):
                close()
                if bracket:
                    title = tidy(bracket.group(1)) or None
                    rest = bracket.group(2).strip()
                    lines = ([rest] if rest else []) + lines[1:]
                else:
                    title = tidy(line)
                    lines = lines[1:]
                greedy = not lines  # the title stands alone: its text is the paragraphs that follow
                continue
            if title is None and body and not greedy:
                close()
            if title is not None and body and not greedy:
                close()
            body.append(join_lines(lines))
            lines = []
    close()
    return items, videos
