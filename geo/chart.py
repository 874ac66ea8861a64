"""Area per status over time: a line chart of a series of dates (:func:`geo.run`),
with the scenario's date marked and the same credits as the maps. Drawn with matplotlib, no pyplot,
every text literal (no mathtext)."""

from __future__ import annotations

import datetime as dt
import textwrap

from geo import cache, locale
from geo.present import LINE_COLOUR, credits
from geo.stats import occupied_km2, totals, zone_rows

MAX_DOTTED = 60  # dates a chart marks one by one; more are drawn as lines, which read better by the hundred


def write(series, path, file_format: str, *, size=(1600, 900), dpi=150, lang: str = "en"):
    """The chart of ``series`` (:func:`geo.run` over several dates) written to ``path`` (:func:`image`)."""
    from pathlib import Path

    from geo.errors import GeoError
    from geo.files import write_atomic
    from geo.writers import Written

    if not series.series:
        raise GeoError("a chart needs several dates: --control deepstate:FROM..TO, a folder or a quoted glob")
    data = image(series.compute(), file_format, size=size, dpi=dpi, lang=lang)
    write_atomic(Path(path), data)
    return Written([Path(path)], len(data), [result.found.date for result in series])


def image(series: list, file_format: str, size=(1600, 900), dpi=150, lang: str = "en") -> bytes:
    """The chart's file (:func:`draw`, :func:`geo.staticmap.image`), kept in the cache under a hash of
    each date's facts and every option: drawn again only when one changes, as importing matplotlib alone
    takes longer than reading a year of dates from the cache."""
    names = [result.facts_name for result in series]
    name = None if None in names else f"chart-{_key(names, series[0].scenario, size, dpi, lang)}.{file_format}"
    data = cache.read_bytes(name) if name else None
    if data is None:
        from geo import staticmap

        data = staticmap.image(draw(series, size, dpi, lang), file_format)
        if name:
            cache.write_bytes(name, data)
    return data


def _key(names: list[str], scenario, size, dpi, lang) -> str:
    """A hash of the dates' facts (each named by a hash of all it depends on, this package's code
    included), the scenario, the drawing's options and matplotlib's version."""
    import hashlib
    from importlib.metadata import version

    parts = [*names, repr(scenario), repr(tuple(size)), repr(dpi), lang, version("matplotlib")]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def draw(series: list, size=(1600, 900), dpi=150, lang: str = "en"):
    """A Figure of the area of each status (km²) on each date, and of all the land held by Russian forces;
    the scenario's default status, which covers most of the country, is left out so the others can be read."""
    import matplotlib

    with matplotlib.rc_context({"text.parse_math": False}):
        return _draw(series, size, dpi, lang)


def _draw(series, size, dpi, lang):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scenario = series[0].scenario
    dates = [dt.date.fromisoformat(r.found.date) for r in series]
    by_date = [
        {t["status"]: t["area_km2"] for t in totals(zone_rows(r.zone_rows()), scenario.statuses)} for r in series
    ]
    shown = [key for key in scenario.statuses if key != scenario.default and any(key in t for t in by_date)]
    areas = {key: [float(t.get(key, 0.0)) for t in by_date] for key in shown}
    held = [occupied_km2(r.zone_rows()) for r in series]  # the figure `geo stats` gives each date
    dots = {"marker": "o", "markersize": 3} if len(series) <= MAX_DOTTED else {}  # a year of days: lines only

    figure = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi)
    FigureCanvasAgg(figure)
    figure.set_facecolor("white")
    axes = figure.add_axes((0.08, 0.2, 0.66, 0.62))
    for key, values in areas.items():
        status = scenario.statuses[key]
        colour = status.colour if status.colour.upper() not in ("#F7F7F7", "#FFFFFF") else "#888888"
        axes.plot(dates, values, color=colour, linewidth=2, label=status.text(lang)[0], **dots)
    if any(held):
        label = locale.text(lang, "chart", "occupied")
        axes.plot(dates, held, color=LINE_COLOUR, linewidth=1.4, linestyle=(0, (4, 2)), label=label)
    if scenario.date:
        day = dt.date.fromisoformat(scenario.date)
        axes.axvline(day, color="#1a1a1a", linewidth=1, linestyle=":")
        axes.annotate(
            scenario.date,
            (day, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -12),
            textcoords="offset points",
            fontsize=8,
        )
    axes.set_ylabel(locale.text(lang, "format", "km2"))
    axes.yaxis.set_major_formatter(lambda value, _: locale.number(value, lang))
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8, frameon=False)
    default = scenario.statuses[scenario.default].text(lang)[0]
    figure.text(0.08, 0.95, scenario.text("title", lang), fontsize=14, fontweight="bold", va="top")
    per_line = int(0.84 * figure.get_figwidth() * 72 / (9 * 0.56))  # characters that fit the width at 9 pt
    subtitle = textwrap.fill(locale.text(lang, "chart", "subtitle", default=default), per_line)
    figure.text(0.08, 0.89, subtitle, fontsize=9, color="#444", va="top")
    line_credit = series[-1].found.credit if series[-1].found else None
    sources = credits([scenario], line_credit, series[-1].facts["boundaries"], "", lang)
    figure.text(0.08, 0.03, textwrap.fill(" · ".join(sources), 150), fontsize=6.5, color="#555", va="bottom")
    return figure
