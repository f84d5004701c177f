"""Text normalisation and script detection, shared by the knowledge loader, the index and the engine."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

_JAPANESE = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々〆ヵヶ]")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30f6ー]")
_INVISIBLE = re.compile(r"[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/・･,.、。!?！？:;「」『』()（）\[\]【】\"'“”‘’`~*+=<>|\\^#&@%$]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")
_LATIN_MARKED = re.compile("[\u00c0-\u024f]")
_KATA_TO_HIRA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def clean(text: str) -> str:
    """NFKC, no control or invisible characters, single spaces, line breaks kept: safe to echo and to match."""
    text = unicodedata.normalize("NFKC", text)
    if text.isprintable():  # one line, no control or invisible character (most texts): only spaces to squeeze
        return " ".join(text.split())
    lines = (" ".join(_INVISIBLE.sub(" ", line).split()) for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _bare(match: re.Match[str]) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", match.group()) if not unicodedata.combining(c))


def _strip_latin_marks(text: str) -> str:
    """Drop diacritics from Latin letters only (chō -> cho) and keep Japanese voicing marks intact."""
    return text if text.isascii() else _LATIN_MARKED.sub(_bare, text)


# Only short texts are cached (names, words, phrases: what the index looks up again and again), so the cache holds
# at most CACHED_TEXTS x CACHED_CHARS characters, keys and values, a few tens of MB at worst: a flood of long
# distinct messages cannot grow it (each 4,096-character message cached used to cost ~16 KB, for good).
CACHED_CHARS = 128
CACHED_TEXTS = 32768


def normalize(text: str) -> str:
    """The matching form: cleaned, case-folded, Latin diacritics and punctuation dropped, katakana as hiragana."""
    return _normalize_short(text) if len(text) <= CACHED_CHARS else _normalize(text)


def _normalize(text: str) -> str:
    text = _strip_latin_marks(clean(text).casefold()).translate(_KATA_TO_HIRA)
    return " ".join(_SEPARATORS.sub(" ", text).split())


_normalize_short = lru_cache(maxsize=CACHED_TEXTS)(_normalize)


def compact(text: str) -> str:
    """The matching form without spaces ("ibara shi" and "ibarashi" meet)."""
    return normalize(text).replace(" ", "")


def fold_kana(text: str) -> str:
    """Katakana as hiragana, one character for one, so positions still match the input."""
    return text.translate(_KATA_TO_HIRA)


def kana_script(ch: str) -> str | None:
    """'hiragana', 'katakana' or None."""
    if "\u3041" <= ch <= "\u309f":
        return "hiragana"
    if "\u30a1" <= ch <= "\u30ff" or "\u31f0" <= ch <= "\u31ff":
        return "katakana"
    return None


def has_japanese(text: str) -> bool:
    return _JAPANESE.search(text) is not None


def is_kana(text: str) -> bool:
    return bool(text) and all(_KANA.match(ch) for ch in text)


def latin_words(text: str) -> list[str]:
    """The Latin-script words of a normalised text."""
    return _LATIN_WORD.findall(text)


def katakana_words(text: str) -> list[str]:
    """Runs of two or more katakana (loan words and foreign names) in a cleaned text."""
    return _KATAKANA_RUN.findall(text)


def detect_language(text: str) -> str | None:
    """'ja' for a text in Japanese script, else None (the caller's language applies)."""
    return "ja" if has_japanese(text) else None


def choose_language(text: str, chosen: str | None = None, user_language_code: str | None = None) -> str:
    """A Japanese-script message gets Japanese; otherwise the chat's choice, else the user's locale, else English."""
    if has_japanese(text):
        return "ja"
    if chosen in ("en", "ja"):
        return chosen
    if user_language_code and user_language_code.lower().replace("_", "-").split("-")[0] == "ja":
        return "ja"
    return "en"


def romaji_key(text: str) -> str:
    """Romaji compared loosely: no case, marks, spaces or punctuation; long vowels folded (Kōhoku, Kouhoku and Kohoku
    meet, as do tōkyō, toukyou and Tokyo)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
    return re.sub(r"ou|oo|uu", lambda m: m.group()[0], re.sub(r"[^a-z0-9]", "", bare))


@cache
def cutlet_reader() -> Any:
    """cutlet (readings and Hepburn romaji on fugashi's MeCab), built on first use."""
    import cutlet

    return cutlet.Cutlet()


def kana_romaji(kana: str) -> str:
    """Hepburn letters of a kana word (オケガワ: "okegawa"), by cutlet's kana table."""
    return str(cutlet_reader().map_kana(fold_kana(kana)))
