"""The page's statuses and layers: the statuses the scenarios on a page use, each once, with a key unique
in the page and a definition for those not built in, and each scenario's share of the page (a status and a
note per zone, its estimates, what an edited scenario file keeps), all as text for the page's script."""

from __future__ import annotations

from geo.control import provider_spec
from geo.estimates import by_status
from geo.scenario import Scenario
from geo.statuses import Status


def vocabulary(layers: list[list[tuple[str, str]]], scenarios: list[Scenario]) -> list[Status]:
    """The statuses any scenario uses, each once, in the scenarios' own order."""
    found: list[Status] = []
    for assigned, scenario in zip(layers, scenarios, strict=True):
        used = {status for status, _ in assigned}
        found += [s for key, s in scenario.statuses.items() if key in used and s not in found]
    return found


def choices(used: list[Status], scenarios: list[Scenario]) -> list[Status]:
    """The statuses the editor offers: those in use first (the legend's order), then the rest of
    the scenarios' own and the built-in ones, except "depends on the line", which only the lack
    of a line gives."""
    from geo.statuses import UNDETERMINED

    found = list(used)
    for scenario in scenarios:
        found += [s for s in scenario.statuses.values() if s not in found and s.key != UNDETERMINED]
    return found


def unique_keys(vocabulary: list[Status]) -> list[str]:
    """Each status's key in the page, made unique: two scenarios may give one key two meanings, and the
    editor's links and downloaded files name statuses by key (the second "joint" becomes "joint-2")."""
    keys: list[str] = []
    for status in vocabulary:
        key, n = status.key, 2
        while key in keys:
            key, n = f"{status.key[:36]}-{n}", n + 1
        keys.append(key)
    return keys


def custom_statuses(vocabulary: list[Status], keys: list[str]) -> dict[int, dict]:
    """Index -> definition of each status that is not built in under its page key, for a downloaded
    scenario file to define."""
    from geo.statuses import builtin

    known = builtin()
    return {
        i: {
            "label": s.label,
            "description": s.description,
            "colour": s.colour,
            "pattern": s.pattern,
            "translations": {lang: list(texts) for lang, texts in s.translations.items()},
        }
        for i, (s, key) in enumerate(zip(vocabulary, keys, strict=True))
        if known.get(key) != s
    }


def layer(assigned: list[tuple[str, str]], scenario: Scenario, vocabulary: list[Status], lang: str) -> dict:
    """One scenario's share of the page: a status and a note index per zone, its notes and reported
    estimates, and what a scenario file edited from it keeps (all text, never markup)."""
    notes = list(dict.fromkeys(note for _, note in assigned))
    statuses = [vocabulary.index(scenario.statuses[status]) for status, _ in assigned]
    index = {key: vocabulary.index(status) for key, status in scenario.statuses.items() if status in vocabulary}
    said = by_status(scenario.estimates, lang)
    return {
        "zones": [[s, notes.index(note)] for s, (_, note) in zip(statuses, assigned, strict=True)],
        "notes": notes,
        # Status index -> its reported estimates, for the tooltips of the zones the scenario gives it.
        "estimates": {index[key]: text for key, text in said.items() if key in index},
        "scenario": {
            "id": scenario.id,
            "title": scenario.text("title", lang),
            "date": scenario.date,
            # What an edited scenario's file keeps: a provider's line or none, never a path of this machine.
            "control": scenario.control if scenario.control == "none" or provider_spec(scenario.control) else None,
            "default": scenario.default,
            "places": list(scenario.places),
            "markers": [marker.as_toml() for marker in scenario.markers],
            "estimates": [[index[e.status], e.as_toml()] for e in scenario.estimates if e.status in index],
        },
    }
