"""The one run from sources to every output, with the rule for a missing control layer.

boundaries + control layer(s) -> scenario -> :func:`run`: one :class:`Result` per date, which every
output reads. What a result gives is cached per date under a key of all it depends on, because
splitting and encoding take seconds while their inputs rarely change: the tables' facts (zones
without geometry, towns located once) and the web map's encoded geometry. Tagged zones with
geometry (static maps, export) are split when asked for. Each step is also public on its own
(``geo.load_boundaries``, ``geo.split``, ``geo.tag``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace

from geo import cache, cachekeys, locale
from geo.control import ISO_DATE, ControlLayer, ControlSource, find_control, provider_spec, read_control
from geo.errors import ControlError, GeoError, SourceUnavailable
from geo.scenario import DEFAULT, Scenario, load_scenario

Progress = Callable[[int, int], None]


class Result:
    """A scenario on one line of control (one date): the start of every output.

    :meth:`zone_rows` and :meth:`town_rows` (stats, places, charts) and :meth:`map_data` (the web
    map) come from the cache while none of their inputs changed, without splitting anything;
    ``zones`` (tagged GeoDataFrame: static maps, export) are split when first asked for.
    ``notices`` say what fell back, in words for readers.
    """

    def __init__(self, scenario: Scenario, found=None, notices=(), *, boundaries=None, lang="en", min_population=None):
        from geo.places import MIN_POPULATION

        self.scenario, self.found, self.lang = scenario, found, lang
        self.min_population = min_population or MIN_POPULATION  # the smallest place the tables count
        self.notices = list(notices)
        self._boundaries, self._zones, self._control, self._split_zones = boundaries, None, None, None
        self._facts, self._covered, self._pairs = None, False, None

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
            self._note_coverage(list(self._split_zones["part"]))

    def _note_coverage(self, parts: list[str]) -> None:
        if not self._covered:
            self._covered = True
            self.notices += _coverage(parts, self.lang)

    @property
    def facts(self) -> dict:
        """What every table reads, as plain data (:func:`geo.zones.facts`): the zones (cut into the
        scenario's bands) without geometry, and which zone each town lies in (``zone_of_town``: an array
        of each town's zone index, -1 for none). Cached like the map data, under a key of all it depends
        on (:func:`geo.cachekeys.map_key`); a user's ``boundaries`` are split afresh."""
        return self._load_facts()

    def _load_facts(self) -> dict:
        """The facts from memory, the cache or the zones (split now if they are not yet), and the notice
        of a line covering every region."""
        if not self._cached_facts():
            from geo.places import towns
            from geo.zones import facts

            self._compute()
            written = facts(self._zones, towns())
            if self.facts_name:
                cache.write_json(self.facts_name, written)
            self._facts = cachekeys.valid_facts(written)  # as read back from the cache
        self._note_coverage([zone["part"] for zone in self._facts["zones"]])
        return self._facts

    @property
    def facts_name(self) -> str | None:
        """The facts' name in the cache, a hash of all they depend on; None for a user's boundaries."""
        bands = cachekeys.band_key([self.scenario])
        return None if self._boundaries is not None else f"zones-{cachekeys.map_key(self.found, bands=bands)}.json"

    def _cached_facts(self) -> bool:
        """Whether the facts are in memory or the cache (then read into memory)."""
        if self._facts is None and (name := self.facts_name):
            self._facts = cachekeys.valid_facts(cache.read_json(name))
        return self._facts is not None

    def zone_rows(self) -> list[dict]:
        """The zones tagged with the scenario's statuses, as rows: ``iso, name, name_uk, part, area_km2``
        (``band_km`` with bands), ``status, label, note``."""
        zones = self.facts["zones"]
        tags = self.scenario.tags([(z["iso"], z["part"], z.get("band_km", 0)) for z in zones], self.lang)
        tagged = zip(zones, tags, strict=True)
        return [{**zone, "status": status, "label": label, "note": note} for zone, (status, label, note) in tagged]

    @property
    def located(self) -> list[list[int]]:
        """[town index, zone index] of each place of ``min_population`` or more (the facts locate all of
        :func:`geo.places.towns`, so that one cached file serves every threshold), largest first."""
        return self._located_pairs().tolist()

    def _located_pairs(self):
        """The [town, zone] pairs of places of ``min_population`` or more, as an array (made once)."""
        if self._pairs is None:
            self._pairs = _located(self.facts["zone_of_town"], self.min_population)
        return self._pairs

    def town_counts(self) -> list[tuple[int, int]]:
        """Per zone, in :meth:`zone_rows`' order: its places of ``min_population`` or more, and their people
        (what `geo stats` counts, without a row per town)."""
        import numpy as np

        pairs, n = self._located_pairs(), len(self.facts["zones"])
        count = np.bincount(pairs[:, 1], minlength=n)
        people = np.bincount(pairs[:, 1], weights=_populations()[pairs[:, 0]], minlength=n)
        return [(int(c), int(p)) for c, p in zip(count, people, strict=True)]

    def town_rows(self) -> list[dict]:
        """Where each place of ``min_population`` or more lies (:func:`geo.stats.town_rows`), largest first."""
        from geo.places import towns
        from geo.stats import town_rows

        return town_rows(self.located, self.zone_rows(), towns())

    def map_data(self, scenarios: list[Scenario] | None = None) -> tuple[dict, list[str]]:
        """What the web map draws (:func:`geo.webdata.encode`), and the notices. ``scenarios``: all
        the page will show (default: this one), whose bands along the line cut the zones they share.

        For the committed boundaries it is kept in the cache under a hash of everything it
        depends on (:func:`geo.cachekeys.map_key`) and reused while none changes. A user's
        ``boundaries`` are encoded afresh.
        """
        from geo import webdata

        scenarios = scenarios or [self.scenario]
        name = (
            None
            if self._boundaries is not None
            else f"map-{cachekeys.map_key(self.found, bands=cachekeys.band_key(scenarios))}.json"
        )
        data = cachekeys.cached_map(name) if name else None
        if data is None:
            from geo.boundaries import load_context

            self._compute()
            zones = self._zones if scenarios == [self.scenario] else _banded(self._split_zones, scenarios)
            data = webdata.encode(zones, load_context(), self.control)
            if name:
                cache.write_json(name, data)
        self._note_coverage([zone["part"] for zone in data["zones"]])
        return data, self.notices

    def _repr_html_(self) -> str:
        """In a notebook: :func:`geo.reports.notebook_html`."""
        from geo.reports import notebook_html

        return notebook_html(self)


class Run(list):
    """The results of :func:`run`, oldest date first; ``series``: whether the control source named
    several dates (a series of one date is still a series: a slider page, a chart); ``progress``: told
    ``(dates split, dates to split)`` as each date is split."""

    def __init__(self, results: list[Result], series: bool, progress: Progress | None = None):
        super().__init__(results)
        self.series, self.progress = series, progress

    def compute(self, zones: bool = False) -> Run:
        """Every date's facts from the cache or, for the dates it lacks (and every date with ``zones``),
        split now: in parallel, one process per core, when there are more than two."""
        from geo.workers import split_dates

        split_dates([r for r in self if r._zones is None and (zones or not r._cached_facts())], self.progress)
        for result in self:
            result._load_facts()
        return self

    def map_data(self, scenarios: list[Scenario] | None = None) -> tuple[dict, list[str]]:
        """What the page draws: one date's map data (:meth:`Result.map_data`), or a series' with every
        date (:func:`geo.webdata.encode_series`), each date's notes inside; and the notices of one date."""
        if not self.series:
            return self[0].map_data(scenarios)
        return _series_map_data(self, scenarios), []


def run(
    scenario: str | Scenario = DEFAULT,
    control: str | None = None,
    *,
    every: str | None = None,
    boundaries=None,
    offline: bool = False,
    control_date: str | None = None,
    control_credit: str | None = None,
    lang: str = "en",
    progress: Progress | None = None,
    min_population: int | None = None,
) -> Run:
    """The pipeline's one entry: a scenario on one control layer or on each date of a series, for any
    output (nothing split yet: each result reads the cache, and splits only what it lacks).

    ``control`` is a control-layer source (path, URL, ``deepstate:DATE``) or a series of them
    (``deepstate:FROM..TO`` stepped ``every`` day, week or month; a folder or a glob of dated files);
    left out, the scenario's own ``control`` is used, and ``"none"`` means regions only.
    ``control_date`` and ``control_credit`` state one file's date and source. When the scenario's own
    source cannot be fetched (no network, nothing cached) the result falls back to whole regions and
    says so in ``notices``, in words for readers (in ``lang``); a source the caller named explicitly
    raises instead. A date a series' archive lacks is taken from the nearest earlier snapshot, and that
    date's ``notices`` say so. ``progress(done, total)`` is called as each date is split (for a progress
    bar: splitting hundreds of dates takes minutes). ``min_population``: the smallest place the tables
    count, one of :data:`geo.places.POPULATIONS` (default :data:`geo.places.MIN_POPULATION`).
    """
    from geo.control import find_series, is_series

    scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    source = control or scenario.control
    series = is_series(source)
    _check_options(source, series, every, control_date, control_credit, min_population)
    given = {"boundaries": boundaries, "lang": lang, "min_population": min_population}
    if not series:
        found, notices = _control_source(scenario, control, offline, control_date, control_credit, lang)
        return Run([Result(scenario, found, notices, **given)], False, progress)
    dated = find_series(source, every, offline, lang)
    results = [Result(scenario, f, [n] if n else [], **given) for f, n in dated]
    return Run(results, True, progress)


def _check_options(source, series: bool, every, control_date, control_credit, min_population) -> None:
    """Options that mean nothing for the source are refused, not ignored: a file's date and credit for
    a series, ``every`` for anything but deepstate:FROM..TO; and a threshold GeoNames has no list for."""
    from geo.places import POPULATIONS

    if min_population is not None and min_population not in POPULATIONS:
        shown = ", ".join(f"{p:,}" for p in POPULATIONS)
        raise GeoError(f"--min-population {min_population}: GeoNames' lists are of {shown} people or more")
    for flag, given in (("--control-date", control_date), ("--control-credit", control_credit)) if series else ():
        if given:
            what = flag.split("-")[-1]
            raise GeoError(f"{flag} states one file's {what}; a series takes each file's own")
    if every and not series:
        raise GeoError("--every steps through a series (deepstate:FROM..TO, a folder or a glob of dated files)")


def _series_map_data(series: list[Result], scenarios: list[Scenario] | None = None) -> dict:
    """What a map of several dates draws (:func:`geo.webdata.encode_series`), from the cache while
    no date's inputs changed (as :meth:`Result.map_data`). ``scenarios``: all the page will show
    (default: the series' own), none of which may have bands along the line."""
    from geo import webdata
    from geo.boundaries import load_context

    banded = [s.id for s in scenarios or [p.scenario for p in series[:1]] if s.bands]
    if banded:
        raise GeoError(
            f"a map of several dates does not draw bands along the line yet ({banded[0]} has some); "
            "render one date, or use geo stats"
        )
    own = any(p._boundaries is not None for p in series)
    gaps = [" ".join(p.notices) for p in series]  # each date's notes so far: what stood in for a missing day
    name = None if own else f"series-{cachekeys.map_key(*(p.found for p in series), notes=gaps)}.json"
    data = cachekeys.cached_map(name, series=True) if name else None
    if data is None:
        from geo.workers import split_dates

        split_dates([p for p in series if p._zones is None], getattr(series, "progress", None))
        located = []
        if not own:  # the tables' facts from the same splits: `geo stats` after `geo render` splits nothing
            from geo.places import MIN_POPULATION

            located = [_located(p.facts["zone_of_town"], MIN_POPULATION).tolist() for p in series]
        notes = [" ".join(p.notices) for p in series]
        # A date whose snapshot a shipped line stands for is drawn from the snapshot, like its neighbours (the
        # shipped line is simplified: drawn among snapshots it would cut slivers along the whole front),
        # and counted on the shipped line, so that its figures are the single-date map's.
        drawn = [
            _split(p._boundaries, replace(p.found, path=p.found.snapshot))[0] if _stands_in(p) else None for p in series
        ]
        data = webdata.encode_series([(p.zones, p.control) for p in series], load_context(), notes, drawn, located)
        if name:
            cache.write_json(name, data)
    return data


def _stands_in(result: Result) -> bool:
    return result.found is not None and result.found.snapshot is not None


@functools.cache
def _populations():
    """The population of each of :func:`geo.places.towns`, as an array (to count many dates' towns at once)."""
    import numpy as np

    from geo.places import towns

    return np.array([town.population for town in towns()], dtype=np.int64)


def _located(zone_of, min_population: int):
    """[town, zone] pairs, largest town first, of the places of ``min_population`` or more that a zone
    holds (``zone_of``: each town's zone index, -1 for none), as an array."""
    import numpy as np

    order = _town_order()
    kept = order[(zone_of[order] >= 0) & (_populations()[order] >= min_population)]
    return np.column_stack([kept, zone_of[kept]])


@functools.cache
def _town_order():
    """:func:`geo.zones.town_order` of :func:`geo.places.towns`, as an array."""
    import numpy as np

    from geo.places import towns
    from geo.zones import town_order

    return np.array(town_order(towns()), dtype=np.int64)


def _banded(zones, scenarios: list[Scenario]):
    """Zones cut into the bands along the line that the scenarios' band rules need (:func:`geo.bands.add_bands`)."""
    from geo.bands import add_bands, band_rings

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
    day = provider_spec(source)  # a provider's day is named; an address never is
    which = (
        locale.text(lang, "notices", "fallback_of", date=day)
        if day and ISO_DATE.fullmatch(day)
        else locale.text(lang, "notices", "fallback_asked")
    )
    why = locale.text(lang, "notices", "fallback_offline" if offline else "fallback_download")
    return locale.text(lang, "notices", "fallback", which=which, why=why)
