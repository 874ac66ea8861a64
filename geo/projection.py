"""Between WGS84 and the equal-area CRS in which geo measures areas and tolerances.

pyproj takes about 0.1 s to build a transformer, so each direction is built once per process.
"""

from __future__ import annotations

import functools

EQUAL_AREA = "EPSG:3035"  # ETRS89 Lambert azimuthal equal-area: metres, true areas over Europe


def to_equal_area(geometries):
    """Geometries (one or an array) from WGS84 lon/lat to EQUAL_AREA metres."""
    return _transform(geometries, 4326, EQUAL_AREA)


def to_wgs84(geometries):
    """Geometries (one or an array) from EQUAL_AREA metres to WGS84 lon/lat."""
    return _transform(geometries, EQUAL_AREA, 4326)


def _transform(geometries, source, target):
    import shapely

    return shapely.transform(geometries, _transformer(source, target).transform, interleaved=False)


@functools.cache
def _transformer(source, target):
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)
