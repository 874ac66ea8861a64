"""What a run keeps in the cache: names that hash all a cached file depends on, and the checks
that a file read back is of the shape geo writes (anything else is a miss, never an error)."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from pathlib import Path

from geo import cache
from geo.boundaries import CONTEXT_FILE, DATA_DIR, UKRAINE_FILE
from geo.control import ControlSource
from geo.scenario import Scenario

# Libraries whose results end up in the map data: a new version means new data.
_GEOMETRY_LIBRARIES = ("shapely", "pyproj", "geopandas", "pyogrio")


def cached_map(name: str, series: bool = False) -> dict | None:
    """The map data cached under ``name``, or None when it is absent, unreadable or not of the shape
    :func:`geo.webdata.encode` writes (a file left by anything else is a miss, never an error)."""
    from geo.webdata import MAP_KEYS

    data = cache.read_json(name)
    keys = {*MAP_KEYS, "series"} if series else set(MAP_KEYS)
    if not (isinstance(data, dict) and set(data) == keys and isinstance(data["zones"], list)):
        return None
    if not all(isinstance(z, dict) and {"iso", "part", "area_km2"} <= set(z) for z in data["zones"]):
        return None
    return data


def band_key(scenarios: list[Scenario]) -> list:
    """The band rules of the scenarios, as a key: all that the zones' cutting into bands depends on."""
    return sorted({(r.band_km, r.side, r.regions) for s in scenarios for r in s.bands})


def valid_facts(facts) -> dict | None:
    """Facts read from the cache with each town's zone decoded (an array), or None when they are not of
    the shape :func:`geo.zones.facts` writes."""
    from geo.places import towns
    from geo.zones import decode_zone_of

    if not (isinstance(facts, dict) and set(facts) == {"zones", "zone_of_town", "boundaries"}):
        return None
    zones, zone_of = facts["zones"], facts["zone_of_town"]
    if not (isinstance(zones, list) and isinstance(zone_of, str)):
        return None
    if not all(isinstance(z, dict) and {"iso", "name", "part", "area_km2"} <= set(z) for z in zones):
        return None
    try:
        zone_of = decode_zone_of(zone_of)
    except ValueError:
        return None
    if len(zone_of) != len(towns()) or zone_of.max(initial=-1) >= len(zones):  # below 0: in no zone
        return None
    return {**facts, "zone_of_town": zone_of}


def map_key(*found: ControlSource | None, bands=(), notes=()) -> str:
    """A hash of all a map's data depends on: this package, the geometry libraries, the committed
    boundaries and scenery, the town list, each control layer given (one date, or every date of a
    series, in order; none counts as one), the band rules and the notes the data carries."""
    digest = hashlib.sha256()
    if bands:  # none: the key of a map without bands stays what it was
        digest.update(repr(bands).encode())
    if any(notes):
        digest.update("\0".join(notes).encode())
    digest.update(_code_and_data_digest(tuple((str(p), *_stamp(p)) for p in _key_files())))
    for source in found:
        if source is None:
            digest.update(b"none\0")
        else:
            digest.update(f"{source.credit}\0{source.date}\0".encode())
            digest.update(_file_digest(source.path))
    return digest.hexdigest()[:32]


@functools.cache
def _key_files() -> tuple[Path, ...]:
    """This package's code and the data it ships: the committed boundaries and scenery, the town list (listed
    once a process; their times and sizes are read for each key)."""
    from geo import places

    code = sorted([*Path(__file__).parent.glob("*.py"), *Path(__file__).parent.glob("*.toml")])
    return (*code, DATA_DIR / UKRAINE_FILE, DATA_DIR / CONTEXT_FILE, places.TOWNS_FILE)


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


@functools.lru_cache(maxsize=4)
def _code_and_data_digest(stamps: tuple) -> bytes:
    """The files of :func:`_key_files` and the geometry libraries' versions, hashed once per process
    while the files' times and sizes (``stamps``) stay the same: a series' dates share this part."""
    digest = hashlib.sha256()
    for name, *_ in stamps:
        path = Path(name)
        digest.update(
            path.read_bytes() if path.suffix in (".py", ".toml") else hashlib.sha256(path.read_bytes()).digest()
        )
    for library in _GEOMETRY_LIBRARIES:
        digest.update(importlib.metadata.version(library).encode())
    return digest.digest()


def _file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()
