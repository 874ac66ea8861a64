"""The map cache's key covers every input the cached data is made from: change any one, and the key
changes (a stale map would otherwise be served). Checked input by input over copies, never the real files."""

import shutil

import pytest

from geo import pipeline, places
from geo.control import ControlSource

PACKAGE = pipeline.Path(pipeline.__file__).parent


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    """Copies of every file the key reads, with the key pointed at them; and a control layer."""
    package = tmp_path / "geo"
    package.mkdir()
    for path in [*PACKAGE.glob("*.py"), *PACKAGE.glob("*.toml")]:
        shutil.copy(path, package / path.name)
    data = tmp_path / "boundaries"
    shutil.copytree(pipeline.DATA_DIR, data)
    towns = tmp_path / "towns.json"
    shutil.copy(places.TOWNS_FILE, towns)
    monkeypatch.setattr(pipeline, "__file__", str(package / "pipeline.py"))
    monkeypatch.setattr(pipeline, "DATA_DIR", data)
    monkeypatch.setattr(places, "TOWNS_FILE", towns)
    control = tmp_path / "line.geojson"
    control.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    found = ControlSource(control, str(control), "2025-11-20", "Line of control: ours")
    files = [
        *sorted(package.iterdir()),
        data / pipeline.UKRAINE_FILE,
        data / pipeline.CONTEXT_FILE,
        towns,  # the towns every map labels and counts
        control,
    ]
    return found, files


def test_the_map_key_changes_when_any_file_it_is_made_from_changes(inputs):
    found, files = inputs
    base = pipeline._map_key(found)
    assert pipeline._map_key(found) == base  # the same inputs, the same key
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert pipeline._map_key(found) != base, path.name
        path.write_bytes(original)
    assert pipeline._map_key(found) == base


@pytest.mark.parametrize(
    "change",
    [
        {"credit": "Line of control: theirs"},
        {"date": "2025-11-21"},
    ],
)
def test_the_map_key_changes_with_the_lines_credit_and_date(inputs, change):
    found, _ = inputs
    assert pipeline._map_key(pipeline.replace(found, **change)) != pipeline._map_key(found)


def test_the_map_key_changes_with_bands_notes_each_date_and_the_geometry_libraries(inputs, monkeypatch):
    found, _ = inputs
    base = pipeline._map_key(found)
    assert pipeline._map_key(found, bands=((5.0, "held"),)) != base
    assert pipeline._map_key(found, found, notes=["", "a gap"]) != pipeline._map_key(found, found, notes=["", ""])
    assert pipeline._map_key(found, found) != base  # two dates are not one
    assert pipeline._map_key(found, None) != pipeline._map_key(None, found)  # nor in another order
    real = pipeline.importlib.metadata.version
    for library in pipeline._GEOMETRY_LIBRARIES:
        monkeypatch.setattr(
            pipeline.importlib.metadata, "version", lambda name, lib=library: "0.0" if name == lib else real(name)
        )
        assert pipeline._map_key(found) != base, library
    monkeypatch.setattr(pipeline.importlib.metadata, "version", real)
