"""The web map as a folium Map, for notebooks and for adding folium layers of one's own.

The same page as :func:`geo.webmap.page` (same templates and values), placed in folium's
document: folium's CDN scripts and styles are dropped because Leaflet comes inline.

branca's MacroElement compiles whatever its macros return as a new Jinja template, so
text from a scenario (``{{ ... }}`` in a title) would run as template code. Our page is
rendered once, by our own templates, and enters folium's document as finished text.
"""

from __future__ import annotations

import html
from pathlib import Path

import folium
from branca.element import Element, MacroElement

from geo import webdata, webmap
from geo.files import write_atomic
from geo.scenario import Scenario


def render(
    zones, scenarios: Scenario | list[Scenario], *, context=None, control=None, notices=(), tiles=None, lang="en"
):
    """Draw zones under one or several scenarios as a folium Map.

    ``zones``: output of :func:`geo.split` (or :func:`geo.tag`). ``scenarios``: a Scenario
    or a list of them; the first is shown first, the others through a switcher.
    ``context``: neighbours and sea (:func:`geo.load_context`), drawn underneath.
    ``control``: the control layer the zones were split by, credited in the legend.
    ``notices``: lines shown on the map (a fallback, for instance). ``tiles``: a web tile
    layer's name; without it the page makes no network request. ``lang``: the page's language.
    """
    values = webmap.page_values(webdata.encode(zones, context, control), scenarios, notices, tiles, lang)
    fmap = folium.Map(location=values["center"], zoom_start=6, tiles=None, control_scale=True, zoom_snap=0.25)
    fmap._id = webmap.MAP_NAME.removeprefix("map_")  # folium's ids are random; a fixed one makes pages reproducible
    fmap.default_js, fmap.default_css = [], []  # Leaflet is inlined; jQuery and Bootstrap are not needed
    fmap.get_root().title = html.escape(values["title"])  # folium's template does not escape it
    fmap.add_child(_Page(values))
    fmap.geo_lang = values["lang"]
    return fmap


def save(fmap, path: str | Path) -> int:
    """Write a folium map as one HTML file (atomically) and return its size in bytes."""
    page = (
        fmap.get_root()
        .render()
        .replace("<html>", f'<html lang="{getattr(fmap, "geo_lang", "en")}">', 1)
        .encode("utf-8")
    )
    write_atomic(Path(path), page)
    return len(page)


class _Page(MacroElement):
    """The page's head (styles, inline Leaflet), body (title, legend, table) and its scripts, one after another."""

    def __init__(self, values: dict):
        super().__init__()
        self._name = "GeoPage"
        head, body, *scripts = (
            webmap.TEMPLATES.get_template(name).render(values)
            for name in ("page_head.html", "page_body.html", *values["scripts"])
        )
        self.head, self.body, self.script = head, body, "\n".join(scripts)

    def render(self, **kwargs) -> None:
        """Put the finished pieces into the document as they are (never through MacroElement.render)."""
        figure = self.get_root()
        for section, text in ((figure.header, self.head), (figure.html, self.body), (figure.script, self.script)):
            section.add_child(_Finished(text), name=self.get_name())


class _Finished(Element):
    """Finished HTML or JavaScript; branca's Element(text) would compile the text as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text
