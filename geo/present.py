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
SMALL_ZONE_KM2 = 400  # at country zoom (~1.6 km a pixel) smaller zones are a few pixels across: ringed


def credits(
    scenarios: list[Scenario],
    control_credit: str | None,
    boundary_credit: str | None,
    places_credit: str = "",
    lang: str = "en",
) -> list[str]:
    """Every source the map shows, each once: boundaries, line of control, places, scenarios and their credits."""
    found = [boundary_credit or "", control_credit or "", places_credit]
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
