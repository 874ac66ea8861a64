"""Tables as plain rows (lists of dicts), written as text, CSV or JSON-ready records without pandas.

The commands that print figures (``geo stats``, ``geo places``) read the cached run and format it
here: importing pandas alone takes longer than drawing the whole web map from the cache. The text
layout is the one ``DataFrame.to_string(index=False)`` gives (columns right-aligned, one space
apart; whole numbers grouped by thousands, as its ``formatters`` group them) and numbers round as
``DataFrame.round`` rounds them, as they did when pandas left this path; ``tests/test_tables.py`` holds
pandas to that.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

Rows = list[dict]


@dataclass(frozen=True)
class Report:
    """A command's figures as each table format writes them: ``rows`` under ``columns`` (CSV), a
    ``document`` (JSON), and ``text`` for reading, made only when asked for (a year of dates is long)."""

    rows: Rows
    columns: Sequence[str]
    document: object
    text: Callable[[], str]


def write(report: Report, stream: TextIO, file_format: str) -> None:
    """``report`` written to ``stream`` as text (``table``), CSV or JSON (:data:`geo.writers.WRITERS`)."""
    if file_format == "csv":
        stream.write(to_csv(report.rows, report.columns))
    elif file_format == "json":
        stream.write(json.dumps(report.document, ensure_ascii=False, indent=1) + "\n")
    else:
        stream.write(report.text() + "\n")


def round_half_even(value: float, digits: int) -> float:
    """``value`` rounded as numpy (and so pandas) rounds: scaled, rounded half to even, scaled back
    (Python's own ``round`` rounds the decimal value exactly, which differs on some halves)."""
    scale = 10.0**digits
    return round(value * scale) / scale


def pairwise_sum(values: Sequence[float]) -> float:
    """The sum numpy takes of a float array, to the last bit, without importing numpy (a tenth of a
    warm `geo stats`): blocks of up to 128 values summed in eight interleaved accumulators, longer runs
    halved (at a multiple of eight) and their sums added."""
    return 0.0 + _pairwise(values, 0, len(values))


def _pairwise(values: Sequence[float], start: int, n: int) -> float:
    if n < 8:
        total = 0.0
        for value in values[start : start + n]:
            total += value
        return total
    if n <= 128:
        sums = list(values[start : start + 8])
        end = start + n - n % 8
        for block in range(start + 8, end, 8):
            for j in range(8):
                sums[j] += values[block + j]
        total = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]))
        for value in values[end : start + n]:
            total += value
        return total
    half = n // 2
    half -= half % 8
    return _pairwise(values, start, half) + _pairwise(values, start + half, n - half)


def rounded(rows: Rows, digits: dict[str, int]) -> Rows:
    """The rows with the columns named in ``digits`` rounded to that many decimals."""
    return [
        {key: round_half_even(value, digits[key]) if key in digits else value for key, value in row.items()}
        for row in rows
    ]


def text(
    rows: Rows,
    columns: Sequence[str],
    number: Callable[[float], str] | None = None,
    whole: Callable[[int], str] = "{:,}".format,
) -> str:
    """The rows as a text table: a header, then a line a row, every column right-aligned to its widest
    cell, a decimal column's header one space further (as pandas lays it out). Floats go through ``number``,
    or else share the fewest decimals (at most six) that show every value of their column exactly; whole
    numbers through ``whole``, grouped by thousands unless told otherwise (pandas' ``formatters``)."""
    values = [[row.get(c) for row in rows] for c in columns]
    heads = [f" {name}" if _decimal(column) else name for name, column in zip(columns, values, strict=True)]
    cells = [_cells(column, number, whole) for column in values]
    widths = [max([len(head), *(len(cell) for cell in column)]) for head, column in zip(heads, cells, strict=True)]
    lines = [" ".join(head.rjust(width) for head, width in zip(heads, widths, strict=True))]
    lines += [
        " ".join(column[i].rjust(width) for column, width in zip(cells, widths, strict=True)) for i in range(len(rows))
    ]
    return "\n".join(lines)


def _decimal(values: list) -> bool:
    """Whether pandas would hold the column as floats, whose header it sets one space further (whole numbers
    grouped by its ``formatters`` are laid out as text)."""
    present = [v for v in values if v is not None]
    return all(_integer(v) or isinstance(v, float) for v in present) and any(isinstance(v, float) for v in present)


def _cells(values: list, number: Callable[[float], str] | None, whole: Callable[[int], str]) -> list[str]:
    """A column's cells; a missing value (a column that some rows lack) shows as pandas shows it, NaN."""
    floats = [v for v in values if isinstance(v, float)]
    if floats and number is None:
        shown = [f"{v:.6f}" for v in floats]
        while all(s.endswith("0") and not s.endswith(".0") for s in shown):
            shown = [s[:-1] for s in shown]
        number = dict(zip(floats, shown, strict=True)).__getitem__
    return [
        "NaN" if v is None else number(v) if isinstance(v, float) else whole(v) if _integer(v) else str(v)
        for v in values
    ]


def _integer(value) -> bool:
    """Whether a cell is a whole number (True and False are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def to_csv(rows: Rows, columns: Sequence[str]) -> str:
    """The rows as CSV: a header, numbers as Python writes them, text quoted only where it must be."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(c) for c in columns] for row in rows)
    return out.getvalue()
