"""Zones on made-up polygons near Donetsk (about 74 km per degree of longitude, 111 km of latitude)."""

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from geo import zones
from geo.errors import ControlError
from geo.projection import EQUAL_AREA
from geo.scenario import load_scenario
from tests.conftest import assert_partition

WEST = box(37.0, 48.0, 38.0, 49.0)  # tagged as Donetsk
EAST = box(38.0, 48.0, 39.0, 49.0)  # tagged as Luhansk
STRIP = 0.004  # about 300 m of longitude


def regions(*geometries, codes=("UA-14", "UA-09")):
    return gpd.GeoDataFrame(
        {
            "iso": codes[: len(geometries)],
            "name": ["W", "E"][: len(geometries)],
            "name_uk": ["З", "С"][: len(geometries)],
        },
        geometry=list(geometries),
        crs=4326,
    )


def parts(result, iso):
    return dict(zip(result.loc[result.iso == iso, "part"], result.loc[result.iso == iso, "area_km2"], strict=True))


def test_without_control_each_region_is_one_zone_of_part_all():
    boundaries = regions(WEST, EAST)
    result = zones.split(boundaries)
    assert list(result.part) == ["all", "all"]
    assert_partition(result, boundaries)


def test_control_cutting_a_region_gives_occupied_and_held_parts_that_partition_it():
    boundaries = regions(WEST, EAST)
    result = zones.split(boundaries, box(37.5, 47.0, 40.0, 50.0))
    west, east = parts(result, "UA-14"), parts(result, "UA-09")
    assert set(west) == {"occupied", "held"} and set(east) == {"occupied"}
    assert west["occupied"] == pytest.approx(west["held"], rel=0.01)
    assert_partition(result, boundaries)


def test_control_missing_a_region_leaves_it_held():
    result = zones.split(regions(WEST, EAST), box(37.2, 48.2, 37.4, 48.4))
    assert set(parts(result, "UA-09")) == {"held"}
    assert set(parts(result, "UA-14")) == {"occupied", "held"}


def test_control_that_does_not_overlap_any_region_is_an_error():
    with pytest.raises(ControlError, match="does not overlap"):
        zones.split(regions(WEST), box(10, 10, 11, 11))


def test_coastal_sliver_between_two_drawings_of_the_coast_joins_the_occupied_part():
    # The control layer stops 300 m short of the region's west coast.
    result = zones.split(regions(WEST), box(37.0 + STRIP, 47.5, 38.5, 49.5))
    assert set(parts(result, "UA-14")) == {"occupied"}
    assert_partition(result, regions(WEST))


def test_thin_held_pocket_inside_the_country_is_kept():
    pocket = box(37.5, 48.2, 37.5 + STRIP, 48.8)  # 300 m by 67 km, far from any coast or border
    result = zones.split(regions(WEST), box(36.5, 47.5, 38.5, 49.5).difference(pocket))
    held = parts(result, "UA-14")["held"]
    assert held == pytest.approx(pocket.area / WEST.area * parts(result, "UA-14")["occupied"], rel=0.05)


def test_thin_held_strip_along_a_border_between_overlapping_regions_is_kept():
    """A user's regions may overlap where they meet (here by about 70 m): the border between them is not
    Ukraine's outline, so a strip the line leaves along it is a pocket inside the country, not a sliver:
    kept as when the regions are edge-matched."""
    control = box(36.5, 47.5, 38.0 - STRIP, 49.5)
    overlapping = zones.split(regions(WEST, box(37.999, 48.0, 39.0, 49.0)), control)
    matched = zones.split(regions(WEST, EAST), control)
    assert parts(overlapping, "UA-14")["held"] == pytest.approx(parts(matched, "UA-14")["held"], rel=1e-6)
    assert parts(matched, "UA-14")["held"] > 20  # km²: the strip, 300 m by 111 km


def test_island_the_control_layer_does_not_touch_stays_held_however_thin():
    island = box(36.5, 48.5, 36.5 + STRIP, 48.6)
    boundaries = regions(MultiPolygon([WEST, island]))
    result = zones.split(boundaries, box(36.9, 47.5, 38.5, 49.5))
    assert parts(result, "UA-14")["held"] == pytest.approx(0.3 * 11, rel=0.1)
    assert_partition(result, boundaries)


def test_speck_smaller_than_one_square_kilometre_is_merged():
    speck = box(37.5, 48.5, 37.505, 48.505)  # about 0.2 km²
    result = zones.split(regions(WEST), box(36.5, 47.5, 38.5, 49.5).difference(speck))
    assert set(parts(result, "UA-14")) == {"occupied"}


def test_control_edge_running_along_a_shared_border_keeps_zones_edge_matched():
    # The control layer's east edge zig-zags a few centimetres either side of the border.
    wiggle = [(38.0 + (1e-7 if i % 2 else -1e-7), 48.0 + i / 50) for i in range(51)]
    control = Polygon([(36.0, 48.0), *wiggle, (36.0, 49.0)])
    boundaries = regions(WEST, EAST)
    result = zones.split(boundaries, control)
    assert_partition(result, boundaries)


def test_line_of_control_is_the_front_only_not_coast_or_border():
    result = zones.split(regions(WEST, EAST), box(37.5, 47.0, 40.0, 50.0))
    line = zones.line_of_control(result)
    xs = shapely.get_coordinates(line)[:, 0]
    assert line.length == pytest.approx(1.0, rel=1e-4)  # x = 37.5 from lat 48 to 49
    assert xs == pytest.approx(37.5, abs=1e-6)


def test_line_of_control_of_projected_zones_is_in_their_crs():
    result = zones.split(regions(WEST, EAST), box(37.5, 47.0, 40.0, 50.0)).to_crs(EQUAL_AREA)
    line = zones.line_of_control(result)
    # The reference: the meridian 37.5°E from 48°N to 49°N, projected by pyproj in the test.
    import pyproj

    x, y = pyproj.Transformer.from_crs(4326, EQUAL_AREA, always_xy=True).transform([37.5, 37.5], [48, 49])
    assert line.length == pytest.approx(shapely.LineString(zip(x, y, strict=True)).length, rel=1e-3)


def test_line_of_control_is_empty_without_a_split():
    assert zones.line_of_control(zones.split(regions(WEST))).is_empty


def test_tag_gives_each_zone_exactly_one_status_from_the_scenario():
    tagged = zones.tag(zones.split(regions(WEST, EAST), box(37.5, 47.0, 40.0, 50.0)), load_scenario("plan-28"))
    statuses = dict(zip(zip(tagged.iso, tagged.part, strict=True), tagged.status, strict=True))
    assert statuses == {
        ("UA-14", "occupied"): "recognised",
        ("UA-14", "held"): "demilitarised",
        ("UA-09", "occupied"): "recognised",
    }
    assert tagged["note"].str.len().gt(0).all()


def test_tag_accepts_plain_boundaries_as_whole_regions():
    tagged = zones.tag(regions(WEST, EAST), load_scenario("plan-28"))
    # plan-28 gives Donetsk's two parts different statuses, Luhansk's one: drawn whole, Donetsk's depends on the line.
    assert list(tagged.part) == ["all", "all"] and list(tagged.status) == ["undetermined", "recognised"]


def test_regions_whose_shared_border_vertices_differ_still_split():
    # Sources outside Natural Earth often do not give neighbours identical vertices.
    boundaries = regions(WEST, EAST)
    boundaries.loc[1, "geometry"] = shapely.segmentize(EAST, 0.013)
    result = zones.split(boundaries, box(37.5, 47.0, 40.0, 50.0))
    region_area = boundaries.to_crs(EQUAL_AREA).set_index("iso").area / 1e6
    zone_area = result.groupby("iso")["area_km2"].sum()
    assert ((zone_area - region_area).abs() / region_area).max() < 1e-4


# A pocket in WEST and a block in EAST: each lies beyond the split's margin (5 km) around the other
# region's box in the equal-area projection, where the boxes are turned.
POCKET = Polygon([(37.2, 48.3), (37.5, 48.3), (37.5, 48.6), (37.2, 48.6)])


def through_east(x):
    return box(x, 48.3, 39.5, 48.7)


def test_a_date_splits_again_only_the_regions_where_the_line_moved_and_equals_a_split_from_scratch():
    boundaries = regions(WEST, EAST)
    ring = POCKET.exterior.coords[:-1]
    redrawn = Polygon(ring[2:] + ring[:2])  # the same pocket, drawn from another vertex
    zones._split_region.cache_clear()
    zones.split(boundaries, MultiPolygon([POCKET, through_east(38.7)]))
    before = zones._split_region.cache_info()
    reused = zones.split(boundaries, MultiPolygon([through_east(38.5), redrawn]))
    after = zones._split_region.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (1, 1)  # WEST reused, EAST split
    zones._split_region.cache_clear()
    fresh = zones.split(boundaries, MultiPolygon([through_east(38.5), redrawn]))
    assert list(shapely.to_wkb(reused.geometry.values)) == list(shapely.to_wkb(fresh.geometry.values))
    assert list(reused.area_km2) == list(fresh.area_km2)


def test_a_line_crossing_the_border_of_two_regions_meets_it_at_one_vertex_on_both_sides():
    # Each region is split on its own: the line's segment across the border must give both the same vertex.
    boundaries = regions(WEST, EAST)
    result = zones.split(boundaries, Polygon([(36.5, 47.5), (39.5, 48.77), (39.5, 47.5)]))
    assert set(parts(result, "UA-14")) == set(parts(result, "UA-09")) == {"occupied", "held"}
    assert_partition(result, boundaries)


def test_consecutive_days_of_the_archive_split_in_turn_equal_each_day_split_from_scratch(deepstate_daily):
    from geo.boundaries import load_boundaries
    from geo.control import find_control, read_control

    boundaries = load_boundaries()
    days = sorted(deepstate_daily.glob("*.geojson"))[200:208]
    lines = [read_control(find_control(str(day), offline=True)).geometry for day in days]
    zones._split_region.cache_clear()
    in_turn = [zones.split(boundaries, line) for line in lines]
    info = zones._split_region.cache_info()
    assert info.hits > info.misses  # most regions reused: the check below compares something
    for line, reused in zip(lines, in_turn, strict=True):
        zones._split_region.cache_clear()
        fresh = zones.split(boundaries, line)
        assert list(shapely.to_wkb(reused.geometry.values)) == list(shapely.to_wkb(fresh.geometry.values))
        assert list(reused.area_km2) == list(fresh.area_km2)
