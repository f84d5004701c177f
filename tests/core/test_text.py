from bot.text import choose_language, compact, has_japanese, normalize


def test_normalize_folds_width_case_marks_and_kana():
    assert normalize("Ｉｂａｒａ-Shi") == "ibara shi"
    assert normalize("Ujitawara-chō") == "ujitawara cho"
    assert normalize("ウジタワラ") == "うじたわら"
    assert normalize("が") == "が"  # voicing marks stay
    assert compact("Ibara  shi") == "ibarashi"
    assert normalize("a\u200bb\u202e") == "a b"


def test_language_choice():
    assert choose_language("井原") == "ja"
    assert choose_language("Ibara", "ja") == "ja"
    assert choose_language("Ibara", None, "ja-JP") == "ja"
    assert choose_language("Ibara", None, "de") == "en"
    assert choose_language("Nagi の人口", "en") == "ja"
    assert has_japanese("ｲﾊﾞﾗ")


def test_clean_keeps_line_breaks_but_not_blank_runs():
    from bot.text import clean

    assert clean("  Dear CLAIR,\r\n\r\n\r\n\r\nWe  would\u200blike\n a partner.  ") == "Dear CLAIR,\n\nWe would like\na partner."
