"""Place labels: towns from GeoNames under their official names, drawn on the map without overlaps."""

import pytest

from geo import places
from geo.places import romanise
from tests.conftest import ROOT, script_data


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
    names = {town.name: town for town in places.labelled_towns()}
    table = places.corrections()
    assert set(table["centres"].values()) | {table["capital"]} <= set(names)
    assert len(table["centres"]) == 27  # every first-level unit
    assert names["Sloviansk"].name_uk == "Слов'янськ" and names["Donetsk"].name_uk == "Донецьк"
    assert names["Chernihiv"].name_uk == "Чернігів" and names["Kerch"].name_uk == "Керч"  # modern, not Russian
    # Districts GeoNames lists as places: Kyiv's Obolon and Darnytsia, Kharkiv's Saltivka, Mariupol's Pravyi Bereh.
    assert not {"Obolon", "Darnytsia", "Saltivka", "Pravyi Bereh"} & set(names)
    assert {"Makiivka", "Brovary", "Irpin"} <= set(names)  # towns near a city, not in it


@pytest.fixture(scope="module")
def labels():
    import geo

    return places.labels(geo.split(geo.load_boundaries()))


def test_labels_rank_the_capital_and_centres_first_and_carry_a_zoom_threshold(labels):
    assert labels[0][:2] == ["capital", "Kyiv"] and labels[1][1] == "Kharkiv"  # then by population
    assert {label[0] for label in labels} == {"capital", "city", "region", "country", "sea"}
    regions = [label for label in labels if label[0] == "region"]
    assert len(regions) == 27 and all(label[5] > 0 for label in regions)


def test_a_scenarios_places_and_the_centres_of_the_regions_it_changes_come_first(labels):
    from geo.scenario import load_scenario

    story = load_scenario("plan-28").places
    assert story == ("Kramatorsk", "Sloviansk", "Kostiantynivka", "Druzhkivka")  # the buffer zone's towns
    ranked = places.story_first(labels, story, [("UA-09", 600.0), ("UA-14", 1_000.0), ("UA-09", 500.0)])  # km² by zone
    first = [label[1] for label in ranked[:7]]
    assert first == ["Kyiv", *story, "Luhansk", "Donetsk"]
    assert all(label[5] == 0 for label in ranked[:7])  # drawn at every zoom
    assert [label[5] for label in labels if label[1] == "Druzhkivka"] == [places.OTHER_TOWNS_ZOOM]  # was later
    assert sorted(label[1] for label in ranked) == sorted(label[1] for label in labels)  # each once
    unlabelled = places.story_first(labels[:10], ["Druzhkivka"])  # a town not among the labels is looked up
    assert unlabelled[0][1] == "Kyiv" and unlabelled[1][:2] == ["city", "Druzhkivka"] and len(unlabelled) == 11


BOX = "r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom})"


def visible_labels(page):
    """Each shown label's text and the box its text takes on screen."""
    return page.evaluate(
        f"""() => Array.from(document.querySelectorAll('.geo-label'))
             .filter(el => el.style.visibility === 'visible')
             .map(el => {{ const range = document.createRange();
                           range.selectNodeContents(el.firstChild.firstChild);  // the name, not its dot
                           const box = ({BOX})(range.getBoundingClientRect());
                           return {{text: el.textContent, kind: el.className, ...box}}; }})"""
    )


def panels(page):
    return page.evaluate(
        f"""() => Array.from(document.querySelectorAll('.geo-panel, .leaflet-control'))
             .filter(el => el.offsetParent).map(el => ({BOX})(el.getBoundingClientRect()))"""
    )


def overlap(a, b) -> bool:
    """Whether two names' boxes overlap; their line boxes may share the 1.5 px of leading above and below the
    letters (two towns a line apart, Kramatorsk and Kostiantynivka)."""
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 2
        and b["top"] < a["bottom"] - 2
    )


CENTRES_AT_DESKTOP = [
    "Kyiv",
    "Druzhkivka",
    "Sloviansk",
    "Kostiantynivka",
    "Luhansk",
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


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The plan's page on its shipped line, in English and in Ukrainian."""
    from geo import webmap
    from geo.pipeline import run
    from geo.scenario import load_scenario

    data = run("plan-28", offline=True)[0].map_data()[0]
    folder = tmp_path_factory.mktemp("labels")
    found = {}
    for lang in ("en", "uk"):
        found[lang] = folder / f"{lang}.html"
        found[lang].write_text(webmap.page(data, load_scenario("plan-28"), lang=lang), encoding="utf-8")
    return found


def contrast(a: tuple, b: tuple) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (0-255)."""

    def luminance(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(text: str) -> tuple:
    import re

    return tuple(int(v) for v in re.findall(r"[\d.]+", text)[:3])


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "uk"])
def test_every_label_reads_at_4_5_to_1_on_its_solid_halo_whatever_the_fill(browser, pages, lang):
    """A halo is solid when unblurred opaque shadows surround the glyphs in all eight directions; the text
    then reads against the halo, not against the purple or blue under it (a blurred halo did not)."""
    import re

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(pages[lang].as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    styles = page.evaluate(
        """() => [...document.querySelectorAll('.geo-label')].filter(el => el.style.visibility === 'visible')
             .map(el => { const s = getComputedStyle(el.firstChild); return [el.className, s.color, s.textShadow]; })"""
    )
    assert len(styles) > 40
    for kind, colour, shadow in styles:
        shadows = re.findall(r"rgba?\(([^)]*)\) (-?[\d.]+)px (-?[\d.]+)px (-?[\d.]+)px", shadow)
        solid = {
            (int(float(dx) > 0) - int(float(dx) < 0), int(float(dy) > 0) - int(float(dy) < 0))
            for values, dx, dy, blur in shadows
            if float(blur) == 0 and (len(values.split(",")) == 3 or float(values.split(",")[3]) == 1)
        }
        assert len(solid - {(0, 0)}) == 8, (kind, shadow)
        halo = {rgb(values) for values, *_ in shadows}
        assert len(halo) == 1 and contrast(rgb(colour), halo.pop()) >= 4.5, (kind, colour)
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("size", [(1280, 800), (390, 844), (680, 453), (414, 896), (768, 1024), (600, 400)])
def test_a_seas_name_lies_on_that_sea(browser, pages, lang, size):
    import shapely

    from geo.boundaries import load_context

    context = load_context()
    sea = shapely.union_all(context[context["kind"] == "sea"].geometry.values)
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(pages[lang].as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    corners = page.evaluate(
        """() => { const frame = document.getElementById('map_ukraine').getBoundingClientRect();
             return [...document.querySelectorAll('.geo-label-sea')].filter(el => el.style.visibility === 'visible')
               .map(el => { const r = el.firstChild.getBoundingClientRect();
                 return [el.textContent, [[r.left, r.top], [r.right, r.top], [r.left, r.bottom], [r.right, r.bottom]]
                   .map(([x, y]) => map_ukraine.containerPointToLatLng([x - frame.left, y - frame.top]))]; }); }"""
    )
    page.close()
    assert corners or size != (1280, 800)  # a desktop names a sea; a small map may have no room for one
    for name, points in corners:
        assert all(sea.contains(shapely.Point(p["lng"], p["lat"])) for p in points), name


@pytest.mark.browser
def test_on_a_phone_no_name_hides_a_zone_a_few_pixels_wide_it_is_not_in(browser, pages):
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page.goto(pages["en"].as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    spots = {place[1]: place[3:5] for place in script_data(pages["en"].read_text(encoding="utf-8"))["places"]}
    dots = page.evaluate(
        """(spots) => Object.fromEntries(Object.entries(spots).map(([name, at]) => {
             const p = map_ukraine.latLngToContainerPoint(at);
             const frame = map_ukraine.getContainer().getBoundingClientRect();
             return [name, [p.x + frame.left, p.y + frame.top]]; }))""",
        spots,
    )
    small = page.evaluate(
        f"""() => [...document.querySelectorAll('path.leaflet-interactive')].map(p => p.getBoundingClientRect())
             .filter(r => r.width && r.width < 48 && r.height < 48).map({BOX})"""
    )
    shown = visible_labels(page)
    page.close()
    assert any(box["right"] - box["left"] < 30 for box in small)  # the buffer zone, at this size
    assert "Kramatorsk" in [label["text"] for label in shown]
    for label in shown:
        for zone in small:
            x, y = dots[label["text"]]
            if zone["left"] <= x <= zone["right"] and zone["top"] <= y <= zone["bottom"]:
                continue  # the zone it names (Sevastopol), or whose town it is
            assert not overlap(label, zone), (label["text"], zone)


@pytest.mark.browser
def test_kyiv_is_drawn_as_the_capital(browser, pages):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(pages["en"].as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    capital = page.locator(".geo-label-capital")
    assert capital.count() == 1 and capital.inner_text() == "Kyiv"
    assert capital.evaluate("el => el.style.visibility") == "visible"
    sizes = page.evaluate(
        """() => ['.geo-label-capital', '.geo-label-city'].map(s => {
             const span = document.querySelector(s + ' span');
             const size = parseFloat(getComputedStyle(span).fontSize);
             return [size, parseFloat(getComputedStyle(span, '::before').width)]; })"""
    )
    assert sizes[0][0] > sizes[1][0] and sizes[0][1] > sizes[1][1]  # larger type, a larger symbol
    page.close()
