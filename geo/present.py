"""What every output says and shows the same way: the sources credited, the subtitle, the line of
control's label and the palette of the scenery. The web page, the print map, the chart and the GIS
files take them from here, so a credit or a colour cannot differ between them; words per language come
from the catalogues (:mod:`geo.locale`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo import locale

if TYPE_CHECKING:  # for annotations only: the command line imports this module to start
    from geo.scenario import Scenario

LAND_COLOUR, SEA_COLOUR, BORDER_COLOUR, LINE_COLOUR = "#dcd9d1", "#cddfeb", "#b9b6ad", "#1a1a1a"
PLACES_CREDIT = "Places: GeoNames (CC BY 4.0)"
# What changed between two dates, by direction (geo.changes' columns): Paul Tol's vibrant orange and cyan,
# unlike every status colour and readable over each of them.
CHANGE_COLOURS = {"to_russian_forces_km2": "#EE7733", "to_ukraine_km2": "#33BBEE"}
SMALL_ZONE_KM2 = 400  # at country zoom (~1.6 km a pixel) smaller zones are a few pixels across: ringed

# A marker's symbol by its kind (geo.markers.KINDS): one shape drawn alike on the page (SVG in a 16 px box)
# and on print (matplotlib's marker of the same shape), white with a dark edge: unlike a town's dot or a
# small zone's dashed ring, and readable on every fill.
MARKER_FILL, MARKER_EDGE = "#ffffff", "#1a1a1a"
MARKER_SYMBOLS = {
    "plant": ('<polygon points="8,1.5 13.6,4.75 13.6,11.25 8,14.5 2.4,11.25 2.4,4.75"/>', "h"),
    "dam": ('<rect x="2.5" y="2.5" width="11" height="11"/>', "s"),
    "spit": ('<polygon points="8,1.5 14.5,14 1.5,14"/>', "^"),
    "town": ('<polygon points="8,1 15,8 8,15 1,8"/>', "D"),
    "place": (
        '<polygon points="5.5,1.5 10.5,1.5 10.5,5.5 14.5,5.5 14.5,10.5 10.5,10.5 10.5,14.5 5.5,14.5 5.5,10.5 '
        '1.5,10.5 1.5,5.5 5.5,5.5"/>',
        "P",
    ),
}


def marker_svg(kind: str) -> str:
    """A marker's symbol as an SVG element for the page (constant markup, never a reader's text)."""
    return (
        f'<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">'
        f'<g fill="{MARKER_FILL}" stroke="{MARKER_EDGE}" stroke-width="2">{MARKER_SYMBOLS[kind][0]}</g></svg>'
    )


def credits(
    scenarios: list[Scenario],
    control_credit: str | list[str] | None,
    boundary_credit: str | None,
    places_credit: str = "",
    lang: str = "en",
) -> list[str]:
    """Every source the map shows, each once: boundaries, line(s) of control, places, scenarios and their credits."""
    lines = control_credit if isinstance(control_credit, list) else [control_credit or ""]
    found = [boundary_credit or "", *lines, places_credit]
    for s in scenarios:
        source = s.text("source", lang)
        found += [f"Scenario: {source}" if source else "", s.text("credit", lang)]
    return [locale.credit(c, lang) for c in dict.fromkeys(found) if c.strip()]


def subtitle(scenario: Scenario, lang: str = "en") -> str:
    """The line under a scenario's title: its date, and its own subtitle or that it shows a proposal."""
    words = scenario.text("subtitle", lang) or locale.text(lang, "page", "proposal_note")
    return " · ".join(filter(None, [locale.date(scenario.date, lang), words]))


def line_label(date: str, lang: str = "en") -> str:
    """Legend text for the line of control, dated when its source has a date."""
    return locale.text(lang, "page", "line", date=locale.date(date, lang) or locale.text(lang, "page", "line_undated"))
