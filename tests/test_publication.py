"""What a published page must be, in Chromium: an equal-area map, Ukraine as wide as a phone, a keyboard
path through it, each language's own dates and numbers, and its data to take away."""

import csv
import io

import pytest
from pyproj import Geod

from geo import webmap
from geo.pipeline import run
from geo.projection import WEB_CONIC
from geo.scenario import load_scenario

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture(scope="module")
def plan_data():
    return run("plan-28", offline=True)[0].map_data()[0]


@pytest.fixture(scope="module")
def pages(tmp_path_factory, plan_data):
    """The plan's page on its shipped line (no fixture needed), in English and in Ukrainian."""
    data = plan_data
    folder = tmp_path_factory.mktemp("publication")
    found = {}
    for lang in ("en", "uk"):
        found[lang] = folder / f"plan-28-{lang}.html"
        found[lang].write_text(webmap.page(data, load_scenario("plan-28"), lang=lang), encoding="utf-8")
    return found


def opened(browser, path, link="", **options):
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 800}} | options), offline=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri() + link)
    page.wait_for_selector("path.leaflet-interactive")
    page.errors = errors
    return page


def cell(lat: float, lon: float, size: float = 1.0, steps: int = 40) -> list[tuple[float, float]]:
    """A lon/lat cell's outline, densified so that its projected edges follow the parallels."""
    south, west, north, east = lat, lon, lat + size, lon + size
    edge = [i / steps for i in range(steps)]
    return (
        [(south, west + (east - west) * f) for f in edge]
        + [(south + (north - south) * f, east) for f in edge]
        + [(north, east - (east - west) * f) for f in edge]
        + [(north - (north - south) * f, west) for f in edge]
    )


ON_SCREEN_AREA = """(points) => {
  const p = points.map(([lat, lon]) => map_ukraine.latLngToContainerPoint([lat, lon]));
  let twice = 0;
  p.forEach((a, i) => { const b = p[(i + 1) % p.length]; twice += a.x * b.y - b.x * a.y; });
  return Math.abs(twice) / 2;
}"""


@pytest.mark.parametrize("lon", [24.0, 31.0, 37.5])
def test_equal_ground_areas_look_equal_at_45_and_52_degrees_north(browser, pages, lon):
    page = opened(browser, pages["en"])
    geod = Geod(ellps="WGS84")  # the ground's area: pyproj's geodesic polygon area, independent of the page
    ratios = []
    for lat in (45.0, 51.0):
        outline = cell(lat, lon)
        ground, _ = geod.polygon_area_perimeter([p[1] for p in outline], [p[0] for p in outline])
        ratios.append(page.evaluate(ON_SCREEN_AREA, outline) / abs(ground))
    # Web Mercator draws the northern square (cos 45 / cos 52)^2 ~ 1.3x larger per km².
    assert ratios[1] / ratios[0] == pytest.approx(1, abs=0.02)
    assert page.errors == []
    page.context.close()


def test_the_pages_projection_is_the_albers_conic_pyproj_computes(browser, pages):
    from pyproj import Transformer

    page = opened(browser, pages["en"])
    conic = Transformer.from_crs(
        4326,
        "+proj=aea +lat_1={lat_1} +lat_2={lat_2} +lat_0={lat_0} +lon_0={lon_0} +R=6378137".format(**WEB_CONIC),
        always_xy=True,
    )
    page.evaluate("window.conic = map_ukraine.options.crs.projection")  # the map's own projection
    for lat, lon in [(44.5, 33.5), (52.3, 33.2), (48.6, 22.3), (49.2, 40.1), (50.45, 30.52)]:
        x, y = page.evaluate(
            "([lat, lon]) => { const p = conic.project(L.latLng(lat, lon)); return [p.x, p.y]; }", [lat, lon]
        )
        assert (x, y) == pytest.approx(conic.transform(lon, lat), abs=1.0)  # metres
        back = page.evaluate("([x, y]) => { const l = conic.unproject(L.point(x, y)); return [l.lat, l.lng]; }", [x, y])
        assert back == pytest.approx([lat, lon], abs=1e-9)
    page.context.close()


def test_tiles_keep_web_mercator(pages, plan_data):
    html = webmap.page(plan_data, load_scenario("plan-28"), tiles="OpenStreetMap")
    assert "geoConic" not in html and "crs: geoConic(" in pages["en"].read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_on_a_phone_ukraine_spans_the_width_and_the_map_is_the_largest_thing(browser, pages, lang):
    page = opened(browser, pages[lang], **PHONE)
    measured = page.evaluate(
        """() => {
          const zones = [...document.querySelectorAll('path.leaflet-interactive')].map(p => p.getBoundingClientRect());
          const left = Math.min(...zones.map(b => b.left)), right = Math.max(...zones.map(b => b.right));
          const area = e => { const r = e.getBoundingClientRect(); return r.width * r.height; };
          const others = [...document.querySelectorAll('.geo-panel, .geo-credits')]
            .filter(e => e.getClientRects().length);
          return {width: right - left, left, right, map: area(document.getElementById('map_ukraine')),
                  largestOther: Math.max(...others.map(area))};
        }"""
    )
    assert measured["width"] >= 0.9 * 390 and measured["left"] >= 0 and measured["right"] <= 390
    assert measured["map"] > measured["largestOther"]
    page.context.close()


def tab_stops(page, until: str, limit: int = 80) -> list[str]:
    """What Tab reaches, in order, up to the first element matching ``until``."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = page.evaluate(
            """(until) => { const e = document.activeElement;
                 const name = e.getAttribute('aria-label') || e.textContent.trim() || e.id || e.tagName;
                 return e.matches(until) ? 'STOP' : name.slice(0, 40); }""",
            until,
        )
        if here == "STOP":
            return stops
        stops.append(here)
    raise AssertionError(f"never reached {until}: {stops}")


def test_tab_goes_skip_link_title_controls_then_the_map_and_its_zones(browser, pages):
    page = opened(browser, pages["en"])
    stops = tab_stops(page, "path.leaflet-interactive")
    assert stops[0] == "Skip the map: its data as a table"
    assert stops.index("Edit") < stops.index("Map of the zones")  # the title panel's controls, then the map
    assert "Get the data (CSV)" in stops and stops[-1] == "Map of the zones"
    map_region = page.locator("#map_ukraine")
    assert map_region.get_attribute("role") == "region" and map_region.get_attribute("aria-label") == "Map of the zones"
    page.context.close()


def test_the_skip_link_shows_when_focused_and_takes_focus_to_the_table(browser, pages):
    page = opened(browser, pages["en"])
    skip = page.get_by_role("link", name="Skip the map: its data as a table")
    assert skip.bounding_box()["y"] < 0  # out of sight until a keyboard reaches it
    page.keyboard.press("Tab")
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "geo-table"
    page.context.close()


def test_on_a_phone_the_details_panel_follows_an_edit(browser, pages):
    page = opened(browser, pages["en"], **PHONE)
    buffer = page.locator("path[aria-label='Donetsk Oblast, part held by Ukraine: Demilitarised buffer zone']")
    if not buffer.count():
        buffer = page.locator("path[aria-label^='Donetsk Oblast: part held by Ukraine']")
    buffer.dispatch_event("click")
    details = page.locator(".geo-details")
    assert "Demilitarised buffer zone" in details.inner_text()
    page.get_by_role("button", name="Edit", exact=True).click()
    buffer.dispatch_event("click")
    page.get_by_label("Status", exact=True).select_option(label="Recognised as Russian (de facto)")
    assert "Recognised as Russian" in details.inner_text() and "Demilitarised" not in details.inner_text()
    page.context.close()


@pytest.mark.parametrize(
    ("lang", "link", "options"),
    [
        ("en", "#scenario=plan-28&UA-14.held=recognised", {}),
        ("en", "#scenario=plan-28&UA-14.held=recognised", PHONE),
        ("uk", "", {}),
        ("uk", "", PHONE),
    ],
    ids=["editor open", "editor open on a phone", "Ukrainian", "Ukrainian on a phone"],
)
def test_axe_finds_no_violation_with_the_editor_open_and_in_ukrainian(browser, pages, axe_source, lang, link, options):
    page = opened(browser, pages[lang], link, **options)
    if link:
        assert page.locator("#geo-editor").is_visible()
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    page.context.close()


def test_a_ukrainian_page_writes_dates_numbers_and_its_scale_its_own_way(browser, pages):
    page = opened(browser, pages["uk"])
    assert "20 листопада 2025" in page.locator(".geo-title").inner_text()
    assert page.locator("[data-geo-line-label]").inner_text() == "Лінія зіткнення (20 листопада 2025)"
    scale = page.locator(".leaflet-control-scale").inner_text()
    assert "км" in scale or "km" in scale
    assert page.locator(".leaflet-control-scale-line").count() == 1  # no miles
    cells = page.locator("[data-geo-area]").all_inner_texts()
    assert any("\u00a0" in c for c in cells) and not any("," in c for c in cells)  # 39 188, never 39,188
    page.context.close()
    page = opened(browser, pages["en"])
    assert page.locator(".leaflet-control-scale-line").count() == 2  # English keeps miles beside km
    page.context.close()


def downloaded(page) -> list[dict]:
    with page.expect_download() as download:
        page.get_by_role("button", name="Get the data (CSV)").click()
    return list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))


def test_get_the_data_gives_the_table_behind_what_the_page_shows_edits_marked(browser, pages, plan_data):
    page = opened(browser, pages["en"], "#scenario=plan-28&UA-14.held=recognised")
    rows = downloaded(page)
    shown = page.evaluate(
        """() => [...document.querySelectorAll('.geo-sr tbody tr')].map(r => [...r.cells].map(c => c.textContent))"""
    )
    assert [(r["zone"], f"{int(r['area_km2']):,}", r["status"]) for r in rows] == [tuple(s) for s in shown]
    assert {(r["line_date"], r["scenario"]) for r in rows} == {("2025-11-20", "plan-28")}
    edited = [r for r in rows if r["edited"] == "yes"]
    assert [(r["zone_key"], r["status_key"]) for r in edited] == [("UA-14.held", "recognised")]
    assert [int(r["people_in_towns"]) for r in rows] == [z["population"] for z in plan_data["zones"]]
    page.context.close()


def test_get_the_data_quotes_text_a_spreadsheet_would_run(browser, tmp_path):
    scenario = tmp_path / "hostile.toml"
    scenario.write_text(
        'id = "hostile"\ntitle = "T"\ndefault = "mine"\n'
        '[statuses.mine]\nlabel = "=HYPERLINK(\\"http://example.invalid\\", \\"x\\")"\n'
        'description = "d"\ncolour = "#cccccc"\n',
        encoding="utf-8",
    )
    data = run(str(scenario), offline=True)[0].map_data()[0]
    path = tmp_path / "hostile.html"
    path.write_text(webmap.page(data, load_scenario(str(scenario))), encoding="utf-8")
    page = opened(browser, path)
    rows = downloaded(page)
    assert {r["status"] for r in rows} == {'\'=HYPERLINK("http://example.invalid", "x")'}
    page.context.close()
