"""The faces of a series: pieces noded from the segments of every split once, the same as noding each
split's outline whole (the independent way: shapely's union of the outlines, then polygonize)."""

import shapely
from shapely.geometry import Polygon, box

from geo import history


def _splits() -> list:
    """A region with a hole, cut on each of four days by a line that moves in one stretch only: most
    segments recur on every day, some in the other direction (a hole's ring runs the other way)."""
    region = box(0, 0, 4, 4).difference(box(0.2, 0.2, 0.6, 0.6))
    found = []
    for bend in (2.0, 2.0, 2.5, 1.5):
        occupied = Polygon([(2, 0), (4, 0), (4, 4), (2, 4), (2, 3), (bend, 2), (2, 1)])
        found += [region.intersection(occupied), region.difference(occupied)]
    return found


def test_pieces_noded_once_per_segment_are_the_pieces_of_the_whole_outlines():
    splits = _splits()
    whole = shapely.union_all([shapely.boundary(g) for g in splits], grid_size=history.GRID_DEG)
    expected = shapely.get_parts(shapely.polygonize(shapely.get_parts(whole)))
    got = history._pieces(splits)

    def normal(pieces):
        return sorted(shapely.to_wkb(shapely.normalize(pieces)))

    assert len(got) == len(expected) == 5  # west and east of every line, a bend each way, the hole (filled)
    assert normal(got) == normal(expected)
    assert shapely.area(got).sum() == 16


def _with_a_city(x: float):
    """An oblast with a city inside it (a hole in the oblast, as Kyiv City is in Kyiv Oblast), the oblast
    cut at ``x`` by the line of control; the city is not reached."""
    import geopandas as gpd

    oblast, city = box(0, 0, 4, 4).difference(box(1, 1, 2, 2)), box(1, 1, 2, 2)
    occupied = box(x, 0, 4, 4)
    rows = [("A", "occupied", oblast.intersection(occupied)), ("A", "held", oblast.difference(occupied))]
    rows.append(("B", "all", city))
    return gpd.GeoDataFrame({"iso": [r[0] for r in rows], "part": [r[1] for r in rows]}, geometry=[r[2] for r in rows])


def test_the_faces_of_a_region_with_a_hole_leave_the_hole_to_the_region_inside_it():
    """Polygonising an outline fills its holes: the oblast's faces must not also cover the city."""
    faces = history.faces([_with_a_city(3.0), _with_a_city(2.5)])
    oblast = [g for g, iso in zip(faces.geometries, faces.iso, strict=True) if iso == "A"]
    assert sorted(shapely.area(oblast)) == [2.0, 4.0, 9.0]  # east of both lines, between them, west of both
    assert shapely.area(shapely.intersection(shapely.union_all(oblast), box(1, 1, 2, 2))) == 0
    assert [s for s, iso in zip(faces.sides, faces.iso, strict=True) if iso == "B"] == ["a"]
