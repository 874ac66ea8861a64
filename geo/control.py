"""Control layers: the territory held by Russian forces on a date, from a file, URL or archive.

All reading and downloading of control layers happens here. A source is a path or URL of
anything geopandas reads (any CRS), or ``deepstate:YYYY-MM-DD`` / ``deepstate:latest`` for
the daily DeepStateMap snapshots archived on GitHub, downloaded on demand into the cache.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import glob
import hashlib
import itertools
import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from geo import cache, locale
from geo.errors import ControlError, SourceUnavailable
from geo.files import check_input, read_vector, sha256
from geo.projection import check_wgs84, clip_to_extent

DEEPSTATE_URL = (
    "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data/deepstatemap_data_{date:%Y%m%d}.geojson"
)
DEEPSTATE_CREDIT = "Line of control: DeepStateMap (archive: cyterat/deepstate-map-data, GPL-3.0)"
# Lines shipped with geo (``geo control build``): deepstate:DATE for these dates needs no download.
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "control"
_DEEPSTATE_NAME = re.compile(r"deepstatemap_data_(\d{8})\.geojson")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # YYYY-MM-DD in ASCII digits
_DATE_IN_NAME = re.compile(r"(?<![0-9])(20[0-9]{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12][0-9]|3[01])(?![0-9])")
LATEST_SEARCH_DAYS = 14  # deepstate:latest looks this many days back from today
MAX_FILE_BYTES = 200_000_000
MAX_CREDIT_CHARS = 300


@functools.cache
def deepstate_sha256() -> dict[str, str]:
    """Checksums of the snapshots geo's developers have checked, by date (``geo/deepstate.toml``)."""
    return tomllib.loads((Path(__file__).parent / "deepstate.toml").read_text(encoding="utf-8"))["sha256"]


@dataclass(frozen=True)
class ControlSource:
    """Where a control layer comes from: a local file (downloaded first if remote) and its credit."""

    path: Path
    source: str  # as the user gave it
    date: str  # YYYY-MM-DD when known, else ""
    credit: str
    # When ``path`` is a shipped line standing for the snapshot a user gave: that snapshot, which a map of
    # several dates draws (its neighbours are snapshots too) while its figures come from the shipped line.
    snapshot: Path | None = dataclasses.field(default=None, kw_only=True)

    @property
    def downloaded(self) -> bool:
        """Whether the file is a download in the cache (and so may be removed when corrupt):
        a line shipped with geo, or a user's file, never is."""
        return self.path.resolve().is_relative_to(cache.cache_dir().resolve())


@dataclass(frozen=True)
class ControlLayer(ControlSource):
    """Territory held by Russian forces: one (multi)polygon in WGS84, and its source."""

    geometry: object


def load_control(
    source: str,
    offline: bool = False,
    today: dt.date | None = None,
    date: str | None = None,
    credit: str | None = None,
) -> ControlLayer:
    """Load a control layer from a path, URL or ``deepstate:DATE`` / ``deepstate:latest``.

    ``date`` (YYYY-MM-DD) and ``credit`` state what a file's name and content do not.
    Raises ControlError for unreadable or unusable data, SourceUnavailable when a remote
    source cannot be fetched (``offline`` forbids any network access).
    """
    return read_control(find_control(source, offline, today, date, credit))


def find_control(
    source: str,
    offline: bool = False,
    today: dt.date | None = None,
    date: str | None = None,
    credit: str | None = None,
    raw: bool = False,
) -> ControlSource:
    """Resolve a source to a local file, downloading it into the cache if need be; read nothing.

    Cheap when the file is local or cached, so that callers can key caches on its content.
    A file's date comes from ``date``, else its checksum (a DeepStateMap snapshot under any
    name), else a date in its name (``YYYYMMDD`` or ``YYYY-MM-DD``); its credit likewise.
    A file that is the snapshot a shipped line was built from stands for that line (one date and
    line, one figure, wherever it is drawn or counted), unless ``raw`` (the build reads the file).
    """
    if date is not None:
        _check_date(date, "--control-date")
    if credit is not None and len(credit) > MAX_CREDIT_CHARS:
        raise ControlError(f"--control-credit: longer than {MAX_CREDIT_CHARS} characters; a credit is one line")
    if source.startswith("deepstate:"):
        when = source.removeprefix("deepstate:")
        found = _deepstate_latest(offline, today or dt.date.today()) if when == "latest" else _deepstate(when, offline)
    elif source.startswith(("http://", "https://")):
        name = "control-" + hashlib.sha256(source.encode()).hexdigest()[:16] + Path(source.split("?")[0]).suffix
        path = cache.fetch(source, name, offline=offline)
        found = _known_snapshot(path, source, raw) or ControlSource(
            path, source, _date_in_name(source.split("?")[0]), f"Line of control: {source}"
        )
    else:
        found = _local_file(Path(source), source, raw)
    return dataclasses.replace(found, date=date or found.date, credit=credit or found.credit)


EVERY = {"day": 1, "week": 7, "month": None}  # a month steps to the same day of the next month
GAP_DAYS = 7  # a missing snapshot is replaced by the nearest earlier one at most this many days back
MAX_DATES = 400


def is_series(source: str | None) -> bool:
    """Whether ``source`` names several dated layers: deepstate:FROM..TO, a folder, or a glob. A URL is
    one layer whatever its query holds, and so is a file that exists, whatever its name holds."""
    if not source:
        return False
    if source.startswith("deepstate:"):
        return ".." in source
    if source.startswith(("http://", "https://")) or Path(source).is_file():
        return False
    return any(c in source for c in "*?[") or Path(source).is_dir()


def find_series(
    source: str, every: str = "month", offline: bool = False, lang: str = "en"
) -> list[tuple[ControlSource, str]]:
    """Several dated control layers, oldest first, each with a note ("" or what stood in for it).

    ``deepstate:FROM..TO`` takes a snapshot every day, week or month; the archive has gaps, so a
    missing day is replaced by the nearest earlier snapshot (at most GAP_DAYS back) and the note
    says so. A folder or a quoted glob takes every file in it, dated by its name or checksum.
    """
    if source.startswith("deepstate:"):
        start, _, end = source.removeprefix("deepstate:").partition("..")
        first, last = _check_date(start, "deepstate:FROM"), _check_date(end, "deepstate:..TO")
        if last < first:
            raise ControlError(f"{source}: the range ends before it starts")
        if every not in EVERY:
            raise ControlError(f"--every {every!r}: expected day, week or month")
        return [_nearest_snapshot(day, offline, lang) for day in _steps(first, last, every)]
    paths = Path(source).iterdir() if Path(source).is_dir() else map(Path, glob.iglob(source))
    files = []
    for path in paths:  # counted as they come: a folder of a million files is refused, not listed
        if path.is_file() and not path.name.startswith("."):
            files.append(path)
            if len(files) > MAX_DATES:
                raise ControlError(f"{source}: more than {MAX_DATES} files; give at most {MAX_DATES} dates")
    found = [_local_file(path, str(path)) for path in sorted(files)]
    if not found:
        raise ControlError(f"{source}: no control layer files there")
    undated = [f.source for f in found if not f.date]
    if undated:
        raise ControlError(f"{undated[0]}: no date in its name (YYYYMMDD or YYYY-MM-DD); name each file by its date")
    found.sort(key=lambda f: f.date)
    for earlier, later in itertools.pairwise(found):
        if earlier.date == later.date:
            raise ControlError(f"{earlier.source} and {later.source} are both of {later.date}; keep one layer a date")
    return [(f, "") for f in found]


def _steps(first: dt.date, last: dt.date, every: str) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        days.append(day)
        if len(days) > MAX_DATES:
            raise ControlError(f"more than {MAX_DATES} dates from {first} to {last}; take a longer --every")
        if EVERY[every]:
            day += dt.timedelta(days=EVERY[every])
        else:  # counted from the first day, so that 31 Jan -> 28 Feb -> 31 Mar
            year, month = divmod(first.month - 1 + len(days), 12)
            year, month = first.year + year, month + 1
            day = dt.date(year, month, min(first.day, calendar.monthrange(year, month)[1]))
    return days


def _nearest_snapshot(day: dt.date, offline: bool, lang: str = "en") -> tuple[ControlSource, str]:
    """The snapshot of ``day``, else of the nearest earlier day with one, and a note saying which (in ``lang``:
    readers see it under the date slider)."""
    for back in range(GAP_DAYS + 1):
        when = day - dt.timedelta(days=back)
        try:
            found = find_control(f"deepstate:{when}", offline=offline)
        except SourceUnavailable as error:
            if "HTTP 404" in str(error) or "not in the cache" in str(error):
                continue
            raise
        if not back:
            return found, ""
        dates = {"day": locale.date(day.isoformat(), lang), "when": locale.date(when.isoformat(), lang)}
        return found, locale.text(lang, "notices", "gap", **dates)
    raise SourceUnavailable(f"deepstate: no snapshot of {day} or the {GAP_DAYS} days before it")


def _local_file(path: Path, source: str, raw: bool = False) -> ControlSource:
    """A control layer given by path: a known snapshot by checksum, else dated by its name."""
    check_input(path, ControlError)
    known = _known_snapshot(path, source, raw)
    if known:
        return known
    snapshot = _DEEPSTATE_NAME.fullmatch(path.name)
    credit = DEEPSTATE_CREDIT if snapshot else f"Line of control: {path.name}"
    return ControlSource(path, source, _date_in_name(path.name), credit)


def _known_snapshot(path: Path, source: str, raw: bool) -> ControlSource | None:
    """A DeepStateMap snapshot known by its checksum, saved or served under any name: same data, same date
    and credit, and the shipped line built from it (unless ``raw``), so that one line is one figure."""
    if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
        return None
    digest = sha256(path)
    known = [day for day, pinned in deepstate_sha256().items() if pinned == digest]
    if not known:
        return None
    shipped = None if raw else _shipped_from().get(digest)
    if shipped:
        return ControlSource(SHIPPED_DIR / shipped, source, known[0], DEEPSTATE_CREDIT, snapshot=path)
    return ControlSource(path, source, known[0], DEEPSTATE_CREDIT)


def _shipped_from() -> dict[str, str]:
    """Input checksum -> file name of each line shipped in ``SHIPPED_DIR`` (its provenance record)."""
    records = SHIPPED_DIR / "provenance.json"
    if not records.is_file():
        return {}
    return {r["input_sha256"]: name for name, r in json.loads(records.read_text(encoding="utf-8")).items()}


def _date_in_name(name: str) -> str:
    """YYYY-MM-DD from a date written YYYYMMDD or YYYY-MM-DD in a file name, else ""."""
    for year, month, day in _DATE_IN_NAME.findall(Path(name).name):
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:  # 20250231
            continue
    return ""


YEARS = (1900, 2100)  # dates a line of control can have; a year past 9999 would not even be a date


def _check_date(text: str, label: str) -> dt.date:
    """A YYYY-MM-DD date (ASCII digits, a real day, a year in YEARS), or ControlError naming ``label``."""
    if _ISO_DATE.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:  # 2025-02-31
            pass
        else:
            if YEARS[0] <= day.year <= YEARS[1]:
                return day
            raise ControlError(f"{label} {text!r}: expected a date from {YEARS[0]} to {YEARS[1]}")
    raise ControlError(f"{label} {text!r}: expected a date as YYYY-MM-DD")


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


def _deepstate(when: str, offline: bool) -> ControlSource:
    if not _ISO_DATE.fullmatch(when):
        raise ControlError(f"deepstate:{when}: expected deepstate:YYYY-MM-DD or deepstate:latest")
    date = _check_date(when, "deepstate:")
    shipped = SHIPPED_DIR / f"deepstate-{date}.geojson"
    if shipped.is_file():  # the same line for everyone, with or without network
        return ControlSource(shipped, f"deepstate:{date}", date.isoformat(), DEEPSTATE_CREDIT)
    known = deepstate_sha256().get(date.isoformat())
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
        return _deepstate(cached[0].isoformat(), offline)
    for day in days:
        try:
            return _deepstate(day.isoformat(), offline)
        except SourceUnavailable as error:
            if "HTTP 404" not in str(error):
                raise
    raise SourceUnavailable(f"deepstate:latest: no snapshot published since {days[-1]}")


def _read_geometry(path: Path, source: str):
    """Union of the polygons in a file, in WGS84, repaired if invalid."""
    import numpy as np
    import shapely

    frame = read_vector(path, label=source, kind="a control layer", max_bytes=MAX_FILE_BYTES, error=ControlError)
    if frame.crs is None:
        raise ControlError(f"{source}: has no CRS")
    # Cut to Ukraine's surroundings before anything is projected: a layer drawn over the whole world
    # would otherwise reach where the projections have no finite answer.
    geometry = clip_to_extent(frame)
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        raise ControlError(f"{source}: cannot be projected to longitude and latitude from {frame.crs.name}")
    if frame.crs.is_geographic or shapely.is_empty(geometry).all():  # what is wrong with it, said plainly
        check_wgs84(frame.geometry.to_crs(4326).values, source, ControlError)
    geometry = shapely.make_valid(geometry)
    parts = shapely.get_parts(shapely.get_parts(geometry))  # twice: make_valid may nest collections
    polygons = parts[shapely.get_type_id(parts) == 3]  # 3: Polygon
    if len(polygons) == 0:
        raise ControlError(f"{source}: holds no polygons")
    return shapely.union_all(polygons)
