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
    whose zones change, the zones' outlines of all dates are noded together and cut into pieces,
    and pieces with the same history are merged into one face."""
    import shapely

    geometries, isos, sides = [], [], []
    for iso in dict.fromkeys(iso for zones in dated for iso in zones["iso"]):
        own = [zones[zones["iso"] == iso] for zones in dated]
        if all(_same(own[0], other) for other in own[1:]):
            for part, geometry in zip(own[0]["part"], own[0].geometry, strict=True):
                geometries.append(geometry), isos.append(iso), sides.append(SIDES[part])
            continue
        outlines = [shapely.boundary(g) for zones in own for g in zones.geometry]
        pieces = shapely.get_parts(
            shapely.polygonize(shapely.get_parts(shapely.union_all(outlines, grid_size=GRID_DEG)))
        )
        inside = shapely.point_on_surface(pieces)
        history = np.array([_sides(zones, pieces, inside) for zones in own]).T
        groups: dict[str, list] = {}
        for piece, letters in zip(pieces, history, strict=True):
            groups.setdefault("".join(letters), []).append(piece)
        for letters, members in groups.items():
            constant = len(set(letters)) == 1
            geometries.append(shapely.union_all(members, grid_size=GRID_DEG))
            isos.append(iso), sides.append(letters[0] if constant else letters)
    return Faces(geometries, isos, sides)


def _same(first, second) -> bool:
    return list(first["part"]) == list(second["part"]) and all(
        a.equals_exact(b, 0) for a, b in zip(first.geometry, second.geometry, strict=True)
    )


def _sides(zones, pieces, inside) -> list[str]:
    """The letter of the zone each piece lies in; a piece in none (a sliver of the common grid
    between two dates' edges, centimetres wide) takes the nearest zone's."""
    import shapely

    letters = np.full(len(pieces), "", dtype=object)
    for part, geometry in zip(zones["part"], zones.geometry, strict=True):
        letters[(letters == "") & shapely.contains(geometry, inside)] = SIDES[part]
    for i in np.flatnonzero(letters == ""):
        distances = [shapely.distance(g, pieces[i]) for g in zones.geometry]
        letters[i] = SIDES[list(zones["part"])[int(np.argmin(distances))]]
    return list(letters)
