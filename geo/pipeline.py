"""The pipeline from sources to tagged zones, with the rule for a missing control layer.

boundaries + control layer -> scenario -> zones. The CLI and scripts call :func:`prepare`;
each step is also public on its own (``geo.load_boundaries``, ``geo.split``, ``geo.tag``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo import zones as zones_module
from geo.boundaries import load_boundaries
from geo.control import ControlLayer, load_control
from geo.errors import SourceUnavailable
from geo.scenario import DEFAULT, Scenario, load_scenario


@dataclass
class Prepared:
    """Tagged zones and what they were made from; ``notices`` says what fell back."""

    zones: object
    scenario: Scenario
    control: ControlLayer | None
    notices: list[str] = field(default_factory=list)


def prepare(
    scenario: str | Scenario = DEFAULT,
    boundaries=None,
    control: str | None = None,
    offline: bool = False,
) -> Prepared:
    """Tag zones for a scenario.

    ``control`` is a control-layer source (path, URL, ``deepstate:DATE``); left out, the
    scenario's own ``control`` is used, and ``"none"`` means regions only. When the
    scenario's own source cannot be fetched (no network, nothing cached) the result falls
    back to whole regions and says so in ``notices``; a source the caller named explicitly
    raises instead.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if boundaries is None:
        boundaries = load_boundaries()
    notices = []
    source = control or scenario.control
    layer = None
    if source and source != "none":
        try:
            layer = load_control(source, offline=offline)
        except SourceUnavailable as error:
            if control:
                raise
            notices.append(f"no line of control ({error}); regions are shown whole")
    zones = zones_module.split(boundaries, layer.geometry if layer else None)
    return Prepared(zones_module.tag(zones, scenario), scenario, layer, notices)
