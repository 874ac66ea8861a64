"""geo: maps of what a peace proposal says about Ukraine's territory.

The pipeline, each step also usable alone::

    import geo
    boundaries = geo.load_boundaries()                       # 27 regions, WGS84
    control = geo.load_control("deepstate:2025-11-20")      # territory held by Russian forces
    zones = geo.split(boundaries, control.geometry)          # occupied / held part of each region
    scenario = geo.load_scenario("plan-28")
    tagged = geo.tag(zones, scenario)                        # + status, note
    geo.save(geo.render(tagged, scenario, context=geo.load_context(), control=control), "map.html")
    geo.area_table(tagged)                                   # km² and share per zone
    data, notices = geo.map_data(scenario)                   # what the web map draws (cached)
    html = geo.page(data, [scenario, geo.load_scenario("ceasefire-in-place")])  # `geo render`'s page
    series = geo.run_series(scenario, "deepstate:2025-01-15..2025-11-15")  # one result per date
    html = geo.page(geo.series_map_data(series), scenario)     # the page with a date slider

Names are imported on first use, so ``import geo`` (and ``geo --help``) stays fast.
"""

from importlib import import_module

from geo.errors import (
    BoundaryError,
    ControlError,
    GeoError,
    OutputError,
    ScenarioError,
    SourceUnavailable,
    UnknownRegion,
)

_API = {
    "load_boundaries": "geo.boundaries",
    "load_context": "geo.boundaries",
    "build_boundaries": "geo.build",
    "load_control": "geo.control",
    "load_scenario": "geo.scenario",
    "split": "geo.zones",
    "tag": "geo.zones",
    "line_of_control": "geo.zones",
    "run": "geo.pipeline",
    "prepare": "geo.pipeline",
    "prepare_series": "geo.pipeline",
    "run_series": "geo.pipeline",
    "series_map_data": "geo.pipeline",
    "add_bands": "geo.zones",
    "band_rings": "geo.zones",
    "export": "geo.gis",
    "locate_towns": "geo.zones",
    "towns": "geo.places",
    "map_data": "geo.pipeline",
    "page": "geo.webmap",
    "render": "geo.foliummap",
    "save": "geo.foliummap",
    "area_table": "geo.stats",
    "status_totals": "geo.stats",
}

__all__ = [
    "BoundaryError",
    "ControlError",
    "GeoError",
    "OutputError",
    "ScenarioError",
    "SourceUnavailable",
    "UnknownRegion",
    *_API,
]


def __dir__() -> list[str]:
    """The public API too, although its names are imported on first use."""
    return sorted({*globals(), *_API})


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
