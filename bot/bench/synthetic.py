"""Generate plausible knowledge bases of any size (Japan has about 1,700 municipalities) for benchmarks."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from bot.core.countries import Countries
from bot.core.index import Index
from bot.knowledge.loader import DEFAULT_DIR, load_knowledge
from bot.text import compact

_SYLLABLES = {
    "ka": ("か", "加"), "ki": ("き", "木"), "ku": ("く", "久"), "ko": ("こ", "小"), "sa": ("さ", "佐"),
"su": ("す", "須"), "ta": ("た", "田"), "to": ("と", "戸"), "na": ("な", "奈"),
    "no": ("の", "野"), "ha": ("は", "羽"), "hi": ("ひ", "日"), "fu": ("ふ", "富"), "ma": ("ま", "真"),
    "mi": ("み", "美"), "mo": ("も", "茂"), "ya": ("や", "矢"), "yo": ("よ", "代"), "ra": ("ら", "良"),
    "ri": ("り", "利"), "wa": ("わ", "和"), "go": ("ご", "五"), "da": ("だ", "多"), "be": ("べ", "部"),
}
_KINDS = (("city", "City", "市", "し"), ("town", "Town", "町", "ちょう"), ("village", "Village", "村", "むら"))
_THEMES = ("tea", "food", "agriculture", "art", "museum", "history", "culture", "nature", "festival", "tourism", "education")
_ITEMS = (
    ("Tea fields", "茶畑", "tea", "お茶"), ("Rice terraces", "棚田", "rice", "米"), ("Pottery", "陶芸", "pottery", "焼き物"),
    ("Summer festival", "夏祭り", "festival", "祭り"), ("Hot springs", "温泉", "onsen", "温泉"), ("Castle ruins", "城跡", "castle", "城"),
    ("Peaches", "桃", "peach", "桃"), ("Folk dance", "郷土芸能", "dance", "踊り"), ("Art museum", "美術館", "museum", "美術館"),
)


def _name(rng: random.Random, used: set[str], reading: str) -> list[str]:
    """Syllables for a new name none of whose forms (romaji, kana, kanji, with suffix) is taken."""
    while True:
        parts = rng.sample(list(_SYLLABLES), rng.randint(2, 4))
        kana = "".join(_SYLLABLES[p][0] for p in parts)
        forms = {compact("".join(parts)), kana, kana + reading, "".join(_SYLLABLES[p][1] for p in parts)}
        if not forms & used:
            used.update(forms)
            return parts


def generate(target: Path, towns: int, seed: int = 7) -> Path:
    """Write a knowledge directory with the real shared files and ``towns`` generated town files."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(DEFAULT_DIR, target, ignore=shutil.ignore_patterns("towns"))
    (target / "towns").mkdir()
    prefectures = [p["id"] for p in yaml.safe_load((target / "gazetteer.yaml").read_text(encoding="utf-8"))["prefectures"]]
    real = load_knowledge()
    used = set(Index(real, Countries.build(real.countries)).latin) | set(Index(real, Countries.build(real.countries)).japanese)
    for n in range(towns):
        kind, en_kind, ja_kind, ja_reading = rng.choice(_KINDS)
        parts = _name(rng, used, ja_reading)
        romaji = "".join(parts).capitalize()
        kana = "".join(_SYLLABLES[p][0] for p in parts)
        kanji = "".join(_SYLLABLES[p][1] for p in parts)
        languages = ["en"] if rng.random() < 0.5 else []
        countries = rng.sample(["AU", "NZ", "US", "CA", "GB", "FR", "DE", "KR", "CN", "BR"], 0 if languages else rng.randint(1, 3))
        items = rng.sample(_ITEMS, rng.randint(3, 6))
        town = {
            "name": {"en": f"{romaji} {en_kind}", "ja": f"{kanji}{ja_kind}"},
            "kind": kind,
            "aliases": [romaji, f"{kanji}", kana, f"{kana}{ja_reading}"],
            "prefecture": rng.choice(prefectures),
            "population": {"value": rng.randint(800, 400_000), "as_of": f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}"},
            "area": {"km2": round(rng.uniform(5, 900), 2)},
            "outline": {"en": f"{romaji} is a {kind} with farms, forests and a long history. " * 3, "ja": f"{kanji}{ja_kind}は歴史ある自治体です。" * 3},
            "wishes": [{
                "text": {"en": "English-speaking country" if languages else ", ".join(countries), "ja": "英語圏の国" if languages else "、".join(countries)},
                "countries": countries,
                "official_languages": languages,
            }],
            "partner": {"en": "Exchange between schools.", "ja": "学校同士の交流。"},
            "partner_themes": rng.sample(_THEMES, 2),
            "pr_items": [
                {
                    "id": f"item-{i}",
                    "title": {"en": f"{romaji} {en}", "ja": f"{kanji}の{ja}"},
                    "text": {"en": f"The {en.lower()} of {romaji} are known across the region. " * 4, "ja": f"{kanji}の{ja}は地域で知られています。" * 4},
                    "keywords": {"en": [en.lower(), key], "ja": [ja, key_ja]},
                    "themes": rng.sample(_THEMES, 2),
                }
                for i, (en, ja, key, key_ja) in enumerate(items)
            ],
            "date_modified": f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}",
        }
        (target / "towns" / f"t{n:04d}.yaml").write_text(yaml.safe_dump(town, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target
