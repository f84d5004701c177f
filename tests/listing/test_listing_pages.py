"""Reading the pages: every label variant, figures in either width and unit, PR items with and without titles."""

import pytest

from bot.listing import page_en, page_ja
from bot.listing.text import date, page_text

from .conftest import DATA, seed_en


def by_name(towns):
    return {t.name: t for t in towns}


def test_the_seed_page():
    towns = by_name(page_en.parse(seed_en()))
    assert list(towns) == ["Ibara City", "Ujitawara Town", "Nagi Town"]
    ibara, uji, nagi = towns["Ibara City"], towns["Ujitawara Town"], towns["Nagi Town"]
    assert (ibara.population, ibara.population_as_of, ibara.area, ibara.date_modified) == (39019, "2021-06", 243.54, "2021-07")
    assert (uji.population, uji.population_as_of, uji.area, uji.forest) == (9270, "2019-09-01", 58.16, 43.76)
    assert (nagi.population, nagi.population_as_of, nagi.area, nagi.date_modified) == (6000, None, 69.52, "2020-01")
    assert uji.wishes == ["English-speaking countries such as USA, Canada, Australia"]
    assert uji.outline.startswith("Ujitawara town is located in the southeastern part of Kyoto Prefecture, within")
    # 【 without its closing 】: the line is the title, the paragraphs after it its text
    assert [i.title for i in uji.items][:2] == ["The birthplace of Japanese green tea", "Soen Nagatani's birthplace"]
    assert uji.items[0].text.count("\n\n") == 1
    assert uji.videos == ["Ujitawara town introduction Video"]
    # titles as plain lines, the text hard-wrapped
    assert [i.title for i in nagi.items] == [
        "Nagi MOCA (Museum of Contemporary Art)", "Yokozen Kabuki (traditional Japanese theater)", "Bodaiji Ginkgo Tree",
        "Mount Nagi", "Nagi Beef", "Nagi Vikarya Museum",
    ]
    assert nagi.videos == ["Welcome to Nagi (introductory video)"]
    assert "\n" not in nagi.items[0].text
    # untitled paragraphs are items of their own
    assert [i.title for i in ibara.items] == [
        "Ibara Denim", None, "Bisei Astronomical Observatory", "Meiji Gonbou", "Denchu Art Museum", None, "Ibara Embankment", None,
    ]


def test_label_variants_and_figures():
    towns = by_name(page_en.parse((DATA / "listing_en.txt").read_text(encoding="utf-8")))
    assert list(towns) == ["Hoshizora Village", "Kawasemi City", "Mizunara Town", "Sakuragawa Town", "Takamine Town"]
    hoshizora = towns["Hoshizora Village"]
    assert hoshizora.prefecture == "Hokkaido"
    assert (hoshizora.population, hoshizora.population_as_of, hoshizora.area) == (2840, "2024-04-01", 412.5)  # full-width digits
    assert hoshizora.outline.startswith("Hoshizora is a village")  # "Outline of Local Authority"
    assert [i.title for i in hoshizora.items] == ["Hoshizora Cheese", "Winter Star Festival"]  # "PR Materials", 【 unclosed
    kawasemi = towns["Kawasemi City"]
    assert kawasemi.websites == ["https://www.city.kawasemi.example.jp/"]  # "Website(s)"
    assert kawasemi.population_as_of == "2025-03-01"
    assert len(kawasemi.wishes) == 2 and kawasemi.wishes[1] == "Belgium (Bruges, Vilvoorde, Antwerp)"  # listed twice
    assert kawasemi.partners[1].startswith("A city with canals")
    mizunara = towns["Mizunara Town"]
    assert mizunara.wishes == [""]  # an empty section
    assert mizunara.area == 301.2 and towns["Sakuragawa Town"].area == 24.5 and towns["Takamine Town"].area == 110.9
    assert [i.title for i in mizunara.items] == ["Mizunara Wasabi Fields"]
    assert towns["Takamine Town"].items[0].title == "Takamine Reservoir"
    assert all(not t.problems for t in towns.values())


def test_html_reads_like_the_text():
    from_html = by_name(page_en.parse((DATA / "listing_en.html").read_text(encoding="utf-8")))
    from_text = by_name(page_en.parse((DATA / "listing_en.txt").read_text(encoding="utf-8")))
    assert list(from_html) == ["Hoshizora Village", "Takamine Town"]
    for name, town in from_html.items():
        other = from_text[name]
        assert (town.population, town.area, town.outline, town.wishes, town.partners) == (
            other.population, other.area, other.outline, other.wishes, other.partners
        )
        assert [(i.title, i.text) for i in town.items] == [(i.title, i.text) for i in other.items]
    assert from_html["Takamine Town"].websites == ["https://www.town.takamine.example.jp/"]
    assert "var x" not in page_text((DATA / "listing_en.html").read_text(encoding="utf-8"))


def test_the_japanese_page():
    towns = by_name(page_ja.parse((DATA / "listing_ja.txt").read_text(encoding="utf-8")))
    assert list(towns) == ["星空村", "川蝉市", "水楢町", "桜川町", "高峰町"]
    assert towns["星空村"].prefecture == "北海道"
    assert (towns["星空村"].population, towns["星空村"].population_as_of, towns["星空村"].area) == (2840, "2024-04-01", 412.5)
    assert towns["星空村"].outline.startswith("星空村は北海道東部")
    assert [i.title for i in towns["星空村"].items] == ["星空チーズ", "冬の星まつり"]
    assert len(towns["川蝉市"].wishes) == 2
    assert towns["水楢町"].wishes == [""]
    assert towns["高峰町"].date_modified == "2023-07"
    seed = by_name(page_ja.parse((DATA / "seed_ja.txt").read_text(encoding="utf-8")))
    assert seed["宇治田原町"].forest == 43.76 and seed["井原市"].population == 39019


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("June 2021", "2021-06"), ("Dec 2019", "2019-12"), ("September 1 ,2019", "2019-09-01"), ("1 March 2016", "2016-03-01"),
        ("2019年9月1日", "2019-09-01"), ("２０２４年４月", "2024-04"), ("令和3年6月1日", "2021-06-01"), ("平成元年4月", "1989-04"),
        ("no date", None),
    ],
)
def test_dates(text, iso):
    assert date(text) == iso
