"""Static maps (PNG, SVG) for print and social cards, drawn with matplotlib.

Same zones, colours, patterns, legend, title and credits as the web map, on a Lambert
conformal conic projection centred on Ukraine. No pyplot: a Figure is built directly, so
nothing depends on a display or on global plotting state.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from geo import locale
from geo.files import write_atomic
from geo.scenario import Scenario
from geo.webmap import BORDER_COLOUR, LAND_COLOUR, LINE_COLOUR, SEA_COLOUR, credits, line_label, subtitle
from geo.zones import line_of_control, tag

PROJECTION = "+proj=lcc +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=31 +datum=WGS84 +units=m"
PRINT_TOLERANCE_M = 250
HATCHES = {"solid": None, "hatch": "////", "backhatch": "\\\\\\\\", "crosshatch": "xxx", "dots": ".."}


def draw(zones, scenario: Scenario, *, context=None, control=None, notices=(), size=(1600, 1100), dpi=150, lang="en"):
    """A matplotlib Figure of the zones under one scenario; ``size`` in pixels at ``dpi``.

    Every text is literal: a ``$`` in a title or label prints a dollar sign, never mathtext.
    """
    import matplotlib

    with matplotlib.rc_context({"text.parse_math": False}):  # read when each Text is made
        return _draw(zones, scenario, context, control, notices, size, dpi, lang)


def _draw(zones, scenario, context, control, notices, size, dpi, lang):
    import geopandas as gpd
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from geo import topology

    # A third of a pixel at the default size: invisible, but an SVG a fraction of the size.
    shared_arcs = topology.encode(zones.geometry.values, PRINT_TOLERANCE_M, 1e-5)
    tagged = tag(zones, scenario).set_geometry(topology.decode(shared_arcs), crs=4326).to_crs(PROJECTION)
    figure = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi)
    axes = figure.add_axes((0, 0.06, 1, 0.82))
    axes.set_axis_off()
    axes.set_facecolor(LAND_COLOUR)
    figure.set_facecolor("white")

    left, bottom, right, top = tagged.total_bounds
    margin = 0.04 * (right - left)
    if context is not None:
        for kind, colour in (("sea", SEA_COLOUR), ("land", LAND_COLOUR)):
            context[context["kind"] == kind].to_crs(PROJECTION).plot(
                ax=axes, facecolor=colour, edgecolor=BORDER_COLOUR if kind == "land" else "none", linewidth=0.5
            )
    handles = []
    for key in [key for key in scenario.statuses if key in set(tagged["status"])]:
        status = scenario.statuses[key]
        subset = tagged[tagged["status"] == key]
        with matplotlib.rc_context({"hatch.color": status.ink, "hatch.linewidth": 0.6}):
            subset.plot(
                ax=axes, facecolor=status.colour, edgecolor="#5f5f5f", linewidth=0.4, hatch=HATCHES[status.pattern]
            )
            handles.append(
                Patch(
                    facecolor=status.colour,
                    edgecolor="#555555",
                    hatch=HATCHES[status.pattern],
                    label=status.text(lang)[0],
                )
            )
    if (tagged["part"] != "all").any():
        # From the zones as split, which are valid: simplifying can make a thin zone self-touch.
        line = gpd.GeoSeries([line_of_control(zones)], crs=zones.crs).to_crs(PROJECTION).iloc[0]
        axes.plot(*_line_coordinates(line), color=LINE_COLOUR, linewidth=1.1)
        handles.append(
            Line2D([], [], color=LINE_COLOUR, linewidth=1.6, label=line_label(control.date if control else "", lang))
        )
    axes.set_xlim(left - margin, right + margin)
    axes.set_ylim(bottom - margin, top + margin)
    axes.set_aspect("equal")

    axes.legend(
        handles=handles,
        loc="lower left",
        title=locale.text(lang, "page", "legend"),
        fontsize=8,
        title_fontsize=9,
        framealpha=0.93,
    )
    figure.text(0.02, 0.965, scenario.text("title", lang), fontsize=15, fontweight="bold", va="top")
    figure.text(0.02, 0.915, " · ".join([subtitle(scenario, lang), *notices]), fontsize=9, color="#444444", va="top")
    width = max(60, int(size[0] / dpi * 16))
    sources = credits([scenario], control.credit if control else None, zones.attrs.get("credit"), lang=lang)
    credit_line = textwrap.fill(" · ".join(sources), width)
    figure.text(0.02, 0.012, credit_line, fontsize=6.5, color="#555555", va="bottom")
    return figure


def save(figure, path: str | Path, file_format: str) -> int:
    """Write the figure as PNG or SVG (atomically; SVG text stays text) and return its size."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "geo"}):
        figure.savefig(buffer, format=file_format, metadata=_METADATA[file_format])
    write_atomic(Path(path), buffer.getvalue())
    return buffer.tell()


_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}


def _line_coordinates(line):
    """x and y arrays of a (multi)line, NaN between parts, for one plot call."""
    import numpy as np
    import shapely

    parts = [np.asarray(part.coords) for part in shapely.get_parts(line)]
    joined = np.vstack([np.vstack([p, [[np.nan, np.nan]]]) for p in parts]) if parts else np.empty((0, 2))
    return joined[:, 0], joined[:, 1]
