"""Bands along the line of control: zones cut into their parts within a scenario's widths of the line.

A band rule (``band_km`` in a scenario's ``[[rules]]``) gives a zone's strip along the line a status of
its own; :func:`band_rings` finds the widths the scenarios ask for, :func:`add_bands` cuts the zones.
Pure functions over GeoDataFrames, like :mod:`geo.zones`, whose zones and line they start from.
"""

from __future__ import annotations

import numpy as np

from geo.projection import to_equal_area, transform
from geo.zones import line_of_control


def band_rings(zones, scenarios) -> dict[tuple[str, str], tuple[float, ...]]:
    """(iso, part) -> the widths of the bands along the line, in km and narrowest first, that any
    of the ``scenarios`` cuts that zone into (only zones some band rule reaches)."""
    found = {}
    for key in zip(zones["iso"], zones["part"], strict=True):
        widths = sorted({w for scenario in scenarios for w in scenario.band_widths(*key)})
        if widths:
            found[key] = tuple(widths)
    return found


def add_bands(zones, rings: dict[tuple[str, str], tuple[float, ...]]):
    """Zones cut into bands along the line of control: a zone with widths ``w1 < w2 < ...``
    (:func:`band_rings`) becomes its part within ``w1`` km of the line, between ``w1`` and ``w2``,
    ... and the rest; a ``band_km`` column holds the outer width of each one's band (0: beyond
    every band). Distances are measured on an azimuthal equidistant projection centred on the
    line (within ~0.1 % over Ukraine), areas on the equal-area one. The bands' edges are noded with
    every zone they cross, so the result is still an exact, valid coverage. Without a line, or
    without rings, the zones are returned as they are (``band_km`` 0).
    """
    import geopandas as gpd
    import shapely

    line = line_of_control(zones) if rings else shapely.GeometryCollection()
    if line.is_empty:
        return zones.assign(band_km=0.0)
    centre = shapely.centroid(line)
    local = f"+proj=aeqd +lat_0={centre.y:.4f} +lon_0={centre.x:.4f} +datum=WGS84 +units=m"
    widths = sorted({w for ws in rings.values() for w in ws})
    near = _buffers(line, widths, local)
    edges = shapely.union_all(shapely.boundary(near))
    shapely.prepare(edges)
    geometries = zones.geometry.values
    crossed = np.flatnonzero(shapely.intersects(geometries, edges))
    lines = [*shapely.boundary(geometries[crossed]), edges]
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(lines))))
    inside = shapely.point_on_surface(faces)
    owner = _owners(faces, inside, geometries, crossed)
    keep = owner >= 0
    faces, inside, owner = faces[keep], inside[keep], owner[keep]
    # A zone no band edge crosses lies wholly inside or outside each band: its inner point says which, as a
    # face's does.
    untouched = np.setdiff1d(np.arange(len(zones)), crossed)
    points = np.concatenate([inside, shapely.point_on_surface(geometries[untouched])])
    within = np.array([shapely.within(points, band) for band in near]).reshape(len(near), len(points))

    def band_of(z: int, point: int) -> float:  # the narrowest of the zone's widths holding the point, else 0
        mine = rings.get((zones["iso"].iat[z], zones["part"].iat[z]), ())
        return float(next((w for w in mine if within[widths.index(w), point]), 0.0))

    pieces: dict[tuple[int, float], list] = {}
    for f, z in enumerate(owner):
        pieces.setdefault((int(z), band_of(z, f)), []).append(faces[f])
    cut = {(int(z), band_of(z, len(faces) + k)): geometries[z] for k, z in enumerate(untouched)}
    cut.update({key: shapely.coverage_union_all(members) for key, members in pieces.items()})
    # In the zones' order, each zone's bands from the line outwards, the rest of it last.
    keys = sorted(cut, key=lambda key: (key[0], key[1] == 0, key[1]))
    result = zones.iloc[[z for z, _ in keys]].reset_index(drop=True).assign(band_km=[band for _, band in keys])
    result = gpd.GeoDataFrame(result, geometry=np.array([cut[key] for key in keys], dtype=object), crs=zones.crs)
    new = np.array([key in pieces for key in keys])  # untouched zones keep the area split measured
    result.loc[new, "area_km2"] = shapely.area(to_equal_area(result.geometry.values[new])) / 1e6
    result.attrs = dict(zones.attrs)
    return result


def _owners(faces, inside, geometries, crossed) -> np.ndarray:
    """The zone (index into ``geometries``) each face lies in, among those ``crossed``; -1 for a face
    outside them all. A face of the noding's rounding, whose inner point falls just outside, goes to
    the zone that holds most of it."""
    import shapely

    tree = shapely.STRtree(geometries[crossed])
    face_index, zone_index = tree.query(inside, predicate="within")
    owner = np.full(len(faces), -1)
    owner[face_index] = crossed[zone_index]
    for f in np.flatnonzero(owner < 0):
        touching = crossed[tree.query(faces[f], predicate="intersects")]
        shared = shapely.area(shapely.intersection(geometries[touching], faces[f]))
        if len(touching) and shared.max() > shapely.area(faces[f]) / 2:
            owner[f] = touching[np.argmax(shared)]
    return owner


def _buffers(line, widths: list[float], local: str):
    """The area within each width (km) of the line, in WGS84, buffered on the ``local`` projection."""
    import shapely

    metric = transform(line, 4326, local)
    return [transform(shapely.buffer(metric, w * 1000, quad_segs=16), local, 4326) for w in widths]
