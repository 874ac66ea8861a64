"""The rendered map in a real headless Chromium, offline."""

import math
import re
from urllib.request import pathname2url

import pytest
import shapely

from geo import locale, webmap
from geo.boundaries import load_context
from geo.foliummap import render, save
from geo.pipeline import run
from geo.scenario import load_scenario
from geo.stats import area_table, status_totals
from tests.conftest import render_page, script_data

pytestmark = pytest.mark.browser


def write_page(path, prepared, scenarios=None, context=None, **kwargs):
    path.write_text(render_page(prepared, scenarios, context, **kwargs), encoding="utf-8")
    return path


def open_map(browser, path):
    """Open a page with no network; return (page, requested non-local URLs, script errors)."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    return page, requests, errors


@pytest.fixture(scope="module")
def plan(tmp_path_factory, real_plan):
    path = write_page(tmp_path_factory.mktemp("map") / "plan-28.html", real_plan, context=load_context())
    return real_plan, path


def test_default_map_draws_every_zone_and_legend_offline(browser, plan):
    prepared, path = plan
    page, requests, errors = open_map(browser, path)
    assert page.locator("path.leaflet-interactive").count() == len(prepared.zones)
    legend = page.locator(".geo-legend li").all_inner_texts()
    statuses = prepared.scenario.statuses
    for key in ("recognised", "frozen", "demilitarised", "returned", "unchanged"):
        assert any(item.startswith(statuses[key].label) for item in legend), key
    assert legend[-1] == "Line of control (20 November 2025)"
    assert "DeepStateMap" in page.locator(".leaflet-control-attribution").inner_text()
    assert requests == [] and errors == []
    page.context.close()


LEGEND_TOTALS = """() => Object.fromEntries([...document.querySelectorAll('.geo-legend [data-geo-status]')]
  .filter(item => !item.hidden)
  .map(item => [item.querySelector('span').firstChild.textContent.trim(),
                item.querySelector('[data-geo-total]').textContent]))"""


def test_the_legend_gives_each_statuss_area_as_geo_stats_totals_it(browser, plan):
    """The single-date map's legend, like the slider page's, gives each status its km²: the totals `geo stats`
    prints (geo.stats, summed in Python from the zones' areas), to the whole km²."""
    prepared, path = plan
    page, _, errors = open_map(browser, path)
    stats = status_totals(area_table(prepared.zones))
    assert page.evaluate(LEGEND_TOTALS) == {row.label: f"{row.area_km2:,.0f} km²" for row in stats.itertuples()}
    assert errors == []
    page.context.close()


def test_patterns_fill_the_zones(browser, plan):
    page, _, _ = open_map(browser, plan[1])
    fills = page.eval_on_selector_all("path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))")
    assert set(fills) == {f"url(#geo-pattern-{i})" for i in range(5)}
    frozen = page.locator("pattern", has=page.locator("rect[fill='#4477AA']"))
    assert frozen.locator("line").count() == 1  # hatched
    page.context.close()


def test_hovering_the_held_part_of_donetsk_shows_its_plan_status(browser, plan):
    prepared, path = plan
    page, _, _ = open_map(browser, path)
    zones = prepared.zones
    held = zones[(zones.iso == "UA-14") & (zones.part == "held")].geometry.iloc[0]
    point = shapely.maximum_inscribed_circle(held).coords[0]
    x, y = page.evaluate(
        f"(() => {{ const p = map_ukraine.latLngToContainerPoint([{point[1]}, {point[0]}]); return [p.x, p.y]; }})()"
    )
    page.mouse.move(x, y)
    tooltip = page.wait_for_selector(".leaflet-tooltip").inner_text()
    assert "Donetsk Oblast" in tooltip and "Part held by Ukraine" in tooltip
    assert "Demilitarised buffer zone" in tooltip and "% of the region" in tooltip
    # Its people: the pre-war sum of the places stats counts there, and beside it, never added, the count
    # reported since, with whose count it is and when (plan-28's [[estimates]], facts file).
    people = sum(row["population"] for row in prepared.town_rows() if (row["iso"], row["part"]) == ("UA-14", "held"))
    assert f"{people:,} people in its places of 1,000 or more before the war (GeoNames)" in tooltip
    assert "Living there now, as reported: about 250,000 people (Reuters, August 2025); about 200,000" in tooltip
    page.context.close()


def test_folium_map_of_the_api_draws_the_same_zones(browser, plan, tmp_path):
    prepared, _ = plan
    path = tmp_path / "folium.html"
    save(render(prepared.zones, prepared.scenario, context=load_context(), control=prepared.control), path)
    page, requests, errors = open_map(browser, path)
    assert page.locator("path.leaflet-interactive").count() == len(prepared.zones)
    assert page.locator(".geo-legend li[data-geo-status]").count() == 5
    assert "Line of control (20 November 2025)" in page.locator(".geo-legend").inner_text()
    assert requests == [] and errors == []
    page.context.close()


def test_a_behaviour_that_fails_leaves_the_others_working(browser, plan, tmp_path, monkeypatch):
    """Each page script is an element of its own (webmap.SCRIPTS): one that throws as it starts (seeded here,
    before the labels) costs only itself; the names, the markers and the details still come."""
    import jinja2

    loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader({"broken.js": "throw new Error('a broken behaviour');"}), webmap.TEMPLATES.loader]
    )
    monkeypatch.setattr(webmap.TEMPLATES, "loader", loader)
    scripts = list(webmap.SCRIPTS.items())
    at = [name for name, _ in scripts].index("labels.js")
    monkeypatch.setattr(webmap, "SCRIPTS", dict([*scripts[:at], ("broken.js", None), *scripts[at:]]))
    page, _, errors = open_map(browser, write_page(tmp_path / "broken.html", plan[0], context=load_context()))
    assert any("a broken behaviour" in error for error in errors)
    named = "() => [...document.querySelectorAll('.geo-label')].filter(el => el.style.visibility === 'visible').length"
    assert page.evaluate(named) > 10
    assert page.locator(".leaflet-marker-icon.geo-marker").count() == len(plan[0].scenario.markers) > 0
    page.context.close()


def test_tile_layer_replaces_the_drawn_scenery_when_asked_for(browser, plan, tmp_path):
    prepared, _ = plan
    path = write_page(tmp_path / "tiles.html", prepared, context=load_context(), tiles="OpenStreetMap")
    context = browser.new_context(viewport={"width": 800, "height": 600})
    page = context.new_page()
    tiles, errors = [], []
    blank = bytes.fromhex(  # a 1x1 PNG, served for every tile: nothing leaves this machine
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
    )
    page.route(
        "https://tile.openstreetmap.org/**",
        lambda route: (tiles.append(route.request.url), route.fulfill(body=blank, content_type="image/png")),
    )
    others = []
    page.on(
        "request", lambda r: others.append(r.url) if not r.url.startswith(("file:", "data:", "https://tile.")) else 0
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("img.leaflet-tile-loaded")
    assert tiles and all(url.endswith(".png") for url in tiles)
    assert page.locator("path.leaflet-interactive").count() == len(prepared.zones)
    assert page.locator(".leaflet-geo-context-pane").count() == 0  # no drawn land and sea over the tiles
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    assert others == [] and errors == []
    context.close()


def test_fallback_map_says_visibly_that_regions_are_whole(browser, tmp_path, unshipped_plan):
    prepared = run(str(unshipped_plan), offline=True)[0]
    path = write_page(tmp_path / "fallback.html", prepared)
    page, requests, errors = open_map(browser, path)
    notice = page.locator(".geo-notice:not(.geo-edited)")  # the edited-view notice is hidden until an edit
    assert notice.is_visible() and "Regions are drawn whole" in notice.inner_text()
    assert page.locator("path.leaflet-interactive").count() == 27
    assert "Depends on the line of control" in page.locator(".geo-legend").inner_text()
    assert requests == [] and errors == []
    page.context.close()


def test_three_scenario_map_switches_offline_and_restyles_the_same_polygons(browser, plan, tmp_path):
    prepared, _ = plan
    third = tmp_path / "third.toml"
    third.write_text(
        'id = "third"\ntitle = "All returned"\n[[rules]]\nregions = "*"\npart = "occupied"\nstatus = "returned"\n'
    )
    scenarios = [prepared.scenario, load_scenario("ceasefire-in-place"), load_scenario(third)]
    path = write_page(tmp_path / "three.html", prepared, scenarios, context=load_context())
    page, requests, errors = open_map(browser, path)
    paths = page.locator("path.leaflet-interactive")
    fills = "els => els.map(e => e.getAttribute('fill'))"
    before = page.eval_on_selector_all("path.leaflet-interactive", fills)
    seen = []
    for n, title in enumerate(["The 28-point plan", "Ceasefire in place", "All returned"]):
        page.locator(f"input[name=geo-scenario][value='{n}']").check()
        assert (
            page.locator(f"[data-geo-layer='{n}'] h1").is_visible() and title in page.locator("h1:visible").inner_text()
        )
        seen.append(page.eval_on_selector_all("path.leaflet-interactive", fills))
        visible = page.locator(".geo-legend li[data-geo-status]:visible").all_inner_texts()
        used = {scenarios[n].statuses[k].label for k in scenarios[n].used_statuses}
        shown = [re.fullmatch(r"(.+) [\d,]+ km²", item.splitlines()[0]) for item in visible]  # each with its area
        assert all(shown) and {match.group(1) for match in shown} <= used
    assert seen[0] == before and seen[0] != seen[1] != seen[2]
    assert paths.count() == len(prepared.zones)  # restyled, not redrawn
    assert requests == [] and errors == []
    page.context.close()


def article_with(path, tmp_path, column: int):
    from geo.embed import iframe

    article = tmp_path / "article.html"
    article.write_text(
        f"<!DOCTYPE html><html><body style='margin:0'><main style='width:{column}px'><p>Text before.</p>"
        f"{iframe(path, src=pathname2url(str(path)))}<p>Text after.</p></main></body></html>",
        encoding="utf-8",
    )
    return article


@pytest.mark.parametrize(("column", "viewport"), [(680, (1000, 900)), (360, (390, 844))])
def test_an_embedded_map_sizes_its_frame_to_its_content_and_never_scrolls(browser, plan, tmp_path, column, viewport):
    _prepared, path = plan
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, offline=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(article_with(path, tmp_path, column).as_uri())
    page.frame_locator("iframe").locator("path.leaflet-interactive").first.wait_for()
    page.wait_for_function("document.querySelector('iframe').style.aspectRatio === 'auto'")  # a report came
    inner = page.frames[1]
    content = inner.evaluate("document.documentElement.getBoundingClientRect().height")
    frame_box = page.locator("iframe").bounding_box()
    assert frame_box["width"] == pytest.approx(column, abs=1)
    assert frame_box["height"] == pytest.approx(content, abs=1) and frame_box["height"] != pytest.approx(
        column * 2 / 3, abs=5
    )
    assert inner.evaluate("document.documentElement.scrollHeight <= document.documentElement.clientHeight")
    # Outside the map: the title above it, the legend and the credits below it.
    box = {
        name: inner.locator(selector).bounding_box()
        for name, selector in [
            ("map", "#map_ukraine"),
            ("title", ".geo-title"),
            ("legend", ".geo-legend"),
            ("credits", ".geo-credits"),
        ]
    }
    assert box["title"]["y"] + box["title"]["height"] <= box["map"]["y"] + 0.5
    assert box["legend"]["y"] >= box["map"]["y"] + box["map"]["height"] - 0.5
    assert box["credits"]["y"] >= box["legend"]["y"] + box["legend"]["height"] - 0.5
    assert "DeepStateMap" in inner.locator(".geo-credits").inner_text()
    assert requests == []
    context.close()


def test_keyboard_users_reach_every_zone_and_its_details(browser, plan):
    prepared, path = plan
    page, _requests, errors = open_map(browser, path)
    labels = page.eval_on_selector_all(
        "path.leaflet-interactive", "paths => paths.map(p => p.getAttribute('aria-label'))"
    )
    assert len(labels) == len(prepared.zones) and all(labels)
    assert "Donetsk Oblast: part held by Ukraine: Demilitarised buffer zone" in labels
    held_donetsk = labels.index("Donetsk Oblast: part held by Ukraine: Demilitarised buffer zone")
    page.locator("path.leaflet-interactive").nth(held_donetsk).focus()
    tooltip = page.wait_for_selector(".leaflet-tooltip")
    assert "Demilitarised buffer zone" in tooltip.inner_text()
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused == "none"  # no box around the zone: its outline is drawn heavier instead
    assert page.evaluate("document.activeElement.getAttribute('stroke-width')") == "2.2"
    assert errors == []
    page.context.close()


PAYLOAD = '"\'><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>${window.__pwned=3}`</script>'


def test_hostile_text_in_every_field_shows_literally_and_never_runs(browser, deepstate_file, tmp_path):
    scenario = tmp_path / "hostile.toml"
    quoted = PAYLOAD.replace("\\", "\\\\").replace('"', '\\"')
    scenario.write_text(
        f'id = "hostile"\ntitle = "{quoted}"\nsource = "{quoted}"\n'
        f'[statuses.odd]\nlabel = "{quoted}"\ndescription = "{quoted}"\ncolour = "#123456"\n'
        f'[[rules]]\nregions = "*"\npart = "occupied"\nstatus = "odd"\nnote = "{quoted}"\n'
        f'[[estimates]]\nstatus = "odd"\npeople = 5\nsource = "{quoted}"\ndate = "2026-02"\n',
        encoding="utf-8",
    )
    control = tmp_path / "<img src=x onerror=window.__pwned=4>.geojson"
    control.write_bytes(deepstate_file.read_bytes() + b"\n")  # not the snapshot's checksum: credited by its name
    prepared = run(str(scenario), control=str(control))[0]
    path = write_page(tmp_path / "hostile.html", prepared, [prepared.scenario, load_scenario("plan-28")])

    page, requests, errors = open_map(browser, path)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.locator("input[name=geo-scenario][value='1']").check()
    page.locator("input[name=geo-scenario][value='0']").check()
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert page.locator("h1").first.inner_text() == PAYLOAD
    assert PAYLOAD in page.locator(".geo-legend").inner_text()
    assert PAYLOAD in page.locator(".leaflet-control-attribution").inner_text()
    assert control.name in page.locator(".leaflet-control-attribution").inner_text()
    zones = prepared.zones
    kharkiv = zones[(zones.iso == "UA-63") & (zones.part == "occupied")].geometry.iloc[0]
    lon, lat = shapely.maximum_inscribed_circle(max(shapely.get_parts(kharkiv), key=lambda p: p.area)).coords[0]
    pixel = page.evaluate("([lat, lon]) => map_ukraine.latLngToContainerPoint([lat, lon])", [lat, lon])
    page.mouse.move(pixel["x"], pixel["y"])
    tooltip = page.wait_for_selector(".leaflet-tooltip").inner_text()
    assert PAYLOAD in tooltip and f"about 5 people ({PAYLOAD}, February 2026)" in tooltip  # note, estimate: text
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert requests == [] and errors == []
    page.context.close()


def interior_points(zones, per_zone: int = 40):
    """Points well inside each zone (a grid over its box, kept where it lies 2 km inside), as [lat, lon]."""
    import numpy as np

    from geo.projection import to_equal_area, to_wgs84

    points = []
    for geometry in zones.geometry:
        inner = shapely.buffer(to_equal_area(geometry), -2_000)
        if inner.is_empty:
            continue
        west, south, east, north = inner.bounds
        side = int(np.ceil(np.sqrt(per_zone * 4)))
        grid = shapely.points(*np.meshgrid(np.linspace(west, east, side), np.linspace(south, north, side)))
        inside = grid[shapely.contains(inner, grid.ravel()).reshape(grid.shape)]
        points += [[p.y, p.x] for p in to_wgs84(inside[:per_zone])]
    return points


def covered_points(page, zones) -> int:
    """How many of the zones' interior points a panel or a map control covers on the page."""
    return page.evaluate(
        """(points) => points.map(p => map_ukraine.latLngToContainerPoint(p)).filter(xy => {
             const box = map_ukraine.getContainer().getBoundingClientRect();
             const el = document.elementFromPoint(box.left + xy.x, box.top + xy.y);
             return el && el.closest('.geo-panel, .leaflet-control');
           }).length""",
        interior_points(zones),
    )


@pytest.mark.parametrize("viewport", [(1280, 800), (680, 453), (390, 844)])
def test_no_panel_covers_the_inside_of_any_zone(browser, plan, viewport):
    prepared, path = plan
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    assert covered_points(page, prepared.zones) == 0
    page.close()


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_axe_finds_no_accessibility_violation(browser, plan, axe_source, viewport):
    _, path = plan
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert found == []
    page.close()


def test_the_switcher_shows_each_scenarios_own_subtitle_and_credits(browser, plan, tmp_path):
    prepared, _ = plan
    scenarios = [prepared.scenario, load_scenario("ceasefire-in-place")]
    path = write_page(tmp_path / "two.html", prepared, scenarios)
    page, _, errors = open_map(browser, path)
    credits = page.locator(".leaflet-control-attribution")
    assert "28-point plan as reported" in credits.inner_text() and "Illustrative" not in credits.inner_text()
    page.locator("input[name=geo-scenario][value='1']").check()
    assert "Illustrative alternative made with geo" in credits.inner_text()
    assert "28-point plan as reported" not in credits.inner_text()
    assert "An illustrative alternative, not a published proposal" in page.locator(".geo-title").inner_text()
    assert "A map of what a proposal says" not in page.locator(".geo-title").inner_text()
    assert errors == []
    page.context.close()


def test_on_a_touch_phone_a_zones_details_appear_outside_the_map(browser, plan):
    prepared, path = plan
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    zones = prepared.zones
    kharkiv = zones[(zones.iso == "UA-63") & (zones.part == "held")].geometry.iloc[0]
    lon, lat = shapely.maximum_inscribed_circle(kharkiv).coords[0]
    point = page.evaluate("([lat, lon]) => map_ukraine.latLngToContainerPoint([lat, lon])", [lat, lon])
    frame = page.locator("#map_ukraine").bounding_box()
    page.touchscreen.tap(frame["x"] + point["x"], frame["y"] + point["y"])
    details = page.locator(".geo-details")
    details.wait_for()
    assert "Kharkiv Oblast" in details.inner_text() and page.locator(".leaflet-tooltip").count() == 0
    box = details.bounding_box()
    assert box["y"] >= frame["y"] + frame["height"] - 0.5  # under the map, so it covers no zone
    context.close()


def test_the_plants_marker_is_where_the_plant_is_reached_by_keyboard_and_tapped_on_a_phone(browser, plan):
    """The marker stands over the occupied part of Zaporizhzhia oblast, where the plant is; Tab goes from the
    last zone to it, its name is read out and its tooltip gives the plan's clause; a tap on a phone gives
    the clause below the map."""
    prepared, path = plan
    (marker,) = prepared.scenario.markers
    page, _, errors = open_map(browser, path)
    icon = page.locator(".leaflet-marker-icon.geo-marker")
    assert icon.count() == 1 and icon.get_attribute("role") == "img"
    assert icon.get_attribute("aria-label") == f"Power plant: {marker.label}"
    box = icon.bounding_box()
    under = page.evaluate(
        "([x, y]) => document.elementsFromPoint(x, y).map(e => e.getAttribute('aria-label')).filter(Boolean)",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert any(label.startswith("Zaporizhzhia Oblast: part held by Russian forces") for label in under), under
    assert page.locator("[data-geo-marker-kind=plant]").is_visible()
    covering = page.evaluate(
        """(m) => [...document.querySelectorAll('.geo-label')].filter(l => l.style.visibility !== 'hidden')
             .map(l => { const letters = document.createRange(); letters.selectNodeContents(l.firstChild);
                         return [l.textContent, letters.getBoundingClientRect()]; })
             .filter(([, r]) => r.left < m.x + m.width && m.x < r.right && r.top < m.y + m.height && m.y < r.bottom)
             .map(([name]) => name)""",
        box,
    )
    assert covering == []  # Nikopol's name once ran over the plant's symbol
    page.locator("path.leaflet-interactive").last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Power plant: {marker.label}"
    tooltip = page.locator(".leaflet-tooltip", has_text=marker.label)
    tooltip.wait_for()
    assert marker.note in tooltip.inner_text()
    assert errors == []
    page.context.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector(".geo-marker")
    page.locator(".leaflet-marker-icon.geo-marker").tap()
    details = page.locator(".geo-details")
    details.wait_for()
    assert marker.note in details.inner_text() and page.locator(".leaflet-tooltip").count() == 0
    context.close()


def test_a_ukrainian_page_reads_out_the_marker_and_the_zone_in_ukrainian(browser, plan, tmp_path):
    prepared, _ = plan
    path = write_page(tmp_path / "uk.html", prepared, lang="uk")
    page, _, errors = open_map(browser, path)
    (marker,) = prepared.scenario.markers
    kind = locale.catalogue("uk")["markers"]["plant"]
    assert page.locator(".geo-marker[role=img]").get_attribute("aria-label") == f"{kind}: {marker.text('label', 'uk')}"
    page.locator(".geo-marker[role=img]").focus()
    assert marker.text("note", "uk") in page.locator(".leaflet-tooltip").inner_text()
    held = script_data(page.content())["zoneKeys"].index("UA-14.held")
    page.locator("path.leaflet-interactive").nth(held).focus()
    tooltip = page.locator(".leaflet-tooltip", has_text="Донецька область").inner_text()
    assert "Частина під контролем України" in tooltip and "Демілітаризована буферна зона" in tooltip
    assert "близько 200\u00a0000 осіб (Донецька обласна військова адміністрація, листопад 2025 року)" in tooltip
    area = f"{prepared.zones.set_index(['iso', 'part']).loc[('UA-14', 'held'), 'area_km2']:,.0f}"
    assert f": {area.replace(',', chr(0xA0))} км² (" in tooltip  # the unit in Ukrainian, as the table's header
    totals = page.evaluate(LEGEND_TOTALS)
    assert totals and all(re.fullmatch(r"[\d\u00a0]+ км²", total) for total in totals.values())
    assert errors == []
    page.context.close()


def scenarios_of(tmp_path, count: int | str, description: str = ""):
    """``count`` scenarios extending the plan, each with its own id and title, or the four built-in ones."""
    if count == "built-in":
        return [load_scenario(name) for name in ("plan-28", "plan-20", "e3-counter", "ceasefire-in-place")]
    found = []
    for i in range(count):
        path = tmp_path / f"s{i}.toml"
        path.write_text(
            f'extends = "plan-28"\nid = "s{i}"\ntitle = "Scenario number {i} of many"\ndescription = "{description}"\n',
            encoding="utf-8",
        )
        found.append(load_scenario(path))
    return found


@pytest.mark.parametrize(
    ("width", "height", "count", "description"),
    [
        (667, 320, "built-in", ""),  # a phone on its side, the four built-in scenarios in the switcher
        (1280, 800, 1, "A long description. " * 100),  # 2,000 characters, the most a scenario may give
        (1280, 800, 30, ""),
        (390, 844, 30, ""),
        (320, 200, 3, ""),
    ],
    ids=["phone landscape", "long description", "30 scenarios", "30 on a phone", "tiny window"],
)
def test_no_window_size_or_panel_height_leaves_the_map_blank(browser, tmp_path, width, height, count, description):
    """Panels taller than the map used to make the fit impossible (a NaN view, no zone drawn)."""
    scenarios = scenarios_of(tmp_path, count, description)
    prepared = run(scenarios[0], offline=True)[0]
    path = tmp_path / "many.html"
    path.write_text(webmap.page(prepared.map_data(scenarios)[0], scenarios), encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    drawn = page.evaluate("document.querySelectorAll('path.leaflet-interactive').length")
    view = page.evaluate(
        "() => { const c = map_ukraine.getCenter(), b = map_ukraine.getBounds();"
        " return [c.lat, c.lng, b.contains([48.4, 31.2])]; }"  # Ukraine's middle, near Kropyvnytskyi
    )
    context.close()
    assert errors == [] and drawn == len(prepared.zones)
    assert all(math.isfinite(v) for v in view[:2]) and view[2]


@pytest.fixture(scope="module")
def offline_map(tmp_path_factory):
    """The plan's page on its shipped line: no fixture needed."""
    prepared = run("plan-28", offline=True)[0]
    path = tmp_path_factory.mktemp("gestures") / "plan-28.html"
    path.write_text(webmap.page(prepared.map_data()[0], prepared.scenario), encoding="utf-8")
    return path


def opened(browser, path, width, height, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, offline=True, **options)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    return context, page


def test_in_a_page_that_scrolls_the_wheel_scrolls_it_and_ctrl_wheel_zooms_the_map(browser, offline_map):
    context, page = opened(browser, offline_map, 390, 560)  # a phone's stacked page, taller than the screen
    assert page.evaluate("document.documentElement.scrollHeight > innerHeight")
    box = page.locator("#map_ukraine").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    zoom = page.evaluate("map_ukraine.getZoom()")
    page.mouse.wheel(0, 300)
    page.wait_for_function("window.scrollY > 0")
    assert page.evaluate("map_ukraine.getZoom()") == zoom
    assert page.get_by_role("status").filter(has_text="Use Ctrl or ⌘ with the scroll wheel").is_visible()
    box = page.locator("#map_ukraine").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.wait_for_function(f"map_ukraine.getZoom() > {zoom}")
    assert page.evaluate("window.scrollY") == scrolled
    context.close()


def test_on_a_touch_screen_one_finger_scrolls_the_page_and_two_move_the_map(browser, offline_map):
    context, page = opened(browser, offline_map, 390, 844, has_touch=True, is_mobile=True)
    state = page.evaluate(
        "() => [map_ukraine.dragging.enabled(), map_ukraine.touchZoom.enabled(),"
        " getComputedStyle(map_ukraine.getContainer()).touchAction]"
    )
    assert state == [False, True, "pan-x pan-y"]  # the browser scrolls the page for one finger
    context.close()


def test_a_full_window_map_keeps_the_wheel_and_neither_loses_ukraine(browser, offline_map):
    context, page = opened(browser, offline_map, 1280, 800)
    box = page.locator("#map_ukraine").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2)
    zoom = page.evaluate("map_ukraine.getZoom()")
    for _ in range(8):  # as far out as it goes
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(120)
    lowest = page.evaluate("map_ukraine.getZoom()")
    assert zoom - 1 <= lowest < zoom
    page.evaluate("map_ukraine.panBy([20000, 20000], {animate: false})")  # far off, as a long drag would
    assert page.evaluate("map_ukraine.getBounds().intersects(L.latLngBounds([[44.4, 22.1], [52.4, 40.2]]))")
    context.close()


def test_in_an_articles_frame_the_wheel_scrolls_the_article_not_the_map(browser, offline_map, tmp_path):
    context = browser.new_context(viewport={"width": 1000, "height": 500}, offline=True)
    page = context.new_page()
    page.goto(article_with(offline_map, tmp_path, 680).as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("path.leaflet-interactive").first.wait_for()
    page.wait_for_function("document.querySelector('iframe').style.aspectRatio === 'auto'")  # sized
    box = page.locator("iframe").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"], 480) / 2)
    zoom = page.frames[1].evaluate("map_ukraine.getZoom()")
    page.mouse.wheel(0, 300)
    page.wait_for_function("window.scrollY > 0")
    assert page.frames[1].evaluate("map_ukraine.getZoom()") == zoom
    context.close()


CONTROLS = "button, select, input[type=range], summary, a[href], .geo-switch label"


@pytest.mark.parametrize("kind", ["two scenarios, edited", "date slider"])
def test_on_a_touch_screen_every_control_is_at_least_44_pixels_square(browser, tmp_path, kind):
    import shutil

    from geo.cli import main
    from geo.control import SHIPPED_DIR

    page_file = tmp_path / "map.html"
    if kind == "date slider":  # the shipped line under three dates' names: a series with no fixture
        (tmp_path / "lines").mkdir()
        for day in ("20300115", "20300215", "20300315"):
            shutil.copy(SHIPPED_DIR / "deepstate-2025-11-20.geojson", tmp_path / "lines" / f"front-{day}.geojson")
        argv = ["render", "--control", str(tmp_path / "lines"), "--out", str(page_file)]
    else:
        argv = ["render", "--offline", "--scenario", "plan-28", "--scenario", "plan-20", "--out", str(page_file)]
    assert main(argv) == 0
    context = browser.new_context(viewport={"width": 390, "height": 844}, offline=True, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(page_file.as_uri() + ("#scenario=plan-28&UA-14.held=recognised" if kind != "date slider" else ""))
    page.wait_for_selector("path.leaflet-interactive")
    if page.locator("#geo-editor").is_hidden():
        page.get_by_role("button", name="Edit", exact=True).click()
    sizes = page.evaluate(
        f"""() => [...document.querySelectorAll({CONTROLS!r})].filter(e => e.getClientRects().length)
             .map(e => {{ const r = e.getBoundingClientRect();
                          return [e.textContent.trim().slice(0, 20) || e.className, r.width, r.height]; }})"""
    )
    context.close()
    assert len(sizes) >= 8
    assert [s for s in sizes if min(s[1], s[2]) < 44] == []
