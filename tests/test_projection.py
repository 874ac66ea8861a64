"""geo.projection: its own projections, built from PROJ definitions, give what pyproj gives from the CRS names."""

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from geo import projection


@pytest.mark.parametrize("crs", [projection.EQUAL_AREA, projection.WEB_CONIC_CRS])
def test_own_projections_are_pyprojs_bit_for_bit(crs):
    """The reference is pyproj's own choice of operation for the CRS names (from PROJ's database): any
    change to a definition (a parameter, the ellipsoid, a step's direction) changes the numbers."""
    lon, lat = (grid.ravel() for grid in np.meshgrid(np.linspace(18, 45, 201), np.linspace(40, 56, 201)))
    forward = Transformer.from_crs(4326, crs, always_xy=True).transform(lon, lat)
    inverse = Transformer.from_crs(crs, 4326, always_xy=True).transform(*forward)
    assert np.array_equal(projection._transformer(4326, crs).transform(lon, lat), forward)
    assert np.array_equal(projection._transformer(crs, 4326).transform(*forward), inverse)


def test_other_crs_pairs_come_from_pyproj():
    """A user's CRS has no definition of geo's own: it is looked up by name, in either direction."""
    kyiv = projection.transform(shapely.Point(30.5, 50.45), 4326, "EPSG:32636")
    assert (kyiv.x, kyiv.y) == pytest.approx(Transformer.from_crs(4326, 32636, always_xy=True).transform(30.5, 50.45))
    back = projection.transform(kyiv, "EPSG:32636", 4326)
    assert (back.x, back.y) == pytest.approx((30.5, 50.45))
