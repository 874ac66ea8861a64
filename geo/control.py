"""Control layers: the territory held by Russian forces on a date, from a file, URL or archive.

All reading and downloading of control layers happens here. A source is a path or URL of
anything geopandas reads (any CRS), or ``deepstate:YYYY-MM-DD`` / ``deepstate:latest`` for
the daily DeepStateMap snapshots archived on GitHub, downloaded on demand into the cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from geo import cache
from geo.errors import ControlError, SourceUnavailable
from geo.files import check_input, read_vector
from geo.projection import check_wgs84

DEEPSTATE_URL = (
    "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data/deepstatemap_data_{date:%Y%m%d}.geojson"
)
DEEPSTATE_CREDIT = "Line of control: DeepStateMap (archive: cyterat/deepstate-map-data, GPL-3.0)"
# Snapshots whose content we have checked; others are verified by parsing them.
DEEPSTATE_SHA256 = {
    "2025-11-20": "30e5ba47feafa677dc6a49b93066ef8b004e0b48b9fc361af6547b2fe09e8d98",
}
_DEEPSTATE_NAME = re.compile(r"deepstatemap_data_(\d{8})\.geojson")
LATEST_SEARCH_DAYS = 14  # deepstate:latest looks this many days back from today
MAX_FILE_BYTES = 200_000_000


@dataclass(frozen=True)
class ControlSource:
    """Where a control layer comes from: a local file (downloaded first if remote) and its credit."""

    path: Path
    source: str  # as the user gave it
    date: str  # YYYY-MM-DD when known, else ""
    credit: str

    @property
    def downloaded(self) -> bool:
        return self.source.startswith(("deepstate:", "http://", "https://"))


@dataclass(frozen=True)
class ControlLayer(ControlSource):
    """Territory held by Russian forces: one (multi)polygon in WGS84, and its source."""

    geometry: object


def load_control(source: str, offline: bool = False, today: dt.date | None = None) -> ControlLayer:
    """Load a control layer from a path, URL or ``deepstate:DATE`` / ``deepstate:latest``.

    Raises ControlError for unreadable or unusable data, SourceUnavailable when a remote
    source cannot be fetched (``offline`` forbids any network access).
    """
    return read_control(find_control(source, offline, today))


def find_control(source: str, offline: bool = False, today: dt.date | None = None) -> ControlSource:
    """Resolve a source to a local file, downloading it into the cache if need be; read nothing.

    Cheap when the file is local or cached, so that callers can key caches on its content.
    """
    if source.startswith("deepstate:"):
        return _deepstate(source.removeprefix("deepstate:"), offline, today or dt.date.today())
    if source.startswith(("http://", "https://")):
        name = "control-" + hashlib.sha256(source.encode()).hexdigest()[:16] + Path(source.split("?")[0]).suffix
        return ControlSource(cache.fetch(source, name, offline=offline), source, "", f"Line of control: {source}")
    path = Path(source)
    check_input(path, ControlError)
    snapshot = _DEEPSTATE_NAME.fullmatch(path.name)
    if snapshot:  # a DeepStateMap snapshot saved locally: same data, same credit
        date = dt.datetime.strptime(snapshot.group(1), "%Y%m%d").date().isoformat()
        return ControlSource(path, source, date, DEEPSTATE_CREDIT)
    return ControlSource(path, source, "", f"Line of control: {path.name}")


def read_control(found: ControlSource) -> ControlLayer:
    """Read the territory from a found source; a corrupt download is removed from the cache."""
    try:
        geometry = _read_geometry(found.path, found.source)
    except ControlError:
        if found.downloaded:
            found.path.unlink(missing_ok=True)
        raise
    return ControlLayer(found.path, found.source, found.date, found.credit, geometry)


def deepstate_url(date: dt.date) -> str:
    """Where the snapshot of ``date`` is published; $GEO_DEEPSTATE_URL overrides (mirrors, tests)."""
    return os.environ.get("GEO_DEEPSTATE_URL", DEEPSTATE_URL).format(date=date)


def _deepstate(when: str, offline: bool, today: dt.date) -> ControlSource:
    if when == "latest":
        return _deepstate_latest(offline, today)
    try:
        date = dt.date.fromisoformat(when)
    except ValueError:
        raise ControlError(f"deepstate:{when}: expected deepstate:YYYY-MM-DD or deepstate:latest") from None
    known = DEEPSTATE_SHA256.get(date.isoformat())
    path = cache.fetch(
        deepstate_url(date),
        f"deepstatemap_data_{date:%Y%m%d}.geojson",
        known_hash=f"sha256:{known}" if known else None,
        offline=offline,
    )
    return ControlSource(path, f"deepstate:{date}", date.isoformat(), DEEPSTATE_CREDIT)


def _deepstate_latest(offline: bool, today: dt.date) -> ControlSource:
    """The newest snapshot: today's, else the day before, up to LATEST_SEARCH_DAYS back."""
    days = [today - dt.timedelta(days=n) for n in range(LATEST_SEARCH_DAYS + 1)]
    if offline:
        cached = [d for d in days if (cache.cache_dir() / f"deepstatemap_data_{d:%Y%m%d}.geojson").is_file()]
        if not cached:
            raise SourceUnavailable(
                "deepstate:latest: no snapshot of the last two weeks is cached and --offline is set"
            )
        return _deepstate(cached[0].isoformat(), offline, today)
    for day in days:
        try:
            return _deepstate(day.isoformat(), offline, today)
        except SourceUnavailable as error:
            if "HTTP 404" not in str(error):
                raise
    raise SourceUnavailable(f"deepstate:latest: no snapshot published since {days[-1]}")


def _read_geometry(path: Path, source: str):
    """Union of the polygons in a file, in WGS84, repaired if invalid."""
    import shapely

    frame = read_vector(path, label=source, kind="a control layer", max_bytes=MAX_FILE_BYTES, error=ControlError)
    if frame.crs is None:
        raise ControlError(f"{source}: has no CRS")
    geometry = frame.geometry.to_crs(4326).values
    check_wgs84(geometry, source, ControlError)
    geometry = shapely.make_valid(geometry)
    parts = shapely.get_parts(shapely.get_parts(geometry))  # twice: make_valid may nest collections
    polygons = parts[shapely.get_type_id(parts) == 3]  # 3: Polygon
    if len(polygons) == 0:
        raise ControlError(f"{source}: holds no polygons")
    return shapely.union_all(polygons)
