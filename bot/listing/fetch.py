"""Fetching CLAIR's two pages over HTTP(S), bounded in size and time, and decoding a page's bytes to text.

The charset comes from the HTTP header, else the page's own ``<meta charset>``, else a byte-order mark; without any,
UTF-8 is tried, then the Japanese encodings CLAIR's pages have used (Shift_JIS, EUC-JP).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass

import httpx

from bot.listing.text import page_text

DEFAULT_MAX_BYTES = 5_000_000  # the real pages are ~100-300 kB
DEFAULT_TIMEOUT = 30.0
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_FALLBACKS = ("utf-8", "cp932", "euc_jp")


class FetchError(Exception):
    """A page could not be fetched; the message is one line for the staff (the URL, what went wrong)."""


@dataclass(frozen=True)
class Page:
    """A page's text and a fingerprint of what it says (its text as the importer reads it: markup, scripts and spacing
    changes leave it alone)."""

    text: str
    digest: str
    source: str  # the URL, or the file's name


def _known(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name
    except LookupError:
        return None


def charset_of(content: bytes, content_type: str | None = None) -> str | None:
    """The charset the header or the page declares, if Python knows it."""
    if content_type:
        found = re.search(r"charset\s*=\s*([^\s;]+)", content_type, re.IGNORECASE)
        if found and _known(found.group(1)):
            return _known(found.group(1))
    meta = _META.search(content[:4096])
    return _known(meta.group(1).decode("ascii", "replace")) if meta else None


def decode(content: bytes, content_type: str | None = None) -> str:
    """The page's bytes as text (see the module docstring); undecodable bytes become U+FFFD as a last resort."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if content.startswith(bom):
            return content.decode(codec, errors="replace")
    declared = charset_of(content, content_type)
    if declared:
        # Shift_JIS pages use Microsoft's extensions (①, ～): cp932 reads both
        codec = "cp932" if declared == "shift_jis" else declared
        return content.decode(codec, errors="replace")
    for codec in _FALLBACKS:
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    return content.decode("utf-8", errors="replace")


def page(content: bytes, source: str, content_type: str | None = None) -> Page:
    text = decode(content, content_type)
    return Page(text, hashlib.sha256(page_text(text).encode()).hexdigest(), source)


async def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Page:
    """The page at ``url`` (redirects followed); ``FetchError`` for a bad status, a network error, a timeout or a
    body over ``max_bytes``."""
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"{url}: not an http(s) address")
    headers = {"User-Agent": "sister-city-bot (CLAIR listing import)", "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"}
    try:
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=True, max_redirects=5, headers=headers) as client, \
                client.stream("GET", url) as response:
            if response.status_code != 200:
                raise FetchError(f"{url}: the server answered {response.status_code} {response.reason_phrase}".rstrip())
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url}: the page is larger than {max_bytes:,} bytes")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"{url}: the page is larger than {max_bytes:,} bytes")
            return page(bytes(body), url, response.headers.get("Content-Type"))
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{url}: {type(error).__name__}: {error}".rstrip(": ")) from None
