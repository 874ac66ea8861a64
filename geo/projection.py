"""Between WGS84 and the equal-area CRS in which geo measures areas and tolerances.

Each transformer is built once per process. pyproj takes 20-40 ms to build one from CRS names (it looks
them up in PROJ's database), so geo's own projections are built from their PROJ definitions instead.
"""

from __future__ import annotations

import functools

EQUAL_AREA = "EPSG:3035"  # ETRS89 Lambert azimuthal equal-area: metres, true areas over Europe
# The web map's projection: Albers equal-area conic, standard parallels around Ukraine (drawn by the page's
# own few lines of JavaScript, geo/templates/crs.js, on the sphere).
WEB_CONIC = {"lat_1": 45.0, "lat_2": 51.0, "lat_0": 48.0, "lon_0": 31.0}
WEB_CONIC_CRS = "+proj=aea +lat_1={lat_1} +lat_2={lat_2} +lat_0={lat_0} +lon_0={lon_0} +R=6378137".format(**WEB_CONIC)
UKRAINE_BOUNDS = (22.0, 44.0, 40.5, 52.5)  # lon/lat box around Ukraine, Crimea included
# What of a control layer geo keeps: Ukraine and a margin wider than any band, so that a layer drawn over a
# continent or the whole world becomes the part that matters before it is projected (the equal-area
# projection sends the far side of the Earth to infinity).
CONTROL_EXTENT = (18.0, 40.0, 45.0, 56.0)
# geo's own projections as PROJ operations from radians: what pyproj builds for them from WGS84 lon/lat,
# bit for bit (tests/test_projection.py), without opening PROJ's database. EPSG:4326 to EPSG:3035 is a
# null datum shift, then the projection on GRS80.
_OPERATIONS = {
    EQUAL_AREA: "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80",
    WEB_CONIC_CRS: WEB_CONIC_CRS,
}


def clip_to_extent(frame, extent=CONTROL_EXTENT):
    """A GeoDataFrame's geometries, in WGS84, cut to the lon/lat box ``extent``: cut in the frame's own
    CRS first, to that box's bounds there, where they are finite, so that nothing far off is projected.
    Coordinates that still cannot be projected come back non-finite, for :func:`check_wgs84` to refuse."""
    import numpy as np
    import shapely

    geometry = frame.geometry.values
    if not frame.crs.equals("EPSG:4326"):
        try:
            box = _transformer(4326, frame.crs).transform_bounds(*extent, densify_pts=21)
        except Exception:  # pyproj ProjError and kin: a CRS that cannot hold the box; project, check after
            box = (np.inf,)
        if np.isfinite(box).all():
            geometry = shapely.clip_by_rect(shapely.make_valid(geometry), *box)
        geometry = transform(geometry, frame.crs, 4326)
    coordinates = shapely.get_coordinates(geometry)
    if len(coordinates) and not np.isfinite(coordinates).all():
        return geometry
    return shapely.clip_by_rect(shapely.make_valid(geometry), *extent)


def check_wgs84(geometries, label: str, error: type[Exception]) -> None:
    """Refuse lon/lat data that cannot be right: coordinates that are not finite or outside
    WGS84's range, swapped (latitude first), or nowhere near Ukraine. Drawing such data
    would give a map of the Arabian Sea, or nothing, with no word of why."""
    import numpy as np
    import shapely

    coordinates = shapely.get_coordinates(geometries)
    if len(coordinates) == 0:
        return
    if not np.isfinite(coordinates).all():
        raise error(f"{label}: has coordinates that are not finite numbers")
    (west, south), (east, north) = coordinates.min(axis=0), coordinates.max(axis=0)
    if west < -180 or east > 180 or south < -90 or north > 90:
        raise error(f"{label}: has coordinates outside longitude -180..180 and latitude -90..90; is its CRS right?")
    ukraine = shapely.box(*UKRAINE_BOUNDS)
    if shapely.box(west, south, east, north).intersects(ukraine):
        return
    if shapely.box(south, west, north, east).intersects(ukraine):
        raise error(f"{label}: coordinates look swapped (latitude first); GeoJSON gives longitude first")
    raise error(
        f"{label}: does not lie where Ukraine is "
        f"(longitude {west:.1f} to {east:.1f}, latitude {south:.1f} to {north:.1f})"
    )


def to_equal_area(geometries):
    """Geometries (one or an array) from WGS84 lon/lat to EQUAL_AREA metres."""
    return transform(geometries, 4326, EQUAL_AREA)


def to_wgs84(geometries):
    """Geometries (one or an array) from EQUAL_AREA metres to WGS84 lon/lat."""
    return transform(geometries, EQUAL_AREA, 4326)


def transform(geometries, source, target):
    """Geometries (one or an array) from CRS ``source`` to ``target`` (lon/lat order), with one
    transformer per pair of CRSs for the process."""
    import shapely

    return shapely.transform(geometries, _transformer(source, target).transform, interleaved=False)


@functools.cache
def _transformer(source, target):
    from pyproj import Transformer

    degrees = "+step +proj=unitconvert +xy_in=deg +xy_out=rad"
    if source == 4326 and target in _OPERATIONS:
        return Transformer.from_pipeline(f"+proj=pipeline {degrees} +step {_OPERATIONS[target]}")
    if target == 4326 and source in _OPERATIONS:
        return Transformer.from_pipeline(f"+proj=pipeline +step +inv {_OPERATIONS[source]} {degrees} +inv")
    return Transformer.from_crs(source, target, always_xy=True)
