"""GIS export: zones, the line of control and the markers read back with pyogrio, areas as geo stats
gives them."""

import errno
import json
import os
import stat

import pyogrio
import pytest

from geo import pipeline
from geo.cli import main
from geo.errors import OutputError
from geo.gis import ZONE_FIELDS, export
from geo.stats import area_table
from geo.zones import line_of_control


@pytest.fixture(scope="module")
def plan():
    return pipeline.run("plan-28", offline=True)[0]


def read_back(path, layer=None):
    return pyogrio.read_dataframe(path, layer=layer)


@pytest.mark.parametrize("file_format", ["gpkg", "flatgeobuf", "geojson"])
def test_zones_and_line_read_back_with_their_areas_statuses_and_credits(plan, tmp_path, file_format):
    out = tmp_path / f"plan.{ {'gpkg': 'gpkg', 'flatgeobuf': 'fgb', 'geojson': 'geojson'}[file_format] }"
    private = os.umask(0o077)  # a user's umask that hides new files: the published ones are still for all
    try:
        written = export(plan, out, file_format)
    finally:
        os.umask(private)
    if file_format == "gpkg":
        assert [name for name, _ in pyogrio.list_layers(out)] == ["zones", "line_of_control", "markers"]
        zones, line, markers = (read_back(out, layer) for layer in ("zones", "line_of_control", "markers"))
        about = json.loads(pyogrio.read_info(out, layer="zones")["layer_metadata"]["DESCRIPTION"])
    elif file_format == "flatgeobuf":
        assert written == [out, tmp_path / "plan-line.fgb", tmp_path / "plan-markers.fgb"]
        zones, line, markers = (read_back(each) for each in written)
        about = json.loads(pyogrio.read_info(out)["layer_metadata"]["DESCRIPTION"])
        assert json.loads(pyogrio.read_info(written[1])["layer_metadata"]["DESCRIPTION"]) == about  # credits too
    else:
        document = json.loads(out.read_text(encoding="utf-8"))
        assert plan.zones["name_uk"].iloc[0] in out.read_text(encoding="utf-8")  # UTF-8 letters, not \u escapes
        everything = read_back(out)
        zones = everything[everything["layer"] == "zones"].drop(columns=["layer", "date"])
        line = everything[everything["layer"] == "line_of_control"]
        markers = everything[everything["layer"] == "markers"]
        about = document["geo"]
    assert set(ZONE_FIELDS) <= set(zones.columns) and zones.crs.to_epsg() == 4326
    # FlatGeobuf orders features by its spatial index: compare zone by zone.
    exported = zones.set_index(["iso", "part"]).sort_index()
    table = area_table(plan.zones).set_index(["iso", "part"]).sort_index()
    assert list(exported["area_km2"].round(6)) == list(table["area_km2"].round(6))  # as geo stats says
    assert list(exported["status"]) == list(table["status"]) and len(exported) == len(table)
    assert len(line) == 1
    assert line.geometry.iloc[0].length == pytest.approx(line_of_control(plan.zones).length, rel=1e-6)
    # plan-28's one marker, the nuclear plant, a point where its scenario file puts it.
    (marker,) = plan.scenario.markers
    assert list(markers["label"]) == [marker.label] and list(markers["kind"]) == ["plant"]
    assert list(markers["note"]) == [marker.note] and markers.geometry.iloc[0].geom_type == "Point"
    assert (markers.geometry.iloc[0].x, markers.geometry.iloc[0].y) == pytest.approx((marker.lon, marker.lat))
    assert "OpenStreetMap" in about["credits"] and "DeepStateMap" in about["credits"]
    # The zones' own sources, each once: boundaries, line of control, the scenario (no places: no towns here).
    assert about["credits"].split(" · ") == [
        plan.zones.attrs["credit"],
        plan.control.credit,
        f"Scenario: {plan.scenario.source}",
    ]
    assert "Open Database License" in about["licences"] and about["control_date"] == "2025-11-20"
    assert "DeepStateMap, which states it holds exclusive rights" in about["licences"]  # its licence agreement
    assert about["area_unit"].startswith("km² on EPSG:3035")
    # Readable by everyone, as every file geo writes (geo.files.write_atomic): a map's data is for publishing.
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o644 for path in written)


def test_the_command_exports_and_refuses_what_is_not_a_file(tmp_path, capsys):
    out = tmp_path / "zones.gpkg"
    assert main(["export", "--offline", "--out", str(out)]) == 0
    assert "35 zones, the line of control and 1 marker (gpkg)" in capsys.readouterr().out
    assert main(["export", "--offline", "--out", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zones.gpkg"]  # no temporary file left


@pytest.mark.parametrize(
    ("argv", "blocked"),
    [
        (["export", "--format", "flatgeobuf", "--out", "z.fgb"], "z-line.fgb"),
        (["export", "--format", "flatgeobuf", "--out", "z.fgb"], "z-markers.fgb"),
        (["chart", "--out", "c.png"], "c.png"),
    ],
    ids=["flatgeobuf's line file", "flatgeobuf's markers file", "chart"],
)
def test_every_output_path_is_checked_before_any_work(tmp_path, monkeypatch, capsys, argv, blocked):
    """A folder where a file must go is refused first: the range asked for is not even looked up
    (offline and uncached, it would be an error of its own)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / blocked).mkdir()
    assert main([*argv, "--offline", "--control", "deepstate:2030-01-15..2030-03-15"]) == 1
    err = capsys.readouterr().err
    assert err == f"geo: {blocked}: is a folder; give a file name\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [blocked]


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KB file system: any map export fills it. Needs root to mount (CI and this project's machines)."""
    import subprocess

    folder = tmp_path / "full"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (not root?)")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("file_format", ["gpkg", "flatgeobuf", "geojson"])
def test_a_full_disk_is_one_line_naming_the_users_file_and_leaves_nothing(full_disk, capsys, file_format):
    out = full_disk / f"zones.{file_format}"
    assert main(["export", "--offline", "--format", file_format, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"geo: cannot write {out}: no space left on the device; free some space or write elsewhere\n"
    assert list(full_disk.iterdir()) == []


def test_an_export_of_several_dates_is_refused_before_any_work(tmp_path, capsys):
    folder = tmp_path / "lines"
    folder.mkdir()
    assert main(["export", "--control", str(folder), "--out", str(tmp_path / "z.gpkg")]) == 1
    assert capsys.readouterr().err == (
        "geo: geo export writes one date: give one control layer (a file, a URL or deepstate:DATE)\n"
    )


@pytest.mark.parametrize(
    ("free", "writable", "message", "errno_", "words"),
    [
        (10, True, "Unexpected I/O failure", errno.ENOSPC, "Unexpected I/O failure"),
        (10**9, False, "Permission denied\nmore", errno.EACCES, "Permission denied\nmore"),
        (10**9, True, "GDAL's first line\nits second", 0, "GDAL's first line"),
        (10**9, True, "", 0, "the GIS library could not write the file"),
    ],
    ids=["full disk", "folder not writable", "other", "no words"],
)
def test_gdals_write_failures_become_the_system_error_they_stand_for(
    monkeypatch, tmp_path, free, writable, message, errno_, words
):
    """GDAL rarely says why a write failed: geo asks the folder (free space, then write access)."""
    import collections
    import shutil

    from geo import gis

    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda folder: usage(10**12, 0, free) if folder == tmp_path else None)
    asked = []
    monkeypatch.setattr(os, "access", lambda folder, mode: asked.append((folder, mode)) or writable)
    error = gis._why(tmp_path, message)
    assert (error.errno, error.strerror) == (errno_, words)
    assert asked in ([], [(tmp_path, os.W_OK)])


def test_a_map_without_a_line_exports_its_regions_and_an_empty_line(tmp_path):
    out = tmp_path / "regions.geojson"
    export(pipeline.run("plan-28", control="none")[0], out, "geojson")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["geo"]["control_date"] == "" and "DeepStateMap" not in document["geo"]["credits"]
    assert "DeepStateMap" not in document["geo"]["licences"] and "Open Database License" in document["geo"]["licences"]
    zones = [f for f in document["features"] if f["properties"]["layer"] == "zones"]
    assert len(zones) == 27 and {f["properties"]["part"] for f in zones} == {"all"}
    (line,) = [f for f in document["features"] if f["properties"]["layer"] == "line_of_control"]
    assert line["properties"]["date"] == "" and line["geometry"]["coordinates"] == []


def test_a_gis_library_failure_names_the_users_file_with_the_librarys_reason(plan, tmp_path, monkeypatch):
    def failing(frame, path, **kwargs):
        raise pyogrio.errors.DataSourceError(f"{path}: the driver refused this\nmore detail")

    monkeypatch.setattr(pyogrio, "write_dataframe", failing)
    out = tmp_path / "zones.gpkg"
    with pytest.raises(OutputError) as raised:
        export(plan, out, "gpkg")
    assert str(raised.value) == f"cannot write {out}: {out}: the driver refused this"
    assert list(tmp_path.iterdir()) == []


def test_a_users_own_line_is_not_said_to_be_under_deepstatemaps_terms(tmp_path, deepstate_file):
    """The licences name the line's own publisher, as its credit does (`--control-credit`)."""
    own = tmp_path / "front.geojson"
    own.write_bytes(deepstate_file.read_bytes())
    result = pipeline.run("plan-28", control=str(own), control_credit="Line of control: Example Institute (CC BY 4.0)")
    out = tmp_path / "own.geojson"
    export(result[0], out, "geojson")
    about = json.loads(out.read_text(encoding="utf-8"))["geo"]
    assert "DeepStateMap" not in about["licences"] and "Example Institute (CC BY 4.0)" in about["licences"]
