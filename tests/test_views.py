"""Two scenarios side by side (`geo render --compare`): the figures are `geo stats --diff`'s, the divider is
a labelled control that moves the cut, each side's tooltips are its scenario's, and a phone gets the
switcher instead (the changes map of `geo render --changes` is tested in test_changes)."""

import pytest

from geo.cli import main
from tests.conftest import script_data


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
        (["--compare", "plan-28", "plan-20", "--format", "png"], "no --scenario, --changes or --format"),
        (["--compare", "plan-28", "nowhere"], "nowhere"),
    ],
)
def test_a_wrong_comparison_is_one_line_and_no_file(tmp_path, capsys, cache_dir, options, said):
    out = tmp_path / "x.html"
    assert main(["render", *options, "--control", "none", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1 and not out.exists()


def test_a_comparison_over_dates_is_refused(tmp_path, capsys, cache_dir):
    import geopandas as gpd
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
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_on_a_phone_the_switcher_takes_the_dividers_place(browser, compared):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, offline=True)
    page = context.new_page()
    page.goto(compared.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    assert not page.locator(".geo-divider").is_visible() and page.locator(".geo-switch").is_visible()
    assert page.evaluate("() => map_ukraine.getPane('geo-right').style.display") == "none"
    crimea = "Autonomous Republic of Crimea: part held by Russian forces: "
    label = "(l) => [...document.querySelectorAll('path.leaflet-interactive')].map(p => p.getAttribute('aria-label'))"
    assert crimea + "Recognised as Russian (de facto)" in page.evaluate(label)
    page.locator("input[name=geo-scenario][value='1']").check()
    assert crimea + "Not addressed by this version" in page.evaluate(label)
    context.close()
