"""Two views side by side (`geo render --compare`): two scenarios on one line, whose figures are `geo stats
--diff`'s, and one scenario on two lines, whose figures are `geo stats` on each line. The divider is a
labelled control that moves the cut, each side's shapes and tooltips are its own, and a phone gets a
switcher instead (the changes map of `geo render --changes` is tested in test_changes)."""

import csv
import json
import re

import geopandas as gpd
import pytest
import shapely

from geo.cli import main
from tests.conftest import dated_lines, script_data

# "Occupied" squares in Donetsk and Zaporizhzhia oblasts on two dates, the second 0.3° east of the first
# (as in test_changes): west of 36.9° E Ukraine takes land back, east of 37.6° E Russian forces take some.
FIRST = shapely.box(36.6, 47.3, 37.6, 48.3)
SECOND = shapely.box(36.9, 47.3, 37.9, 48.3)
TAKEN = (47.8, 37.75)  # lat, lon in Donetsk oblast: held on the first date, occupied on the second


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """plan-28 against plan-20 on the line geo ships (offline)."""
    folder = tmp_path_factory.mktemp("compare")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEO_CACHE_DIR", str(folder / "cache"))
        out = folder / "compare.html"
        assert main(["render", "--compare", "plan-28", "plan-20", "--offline", "--out", str(out)]) == 0
    return out


def test_each_status_gives_its_km2_under_a_and_b_as_stats_diff_does(compared, capsys, cache_dir):
    import json

    argv = ["stats", "--scenario", "plan-28", "--scenario", "plan-20", "--diff", "--offline"]
    assert main([*argv, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    page = compared.read_text(encoding="utf-8")
    for row in rows:
        a, b, change = row["area_km2_plan-28"], row["area_km2_plan-20"], row["area_km2_change"]
        if a or b:
            sign = "+" if change > 0 else ""
            assert f"A: {a:,.1f} km², B: {b:,.1f} km² ({sign}{change:,.1f})" in page, row["status"]
    data = script_data(page)
    assert data["compare"]["titles"] == [
        "The 28-point plan: what it says about territory",
        "The 20-point framework: the line frozen in four regions",
    ]
    assert "CBS News" in data["credits"][0] and "Zelensky" in data["credits"][0]  # both sides' sources at once
    assert 'class="geo-edit"' not in page


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--compare", "plan-28", "plan-28"], "are both scenario 'plan-28'"),
        (["--compare", "plan-28", "plan-20", "--scenario", "plan-20"], "no --scenario"),
        (["--compare", "plan-28", "plan-20", "--format", "png"], "no --changes or --format"),
        (["--compare", "plan-28", "nowhere"], "plan-28 is a scenario, nowhere is not"),
        (["--compare", "nowhere.geojson", "plan-20.toml"], "plan-20.toml is a scenario, nowhere.geojson is not"),
        (["--compare", "a.geojson", "b.geojson", "--scenario", "plan-28", "--scenario", "plan-20"], "one --scenario"),
        (["--compare", "nowhere.geojson", "2025-11-20"], "nowhere.geojson"),
    ],
)
def test_a_wrong_comparison_is_one_line_and_no_file(tmp_path, capsys, cache_dir, options, said):
    out = tmp_path / "x.html"
    control = ["--control", "none"] if "plan-28" in options[1:3] else ["--offline"]  # two lines name their own
    assert main(["render", *options, *control, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1 and not out.exists()


def test_two_lines_name_both_lines_of_control(tmp_path, capsys, two_lines):
    out = tmp_path / "x.html"
    assert main(["render", "--compare", *map(str, two_lines), "--control", "none", "--out", str(out)]) == 1
    assert "leave out --control" in capsys.readouterr().err and not out.exists()


def test_a_comparison_over_dates_is_refused(tmp_path, capsys, cache_dir):
    import shapely

    folder = tmp_path / "lines"
    folder.mkdir()
    for day in ("20251120", "20260815"):
        gpd.GeoDataFrame(geometry=[shapely.box(36.6, 47.3, 37.6, 48.3)], crs=4326).to_file(folder / f"{day}.geojson")
    out = tmp_path / "x.html"
    argv = ["render", "--compare", "plan-28", "plan-20", "--control", str(folder), "--out", str(out)]
    assert main(argv) == 1
    assert "not over dates" in capsys.readouterr().err and not out.exists()


@pytest.mark.browser
def test_the_divider_cuts_the_map_and_each_side_reads_its_own_scenario(browser, compared, axe_source):
    page = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True).new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(compared.as_uri())
    divider = page.get_by_role("slider", name="Divider: A, The 28-point plan")
    assert divider.is_visible() and not page.locator(".geo-switch").is_visible()

    def clip_left() -> float:
        box = page.evaluate("() => map_ukraine.getPane('geo-right').style.clip")
        return float(box.split(",")[3].strip().rstrip("px)"))

    start = clip_left()
    divider.focus()
    for _ in range(50):
        page.keyboard.press("ArrowRight")
    assert clip_left() == pytest.approx(start + 0.05 * 1280, abs=2)  # 50 steps of 1/1000 of the width
    # Crimea: recognised under A (left of the cut), not addressed under B (right of it). Move the cut either side.
    x, y = page.evaluate("() => { const p = map_ukraine.latLngToContainerPoint([45.3, 34.2]); return [p.x, p.y]; }")
    for value, wanted in (("1000", "Recognised as Russian (de facto)"), ("0", "Not addressed by this version")):
        divider.fill(value)
        page.mouse.move(x + 1, y + 1)
        page.mouse.move(x, y)
        tooltip = page.locator(".leaflet-tooltip").last
        assert wanted in tooltip.inner_text()
    assert_accessible(page, axe_source)
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_on_a_phone_the_switcher_takes_the_dividers_place(browser, compared):
    page = on_a_phone(browser)
    page.goto(compared.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    assert not page.locator(".geo-divider").is_visible() and page.locator(".geo-switch").is_visible()
    assert page.evaluate("() => map_ukraine.getPane('geo-right').style.display") == "none"
    crimea = "Autonomous Republic of Crimea: part held by Russian forces: "
    label = "(l) => [...document.querySelectorAll('path.leaflet-interactive')].map(p => p.getAttribute('aria-label'))"
    assert crimea + "Recognised as Russian (de facto)" in page.evaluate(label)
    page.locator("input[name=geo-scenario][value='1']").check()
    assert crimea + "Not addressed by this version" in page.evaluate(label)
    page.context.close()


@pytest.fixture(scope="module")
def two_lines(tmp_path_factory):
    return dated_lines(tmp_path_factory.mktemp("lines"), {"20251120": FIRST, "20260815": SECOND})


@pytest.fixture(scope="module")
def lines_compared(tmp_path_factory, two_lines):
    """plan-28 on the two lines above, side by side."""
    folder = tmp_path_factory.mktemp("compare-lines")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEO_CACHE_DIR", str(folder / "cache"))
        out = folder / "lines.html"
        assert main(["render", "--compare", *map(str, two_lines), "--offline", "--out", str(out)]) == 0
    return out


def test_one_scenario_on_two_lines_gives_each_lines_km2_as_stats_does_on_it(two_lines, lines_compared, capsys):
    page = lines_compared.read_text(encoding="utf-8")
    totals = []
    for path in two_lines:
        assert main(["stats", "--control", str(path), "--format", "json"]) == 0
        totals.append({t["status"]: t["area_km2"] for t in json.loads(capsys.readouterr().out)["totals"]})
    assert totals[0] != totals[1]  # the line moved: the figures below tell the two apart
    for status in totals[0].keys() | totals[1].keys():
        a, b = totals[0].get(status, 0), totals[1].get(status, 0)
        shown = re.search(rf"A: {a:,.1f} km², B: {b:,.1f} km² \(([+-][\d,.]+)\)", page)
        assert shown, status
        change = float(shown.group(1).replace(",", ""))  # of the unrounded areas, as stats --diff gives it
        assert change == pytest.approx(b - a, abs=0.1 + 1e-9), status  # each side to 0.1 km²
    data = script_data(page)
    assert data["compare"]["titles"] == ["Line of control (20 November 2025)", "Line of control (15 August 2026)"]
    assert data["compare"]["lines"] and data["series"]["dates"] == ["2025-11-20", "2026-08-15"]
    assert "Line of control: A, 20 November 2025; B, 15 August 2026" in page
    assert 'id="geo-date"' not in page and 'name="geo-line"' in page  # no slider: a switcher for phones
    # The second line is not of the scenario's date: the page says so, of that side only.
    assert "B: The line of control is of 2026-08-15; the scenario is dated 2025-11-20." in page
    assert "A: The line of control is of" not in page


def test_a_line_set_beside_itself_is_credited_once(two_lines, cache_dir):
    from geo.pipeline import run
    from geo.views import lines_page

    sides = [run("plan-28", control=str(two_lines[0]))[0] for _ in range(2)]
    page, _ = lines_page(*sides)
    assert script_data(page)["credits"][0].count("line_20251120.geojson") == 1


def test_the_text_alternative_gives_each_zones_area_on_both_lines(lines_compared):
    page = lines_compared.read_text(encoding="utf-8")
    data = script_data(page)
    key = data["zoneKeys"].index("UA-14.occupied")
    row = re.search(r"<tr><td>Donetsk Oblast: part held by Russian forces</td><td>([\d,]+)</td><td>([\d,]+)</td>", page)
    assert row, "Donetsk's occupied part has a row with two areas"
    assert [int(cell.replace(",", "")) for cell in row.groups()] == [round(d[key]) for d in data["series"]["areas"]]
    assert row.group(1) != row.group(2)


@pytest.mark.browser
def test_each_side_of_the_divider_draws_its_own_line_and_reads_its_own_figures(
    browser, lines_compared, axe_source, tmp_path
):
    page = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True).new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(lines_compared.as_uri())
    divider = page.get_by_role("slider", name="Divider: A, Line of control (20 November 2025)")
    assert divider.is_visible() and not page.locator(".geo-switch").is_visible()
    # the tooltip on each side: the zone's status and its km² on that side's line
    x, y = page.evaluate(f"() => {{ const p = map_ukraine.latLngToContainerPoint({list(TAKEN)}); return [p.x, p.y]; }}")
    shown = {}
    for value in ("1000", "0"):  # the cut far right: all A; far left: all B
        divider.fill(value)
        page.mouse.move(x + 1, y + 1)
        page.mouse.move(x, y)
        shown[value] = page.locator(".leaflet-tooltip").last.inner_text()
    data = script_data(lines_compared.read_text(encoding="utf-8"))
    held, occupied = (data["zoneKeys"].index(f"UA-14.{part}") for part in ("held", "occupied"))
    assert "Demilitarised buffer zone" in shown["1000"] and "Part held by Ukraine" in shown["1000"]
    assert f"{data['series']['areas'][0][held]:,.0f} km²" in shown["1000"]  # A's figure, on A's side
    assert "Recognised as Russian (de facto)" in shown["0"] and "Part held by Russian forces" in shown["0"]
    assert f"{data['series']['areas'][1][occupied]:,.0f} km²" in shown["0"]  # B's figure, on B's side
    assert page.locator(".leaflet-geo-right-pane path").count() > 1  # B's zones and B's line in B's pane
    with page.expect_download() as download:  # the data behind both sides: each zone on each line
        page.get_by_role("button", name="Get the data (CSV)").click()
    download.value.save_as(tmp_path / "data.csv")
    rows = list(csv.DictReader((tmp_path / "data.csv").open(encoding="utf-8")))
    assert download.value.suggested_filename == "plan-28-2025-11-20_2026-08-15.csv"
    assert [(r["line_date"], r["zone_key"]) for r in rows] == [
        (d, k) for d in data["series"]["dates"] for k in data["zoneKeys"]
    ]
    assert [float(r["area_km2"]) for r in rows] == [round(a) for d in data["series"]["areas"] for a in d]
    assert_accessible(page, axe_source)
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_on_a_phone_a_switcher_shows_one_line_at_a_time(browser, lines_compared):
    page = on_a_phone(browser)
    page.goto(lines_compared.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    assert not page.locator(".geo-divider").is_visible() and page.locator(".geo-switch").is_visible()
    assert page.evaluate("() => map_ukraine.getPane('geo-right').style.display") == "none"
    donetsk = (
        "(l) => [...document.querySelectorAll('.leaflet-overlay-pane path')]"
        ".find(p => p.getAttribute('aria-label') === l).getAttribute('d')"
    )
    label = "Donetsk Oblast: part held by Russian forces: Recognised as Russian (de facto)"
    on_a = page.evaluate(donetsk, label)
    page.get_by_label("B: Line of control (15 August 2026)").check()
    on_b = page.evaluate(donetsk, label)
    assert on_b != on_a
    page.get_by_label("A: Line of control (20 November 2025)").check()
    assert page.evaluate(donetsk, label) == on_a
    page.context.close()


def assert_accessible(page, axe_source):
    """axe-core finds no violation in the page as it stands."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []


def on_a_phone(browser):
    """A new page in a phone's viewport, touch and offline."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, offline=True)
    return context.new_page()


@pytest.mark.parametrize(
    ("dates", "ids"),
    [
        (("2025-11-20", "2026-08-15"), ["2025-11-20", "2026-08-15"]),
        (("2026-08-15", "2025-11-20"), ["2026-08-15", "2025-11-20"]),
        (("2025-11-20", "2025-11-20"), ["A", "B"]),  # one date twice tells nothing apart
        (("2025-11-20", None), ["A", "B"]),  # a file of unknown date
        ((None, None), ["A", "B"]),
    ],
)
def test_two_lines_are_named_by_their_dates_only_when_the_dates_tell_them_apart(dates, ids):
    from types import SimpleNamespace

    from geo.views import line_ids

    sides = [SimpleNamespace(found=SimpleNamespace(date=date)) for date in dates]
    assert line_ids(*sides) == ids
