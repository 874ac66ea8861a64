"""Control layers: the territory held by Russian forces on a date, from a file, folder, URL or provider.

A source is a path or URL of anything geopandas reads (any CRS), a folder or glob of dated files, or
``NAME:...`` for a provider in PROVIDERS (``deepstate:YYYY-MM-DD``: :mod:`geo.deepstate`), whose files
are downloaded on demand into the cache. A file a provider recognises (by checksum or name) is dated and
credited as the provider's, whatever its name or address.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import glob
import hashlib
import importlib
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from geo import cache, locale
from geo.errors import ControlError
from geo.files import check_input, read_vector, sha256
from geo.projection import check_wgs84, clip_to_extent

# Providers of control layers by the prefix that names them, each a module (see geo/deepstate.py).
PROVIDERS = {"deepstate": "geo.deepstate"}
# Lines shipped with geo (``geo control build``): deepstate:DATE for these dates needs no download.
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "control"
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # YYYY-MM-DD in ASCII digits
_DATE_IN_NAME = re.compile(r"(?<![0-9])(20[0-9]{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12][0-9]|3[01])(?![0-9])")
MAX_FILE_BYTES = 200_000_000
MAX_CREDIT_CHARS = 300


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
        check_date(date, "--control-date")
    if credit is not None and len(credit) > MAX_CREDIT_CHARS:
        raise ControlError(f"--control-credit: longer than {MAX_CREDIT_CHARS} characters; a credit is one line")
    provider, spec = _provider(source)
    if provider:
        found = provider.find(spec, offline, today or dt.date.today())
    elif source.startswith(("http://", "https://")):
        served = Path(source.split("?")[0])  # the file's name as its address gives it
        name = "control-" + hashlib.sha256(source.encode()).hexdigest()[:16] + served.suffix
        path = cache.fetch(source, name, offline=offline)
        found = _recognised(path, served.name, source, raw) or ControlSource(
            path, source, _date_in_name(served.name), f"Line of control: {source}"
        )
    else:
        found = _local_file(Path(source), source, raw)
    return dataclasses.replace(found, date=date or found.date, credit=credit or found.credit)


_DATES = re.compile(r"\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}")
EVERY = {"day": 1, "week": 7, "month": None}  # a month steps to the same day of the next month
# Every day of DeepStateMap's archive since the invasion (2022-02-24) fits, with years to spare; a range
# of centuries a day apart is refused before anything is looked for.
MAX_DATES = 2_000


def is_series(source: str | None) -> bool:
    """Whether ``source`` names several dated layers: deepstate:FROM..TO, a folder, or a glob. A URL is
    one layer whatever its query holds, and so is a file that exists, whatever its name holds."""
    if not source:
        return False
    provider, spec = _provider(source)
    if provider:
        return provider.is_series(spec)
    if source.startswith(("http://", "https://")) or Path(source).is_file():
        return False
    return any(c in source for c in "*?[") or Path(source).is_dir()


def find_series(
    source: str, every: str | None = None, offline: bool = False, lang: str = "en"
) -> list[tuple[ControlSource, str]]:
    """Several dated control layers, oldest first, each with a note ("" or what stood in for it).

    A provider's range (``deepstate:FROM..TO``) takes a snapshot every day, week or month (a month when
    ``every`` is None), as the provider finds them. A folder or a quoted glob takes every file in it, dated
    by its name or checksum, or with ``every`` one a day, week or month apart.
    """
    provider, spec = _provider(source)
    if provider:
        return provider.series(spec, every or "month", offline, lang)
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
    return _thinned(found, every, lang) if every else [(f, "") for f in found]


def _thinned(found: list[ControlSource], every: str, lang: str) -> list[tuple[ControlSource, str]]:
    """A folder's layers a day, week or month apart from its first date (a page of hundreds of days,
    thinned): each step takes the layer of its day, else the nearest earlier one, and its note says so;
    a step whose nearest layer the step before took already is left out (no date twice)."""
    if every not in EVERY:
        raise ControlError(f"--every {every!r}: expected day, week or month")
    days = [dt.date.fromisoformat(f.date) for f in found]
    chosen: list[tuple[ControlSource, str]] = []
    for day in steps(days[0], days[-1], every):
        nearest = found[bisect.bisect_right(days, day) - 1]
        if chosen and chosen[-1][0] is nearest:
            continue
        same = nearest.date == day.isoformat()
        dates = {"day": locale.date(day.isoformat(), lang), "when": locale.date(nearest.date, lang)}
        chosen.append((nearest, "" if same else locale.text(lang, "notices", "gap", **dates)))
    return chosen


def one(text: str) -> str:
    """A source as given, a date alone being DeepStateMap's (``2025-11-20``: ``deepstate:2025-11-20``)."""
    return f"deepstate:{text}" if ISO_DATE.fullmatch(text) else text


def pair(text: str) -> tuple[str, str]:
    """``FROM..TO`` as two sources: two dates (DeepStateMap's), ``NAME:FROM..TO`` of a provider, or two
    files or addresses joined by ``..`` (split where a layer stands on either side, so ``../a..b`` works)."""
    provider, spec = _provider(text)
    first, between, last = spec.partition("..")
    if provider and between:
        name = text.partition(":")[0]
        return f"{name}:{first}", f"{name}:{last}"
    if _DATES.fullmatch(text):
        return f"deepstate:{first}", f"deepstate:{last}"
    for at in (i for i in range(len(text) - 1) if text.startswith("..", i)):
        ends = text[:at], text[at + 2 :]
        if all(end.startswith(("http://", "https://")) or Path(end).is_file() for end in ends):
            return ends
    raise ControlError(
        f"--changes {text!r}: expected FROM..TO: two dates (2025-11-20..2026-08-15), deepstate:FROM..TO, or two "
        "files or addresses joined by .."
    )


def steps(first: dt.date, last: dt.date, every: str) -> list[dt.date]:
    """The days from ``first`` to ``last`` a day, week or month apart (MAX_DATES at most)."""
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


def provider_spec(source: str | None) -> str | None:
    """What follows a provider's ``NAME:`` in ``source`` (``2025-11-20`` of ``deepstate:2025-11-20``), None for
    a file, a folder or an address: a provider's source means the same on any machine."""
    name, colon, spec = (source or "").partition(":")
    return spec if colon and name in PROVIDERS else None


def _provider(source: str):
    """The provider module a source names by its prefix, and the rest of the source; (None, source) else."""
    spec = provider_spec(source)
    return (None, source) if spec is None else (importlib.import_module(PROVIDERS[source.partition(":")[0]]), spec)


def export_terms(credit: str) -> str | None:
    """What an export says of the licence of a provider's line, known by its credit; None for any other line."""
    for module in map(importlib.import_module, PROVIDERS.values()):
        if credit == module.CREDIT:
            return module.EXPORT_TERMS
    return None


def _local_file(path: Path, source: str, raw: bool = False) -> ControlSource:
    """A control layer given by path: one a provider recognises, else credited to its name."""
    check_input(path, ControlError)
    found = _recognised(path, path.name, source, raw)
    return found or ControlSource(path, source, _date_in_name(path.name), f"Line of control: {path.name}")


def _recognised(path: Path, name: str, source: str, raw: bool) -> ControlSource | None:
    """A file a provider recognises (by checksum under any name or address, or by its own name for it):
    its date and credit, and for a snapshot a shipped line was built from that line (unless ``raw``), so
    that one line is one figure."""
    digest = sha256(path) if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES else ""
    for module in PROVIDERS.values():
        known = importlib.import_module(module).recognise(name, digest)
        if known:
            date, credit = known[0] or _date_in_name(name), known[1]
            shipped = None if raw or not digest else _shipped_from().get(digest)
            if shipped:
                return ControlSource(SHIPPED_DIR / shipped, source, date, credit, snapshot=path)
            return ControlSource(path, source, date, credit)
    return None


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


def check_date(text: str, label: str) -> dt.date:
    """A YYYY-MM-DD date (ASCII digits, a real day, a year in YEARS), or ControlError naming ``label``."""
    if ISO_DATE.fullmatch(text):
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
