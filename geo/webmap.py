"""Interactive HTML maps of zones: self-contained, credited, light, one or several scenarios.

:func:`page` writes the HTML for one or several scenarios, with nothing heavier than Jinja, from
the data :func:`geo.webdata.encode` made (the costly half, cached per date by :mod:`geo.pipeline`).
Each scenario adds only its status and note per zone; a switcher restyles the same polygons.
The page inlines Leaflet 1.9.4 (from ``django-js-lib-leaflet``), so it opens with no network.
"""

from __future__ import annotations

import functools
import html
import json
import re
from importlib import resources

import jinja2

from geo import locale, webchanges, webcompare, weblayers
from geo.errors import GeoError
from geo.estimates import by_status
from geo.markers import KINDS
from geo.present import (
    BORDER_COLOUR,
    LAND_COLOUR,
    LINE_COLOUR,
    PLACES_CREDIT,
    SEA_COLOUR,
    credits,
    line_label,
    marker_svg,
    subtitle,
)
from geo.projection import WEB_CONIC
from geo.scenario import Scenario
from geo.statuses import Status

# The page's scripts in order, each with the page value it needs (None: every page has it): the core, which
# returns the page (geoPage), then each behaviour, a script that starts from it and talks to the others by
# events (see templates/layers.js). dated.js gives the faces of a series' dates to the slider and to compare.js.
SCRIPTS = {
    "layers.js": None,
    "dated.js": "dates",
    "timeline.js": "dates",
    "getdata.js": None,
    "editor.js": "editor",
    "scenery.js": None,
    "labels.js": None,
    "changes.js": "changes",
    "compare.js": "compare",
    "markers.js": None,
    "embed.js": None,
    "gestures.js": None,
}
STEPPED_DATES = 60  # a longer series plays by a day, a week or a month, as the reader chooses
MAP_NAME = "map_ukraine"  # the map's element id and JavaScript variable, fixed so pages are reproducible

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("geo", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def page(
    data: dict,
    scenarios: Scenario | list[Scenario],
    *,
    notices=(),
    tiles: str | None = None,
    lang: str = "en",
    editor: bool = True,
) -> str:
    """The whole HTML page: ``data`` from :func:`geo.webdata.encode` under one or several scenarios.

    The first scenario is shown first, the others through a switcher. ``notices``: lines
    shown on the map (a fallback, for instance). ``tiles``: a web tile layer's name, which
    replaces the drawn neighbours and sea; without it the page makes no network request.
    ``lang``: the language of every word on the page (:mod:`geo.locale`). ``editor``: whether readers
    may change statuses in the page (and open links that carry an edit); a publisher can leave it out.
    """
    return TEMPLATES.get_template("page.html").render(page_values(data, scenarios, notices, tiles, lang, editor))


def write(
    series, path, file_format: str = "html", *, scenarios=None, lang: str = "en", tiles=None, editor: bool = True
):
    """The page of ``series`` (:func:`geo.run`; a slider over its dates when it has several) written to
    ``path``, under ``scenarios`` (default: the series' own), as :func:`page` writes it."""
    from geo.files import write_atomic
    from geo.writers import Written

    scenarios = scenarios or [series[0].scenario]
    data, notices = series.map_data(scenarios)
    content = page(data, scenarios, notices=notices, tiles=tiles, lang=lang, editor=editor).encode("utf-8")
    write_atomic(path, content)
    dates = data["series"]["dates"] if data.get("series") else [data["control"]["date"] if data["control"] else ""]
    zones = [(z["iso"], z["part"], z.get("band_km", 0)) for z in data["zones"]]
    return Written([path], len(content), dates, zones, line=bool(data["control"]))


def page_values(
    data: dict,
    scenarios: Scenario | list[Scenario],
    notices=(),
    tiles: str | None = None,
    lang: str = "en",
    editor: bool = True,
) -> dict:
    """What the page templates fill in; :mod:`geo.foliummap` puts the same into a folium Map."""
    words = locale.catalogue(lang)
    scenarios = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    zones = data["zones"]
    layers = [[s.assign(z["iso"], z["part"], lang, z.get("band_km", 0)) for z in zones] for s in scenarios]
    vocabulary = weblayers.choices(weblayers.vocabulary(layers, scenarios), scenarios)
    styles = [_style(status, i, lang) for i, status in enumerate(vocabulary)]
    control = data["control"] or {"credit": None, "date": ""}
    # Each scenario is credited with its own sources, shown while it is; two lines side by side, both lines'.
    lines = data.get("compare", {}).get("credits") or control["credit"]
    sources = [credits([s], lines, data["boundaries"], PLACES_CREDIT, lang) for s in scenarios]
    if data.get("compare"):  # side by side, both scenarios' sources are credited at once
        sources[0] = credits(scenarios, lines, data["boundaries"], PLACES_CREDIT, lang)
    notices = [*notices, *([] if scenarios[0].translated(lang) else [words["page"]["untranslated"]])]
    changes = webchanges.values(data["changes"], scenarios[0], lang) if data.get("changes") else (None, None)
    compare = webcompare.values(data["compare"], scenarios, vocabulary, lang) if data.get("compare") else (None, None)
    notices = [changes[1]["notice"], *notices] if changes[1] else notices
    lined = bool(compare[1] and compare[1]["lines"])  # one scenario on two lines: the table has both areas
    table = _table(zones, lang, data["series"]["areas"][0] if lined else None)
    kinds = [kind for kind in KINDS if any(m.kind == kind for s in scenarios for m in s.markers)]
    script_data = {
        "bounds": data["bounds"],
        "extent": data["extent"],  # used by the page when it draws in the conic (not over tiles)
        "zones": data["topology"],
        "line": data["line"],
        "small": data["small"],
        "tip": _tip_values(data, lang),
        "statusText": [s.text(lang)[0] for s in vocabulary],
        "names": [zone for zone, _ in table],  # plain text, likewise
        "zoneKeys": [
            ".".join([z["iso"], z["part"], *([f"{z['band_km']:g}"] if z.get("band_km") else [])]) for z in zones
        ],
        "areas": [z["area_km2"] for z in zones],
        "people": [z.get("population", 0) for z in zones],
        "keys": (keys := weblayers.unique_keys(vocabulary)),
        "custom": weblayers.custom_statuses(vocabulary, keys),
        "styles": [{k: v for k, v in s.items() if k in _PATH_STYLE} for s in styles],
        "layers": [weblayers.layer(layer, s, vocabulary, lang) for layer, s in zip(layers, scenarios, strict=True)],
        "date": control["date"],  # of the line, for the data a reader downloads
        "format": {key: words["format"][key] for key in ("group", "decimal", "km2")},
        "gestureHints": [locale.text(lang, "page", "wheel_hint"), locale.text(lang, "page", "touch_hint")],  # text
        "edited": locale.text(lang, "page", "edited", title="{title}"),  # plain text, like the next
        "editZone": locale.text(lang, "page", "edit_zone", zone="{zone}"),
        "editedCredit": html.escape(locale.text(lang, "page", "edited_credit")) if editor else "",  # HTML, as credits
        "credits": [" · ".join(html.escape(c) for c in lines) for lines in sources],
        "places": [_in_language(place, lang) for place in _story_labels(data, scenarios, layers)],  # set as text
        "context": None if tiles else data["context"],  # tiles bring their own scenery
        "tiles": _tile_layer(tiles) if tiles else None,
        "series": _series_values(data, lang, dated=not data.get("compare")) if "series" in data else None,
        "markers": {kind: [words["markers"][kind], marker_svg(kind)] for kind in kinds},  # name as text; our SVG
        "changes": changes[0],
        "compare": compare[0],
        "colours": {"line": LINE_COLOUR, "land": LAND_COLOUR, "sea": SEA_COLOUR, "border": BORDER_COLOUR},
    }
    (south, west), (north, east) = data["bounds"]
    values = {
        "lang": lang,
        "editor": editor,
        "words": {**words["page"], "people_note": _people_note(lang)},
        "fmt": words["format"],
        "conic": None if tiles else WEB_CONIC,
        "map_name": MAP_NAME,
        "center": [(south + north) / 2, (west + east) / 2],
        "title": " / ".join(s.text("title", lang) for s in scenarios),
        "leaflet_css": _leaflet_css(),
        "leaflet_js": _leaflet_js(),
        "land_colour": LAND_COLOUR,
        "line_colour": LINE_COLOUR,
        "statuses": styles,
        # The first scenario's statuses (side by side, both scenarios').
        "legend": {
            vocabulary.index(s.statuses[key])
            for s, layer in list(zip(scenarios, layers, strict=True))[: 2 if data.get("compare") else 1]
            for key, _ in layer
        },
        "scenarios": [
            {"title": s.text("title", lang), "subtitle": subtitle(s, lang), "description": s.text("description", lang)}
            for s in scenarios
        ],
        "credits": [" · ".join(lines) for lines in sources],
        "notices": list(notices),
        "line_label": (compare[1]["line"] if lined else line_label(control["date"], lang)) if data["line"] else "",
        "small": bool(data["small"]),
        "table": table,
        "table_b": [locale.number(area, lang) for area in data["series"]["areas"][1]] if lined else [],
        "dates": data["series"]["dates"] if "series" in data else [],
        "slider": "series" in data and not data.get("compare"),  # two lines side by side: no slider
        "stepped": len(data["series"]["dates"]) > STEPPED_DATES if "series" in data else False,
        # The text alternative's list of each scenario's markers, and the legend's symbol of each kind.
        "markers": [[(m.text("label", lang), m.text("note", lang)) for m in s.markers] for s in scenarios],
        "marker_kinds": [(kind, words["markers"][kind], marker_svg(kind)) for kind in kinds],
        "first_kinds": {m.kind for m in scenarios[0].markers},
        "changes": changes[1],
        "compare": compare[1],
        # The text alternative's reported estimates of each scenario, per status (label, text).
        "estimates": [
            [(s.statuses[key].text(lang)[0], text) for key, text in by_status(s.estimates, lang).items()]
            for s in scenarios
        ],
        "data": _script_json(script_data),
    }
    return {**values, "scripts": [name for name, needs in SCRIPTS.items() if needs is None or values[needs]]}


def _story_labels(data: dict, scenarios: list[Scenario], layers: list[list[tuple[str, str]]]) -> list[list]:
    """The map's labels ranked for the scenarios shown (:func:`geo.places.story_first`)."""
    from geo.places import story_first

    story = [name for s in scenarios for name in s.places]
    changed = [
        (z["iso"], z["area_km2"])
        for s, layer in zip(scenarios, layers, strict=True)
        for z, (status, _) in zip(data["zones"], layer, strict=True)
        if status != s.default
    ]
    return story_first(data["labels"], story, changed)


def _in_language(place: list, lang: str) -> list:
    """A place label with the name in ``lang`` first (the data holds the English and Ukrainian names)."""
    kind, name, name_uk, *rest = place
    first = locale.local_name(name, name_uk, lang)
    return [kind, first, name_uk if first == name else name, *rest]


def _tile_layer(name: str) -> dict:
    """A named web tile layer (xyzservices), with the attribution its provider asks for."""
    import xyzservices

    try:  # "OpenStreetMap" names a group of layers; like folium, take its standard one
        provider = xyzservices.providers.query_name("OpenStreetMap.Mapnik" if name.lower() == "openstreetmap" else name)
    except ValueError:
        raise GeoError(f"unknown tile layer {name!r}; give a provider name such as OpenStreetMap") from None
    if provider.requires_token():
        raise GeoError(f"tile layer {name!r} needs an access key; choose one that does not, such as OpenStreetMap")
    return {
        "url": provider.build_url(),
        "attribution": provider.html_attribution,
        "maxZoom": provider.get("max_zoom", 19),
    }


def _tip_values(data: dict, lang: str) -> dict:
    """What a zone's tooltip is made of, as text (the page sets it with textContent): each zone's
    names and part, the largest towns' names (indices into ``towns``; a series has them per date),
    and the words with ``{share}``, ``{names}``, ``{people}`` and ``{estimates}`` left for the page."""
    zones = data["zones"]
    series = data.get("series")
    pairs = series["towns"] if series else list(dict.fromkeys(tuple(t) for z in zones for t in z.get("towns", [])))
    return {
        "zones": [[*_names(z, lang), _part(z, lang)] for z in zones],
        "towns": [locale.local_name(name, name_uk, lang) for name, name_uk in pairs],
        "largest": [] if series else [[pairs.index(tuple(t)) for t in z.get("towns", [])] for z in zones],
        "share": locale.text(lang, "page", "share_of_region", share="{share}"),
        "named": locale.text(lang, "page", "largest_towns", names="{names}"),
        "people": _people_text(lang),
        "estimates": locale.text(lang, "page", "estimates_tip", estimates="{estimates}"),
    }


def _series_values(data: dict, lang: str, dated: bool = True) -> dict:
    """What the date slider needs besides :func:`encode_series`' data: the dates and the words it puts
    together per date, as text (``{date}`` left for the page); the towns' names are in ``tip``.
    ``dated``: whether the legend's line is labelled by the date shown (not when two lines are side by side)."""
    series = data["series"]
    return {
        **{key: value for key, value in series.items() if key != "towns"},
        "dateText": [locale.date(d, lang) for d in series["dates"]],
        "lineText": line_label("{date}", lang) if dated else None,
        "play": locale.text(lang, "page", "play"),
        "pause": locale.text(lang, "page", "pause"),
    }


def _part(zone: dict, lang: str) -> str:
    """Which part of its region a zone is, with its band along the line when it is one."""
    part = locale.catalogue(lang)["parts"][zone["part"]]
    band = zone.get("band_km")
    return locale.text(lang, "page", "band", part=part, km=f"{band:g}") if band else part


def _names(zone: dict, lang: str) -> tuple[str, str]:
    """A zone's region name in ``lang`` first, the other after it."""
    first = locale.local_name(zone["name"], zone["name_uk"], lang)
    return first, zone["name_uk"] if first == zone["name"] else zone["name"]


def _table(zones: list[dict], lang: str, areas: list[float] | None = None) -> list[tuple[str, str]]:
    """The text alternative's fixed columns, zone and area (``areas``: of another date than the zones');
    the page fills in the status."""
    areas = areas or [z["area_km2"] for z in zones]
    return [
        (f"{_names(z, lang)[0]}: {_lower_first(_part(z, lang))}", locale.number(area, lang))
        for z, area in zip(zones, areas, strict=True)
    ]


def _lower_first(text: str) -> str:
    """ "Part held by Ukraine" -> "part held by Ukraine" (lower() would lower the names too)."""
    return text[:1].lower() + text[1:]


_PATH_STYLE = ("fillColor", "fillOpacity", "color", "weight")


def _style(status: Status, index: int, lang: str) -> dict:
    """Template values and Leaflet path style for a status (patterns are numbered)."""
    label, description = status.text(lang)
    return {
        "index": index,
        "label": label,
        "description": description,
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
    """Leaflet's CSS without its images: they draw the layer switcher and the default marker, neither of
    which the page uses, and a page that names them would ask the network for them.

    Leaflet's files are constant for an installed package: read them once."""
    return re.sub(r"url\(images/[\w.-]+\.png\)", "none", _leaflet_file("leaflet.css"))


def _people_text(lang: str) -> str:
    """A zone's people in its tooltip (``{people}`` left open for the page): the places counted, and when."""
    from geo.places import MIN_POPULATION

    return locale.text(lang, "page", "zone_people", people="{people}", threshold=locale.number(MIN_POPULATION, lang))


def _people_note(lang: str) -> str:
    """The editor's note on its people column, with the smallest place it counts (the tables' default)."""
    from geo.places import MIN_POPULATION

    return locale.text(lang, "page", "people_note", threshold=locale.number(MIN_POPULATION, lang))
