import re
import textwrap

import pytest

from geo import webdata, webmap
from geo.boundaries import load_context
from geo.foliummap import render, save
from geo.pipeline import run
from geo.scenario import load_scenario
from tests.conftest import assert_committed, render_page, script_data

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>${alert(3)}`"


@pytest.fixture(scope="module")
def regions_only():
    return run("plan-28", control="none")[0]


def test_page_is_self_contained_with_inline_leaflet(regions_only):
    html = render_page(regions_only, context=load_context())
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)  # Leaflet's source mentions its website
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    assert "@import" not in markup and "cdn." not in html
    assert 't.version="1.9.4"' in html  # Leaflet itself, inlined
    assert "sourceMappingURL" not in html
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "user-scalable=no" not in html and "maximum-scale" not in html  # readers may pinch-zoom the page


def test_legend_shows_exactly_the_statuses_in_the_map(regions_only):
    html = render_page(regions_only)
    legend = re.search(r"<summary>Legend</summary>(.*?)</details>", html, re.S).group(1)
    item = r'<li data-geo-status="\d+"><svg[^\n]*\n\s*<span>([^<]+?) <b class="geo-km"[^>]*></b><small>'
    labels = re.findall(item, legend)  # not the hidden
    statuses = load_scenario("plan-28").statuses
    assert labels == [statuses[k].label for k in ("recognised", "unchanged", "undetermined")]
    assert "Line of control" not in legend and "<line" not in legend  # regions only: no line, no line legend


def test_title_subtitle_and_credits_are_on_the_page(regions_only):
    html = render_page(regions_only)
    assert "<title>The 28-point plan: what it says about territory</title>" in html
    assert "20 November 2025 · A map of what a proposal says, not of an agreed border." in html
    assert "Boundaries: © OpenStreetMap contributors, geoBoundaries (ODbL 1.0)" in html
    assert "Scenario: 28-point plan as reported" in html


def test_the_same_inputs_give_the_same_bytes(regions_only):
    assert render_page(regions_only) == render_page(regions_only)


def test_fallback_notice_is_shown_on_the_map(unshipped_plan):
    prepared = run(str(unshipped_plan), offline=True)[0]
    assert "The line of control of 2025-11-15 is not shown" in render_page(prepared)


def test_natural_earth_boundaries_are_credited_as_such():
    from geo.boundaries import load_boundaries

    html = webmap.page(webdata.encode(load_boundaries("naturalearth")), load_scenario("plan-28"))
    assert "Boundaries: Natural Earth (public domain)" in html and "OpenStreetMap" not in html


def test_user_text_is_escaped_wherever_it_lands(tmp_path):
    scenario_file = tmp_path / "hostile.toml"
    scenario_file.write_text(
        textwrap.dedent(
            f"""
            id = "hostile"
            title = {HOSTILE!r}
            source = {HOSTILE!r}
            [statuses.odd]
            label = {HOSTILE!r}
            description = {HOSTILE!r}
            colour = "#123456"
            [[rules]]
            regions = ["UA-05"]
            status = "odd"
            note = {HOSTILE!r}
            """
        ).replace("'", '"'),
        encoding="utf-8",
    )
    prepared = run(str(scenario_file), control="none")[0]
    html = render_page(prepared)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert html.count("</script>") == html.count("<script")  # no script element closed early
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # the text itself is kept, as text


def test_a_notice_quoting_a_hostile_address_is_escaped(tmp_path):
    from geo.pipeline import run

    scenario = tmp_path / "s.toml"
    scenario.write_text('id = "s"\ntitle = "S"\ncontrol = "http://127.0.0.1:9/<img src=x onerror=alert(1)>"\n')
    data, notices = run(str(scenario)).map_data()
    assert "could not be downloaded" in notices[0]  # unreachable: the map falls back and says why, in words
    html = webmap.page(data, load_scenario(scenario), notices=notices)
    assert "img src=x" not in html and "127.0.0.1" not in html  # readers get no address at all


def test_region_names_from_a_users_boundary_file_never_reach_the_page(tmp_path):
    from geo.boundaries import load_boundaries

    shipped = load_boundaries()
    theirs = shipped.assign(shapeISO=shipped.iso, shapeName=HOSTILE).drop(columns=["iso", "name", "name_uk"])
    theirs.to_file(tmp_path / "adm1.geojson")
    html = webmap.page(webdata.encode(load_boundaries(tmp_path / "adm1.geojson")), load_scenario("plan-28"))
    assert "alert(1)" not in html and "onerror=alert" not in html  # not even escaped: names come from the registry
    assert "Vinnytsia Oblast" in html and "Вінницька область" in html


def test_committed_map_is_what_a_fresh_offline_machine_renders(tmp_path, cache_dir, monkeypatch):
    """maps/plan-28.html as committed equals `geo render --offline` with an empty cache (regenerate: see README)."""
    from geo.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["render", "--offline"]) == 0
    assert_committed(tmp_path / "plan-28.html", "plan-28.html")


@pytest.mark.parametrize("name", ["OpenStreetMap", "openstreetmap", "OpenTopoMap", "Esri.WorldImagery"])
def test_tiles_are_added_only_when_asked_for_and_credited(regions_only, name):
    import xyzservices

    plain = render_page(regions_only)
    assert script_data(plain)["tiles"] is None and "tile.openstreetmap.org" not in plain
    # The reference: the provider as xyzservices gives it ("OpenStreetMap" is its Mapnik layer).
    osm = name.lower() == "openstreetmap"
    provider = xyzservices.providers.OpenStreetMap.Mapnik if osm else xyzservices.providers.query_name(name)
    assert script_data(render_page(regions_only, tiles=name))["tiles"] == {
        "url": provider.build_url(),
        "attribution": provider.html_attribution,
        "maxZoom": provider.get("max_zoom", 19),  # Esri.WorldImagery names none: geo's default, 19
    }


def test_tiles_replace_the_drawn_neighbours_and_sea(regions_only):
    context = load_context()
    assert '"context":{' in render_page(regions_only, context=context)
    assert '"context":null' in render_page(regions_only, context=context, tiles="OpenStreetMap")


def test_text_alternative_names_each_zone_and_its_part(deepstate_file):
    html = render_page(run("plan-28", control=str(deepstate_file))[0])
    rows = re.findall(r"<tr><td>([^<]+)</td><td data-geo-area>([\d,]+)</td><td data-geo-cell></td></tr>", html)
    assert len(rows) == 35 and "Donetsk Oblast: part held by Ukraine" in {zone for zone, _ in rows}
    assert {zone.split(": ")[1] for zone, _ in rows} == {"part held by Russian forces", "part held by Ukraine"}


def test_folium_map_holds_the_same_page(tmp_path, regions_only):
    import folium

    fmap = render(regions_only.zones, regions_only.scenario, control=regions_only.control, tiles="OpenStreetMap")
    assert isinstance(fmap, folium.Map)
    save(fmap, tmp_path / "folium.html")
    in_folium = (tmp_path / "folium.html").read_text(encoding="utf-8")
    ours = render_page(regions_only, tiles="OpenStreetMap")
    assert script_data(in_folium) == script_data(ours)
    assert 'id="map_ukraine"' in in_folium and "<title>The 28-point plan" in in_folium


def test_each_extra_scenario_adds_only_its_statuses_and_notes(regions_only):
    one = render_page(regions_only)
    both = render_page(regions_only, [regions_only.scenario, load_scenario("ceasefire-in-place")])
    assert both.count('"arcs":') == one.count('"arcs":')  # geometry embedded once
    assert "<title>The 28-point plan: what it says about territory / Ceasefire in place" in both
    assert 'name="geo-scenario"' in both and 'name="geo-scenario"' not in one
    assert len(both.encode()) - len(one.encode()) < 2_048


def test_split_zones_render_without_a_control_layer_object(deepstate_file):
    from geo.control import load_control
    from geo.zones import split

    zones = split(run("plan-28", control="none")[0].zones, load_control(str(deepstate_file)).geometry)
    assert "Line of control (as given)" in webmap.page(webdata.encode(zones), load_scenario("plan-28"))


@pytest.mark.parametrize(
    ("tiles", "message"),
    [
        ("Nope", "unknown tile layer 'Nope'"),
        ("https://x/{z}/{x}/{y}.png", "unknown tile layer"),
        ("MapBox", "needs an access key"),
    ],
)
def test_unknown_or_keyed_tile_layers_are_one_clear_error(regions_only, tiles, message):
    from geo.errors import GeoError

    with pytest.raises(GeoError, match=message):
        render_page(regions_only, tiles=tiles)
