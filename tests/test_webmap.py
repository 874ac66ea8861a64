import re
import subprocess
import textwrap

import pytest

from geo.boundaries import load_context
from geo.pipeline import prepare
from geo.scenario import load_scenario
from geo.webmap import render, save
from tests.conftest import ROOT

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>${alert(3)}`"


def page(tmp_path, prepared, **kwargs):
    path = tmp_path / "map.html"
    save(render(prepared.zones, prepared.scenario, control=prepared.control, notices=prepared.notices, **kwargs), path)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def regions_only():
    return prepare("plan-28", control="none")


def test_page_is_self_contained_with_inline_leaflet(tmp_path, regions_only):
    html = page(tmp_path, regions_only, context=load_context())
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)  # Leaflet's source mentions its website
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    assert "@import" not in markup and "cdn." not in html
    assert 't.version="1.9.4"' in html  # Leaflet itself, inlined
    assert "sourceMappingURL" not in html
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html


def test_legend_shows_exactly_the_statuses_in_the_map(tmp_path, regions_only):
    html = page(tmp_path, regions_only)
    legend = re.search(r"<summary>Legend</summary>(.*?)</details>", html, re.S).group(1)
    labels = re.findall(r"<span>([^<]+)<small>", legend)
    statuses = load_scenario("plan-28").statuses
    assert labels == [statuses[k].label for k in ("recognised", "frozen", "unchanged")]


def test_title_subtitle_and_credits_are_on_the_page(tmp_path, regions_only):
    html = page(tmp_path, regions_only)
    assert "<title>The 28-point plan: what it says about territory</title>" in html
    assert "2025-11-20 · A map of what a proposal says, not of an agreed border." in html
    assert "Boundaries: Natural Earth (public domain)" in html
    assert "Scenario: 28-point plan as reported" in html


def test_the_same_inputs_give_the_same_bytes(tmp_path, regions_only):
    assert page(tmp_path, regions_only) == page(tmp_path, regions_only)


def test_fallback_notice_is_shown_on_the_map(tmp_path):
    prepared = prepare("plan-28", offline=True)
    assert "regions are shown whole" in page(tmp_path, prepared)


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
    prepared = prepare(str(scenario_file), control="none")
    html = page(tmp_path, prepared)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert html.count("</script>") == html.count("<script>")  # no script element closed early
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # the text itself is kept, as text


def test_committed_map_is_what_the_code_renders_now(tmp_path, seeded_cache, monkeypatch):
    """maps/plan-28.html as committed equals a fresh `geo render` (regenerate: see README)."""
    from geo.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["render", "--offline"]) == 0
    fresh = (tmp_path / "maps" / "plan-28.html").read_text(encoding="utf-8")
    committed = subprocess.run(
        ["git", "show", "HEAD:maps/plan-28.html"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if committed.returncode != 0:  # not a git checkout: compare with the file itself
        committed_text = (ROOT / "maps" / "plan-28.html").read_text(encoding="utf-8")
    else:
        committed_text = committed.stdout
    assert fresh == committed_text, "maps/ is stale: run `geo render` (see README) and commit"


def test_tiles_are_added_only_when_asked_for_and_credited(tmp_path, regions_only):
    plain = page(tmp_path, regions_only)
    tiled = page(tmp_path, regions_only, tiles="OpenStreetMap")
    assert "L.tileLayer" not in plain
    assert "tile.openstreetmap.org" in tiled and "OpenStreetMap" in tiled


def test_each_extra_scenario_adds_only_its_statuses_and_notes(tmp_path, regions_only):
    one = page(tmp_path, regions_only)
    two = render(regions_only.zones, [regions_only.scenario, load_scenario("ceasefire-in-place")])
    save(two, tmp_path / "two.html")
    both = (tmp_path / "two.html").read_text(encoding="utf-8")
    assert both.count('"arcs":') == one.count('"arcs":')  # geometry embedded once
    assert 'name="geo-scenario"' in both and 'name="geo-scenario"' not in one
    assert len(both.encode()) - len(one.encode()) < 2_048


def test_split_zones_render_without_a_control_layer_object(tmp_path, deepstate_file):
    from geo.control import load_control
    from geo.zones import split

    zones = split(prepare("plan-28", control="none").zones, load_control(str(deepstate_file)).geometry)
    save(render(zones, load_scenario("plan-28")), tmp_path / "m.html")
    assert "Line of control (as given)" in (tmp_path / "m.html").read_text(encoding="utf-8")


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
        render(regions_only.zones, regions_only.scenario, tiles=tiles)
