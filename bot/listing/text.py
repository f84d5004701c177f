"""Page text: HTML to lines, paragraphs joined, numbers and dates as the pages write them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from html.parser import HTMLParser

_HTML = re.compile(r"<\s*(html|body|div|p|table|tr|td|h[1-6]|br|span|section)\b", re.IGNORECASE)
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article", "ul", "ol",
          "dl", "dt", "dd", "header", "footer", "main", "nav", "blockquote", "figure", "caption", "thead", "tbody"}
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "blockquote"}
_SKIP = {"script", "style", "head", "noscript", "template"}
_IMAGE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|svg)$", re.IGNORECASE)
_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag in _PARAGRAPH else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag in _PARAGRAPH else "\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def page_text(raw: str) -> str:
    """The page as lines of text: HTML is rendered (blocks and <br> break lines, table cells are spaced); text, as a
    browser's "save as text" gives it, is kept. Lines are stripped; runs of blank lines become one; image file names
    (photos' captions in a copied page) are dropped."""
    raw = raw.lstrip("\ufeff")
    if _HTML.search(raw[:20000]):
        parser = _Text()
        parser.feed(raw)
        parser.close()
        raw = "".join(parser.parts)
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = ["" if _IMAGE.match(line) else line for line in lines]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def folded(text: str) -> str:
    """For reading labels and figures only: full-width digits and letters as ASCII, ㎢ and km² as km2."""
    return unicodedata.normalize("NFKC", text)


def join_lines(lines: list[str]) -> str:
    """One paragraph from hard-wrapped lines: a space between Latin words, none between Japanese ones."""
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if out and not (_JAPANESE.match(out[-1]) and _JAPANESE.match(line[0])):
            out += " "
        out += line
    return tidy(out)


def tidy(text: str) -> str:
    """No space before a comma or full stop ("Prefecture , within"), single spaces."""
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r" +([,.;:!?])(?=\s|$)", r"\1", re.sub(r" +,", ",", text)).strip()


def paragraphs(text: str) -> list[list[str]]:
    """The lines of each paragraph (blank lines separate them)."""
    found: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            found[-1].append(line.strip())
        elif found[-1]:
            found.append([])
    return [p for p in found if p]


def prose(text: str) -> str:
    """Paragraphs joined line by line, separated by one blank line."""
    return "\n\n".join(join_lines(p) for p in paragraphs(text))


def listed(text: str, separator: str) -> str | None:
    """A section that is a list, one short item a line with no sentence ending ("Educational exchange (schools)",
    then "Agricultural exchange"): its items joined by ``separator``; None when it reads as prose."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or any(len(line) > 60 or line[-1] in ".,;:。、，" for line in lines):
        return None
    return separator.join(lines)


def number(text: str) -> float | None:
    match = re.search(r"\d[\d,]*(?:\.\d+)?", folded(text))
    return float(match.group().replace(",", "")) if match else None


_MONTHS = {m: n for n, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), 1) for m in names}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}


def date(text: str) -> str | None:
    """"June 2021" -> "2021-06", "September 1 ,2019" / "1 March 2016" / "2019年9月1日" / "令和3年6月" -> the ISO form
    to the day or the month, as precise as the page is. None when there is no date."""
    text = folded(text).replace("元年", "1年")
    era = re.search(r"(令和|平成|昭和)\s*(\d+)\s*年\s*(\d+)\s*月(?:\s*(\d+)\s*日)?", text)
    if era:
        return _iso(_ERAS[era.group(1)] + int(era.group(2)), int(era.group(3)), era.group(4))
    ja = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?", text)
    if ja:
        return _iso(int(ja.group(1)), int(ja.group(2)), ja.group(3))
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = next((_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS), None)
    year = next((int(w) for w in words if w.isdigit() and len(w) == 4), None)
    if month and year:
        day = next((w for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31), None)
        return _iso(year, month, day)
    numeric = re.search(r"(\d{4})[./-](\d{1,2})(?:[./-](\d{1,2}))?", text)
    if numeric:
        return _iso(int(numeric.group(1)), int(numeric.group(2)), numeric.group(3))
    return None


def _iso(year: int, month: int, day: str | None) -> str | None:
    try:
        if day:
            return dt.date(year, month, int(day)).isoformat()
        dt.date(year, month, 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}"
