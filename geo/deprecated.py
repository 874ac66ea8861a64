"""The pipeline's entries before :func:`geo.run`, kept for one release: ``geo.NAME`` warns
(:data:`geo._DEPRECATED` says what replaces each) and calls these. Delete this module with them."""

from __future__ import annotations

from geo.pipeline import Result, Run, _series_map_data, run
from geo.scenario import DEFAULT, Scenario


def prepare(*args, **kwargs) -> Result:
    """Deprecated: ``run(...)[0]`` with its zones split (one date; arguments as before: scenario,
    boundaries, control, offline, control_date, control_credit, lang)."""
    result = _first(*args, **kwargs)
    result._compute()
    return result


def map_data(*args, **kwargs) -> tuple[dict, list[str]]:
    """Deprecated: ``run(...).map_data()`` (arguments as :func:`prepare`)."""
    return _first(*args, **kwargs).map_data()


def _first(
    scenario=DEFAULT, boundaries=None, control=None, offline=False, control_date=None, control_credit=None, lang="en"
):
    options = {"offline": offline, "control_date": control_date, "control_credit": control_credit, "lang": lang}
    return run(scenario, control, boundaries=boundaries, **options)[0]


def run_series(scenario=DEFAULT, control=None, every="month", offline=False, lang="en", boundaries=None) -> Run:
    """Deprecated: ``run(scenario, control, every=...)``."""
    series = run(
        scenario, control, every=every if every != "month" else None, offline=offline, lang=lang, boundaries=boundaries
    )
    series.series = True
    return series


def prepare_series(*args, **kwargs) -> Run:
    """Deprecated: ``run(scenario, control, every=...).compute(zones=True)``."""
    return run_series(*args, **kwargs).compute(zones=True)


def series_map_data(series: list[Result], scenarios: list[Scenario] | None = None) -> dict:
    """Deprecated: ``run(scenario, control, every=...).map_data(scenarios)[0]``."""
    return _series_map_data(series, scenarios)
