"""Place labels: towns from GeoNames under their official names, drawn on the map without overlaps."""

import pytest

from geo import places
from geo.places import romanise, towns
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("ukrainian", "official"),
    [
        # Examples given in the romanisation table of Cabinet of Ministers resolution 55 (2010).
        ("Згорани", "Zghorany"),
        ("Розгон", "Rozghon"),
        ("Юрій", "Yurii"),
        ("Їжакевич", "Yizhakevych"),
        ("Знам'янка", "Znamianka"),
        ("Короп'є", "Koropie"),
        # Names the issue asks for, in their official English form.
        ("Слов'янськ", "Sloviansk"),
        ("Костянтинівка", "Kostiantynivka"),
        ("Запоріжжя", "Zaporizhzhia"),
    ],
)
def test_ukrainian_names_are_romanised_the_official_way(ukrainian, official):
    assert romanise(ukrainian) == official


def test_towns_keep_the_story_and_the_centres_and_drop_city_districts():
    names = {town.name: town for town in towns()}
    table = places.corrections()
    assert set(table["story"]) | set(table["centres"]) <= set(names)
    assert names["Sloviansk"].name_uk == "Слов'янськ" and names["Donetsk"].name_uk == "Донецьк"
    assert names["Chernihiv"].name_uk == "Чернігів" and names["Kerch"].name_uk == "Керч"  # modern, not Russian
    # Districts GeoNames lists as places: Kyiv's Obolon and Darnytsia, Kharkiv's Saltivka, Mariupol's Pravyi Bereh.
    assert not {"Obolon", "Darnytsia", "Saltivka", "Pravyi Bereh"} & set(names)
    assert {"Makiivka", "Brovary", "Irpin"} <= set(names)  # towns near a city, not in it


def test_labels_rank_the_story_first_and_carry_a_zoom_threshold():
    import geo

    found = places.labels(geo.split(geo.load_boundaries()))
    story = places.corrections()["story"]
    assert [label[1] for label in found[: len(story)]] == story
    assert {label[0] for label in found} == {"city", "region", "country", "sea"}
    regions = [label for label in found if label[0] == "region"]
    assert len(regions) == 27 and all(label[5] > 0 for label in regions)


BOX = "r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom})"


def visible_labels(page):
    """Each shown label's text and the box its text takes on screen."""
    return page.evaluate(
        f"""() => Array.from(document.querySelectorAll('.geo-label'))
             .filter(el => el.style.visibility === 'visible')
             .map(el => ({{text: el.textContent, ...({BOX})(el.firstChild.getBoundingClientRect())}}))"""
    )


def panels(page):
    return page.evaluate(
        f"""() => Array.from(document.querySelectorAll('.geo-panel, .leaflet-control'))
             .filter(el => el.offsetParent).map(el => ({BOX})(el.getBoundingClientRect()))"""
    )


def overlap(a, b) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 0.5
        and b["top"] < a["bottom"] - 0.5
    )


CENTRES_AT_DESKTOP = [
    "Kyiv",
    "Kharkiv",
    "Odesa",
    "Dnipro",
    "Lviv",
    "Donetsk",
    "Zaporizhzhia",
    "Kherson",
    "Simferopol",
    "Kramatorsk",
]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("width", "height", "required"),
    [
        (1280, 800, CENTRES_AT_DESKTOP),
        (680, 453, ["Kyiv", "Kharkiv", "Odesa", "Kramatorsk"]),
        (390, 844, ["Kyiv", "Kharkiv", "Odesa", "Kramatorsk", "Zaporizhzhia"]),
    ],
)
def test_labels_are_legible_apart_and_off_the_panels(width, height, required, browser):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto((ROOT / "maps" / "plan-28.html").as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    shown = visible_labels(page)
    names = [label["text"] for label in shown]
    assert set(required) <= set(names), sorted(set(required) - set(names))
    for i, label in enumerate(shown):
        assert label["left"] >= 0 and label["right"] <= width and label["bottom"] <= height, label
        assert not any(overlap(label, other) for other in shown[i + 1 :]), label
        assert not any(overlap(label, panel) for panel in panels(page)), label
    page.evaluate("map_ukraine.setZoom(map_ukraine.getZoom() + 1.5, {animate: false})")
    closer = visible_labels(page)
    assert any(label["text"] not in names for label in closer)  # towns that did not fit before
    assert not any(overlap(a, b) for i, a in enumerate(closer) for b in closer[i + 1 :])
    page.close()
