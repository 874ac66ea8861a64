"""A map of several dates: faces shared by all dates, and the date slider in a real headless Chromium."""

import csv
import json
import shutil

import numpy as np
import pytest
import shapely

from geo import history, topology, webdata, webmap
from geo.boundaries import load_context
from geo.cli import main
from geo.pipeline import run
from geo.projection import to_equal_area
from geo.scenario import load_scenario
from tests.conftest import SHARED, assert_committed, script_data
from tests.test_browser import open_map

DATES = ("20240715", "20250115", "20251120", "20260815")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Four DeepStateMap snapshots, from the summer of 2024 to the summer of 2026."""
    found = [SHARED / "deepstate" / f"deepstatemap_data_{day}.geojson" for day in DATES]
    if not all(path.is_file() for path in found):
        pytest.skip(f"DeepStateMap fixtures absent: {SHARED / 'deepstate'}")
    path = tmp_path_factory.mktemp("four")
    for snapshot in found:
        shutil.copy(snapshot, path)
    return path


@pytest.fixture(scope="module")
def series(folder, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEO_CACHE_DIR", str(tmp_path_factory.mktemp("series-cache")))
        return run("plan-28", str(folder)).compute(zones=True)


@pytest.fixture(scope="module")
def data(series):
    return webdata.encode_series([(p.zones, p.control) for p in series], load_context(), ["", "", "a note", ""])


def test_one_date_and_line_give_one_figure_on_the_slider_the_single_map_and_in_stats(folder, data, capsys):
    """The snapshot of 2025-11-20 is the one geo's shipped line was built from (data/control/provenance.json):
    the slider page, the single-date map on the shipped line and `geo stats` on the snapshot agree."""
    plan = run("plan-28", offline=True)[0]
    single = {(z["iso"], z["part"]): round(z["area_km2"], 3) for z in plan.map_data()[0]["zones"]}
    keys = [(z["iso"], z["part"]) for z in data["zones"]]
    on_slider = dict(zip(keys, data["series"]["areas"][data["series"]["dates"].index("2025-11-20")], strict=True))
    assert {key: area for key, area in on_slider.items() if area} == single
    # The legend's totals per status, whole km², as the two pages add them up (74,184 recognised, not 74,185).
    status = {(z.iso, z.part): z.status for z in plan.zones.itertuples()}
    for wanted in ("recognised", "frozen", "demilitarised", "returned"):
        on_page = sum(area for key, area in on_slider.items() if status.get(key) == wanted)
        assert round(on_page) == round(plan.zones.loc[plan.zones["status"] == wanted, "area_km2"].sum()), wanted
    snapshot = str(folder / "deepstatemap_data_20251120.geojson")
    stats = []
    for argv in (["--control", snapshot], ["--offline"]):
        capsys.readouterr()
        assert main(["stats", *argv, "--format", "json"]) == 0
        stats.append(json.loads(capsys.readouterr().out))
    assert stats[0].pop("control") == snapshot and stats[1].pop("control") == "deepstate:2025-11-20"
    assert stats[0] == stats[1] and stats[0]["occupied_km2"] > 100_000


def test_a_shipped_line_among_snapshots_is_drawn_from_its_snapshot(series, data):
    """Drawn among raw snapshots, the simplified shipped line would cut slivers along the whole front (more
    faces, a heavier page): the page draws that date from its snapshot and counts it on the shipped line."""
    page = series.map_data()[0]
    assert len(page["series"]["sides"]) < len(data["series"]["sides"])  # 74 faces, not 87 (2026-12-03)
    assert len(json.dumps(page["topology"])) < 0.9 * len(json.dumps(data["topology"]))
    assert page["series"]["areas"] == data["series"]["areas"]


def test_each_dates_zones_are_exactly_their_faces(series):
    faces = history.faces([p.zones for p in series])
    area = shapely.area(to_equal_area(faces.geometries)) / 1e6
    for d, prepared in enumerate(series):
        parts = faces.parts(d)
        for zone in prepared.zones.itertuples():
            mine = [
                i
                for i, (iso, part) in enumerate(zip(faces.iso, parts, strict=True))
                if (iso, part) == (zone.iso, zone.part)
            ]
            assert sum(area[i] for i in mine) == pytest.approx(zone.area_km2, rel=1e-4, abs=0.05), (
                d,
                zone.iso,
                zone.part,
            )
    for iso in set(faces.iso):  # faces of a region never overlap
        own = [g for g, i in zip(faces.geometries, faces.iso, strict=True) if i == iso]
        assert shapely.area(shapely.union_all(own)) == pytest.approx(sum(shapely.area(own)), rel=1e-6)


def test_a_region_the_front_never_reaches_is_one_face_with_one_letter(series):
    faces = history.faces([p.zones for p in series])
    assert [s for s, iso in zip(faces.sides, faces.iso, strict=True) if iso == "UA-46"] == ["h"]  # Lviv
    crimea = [s for s, iso in zip(faces.sides, faces.iso, strict=True) if iso == "UA-43"]
    assert crimea == ["o"]
    donetsk = [s for s, iso in zip(faces.sides, faces.iso, strict=True) if iso == "UA-14"]
    assert "hhoo" in donetsk and all(len(s) in (1, len(DATES)) for s in donetsk)  # taken between 2025-01 and 2025-11


def test_the_series_data_has_each_dates_areas_and_the_last_dates_line(series, data):
    s = data["series"]
    assert s["dates"] == ["2024-07-15", "2025-01-15", "2025-11-20", "2026-08-15"] and s["notes"][2] == "a note"
    keys = [(z["iso"], z["part"]) for z in data["zones"]]
    buffer = keys.index(("UA-14", "held"))
    # The figures for the Ukrainian-held part of Donetsk (DeepStateMap's lines measured
    # independently): ~8,700 km² in January 2025, ~6,300 when the plan was reported, ~5,300 by August 2026.
    for d, figure in ((1, 8_700), (2, 6_300), (3, 5_300)):
        assert s["areas"][d][buffer] == pytest.approx(figure, rel=0.03)
    for d, prepared in enumerate(series):
        expected = zip(
            zip(prepared.zones["iso"], prepared.zones["part"], strict=True), prepared.zones["area_km2"], strict=True
        )
        got = {keys[i]: area for i, area in enumerate(s["areas"][d]) if area}
        assert got == pytest.approx({key: round(area, 3) for key, area in expected})
    faces = history.faces([p.zones for p in series])
    shapes = topology.encode(faces.geometries, webdata.ZONE_TOLERANCE_M, webdata.ZONE_GRID_DEG)
    assert data["line"] == topology.line_arcs(shapes, faces.parts(3)) != topology.line_arcs(shapes, faces.parts(0))
    assert len(data["line"]) > 50


@pytest.fixture(scope="module")
def slider_page(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("slider") / "history.html"
    scenarios = [load_scenario("plan-28"), load_scenario("ceasefire-in-place")]
    path.write_text(webmap.page(data, scenarios), encoding="utf-8")
    return path


BUFFER = "Donetsk Oblast: part held by Ukraine: Demilitarised buffer zone"


def shown(page) -> dict:
    """What the page shows now: the date, the buffer zone's outline, its legend total and its table cell."""
    return page.evaluate(
        """(label) => {
             const zone = [...document.querySelectorAll('path.leaflet-interactive')]
               .find(p => p.getAttribute('aria-label') === label);
             const note = document.querySelector('[data-geo-date-note]');
             const rows = [...document.querySelectorAll('.geo-sr tbody tr')];
             return {date: document.getElementById('geo-date-shown').textContent,
                     valuetext: document.getElementById('geo-date').getAttribute('aria-valuetext'),
                     outline: zone ? zone.getAttribute('d') : null,
                     legend: document.querySelector('[data-geo-line-label]').textContent,
                     note: note.hidden ? '' : note.textContent,
                     totals: [...document.querySelectorAll('[data-geo-total]')].map(el => el.textContent),
                     cell: rows.find(r => r.cells[0].textContent === 'Donetsk Oblast: part held by Ukraine')
                       .cells[1].textContent};
           }""",
        BUFFER,
    )


def test_the_slider_is_labelled_and_opens_on_its_scenarios_date(browser, slider_page, data):
    page, requests, errors = open_map(browser, slider_page)
    assert page.get_by_label("Date of the line of control").get_attribute("type") == "range"
    now = shown(page)  # plan-28 is dated 2025-11-20, the third of the series' four dates
    assert (
        now["date"] == now["valuetext"] == "20 November 2025" and now["legend"] == "Line of control (20 November 2025)"
    )
    keys = [(z["iso"], z["part"]) for z in data["zones"]]
    area = data["series"]["areas"][2][keys.index(("UA-14", "held"))]
    assert now["cell"] == f"{area:,.0f}" and f"{area:,.0f} km²" in now["totals"]
    assert page.evaluate("location.hash") == "#scenario=plan-28&date=2025-11-20"
    assert requests == [] and errors == []
    page.context.close()


@pytest.mark.parametrize(
    ("link", "scenario", "date"),
    [
        ("#date=2024-07-15", "The 28-point plan", "15 July 2024"),
        ("#scenario=plan-28&date=2026-01-31", "The 28-point plan", "20 November 2025"),  # nearest earlier
        ("#date=2020-01-01", "The 28-point plan", "15 August 2026"),  # none earlier: the latest
        ("#date=not-a-date", "The 28-point plan", "15 August 2026"),
        ("#scenario=ceasefire-in-place", "Ceasefire in place", "20 November 2025"),  # its own date
        ("#scenario=ceasefire-in-place&date=2025-01-15", "Ceasefire in place", "15 January 2025"),
        ("#scenario=nonesuch&date=2025-01-15", "The 28-point plan", "15 January 2025"),
    ],
)
def test_a_link_opens_on_its_scenario_and_date(browser, slider_page, link, scenario, date):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    page = context.new_page()
    page.goto(slider_page.as_uri() + link)
    page.wait_for_selector("path.leaflet-interactive")
    assert shown(page)["date"] == date and page.get_by_label(scenario).is_checked()
    assert page.locator(".geo-title h1:visible").inner_text().startswith(scenario)
    page.get_by_label("Ceasefire in place" if scenario != "Ceasefire in place" else "The 28-point plan").check()
    page.focus("#geo-date")
    page.keyboard.press("Home")
    kept = page.evaluate("location.hash")  # the address follows the view: a reload shows the same
    page.reload()
    page.wait_for_selector("path.leaflet-interactive")
    assert shown(page)["date"] == "15 July 2024" and page.evaluate("location.hash") == kept
    context.close()


def test_the_keyboard_moves_through_the_dates_and_the_zones_follow(browser, slider_page, data):
    page, _, errors = open_map(browser, slider_page)
    start = shown(page)
    page.focus("#geo-date")
    page.keyboard.press("Home")
    first = shown(page)
    assert first["date"] == first["valuetext"] == "15 July 2024" and first["legend"] == "Line of control (15 July 2024)"
    assert (
        first["outline"] != start["outline"] and first["totals"] != start["totals"] and first["cell"] != start["cell"]
    )
    page.keyboard.press("End")
    assert shown(page)["date"] == "15 August 2026" and shown(page)["note"] == ""
    page.keyboard.press("ArrowLeft")
    assert shown(page) == start and start["note"] == "a note"  # back to where it started, drawn the same
    assert errors == []
    page.context.close()


def test_a_zones_details_follow_the_date_its_area_share_towns_and_people_as_stats_gives_them(
    browser, slider_page, series
):
    """The buffer zone's tooltip on the first date against that date's result (its zone rows and located
    towns, as `geo stats` reads them), and again after the slider moves while it is open."""
    page, _, errors = open_map(browser, slider_page)
    keys = script_data(page.content())["zoneKeys"]

    def expected(result):
        rows = {(row["iso"], row["part"]): row for row in result.zone_rows()}
        held, region = (
            rows[("UA-14", "held")]["area_km2"],
            sum(r["area_km2"] for k, r in rows.items() if k[0] == "UA-14"),
        )
        people = sum(t["population"] for t in result.town_rows() if (t["iso"], t["part"]) == ("UA-14", "held"))
        return f"Part held by Ukraine: {held:,.0f} km² ({100 * held / region:.1f}% of the region)", f"{people:,} people"

    page.focus("#geo-date")
    page.keyboard.press("Home")
    page.locator("path.leaflet-interactive").nth(keys.index("UA-14.held")).focus()
    tooltip = page.locator(".leaflet-tooltip")
    area, people = expected(series[0])
    assert area in tooltip.inner_text() and people in tooltip.inner_text() and "Kramatorsk" in tooltip.inner_text()
    page.evaluate(
        "() => { const s = document.getElementById('geo-date'); s.value = s.max; s.dispatchEvent(new Event('input')); }"
    )
    area, people = expected(series[-1])
    assert area in tooltip.inner_text() and people in tooltip.inner_text()  # the open tooltip followed
    assert errors == []
    page.context.close()


def drawn_line(page) -> list:
    """The line of control the page draws now: each arc's two ends, rounded."""
    return page.evaluate(
        """() => { const found = [];
             map_ukraine.eachLayer(l => {
               if (l instanceof L.Polyline && !(l instanceof L.Polygon) && l.options.color === '#1a1a1a') {
                 l.getLatLngs().forEach(a => found.push(
                   [a[0].lat, a[0].lng, a[a.length - 1].lat, a[a.length - 1].lng].map(v => +v.toFixed(5))));
             } });
             return found; }"""
    )


def test_each_dates_line_is_the_one_python_derives(browser, slider_page, data, series):
    faces = history.faces([p.zones for p in series])
    shapes = topology.encode(faces.geometries, webdata.ZONE_TOLERANCE_M, webdata.ZONE_GRID_DEG)
    page, _, errors = open_map(browser, slider_page)
    for d in range(len(DATES)):
        page.evaluate(
            "(d) => { const s = document.getElementById('geo-date'); s.value = d;"
            " s.dispatchEvent(new Event('input')); }",
            d,
        )
        expected = []
        for i in topology.line_arcs(shapes, faces.parts(d)):
            points = (np.cumsum(np.reshape(shapes.arcs[i], (-1, 2)), axis=0) * shapes.scale + shapes.origin)[[0, -1]]
            expected.append([round(float(v), 5) for v in (points[0, 1], points[0, 0], points[1, 1], points[1, 0])])
        assert sorted(drawn_line(page)) == sorted(expected), d
    assert errors == []
    page.context.close()


def test_each_zone_is_stroked_along_its_outline_only_never_its_faces_inner_edges(browser, slider_page, data, series):
    """On every date, each zone's drawn rings are as long as its outline: the arcs of its faces that no
    other of its faces uses, measured here from the topology's arcs (a zone drawn face by face also strokes
    the edges between its faces, which makes it longer)."""
    faces = history.faces([p.zones for p in series])
    shapes = topology.encode(faces.geometries, webdata.ZONE_TOLERANCE_M, webdata.ZONE_GRID_DEG)
    arcs = [np.cumsum(np.reshape(a, (-1, 2)), axis=0) * shapes.scale + shapes.origin for a in shapes.arcs]
    arc_length = [float(np.hypot(*np.diff(a, axis=0).T).sum()) for a in arcs]
    uses = [[i if i >= 0 else ~i for rings in polygons for ring in rings for i in ring] for polygons in shapes.polygons]
    page, _, errors = open_map(browser, slider_page)
    inner_edges = 0.0
    for d in range(len(DATES)):
        page.evaluate(
            "(d) => { const s = document.getElementById('geo-date'); s.value = d;"
            " s.dispatchEvent(new Event('input')); }",
            d,
        )
        drawn = page.evaluate(
            """() => Object.values(map_ukraine._layers)
                 .filter(l => l instanceof L.Polygon && l.options.interactive !== false)
                 .sort((a, b) => L.stamp(a) - L.stamp(b))
                 .map(l => L.LineUtil.isFlat(l.getLatLngs()) ? [l.getLatLngs()] : l.getLatLngs())
                 .map(rings => rings.reduce((sum, ring) => sum + ring.reduce((length, p, i) => {
                    const q = ring[(i + 1) % ring.length];
                    return length + Math.hypot(q.lat - p.lat, q.lng - p.lng); }, 0), 0))"""
        )
        parts = faces.parts(d)
        for zone, length in zip(data["zones"], drawn, strict=True):
            mine = [f for f, key in enumerate(zip(faces.iso, parts, strict=True)) if key == (zone["iso"], zone["part"])]
            used = [a for f in mine for a in uses[f]]
            outline = sum(arc_length[a] for a in set(used) if used.count(a) == 1)
            inner_edges += sum(arc_length[a] for a in used) - outline
            assert length == pytest.approx(outline, rel=1e-6, abs=1e-9), (d, zone["iso"], zone["part"])
    assert inner_edges > 0 and errors == []  # there were inner edges to leave out
    page.context.close()


def test_play_steps_through_the_dates_and_pause_stops(browser, slider_page):
    page, _, errors = open_map(browser, slider_page)
    page.focus("#geo-date")
    page.keyboard.press("End")
    play = page.get_by_role("button", name="Play")
    play.click()  # on the last date: starts again from the first
    assert shown(page)["date"] == "15 July 2024" and page.locator(".geo-play").inner_text() == "Pause"
    page.wait_for_function("document.getElementById('geo-date-shown').textContent === '15 January 2025'")
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(1200)
    assert shown(page)["date"] == "15 January 2025" and page.locator(".geo-play").inner_text() == "Play"
    assert errors == []
    page.context.close()


def test_switching_scenarios_keeps_the_date_and_restyles_the_same_zones(browser, slider_page):
    page, _, errors = open_map(browser, slider_page)
    page.focus("#geo-date")
    page.keyboard.press("Home")
    before, count = shown(page), page.locator("path.leaflet-interactive").count()
    page.get_by_label("Ceasefire in place").check()
    after = shown(page)
    assert after["date"] == "15 July 2024" and after["outline"] is None  # the zone is no longer a buffer zone
    assert after["totals"] != before["totals"] and page.locator("path.leaflet-interactive").count() == count
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_axe_finds_no_accessibility_violation_in_the_slider_page(browser, slider_page, axe_source, viewport):
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(slider_page.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    page.close()


def test_render_over_a_folder_writes_one_slider_page_and_reuses_it(folder, tmp_path, cache_dir, capsys):
    out = tmp_path / "history.html"
    assert main(["render", "--control", str(folder), "--out", str(out)]) == 0
    assert "4 dates from 2024-07-15 to 2026-08-15" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert 'type="range"' in page and script_data(page)["series"]["dates"][-1] == "2026-08-15"
    cached = list(cache_dir.glob("series-*.json"))
    assert len(cached) == 1
    cached[0].write_text(cached[0].read_text().replace("2026-08-15", "2026-08-16"))  # what is read on the next run
    assert main(["render", "--control", str(folder), "--out", str(out)]) == 0
    assert script_data(out.read_text(encoding="utf-8"))["series"]["dates"][-1] == "2026-08-16"


def test_a_still_image_of_several_dates_is_one_clear_error(folder, tmp_path, capsys):
    assert main(["render", "--control", str(folder), "--format", "png", "--out", str(tmp_path / "x.png")]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "geo chart" in err and not (tmp_path / "x.png").exists()


def test_an_edit_holds_on_every_date_and_its_totals_follow_the_date(browser, slider_page, data):
    page, _, errors = open_map(browser, slider_page)
    page.get_by_role("button", name="Edit", exact=True).click()
    page.evaluate(
        "(label) => [...document.querySelectorAll('path.leaflet-interactive')]"
        ".find(p => p.getAttribute('aria-label') === label).focus()",
        BUFFER,
    )
    page.get_by_label("Status").select_option(label="Recognised as Russian (de facto)")
    row = (
        "(name) => [...document.querySelectorAll('[data-geo-edit-total]')]"
        ".find(r => r.cells[0].textContent.startsWith(name)).cells[1].textContent"
    )
    last = page.evaluate(row, "Frozen")
    page.focus("#geo-date")
    page.keyboard.press("Home")
    keys = [(z["iso"], z["part"]) for z in data["zones"]]
    first = data["series"]["areas"][0]
    statuses = [data_status for data_status, _ in script_data(slider_page.read_text())["layers"][0]["zones"]]
    vocabulary = script_data(slider_page.read_text())["keys"]
    expected = sum(
        a
        for a, s, key in zip(first, statuses, keys, strict=True)
        if vocabulary[s] == "recognised" or key == ("UA-14", "held")
    )
    # All of Donetsk (both parts, the held one by the edit), Luhansk and Crimea: the same on every date.
    assert page.evaluate(row, "Recognised") == f"{expected:,.0f}"
    assert page.evaluate(row, "Frozen") != last  # the front moved in Kherson and Zaporizhzhia
    assert shown(page)["outline"] is None  # still edited: no zone is a buffer zone on this date either
    assert errors == []
    page.context.close()


def test_a_script_of_ones_own_drives_the_page_through_its_events(browser, slider_page, data):
    """The page's behaviours talk by events on the map (templates/layers.js lists them): one more script
    asks for a date and an edit the same way, and the slider, the legend, the zones and the link follow."""
    page, _, errors = open_map(browser, slider_page)
    script = script_data(slider_page.read_text())
    buffer = script["zoneKeys"].index("UA-14.held")
    recognised = script["keys"].index("recognised")
    before = shown(page)
    told = page.evaluate(
        """([zone, status]) => {
             const told = [];
             map_ukraine.on("geo:dated geo:shown", e => told.push(e.type));
             map_ukraine.fire("geo:date", {index: 0});
             map_ukraine.fire("geo:edit", {edits: {[zone]: status}});
             return told;
           }""",
        [buffer, recognised],
    )
    assert sorted(told) == ["geo:dated", "geo:shown", "geo:shown"]  # the page restyles as it hears of the date
    after = shown(page)
    assert after["date"] == script["series"]["dateText"][0] != before["date"]
    assert page.evaluate("+document.getElementById('geo-date').value") == 0
    assert after["totals"] != before["totals"] and after["outline"] is None  # no longer a buffer zone
    link = page.evaluate("location.hash")
    assert f"date={data['series']['dates'][0]}" in link and "UA-14.held=recognised" in link
    assert errors == []
    page.context.close()


def test_get_the_data_gives_the_date_the_slider_shows_and_its_figures(browser, slider_page, data, tmp_path):
    """The CSV behind a slider page is of the date shown (here the first), with that date's areas from the
    series data geo wrote, not the date the page opened on."""
    page, _, errors = open_map(browser, slider_page)
    page.focus("#geo-date")
    page.keyboard.press("Home")
    with page.expect_download() as download:
        page.get_by_role("button", name="Get the data (CSV)").click()
    download.value.save_as(tmp_path / "data.csv")
    rows = list(csv.DictReader((tmp_path / "data.csv").open(encoding="utf-8")))
    first = data["series"]["dates"][0]
    assert download.value.suggested_filename == f"plan-28-{first}.csv"
    assert {r["line_date"] for r in rows} == {first}
    assert [float(r["area_km2"]) for r in rows] == [round(a) for a in data["series"]["areas"][0]]
    assert errors == []
    page.context.close()


def test_the_committed_history_map_is_what_geo_renders_from_the_snapshots(tmp_path, cache_dir, monkeypatch):
    """maps/plan-28-history.html as committed equals `geo render` over the fixtures' snapshots (see README)."""
    snapshots = SHARED / "deepstate"
    if not snapshots.is_dir():
        pytest.skip(f"DeepStateMap fixtures absent: {snapshots}")
    monkeypatch.chdir(tmp_path)
    assert main(["render", "--control", str(snapshots), "--out", "history.html"]) == 0
    assert_committed(tmp_path / "history.html", "plan-28-history.html")


@pytest.fixture(scope="module")
def daily_page(tmp_path_factory):
    """70 days of one line (the shipped one, copied under each day's name: the same bytes, split once)."""
    import datetime as dt

    from geo.control import SHIPPED_DIR

    folder = tmp_path_factory.mktemp("daily")
    (folder / "lines").mkdir()
    line = sorted(SHIPPED_DIR.glob("*.geojson"))[0]
    for n in range(70):
        shutil.copy(line, folder / "lines" / f"front-{dt.date(2025, 1, 1) + dt.timedelta(days=n)}.geojson")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEO_CACHE_DIR", str(folder / "cache"))
        assert main(["render", "--control", str(folder / "lines"), "--out", str(folder / "daily.html")]) == 0
    return folder / "daily.html"


@pytest.mark.parametrize(
    ("by", "then"), [("week", "8 January 2025"), ("month", "1 February 2025"), ("day", "2 January 2025")]
)
def test_a_long_series_plays_by_the_step_the_reader_chooses(browser, daily_page, by, then):
    page, _, errors = open_map(browser, daily_page)
    assert page.get_by_label("Play by").input_value() == "week"  # a year of days would take minutes day by day
    page.get_by_label("Play by").select_option(by)
    page.get_by_role("button", name="Play").click()  # from the last date: it starts again from the first
    page.wait_for_function("document.getElementById('geo-date').value !== '0'", timeout=5000)
    page.get_by_role("button", name="Pause").click()
    assert page.locator("#geo-date-shown").inner_text() == then
    assert errors == []
    page.context.close()


def test_a_short_series_plays_date_by_date_without_a_choice(slider_page):
    assert "<select data-geo-step>" not in slider_page.read_text(encoding="utf-8")
