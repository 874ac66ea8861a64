import contextlib
import csv
import io
import json
import subprocess
import sys

import pytest

from geo.cli import main
from tests.conftest import OFFICIAL_AREA_KM2, UNSHIPPED_DAY, python_argv


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_render_writes_the_map_and_prints_one_summary_line(capsys, tmp_path, deepstate_file):
    out = tmp_path / "plan.html"
    code, stdout, stderr = run(capsys, "render", "--control", str(deepstate_file), "--out", str(out))
    assert code == 0 and stderr == ""
    assert stdout.count("\n") == 1 and stdout.startswith(f"{out}: ")
    assert "27 regions" in stdout and "demilitarised 1" in stdout and "returned 4" in stdout
    assert out.stat().st_size > 100_000


def test_a_repeated_render_reuses_the_cached_map_data_and_writes_the_same_bytes(capsys, tmp_path, cache_dir):
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    assert run(capsys, "render", "--offline", "--out", str(first))[0] == 0
    assert len(list(cache_dir.glob("map-*.json"))) == 1
    assert run(capsys, "render", "--offline", "--out", str(second))[0] == 0
    assert second.read_bytes() == first.read_bytes()


def test_a_repeated_render_needs_no_geometry_or_folium_import(tmp_path, cache_dir):
    """What keeps a repeated `geo render` fast: it only fills templates with cached data."""
    script = (
        "import sys; from geo.cli import main; code = main(sys.argv[1:]);"
        "print(code, sorted(m for m in ('geopandas', 'shapely', 'pandas', 'folium') if m in sys.modules))"
    )
    argv = [*python_argv(tmp_path, script), "render", "--offline", "--out", str(tmp_path / "m.html")]
    cold = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.splitlines()[-1]
    warm = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.splitlines()[-1]
    assert cold.startswith("0 [") and "geopandas" in cold
    assert warm == "0 []"


@pytest.mark.parametrize("file_format", ["html", "png"])
def test_render_writes_into_the_current_folder_never_into_maps(file_format, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    code, _, _ = run(capsys, "render", "--control", "none", "--scenario", "ceasefire-in-place", "--format", file_format)
    assert code == 0 and (tmp_path / f"ceasefire-in-place.{file_format}").is_file()
    assert list((tmp_path / "maps").iterdir()) == []  # the committed maps are written only on purpose


def test_render_offline_without_data_falls_back_warns_says_so_and_exits_zero(capsys, tmp_path, unshipped_plan):
    out = tmp_path / "plan.html"
    out.write_text("yesterday's map")
    code, stdout, stderr = run(capsys, "render", "--scenario", str(unshipped_plan), "--offline", "--out", str(out))
    assert code == 0 and "FELL BACK to whole regions" in stdout  # the old map was replaced, loudly
    assert stderr.startswith("geo: warning: The line of control of 2025-11-15 is not shown") and stderr.count("\n") == 1
    assert "Depends on the line of control" in out.read_text(encoding="utf-8")


def test_a_fresh_offline_machine_renders_the_plan_with_its_line(capsys, tmp_path):
    out = tmp_path / "plan.html"
    code, stdout, stderr = run(capsys, "render", "--offline", "--out", str(out))
    assert code == 0 and stderr == "" and "FELL BACK" not in stdout and "demilitarised 1" in stdout


def test_stats_csv_has_the_documented_columns_and_all_zones(capsys, deepstate_file):
    code, stdout, _ = run(capsys, "stats", "--control", str(deepstate_file), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert code == 0 and list(rows[0]) == [
        "iso",
        "name",
        "part",
        "status",
        "label",
        "area_km2",
        "share_pct",
        "share_of_region_pct",
        "towns",
        "population",
    ]
    by_region = {}
    for row in rows:
        by_region[row["iso"]] = by_region.get(row["iso"], 0) + float(row["share_of_region_pct"])
    assert all(total == pytest.approx(100, abs=0.02) for total in by_region.values())
    assert {r["iso"] for r in rows} == {r["iso"] for r in rows if r["iso"].startswith("UA-")} and len(rows) > 27
    assert sum(float(r["share_pct"]) for r in rows) == pytest.approx(100, abs=0.05)
    assert abs(sum(float(r["area_km2"]) for r in rows) - OFFICIAL_AREA_KM2) / OFFICIAL_AREA_KM2 < 0.015


def test_stats_json_has_zones_and_totals_per_status(capsys):
    code, stdout, _ = run(capsys, "stats", "--control", "none", "--format", "json")
    document = json.loads(stdout)
    assert code == 0 and document["scenario"] == "plan-28" and document["control"] is None
    assert len(document["zones"]) == 27
    assert [t["status"] for t in document["totals"]] == ["recognised", "unchanged", "undetermined"]


def test_stats_table_ends_with_the_total_area(capsys):
    code, stdout, _ = run(capsys, "stats", "--control", "none")
    *_, last, note = stdout.rstrip().splitlines()
    total = float(last.removeprefix("Ukraine: ").removesuffix(" km²").replace(",", ""))
    assert "not today's residents" in note
    assert code == 0 and abs(total - OFFICIAL_AREA_KM2) / OFFICIAL_AREA_KM2 < 0.01


def test_regions_and_scenarios_are_listed(capsys):
    assert run(capsys, "regions")[1].count("\n") == 27
    assert "plan-28" in run(capsys, "scenarios")[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "--scenario", "nope"], "geo: unknown scenario 'nope'"),
        (["render", "--control", "/nonexistent.geojson"], "geo: /nonexistent.geojson: no such file"),
        (["render", "--boundaries", "/nonexistent.gpkg"], "geo: /nonexistent.gpkg: no such file"),
        (["stats", "--control", "deepstate:soon"], "geo: deepstate:soon: expected deepstate:YYYY-MM-DD"),
    ],
)
def test_bad_input_gives_one_line_exit_one_and_no_output(capsys, tmp_path, argv, message):
    out = tmp_path / "map.html"
    code, stdout, stderr = run(capsys, *argv, *(["--out", str(out)] if argv[0] == "render" else []))
    assert code == 1 and stdout == "" and stderr.startswith(message) and stderr.count("\n") == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_bad_scenario_file_names_the_file_and_rule(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "b"\ntitle = "B"\n[[rules]]\nregions = ["Narnia"]\nstatus = "frozen"\n')
    code, _, stderr = run(capsys, "render", "--scenario", str(bad), "--out", str(tmp_path / "m.html"))
    assert code == 1 and stderr.startswith("geo: bad.toml: rule 1: unknown region 'Narnia'")
    assert not (tmp_path / "m.html").exists()


def test_unavailable_source_named_explicitly_exits_two(capsys, tmp_path):
    code, _, stderr = run(
        capsys, "render", "--control", f"deepstate:{UNSHIPPED_DAY}", "--offline", "--out", str(tmp_path / "m.html")
    )
    assert code == 2 and "is not in the cache" in stderr and not (tmp_path / "m.html").exists()


def test_unwritable_output_is_one_line_not_a_traceback(capsys, tmp_path):
    (tmp_path / "file").write_text("")
    code, _, stderr = run(capsys, "render", "--control", "none", "--out", str(tmp_path / "file" / "map.html"))
    assert code == 1 and stderr.startswith("geo: ") and stderr.count("\n") == 1


def test_the_installed_command_reports_errors_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "render", "--scenario", "nope"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("geo: unknown scenario 'nope'")


def test_a_bug_is_one_line_saying_where_with_exit_code_three(capsys, monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise RuntimeError("first line\nsecond line")

    monkeypatch.setattr("geo.webmap.page", broken)
    code, _, stderr = run(capsys, "render", "--control", "none", "--out", str(tmp_path / "m.html"))
    assert code == 3 and stderr.count("\n") == 1 and not (tmp_path / "m.html").exists()
    assert stderr.startswith("geo: internal error at test_cli.py:") and "RuntimeError: first line second line" in stderr


def test_usage_errors_are_one_line_with_exit_code_one():
    usage = subprocess.run([sys.executable, "-m", "geo", "render", "--colour", "x"], capture_output=True, text=True)
    assert usage.returncode == 1 and usage.stderr == "geo: unrecognized arguments: --colour x (see 'geo --help')\n"
    missing = subprocess.run([sys.executable, "-m", "geo", "stats", "--format", "xml"], capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stderr.startswith("geo: argument --format: invalid choice: 'xml'")
    assert missing.stderr.count("\n") == 1


def test_two_processes_rendering_the_same_file_leave_one_whole_map_and_cache_entry(tmp_path, cache_dir):
    out = tmp_path / "same.html"
    argv = [sys.executable, "-m", "geo", "render", "--offline", "--out", str(out)]
    runs = [subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    assert all(run.wait(timeout=120) == 0 for run in runs)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert [p.name for p in tmp_path.iterdir()] == ["same.html"]  # no temporary file left behind
    (entry,) = list(cache_dir.iterdir())  # nothing downloaded: the plan's line ships with geo
    assert entry.name.startswith("map-") and len(json.loads(entry.read_text(encoding="utf-8"))["zones"]) == 35


def test_control_layer_outside_ukraine_is_one_line_and_exit_one(capsys, tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    far = tmp_path / "far.geojson"
    gpd.GeoDataFrame(geometry=[box(2, 48, 3, 49)], crs=4326).to_file(far)
    code, _, stderr = run(capsys, "render", "--control", str(far), "--out", str(tmp_path / "m.html"))
    where = "(longitude 2.0 to 3.0, latitude 48.0 to 49.0)"
    assert code == 1 and stderr == f"geo: {far}: does not lie where Ukraine is {where}\n"
    assert not (tmp_path / "m.html").exists()


def test_stats_give_the_occupied_total_that_plain_shapely_gives(capsys, deepstate_file):
    import geopandas as gpd
    import shapely

    from geo.boundaries import load_boundaries

    code, stdout, _ = run(capsys, "stats", "--control", str(deepstate_file), "--format", "json")
    document = json.loads(stdout)
    occupied = sum(z["area_km2"] for z in document["zones"] if z["part"] == "occupied")
    assert code == 0 and document["occupied_km2"] == pytest.approx(occupied, abs=0.1)
    # Independent: Ukraine intersected with the snapshot on EPSG:3035; the sliver rule moves well under 1 %.
    ukraine = load_boundaries().to_crs("EPSG:3035").union_all()
    held = gpd.read_file(deepstate_file).to_crs("EPSG:3035").union_all()
    assert occupied == pytest.approx(shapely.intersection(ukraine, held).area / 1e6, rel=0.01)
    code, table, _ = run(capsys, "stats", "--control", str(deepstate_file))
    assert f"Held by Russian forces on 2025-11-20: {document['occupied_km2']:,.0f} km²" in table


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "--format", "png", "--size", "9" * 5000],  # a usage error
        ["render", "--control", "deepstate:" + "2" * 5000],  # an input error
    ],
    ids=["usage", "input"],
)
def test_an_error_line_is_at_most_600_characters_prefix_included(capsys, argv):
    with contextlib.suppress(SystemExit):  # argparse's way out, with our one line
        main(argv)
    err = capsys.readouterr().err
    assert err.startswith("geo: ") and err.count("\n") == 1 and len(err.rstrip("\n")) <= 600


def test_a_library_warning_is_one_geo_line_per_file(capsys, tmp_path):
    """A GeoPackage of several layers in a folder of dated lines: one line a file, in geo's words."""
    import geopandas as gpd
    import shapely

    frame = gpd.GeoDataFrame(geometry=[shapely.box(36, 47, 38, 49)], crs=4326)
    for day in ("20300115", "20300215"):
        for layer in ("a", "b"):
            frame.to_file(tmp_path / f"front-{day}.gpkg", layer=layer)
    assert main(["stats", "--control", str(tmp_path), "--format", "csv"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith("geo: warning: ") for line in lines)
    assert all(line.endswith("holds several layers; the first is read") for line in lines)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_tables_and_exports_give_each_status_its_words_in_the_language_asked(capsys, tmp_path, lang):
    """stats, places and export carry a label column: the words of geo's catalogue for that language
    (read here from the catalogue file itself), one label per status."""
    import tomllib
    from pathlib import Path

    import geo

    catalogue = Path(geo.__file__).parent / "locales" / f"{lang}.toml"
    words = tomllib.loads(catalogue.read_text(encoding="utf-8"))["statuses"]
    expected = {key: entry["label"] for key, entry in words.items()}
    for command in ("stats", "places"):
        code, stdout, _ = run(capsys, command, "--offline", "--lang", lang, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(stdout)))
        assert code == 0 and rows and all(r["label"] == expected[r["status"]] for r in rows), command
    out = tmp_path / "zones.geojson"
    assert main(["export", "--offline", "--lang", lang, "--format", "geojson", "--out", str(out)]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    zones = [f["properties"] for f in features if f["properties"]["layer"] == "zones"]
    assert zones and all(z["label"] == expected[z["status"]] for z in zones)


def test_the_librarys_warnings_are_printed_whatever_pythons_warning_filters_say(tmp_path, monkeypatch, capsys):
    """`python -W ignore` or PYTHONWARNINGS=ignore silence warnings for scripts using geo, not geo's own
    word to its user: a cache that cannot be written is still said."""
    import warnings

    (tmp_path / "blocker").write_text("not a folder")
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "blocker"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["render", "--control", "none", "--out", str(tmp_path / "map.html")]) == 0
    assert capsys.readouterr().err.startswith("geo: warning: cache not written")
