"""Behaviour oracles for bugs that once survived every test (the 'Tests that catch real bugs' issue):
each test computes what is expected independently (plain shapely, the file system, the browser)."""

import datetime as dt
import errno
import json
import os
import re
import stat
from pathlib import Path

import pytest
import shapely
from shapely.geometry import MultiPolygon, box

from geo import control, files, webdata, webmap, zones
from geo.projection import to_equal_area
from tests.conftest import script_data
from tests.test_zones import STRIP, WEST, regions


def test_an_islet_wholly_inside_the_control_layer_stays_occupied_however_thin():
    # A thin islet of the region, inside the control layer: no sliver, since the front never touches it.
    islet = box(38.2, 48.3, 38.2 + STRIP, 48.4)  # about 300 m by 11 km, off the region's mainland
    boundaries = regions(MultiPolygon([WEST, islet]))
    held = box(37.5, 47.5, 38.6, 49.5)
    result = zones.split(boundaries, held)
    occupied = result[result.part == "occupied"].geometry.iloc[0]
    assert occupied.contains(shapely.Point(38.2 + STRIP / 2, 48.35))
    # The control layer densified as split does (its meridian 37.5°E stays a meridian on the equal-area
    # plane); the region not, as split keeps regions' vertices.
    dense = [boundaries.geometry.iloc[0], shapely.segmentize(held, 0.01)]
    expected = shapely.area(to_equal_area(shapely.intersection(*dense))) / 1e6
    assert result[result.part == "occupied"]["area_km2"].item() == pytest.approx(expected, rel=1e-4)


def test_a_childs_wildcard_rule_overrides_its_parents(tmp_path):
    from geo.scenario import load_scenario

    child = tmp_path / "child.toml"
    child.write_text(
        'extends = "plan-28"\nid = "child"\n[[rules]]\nregions = "*"\npart = "occupied"\nstatus = "frozen"\n',
        encoding="utf-8",
    )
    scenario = load_scenario(child)
    assert scenario.assign("UA-63", "occupied")[0] == "frozen"  # plan-28's "*" said returned
    assert scenario.assign("UA-14", "occupied")[0] == "recognised"  # a named rule still beats "*"


def test_offline_latest_takes_the_newest_cached_snapshot(cache_dir, deepstate_file):
    for day in ("20251101", "20251110", "20251105"):
        (cache_dir / f"deepstatemap_data_{day}.geojson").write_bytes(deepstate_file.read_bytes())
    found = control.find_control("deepstate:latest", offline=True, today=dt.date(2025, 11, 12))
    assert found.date == "2025-11-10"


def test_write_atomic_replaces_the_file_with_a_new_one_readable_by_all(tmp_path):
    path = tmp_path / "map.html"
    path.write_text("old")
    os.chmod(path, 0o600)
    before = os.stat(path).st_ino
    held_open = path.open()  # a reader of the old map keeps reading the old map
    files.write_atomic(path, "new")
    assert path.read_text() == "new" and held_open.read() == "old"
    held_open.close()
    assert os.stat(path).st_ino != before  # replaced, not written in place
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_write_atomic_keeps_the_old_file_when_the_rename_fails(tmp_path, monkeypatch):
    path = tmp_path / "map.html"
    path.write_text("old")

    def refuse(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(files.OutputError, match="no space left"):
        files.write_atomic(path, "new")
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["map.html"]


HOSTILE = "</script><b>x</b>\u2028&amp;"


@pytest.fixture
def hostile_page(tmp_path):
    from geo.pipeline import run

    scenario = tmp_path / "s.toml"
    quoted = json.dumps(HOSTILE)
    scenario.write_text(
        f'id = "s"\ntitle = {quoted}\nsource = {quoted}\n[statuses.odd]\nlabel = {quoted}\ncolour = "#123456"\n'
        f'[[rules]]\nregions = ["Odesa"]\nstatus = "odd"\nnote = {quoted}\n',
        encoding="utf-8",
    )
    prepared = run(str(scenario), control="none")[0]
    return webmap.page(webdata.encode(prepared.zones, None, None), prepared.scenario)


def test_the_pages_script_holds_every_user_text_escaped_and_never_a_closing_tag(hostile_page):
    import html

    scripts = re.findall(r"<script>(.*?)</script>", hostile_page, re.S)
    assert scripts and all("</" not in body for body in scripts)  # no script element closed early
    data = script_data(hostile_page)
    # Texts the page sets with textContent arrive as they were written; the credits, which Leaflet's
    # attribution sets as HTML, arrive escaped.
    assert HOSTILE in data["statusText"] and HOSTILE in data["layers"][0]["notes"]
    assert any(html.escape(HOSTILE) in c for c in data["credits"]) and not any("<b>" in c for c in data["credits"])


@pytest.mark.browser
def test_the_browser_decodes_the_polygons_the_python_decoder_does(browser, tmp_path):
    import geo
    from geo import topology

    tagged = geo.tag(geo.split(geo.load_boundaries()), geo.load_scenario())
    data = webdata.encode(tagged)
    path = tmp_path / "map.html"
    path.write_text(webmap.page(data, geo.load_scenario()), encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    drawn = page.evaluate(
        """() => { const out = []; map_ukraine.eachLayer(l => {
                     if (l instanceof L.Polygon && l.getElement().getAttribute('tabindex') === '0') {
                       out.push(l.getLatLngs()); } }); return out; }"""
    )
    expected = topology.decode(
        topology.Topology(
            data["topology"]["k"],
            tuple(data["topology"]["o"]),
            data["topology"]["arcs"],
            data["topology"]["polygons"],
            [],
        )
    )
    assert len(drawn) == len(expected)
    for latlngs, geometry in zip(drawn, expected, strict=True):
        rings = latlngs if isinstance(latlngs[0][0], list) else [latlngs]
        polygons = [
            shapely.Polygon(
                [(p["lng"], p["lat"]) for p in poly[0]], [[(p["lng"], p["lat"]) for p in hole] for hole in poly[1:]]
            )
            for poly in rings
        ]
        assert shapely.area(shapely.symmetric_difference(shapely.union_all(polygons), geometry)) < 1e-9
    page.close()


def test_write_atomic_renames_from_the_target_folder_and_makes_missing_folders(tmp_path, monkeypatch):
    """A rename is atomic only within one file system: the temporary file must sit beside the target."""
    renames = []
    replace = os.replace

    def recording(source, target):
        renames.append((Path(source), Path(target)))
        return replace(source, target)

    monkeypatch.setattr(os, "replace", recording)
    path = tmp_path / "new" / "folder" / "map.html"
    files.write_atomic(path, "new")
    assert path.read_text() == "new"
    [(source, target)] = renames
    assert source.parent == target.parent == path.parent and source.name.startswith(".map.html.")


def test_a_write_failure_without_advice_gives_the_systems_reason(tmp_path, monkeypatch):
    def refuse(source, target):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(
        files.OutputError, match=rf"^cannot write {re.escape(str(tmp_path))}/map\.html: Input/output error$"
    ):
        files.write_atomic(tmp_path / "map.html", "new")
