"""Bands along the line of control: scenario rules, exact areas, partition, and every output seeing them."""

import csv
import io

import geopandas as gpd
import pyogrio
import pyproj
import pytest
import shapely

from geo import bands, pipeline
from geo.bands import add_bands, band_rings
from geo.boundaries import load_boundaries
from geo.cli import main
from geo.errors import ScenarioError
from geo.scenario import load_scenario
from geo.zones import line_of_control, split
from tests.conftest import assert_partition, render_page, script_data

PULL_BACK = """extends = "plan-28"
id = "pull-back"
title = "Both sides pull back 10 km"

[[rules]]
regions = "*"
band_km = 10
status = "demilitarised"
note = "Both sides would pull back 10 km from the line."
"""


def scenario_file(tmp_path, rules: str, name: str = "bands.toml"):
    path = tmp_path / name
    path.write_text(f'id = "bands"\ntitle = "Bands"\n{rules}', encoding="utf-8")
    return path


def band_rule(width: float, side: str, status: str = "demilitarised", regions: str = '["UA-14"]') -> str:
    return f'\n[[rules]]\nregions = {regions}\nband_km = {width}\nside = "{side}"\nstatus = "{status}"\n'


@pytest.fixture(scope="module")
def square():
    """One square region, 36-37°E by 48-49°N, whose western half from 36.5°E is held by Russian forces:
    its line of control is the meridian 36.5°E from 48°N to 49°N."""
    region = gpd.GeoDataFrame(
        {"iso": ["UA-14"], "name": ["Square"], "name_uk": ["Квадрат"]}, geometry=[shapely.box(36, 48, 37, 49)], crs=4326
    )
    return split(region, shapely.box(35, 47, 36.5, 50))


LINE_KM = pyproj.Geod(ellps="WGS84").line_length([36.5, 36.5], [48, 49]) / 1000  # the meridian's length, geodesic


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (band_rule(10, "held"), {("held", 10): 10, ("held", 0): None, ("occupied", 0): None}),
        (band_rule(10, "both"), {("held", 10): 10, ("occupied", 10): 10, ("held", 0): None, ("occupied", 0): None}),
        (
            band_rule(5, "held") + band_rule(20, "held", "frozen"),
            {("held", 5): 5, ("held", 20): 15, ("held", 0): None, ("occupied", 0): None},
        ),
    ],
    ids=["held", "both", "two widths"],
)
def test_a_band_is_its_width_times_the_lines_length(square, tmp_path, rules, expected):
    scenario = load_scenario(scenario_file(tmp_path, rules))
    banded = add_bands(square, band_rings(square, [scenario]))
    found = {(z.part, z.band_km): z.area_km2 for z in banded.itertuples()}
    assert set(found) == set(expected)
    for key, width in expected.items():
        if width is not None:  # a strip beside a straight line: width x length
            assert found[key] == pytest.approx(width * LINE_KM, rel=0.003), key
    # Cut pieces are measured afresh from WGS84: new vertices on the square's long straight edges
    # land a little off them on the equal-area projection (real boundaries are dense: ~1e-6).
    assert sum(found.values()) == pytest.approx(square["area_km2"].sum(), rel=1e-5)
    assert shapely.coverage_is_valid(banded.to_crs(3035).geometry.values)


def test_the_narrowest_band_rule_that_reaches_a_zone_decides_it(tmp_path):
    rules = (
        band_rule(40, "both", "frozen", '"*"') + band_rule(10, "held", "recognised") + band_rule(40, "held", "returned")
    )
    scenario = load_scenario(
        scenario_file(tmp_path, rules + '\n[[rules]]\nregions = ["UA-14"]\npart = "held"\nstatus = "unchanged"\n')
    )
    assert scenario.band_widths("UA-14", "held") == {10, 40} and scenario.band_widths("UA-14", "occupied") == {40}
    assert scenario.assign("UA-14", "held", band_km=10)[0] == "recognised"
    assert scenario.assign("UA-14", "held", band_km=40)[0] == "returned"  # a region named wins over "*"
    assert scenario.assign("UA-14", "occupied", band_km=40)[0] == "frozen"
    assert scenario.assign("UA-14", "held")[0] == "unchanged"  # beyond every band: the part's rule
    assert scenario.assign("UA-23", "held", band_km=10)[0] == "frozen"  # only "*" reaches Zaporizhzhia
    assert scenario.assign("UA-14", "all")[0] == "unchanged"  # no line, no band
    assert scenario.band_widths("UA-14", "all") == set()
    assert scenario.assign("UA-14", "all", band_km=10)[0] == "unchanged"


def test_the_narrowest_and_widest_bands_allowed_load(tmp_path):
    for width in (0.1, 100):
        scenario = load_scenario(scenario_file(tmp_path, band_rule(width, "held")))
        assert [rule.band_km for rule in scenario.bands] == [width]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ('\n[[rules]]\nregions = ["UA-14"]\nband_km = 10\npart = "held"\nstatus = "frozen"\n', "takes 'side'"),
        (band_rule(0, "held"), "'band_km' must be a number of km from 0.1 to 100"),
        (band_rule(1e-9, "held"), "'band_km' must be a number of km from 0.1 to 100"),
        (band_rule(101, "held"), "from 0.1 to 100"),
        ('\n[[rules]]\nregions = ["UA-14"]\nband_km = "10"\nstatus = "frozen"\n', "'band_km' must be a number"),
        ('\n[[rules]]\nregions = ["UA-14"]\nband_km = true\nstatus = "frozen"\n', "'band_km' must be a number"),
        (band_rule(10, "west"), "side 'west' is not one of held, occupied, both"),
        (band_rule(10, "held") + band_rule(10, "both", "frozen"), "give a 10 km band of UA-14 conflicting statuses"),
    ],
)
def test_a_bad_band_rule_is_one_clear_problem(tmp_path, rules, message):
    with pytest.raises(ScenarioError, match=message):
        load_scenario(scenario_file(tmp_path, rules))


def test_a_zone_no_band_edge_crosses_is_in_the_band_its_distance_from_the_line_says(tmp_path):
    """Two small held regions inside the square, east of its line (the meridian 36.5°E): one wholly
    within 10 km of it, one wholly beyond. No band edge crosses either; their distances decide."""
    near, far = shapely.box(36.55, 48.4, 36.6, 48.5), shapely.box(36.8, 48.4, 36.85, 48.5)
    regions = gpd.GeoDataFrame(
        {"iso": ["UA-14", "UA-09", "UA-23"], "name": ["Square", "Near", "Far"], "name_uk": ["К", "Б", "Д"]},
        geometry=[shapely.box(36, 48, 37, 49).difference(near).difference(far), near, far],
        crs=4326,
    )
    zones = split(regions, shapely.box(35, 47, 36.5, 50))
    banded = add_bands(
        zones, band_rings(zones, [load_scenario(scenario_file(tmp_path, band_rule(10, "both", regions='"*"')))])
    )
    geod = pyproj.Geod(ellps="WGS84")

    def farthest_km(box):  # its corners' geodesic distance from the meridian at their latitude
        west, south, east, north = box.bounds
        return max(geod.inv(36.5, lat, lon, lat)[2] for lon in (west, east) for lat in (south, north)) / 1000

    assert farthest_km(near) < 10 < geod.inv(36.5, 48.4, 36.8, 48.4)[2] / 1000  # the truth, measured apart
    bands = dict(zip(banded["iso"], banded["band_km"], strict=False))
    assert bands["UA-09"] == 10 and bands["UA-23"] == 0


@pytest.mark.parametrize(
    "rules",
    [
        band_rule(5, "held", regions='"*"') + band_rule(40, "both", "frozen", '"*"'),
        band_rule(10, "occupied", regions='"*"'),
    ],
)
def test_bands_partition_every_region_and_keep_the_line(real_plan, tmp_path, rules):
    zones = real_plan._split_zones
    banded = add_bands(zones, band_rings(zones, [load_scenario(scenario_file(tmp_path, rules))]))
    assert (banded["band_km"] > 0).sum() >= 5  # the regions the front crosses
    assert_partition(banded, load_boundaries())
    exact = zones.set_index(["iso", "part"])["area_km2"]
    assert banded.groupby(["iso", "part"])["area_km2"].sum().reindex(exact.index).to_numpy() == pytest.approx(
        exact.to_numpy(), rel=1e-5
    )
    assert shapely.equals(line_of_control(banded), line_of_control(zones))


def test_the_map_stats_places_and_export_see_the_bands(real_plan, deepstate_file, tmp_path, capsys, cache_dir):
    path = tmp_path / "pull-back.toml"
    path.write_text(PULL_BACK, encoding="utf-8")
    prepared = pipeline.run(str(path), control=str(deepstate_file))[0]
    bands = prepared.zones[prepared.zones["band_km"] > 0]
    assert set(bands["status"]) == {"demilitarised"} and set(bands["part"]) == {"held", "occupied"}

    page = render_page(prepared, [prepared.scenario, load_scenario("plan-28")])
    data = script_data(page)
    assert len(data["names"]) == len(prepared.zones) > len(real_plan.zones)  # both scenarios restyle the same zones
    assert "Donetsk Oblast: part held by Ukraine, within 10 km of the line of control" in data["names"]
    assert "UA-14.held.10" in data["zoneKeys"] and "UA-14.held" in data["zoneKeys"]

    assert main(["stats", "--scenario", str(path), "--control", str(deepstate_file), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    donetsk = {(r["part"], float(r["band_km"])): r for r in rows if r.get("iso") == "UA-14"}
    assert donetsk[("held", 10.0)]["status"] == "demilitarised"
    assert float(donetsk[("held", 10.0)]["area_km2"]) + float(donetsk[("held", 0.0)]["area_km2"]) == pytest.approx(
        real_plan.zones.set_index(["iso", "part"]).loc[("UA-14", "held"), "area_km2"], abs=0.2
    )

    assert main(["places", "--scenario", str(path), "--control", str(deepstate_file), "--format", "csv"]) == 0
    towns = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert any(t["band_km"] == "10.0" and t["status"] == "demilitarised" for t in towns)

    out = tmp_path / "pull-back.gpkg"
    assert (
        main(
            ["export", "--scenario", str(path), "--control", str(deepstate_file), "--format", "gpkg", "--out", str(out)]
        )
        == 0
    )
    exported = pyogrio.read_dataframe(out, layer="zones")
    assert len(exported) == len(prepared.zones) and (exported["band_km"] == 10).sum() == len(bands)


def test_a_page_of_several_scenarios_is_cut_by_the_bands_of_each_not_only_the_first(deepstate_file, tmp_path):
    path = tmp_path / "pull-back.toml"
    path.write_text(PULL_BACK, encoding="utf-8")
    first = pipeline.run("plan-28", control=str(deepstate_file))[0]  # no bands of its own
    data, _ = first.map_data([first.scenario, load_scenario(str(path))])
    banded = {(z["iso"], z["part"]) for z in data["zones"] if z.get("band_km") == 10}
    assert ("UA-14", "held") in banded and ("UA-14", "occupied") in banded


def test_the_render_summary_counts_the_regions_each_band_status_reaches(tmp_path, capsys):
    """The summary line's regions per status agree with geo stats' zones, band statuses included."""
    path = tmp_path / "pull-back.toml"
    path.write_text(PULL_BACK, encoding="utf-8")
    assert main(["stats", "--offline", "--scenario", str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    expected = {
        status: len({r["iso"] for r in rows if r["status"] == status}) for status in {r["status"] for r in rows}
    }
    for file_format in ("html", "png"):
        out = tmp_path / f"m.{file_format}"
        assert main(["render", "--offline", "--scenario", str(path), "--format", file_format, "--out", str(out)]) == 0
        counts = capsys.readouterr().out.split("regions by status: ")[1].strip()
        assert dict((key, int(n)) for key, n in (item.split() for item in counts.split(", "))) == expected


def test_a_face_whose_inner_point_falls_outside_goes_to_the_zone_holding_most_of_it():
    """A sliver of the noding's rounding: its inner point lies in no zone, so it goes to the zone that holds
    more than half of it (here the second, seven tenths of it), and to none when no zone does."""
    import numpy as np

    geometries = np.array([shapely.box(0, 0, 3, 1), shapely.box(3, 0, 10, 1)])
    crossed = np.array([0, 1])
    sliver = shapely.box(2, 0.5, 12, 1)  # a tenth of it over the first zone, seven tenths over the second
    lost = shapely.box(9, 0, 12, 1)  # a third of it over the second zone, the rest over neither
    outside = shapely.points([(2, 5), (11, 5)])  # inner points that fall in no zone
    owner = bands._owners(np.array([sliver, lost]), outside, geometries, crossed)
    assert list(owner) == [1, -1]
