"""Region boundaries: the committed layers (OpenStreetMap via geoBoundaries by default, Natural
Earth by name) and users' own files.

All reading of boundary files happens here (:mod:`geo.build` makes the committed ones).
Everything returned is a GeoDataFrame in WGS84 with columns ``iso, name, name_uk, geometry``,
one row per region, sorted by ISO code, whatever the source called its fields; its
``attrs["credit"]`` names the source for the map's credits line.
"""

from __future__ import annotations

import json
from pathlib import Path

from geo import regions
from geo.errors import BoundaryError, UnknownRegion, warn
from geo.files import read_vector
from geo.projection import check_wgs84

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "boundaries"
UKRAINE_FILE = "ukraine.geojson"  # geoBoundaries (OpenStreetMap), cut to the coast: the default
NATURAL_EARTH_FILE = "naturalearth.geojson"  # Natural Earth's units, by name: --boundaries naturalearth
CONTEXT_FILE = "context.geojson"  # neighbours and sea, scenery only
SEA_FILE = "sea.geojson"  # the open sea near Ukraine at full resolution: what cuts the OSM units
PROVENANCE_FILE = "provenance.json"
NATURAL_EARTH_PROVENANCE_FILE = "provenance-naturalearth.json"
MAX_FILE_BYTES = 500_000_000
NAMED = {"naturalearth": (NATURAL_EARTH_FILE, NATURAL_EARTH_PROVENANCE_FILE)}

# Field names that identify regions in common boundary files, most specific first.
CODE_FIELDS = ("shapeISO", "iso_3166_2", "ISO_3166_2", "iso", "ISO", "ADM1_PCODE_ISO")
NAME_FIELDS = ("shapeName", "name_en", "NAME_1", "ADM1_EN", "name", "NAME")


def load_boundaries(
    path: str | Path | None = None,
    code_column: str | None = None,
    name_column: str | None = None,
    crs: str | None = None,
):
    """Load region boundaries: the committed layer, a committed one by name, or a user's file.

    Left out, ``path`` gives the default: OpenStreetMap's units through geoBoundaries, cut
    to the coast (ODbL). ``"naturalearth"`` gives Natural Earth's (public domain). A user's
    file may be GeoJSON, GeoPackage, Shapefile or a zip of one. Regions are found by
    ``code_column`` (ISO 3166-2) or ``name_column`` (any name :func:`geo.regions.resolve`
    knows); left out, geoBoundaries' ``shapeISO``/``shapeName`` and other common fields are
    tried. ``crs`` states the CRS of a file that has none. Rows outside Ukraine are ignored.
    """
    if path is None or str(path) in NAMED:
        data, record = NAMED.get(str(path), (UKRAINE_FILE, PROVENANCE_FILE))
        frame = _read_layer(DATA_DIR / data, "iso", None, None)
        frame.attrs["credit"] = f"Boundaries: {provenance(record)['credit']}"
        return frame
    frame = _read_layer(Path(path), code_column, name_column, crs)
    frame, sea_km2 = _cut_to_coast(frame)
    frame.attrs["credit"] = f"Boundaries: {Path(path).name}"
    if sea_km2:
        frame.attrs["credit"] += " (cut to Natural Earth's coast)"
        warn(f"{Path(path).name}: reaches {sea_km2:,.0f} km² out to sea; cut to the coast geo's own boundaries use")
    return frame


SEA_SHARE = 0.01  # a file whose units reach this share of their area out to sea draws territorial waters


def _cut_to_coast(frame):
    """The units cut by the sea mask the committed boundaries were cut by, when they reach out to sea
    (geoBoundaries' raw units take in 12 nautical miles: Crimea's held part, a buffer zone in the Sea of
    Azov), with the area cut in km²; a land-only file, whose coast differs by a drawing's width, as given."""
    import geopandas as gpd
    import shapely

    from geo.projection import to_equal_area

    sea = gpd.read_file(DATA_DIR / SEA_FILE, engine="pyogrio").geometry.union_all()
    land = to_equal_area(shapely.union_all(frame.geometry.values))
    at_sea = shapely.area(shapely.intersection(land, to_equal_area(sea))) / 1e6
    if at_sea <= SEA_SHARE * shapely.area(land) / 1e6:
        return frame, 0.0
    return frame.set_geometry(shapely.difference(frame.geometry.values, sea)), at_sea


def load_context():
    """Neighbouring countries and the sea around Ukraine (``kind``: "land" or "sea")."""
    import geopandas as gpd

    return gpd.read_file(DATA_DIR / CONTEXT_FILE, engine="pyogrio")


def provenance(name: str = PROVENANCE_FILE) -> dict:
    """What a committed boundary file was built from (source, licence, credit, input checksum)."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _read_frame(path: Path, crs: str | None):
    frame = read_vector(path, label=path.name, kind="a boundary file", max_bytes=MAX_FILE_BYTES, error=BoundaryError)
    if frame.crs is None:
        if crs is None:
            raise BoundaryError(f"{path.name}: has no CRS; state it (for example --crs EPSG:4326)")
        frame = frame.set_crs(crs)
    return frame


def _read_layer(path: Path, code_column: str | None, name_column: str | None, crs: str | None):
    import geopandas as gpd
    import shapely

    frame = _read_frame(path, crs)
    for column in (code_column, name_column):
        if column and column not in frame.columns:
            raise BoundaryError(f"{path.name}: no column {column!r}; columns: {', '.join(map(str, frame.columns))}")
    if not code_column and not name_column:
        code_column = next((c for c in CODE_FIELDS if c in frame.columns), None)
        name_column = next((c for c in NAME_FIELDS if c in frame.columns), None)
        if not code_column and not name_column:
            raise BoundaryError(f"{path.name}: no region code or name column found; name one")

    codes = [_region_code(row, code_column, name_column) for row in frame.to_dict("records")]
    frame = frame.assign(iso=codes).dropna(subset=["iso"])
    if frame.empty:
        raise BoundaryError(f"{path.name}: holds no Ukrainian first-level units")
    repeated = sorted(frame.loc[frame["iso"].duplicated(), "iso"].unique())
    if repeated:
        raise BoundaryError(f"{path.name}: region {', '.join(repeated)} appears more than once")

    geometry = frame.geometry.to_crs(4326).values
    check_wgs84(geometry, path.name, BoundaryError)
    invalid = ~shapely.is_valid(geometry) & ~shapely.is_missing(geometry)  # missing ones are reported as empty
    if invalid.any():
        geometry = shapely.make_valid(geometry)
        warn(f"{path.name}: repaired invalid geometry of {', '.join(sorted(frame.loc[invalid, 'iso']))}")
    geometry = shapely.force_2d(_polygonal(geometry))
    if shapely.is_empty(geometry).any():
        empty = frame.loc[shapely.is_empty(geometry), "iso"]
        raise BoundaryError(f"{path.name}: empty geometry for {', '.join(sorted(empty))}")
    info = [regions.BY_ISO[iso] for iso in frame["iso"]]
    result = gpd.GeoDataFrame(
        {"iso": frame["iso"].values, "name": [r.title for r in info], "name_uk": [r.name_uk for r in info]},
        geometry=geometry,
        crs=4326,
    )
    return result.sort_values("iso", ignore_index=True)


def _region_code(row: dict, code_column: str | None, name_column: str | None) -> str | None:
    """ISO code of a row, or None when the row is not a Ukrainian unit."""
    code = row.get(code_column) if code_column else None
    if isinstance(code, str) and code.strip():
        if not code.strip().upper().startswith("UA-"):
            return None
        try:
            return regions.resolve(code)
        except UnknownRegion:
            raise BoundaryError(f"unknown Ukrainian region code {code!r}") from None
    name = row.get(name_column) if name_column else None
    if not isinstance(name, str) or not name.strip():
        return None
    try:
        return regions.resolve(name)
    except UnknownRegion:
        return None  # a file of several countries: names outside Ukraine are expected


def _polygonal(geometry):
    """Keep only the polygonal parts (make_valid can return collections with lines); a
    feature without geometry becomes empty, to be reported with the empty ones."""
    import shapely

    out = []
    for geom in geometry:
        if geom is None:
            out.append(shapely.Polygon())
        elif geom.geom_type in ("Polygon", "MultiPolygon"):
            out.append(geom)
        else:
            parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
            out.append(shapely.union_all(parts) if parts else shapely.Polygon())
    return out
