"""Interactive HTML maps of tagged zones: self-contained, credited, light.

The page inlines Leaflet 1.9.4 (from the ``django-js-lib-leaflet`` package) and drops
folium's CDN links, so it opens with no network. Geometry is simplified as a coverage
(neighbours keep shared edges: no gaps, no overlaps) and rounded for the web.
"""

from __future__ import annotations

import base64
import html
import json
import re
from importlib import resources
from pathlib import Path

import folium
import jinja2
from branca.element import MacroElement

from geo.files import write_atomic
from geo.statuses import Status
from geo.zones import EQUAL_AREA, line_of_control

WEB_TOLERANCE_M = 400  # coverage simplification; tests keep the deviation under 1 km
COORD_DIGITS = 4  # about 10 m in latitude: well below the simplification error
LAND_COLOUR, SEA_COLOUR, LINE_COLOUR = "#dcd9d1", "#cddfeb", "#1a1a1a"
PART_LABELS = {"occupied": "Part held by Russian forces", "held": "Part held by Ukraine", "all": "Whole region"}
PROPOSAL_NOTE = "A map of what a proposal says, not of an agreed border."
BOUNDARY_CREDIT = "Boundaries: Natural Earth (public domain)"

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("geo", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def render(zones, scenario, *, context=None, control=None, notices=(), tiles: str | None = None):
    """Draw tagged zones as a folium Map.

    ``zones``: output of :func:`geo.tag`. ``context``: neighbours and sea
    (:func:`geo.load_context`), drawn underneath. ``control``: the ControlLayer the zones
    were split by, credited and labelled in the legend. ``notices``: lines shown on the
    map (a fallback, for instance). ``tiles``: optional folium tile layer name; without
    it the page makes no network request.
    """
    web = web_geometry(zones)
    used = [key for key in scenario.statuses if key in set(zones["status"])]
    statuses = [_style(scenario.statuses[key]) for key in used]
    line = line_of_control(web) if (web["part"] != "all").any() else None

    bounds = web.total_bounds
    fmap = folium.Map(
        location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2],
        zoom_start=6,
        tiles=tiles,
        control_scale=True,
        zoom_snap=0.25,
    )
    fmap._id = "ukraine"  # folium's ids are random; a fixed one makes the page reproducible
    fmap.default_js, fmap.default_css = [], []  # Leaflet is inlined; jQuery and Bootstrap are not needed
    fmap.get_root().title = html.escape(scenario.title)

    credits = [BOUNDARY_CREDIT, *([control.credit] if control is not None else []), f"Scenario: {scenario.source}"]
    values = {
        "leaflet_css": _leaflet_css(),
        "leaflet_js": _leaflet_js(),
        "land_colour": LAND_COLOUR,
        "sea_colour": SEA_COLOUR,
        "line_colour": LINE_COLOUR,
        "statuses": statuses,
        "legend": statuses,
        "line_label": f"Line of control ({control.date or 'as given'})" if line is not None else "",
        "title": scenario.title,
        "subtitle": " · ".join(filter(None, [scenario.date, PROPOSAL_NOTE])),
        "notices": list(notices),
        "map_name": fmap.get_name(),
        "context": _script_json(_feature_collection(context, digits=3) if context is not None else None),
        "zones": _script_json(_zone_features(web, scenario, used)),
        "line": _script_json(json.loads(_geojson(line)) if line is not None and not line.is_empty else None),
        "styles": _script_json([{k: v for k, v in s.items() if k in _STYLE_KEYS} for s in statuses]),
        "credits": _script_json([html.escape(c) for c in credits if c.strip()]),
    }
    fmap.add_child(_Page(values))
    return fmap


def save(fmap, path: str | Path) -> int:
    """Write the map as one HTML file (atomically) and return its size in bytes."""
    page = fmap.get_root().render().replace("<html>", '<html lang="en">', 1).encode("utf-8")
    write_atomic(Path(path), page)
    return len(page)


def web_geometry(zones):
    """Zones simplified as a coverage in metres and brought back to WGS84."""
    import shapely

    projected = zones.to_crs(EQUAL_AREA)
    simplified = shapely.coverage_simplify(projected.geometry.values, WEB_TOLERANCE_M)
    return projected.set_geometry(simplified).to_crs(4326)


_STYLE_KEYS = ("fillColor", "fillOpacity", "color", "weight")


def _style(status: Status) -> dict:
    """Template values and Leaflet path style for a status."""
    red, green, blue = (int(status.colour[i : i + 2], 16) for i in (1, 3, 5))
    dark = 0.299 * red + 0.587 * green + 0.114 * blue < 140
    return {
        "key": status.key,
        "label": status.label,
        "description": status.description,
        "colour": status.colour,
        "pattern": status.pattern,
        "ink": "rgba(255,255,255,.55)" if dark else "rgba(0,0,0,.4)",
        "fillColor": f"url(#geo-pattern-{status.key})",
        "fillOpacity": 1,
        "color": "#5f5f5f",
        "weight": 0.7,
    }


def _zone_features(web, scenario, used: list[str]) -> dict:
    region_area = web.groupby("iso")["area_km2"].transform("sum")
    features = []
    for row, total in zip(web.itertuples(index=False), region_area, strict=True):
        status = scenario.statuses[row.status]
        share = f" ({100 * row.area_km2 / total:.1f}% of the region)" if row.part != "all" else ""
        tip = (
            f"<b>{html.escape(row.name)}</b> <span class='geo-uk'>{html.escape(row.name_uk)}</span><br>"
            f"{PART_LABELS[row.part]}: {row.area_km2:,.0f} km²{share}"
            f"<div class='geo-status'>{html.escape(status.label)}</div>{html.escape(row.note)}"
        )
        features.append(
            {
                "type": "Feature",
                "properties": {"s": used.index(row.status), "tip": tip},
                "geometry": json.loads(_geojson(row.geometry)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _feature_collection(frame, digits: int) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"kind": kind}, "geometry": json.loads(_geojson(geom, digits))}
            for kind, geom in zip(frame["kind"], frame.geometry, strict=True)
        ],
    }


def _geojson(geometry, digits: int = COORD_DIGITS) -> str:
    import numpy as np
    import shapely

    rounded = shapely.transform(geometry, lambda xy: np.round(xy, digits))
    return shapely.to_geojson(shapely.remove_repeated_points(rounded))


_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _script_json(value) -> str:
    """JSON that is safe inside an HTML <script> element (no "</script>", no line separators)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _UNSAFE_IN_SCRIPT[m.group()], text)


def _leaflet_file(name: str) -> str:
    return (resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet" / name).read_text(encoding="utf-8")


def _leaflet_js() -> str:
    return re.sub(r"//# sourceMappingURL=\S+", "", _leaflet_file("leaflet.js")).replace("</", "<\\/")


def _leaflet_css() -> str:
    """Leaflet's CSS with its images inlined as data URIs (no request for layers.png)."""
    images = resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"

    def inline(match: re.Match) -> str:
        data = base64.b64encode((images / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, _leaflet_file("leaflet.css"))


class _Page(MacroElement):
    """The page's head (styles, inline Leaflet), body (title, legend) and script (layers)."""

    _template = jinja2.Template(
        "{% macro header(this, kwargs) %}{{ this.head }}{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ this.body }}{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ this.script }}{% endmacro %}"
    )

    def __init__(self, values: dict):
        super().__init__()
        self._name = "GeoPage"
        self.head = _TEMPLATES.get_template("page_head.html").render(values)
        self.body = _TEMPLATES.get_template("page_body.html").render(values)
        self.script = _TEMPLATES.get_template("layers.js").render(values)
