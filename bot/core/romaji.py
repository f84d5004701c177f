"""Katakana as Latin letters, to know a town the page names only in English by its name written in Japanese
(桶川 is read オケガワ: "Okegawa")."""

from __future__ import annotations

import re

_ROWS = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko", "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so", "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to", "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
    "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
    "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho", "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
    "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo", "ヤ": "ya", "ユ": "yu", "ヨ": "yo",
    "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro", "ワ": "wa", "ヲ": "o", "ン": "n", "ヴ": "vu",
}
_SMALL = {"ャ": "ya", "ュ": "yu", "ョ": "yo"}


def romaji(kana: str) -> str:
    """Hepburn letters of a katakana word (キョウ: "kyou"; ッ doubles the next consonant); other characters are kept."""
    out: list[str] = []
    double = False
    for char in kana:
        if char in _SMALL and out and out[-1].endswith("i"):
            stem = out.pop()[:-1]  # キ + ョ: "kyo"; シ + ョ: "sho"
            out.append(stem + (_SMALL[char][1:] if stem.endswith(("sh", "ch", "j")) else _SMALL[char]))
        elif char == "ッ":
            double = True
        elif char == "ー":
            continue
        else:
            syllable = _ROWS.get(char, char)
            out.append(syllable[0] + syllable if double and syllable[0] not in "aeiou" else syllable)
            double = False
    return "".join(out)


def plain(letters: str) -> str:
    """Letters compared without long vowels ("toukyou", "tōkyō" and "tokyo" alike) or anything but a-z."""
    letters = re.sub(r"[^a-z]", "", letters.lower().replace("ō", "o").replace("ū", "u").replace("â", "a"))
    return re.sub(r"ou|oo|uu", lambda m: m.group()[0], letters)
