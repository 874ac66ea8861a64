"""geo changes: what passed to Russian forces and back to Ukraine between two dates, held to an independent
computation (the two control polygons differenced directly with shapely on the committed country, which
geo's split never does) and to `geo stats` on each date."""

import csv
import io
import json

import pytest
import shapely
from pyproj import Geod

from geo.boundaries import load_boundaries
from geo.cli import main
from geo.control import load_control
from geo.places import MIN_POPULATION, towns
from geo.projection import to_equal_area
from geo.scenario import load_scenario
from tests.conftest import SHARED, dated_lines

PLAN = load_scenario("plan-28")
# Two squares of "occupied" land in Donetsk and Zaporizhzhia oblasts, far from any border: from the first
# date to the second the square moves east by 0.3°, so a strip passes to each side.
FIRST = shapely.box(36.6, 47.3, 37.6, 48.3)
SECOND = shapely.box(36.9, 47.3, 37.9, 48.3)


@pytest.fixture
def two_lines(tmp_path):
    return [str(path) for path in dated_lines(tmp_path, {"20251120": FIRST, "20260815": SECOND})]


def changes(capsys, first, second, *options):
    assert main(["changes", "--from", first, "--to", second, "--format", "json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def independent(first, second):
    """km² that passed each way, per region: the polygons differenced on the regions themselves."""
    regions = load_boundaries()
    shapes = dict(zip(regions["iso"], to_equal_area(regions.geometry.to_crs(4326).values), strict=True))
    a, b = (to_equal_area(shapely.segmentize(g, 0.01)) for g in (first, second))
    return {
        iso: (
            shapely.area(shapely.intersection(b.difference(a), shape)) / 1e6,
            shapely.area(shapely.intersection(a.difference(b), shape)) / 1e6,
        )
        for iso, shape in shapes.items()
    }


def test_the_land_each_way_is_the_difference_of_the_two_lines_region_by_region(two_lines, capsys):
    report = changes(capsys, *two_lines)
    expected = {iso: pair for iso, pair in independent(FIRST, SECOND).items() if max(pair) > 0.05}
    by_region = {}
    for row in report["regions"]:
        got = by_region.setdefault(row["iso"], [0.0, 0.0])
        got[0] += row["to_russian_forces_km2"]
        got[1] += row["to_ukraine_km2"]
    assert set(by_region) == set(expected) and len(expected) >= 2  # the strips cross an oblast border
    for iso, (to_russia, to_ukraine) in expected.items():
        assert by_region[iso] == pytest.approx([to_russia, to_ukraine], rel=1e-3, abs=0.1), iso
    totals = report["totals"]
    assert totals["to_russian_forces_km2"] == pytest.approx(sum(p[0] for p in expected.values()), rel=1e-3)
    assert totals["to_ukraine_km2"] == pytest.approx(sum(p[1] for p in expected.values()), rel=1e-3)


def test_each_dates_occupied_land_is_geo_stats_and_the_net_change_is_their_difference(two_lines, capsys):
    report = changes(capsys, *two_lines)
    for side, path in zip(("from", "to"), two_lines, strict=True):
        assert main(["stats", "--control", path, "--format", "json"]) == 0
        stats = json.loads(capsys.readouterr().out)
        assert report[side]["occupied_km2"] == stats["occupied_km2"]
        assert report[side]["date"] == stats["control_date"]
    net = report["to"]["occupied_km2"] - report["from"]["occupied_km2"]
    assert report["totals"]["net_to_russian_forces_km2"] == pytest.approx(net, abs=0.15)  # each to 0.1 km²


def test_land_is_counted_under_the_status_the_plan_gave_it_on_the_first_date(two_lines, capsys):
    report = changes(capsys, *two_lines)
    for row in report["regions"]:
        part = "held" if row["to_russian_forces_km2"] else "occupied"
        assert row["status"] == PLAN.assign(row["iso"], part)[0], row
    statuses = {row["status"]: row for row in report["statuses"]}
    # Donetsk's held land is the plan's buffer zone: what Russian forces took of it counts there.
    donetsk = [r for r in report["regions"] if r["iso"] == "UA-14" and r["to_russian_forces_km2"]]
    assert statuses["demilitarised"]["to_russian_forces_km2"] == pytest.approx(
        sum(r["to_russian_forces_km2"] for r in donetsk)
    )
    assert list(statuses) == [key for key in PLAN.statuses if key in statuses]  # the scenario's order
    assert main(["stats", "--control", two_lines[0], "--format", "json"]) == 0
    on_first_date = {t["status"]: t["area_km2"] for t in json.loads(capsys.readouterr().out)["totals"]}
    assert {key: row["area_km2"] for key, row in statuses.items()} == {key: on_first_date[key] for key in statuses}


def test_the_towns_in_the_strips_are_those_that_changed_side(two_lines, capsys):
    report = changes(capsys, *two_lines)
    country = shapely.union_all(load_boundaries().geometry.to_crs(4326).values)
    taken, returned = SECOND.difference(FIRST) & country, FIRST.difference(SECOND) & country
    expected = {
        (t.name, "occupied" if taken.contains(shapely.Point(t.lon, t.lat)) else "held")
        for t in towns()
        if t.population >= MIN_POPULATION  # the default threshold
        and (taken.contains(shapely.Point(t.lon, t.lat)) or returned.contains(shapely.Point(t.lon, t.lat)))
    }
    assert {(t["name"], t["to"]) for t in report["towns"]} == expected and expected
    populations = [t["population"] for t in report["towns"]]
    assert populations == sorted(populations, reverse=True)
    assert report["totals"]["towns_to_russian_forces"] == sum(to == "occupied" for _, to in expected)


def test_the_line_is_measured_on_the_ellipsoid_on_each_date(two_lines, capsys):
    """A square inside the country: its whole outline is the line, its edges along meridians and parallels."""
    report = changes(capsys, *two_lines)
    for side, square in (("from", FIRST), ("to", SECOND)):
        outline = Geod(ellps="WGS84").geometry_length(shapely.segmentize(square.exterior, 0.01)) / 1000
        assert report[side]["line_km"] == pytest.approx(outline, rel=0.01), side


def test_the_table_and_csv_give_the_json_figures(two_lines, capsys):
    report = changes(capsys, *two_lines)
    assert main(["changes", "--from", two_lines[0], "--to", two_lines[1], "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [float(r["to_russian_forces_km2"]) for r in rows] == [r["to_russian_forces_km2"] for r in report["regions"]]
    assert main(["changes", "--from", two_lines[0], "--to", two_lines[1]]) == 0
    table = capsys.readouterr().out
    totals = report["totals"]
    assert f"To Russian forces: {totals['to_russian_forces_km2']:,.1f} km²" in table
    assert f"to Ukraine: {totals['to_ukraine_km2']:,.1f} km²" in table
    assert "Between 2025-11-20 and 2026-08-15" in table


@pytest.mark.parametrize("bad", ["none", "folder"])
def test_a_side_that_is_not_one_line_is_one_clear_error(two_lines, tmp_path, capsys, bad):
    source = str(tmp_path) if bad == "folder" else bad
    assert main(["changes", "--from", source, "--to", two_lines[1]]) == 1
    err = capsys.readouterr().err
    assert err == f"geo: --from takes one line of control (a file, a URL or deepstate:DATE), not {source}\n"


def test_the_archive_from_the_plans_day_to_august_2026_is_the_snapshots_difference_less_slivers(capsys):
    """DeepStateMap's snapshots (../shared/fixtures) against their raw polygons differenced on the country.
    Each date's split leaves out fragments under 1 km² and thin strips along region borders
    (geo.zones.SLIVER_*), where redrawing the line moves it by metres both ways: the figures lie a little
    under the raw difference (1,655 against 1,739 km², 334 against 384 km² on 2026-12-04), never over."""
    first, second = (SHARED / "deepstate" / f"deepstatemap_data_{day}.geojson" for day in ("20251120", "20260815"))
    if not (first.is_file() and second.is_file()):
        pytest.skip(f"DeepStateMap fixtures absent: {first.parent}")
    report = changes(capsys, str(first), str(second))
    raw = independent(load_control(str(first)).geometry, load_control(str(second)).geometry)
    for column, way in (("to_russian_forces_km2", 0), ("to_ukraine_km2", 1)):
        difference = sum(pair[way] for pair in raw.values())
        assert 0.85 * difference <= report["totals"][column] <= difference + 0.1, column


def test_pair_splits_from_and_to_wherever_a_layer_stands_on_each_side(tmp_path, monkeypatch):
    from geo.control import pair
    from geo.errors import ControlError

    assert pair("2025-11-20..2026-08-15") == ("deepstate:2025-11-20", "deepstate:2026-08-15")
    assert pair("deepstate:2025-11-20..2026-08-15") == ("deepstate:2025-11-20", "deepstate:2026-08-15")
    (tmp_path / "lines").mkdir()
    for name in ("a.geojson", "b..c.geojson"):
        (tmp_path / "lines" / name).write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "lines")
    assert pair("../lines/a.geojson..../lines/b..c.geojson") == ("../lines/a.geojson", "../lines/b..c.geojson")
    assert pair("https://example.org/a.geojson..b..c.geojson") == ("https://example.org/a.geojson", "b..c.geojson")
    for wrong in ("a.geojson", "a.geojson..missing.geojson", "2025-11-20", "2025-11-20..", ""):
        with pytest.raises(ControlError, match=r"expected FROM\.\.TO"):
            pair(wrong)


def test_a_changes_map_draws_each_strip_with_the_figures_geo_changes_gives(two_lines, capsys, tmp_path):
    """`geo render --changes` over two hand-made lines: its pieces and legend give the km² `geo changes` prints
    for the same lines (one figure wherever it is shown), which the independent difference confirms."""
    from tests.conftest import script_data

    report = changes(capsys, *two_lines)
    out = tmp_path / "changes.html"
    assert main(["render", "--changes", "..".join(two_lines), "--out", str(out)]) == 0
    totals = report["totals"]
    printed = capsys.readouterr().out
    assert f"{totals['to_russian_forces_km2']:,.1f} km² to Russian forces, {totals['to_ukraine_km2']:,.1f}" in printed
    page = out.read_text(encoding="utf-8")
    data = script_data(page)["changes"]
    between = "between 20 November 2025 and 15 August 2026"
    legend = [
        f"Passed to Russian forces {between}: {totals['to_russian_forces_km2']:,.1f} km²",
        f"Back to Ukraine {between}: {totals['to_ukraine_km2']:,.1f} km²",
    ]
    assert all(f"<span>{line}</span>" in page for line in legend)
    rows = {(r["iso"], r["status"]): r for r in report["regions"]}
    said = [text for _, text in data["pieces"]]
    for (iso, _), row in rows.items():
        for column, moved in (("to_russian_forces_km2", "passed to Russian forces"), ("to_ukraine_km2", "went back")):
            if row[column] >= 0.05:
                assert any(f"{row['name']}: {row[column]:,.1f} km² {moved}" in text for text in said), (iso, column)
    expected = independent(FIRST, SECOND)
    assert totals["to_russian_forces_km2"] == pytest.approx(sum(a for a, _ in expected.values()), abs=0.5)
    assert totals["to_ukraine_km2"] == pytest.approx(sum(b for _, b in expected.values()), abs=0.5)
    assert "What changed between 20 November 2025 and 15 August 2026" in page
    # The second date's line, as [lat, lon] pairs: the outline of its square (inside the country, all of it
    # is the line), to within the line's simplification (300 m, under 0.005°).
    drawn = shapely.MultiLineString([[(lon, lat) for lat, lon in part] for part in data["line"]])
    assert shapely.hausdorff_distance(drawn, SECOND.exterior) < 0.005
    assert "<span>Line of control (15 August 2026)</span>" in page  # its entry in the legend, dashed
    # Underneath, the zones of the first date, as `geo stats` gives them on its line.
    assert main(["stats", "--control", two_lines[0], "--format", "json"]) == 0
    first = {f"{z['iso']}.{z['part']}": z["area_km2"] for z in json.loads(capsys.readouterr().out)["zones"]}
    whole = script_data(page)
    assert {key: round(area, 1) for key, area in zip(whole["zoneKeys"], whole["areas"], strict=True)} == first
    assert 'class="geo-edit"' not in page  # the statuses underneath are the first date's, not a reader's edit


def test_changes_needs_one_scenario_an_html_map_and_no_other_control(two_lines, tmp_path, capsys):
    both = "..".join(two_lines)
    for options, said in (
        (["--format", "png"], "--changes draws one scenario's web map"),
        (["--scenario", "plan-28", "--scenario", "plan-20"], "--changes draws one scenario's web map"),
        (["--control", "none"], "leave out --control"),
    ):
        assert main(["render", "--changes", both, *options, "--out", str(tmp_path / "x.html")]) == 1
        err = capsys.readouterr().err
        assert said in err and err.count("\n") == 1 and not (tmp_path / "x.html").exists()


@pytest.mark.browser
def test_on_a_changes_map_each_strip_is_drawn_reached_by_keyboard_and_read_out(
    browser, two_lines, tmp_path, axe_source
):
    out = tmp_path / "changes.html"
    assert main(["render", "--changes", "..".join(two_lines), "--out", str(out)]) == 0
    page = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True).new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.as_uri())
    strips = page.locator(".leaflet-geo-changes-pane path.leaflet-interactive")
    strips.first.wait_for()  # the view opens on what changed: zones far from it are not drawn
    inside = page.evaluate("() => map_ukraine.getBounds().contains(L.latLngBounds([[47.3, 36.6], [48.3, 37.9]]))")
    assert inside  # both squares in view
    labels = [strips.nth(i).get_attribute("aria-label") for i in range(strips.count())]
    assert any(" km² passed to Russian forces between " in label for label in labels)
    assert any(" km² went back to Ukraine between " in label for label in labels)
    fills = {strips.nth(i).get_attribute("fill") for i in range(strips.count())}
    assert fills == {"#EE7733", "#33BBEE"}  # one colour a direction (geo.present.CHANGE_COLOURS)
    strips.first.focus()
    assert page.locator(".leaflet-tooltip").inner_text() == labels[0]
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    assert requests == [] and errors == []
    page.context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, offline=True)
    page = phone.new_page()
    page.goto(out.as_uri())
    strip = page.locator(".leaflet-geo-changes-pane path.leaflet-interactive").first
    strip.tap()
    assert page.locator(".geo-details").inner_text() == strip.get_attribute("aria-label")  # under the map
    phone.close()
