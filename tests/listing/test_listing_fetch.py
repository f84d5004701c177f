"""Fetching CLAIR's pages from a local HTTP server: charsets, sizes, errors and time limits."""

import pytest

from bot.listing.fetch import FetchError, decode, fetch

JA = "海外との姉妹交流を希望する日本の自治体 ①～"


async def test_a_page_and_its_fingerprint(pages):
    url = pages.serve("/e/kibou.html", "<html><body><p>Nagi Town</p></body></html>")
    page = await fetch(url)
    assert "Nagi Town" in page.text and page.source == url
    assert page.digest == (await fetch(url)).digest
    pages.serve("/e/kibou.html", "<html><body><p>Manno Town</p></body></html>")
    assert (await fetch(url)).digest != page.digest


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (JA.encode("cp932"), "text/html; charset=Shift_JIS"),
        (b'<html><head><meta charset="shift_jis"></head><body>' + JA.encode("cp932"), "text/html"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">' + "海外との姉妹交流".encode("euc_jp"), "text/html"),
        (JA.encode("utf-8"), "text/html"),
        (JA.encode("cp932"), "text/plain"),  # nothing declared, not UTF-8: the Japanese encodings are tried
        (b"\xef\xbb\xbf" + JA.encode("utf-8"), "text/plain; charset=latin-1"),  # a byte-order mark wins
    ],
)
async def test_charsets(pages, body, content_type):
    url = pages.serve("/j/kibou-j.html", body, content_type=content_type)
    assert "海外との姉妹交流" in (await fetch(url)).text


def test_decode_never_fails():
    assert decode(b"\xff\xfe\xfa plain", "text/plain; charset=no-such-charset")
    assert decode(b"caf\xc3\xa9") == "café"


async def test_errors_are_one_line_each(pages):
    with pytest.raises(FetchError, match=r"/gone: the server answered 404"):
        await fetch(pages.base + "/gone")
    big = pages.serve("/big", b"x" * 2000)
    with pytest.raises(FetchError, match="larger than 1,000 bytes"):
        await fetch(big, max_bytes=1000)
    undeclared = pages.serve("/undeclared", b"x" * 200_000, length=False)
    with pytest.raises(FetchError, match="larger than 1,000 bytes"):
        await fetch(undeclared, max_bytes=1000)
    assert len((await fetch(undeclared)).text) == 200_000
    with pytest.raises(FetchError, match="not an http"):
        await fetch("file:///etc/passwd")
    with pytest.raises(FetchError, match=r"127\.0\.0\.1:1"):
        await fetch("http://127.0.0.1:1/closed")


async def test_a_page_that_never_comes(pages):
    url = pages.hang("/slow")
    with pytest.raises(FetchError, match=r"no answer within 0\.2 seconds"):
        await fetch(url, timeout=0.2)
