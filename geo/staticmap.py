"""Static maps (PNG, SVG, PDF) for print and social cards, drawn with matplotlib.

Same zones, colours, patterns, legend, title and credits as the web map, on a Lambert
conformal conic projection centred on Ukraine. No pyplot: a Figure is built directly, so
nothing depends on a display or on global plotting state.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from geo import locale
from geo.files import write_atomic
from geo.present import (
    BORDER_COLOUR,
    LAND_COLOUR,
    LINE_COLOUR,
    MARKER_EDGE,
    MARKER_FILL,
    MARKER_SYMBOLS,
    PLACES_CREDIT,
    SEA_COLOUR,
    SMALL_ZONE_KM2,
    credits,
    line_label,
    subtitle,
)

if TYPE_CHECKING:  # for annotations only
    from geo.scenario import Scenario

PROJECTION = "+proj=lcc +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=31 +datum=WGS84 +units=m"
PRINT_TOLERANCE_M = 250
ONE_SCENARIO = "a still map (PNG, SVG, PDF) shows one scenario; give one --scenario"
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
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from geo import topology
    from geo.zones import tag

    # A third of a pixel at the default size: invisible, but an SVG a fraction of the size.
    shared_arcs = topology.encode(zones.geometry.values, PRINT_TOLERANCE_M, 1e-5)
    tagged = tag(zones, scenario).set_geometry(topology.decode(shared_arcs), crs=4326).to_crs(PROJECTION)
    figure = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi)
    FigureCanvasAgg(figure)  # a renderer, to measure texts while laying out
    figure.set_facecolor("white")
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()

    if context is not None:
        for kind, colour in (("sea", SEA_COLOUR), ("land", LAND_COLOUR)):
            context[context["kind"] == kind].to_crs(PROJECTION).plot(
                ax=axes, facecolor=colour, edgecolor=BORDER_COLOUR if kind == "land" else "none", linewidth=0.5
            )
    handles = []
    area = tagged.groupby("status")["area_km2"].sum()  # as geo stats and the web legend total them
    unit = locale.text(lang, "format", "km2")
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
                    label=f"{status.text(lang)[0]} {locale.number(area[key], lang)} {unit}",
                )
            )
    if (tagged["part"] != "all").any():
        # The same derivation as everywhere, on the same simplified arcs as the polygons drawn.
        line = gpd.GeoSeries([topology.line_between(shared_arcs, list(zones["part"]))], crs=4326)
        line = line.to_crs(PROJECTION).iloc[0]
        axes.plot(*_line_coordinates(line), color=LINE_COLOUR, linewidth=1.1)
        handles.append(
            Line2D([], [], color=LINE_COLOUR, linewidth=1.6, label=line_label(control.date if control else "", lang))
        )
    for kind in dict.fromkeys(marker.kind for marker in scenario.markers):
        name = locale.text(lang, "markers", kind)
        handles.append(Line2D([], [], linestyle="none", **_marker_style(kind), label=name))
    sources = credits([scenario], control.credit if control else None, zones.attrs.get("credit"), PLACES_CREDIT, lang)
    texts = {
        "title": scenario.text("title", lang),
        "subtitle": " · ".join([subtitle(scenario, lang), *notices]),
        "credits": " · ".join(sources),
        "legend": locale.text(lang, "page", "legend"),
    }
    _lay_out(figure, axes, handles, texts, tagged.total_bounds)
    _place_labels(axes, zones, tagged, scenario, context, lang)
    return figure


MARGIN = 0.025  # of the figure's width, around everything


def _lay_out(figure, axes, handles, texts: dict, bounds) -> None:
    """Title and subtitle on top, credits at the bottom, the legend beside the map (wide images) or
    under it (square and tall ones), the map in what is left: nothing overlaps, nothing is cut."""
    renderer = figure.canvas.get_renderer()
    width_px, height_px = figure.bbox.width, figure.bbox.height
    pad_x, pad_y = MARGIN, MARGIN * width_px / height_px

    def height_of(artist) -> float:
        return artist.get_window_extent(renderer).height / height_px

    def wrapped(text: str, fontsize: float) -> str:  # characters per line from the width, in points
        per_line = max(20, int((1 - 2 * pad_x) * figure.get_figwidth() * 72 / (fontsize * 0.56)))
        return textwrap.fill(text, per_line)

    top = 1 - pad_y
    title = figure.text(pad_x, top, wrapped(texts["title"], 15), fontsize=15, fontweight="bold", va="top")
    top -= height_of(title) + 0.3 * pad_y
    sub = figure.text(pad_x, top, wrapped(texts["subtitle"], 9), fontsize=9, color="#444444", va="top")
    top -= height_of(sub) + pad_y
    credit = figure.text(pad_x, pad_y / 2, wrapped(texts["credits"], 6.5), fontsize=6.5, color="#555555", va="bottom")
    bottom = pad_y / 2 + height_of(credit) + pad_y / 2

    legend = figure.legend(handles=handles, title=texts["legend"], fontsize=8, title_fontsize=9, frameon=False)
    figure.draw_without_rendering()  # a legend knows its size once laid out
    box = legend.get_window_extent(renderer)
    wide = width_px / height_px >= 1.25
    if wide:  # a column to the right of the map
        legend.set_bbox_to_anchor((1 - pad_x, top), transform=figure.transFigure)
        legend.set_loc("upper right")
        map_box = (pad_x, bottom, 1 - 3 * pad_x - box.width / width_px, top - bottom)
    else:  # a block under the map
        legend.set_bbox_to_anchor((pad_x, bottom), transform=figure.transFigure)
        legend.set_loc("lower left")
        bottom += box.height / height_px + pad_y  # the legend sits a little above its anchor
        map_box = (pad_x, bottom, 1 - 2 * pad_x, top - bottom)
    axes.set_position(map_box)
    # Ukraine with a margin, widened along one axis to the box's shape: the box is filled with
    # scenery, and the scale is the same both ways.
    left, south, right, north = bounds
    margin = 0.05 * (right - left)  # room for a name beside the towns at the edges (Luhansk)
    left, south, right, north = left - margin, south - margin, right + margin, north + margin
    box_ratio = (map_box[3] * height_px) / (map_box[2] * width_px)
    if (north - south) / (right - left) < box_ratio:
        grow = ((right - left) * box_ratio - (north - south)) / 2
        south, north = south - grow, north + grow
    else:
        grow = ((north - south) / box_ratio - (right - left)) / 2
        left, right = left - grow, right + grow
    axes.set_xlim(left, right)
    axes.set_ylim(south, north)
    axes.set_aspect("equal")


def _place_labels(axes, zones, tagged, scenario, context, lang: str) -> None:
    """Towns, neighbours and seas that fit, in the web map's order (the scenario's own places first):
    a town's name goes right of its dot, else left, above or below it; a label that would leave the map, overlap
    one placed before it or a small zone, or (a sea's) touch land, is dropped. Every label has a
    white halo, so that it reads on any fill."""
    import shapely
    from matplotlib import patheffects
    from matplotlib.transforms import Bbox
    from pyproj import Transformer

    from geo import places

    renderer = axes.figure.canvas.get_renderer()
    frame = axes.get_window_extent(renderer)
    to_map = Transformer.from_crs(4326, PROJECTION, always_xy=True)
    to_screen, from_screen = axes.transData.transform, axes.transData.inverted().transform
    small = tagged[tagged["area_km2"] < SMALL_ZONE_KM2].geometry.values  # in PROJECTION, like the axes
    taken = []
    sea = None
    if context is not None:
        sea = shapely.make_valid(context[context["kind"] == "sea"].to_crs(PROJECTION).geometry.values)
    halo = [patheffects.withStroke(linewidth=2.2, foreground=HALO)]
    changing = tagged[tagged["status"] != scenario.default]
    changed = zip(changing["iso"], changing["area_km2"], strict=True)
    ranked = [label for label in places.story_first(places.labels(zones), scenario.places, changed) if label[5] == 0]
    # The dots of the towns named at every zoom are claimed first: no other name may cover one.
    dots = {}
    for kind, name, _, lat, lon, _ in ranked:
        if kind in ("city", "capital"):
            dot = to_screen(to_map.transform(lon, lat))
            dots[name] = Bbox([dot - 3, dot + 3])
    # The scenario's markers before any town, each labelled where a town's name would go; if no place is
    # clear the first is kept all the same: a marker is what the map is about.
    for marker in scenario.markers:
        x, y = to_map.transform(marker.lon, marker.lat)
        axes.plot([x], [y], zorder=4, **_marker_style(marker.kind))
        centre = to_screen((x, y))
        taken.append(Bbox([centre - 5, centre + 5]))
        label = marker.text("label", lang)
        for offset, align, vertical in _MARKER_PLACES:
            place = {"xytext": offset, "textcoords": "offset points", "ha": align, "va": vertical}
            box = axes.annotate(label, (x, y), **place, **_LABEL_STYLE["marker"]).get_window_extent(renderer)
            axes.texts[-1].remove()
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in taken):
                break
        else:
            offset, align, vertical = _MARKER_PLACES[0]
            place = {"xytext": offset, "textcoords": "offset points", "ha": align, "va": vertical}
        text = axes.annotate(label, (x, y), zorder=4, **place, **_LABEL_STYLE["marker"])
        taken.append(text.get_window_extent(renderer))
        underneath = {**_LABEL_STYLE["marker"], "color": HALO, "path_effects": halo, "zorder": 3.99}
        axes.annotate(label, (x, y), **place, **underneath)
    for kind, name, name_uk, lat, lon, _ in ranked:
        if kind == "region":
            continue
        x, y = to_map.transform(lon, lat)
        town = kind in ("city", "capital")
        others = taken + [dot for other, dot in dots.items() if other != name]
        for offset, align, vertical in _TOWN_PLACES if town else (((0, 0), "center", "center"),):
            place = {"xytext": offset, "textcoords": "offset points", "ha": align, "va": vertical}
            text = axes.annotate(locale.local_name(name, name_uk, lang), (x, y), **place, **_LABEL_STYLE[kind])
            box = text.get_window_extent(renderer)
            outline = shapely.box(*from_screen(box.get_points()).ravel())  # in map coordinates
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            on_sea = kind != "sea" or sea is None or shapely.contains(sea, outline).any()
            clear = not shapely.intersects(small, outline).any()  # the Kinburn and Dnipropetrovsk pockets
            if inside and on_sea and clear and not any(box.overlaps(other) for other in others):
                break
            text.remove()
            text = None
        if text is None:
            continue
        taken.append(box)
        # The halo is a white twin underneath, stroked: the name itself stays text in an SVG or a PDF.
        style = {**_LABEL_STYLE[kind], "color": HALO, "path_effects": halo, "zorder": text.get_zorder() - 0.01}
        axes.annotate(text.get_text(), (x, y), **place, **style)
        if town:
            axes.plot([x], [y], **_TOWN_MARK[kind])


HALO = "#ffffff"
# Where a town's name may go, in order: right of its dot, left, above, below (points, alignment).
_TOWN_PLACES = (
    ((4, 0), "left", "center"),
    ((-4, 0), "right", "center"),
    ((0, 3), "center", "bottom"),
    ((0, -3), "center", "top"),
)
# A marker's label sits a little further out than a town's: its symbol is larger.
_MARKER_PLACES = tuple(((dx * 2, dy * 2), align, vertical) for (dx, dy), align, vertical in _TOWN_PLACES)
_LABEL_STYLE = {
    "city": {"fontsize": 6.5, "fontweight": "bold", "color": "#111111"},
    "capital": {"fontsize": 7.5, "fontweight": "bold", "color": "#111111"},
    "country": {"fontsize": 6.5, "color": "#5e5e5e"},
    "sea": {"fontsize": 7, "color": "#2f5f7f", "fontstyle": "italic"},
}
_LABEL_STYLE["marker"] = _LABEL_STYLE["city"]  # a marker's name reads as a town's
_TOWN_MARK = {  # a dot for a town; a ringed dot, larger, for the capital
    "city": {"marker": "o", "markersize": 2.6, "color": "#111111", "markeredgecolor": "white", "markeredgewidth": 0.6},
    "capital": {
        "marker": "o",
        "markersize": 4.6,
        "color": "white",
        "markeredgecolor": "#111111",
        "markeredgewidth": 1.4,
    },
}


def _marker_style(kind: str) -> dict:
    """The line style that draws a marker of ``kind`` (the web map's symbol, in matplotlib's words)."""
    return {
        "marker": MARKER_SYMBOLS[kind][1],
        "markersize": 6.5,
        "markerfacecolor": MARKER_FILL,
        "markeredgecolor": MARKER_EDGE,
        "markeredgewidth": 1.2,
    }


def write(series, path, file_format: str, *, scenarios=None, size=(1600, 1100), dpi=150, lang: str = "en"):
    """The still map of one date (``series`` from :func:`geo.run`) under one scenario (default: the
    series'), drawn by :func:`draw` and written to ``path`` in one of FORMATS."""
    from geo.boundaries import load_context
    from geo.errors import GeoError
    from geo.writers import Written
    from geo.zones import bands_of

    if scenarios and len(scenarios) > 1:
        raise GeoError(ONE_SCENARIO)
    if series.series:
        raise GeoError(
            "a still map (PNG, SVG, PDF) shows one date; `geo chart` draws the area of each status over the dates"
        )
    result = series[0]
    layers = {"context": load_context(), "control": result.control, "notices": result.notices}
    figure = draw(result.zones, (scenarios or [result.scenario])[0], size=size, dpi=dpi, lang=lang, **layers)
    written = save(figure, path, file_format)
    zones = list(zip(result.zones["iso"], result.zones["part"], bands_of(result.zones), strict=True))
    date = result.control.date if result.control else ""
    return Written([Path(path)], written, [date], zones, line=bool(result.control))


def save(figure, path: str | Path, file_format: str) -> int:
    """Write the figure in one of FORMATS (atomically) and return its size."""
    data = image(figure, file_format)
    write_atomic(Path(path), data)
    return len(data)


def image(figure, file_format: str) -> bytes:
    """The figure's file in one of FORMATS. SVG and PDF keep text as text (PDF with its fonts embedded
    as TrueType, so it can be searched and copied); no format records a date or the software's version,
    so the same map is the same file."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "geo", "pdf.fonttype": 42}):
        figure.savefig(buffer, format=file_format, metadata=FORMATS[file_format])
    return buffer.getvalue()


# Each still format with the metadata that would make two writes of one map differ, removed.
FORMATS = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}


def _line_coordinates(line):
    """x and y arrays of a (multi)line, NaN between parts, for one plot call."""
    import numpy as np
    import shapely

    parts = [np.asarray(part.coords) for part in shapely.get_parts(line)]
    joined = np.vstack([np.vstack([p, [[np.nan, np.nan]]]) for p in parts]) if parts else np.empty((0, 2))
    return joined[:, 0], joined[:, 1]
