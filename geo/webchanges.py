"""A web map of what changed between two dates (``geo render --changes FROM..TO``): the land that passed
to Russian forces and back to Ukraine, drawn over the scenario's statuses on the first date, with the
first date's line and the second's.

:func:`encode` turns :func:`geo.changes.drawn` rows into the page's data; :func:`values` adds the words
the page shows, as text. Every figure is the one `geo changes` prints for the same two lines.
"""

from __future__ import annotations

from geo import locale
from geo.present import CHANGE_COLOURS, line_label

CHANGE_TOLERANCE_M, LINE_TOLERANCE_M = 100, 300  # finer than the zones': a month's move is a few km wide


def encode(rows: list[dict], totals: dict, dates: tuple[str, str], after_line) -> dict:
    """The page's data of a changes map: ``rows`` from :func:`geo.changes.drawn`, ``totals`` from
    :func:`geo.changes.summary`, the two dates, and the second date's line of control (WGS84)."""
    import shapely

    from geo import topology
    from geo.projection import to_equal_area, to_wgs84
    from geo.webdata import ZONE_GRID_DEG

    shapes = topology.encode([row["geometry"] for row in rows], CHANGE_TOLERANCE_M, ZONE_GRID_DEG)
    line = to_wgs84(shapely.simplify(to_equal_area(after_line), LINE_TOLERANCE_M))
    return {
        "topology": shapes.to_json(),
        "pieces": [{k: row[k] for k in ("iso", "name", "name_uk", "status", "column", "km2")} for row in rows],
        "totals": {k: totals[k] for k in CHANGE_COLOURS},
        "dates": list(dates),
        "line": [
            [[round(y, 4), round(x, 4)] for x, y in part.coords]
            for part in shapely.get_parts(line)
            if len(set(part.coords)) > 1  # what simplifying left of a stub: a point, not a line
        ],
    }


def values(changes: dict, scenario, lang: str) -> tuple[dict, dict]:
    """(what the page's script reads, what its templates show) for a changes map, all of it text."""
    words = locale.catalogue(lang)["changes"]
    first, second = (locale.date(d, lang) for d in changes["dates"])
    between = {"first": first, "second": second}

    def piece(row: dict) -> str:
        return locale.text(
            lang,
            "changes",
            "piece",
            region=locale.local_name(row["name"], row["name_uk"], lang),
            km2=locale.number(row["km2"], lang, 1),
            direction=words[f"moved_{row['column']}"],
            status=scenario.statuses[row["status"]].text(lang)[0],
            **between,
        )

    script = {
        "topology": changes["topology"],
        "pieces": [[row["column"], piece(row)] for row in changes["pieces"]],
        "colours": CHANGE_COLOURS,
        "line": changes["line"],
    }
    legend = [
        (
            CHANGE_COLOURS[column],
            locale.text(lang, "changes", "legend", direction=words[column], km2=locale.number(km2, lang, 1), **between),
        )
        for column, km2 in changes["totals"].items()
    ]
    notice = words["notice"].format(**between)
    page = {"legend": legend, "line": line_label(changes["dates"][1], lang), "notice": notice}
    return script, page
