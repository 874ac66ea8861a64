"""The pipeline from sources to tagged zones and map data, with the rule for a missing control layer.

boundaries + control layer -> scenario -> zones. :func:`prepare` gives tagged zones (for
stats and static maps); :func:`map_data` gives what the web map draws, cached, because
splitting and encoding take seconds while their inputs rarely change. Each step is also
public on its own (``geo.load_boundaries``, ``geo.split``, ``geo.tag``).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
from dataclasses import replace
from pathlib import Path

from geo import cache, locale
from geo.boundaries import CONTEXT_FILE, DATA_DIR, UKRAINE_FILE
from geo.control import ControlLayer, ControlSource, find_control, read_control
from geo.errors import ControlError, GeoError, SourceUnavailable
from geo.scenario import DEFAULT, Scenario, load_scenario

# Libraries whose results end up in the map data: a new version means new data.
_GEOMETRY_LIBRARIES = ("shapely", "pyproj", "geopandas", "pyogrio")


class Prepared:
    """One run of the pipeline: a scenario on one line of control, the start of every output.

    ``zones`` (tagged: stats, static maps, places, export) are split when first asked for;
    :meth:`map_data` (the web map) comes from the cache when none of its inputs changed, without
    splitting anything. ``notices`` say what fell back, in words for readers.
    """

    def __init__(self, scenario: Scenario, found=None, notices=(), *, boundaries=None, lang="en"):
        self.scenario, self.found, self.lang = scenario, found, lang
        self.notices = list(notices)
        self._boundaries, self._zones, self._control, self._split_zones = boundaries, None, None, None

    @property
    def zones(self):
        """The zones split by the control layer and tagged with the scenario's statuses."""
        self._compute()
        return self._zones

    @property
    def control(self) -> ControlLayer | None:
        """The control layer read (its geometry), or None without one."""
        self._compute()
        return self._control

    def _compute(self) -> None:
        if self._zones is None:
            from geo.zones import tag

            self._split_zones, self._control = _split(self._boundaries, self.found)
            self._zones = tag(_banded(self._split_zones, [self.scenario]), self.scenario, self.lang)
            self.notices += _coverage(list(self._split_zones["part"]), self.lang)

    def map_data(self, scenarios: list[Scenario] | None = None) -> tuple[dict, list[str]]:
        """What the web map draws (:func:`geo.webmap.encode`), and the notices. ``scenarios``: all
        the page will show (default: this one), whose bands along the line cut the zones they share.

        For the committed boundaries it is kept in the cache under a hash of everything it
        depends on (boundary, context and control files, the control layer's credit, this
        package's code, the geometry libraries' versions) and reused while none changes. A
        user's ``boundaries`` are encoded afresh.
        """
        from geo import webmap

        scenarios = scenarios or [self.scenario]
        bands = sorted({(r.band_km, r.side, r.regions) for s in scenarios for r in s.bands})
        name = None if self._boundaries is not None else f"map-{_map_key(self.found, bands=bands)}.json"
        data = _cached_map(name) if name else None
        if data is None:
            from geo.boundaries import load_context

            self._compute()
            zones = self._zones if scenarios == [self.scenario] else _banded(self._split_zones, scenarios)
            data = webmap.encode(zones, load_context(), self.control)
            if name:
                cache.write_json(name, data)
            return data, self.notices
        return data, self.notices + _coverage([zone["part"] for zone in data["zones"]], self.lang)

    def _repr_html_(self) -> str:
        """In a notebook: the scenario, the line's date and the area per status (escaped HTML)."""
        import html

        from geo.stats import area_table, status_totals

        totals = status_totals(area_table(self.zones), self.scenario.statuses)
        when = f", line of control of {self.control.date}" if self.control and self.control.date else ""
        caption = f"<p><b>{html.escape(self.scenario.title)}</b>{html.escape(when)}</p>"
        notices = "".join(f"<p><i>{html.escape(n)}</i></p>" for n in self.notices)
        return caption + notices + totals.round({"area_km2": 1, "share_pct": 2}).to_html(index=False)


def run(
    scenario: str | Scenario = DEFAULT,
    boundaries=None,
    control: str | None = None,
    offline: bool = False,
    control_date: str | None = None,
    control_credit: str | None = None,
    lang: str = "en",
) -> Prepared:
    """The pipeline's one entry: a scenario on a control layer, for any output (nothing split yet).

    ``control`` is a control-layer source (path, URL, ``deepstate:DATE``); left out, the
    scenario's own ``control`` is used, and ``"none"`` means regions only. ``control_date``
    and ``control_credit`` state a file's date and source. When the scenario's own source
    cannot be fetched (no network, nothing cached) the result falls back to whole regions
    and says so in ``notices``, in words for readers (in ``lang``); a source the caller named
    explicitly raises instead.
    """
    scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    found, notices = _control_source(scenario, control, offline, control_date, control_credit, lang)
    return Prepared(scenario, found, notices, boundaries=boundaries, lang=lang)


def prepare(*args, **kwargs) -> Prepared:
    """:func:`run`, with the zones split and tagged straight away (arguments as :func:`run`)."""
    prepared = run(*args, **kwargs)
    prepared._compute()
    return prepared


def map_data(*args, **kwargs) -> tuple[dict, list[str]]:
    """``run(...).map_data()``: what the web map draws, from the cache when it can (arguments as :func:`run`)."""
    return run(*args, **kwargs).map_data()


def run_series(
    scenario: str | Scenario = DEFAULT,
    control: str | None = None,
    every: str = "month",
    offline: bool = False,
    lang: str = "en",
    boundaries=None,
) -> list[Prepared]:
    """:func:`run` for every date of a series of control layers (``deepstate:FROM..TO`` with
    ``every`` day, week or month, a folder or a glob of dated files), oldest first, nothing split
    yet. A date the archive lacks is taken from the nearest earlier snapshot, and that date's
    ``notices`` say so."""
    from geo.control import find_series

    scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    series = find_series(control or scenario.control or "", every, offline, lang)
    return [
        Prepared(scenario, found, [note] if note else [], boundaries=boundaries, lang=lang) for found, note in series
    ]


def prepare_series(*args, **kwargs) -> list[Prepared]:
    """:func:`run_series`, with every date split and tagged straight away (arguments as :func:`run_series`)."""
    series = run_series(*args, **kwargs)
    _compute_all(series)
    return series


def series_map_data(series: list[Prepared], scenarios: list[Scenario] | None = None) -> dict:
    """What a map of several dates draws (:func:`geo.webmap.encode_series`), from the cache while
    no date's inputs changed (as :meth:`Prepared.map_data`). ``scenarios``: all the page will show
    (default: the series' own), none of which may have bands along the line."""
    from geo import webmap
    from geo.boundaries import load_context

    banded = [s.id for s in scenarios or [p.scenario for p in series[:1]] if s.bands]
    if banded:
        raise GeoError(
            f"a map of several dates does not draw bands along the line yet ({banded[0]} has some); "
            "render one date, or use geo stats"
        )
    own = any(p._boundaries is not None for p in series)
    gaps = [" ".join(p.notices) for p in series]  # each date's notes so far: what stood in for a missing day
    name = None if own else f"series-{_map_key(*(p.found for p in series), notes=gaps)}.json"
    data = _cached_map(name, series=True) if name else None
    if data is None:
        _compute_all(series)
        notes = [" ".join(p.notices) for p in series]
        # A date whose snapshot a shipped line stands for is drawn from the snapshot, like its neighbours (the
        # shipped line is simplified: drawn among snapshots it would cut slivers along the whole front),
        # and counted on the shipped line, so that its figures are the single-date map's.
        drawn = [
            _split(p._boundaries, replace(p.found, path=p.found.snapshot))[0] if _stands_in(p) else None for p in series
        ]
        data = webmap.encode_series([(p.zones, p.control) for p in series], load_context(), notes, drawn)
        if name:
            cache.write_json(name, data)
    return data


def _stands_in(prepared: Prepared) -> bool:
    return prepared.found is not None and prepared.found.snapshot is not None


def _compute_all(series: list[Prepared]) -> None:
    """Split every date not split yet: in parallel, one process per core, when there are more than two."""
    from concurrent.futures import ProcessPoolExecutor

    from geo.boundaries import load_boundaries

    todo = [p for p in series if p._zones is None]
    boundaries = load_boundaries() if todo and todo[0]._boundaries is None else None
    jobs = [(p.scenario, p._boundaries if p._boundaries is not None else boundaries, p.found, p.lang) for p in todo]
    if len(jobs) > 2 and (os.cpu_count() or 1) > 1:
        with _interrupts_ignored():  # the workers are born ignoring Ctrl-C: it is the parent's to handle
            pool = ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, len(jobs)), initializer=_ignore_interrupt)
            futures = [pool.submit(_prepare_date, *job) for job in jobs]
        try:
            done = [future.result() for future in futures]
        except KeyboardInterrupt:  # Ctrl-C: the parent stops, the workers finish their date quietly
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    else:
        done = [_prepare_date(*job) for job in jobs]
    for prepared, result in zip(todo, done, strict=True):
        prepared._zones, prepared._control, prepared._split_zones = result._zones, result._control, result._split_zones
        prepared.notices += result.notices


@contextlib.contextmanager
def _interrupts_ignored():
    """SIGINT ignored while worker processes are forked, so that none is ever without the disposition
    (a worker's initializer runs too late: Ctrl-C at its birth printed its traceback)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():  # only the main thread sets handlers
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the parent's to handle (each worker would print a traceback of its own)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepare_date(scenario: Scenario, boundaries, found: ControlSource, lang: str) -> Prepared:
    """One date of a series, split (a module-level function, so that worker processes can run it)."""
    prepared = Prepared(scenario, found, boundaries=boundaries, lang=lang)
    prepared._compute()  # in the worker, not in the parent
    return prepared


def _banded(zones, scenarios: list[Scenario]):
    """Zones cut into the bands along the line that the scenarios' band rules need (:func:`geo.zones.add_bands`)."""
    from geo.zones import add_bands, band_rings

    rings = band_rings(zones, scenarios)
    return add_bands(zones, rings) if rings else zones


def _coverage(parts: list[str], lang: str) -> list[str]:
    """A notice when the control layer covers every region: true, but surprising enough to say."""
    if parts and all(part == "occupied" for part in parts):
        return [locale.text(lang, "notices", "covers_all")]
    return []


def _split(boundaries, found: ControlSource | None) -> tuple[object, ControlLayer | None]:
    """Zones of the boundaries (the committed ones when None) split by the found control layer."""
    from geo.boundaries import load_boundaries
    from geo.zones import split

    layer = read_control(found) if found else None
    try:
        zones = split(load_boundaries() if boundaries is None else boundaries, layer.geometry if layer else None)
    except ControlError as error:  # which layer, among the dates of a series
        raise ControlError(f"{layer.source}: {error}") from None
    return zones, layer


def _control_source(
    scenario: Scenario, control: str | None, offline: bool, date: str | None, credit: str | None, lang: str
) -> tuple[ControlSource | None, list[str]]:
    """The control layer's source, or None with a notice when the scenario's own is unavailable."""
    source = control or scenario.control
    if not source or source == "none":
        return None, []
    try:
        found = find_control(source, offline=offline, date=date, credit=credit)
    except SourceUnavailable:
        if control:
            raise
        return None, [fallback_notice(source, offline, lang)]
    if found.date and scenario.date and found.date != scenario.date:
        return found, [locale.text(lang, "notices", "other_date", line=found.date, scenario=scenario.date)]
    return found, []


def fallback_notice(source: str, offline: bool, lang: str = "en") -> str:
    """What a reader is told when the line of control could not be had: plain words, no address."""
    day = source.removeprefix("deepstate:")
    dated = source.startswith("deepstate:") and day != "latest"
    which = (
        locale.text(lang, "notices", "fallback_of", date=day)
        if dated
        else locale.text(lang, "notices", "fallback_asked")
    )
    why = locale.text(lang, "notices", "fallback_offline" if offline else "fallback_download")
    return locale.text(lang, "notices", "fallback", which=which, why=why)


def _cached_map(name: str, series: bool = False) -> dict | None:
    """The map data cached under ``name``, or None when it is absent, unreadable or not of the shape
    :func:`geo.webmap.encode` writes (a file left by anything else is a miss, never an error)."""
    from geo.webmap import MAP_KEYS

    data = cache.read_json(name)
    keys = {*MAP_KEYS, "series"} if series else set(MAP_KEYS)
    if not (isinstance(data, dict) and set(data) == keys and isinstance(data["zones"], list)):
        return None
    if not all(isinstance(z, dict) and {"iso", "part", "area_km2"} <= set(z) for z in data["zones"]):
        return None
    return data


def _map_key(*found: ControlSource | None, bands=(), notes=()) -> str:
    """A hash of all a map's data depends on: this package, the geometry libraries, the committed
    boundaries and scenery, the town list, each control layer given (one date, or every date of a
    series, in order; none counts as one), the band rules and the notes the data carries."""
    from geo import places

    digest = hashlib.sha256()
    if bands:  # none: the key of a map without bands stays what it was
        digest.update(repr(bands).encode())
    if any(notes):
        digest.update("\0".join(notes).encode())
    for path in sorted([*Path(__file__).parent.glob("*.py"), *Path(__file__).parent.glob("*.toml")]):
        digest.update(path.read_bytes())
    for library in _GEOMETRY_LIBRARIES:
        digest.update(importlib.metadata.version(library).encode())
    for path in (DATA_DIR / UKRAINE_FILE, DATA_DIR / CONTEXT_FILE, places.TOWNS_FILE):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for source in found:
        if source is None:
            digest.update(b"none\0")
        else:
            digest.update(f"{source.credit}\0{source.date}\0".encode())
            digest.update(hashlib.sha256(source.path.read_bytes()).digest())
    return digest.hexdigest()[:32]
