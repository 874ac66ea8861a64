import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import box

from geo import topology
from geo.projection import EQUAL_AREA

WEST, EAST = box(37.0, 48.0, 38.0, 49.0), box(38.0, 48.0, 39.0, 49.0)


def metres(geometries):
    return gpd.GeoSeries(geometries, crs=4326).to_crs(EQUAL_AREA).values


def dense(*geometries):
    return shapely.segmentize(list(geometries), 0.001)


def test_a_shared_border_is_stored_once():
    encoded = topology.encode(dense(WEST, EAST), tolerance_m=100, scale=0.0001)
    shared = [i for i, users in enumerate(encoded.users) if users == [0, 1]]
    assert len(shared) == 1
    ids = [abs(i if i >= 0 else ~i) for polygon in encoded.polygons for ring in polygon[0] for i in ring]
    assert ids.count(shared[0]) == 2  # used by both squares, stored once


def test_decoding_returns_the_shapes_within_tolerance_and_grid():
    wavy = shapely.Polygon([(37 + x / 100, 48 + 0.002 * np.sin(x)) for x in range(101)] + [(38, 49), (37, 49)])
    encoded = topology.encode([wavy], tolerance_m=300, scale=0.0005)
    decoded = topology.decode(encoded)[0]
    deviation = shapely.hausdorff_distance(metres([decoded])[0], metres([wavy])[0])
    assert deviation < 300 + 60  # Douglas-Peucker tolerance plus half a grid cell
    assert decoded.area == pytest.approx(wavy.area, rel=0.01)


def test_simplified_neighbours_stay_edge_matched():
    zigzag = [(38.0 + 0.01 * (i % 2), 48 + i / 100) for i in range(101)]
    west = shapely.Polygon([(37, 48), *zigzag, (37, 49)])
    east = shapely.Polygon([(39, 48), (39, 49), *reversed(zigzag)])
    decoded = topology.decode(topology.encode([west, east], tolerance_m=2_000, scale=0.001))
    assert shapely.intersection(decoded[0], decoded[1]).area < 1e-9
    assert shapely.union_all(decoded).area == pytest.approx(decoded[0].area + decoded[1].area)


def test_island_smaller_than_the_tolerance_is_kept():
    island = box(37.5, 48.5, 37.501, 48.501)
    decoded = topology.decode(topology.encode([island], tolerance_m=5_000, scale=0.0001))[0]
    assert decoded.area == pytest.approx(island.area, rel=0.2)


def test_arcs_between_finds_the_border_of_two_groups():
    encoded = topology.encode(dense(WEST, EAST), tolerance_m=100, scale=0.0001)
    (border,) = topology.arcs_between(encoded, {0}, {1})
    xs = np.cumsum(np.reshape(encoded.arcs[border], (-1, 2)), axis=0)[:, 0] * encoded.scale + encoded.origin[0]
    assert xs == pytest.approx(38.0, abs=1e-4)


def test_real_zones_fit_the_payload_and_deviation_budget(deepstate_file):
    from geo.pipeline import run
    from geo.webdata import ZONE_GRID_DEG, ZONE_TOLERANCE_M

    zones = run("plan-28", control=str(deepstate_file))[0].zones
    encoded = topology.encode(zones.geometry.values, ZONE_TOLERANCE_M, ZONE_GRID_DEG)
    payload = len(json.dumps(encoded.to_json(), separators=(",", ":")))
    deviation = shapely.hausdorff_distance(metres(topology.decode(encoded)), metres(zones.geometry.values))
    assert payload <= 80_000
    assert deviation.max() <= 1_000


def test_the_line_between_two_squares_is_their_shared_edge_even_when_it_has_two_points():
    west, east = shapely.box(30, 48, 31, 49), shapely.box(31, 48, 32, 49)
    encoded = topology.encode([west, east], 0, 1e-6)
    line = topology.line_between(encoded, ["occupied", "held"])
    assert line.geom_type == "LineString" and line.length == pytest.approx(1.0)
    none = topology.line_between(encoded, ["held", "held"])
    assert none.geom_type == "MultiLineString" and none.is_empty


def test_points_closer_than_the_grid_are_stored_once():
    # A square with extra vertices 1e-5 degrees apart: on a 0.001 degree grid they fall in one cell.
    ring = [(30, 48), (30.00001, 48), (30.00002, 48), (31, 48), (31, 49), (30, 49), (30, 48)]
    encoded = topology.encode([shapely.Polygon(ring)], 0, 0.001)
    for arc in encoded.arcs:
        deltas = np.reshape(arc, (-1, 2))[1:]
        assert (deltas != 0).any(axis=1).all()  # no step of zero: no repeated point
    assert sum(len(arc) // 2 for arc in encoded.arcs) == 5  # four corners, and the first again
