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
