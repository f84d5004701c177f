"""The tokenizer's fast paths read what the slow ones would: UniDic's raw features as fugashi parses them, a
Japanese word the same at each occurrence (its place still its own), clean() on plain text as on any text."""

from __future__ import annotations

import unicodedata

from bot.core.tokens import Tokenizer, _features, _tagger
from bot.knowledge import load_knowledge
from bot.text import clean, normalize


def _japanese_texts() -> list[str]:
    kb = load_knowledge()
    texts = []
    for town in kb.towns.values():
        texts += [town.name.ja, town.outline.ja, *(item.text.ja for item in town.pr_items), *(item.title.ja for item in town.pr_items)]
    return texts + ["1,255人の「あ,い」，、ﾃｽﾄ ABC ヴォルフガング・ファンタジー"]


def test_raw_features_read_as_fugashi_parses_them() -> None:
    words = [w for text in _japanese_texts() for w in _tagger()(unicodedata.normalize("NFKC", text))]
    plain = [w for w in words if '"' not in w.feature_raw]
    assert len(plain) > 1000
    for word in plain:
        feature = word.feature
        assert _features(word.feature_raw) == (feature.pos1, feature.pos2, feature.lemma), word.surface


def test_a_japanese_word_gives_the_same_term_wherever_it_is_and_its_own_place() -> None:
    kb = load_knowledge()
    tokenizer = Tokenizer(kb.phrases.stopwords.en, kb.phrases.stopwords.ja, kb.phrases.folded())
    text = "奈義町の那岐山と奈義町の美術館"
    expected = [("奈義", False), ("那岐", True), ("山", False), ("奈義", False), ("美術", True)]  # head: after の
    assert [(t.term, t.head) for t in tokenizer.pairs(text)] == expected
    assert [(t.term, t.head) for t in tokenizer.pairs(text + "。")] == expected  # words memoised, not the text


def test_clean_on_plain_and_other_text() -> None:
    assert clean("Ibara  City") == "Ibara City"  # printable: the fast path
    assert clean(" Nagi\tTown ") == "Nagi Town"
    assert clean("a\u200bb") == "a b"
    assert clean("line\n\n\n\nbreak") == "line\n\nbreak"
    assert clean("café ¨") == "café \u0308"  # NFKC gives ¨ a space of its own
    assert clean("ﾃｽﾄ　試験") == "テスト 試験"
    assert normalize("Ujitawara-chō") == "ujitawara cho"
