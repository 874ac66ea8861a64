"""The page side of two scenarios side by side (``geo render --compare``): the words of the divider and
the table of km² per status under each scenario and the change, as text, from the rows of
:func:`geo.stats.difference` (the figures `geo stats --diff` prints)."""

from __future__ import annotations

from geo import locale


def values(rows: list[dict], scenarios: list, vocabulary: list, lang: str) -> tuple[dict, dict]:
    """(what the page's script reads, what its templates show) for a side-by-side page: the legend's line
    of km² under A and B and the change, per status (by its index in ``vocabulary``)."""
    first, second = scenarios
    titles = [s.text("title", lang) for s in scenarios]
    script = {
        "titles": titles,
        "divider": locale.text(lang, "compare", "divider", first=titles[0], second=titles[1]),
    }
    number = lambda value: locale.number(value, lang, 1)  # noqa: E731
    areas = {}
    for row in rows:
        status = first.statuses.get(row["status"]) or second.statuses[row["status"]]
        change = row["area_km2_change"]
        areas[vocabulary.index(status)] = locale.text(
            lang,
            "compare",
            "areas",
            first=number(row[f"area_km2_{first.id}"]),
            second=number(row[f"area_km2_{second.id}"]),
            change=("+" if change > 0 else "") + number(change),
        )
    return script, {"titles": titles, "areas": areas}
