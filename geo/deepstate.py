"""DeepStateMap, the provider of lines of control geo knows by name: where its daily snapshots are
published, how they are credited and on what terms, the checksums of the days geo's developers checked
(``geo/deepstate.toml``), and which snapshots ``deepstate:YYYY-MM-DD``, ``deepstate:latest`` and
``deepstate:FROM..TO`` name.

A provider is a module with ``find``, ``is_series``, ``series`` and ``recognise`` as here, plus a line in
:data:`geo.control.PROVIDERS`; files, folders and URLs need none (:mod:`geo.control`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import tomllib
from pathlib import Path

from geo import cache, control, locale
from geo.control import ControlSource, check_date
from geo.errors import ControlError, SourceUnavailable

URL = "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data/deepstatemap_data_{date:%Y%m%d}.geojson"
CREDIT = "Line of control: DeepStateMap (archive: cyterat/deepstate-map-data, GPL-3.0)"
TERMS = (
    "DeepStateMap (DEEPSTATEUATECH LLC) states in its licence agreement that it holds exclusive rights to its "
    "materials; the archive cyterat/deepstate-map-data that publishes its daily snapshots is GPL-3.0. geo ships "
    "only this simplified polygon, credited to DeepStateMap on every map, and downloads other dates on demand."
)
EXPORT_TERMS = (  # what a GIS export of this line says of its licence (geo.gis), beside the boundaries'
    "The line of control comes from DeepStateMap, which states it holds exclusive rights to its "
    "materials (archive cyterat/deepstate-map-data, GPL-3.0): credit it wherever the line is shown."
)
SNAPSHOT_NAME = re.compile(r"deepstatemap_data_(\d{8})\.geojson")  # the archive's name for a day's snapshot
LATEST_SEARCH_DAYS = 14  # deepstate:latest looks this many days back from today
GAP_DAYS = 7  # a missing snapshot is replaced by the nearest earlier one at most this many days back


@functools.cache
def checksums() -> dict[str, str]:
    """Checksums of the snapshots geo's developers have checked, by date (``geo/deepstate.toml``)."""
    return tomllib.loads((Path(__file__).parent / "deepstate.toml").read_text(encoding="utf-8"))["sha256"]


def url(date: dt.date) -> str:
    """Where the snapshot of ``date`` is published; $GEO_DEEPSTATE_URL overrides (mirrors, tests)."""
    return os.environ.get("GEO_DEEPSTATE_URL", URL).format(date=date)


def find(spec: str, offline: bool, today: dt.date) -> ControlSource:
    """The snapshot ``deepstate:SPEC`` names (a day or ``latest``): the shipped line when geo ships that
    day, else a download into the cache, checked against its checksum when geo knows it."""
    if spec == "latest":
        return _latest(offline, today)
    if not control.ISO_DATE.fullmatch(spec):
        raise ControlError(f"deepstate:{spec}: expected deepstate:YYYY-MM-DD or deepstate:latest")
    date = check_date(spec, "deepstate:")
    shipped = control.SHIPPED_DIR / f"deepstate-{date}.geojson"
    if shipped.is_file():  # the same line for everyone, with or without network
        return ControlSource(shipped, f"deepstate:{date}", date.isoformat(), CREDIT)
    known = checksums().get(date.isoformat())
    path = cache.fetch(
        url(date),
        _cached_name(date),
        known_hash=f"sha256:{known}" if known else None,
        offline=offline,
    )
    return ControlSource(path, f"deepstate:{date}", date.isoformat(), CREDIT)


def _cached_name(date: dt.date) -> str:
    """The cache's name for a day's download: the archive's own, which SNAPSHOT_NAME recognises."""
    return f"deepstatemap_data_{date:%Y%m%d}.geojson"


def is_series(spec: str) -> bool:
    return ".." in spec


def series(spec: str, every: str, offline: bool, lang: str) -> list[tuple[ControlSource, str]]:
    """A snapshot every day, week or month from FROM to TO (``spec`` is FROM..TO), each with a note: the
    archive has gaps, so a missing day is replaced by the nearest earlier snapshot (at most GAP_DAYS back)
    and the note says so."""
    start, _, end = spec.partition("..")
    first, last = check_date(start, "deepstate:FROM"), check_date(end, "deepstate:..TO")
    if last < first:
        raise ControlError(f"deepstate:{spec}: the range ends before it starts")
    if every not in control.EVERY:
        raise ControlError(f"--every {every!r}: expected day, week or month")
    return [_nearest(day, offline, lang) for day in control.steps(first, last, every)]


def recognise(name: str, digest: str) -> tuple[str, str] | None:
    """(date, credit) of a file that is one of DeepStateMap's snapshots: by its checksum under any name
    (date ""), else by the archive's name for it; None for any other file."""
    known = [day for day, pinned in checksums().items() if pinned == digest]
    if known:
        return known[0], CREDIT
    return ("", CREDIT) if SNAPSHOT_NAME.fullmatch(name) else None


def _nearest(day: dt.date, offline: bool, lang: str) -> tuple[ControlSource, str]:
    """The snapshot of ``day``, else of the nearest earlier day with one, and a note saying which (in ``lang``:
    readers see it under the date slider)."""
    for back in range(GAP_DAYS + 1):
        when = day - dt.timedelta(days=back)
        try:
            found = find(when.isoformat(), offline, when)
        except SourceUnavailable as error:
            if "HTTP 404" in str(error) or "not in the cache" in str(error):
                continue
            raise
        if not back:
            return found, ""
        dates = {"day": locale.date(day.isoformat(), lang), "when": locale.date(when.isoformat(), lang)}
        return found, locale.text(lang, "notices", "gap", **dates)
    raise SourceUnavailable(f"deepstate: no snapshot of {day} or the {GAP_DAYS} days before it")


def _latest(offline: bool, today: dt.date) -> ControlSource:
    """The newest snapshot: today's, else the day before, up to LATEST_SEARCH_DAYS back."""
    days = [today - dt.timedelta(days=n) for n in range(LATEST_SEARCH_DAYS + 1)]
    if offline:
        cached = [d for d in days if (cache.cache_dir() / _cached_name(d)).is_file()]
        if not cached:
            raise SourceUnavailable(
                "deepstate:latest: no snapshot of the last two weeks is cached and --offline is set"
            )
        return find(cached[0].isoformat(), offline, today)
    for day in days:
        try:
            return find(day.isoformat(), offline, today)
        except SourceUnavailable as error:
            if "HTTP 404" not in str(error):
                raise
    raise SourceUnavailable(f"deepstate:latest: no snapshot published since {days[-1]}")
