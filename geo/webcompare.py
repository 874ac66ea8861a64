"""The page side of two views side by side (``geo render --compare``): two scenarios on one line, or one
scenario on two lines. The words of the divider and the legend's km² per status on each side and the
change, as text, from the rows of :func:`geo.stats.difference` (the figures `geo stats --diff`, or
`geo stats` on each line, print)."""

from __future__ import annotations

from geo import locale
from geo.present import line_label


def values(compare: dict, scenarios: list, vocabulary: list, lang: str) -> tuple[dict, dict]:
    """(what the page's script reads, what its templates show) for a side-by-side page. ``compare``
    holds the ``rows``, the ``ids`` they are keyed by, and for one scenario on two lines the ``lines``'
    dates: each side is then titled by its line."""
    lines = compare.get("lines")
    titles = [line_label(date, lang) for date in lines] if lines else [s.text("title", lang) for s in scenarios]
    divider = locale.text(lang, "compare", "divider", first=titles[0], second=titles[1])
    statuses = {key: status for s in reversed(scenarios) for key, status in s.statuses.items()}  # the first's first
    number = lambda value: locale.number(value, lang, 1)  # noqa: E731
    areas = {}
    for row in compare["rows"]:
        change = row["area_km2_change"]
        areas[vocabulary.index(statuses[row["status"]])] = locale.text(
            lang,
            "compare",
            "areas",
            first=number(row[f"area_km2_{compare['ids'][0]}"]),
            second=number(row[f"area_km2_{compare['ids'][1]}"]),
            change=("+" if change > 0 else "") + number(change),
        )
    script = {"titles": titles, "divider": divider, "lines": bool(lines)}
    dated = [locale.date(d, lang) or locale.text(lang, "page", "line_undated") for d in lines or ["", ""]]
    line = locale.text(lang, "compare", "lines", first=dated[0], second=dated[1]) if lines else ""
    return script, {"titles": titles, "areas": areas, "lines": bool(lines), "line": line}
