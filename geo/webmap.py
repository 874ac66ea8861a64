"""Interactive HTML maps of zones: self-contained, credited, light, one or several scenarios.

The page inlines Leaflet 1.9.4 (from the ``django-js-lib-leaflet`` package) and drops
folium's CDN links, so it opens with no network. Geometry is embedded once, as a quantised
topology (:mod:`geo.topology`); each scenario adds only its status and note per zone, and a
switcher restyles the same polygons.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import re
from importlib import resources
from pathlib import Path

import folium
import jinja2
from branca.element import MacroElement

from geo import topology
from geo.errors import GeoError
from geo.files import write_atomic
from geo.scenario import Scenario
from geo.statuses import Status
from geo.zones import tag

ZONE_TOLERANCE_M, ZONE_GRID_DEG = 500, 0.001  # at most ~0.6 km from the source (tested)
CONTEXT_TOLERANCE_M, CONTEXT_GRID_DEG = 3_000, 0.01  # neighbours and sea are scenery
LAND_COLOUR, SEA_COLOUR, BORDER_COLOUR, LINE_COLOUR = "#dcd9d1", "#cddfeb", "#b9b6ad", "#1a1a1a"
PART_LABELS = {"occupied": "Part held by Russian forces", "held": "Part held by Ukraine", "all": "Whole region"}
PROPOSAL_NOTE = "A map of what a proposal says, not of an agreed border."
BOUNDARY_CREDIT = "Boundaries: Natural Earth (public domain)"

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("geo", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def render(zones, scenarios, *, context=None, control=None, notices=(), tiles: str | None = None):
    """Draw zones under one or several scenarios as a folium Map.

    ``zones``: output of :func:`geo.split` (or :func:`geo.tag`). ``scenarios``: a Scenario
    or a list of them; the first is shown first, the others through a switcher.
    ``context``: neighbours and sea (:func:`geo.load_context`), drawn underneath.
    ``control``: the ControlLayer the zones were split by, credited in the legend.
    ``notices``: lines shown on the map (a fallback, for instance). ``tiles``: optional
    folium tile layer name; without it the page makes no network request.
    """
    scenarios = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    layers = [tag(zones, scenario) for scenario in scenarios]
    vocabulary = _vocabulary(layers, scenarios)
    zone_topology = topology.encode(zones.geometry.values, ZONE_TOLERANCE_M, ZONE_GRID_DEG)
    parts = list(zones["part"])
    occupied = {i for i, part in enumerate(parts) if part == "occupied"}
    held = {i for i, part in enumerate(parts) if part == "held"}
    line = topology.arcs_between(zone_topology, occupied, held)

    bounds = zones.total_bounds
    fmap = folium.Map(
        location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2],
        zoom_start=6,
        tiles=_tile_provider(tiles) if tiles else None,
        control_scale=True,
        zoom_snap=0.25,
    )
    fmap._id = "ukraine"  # folium's ids are random; a fixed one makes the page reproducible
    fmap.default_js, fmap.default_css = [], []  # Leaflet is inlined; jQuery and Bootstrap are not needed
    fmap.get_root().title = html.escape(" / ".join(s.title for s in scenarios))

    styles = [_style(status, i) for i, status in enumerate(vocabulary)]
    data = {
        "bounds": [[bounds[1], bounds[0]], [bounds[3], bounds[2]]],
        "zones": zone_topology.to_json(),
        "line": line,
        "heads": _heads(zones),
        "labels": [html.escape(s.label) for s in vocabulary],
        "styles": [{k: v for k, v in s.items() if k in _PATH_STYLE} for s in styles],
        "layers": [_layer(t, s, vocabulary) for t, s in zip(layers, scenarios, strict=True)],
        "credits": [html.escape(c) for c in credits(scenarios, control)],
    }
    if context is not None:
        context_topology = topology.encode(context.geometry.values, CONTEXT_TOLERANCE_M, CONTEXT_GRID_DEG)
        land = {i for i, kind in enumerate(context["kind"]) if kind == "land"}
        data["context"] = {
            **context_topology.to_json(),
            "sea": [i for i, kind in enumerate(context["kind"]) if kind == "sea"],
            "borders": [i for i, owners in enumerate(context_topology.users) if len(land & set(owners)) == 2],
        }
    values = {
        "leaflet_css": _leaflet_css(),
        "leaflet_js": _leaflet_js(),
        "land_colour": LAND_COLOUR,
        "sea_colour": SEA_COLOUR,
        "border_colour": BORDER_COLOUR,
        "line_colour": LINE_COLOUR,
        "statuses": styles,
        "scenarios": [{"title": s.title, "subtitle": subtitle(s)} for s in scenarios],
        "notices": list(notices),
        "line_label": line_label(control) if line else "",
        "table": _table(zones),
        "map_name": fmap.get_name(),
        "data": _script_json(data),
    }
    fmap.add_child(_Page(values))
    return fmap


def _tile_provider(name: str):
    """A named web tile layer (xyzservices), which brings its own attribution."""
    import xyzservices

    try:  # "OpenStreetMap" names a group of layers; like folium, take its standard one
        provider = xyzservices.providers.query_name("OpenStreetMap.Mapnik" if name.lower() == "openstreetmap" else name)
    except ValueError:
        raise GeoError(f"unknown tile layer {name!r}; give a provider name such as OpenStreetMap") from None
    if provider.requires_token():
        raise GeoError(f"tile layer {name!r} needs an access key; choose one that does not, such as OpenStreetMap")
    return provider


def credits(scenarios: list[Scenario], control) -> list[str]:
    """Every source the map shows, each once: boundaries, line of control, scenarios."""
    found = [BOUNDARY_CREDIT, *([control.credit] if control is not None else [])]
    found += [f"Scenario: {s.source}" for s in scenarios if s.source]
    return [c for c in dict.fromkeys(found) if c.strip()]


def subtitle(scenario: Scenario) -> str:
    """The line under a scenario's title: its date, and that it shows a proposal."""
    return " · ".join(filter(None, [scenario.date, PROPOSAL_NOTE]))


def line_label(control) -> str:
    """Legend text for the line of control, dated when its source has a date."""
    date = control.date if control is not None and control.date else "as given"
    return f"Line of control ({date})"


def save(fmap, path: str | Path) -> int:
    """Write the map as one HTML file (atomically) and return its size in bytes."""
    page = fmap.get_root().render().replace("<html>", '<html lang="en">', 1).encode("utf-8")
    write_atomic(Path(path), page)
    return len(page)


def _vocabulary(layers, scenarios: list[Scenario]) -> list[Status]:
    """The statuses any scenario uses, each once, in the scenarios' own order."""
    found: list[Status] = []
    for tagged, scenario in zip(layers, scenarios, strict=True):
        used = set(tagged["status"])
        found += [s for key, s in scenario.statuses.items() if key in used and s not in found]
    return found


def _layer(tagged, scenario: Scenario, vocabulary: list[Status]) -> dict:
    """One scenario's share of the page: a status and a note index per zone, its notes."""
    notes = list(dict.fromkeys(tagged["note"]))
    statuses = [vocabulary.index(scenario.statuses[k]) for k in tagged["status"]]
    return {
        "zones": [[s, notes.index(n)] for s, n in zip(statuses, tagged["note"], strict=True)],
        "notes": [html.escape(n) for n in notes],
        "legend": sorted(set(statuses)),
    }


def _heads(zones) -> list[str]:
    """The part of each tooltip that no scenario changes: names, part and area (escaped HTML)."""
    region_area = zones.groupby("iso")["area_km2"].transform("sum")
    heads = []
    for row, total in zip(zones.itertuples(index=False), region_area, strict=True):
        share = f" ({100 * row.area_km2 / total:.1f}% of the region)" if row.part != "all" else ""
        heads.append(
            f"<b>{html.escape(row.name)}</b> <span class='geo-uk'>{html.escape(row.name_uk)}</span><br>"
            f"{PART_LABELS[row.part]}: {row.area_km2:,.0f} km²{share}"
        )
    return heads


def _table(zones) -> list[tuple[str, str]]:
    """The text alternative's fixed columns, zone and area; the page fills in the status."""
    return [
        (f"{row.name}: {_lower_first(PART_LABELS[row.part])}", f"{row.area_km2:,.0f}") for row in zones.itertuples()
    ]


def _lower_first(text: str) -> str:
    """ "Part held by Ukraine" -> "part held by Ukraine" (lower() would lower the names too)."""
    return text[:1].lower() + text[1:]


_PATH_STYLE = ("fillColor", "fillOpacity", "color", "weight")


def _style(status: Status, index: int) -> dict:
    """Template values and Leaflet path style for a status (patterns are numbered)."""
    return {
        "index": index,
        "label": status.label,
        "description": status.description,
        "colour": status.colour,
        "pattern": status.pattern,
        "ink": status.ink,
        "fillColor": f"url(#geo-pattern-{index})",
        "fillOpacity": 1,
        "color": "#5f5f5f",
        "weight": 0.7,
    }


_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _script_json(value) -> str:
    """JSON that is safe inside an HTML <script> element (no "</script>", no line separators)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _UNSAFE_IN_SCRIPT[m.group()], text)


@functools.cache
def _leaflet_file(name: str) -> str:
    return (resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet" / name).read_text(encoding="utf-8")


@functools.cache
def _leaflet_js() -> str:
    return re.sub(r"//# sourceMappingURL=\S+", "", _leaflet_file("leaflet.js")).replace("</", "<\\/")


@functools.cache
def _leaflet_css() -> str:
    """Leaflet's CSS with its images inlined as data URIs (no request for layers.png).

    Leaflet's files are constant for an installed package: read and encode them once."""
    images = resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"

    def inline(match: re.Match) -> str:
        data = base64.b64encode((images / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, _leaflet_file("leaflet.css"))


class _Page(MacroElement):
    """The page's head (styles, inline Leaflet), body (title, legend, table) and script (layers)."""

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
