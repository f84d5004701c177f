"""Ids, romaji variants and kana readings of a town's name, for a person to review in the town file.

The English page gives the romaji ("Kouhoku Town"); the Japanese page the kanji ("江北町"). cutlet (on fugashi and
unidic-lite) reads the kanji; a reading is kept only when it agrees with the English romaji, since a name's reading
is not always the dictionary's (井原 alone reads "Ihara", the city is "Ibara").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.text import cutlet_reader, fold_kana, kana_romaji, romaji_key

KINDS = {"City": "city", "Town": "town", "Village": "village", "Ward": "city"}
KIND_JA = {"市": "city", "町": "town", "村": "village", "区": "city"}
SUFFIXES = {"city": ("shi",), "town": ("cho", "chō", "machi"), "village": ("mura", "son")}
KANA_SUFFIXES = {"市": ("し",), "町": ("ちょう", "まち"), "村": ("むら", "そん"), "区": ("く",)}


@dataclass(frozen=True)
class Names:
    id: str
    base: str  # romaji without the kind: "Kouhoku"
    kind: str  # "city", "town", "village"
    kana: str  # hiragana of the base, "" when unknown
    aliases: tuple[str, ...]


def kind_of(name_en: str, name_ja: str | None) -> str:
    last = name_en.split()[-1] if name_en.split() else ""
    if last in KINDS:
        return KINDS[last]
    return KIND_JA.get((name_ja or "")[-1:], "town")


def base_of(name_en: str) -> str:
    return re.sub(r"\s+(City|Town|Village|Ward)$", "", name_en.strip())


def slug(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def reading(kanji: str) -> list[tuple[str, str]]:
    """(romaji, hiragana) readings of a Japanese name: of the name alone and of it with its kind (市 helps 井原)."""
    katsu = cutlet_reader()
    found = []
    for text, strip in ((kanji, ""), (kanji + "市", "市"), (kanji + "町", "町")):
        words = [w for w in katsu.tagger(text)]
        if strip and words and words[-1].surface == strip:
            words = words[:-1]
        kana = "".join((w.feature.kana or w.surface) if w.feature.kana else w.surface for w in words)
        hira = fold_kana(kana)
        found.append((katsu.romaji("".join(w.surface for w in words)), hira))
    return found


def kana_of(base_ja: str, base_en: str) -> str:
    """The hiragana of ``base_ja`` that agrees with the English romaji, else ""."""
    if re.fullmatch(r"[\u3041-\u309f]+", base_ja):
        return base_ja
    for romaji, hira in reading(base_ja):
        if romaji_key(romaji) == romaji_key(base_en) or romaji_key(_romanize(hira)) == romaji_key(base_en):
            return hira
    return ""


def kana_of_romaji(base_en: str) -> str:
    """Hiragana spelled from the English page's romaji when no Japanese page gives the name ("Shintoku": しんとく),
    kept only when it reads back as the same romaji; the kanji then come from a question's reading (新得: シントク)."""
    import jaconv  # cutlet's own dependency

    long_vowels = base_en.lower().replace("ō", "ou").replace("ū", "uu").replace("ā", "aa")  # Kōhoku: こうほく
    plain = "".join(c for c in unicodedata.normalize("NFD", long_vowels) if not unicodedata.combining(c))
    plain = re.sub(r"n(?=n[aiueoy])", "n'", re.sub(r"[^a-z']", "", plain))
    kana = str(jaconv.alphabet2kana(plain))
    if not re.fullmatch(r"[\u3041-\u309f]+", kana) or romaji_key(kana_romaji(kana)) != romaji_key(base_en):
        return ""
    return kana


def _romanize(hira: str) -> str:
    katsu = cutlet_reader()
    return katsu.romaji(hira)


def macron_variants(base: str) -> list[str]:
    """Kouhoku -> Kōhoku, Kohoku; Kōhoku -> Kouhoku, Kohoku."""
    forms = [base]
    if "ō" in base or "ū" in base:
        forms += [base.replace("ō", "ou").replace("ū", "uu"), base.replace("ō", "o").replace("ū", "u")]
    if re.search(r"ou|uu|oo", base, re.IGNORECASE):
        forms += [re.sub(r"ou|oo", "ō", re.sub(r"uu", "ū", base)), re.sub(r"ou|oo", "o", re.sub(r"uu", "u", base))]
    return list(dict.fromkeys(forms))


def names(name_en: str, name_ja: str | None, taken: frozenset[str] | set[str] = frozenset()) -> Names:
    """The id (the base romaji, lower-case; with a number when taken) and the aliases to review."""
    kind = kind_of(name_en, name_ja)
    base = base_of(name_en)
    base_id = slug(base) or "town"
    town_id, n = base_id, 2
    while town_id in taken:
        town_id, n = f"{base_id}-{n}", n + 1
    aliases = []
    for form in macron_variants(base):
        aliases.append(form)
        aliases += [f"{form}-{suffix}" for suffix in SUFFIXES[kind]]
    kana, suffix = "", ""
    if name_ja:
        suffix = name_ja[-1] if name_ja[-1] in KANA_SUFFIXES else ""
        base_ja = name_ja[: -1] if suffix else name_ja
        kana = kana_of(base_ja, base) or kana_of_romaji(base)  # the page's romaji says how the name is read (月見野: つきみの)
        aliases.append(base_ja)
    else:  # the English page alone: the kana spelled from the romaji, read with the kind's suffix (しんとくちょう)
        kana, suffix = kana_of_romaji(base), next(k for k, v in KIND_JA.items() if v == kind)
    if kana:
        kata = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)
        aliases += [kana, kata]
        for reading_ in KANA_SUFFIXES.get(suffix, ()):
            aliases += [kana + reading_, kata + "".join(chr(ord(c) + 0x60) for c in reading_)]
    dropped = {name_en, name_ja}
    return Names(town_id, base, kind, kana, tuple(a for a in dict.fromkeys(aliases) if a and a not in dropped))
