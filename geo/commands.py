"""What each ``geo`` command does with its parsed arguments (:mod:`geo.cli` parses them): call the
Python API, write or print the result, and say in one line what was done; each returns the exit code. Heavy
libraries are imported by the command that needs them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from geo.errors import GeoError, say


def _boundaries(args):
    """A user's boundary file when one is given, else None (the committed boundaries)."""
    if not args.boundaries:
        return None
    from geo.boundaries import load_boundaries

    return load_boundaries(args.boundaries, args.code_column, args.name_column, args.crs)


def _warn(notices: list[str]) -> None:
    for notice in notices:
        say(notice)


def _run(args, scenario):
    """The one run of the pipeline (:func:`geo.run`) with the command's control options."""
    from geo.pipeline import run

    return run(
        scenario,
        args.control,
        every=getattr(args, "every", None),
        boundaries=_boundaries(args),
        offline=args.offline,
        control_date=args.control_date,
        control_credit=args.control_credit,
        lang=args.lang,
        progress=_progress(),
        min_population=getattr(args, "min_population", None),
    )


def _progress():
    """A progress bar on stderr while dates are split (dates done and left, time left), when stderr is
    a terminal and there is more than one date; nothing when it is piped or logged."""
    if not sys.stderr.isatty():
        return None
    bar = None

    def report(done: int, total: int) -> None:
        nonlocal bar
        if total < 2:
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, desc="splitting", unit="date", file=sys.stderr, leave=False)
        bar.update(done - bar.n)
        if done == total:
            bar.refresh()  # the last count shown, however soon it came after the one before
            bar.close()

    return report


def _said(results):
    """The results, with their notices said on stderr (each date's prefixed by the date in a series)."""
    for result in results:
        prefix = f"{result.found.date}: " if results.series else ""
        _warn([prefix + notice for notice in result.notices])
    return results


def render(args) -> int:
    from geo.files import check_output
    from geo.scenario import DEFAULT, load_scenarios
    from geo.writers import write

    if args.compare:
        out = args.out or Path(f"{'+'.join(Path(name).stem for name in args.compare)}.html")
        check_output(out)
        return _render_compare(args, out)
    scenarios = load_scenarios(args.scenario or [DEFAULT])
    if args.format != "html" and len(scenarios) > 1:  # refused before the line of control is looked for
        from geo.staticmap import ONE_SCENARIO

        raise GeoError(ONE_SCENARIO)
    # In the current folder: maps/ holds the committed maps, written only when regenerating them.
    out = args.out or Path(f"{'+'.join(s.id for s in scenarios)}.{args.format}")
    check_output(out)  # before the work, not after it
    if args.changes:
        return _render_changes(args, scenarios, out)
    results = _run(args, scenarios[0])  # the first scenario's control layer serves them all
    options = {"scenarios": scenarios, "lang": args.lang}
    if args.format == "html":
        options |= {"tiles": args.tiles, "editor": args.editor}
    else:
        options |= {"size": args.size, "dpi": args.dpi}
    written = write("map", args.format, results, out, **options)
    size = f"{written.size / 1024:.0f} KB"
    if results.series:
        print(f"{out}: {size}, {_dates(written.dates)}, {len(written.zones)} zones")
        return 0
    _warn(results[0].notices)
    counts = ", ".join(f"{key} {n}" for key, n in scenarios[0].regions_by_status(written.zones).items())
    regions = len({zone[0] for zone in written.zones})
    asked = (args.control or scenarios[0].control) not in (None, "none")
    fell_back = "; FELL BACK to whole regions: the line of control was not available"
    fell_back = fell_back if asked and not written.line else ""
    print(f"{out}: {size}, {regions} regions in {len(written.zones)} zones; regions by status: {counts}{fell_back}")
    return 0


def _render_changes(args, scenarios, out: Path) -> int:
    """A map of what changed between two lines of control, over the statuses of the first (HTML only)."""
    from geo.control import pair
    from geo.files import write_atomic
    from geo.views import changes_page

    if args.format != "html" or len(scenarios) > 1:
        raise GeoError("--changes draws one scenario's web map (HTML): give one --scenario and no --format")
    if args.control:
        raise GeoError("--changes names both lines of control (FROM..TO); leave out --control")
    before, after = (_one_line(args, scenarios[0], source, "--changes") for source in pair(args.changes))
    html, report = changes_page(before, after, lang=args.lang, tiles=args.tiles)
    content = html.encode("utf-8")
    write_atomic(out, content)
    totals, dates = report["totals"], (report["from"]["date"], report["to"]["date"])
    print(
        f"{out}: {len(content) / 1024:.0f} KB, {dates[0]} to {dates[1]}: {totals['to_russian_forces_km2']:,.1f} km² "
        f"to Russian forces, {totals['to_ukraine_km2']:,.1f} km² back to Ukraine"
    )
    return 0


def _render_compare(args, out: Path) -> int:
    """Two scenarios side by side on one line of control, or one scenario on two lines, with the km² per
    status on each side and the change."""
    from geo.control import one
    from geo.files import write_atomic
    from geo.scenario import DEFAULT, is_scenario, load_scenarios
    from geo.views import compare_page, line_ids, lines_page

    if args.format != "html" or args.changes:
        raise GeoError("--compare A B draws a web map (HTML): no --changes or --format")
    kinds = [is_scenario(name) for name in args.compare]
    if kinds[0] != kinds[1]:
        scenario, other = args.compare if kinds[0] else args.compare[::-1]
        raise GeoError(
            f"--compare A B takes two scenarios or two lines of control: {scenario} is a scenario, {other} is not"
        )
    if kinds[0]:
        if args.scenario:
            raise GeoError("--compare A B of two scenarios: no --scenario (A and B are the scenarios)")
        first, second = load_scenarios(args.compare)  # the same one twice is refused there
        results = [_run(args, scenario) for scenario in (first, second)]
        if results[0].series:
            raise GeoError("--compare sets two scenarios side by side on one line of control, not over dates")
        sides = [_said(r.compute())[0] for r in results]
        html, rows = compare_page(*sides, lang=args.lang, tiles=args.tiles)
        ids = first.id, second.id
    else:
        if args.control:
            raise GeoError("--compare A B of two lines of control names both lines; leave out --control")
        scenarios = load_scenarios(args.scenario or [DEFAULT])
        if len(scenarios) > 1:
            raise GeoError("--compare A B of two lines of control shows one scenario; give one --scenario")
        sides = [_one_line(args, scenarios[0], one(source), "--compare") for source in args.compare]
        html, rows = lines_page(*sides, lang=args.lang, tiles=args.tiles)
        ids = line_ids(*sides)
    content = html.encode("utf-8")
    write_atomic(out, content)
    changed = ", ".join(f"{row['status']} {row['area_km2_change']:+,.1f}" for row in rows if row["area_km2_change"])
    print(f"{out}: {len(content) / 1024:.0f} KB, {ids[0]} | {ids[1]}; km² from left to right: {changed or 'none'}")
    return 0


def _one_line(args, scenario, source: str, flag: str):
    """The result of ``scenario`` on one line of control, zones split; one clear line if ``source`` is not one."""
    from geo.pipeline import run

    options = {"offline": args.offline, "lang": args.lang, "min_population": getattr(args, "min_population", None)}
    results = run(scenario, source, progress=_progress(), **options)
    if results.series or results[0].found is None:
        raise GeoError(f"{flag} takes one line of control (a file, a URL or deepstate:DATE), not {source}")
    return _said(results.compute(zones=True))[0]


def stats(args) -> int:
    from geo.reports import stats_report
    from geo.scenario import DEFAULT, load_scenarios
    from geo.writers import write

    if args.diff and len(args.scenario or []) != 2:
        raise GeoError("--diff compares two scenarios on one line of control: give --scenario twice")
    scenarios = load_scenarios(args.scenario or [DEFAULT])  # each known by its id from here on
    results, series = [], False
    for scenario in scenarios:  # several scenarios: the same line, compared
        found = _said(_run(args, scenario).compute())
        results += found
        series = found.series
    options = {"lang": args.lang, "min_population": args.min_population}
    report = stats_report(results, scenarios, series=series, diff=args.diff, **options)
    write("table", args.format, report, sys.stdout)
    return 0


def changes(args) -> int:
    from geo.changes import summary
    from geo.reports import changes_report
    from geo.scenario import DEFAULT, load_scenario
    from geo.writers import write

    scenario = load_scenario(args.scenario or DEFAULT)
    sides = [_one_line(args, scenario, source, flag) for flag, source in (("--from", args.since), ("--to", args.until))]
    report = changes_report(summary(*sides), lang=args.lang, min_population=args.min_population)
    write("table", args.format, report, sys.stdout)
    return 0


def chart(args) -> int:
    from geo.files import check_output
    from geo.scenario import DEFAULT, load_scenario
    from geo.writers import write

    scenario = load_scenario(args.scenario or DEFAULT)
    out = args.out or Path(f"{scenario.id}-over-time.{args.format}")
    check_output(out)  # before the work, not after it
    results = _run(args, scenario)
    written = write("chart", args.format, results, out, size=args.size, dpi=args.dpi, lang=args.lang)
    _said(results)
    print(f"{out}: {written.size / 1024:.0f} KB, {_dates(written.dates)}")
    return 0


def export(args) -> int:
    from geo.control import is_series
    from geo.gis import ONE_DATE, output_paths
    from geo.scenario import DEFAULT, load_scenario
    from geo.writers import write

    scenario = load_scenario(args.scenario or DEFAULT)
    output_paths(args.out, args.format, markers=bool(scenario.markers))  # every file it writes, before the work
    if is_series(args.control or scenario.control):  # refused before a series' dates are looked for
        raise GeoError(ONE_DATE)
    results = _run(args, scenario)
    written = write("gis", args.format, results, args.out)
    _said(results)
    count = len(scenario.markers)
    markers = f" and {count} marker{'s' if count > 1 else ''}" if count else ""
    paths = ", ".join(map(str, written.paths))
    print(f"{paths}: {len(results[0].zones)} zones, the line of control{markers} ({args.format})")
    return 0


def places(args) -> int:
    from geo.reports import places_report
    from geo.scenario import DEFAULT
    from geo.writers import write

    results = _said(_run(args, args.scenario or DEFAULT).compute())
    report = places_report(results, lang=args.lang, min_population=args.min_population)
    write("table", args.format, report, sys.stdout)
    return 0


def embed(args) -> int:
    from geo.embed import EDITOR_NOTE, editable, iframe

    print(iframe(args.map, src=args.src, aspect=args.aspect))
    if editable(args.map):
        say(EDITOR_NOTE)
    return 0


def scenarios(args) -> int:
    from geo.scenario import available, load_scenario

    for name in available():
        scenario = load_scenario(name)
        print(f"{name:<22} {scenario.date:<11} {scenario.title}")
    return 0


def regions(args) -> int:
    from geo.regions import REGIONS

    for region in REGIONS:
        print(f"{region.iso}  {region.title:<32} {region.name_uk}")
    return 0


def build(args) -> int:
    from geo.boundaries import DATA_DIR
    from geo.build import build_boundaries

    record = build_boundaries(args.source)
    print(f"{DATA_DIR}: {record['regions']} regions from {args.source} (sha256 {record['input_sha256'][:12]}…)")
    return 0


def build_control(args) -> int:
    from geo.build import CONTROL_DIR, build_control

    record = build_control(args.source, date=args.date)
    print(f"{CONTROL_DIR}: {record['dataset']} (sha256 {record['input_sha256'][:12]}…)")
    return 0


def build_towns(args) -> int:
    from geo.files import write_atomic
    from geo.places import POPULATIONS, TOWNS_FILE, build_towns, towns_json

    towns = build_towns()
    TOWNS_FILE.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(TOWNS_FILE, towns_json(towns))
    print(f"{TOWNS_FILE}: {len(towns)} places of {POPULATIONS[0]:,} people or more (GeoNames, CC BY 4.0)")
    return 0


def _dates(dates: list[str]) -> str:
    """How a summary line names a series' dates: "1 date, 2025-11-20" or "4 dates from A to B"."""
    return f"1 date, {dates[0]}" if len(dates) == 1 else f"{len(dates)} dates from {dates[0]} to {dates[-1]}"
