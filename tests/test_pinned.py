"""Invariants the restructuring must keep (issue 25): the map cache key covers every input it is made from,
the fallback rule catches exactly the error it documents, a series comes out in date order."""

import shutil
from dataclasses import replace

import pytest

from geo import cachekeys, pipeline, places
from geo.control import ControlSource

PACKAGE = cachekeys.Path(cachekeys.__file__).parent


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    """Copies of every file the key reads, with the key pointed at them; and a control layer."""
    package = tmp_path / "geo"
    package.mkdir()
    for path in [*PACKAGE.glob("*.py"), *PACKAGE.glob("*.toml")]:
        shutil.copy(path, package / path.name)
    data = tmp_path / "boundaries"
    shutil.copytree(cachekeys.DATA_DIR, data)
    towns = tmp_path / "towns.json"
    shutil.copy(places.TOWNS_FILE, towns)
    monkeypatch.setattr(cachekeys, "__file__", str(package / "cachekeys.py"))
    monkeypatch.setattr(cachekeys, "DATA_DIR", data)
    monkeypatch.setattr(places, "TOWNS_FILE", towns)
    cachekeys._key_files.cache_clear()  # listed once a process: here, the copies
    control = tmp_path / "line.geojson"
    control.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    found = ControlSource(control, str(control), "2025-11-20", "Line of control: ours")
    files = [
        *sorted(package.iterdir()),
        data / cachekeys.UKRAINE_FILE,
        data / cachekeys.CONTEXT_FILE,
        towns,  # the towns every map labels and counts
        control,
    ]
    yield found, files
    cachekeys._key_files.cache_clear()  # the package's own files again


def test_the_map_key_changes_when_any_file_it_is_made_from_changes(inputs):
    found, files = inputs
    base = cachekeys.map_key(found)
    assert cachekeys.map_key(found) == base  # the same inputs, the same key
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert cachekeys.map_key(found) != base, path.name
        path.write_bytes(original)
    assert cachekeys.map_key(found) == base


@pytest.mark.parametrize(
    "change",
    [
        {"credit": "Line of control: theirs"},
        {"date": "2025-11-21"},
    ],
)
def test_the_map_key_changes_with_the_lines_credit_and_date(inputs, change):
    found, _ = inputs
    assert cachekeys.map_key(replace(found, **change)) != cachekeys.map_key(found)


def test_the_map_key_changes_with_bands_notes_each_date_and_the_geometry_libraries(inputs, monkeypatch):
    found, _ = inputs
    base = cachekeys.map_key(found)
    assert cachekeys.map_key(found, bands=((5.0, "held"),)) != base
    assert cachekeys.map_key(found, found, notes=["", "a gap"]) != cachekeys.map_key(found, found, notes=["", ""])
    assert cachekeys.map_key(found, found) != base  # two dates are not one
    assert cachekeys.map_key(found, None) != cachekeys.map_key(None, found)  # nor in another order
    real = cachekeys.importlib.metadata.version
    for library in cachekeys._GEOMETRY_LIBRARIES:
        monkeypatch.setattr(
            cachekeys.importlib.metadata, "version", lambda name, lib=library: "0.0" if name == lib else real(name)
        )
        cachekeys._code_and_data_digest.cache_clear()  # hashed once a process: a library changes between runs
        assert cachekeys.map_key(found) != base, library
    monkeypatch.setattr(cachekeys.importlib.metadata, "version", real)


class _Bug(Exception):
    """An error of no documented kind: a bug, which no fallback may hide."""


@pytest.mark.parametrize(
    ("error", "own_line", "falls_back"),
    [
        (pipeline.SourceUnavailable("deepstate:2025-11-15: not in the cache"), True, True),
        (pipeline.SourceUnavailable("deepstate:2025-11-15: HTTP 500"), False, False),  # the user asked for it
        (pipeline.ControlError("line.geojson: not a polygon layer"), True, False),  # bad data is never hidden
        (pipeline.GeoError("something geo knows"), True, False),
        (_Bug("a bug"), True, False),
        (OSError("disk"), True, False),
    ],
    ids=["own line unavailable", "asked-for line unavailable", "bad data", "other geo error", "bug", "OSError"],
)
def test_the_fallback_catches_exactly_an_unavailable_line_the_scenario_chose(monkeypatch, error, own_line, falls_back):
    """README: a scenario's own line that cannot be had gives whole regions and a notice; a line the user
    named that cannot be had, and every other error, is raised as it is."""
    from geo.scenario import load_scenario

    def unavailable(*args, **kwargs):
        raise error

    monkeypatch.setattr(pipeline, "find_control", unavailable)
    scenario = load_scenario("plan-28")
    control = None if own_line else "deepstate:2025-11-15"
    if falls_back:
        found, notices = pipeline._control_source(scenario, control, True, None, None, "en")
        assert found is None and len(notices) == 1 and "not shown" in notices[0]
    else:
        with pytest.raises(type(error)) as raised:
            pipeline._control_source(scenario, control, True, None, None, "en")
        assert raised.value is error


@pytest.mark.parametrize("order", [list, lambda found: found[::-1], lambda found: found[1:] + found[:1]])
def test_a_series_comes_out_in_date_order_whatever_order_its_files_are_found_in(tmp_path, monkeypatch, order):
    from pathlib import Path

    from geo import control

    # Names whose alphabetical order is not their dates' order, dated by name in two ways.
    names = ["a-2026-03-15.geojson", "b-20240715.geojson", "c-2025-01-15.geojson", "front-20251120.geojson"]
    for name in names:
        (tmp_path / name).write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    listed = sorted(tmp_path.iterdir())
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(order(list(listed))))
    found = control.find_series(str(tmp_path))
    assert [source.date for source, _ in found] == ["2024-07-15", "2025-01-15", "2025-11-20", "2026-03-15"]
    assert [Path(source.source).name for source, _ in found] == [names[1], names[2], names[3], names[0]]


def _status_problems(key="mine", colour="#cc3311"):
    from geo.statuses import Status

    return Status(key=key, label="L", description="", colour=colour, pattern="solid").problems()


def _scenario_id(value, tmp_path):
    from geo.errors import ScenarioError
    from geo.scenario import load_scenario

    path = tmp_path / "s.toml"
    path.write_text(f'id = "{value}"\ntitle = "T"\n', encoding="utf-8")
    try:
        load_scenario(str(path))
    except ScenarioError as error:
        return [str(error)]
    return []


def _date(value, tmp_path):
    from geo import control
    from geo.errors import ControlError

    try:
        control.check_date(value, "--control-date")
    except ControlError as error:
        return [str(error)]
    return []


def _cli(parse, value):
    import argparse

    try:
        parse(value)
    except argparse.ArgumentTypeError as error:
        return [str(error)]
    return []


def _aspect(value, tmp_path):
    from geo import embed
    from geo.errors import GeoError

    page = tmp_path / "m.html"
    page.write_text('<title>T</title><div id="map_ukraine"></div>', encoding="utf-8")
    try:
        embed.iframe(page, aspect=value)
    except GeoError as error:
        return [str(error)]
    return []


CHECKS = {
    "status key": lambda v, _: _status_problems(key=v),
    "colour": lambda v, _: _status_problems(colour=v),
    "scenario id": _scenario_id,
    "date": _date,
    "size": lambda v, _: _cli(__import__("geo.cli", fromlist=["_pixels"])._pixels, v),
    "dpi": lambda v, _: _cli(__import__("geo.cli", fromlist=["_dpi"])._dpi, v),
    "aspect": _aspect,
}
VALID = {
    "status key": "mine",
    "colour": "#cc3311",
    "scenario id": "plan-28",
    "date": "2025-11-20",
    "size": "1600x1100",
    "dpi": "150",
    "aspect": "3:2",
}


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("around", [("", "\n"), ("\n", ""), ("", " "), (" ", ""), ("", "!"), ("!", "")], ids=repr)
def test_every_validation_matches_the_whole_string(check, around, tmp_path):
    """A valid value passes; the same value with a character no grammar allows before or after it (a newline
    a regex's $ would let through, a space, a '!') is refused."""
    assert CHECKS[check](VALID[check], tmp_path) == []
    assert CHECKS[check](around[0] + VALID[check] + around[1], tmp_path) != []
