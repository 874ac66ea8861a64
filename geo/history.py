"""The zones of several dates as one set of faces: pieces of a region that stay on one side of the
line of control on every date. Each date's zone is the union of some faces, so a map of many dates
stores every border once, and per date only which side each face is on (:func:`geo.webdata.encode_series`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GRID_DEG = 1e-6  # about 10 cm: every date's lines noded on one grid, so that shared edges match exactly
SIDES = {"all": "a", "occupied": "o", "held": "h"}  # one letter a face's history is written in


@dataclass(frozen=True)
class Faces:
    """``geometries`` (WGS84), the ``iso`` of each, and ``sides``: per face, its part's letter on each
    date (:data:`SIDES`; one letter when it never changes)."""

    geometries: list
    iso: list[str]
    sides: list[str]

    def parts(self, date: int) -> list[str]:
        """The part (``occupied``, ``held`` or ``all``) of each face on the ``date``-th date."""
        names = {letter: part for part, letter in SIDES.items()}
        return [names[s[0] if len(s) == 1 else s[date]] for s in self.sides]


def faces(dated: list) -> Faces:
    """The faces of several dates' zones (each a GeoDataFrame from :func:`geo.split` of the same
    boundaries). A region whose zones are the same on every date keeps them as its faces; in one
    whose zones change, the outlines of its distinct splits are noded together and cut into pieces,
    and pieces with the same history are merged into one face. A split that recurs (most days
    change a few regions) is noded and located once."""
    import shapely

    by_date = [_by_region(zones) for zones in dated]
    geometries, isos, sides = [], [], []
    for iso in dict.fromkeys(iso for regions in by_date for iso in regions):
        own = [regions.get(iso, ((), ())) for regions in by_date]
        distinct = list(dict.fromkeys(own))  # (parts, geometries): equal when every coordinate is
        if len(distinct) == 1:
            for part, geometry in zip(*distinct[0], strict=True):
                geometries.append(geometry), isos.append(iso), sides.append(SIDES[part])
            continue
        pieces = _pieces([g for _, shapes in distinct for g in shapes])
        inside = shapely.point_on_surface(pieces)
        kept = _in_region(pieces, inside, distinct[0][1])  # not the region's holes, which polygonising fills
        pieces, inside = pieces[kept], inside[kept]
        letters = {split: _sides(*split, pieces, inside) for split in distinct}
        history = np.array([letters[split] for split in own]).T
        groups: dict[str, list] = {}
        for piece, row in zip(pieces, history, strict=True):
            groups.setdefault("".join(row), []).append(piece)
        for row, members in groups.items():
            constant = len(set(row)) == 1
            geometries.append(shapely.union_all(members, grid_size=GRID_DEG))
            isos.append(iso), sides.append(row[0] if constant else row)
    return Faces(geometries, isos, sides)


def _pieces(geometries) -> np.ndarray:
    """The pieces the outlines of ``geometries`` cut the plane into, noded on the grid. Each segment
    is noded once, however many outlines share it (a region's border and most of the line recur in
    every split): the 219 splits of Donetsk over 240 days took 23 s noded outline by outline, 1 s so,
    and the pieces are the same, as noding a set of segments does not depend on how often each is given."""
    import shapely

    lines = shapely.get_parts(shapely.boundary(np.asarray(geometries, dtype=object)))
    xy, line = shapely.get_coordinates(lines, return_index=True)
    same = line[:-1] == line[1:]  # consecutive points of one line: a segment
    segments = np.hstack([xy[:-1][same], xy[1:][same]])
    flip = (segments[:, 0] > segments[:, 2]) | ((segments[:, 0] == segments[:, 2]) & (segments[:, 1] > segments[:, 3]))
    segments[flip] = segments[flip][:, [2, 3, 0, 1]]  # each segment one way round, so that repeats are equal
    segments = np.unique(segments, axis=0)
    noded = shapely.union_all(shapely.linestrings(segments.reshape(-1, 2, 2)), grid_size=GRID_DEG)
    return shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))


def _by_region(zones) -> dict[str, tuple[tuple, tuple]]:
    """iso -> (its zones' parts, their geometries), in the zones' order."""
    found: dict[str, tuple[list, list]] = {}
    for iso, part, geometry in zip(zones["iso"], zones["part"], zones.geometry.values, strict=True):
        parts, shapes = found.setdefault(iso, ([], []))
        parts.append(part), shapes.append(geometry)
    return {iso: (tuple(parts), tuple(shapes)) for iso, (parts, shapes) in found.items()}


def _in_region(pieces, inside, geometries) -> np.ndarray:
    """Whether each piece is part of the region whose zones (on one date) are ``geometries``: not when it
    fills a hole of the region (a city inside its oblast), which polygonising the outlines fills too."""
    import shapely

    region = shapely.union_all(geometries)
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(region) for ring in part.interiors]
    if not holes:
        return np.ones(len(pieces), dtype=bool)
    hole = shapely.union_all(holes)
    shapely.prepare(hole)
    return ~shapely.contains(hole, inside)


def _sides(parts, geometries, pieces, inside) -> list[str]:
    """The letter of the zone each piece lies in; a piece in none (a sliver of the common grid
    between two dates' edges, centimetres wide) takes the nearest zone's."""
    import shapely

    letters = np.full(len(pieces), "", dtype=object)
    for part, geometry in zip(parts, geometries, strict=True):
        shapely.prepare(geometry)  # thousands of points against one zone
        letters[(letters == "") & shapely.contains(geometry, inside)] = SIDES[part]
    for i in np.flatnonzero(letters == ""):
        distances = [shapely.distance(g, pieces[i]) for g in geometries]
        letters[i] = SIDES[parts[int(np.argmin(distances))]]
    return list(letters)
