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


def _prepare(args, scenario, lang: str = "en"):
    from geo.pipeline import prepare

    prepared = prepare(scenario, _boundaries(args), **_control_options(args), lang=lang)
    _warn(prepared.notices)
    return prepared


def _control_options(args) -> dict:
    return {
        "control": args.control,
        "offline": args.offline,
        "control_date": args.control_date,
        "control_credit": args.control_credit,
    }


def render(args) -> int:
    from geo.files import check_output, write_atomic
    from geo.scenario import DEFAULT, load_scenarios

    scenarios = load_scenarios(args.scenario or [DEFAULT])
    if args.format != "html" and len(scenarios) > 1:
        raise GeoError("a still map (PNG, SVG, PDF) shows one scenario; give one --scenario")
    # In the current folder: maps/ holds the committed maps, written only when regenerating them.
    out = args.out or Path(f"{'+'.join(s.id for s in scenarios)}.{args.format}")
    check_output(out)  # before the work, not after it
    from geo.pipeline import run

    if _check_options(args, args.control or scenarios[0].control):
        return _render_series(args, scenarios, out)
    prepared = run(scenarios[0], _boundaries(args), **_control_options(args), lang=args.lang)
    if args.format == "html":  # the first scenario's control layer serves them all
        from geo.webmap import page

        data, notices = prepared.map_data(scenarios)
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

        layers = {"context": load_context(), "control": prepared.control, "notices": prepared.notices}
        _warn(prepared.notices)
        figure = staticmap.draw(prepared.zones, scenarios[0], size=args.size, dpi=args.dpi, lang=args.lang, **layers)
        size = staticmap.save(figure, out, args.format)
        zones = list(zip(prepared.zones["iso"], prepared.zones["part"], bands_of(prepared.zones), strict=True))
        line = prepared.control
    counts = ", ".join(f"{key} {n}" for key, n in scenarios[0].regions_by_status(zones).items())
    regions = len({zone[0] for zone in zones})
    asked = (args.control or scenarios[0].control) not in (None, "none")
    fell_back = "; FELL BACK to whole regions: the line of control was not available" if asked and not line else ""
    print(
        f"{out}: {size / 1024:.0f} KB, {regions} regions in {len(zones)} zones; regions by status: {counts}{fell_back}"
    )
    return 0


def _render_series(args, scenarios, out: Path) -> int:
    """A map of several dates with a date slider (HTML only: a still image shows one date)."""
    from geo.files import write_atomic
    from geo.pipeline import run_series, series_map_data
    from geo.webmap import page

    if args.format != "html":
        raise GeoError(
            "a still map (PNG, SVG, PDF) shows one date; `geo chart` draws the area of each status over the dates"
        )
    series = run_series(scenarios[0], args.control, args.every or "month", args.offline, args.lang, _boundaries(args))
    data = series_map_data(series, scenarios)
    dates = data["series"]["dates"]
    content = page(data, scenarios, tiles=args.tiles, lang=args.lang, editor=args.editor).encode("utf-8")
    write_atomic(out, content)
    size = f"{len(content) / 1024:.0f} KB"
    print(f"{out}: {size}, {_dates(dates)}, {len(data['zones'])} zones")
    return 0


def _check_options(args, source: str | None) -> bool:
    """Whether ``source`` is a series, with the options that mean nothing for it refused, not ignored:
    a file's date and credit for a series, --every for anything but deepstate:FROM..TO."""
    from geo.control import is_series

    series = is_series(source)
    for option in ("control_date", "control_credit") if series else ():
        if getattr(args, option, None):
            flag = "--" + option.replace("_", "-")
            raise GeoError(f"{flag} states one file's {option.split('_')[1]}; a series takes each file's own")
    if args.every and not (series and source.startswith("deepstate:")):
        raise GeoError("--every steps through deepstate:FROM..TO; a folder or glob has each file's date")
    return series


def _prepared(args, scenario=None) -> tuple[list, bool]:
    """The pipeline's result for one control layer, or for each date of a series (oldest first),
    and whether it was a series."""
    from geo.pipeline import prepare_series
    from geo.scenario import DEFAULT, load_scenario

    scenario = scenario or load_scenario(args.scenario or DEFAULT)
    if not _check_options(args, args.control or scenario.control):
        return [_prepare(args, scenario, args.lang)], False
    series = prepare_series(
        scenario, args.control, args.every or "month", args.offline, args.lang, boundaries=_boundaries(args)
    )
    for prepared in series:
        _warn([f"{prepared.control.date}: {notice}" for notice in prepared.notices])
    return series, True


def stats(args) -> int:
    from geo.scenario import DEFAULT, load_scenarios
    from geo.stats import ROUNDING, difference, summary

    if args.diff and len(args.scenario or []) != 2:
        raise GeoError("--diff compares two scenarios on one line of control: give --scenario twice")
    scenarios = load_scenarios(args.scenario or [DEFAULT])  # each known by its id from here on
    ids = [s.id for s in scenarios]
    results, series = [], False
    for scenario in scenarios:  # several scenarios: the same line, compared
        found, series = _prepared(args, scenario)
        results += found
    if args.diff and series:
        raise GeoError("--diff compares two scenarios on one line of control, not a series of dates")
    table, totals, documents = summary(results, series, several=len(ids) > 1)
    if args.diff:
        table = difference(*(totals[totals["scenario"] == i].drop(columns="scenario") for i in ids), ids)
        documents = [table.to_dict("records")]
    if args.format == "csv":
        sys.stdout.write(table.round(ROUNDING).to_csv(index=False))
    elif args.format == "json":
        import json

        print(json.dumps(documents if len(documents) > 1 else documents[0], ensure_ascii=False, indent=1))
    else:
        print(table.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
        if not args.diff:
            print()
            print(totals.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
            for document in documents:
                if document["occupied_km2"] is not None:
                    when = f" on {document['control_date']}" if document["control_date"] else ""
                    share = 100 * document["occupied_km2"] / document["total_km2"]
                    print(f"Held by Russian forces{when}: {document['occupied_km2']:,.0f} km² ({share:.1f} %)")
            print(f"\nUkraine: {documents[0]['total_km2']:,.0f} km²")
        print(POPULATION_NOTE)
    return 0


POPULATION_NOTE = (
    "Towns and population: GeoNames' places of 15,000 people or more and their population figures, "
    "mostly from before 2022; not today's residents."
)


def chart(args) -> int:
    from geo import chart, staticmap
    from geo.files import check_output
    from geo.scenario import DEFAULT, load_scenario

    scenario = load_scenario(args.scenario or DEFAULT)
    out = args.out or Path(f"{scenario.id}-over-time.{args.format}")
    check_output(out)  # before the work, not after it
    results, series = _prepared(args, scenario)
    if not series:
        raise GeoError("a chart needs several dates: --control deepstate:FROM..TO, a folder or a quoted glob")
    size = staticmap.save(chart.draw(results, size=args.size, dpi=args.dpi, lang=args.lang), out, args.format)
    print(f"{out}: {size / 1024:.0f} KB, {_dates([r.control.date for r in results])}")
    return 0


def export(args) -> int:
    from geo.gis import export, output_paths
    from geo.scenario import DEFAULT

    output_paths(args.out, args.format)  # every file it will write, checked before the work
    if _check_options(args, args.control):
        raise GeoError("geo export writes one date: give one control layer (a file, a URL or deepstate:DATE)")
    prepared = _prepare(args, args.scenario or DEFAULT, args.lang)
    written = export(prepared, args.out, args.format)
    print(f"{', '.join(map(str, written))}: {len(prepared.zones)} zones and the line of control ({args.format})")
    return 0


def places(args) -> int:
    import pandas as pd

    from geo.places import towns
    from geo.stats import keyed
    from geo.zones import locate_towns

    results, series = _prepared(args)
    located = pd.concat(
        [keyed(locate_towns(prepared.zones, towns()), prepared, series) for prepared in results], ignore_index=True
    )
    if args.format == "csv":
        sys.stdout.write(located.to_csv(index=False))
    elif args.format == "json":
        import json

        print(json.dumps(located.to_dict("records"), ensure_ascii=False, indent=1))
    else:
        print(located.to_string(index=False))
        print(POPULATION_NOTE)
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
    from geo.places import TOWNS_FILE, build_towns, towns_json

    towns = build_towns()
    TOWNS_FILE.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(TOWNS_FILE, towns_json(towns))
    print(f"{TOWNS_FILE}: {len(towns)} towns of {towns[-1].population:,} people or more (GeoNames, CC BY 4.0)")
    return 0


def _dates(dates: list[str]) -> str:
    """How a summary line names a series' dates: "1 date, 2025-11-20" or "4 dates from A to B"."""
    return f"1 date, {dates[0]}" if len(dates) == 1 else f"{len(dates)} dates from {dates[0]} to {dates[-1]}"
