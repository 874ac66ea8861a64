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
    from geo.files import check_output, write_atomic
    from geo.scenario import DEFAULT, load_scenarios

    if args.compare:
        out = args.out or Path(f"{'+'.join(Path(name).stem for name in args.compare)}.html")
        check_output(out)
        return _render_compare(args, out)
    scenarios = load_scenarios(args.scenario or [DEFAULT])
    if args.format != "html" and len(scenarios) > 1:
        raise GeoError("a still map (PNG, SVG, PDF) shows one scenario; give one --scenario")
    # In the current folder: maps/ holds the committed maps, written only when regenerating them.
    out = args.out or Path(f"{'+'.join(s.id for s in scenarios)}.{args.format}")
    check_output(out)  # before the work, not after it
    if args.changes:
        return _render_changes(args, scenarios, out)
    results = _run(args, scenarios[0])
    if results.series:
        return _render_series(args, scenarios, results, out)
    result = results[0]
    if args.format == "html":  # the first scenario's control layer serves them all
        from geo.webmap import page

        data, notices = result.map_data(scenarios)
        _warn(notices)
        content = page(data, scenarios, notices=notices, tiles=args.tiles, lang=args.lang, editor=args.editor).encode(
            "utf-8"
        )
        write_atomic(out, content)
        size, line = len(content), data["control"]
        zones = [(z["iso"], z["part"], z.get("band_km", 0)) for z in data["zones"]]
    else:
        from geo import staticmap
        from geo.boundaries import load_context
        from geo.zones import bands_of

        layers = {"context": load_context(), "control": result.control, "notices": result.notices}
        _warn(result.notices)
        figure = staticmap.draw(result.zones, scenarios[0], size=args.size, dpi=args.dpi, lang=args.lang, **layers)
        size = staticmap.save(figure, out, args.format)
        zones = list(zip(result.zones["iso"], result.zones["part"], bands_of(result.zones), strict=True))
        line = result.control
    counts = ", ".join(f"{key} {n}" for key, n in scenarios[0].regions_by_status(zones).items())
    regions = len({zone[0] for zone in zones})
    asked = (args.control or scenarios[0].control) not in (None, "none")
    fell_back = "; FELL BACK to whole regions: the line of control was not available" if asked and not line else ""
    print(
        f"{out}: {size / 1024:.0f} KB, {regions} regions in {len(zones)} zones; regions by status: {counts}{fell_back}"
    )
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


def _render_series(args, scenarios, results, out: Path) -> int:
    """A map of several dates with a date slider (HTML only: a still image shows one date)."""
    from geo.files import write_atomic
    from geo.webmap import page

    if args.format != "html":
        raise GeoError(
            "a still map (PNG, SVG, PDF) shows one date; `geo chart` draws the area of each status over the dates"
        )
    data, _ = results.map_data(scenarios)
    dates = data["series"]["dates"]
    content = page(data, scenarios, tiles=args.tiles, lang=args.lang, editor=args.editor).encode("utf-8")
    write_atomic(out, content)
    size = f"{len(content) / 1024:.0f} KB"
    print(f"{out}: {size}, {_dates(dates)}, {len(data['zones'])} zones")
    return 0


def stats(args) -> int:
    from geo.reports import columns, estimate_lines, one_decimal
    from geo.scenario import DEFAULT, load_scenarios
    from geo.stats import ROUNDING, compared, summary
    from geo.tables import rounded, text, to_csv

    if args.diff and len(args.scenario or []) != 2:
        raise GeoError("--diff compares two scenarios on one line of control: give --scenario twice")
    scenarios = load_scenarios(args.scenario or [DEFAULT])  # each known by its id from here on
    ids = [s.id for s in scenarios]
    results, series = [], False
    for scenario in scenarios:  # several scenarios: the same line, compared
        found = _said(_run(args, scenario).compute())
        results += found
        series = found.series
    if args.diff and series:
        raise GeoError("--diff compares two scenarios on one line of control, not a series of dates")
    table, totals, documents = summary(results, series, several=len(ids) > 1)
    if args.diff:
        table = compared(*results)
        documents = [table]
    if args.format == "csv":
        sys.stdout.write(to_csv(rounded(table, ROUNDING), columns(table)))
    elif args.format == "json":
        import json

        print(json.dumps(documents if len(documents) > 1 else documents[0], ensure_ascii=False, indent=1))
    else:
        print(text(table, columns(table), one_decimal))
        if not args.diff:
            print()
            print(text(totals, columns(totals), one_decimal))
            for document in documents:
                if document["occupied_km2"] is not None:
                    when = f" on {document['control_date']}" if document["control_date"] else ""
                    share = 100 * document["occupied_km2"] / document["total_km2"]
                    print(f"Held by Russian forces{when}: {document['occupied_km2']:,.0f} km² ({share:.1f} %)")
            print(f"\nUkraine: {documents[0]['total_km2']:,.0f} km²")
        print(_population_note(args))
        if not args.diff:
            for line in estimate_lines(scenarios, totals, args.lang):
                print(line)
    return 0


def changes(args) -> int:
    from geo.changes import summary
    from geo.reports import changes_text, columns
    from geo.scenario import DEFAULT, load_scenario
    from geo.tables import to_csv

    scenario = load_scenario(args.scenario or DEFAULT)
    sides = [_one_line(args, scenario, source, flag) for flag, source in (("--from", args.since), ("--to", args.until))]
    report = summary(*sides)
    if args.format == "csv":
        sys.stdout.write(to_csv(report["regions"], columns(report["regions"])))
    elif args.format == "json":
        import json

        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(changes_text(report, _population_note(args)))
    return 0


def _population_note(args) -> str:
    """What the tables' towns and people are, with the smallest place counted (``--min-population``)."""
    from geo import locale
    from geo.places import MIN_POPULATION

    threshold = locale.number(args.min_population or MIN_POPULATION, args.lang)
    return locale.text(args.lang, "page", "population_note", threshold=threshold)


def chart(args) -> int:
    from geo import chart
    from geo.files import check_output, write_atomic
    from geo.scenario import DEFAULT, load_scenario

    scenario = load_scenario(args.scenario or DEFAULT)
    out = args.out or Path(f"{scenario.id}-over-time.{args.format}")
    check_output(out)  # before the work, not after it
    results = _run(args, scenario)
    if not results.series:
        raise GeoError("a chart needs several dates: --control deepstate:FROM..TO, a folder or a quoted glob")
    _said(results.compute())
    data = chart.image(results, args.format, size=args.size, dpi=args.dpi, lang=args.lang)
    write_atomic(out, data)
    print(f"{out}: {len(data) / 1024:.0f} KB, {_dates([r.found.date for r in results])}")
    return 0


def export(args) -> int:
    from geo.control import is_series
    from geo.gis import export, output_paths
    from geo.scenario import DEFAULT, load_scenario

    scenario = load_scenario(args.scenario or DEFAULT)
    output_paths(args.out, args.format, markers=bool(scenario.markers))  # every file it writes, before the work
    if is_series(args.control or scenario.control):  # refused before a series' dates are looked for
        raise GeoError("geo export writes one date: give one control layer (a file, a URL or deepstate:DATE)")
    result = _said(_run(args, scenario).compute(zones=True))[0]
    written = export(result, args.out, args.format)
    count = len(scenario.markers)
    markers = f" and {count} marker{'s' if count > 1 else ''}" if count else ""
    print(f"{', '.join(map(str, written))}: {len(result.zones)} zones, the line of control{markers} ({args.format})")
    return 0


def places(args) -> int:
    from geo.scenario import DEFAULT
    from geo.stats import TOWN_COLUMNS, keyed, with_band
    from geo.tables import text, to_csv

    results = _said(_run(args, args.scenario or DEFAULT).compute())
    located = [row for result in results for row in keyed(result.town_rows(), result, results.series)]
    columns = [
        *(["date"] if results.series else []),
        *with_band(TOWN_COLUMNS, "band_km" in results[0].facts["zones"][0]),
    ]
    if args.format == "csv":
        sys.stdout.write(to_csv(located, columns))
    elif args.format == "json":
        import json

        print(json.dumps(located, ensure_ascii=False, indent=1))
    else:
        print(text(located, columns))
        print(_population_note(args))
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
