"""Every format geo writes, by what is written: a map, a chart, GIS layers or a table. The command line's
``--format`` choices come from this table, and :func:`write` finds the module that writes each, so a new
format is one module with a ``write`` function and one line here. Importing this module imports no writer.

A map, chart or GIS writer is ``write(series, path, file_format, **options) -> Written``: ``series`` is what
:func:`geo.run` returns (one date is a series of one). A table writer is ``write(report, stream,
file_format)``, ``report`` a :class:`geo.tables.Report`, and writes to a stream (``geo stats`` to stdout).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

WRITERS: dict[str, dict[str, str]] = {
    "map": {"html": "geo.webmap", "png": "geo.staticmap", "svg": "geo.staticmap", "pdf": "geo.staticmap"},
    "chart": {"png": "geo.chart", "svg": "geo.chart", "pdf": "geo.chart"},
    "gis": {"gpkg": "geo.gis", "geojson": "geo.gis", "flatgeobuf": "geo.gis"},
    "table": {"table": "geo.tables", "csv": "geo.tables", "json": "geo.tables"},
}


@dataclass(frozen=True)
class Written:
    """What a writer wrote, for the one line a command prints: the files, their size in bytes, the dates,
    and for a map each zone drawn as (region code, part, band km) and whether a line of control was."""

    paths: list[Path]
    size: int
    dates: list[str]
    zones: list[tuple] = field(default_factory=list)
    line: bool = True


def formats(kind: str) -> tuple[str, ...]:
    """The formats a ``kind`` of output ("map", "chart", "gis", "table") can be written in, the default first."""
    return tuple(WRITERS[kind])


def write(kind: str, file_format: str, what, where, **options):
    """Write ``what`` (a series, or a table's report) to ``where`` (a path, or a stream for a table) in
    ``file_format``, with the writer's own options."""
    return import_module(WRITERS[kind][file_format]).write(what, where, file_format, **options)
