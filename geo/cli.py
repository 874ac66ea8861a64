"""The ``geo`` command: parse arguments, call the Python API, print one line.

Exit codes: 0 ok, 1 bad input (usage, scenario, boundary or control file),
2 a data source could not be reached, 3 a bug (reported in one line too). Heavy
libraries are imported only by the subcommand that needs them.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import traceback
from pathlib import Path

from geo.errors import GeoError

EXIT_OK, EXIT_INPUT, EXIT_SOURCE, EXIT_BUG = 0, 1, 2, 3
EXIT_PIPE = 141  # what a shell reports for a command stopped by SIGPIPE


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or EXIT_OK
    except GeoError as error:
        print(f"geo: {_one_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # `geo stats | head`: the reader has gone; stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return EXIT_PIPE
    except OSError as error:  # a file that vanished or cannot be read mid-way
        where = error.filename or ""
        print(f"geo: {_one_line(f'{where}: {error.strerror or error}')}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug, not bad input: still one line, saying where, for the report
        where = traceback.extract_tb(error.__traceback__)[-1]
        what = " ".join(f"{type(error).__name__}: {error}".split())
        print(
            f"geo: internal error at {Path(where.filename).name}:{where.lineno}: {what} (please report it)",
            file=sys.stderr,
        )
        return EXIT_BUG


MAX_MESSAGE_CHARS = 600


def _one_line(message: str) -> str:
    """A message as one bounded line, whatever a file's text put into it (newlines, pages of it)."""
    text = " ".join(message.split())
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line and exit code 1, like every other input error."""

    def error(self, message: str):
        self.exit(EXIT_INPUT, f"geo: {_one_line(message)} (see '{self.prog} --help')\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="geo", description="Map what a peace proposal says about Ukraine's territory.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    render = commands.add_parser("render", help="write an interactive HTML map")
    _pipeline_options(render, several_scenarios=True)
    render.add_argument("--out", type=Path, help="output file (default: maps/SCENARIO.FORMAT)")
    render.add_argument("--format", choices=("html", "png", "svg"), default="html", help="static PNG/SVG for print")
    render.add_argument(
        "--size",
        default="print",
        type=_pixels,
        help="PNG/SVG size: WIDTHxHEIGHT in pixels, or print (1600x1100, the default), square, card or wide",
    )
    render.add_argument("--dpi", type=_dpi, default=150, help=f"PNG/SVG resolution, {MIN_DPI}-{MAX_DPI} (default 150)")
    render.add_argument("--tiles", help="add a web tile layer, e.g. OpenStreetMap (the map then needs network)")
    render.add_argument("--lang", default="en", type=_language, help="language of the map's words: en or uk")
    render.set_defaults(run=_render)

    stats = commands.add_parser("stats", help="area per zone and per status, in km²")
    _pipeline_options(stats, several_scenarios=True)
    stats.add_argument("--format", choices=("table", "csv", "json"), default="table")
    stats.add_argument(
        "--diff",
        action="store_true",
        help="with two --scenario: km², towns and people per status in each, and the change",
    )
    stats.set_defaults(run=_stats)

    chart = commands.add_parser("chart", help="area per status over a series of dates, as PNG or SVG")
    _pipeline_options(chart)
    chart.add_argument("--out", type=Path, help="output file (default: SCENARIO-over-time.FORMAT)")
    chart.add_argument("--format", choices=("png", "svg"), default="png")
    chart.add_argument(
        "--size", default="wide", type=_pixels, help="WIDTHxHEIGHT in pixels, or a preset (default wide)"
    )
    chart.add_argument("--dpi", type=_dpi, default=150)
    chart.add_argument("--lang", default="en", type=_language, help="language of the chart's words: en or uk")
    chart.set_defaults(run=_chart)

    export = commands.add_parser("export", help="write the zones and the line of control for GIS (QGIS and others)")
    _pipeline_options(export)
    export.add_argument("--format", choices=("gpkg", "geojson", "flatgeobuf"), default="gpkg")
    export.add_argument("--out", type=Path, required=True, help="output file")
    export.set_defaults(run=_export)

    places = commands.add_parser("places", help="towns in each zone, with their population")
    _pipeline_options(places)
    places.add_argument("--format", choices=("table", "csv", "json"), default="table")
    places.set_defaults(run=_places)

    embed = commands.add_parser("embed", help="print a responsive iframe snippet for a rendered map")
    embed.add_argument("map", type=Path, help="an HTML map written by geo render")
    embed.add_argument("--src", help="the map's published address (default: its file name)")
    embed.add_argument("--aspect", default="3:2", help="width:height of the frame (default: 3:2)")
    embed.set_defaults(run=_embed)

    commands.add_parser("scenarios", help="list the built-in scenarios").set_defaults(run=_scenarios)
    commands.add_parser("regions", help="list the 27 regions and their codes").set_defaults(run=_regions)

    boundaries = commands.add_parser("boundaries", help="manage the boundary data")
    build = boundaries.add_subparsers(required=True, metavar="ACTION").add_parser(
        "build", help="rebuild data/boundaries/ from geoBoundaries' ADM1 or Natural Earth's admin-1 file"
    )
    build.add_argument("source", help="path or URL of geoBoundaries UKR ADM1 or Natural Earth admin-1 (GeoJSON or zip)")
    build.set_defaults(run=_build)

    line = commands.add_parser("control", help="manage the control layers shipped with geo")
    ship = line.add_subparsers(required=True, metavar="ACTION").add_parser(
        "build", help="ship a DeepStateMap snapshot, simplified, in data/control/"
    )
    ship.add_argument("source", help="path of a DeepStateMap snapshot (deepstatemap_data_YYYYMMDD.geojson)")
    ship.set_defaults(run=_build_control)
    return parser


MAX_SIDE_PX, MAX_PIXELS = 8_000, 40_000_000  # a 40-megapixel image needs ~160 MB to draw
MIN_DPI, MAX_DPI = 30, 600
_WHOLE = re.compile(r"[0-9]{1,6}", re.ASCII)


SIZES = {"print": "1600x1100", "square": "1080x1080", "card": "1200x675", "wide": "1600x900"}  # social cards


def _pixels(text: str) -> tuple[int, int]:
    width, _, height = SIZES.get(text, text).lower().partition("x")
    if not (_WHOLE.fullmatch(width) and _WHOLE.fullmatch(height)):
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT in pixels, for example 1600x1100")
    size = int(width), int(height)
    if not all(100 <= side <= MAX_SIDE_PX for side in size) or size[0] * size[1] > MAX_PIXELS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: each side must be 100 to {MAX_SIDE_PX} pixels, {MAX_PIXELS // 1_000_000} megapixels in all"
        )
    return size


def _dpi(text: str) -> int:
    if not _WHOLE.fullmatch(text) or not MIN_DPI <= int(text) <= MAX_DPI:
        raise argparse.ArgumentTypeError(f"{text!r} is not a resolution from {MIN_DPI} to {MAX_DPI} dpi")
    return int(text)


def _language(text: str) -> str:
    from geo import locale

    if text not in locale.available():
        raise argparse.ArgumentTypeError(f"{text!r}: no such language; there are {', '.join(locale.available())}")
    return text


def _crs(text: str) -> str:
    """A CRS pyproj knows (checked before any file is read)."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        CRS.from_user_input(text)
    except CRSError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a known CRS (for example EPSG:4326)") from None
    return text


def _pipeline_options(command: argparse.ArgumentParser, several_scenarios: bool = False) -> None:
    if several_scenarios:
        command.add_argument(
            "--scenario",
            action="append",
            help="built-in name or .toml path (default: plan-28); repeat it for a map with a scenario switcher",
        )
    else:
        command.add_argument("--scenario", help="built-in name or .toml path (default: plan-28)")
    command.add_argument(
        "--control",
        help="control layer: path, URL, deepstate:YYYY-MM-DD, deepstate:latest or none (default: scenario's)",
    )
    command.add_argument(
        "--every",
        default="month",
        choices=("day", "week", "month"),
        help="with --control deepstate:FROM..TO: a snapshot every day, week or month",
    )
    command.add_argument("--control-date", help="date of a --control file, YYYY-MM-DD (else from its name or content)")
    command.add_argument("--control-credit", help="source of a --control file, shown in the map's credits")
    command.add_argument("--offline", action="store_true", help="never use the network; use cached downloads only")
    command.add_argument(
        "--boundaries", help="naturalearth, or your own boundary file (default: OpenStreetMap via geoBoundaries)"
    )
    command.add_argument("--code-column", help="column with ISO 3166-2 codes in --boundaries")
    command.add_argument("--name-column", help="column with region names in --boundaries")
    command.add_argument("--crs", type=_crs, help="CRS of a --boundaries file that has none, e.g. EPSG:4326")


def _boundaries(args):
    """A user's boundary file when one is given, else None (the committed boundaries)."""
    if not args.boundaries:
        return None
    from geo.boundaries import load_boundaries

    return load_boundaries(args.boundaries, args.code_column, args.name_column, args.crs)


def _warn(notices: list[str]) -> None:
    for notice in notices:
        print(f"geo: warning: {notice}", file=sys.stderr)


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


def _render(args) -> int:
    from geo.files import check_output, write_atomic
    from geo.scenario import DEFAULT, load_scenario

    scenarios = [load_scenario(name) for name in args.scenario or [DEFAULT]]
    if args.format != "html" and len(scenarios) > 1:
        raise GeoError("a PNG or SVG shows one scenario; give one --scenario")
    # In the current folder: maps/ holds the committed maps, written only when regenerating them.
    out = args.out or Path(f"{'+'.join(s.id for s in scenarios)}.{args.format}")
    check_output(out)  # before the work, not after it
    from geo.pipeline import run

    prepared = run(scenarios[0], _boundaries(args), **_control_options(args), lang=args.lang)
    if args.format == "html":  # the first scenario's control layer serves them all
        from geo.webmap import page

        data, notices = prepared.map_data()
        _warn(notices)
        content = page(data, scenarios, notices=notices, tiles=args.tiles, lang=args.lang).encode("utf-8")
        write_atomic(out, content)
        size, zones, line = len(content), [(z["iso"], z["part"]) for z in data["zones"]], data["control"]
    else:
        from geo import staticmap
        from geo.boundaries import load_context

        layers = {"context": load_context(), "control": prepared.control, "notices": prepared.notices}
        _warn(prepared.notices)
        figure = staticmap.draw(prepared.zones, scenarios[0], size=args.size, dpi=args.dpi, lang=args.lang, **layers)
        size = staticmap.save(figure, out, args.format)
        zones, line = list(zip(prepared.zones["iso"], prepared.zones["part"], strict=True)), prepared.control
    counts = ", ".join(f"{key} {n}" for key, n in scenarios[0].regions_by_status(zones).items())
    regions = len({iso for iso, _ in zones})
    asked = (args.control or scenarios[0].control) not in (None, "none")
    fell_back = "; FELL BACK to whole regions: the line of control was not available" if asked and not line else ""
    print(
        f"{out}: {size / 1024:.0f} KB, {regions} regions in {len(zones)} zones; regions by status: {counts}{fell_back}"
    )
    return EXIT_OK


def _prepared(args, name: str | None = None) -> tuple[list, bool]:
    """The pipeline's result for one control layer, or for each date of a series (oldest first),
    and whether it was a series."""
    from geo.control import is_series
    from geo.pipeline import prepare_series
    from geo.scenario import DEFAULT, load_scenario

    scenario = load_scenario(name or args.scenario or DEFAULT)
    if not is_series(args.control or scenario.control):
        return [_prepare(args, scenario)], False
    series = prepare_series(scenario, args.control, args.every, args.offline, boundaries=_boundaries(args))
    for prepared in series:
        _warn([f"{prepared.control.date}: {notice}" for notice in prepared.notices])
    return series, True


def _stats(args) -> int:
    from geo.scenario import DEFAULT
    from geo.stats import ROUNDING, difference, summary

    names = args.scenario or [DEFAULT]
    if args.diff and len(names) != 2:
        raise GeoError("--diff compares two scenarios on one line of control: give --scenario twice")
    results, series = [], False
    for name in names:  # several scenarios: the same line, compared
        found, series = _prepared(args, name)
        results += found
    if args.diff and series:
        raise GeoError("--diff compares two scenarios on one line of control, not a series of dates")
    table, totals, documents = summary(results, series, several=len(names) > 1)
    if args.diff:
        table = difference(*(totals[totals["scenario"] == n].drop(columns="scenario") for n in names), names)
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
    return EXIT_OK


POPULATION_NOTE = (
    "Towns and population: GeoNames' places of 15,000 people or more and their population figures, "
    "mostly from before 2022; not today's residents."
)


def _chart(args) -> int:
    from geo import chart, staticmap
    from geo.files import check_output

    results, series = _prepared(args)
    if not series:
        raise GeoError("a chart needs several dates: --control deepstate:FROM..TO, a folder or a quoted glob")
    out = args.out or Path(f"{results[0].scenario.id}-over-time.{args.format}")
    check_output(out)
    size = staticmap.save(chart.draw(results, size=args.size, dpi=args.dpi, lang=args.lang), out, args.format)
    first, last = results[0].control.date, results[-1].control.date
    print(f"{out}: {size / 1024:.0f} KB, {len(results)} dates from {first} to {last}")
    return EXIT_OK


def _export(args) -> int:
    from geo.files import check_output
    from geo.gis import export
    from geo.scenario import DEFAULT

    check_output(args.out)  # before the work, not after it
    prepared = _prepare(args, args.scenario or DEFAULT)
    written = export(prepared, args.out, args.format)
    print(f"{', '.join(map(str, written))}: {len(prepared.zones)} zones and the line of control ({args.format})")
    return EXIT_OK


def _places(args) -> int:
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
    return EXIT_OK


def _embed(args) -> int:
    from geo.embed import iframe

    print(iframe(args.map, src=args.src, aspect=args.aspect))
    return EXIT_OK


def _scenarios(args) -> int:
    from geo.scenario import available, load_scenario

    for name in available():
        scenario = load_scenario(name)
        print(f"{name:<22} {scenario.date:<11} {scenario.title}")
    return EXIT_OK


def _regions(args) -> int:
    from geo.regions import REGIONS

    for region in REGIONS:
        print(f"{region.iso}  {region.title:<32} {region.name_uk}")
    return EXIT_OK


def _build(args) -> int:
    from geo.boundaries import DATA_DIR
    from geo.build import build_boundaries

    record = build_boundaries(args.source)
    print(f"{DATA_DIR}: {record['regions']} regions from {args.source} (sha256 {record['input_sha256'][:12]}…)")
    return EXIT_OK


def _build_control(args) -> int:
    from geo.build import CONTROL_DIR, build_control

    record = build_control(args.source)
    print(f"{CONTROL_DIR}: {record['dataset']} (sha256 {record['input_sha256'][:12]}…)")
    return EXIT_OK
