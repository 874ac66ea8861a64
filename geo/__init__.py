"""geo: maps of what a peace proposal says about Ukraine's territory.

The pipeline's steps, each usable alone, and the one run that chains them::

    import geo
    boundaries = geo.load_boundaries()                       # 27 regions, WGS84
    control = geo.load_control("deepstate:2025-11-20")      # territory held by Russian forces
    zones = geo.split(boundaries, control.geometry)          # occupied / held part of each region
    scenario = geo.load_scenario("plan-28")
    tagged = geo.tag(zones, scenario)                        # + status, note
    geo.save(geo.render(tagged, scenario, context=geo.load_context(), control=control), "map.html")
    geo.area_table(tagged)                                   # km² and share per zone

    results = geo.run(scenario)                              # the one run every command reads (cached)
    data, notices = results.map_data()                       # what the web map draws
    html = geo.page(data, [scenario, geo.load_scenario("ceasefire-in-place")])  # `geo render`'s page
    series = geo.run(scenario, "deepstate:2025-01-15..2025-11-15")  # one result per date
    html = geo.page(series.map_data()[0], scenario)          # the page with a date slider

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
    "add_bands": "geo.bands",
    "band_rings": "geo.bands",
    "export": "geo.gis",
    "locate_towns": "geo.zones",
    "towns": "geo.places",
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
    """The public API (its names imported on first use), not the submodules or helpers a run has loaded:
    what a notebook offers after ``geo.``."""
    return sorted({*(name for name in globals() if name.startswith("__")), *__all__})


# The pipeline's entries before geo.run, kept for one release: each warns, and says what replaces it.
_DEPRECATED = {
    "prepare": "geo.run(...)[0], whose zones are split when first asked for",
    "map_data": "geo.run(...).map_data()",
    "run_series": "geo.run(scenario, control, every=...)",
    "prepare_series": "geo.run(scenario, control, every=...).compute(zones=True)",
    "series_map_data": "geo.run(scenario, control, every=...).map_data()[0]",
}


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    if name in _DEPRECATED:
        import warnings

        warnings.warn(f"geo.{name} is deprecated; use {_DEPRECATED[name]}", FutureWarning, stacklevel=2)
        return getattr(import_module("geo.deprecated"), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
