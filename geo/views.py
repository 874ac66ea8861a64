"""Pages that set two views of the map against each other: what changed between two lines of control
(``geo render --changes``), and two scenarios or one scenario on two lines side by side (``geo render
--compare``). Each takes the results of :func:`geo.run` and returns the page with the figures it shows,
which are the ones `geo changes`, `geo stats --diff` and `geo stats` on each line print for the same inputs."""

from __future__ import annotations


def changes_page(before, after, lang: str = "en", tiles: str | None = None) -> tuple[str, dict]:
    """The web map of what changed from ``before`` to ``after`` (two results of one scenario on two lines,
    zones split), over the statuses of the first; returns (HTML, :func:`geo.changes.summary`)."""
    from geo import changes, webchanges
    from geo.webmap import page
    from geo.zones import line_of_control

    found = changes.pieces(before.zones, after.zones)
    report = changes.summary(before, after, found)
    data, notices = before.map_data([before.scenario])
    dates = (before.found.date, after.found.date)
    drawn = changes.drawn(before.zones, found)
    data["changes"] = webchanges.encode(drawn, report["totals"], dates, line_of_control(after.zones))
    return page(data, before.scenario, notices=notices, tiles=tiles, lang=lang, editor=False), report


def compare_page(first, second, lang: str = "en", tiles: str | None = None) -> tuple[str, list[dict]]:
    """Two scenarios on one line side by side, a divider between them (a switch on a phone), with the
    km² of each status under each and the change: ``first`` and ``second`` are their results on the same
    line. Returns (HTML, the rows of `geo stats --diff`)."""
    from geo.stats import compared
    from geo.webmap import page

    scenarios = [first.scenario, second.scenario]
    rows = compared(first, second)
    data, notices = first.map_data(scenarios)
    data["compare"] = {"rows": rows, "ids": [s.id for s in scenarios]}
    return page(data, scenarios, notices=notices, tiles=tiles, lang=lang, editor=False), rows


def lines_page(first, second, lang: str = "en", tiles: str | None = None) -> tuple[str, list[dict]]:
    """One scenario on two lines of control side by side, as :func:`compare_page` (``first`` and ``second``
    are its results on the two lines, zones split). The two lines are drawn as a series of two dates, so
    that one set of faces serves both sides. Returns (HTML, the km² per status on each line and the
    change, keyed by the lines' dates, or A and B when the dates do not tell them apart)."""
    from geo.pipeline import Run
    from geo.stats import compared
    from geo.webmap import page

    ids = line_ids(first, second)
    rows = compared(first, second, ids)
    data, _ = Run([first, second], series=True).map_data([first.scenario])
    credits = [side.control.credit for side in (first, second) if side.control is not None]  # each once on the page
    data["compare"] = {"rows": rows, "ids": ids, "lines": _dates(first, second), "credits": credits}
    notices = [f"{letter}: {said}" for letter, side in zip("AB", (first, second), strict=True) for said in side.notices]
    return page(data, first.scenario, notices=notices, tiles=tiles, lang=lang, editor=False), rows


def line_ids(first, second) -> list[str]:
    """What names two lines' columns: their dates, or A and B when the dates do not tell them apart."""
    dates = _dates(first, second)
    return dates if all(dates) and dates[0] != dates[1] else ["A", "B"]


def _dates(first, second) -> list[str]:
    """The dates of two results' lines ("" for a line of unknown date)."""
    return [side.found.date or "" for side in (first, second)]
