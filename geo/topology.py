"""Polygons as a compact topology for the web: every shared border stored once.

A coverage (zones, or the context of neighbours and sea) is cut into arcs at the points
where neighbouring rings part ways, as TopoJSON does. Each arc is simplified once with
Douglas-Peucker in metres, so neighbours stay edge-matched and no point moves farther than
the tolerance; arcs are then quantised to a grid and delta-encoded. The page decodes it
with a few lines of JavaScript (``templates/layers.js``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from geo.projection import to_equal_area, to_wgs84


@dataclass(frozen=True)
class Topology:
    """Arcs and the polygons made of them.

    ``arcs``: flat ``[x0, y0, dx1, dy1, ...]`` integer lists on a grid of ``scale`` degrees
    from ``origin`` (lon, lat). ``polygons``: per input geometry, a list of polygons, each
    a list of rings, each a list of arc indices (``~i`` for arc ``i`` reversed).
    ``users``: for each arc, the input geometries whose boundary uses it.
    """

    scale: float
    origin: tuple[float, float]
    arcs: list[list[int]]
    polygons: list[list[list[list[int]]]]
    users: list[list[int]]

    def to_json(self) -> dict:
        return {"k": self.scale, "o": list(self.origin), "arcs": self.arcs, "polygons": self.polygons}


def encode(geometries, tolerance_m: float, scale: float) -> Topology:
    """Encode an edge-matched coverage of (multi)polygons given in WGS84.

    ``tolerance_m``: Douglas-Peucker tolerance in metres (measured on EQUAL_AREA, :mod:`geo.projection`).
    ``scale``: quantisation step in degrees; error at most half of it per coordinate.
    """
    rings_of = [_rings(geometry) for geometry in geometries]  # per geometry: polygons of rings
    masks = iter(_junction_masks([ring for polygons in rings_of for polygon in polygons for ring in polygon]))
    arcs: list[np.ndarray] = []
    index: dict[bytes, int] = {}
    users: list[set[int]] = []
    encoded = []
    for owner, polygons in enumerate(rings_of):
        encoded.append(
            [[[_arc_id(a, arcs, index, users, owner) for a in _cut(r, next(masks))] for r in p] for p in polygons]
        )

    simplified = _simplify([np.asarray(a) for a in arcs], tolerance_m)
    points = np.concatenate(simplified)
    origin = points.min(axis=0)
    grid = np.round((points - origin) / scale).astype(np.int64)
    flat, start = [], 0
    for arc in simplified:
        cells = grid[start : start + len(arc)]
        start += len(arc)
        keep = np.ones(len(cells), dtype=bool)
        keep[1:] = (np.diff(cells, axis=0) != 0).any(axis=1)  # drop repeats after quantising
        keep[-1] = True
        cells = cells[keep]
        deltas = np.vstack([cells[:1], np.diff(cells, axis=0)])
        flat.append(deltas.ravel().tolist())
    return Topology(float(scale), (float(origin[0]), float(origin[1])), flat, encoded, [sorted(u) for u in users])


def decode(topology: Topology):
    """The (multi)polygons back as shapely geometries in WGS84 (what the page draws)."""
    import shapely

    arcs = [np.cumsum(np.reshape(a, (-1, 2)), axis=0) * topology.scale + topology.origin for a in topology.arcs]

    def ring(ids):
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ids]
        return np.vstack([parts[0], *(p[1:] for p in parts[1:])])

    return [
        shapely.MultiPolygon([shapely.Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polygons])
        for polygons in topology.polygons
    ]


def arcs_between(topology: Topology, first: set[int], second: set[int]) -> list[int]:
    """Arcs shared by a geometry of ``first`` and one of ``second`` (indices into the input)."""
    return [i for i, owners in enumerate(topology.users) if first & set(owners) and second & set(owners)]


def line_arcs(topology: Topology, parts: list[str]) -> list[int]:
    """The line of control of a zone topology: the arcs an ``occupied`` and a ``held`` zone share.
    Coasts and international borders belong to one zone only, so they never appear. The one
    derivation of the line, whatever the tolerance of the topology (web, print or exact)."""
    occupied = {i for i, part in enumerate(parts) if part == "occupied"}
    held = {i for i, part in enumerate(parts) if part == "held"}
    return arcs_between(topology, occupied, held)


def line_between(topology: Topology, parts: list[str]):
    """:func:`line_arcs` as a (multi)line in WGS84, merged where arcs meet."""
    import shapely

    ids = line_arcs(topology, parts)
    lines = [np.cumsum(np.reshape(topology.arcs[i], (-1, 2)), axis=0) * topology.scale + topology.origin for i in ids]
    lines = [line for line in lines if len(line) > 1]
    return shapely.line_merge(shapely.MultiLineString(lines)) if lines else shapely.MultiLineString()


def _rings(geometry) -> list[list[np.ndarray]]:
    """Polygons of a (multi)polygon as lists of rings, oriented and without the closing point."""
    import shapely

    out = []
    for polygon in shapely.get_parts(shapely.orient_polygons(geometry)):
        if polygon.is_empty:
            continue
        rings = [polygon.exterior, *polygon.interiors]
        out.append([np.asarray(r.coords)[:-1] for r in rings])
    return out


def _junction_masks(rings: list[np.ndarray]) -> list[np.ndarray]:
    """For each ring, which vertices are junctions: points where rings meet or part, seen
    with two different pairs of neighbours. One lexsort over all vertices, no Python loop."""
    points = np.concatenate(rings)
    before = np.concatenate([np.roll(r, 1, axis=0) for r in rings])
    after = np.concatenate([np.roll(r, -1, axis=0) for r in rings])
    swap = (before[:, 0] > after[:, 0]) | ((before[:, 0] == after[:, 0]) & (before[:, 1] > after[:, 1]))
    first, second = np.where(swap[:, None], after, before), np.where(swap[:, None], before, after)
    keys = np.hstack([points, first, second])
    order = np.lexsort(keys.T[::-1])
    ordered = keys[order]
    new_point = np.r_[True, (ordered[1:, :2] != ordered[:-1, :2]).any(axis=1)]
    new_pair = new_point | np.r_[True, (ordered[1:, 2:] != ordered[:-1, 2:]).any(axis=1)]
    group = np.cumsum(new_point) - 1
    pairs_per_point = np.bincount(group, weights=new_pair)
    junction = np.empty(len(points), dtype=bool)
    junction[order] = pairs_per_point[group] > 1
    return np.split(junction, np.cumsum([len(r) for r in rings])[:-1])


def _cut(ring: np.ndarray, junction: np.ndarray) -> list[np.ndarray]:
    """A closed ring as arcs from junction to junction (the whole ring if it has none)."""
    at = np.flatnonzero(junction)
    if not len(at):
        return [np.vstack([ring, ring[:1]])]
    rotated = np.vstack([ring[at[0] :], ring[: at[0]], ring[at[0] : at[0] + 1]])
    cuts = [*(at - at[0]), len(ring)]
    return [rotated[a : b + 1] for a, b in itertools.pairwise(cuts)]


def _arc_id(arc: np.ndarray, arcs: list, index: dict, users: list, owner: int) -> int:
    key, reverse = arc.tobytes(), arc[::-1].copy().tobytes()
    if key in index:
        found = index[key]
    elif reverse in index:
        found = ~index[reverse]
    else:
        found = index[key] = len(arcs)
        arcs.append(arc)
        users.append(set())
    users[found if found >= 0 else ~found].add(owner)
    return found


def _simplify(arcs: list[np.ndarray], tolerance_m: float) -> list[np.ndarray]:
    """Douglas-Peucker on each arc in metres; endpoints stay, closed arcs keep a ring's minimum."""
    import shapely

    lengths = np.array([len(a) for a in arcs])
    lines = shapely.linestrings(np.concatenate(arcs), indices=np.repeat(np.arange(len(arcs)), lengths))
    simple = to_wgs84(shapely.simplify(to_equal_area(lines), tolerance_m, preserve_topology=False))
    out = []
    for original, line in zip(arcs, simple, strict=True):
        coords = shapely.get_coordinates(line)
        closed = np.array_equal(original[0], original[-1])
        if len(coords) < (4 if closed else 2):
            out.append(original)  # too small to simplify: keep it whole rather than lose it
            continue
        coords[0], coords[-1] = original[0], original[-1]  # endpoints exactly as shared
        out.append(coords)
    return out
