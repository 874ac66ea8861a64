import datetime as dt
import json
import re
import shutil

import geopandas as gpd
import pytest
import shapely

from geo import control, deepstate
from geo.errors import ControlError, SourceUnavailable
from tests.conftest import QuietHandler, python_argv, serve


def area_km2(geometry):
    return gpd.GeoSeries([geometry], crs=4326).to_crs("EPSG:3035").area.iloc[0] / 1e6


def geodesic_km2(path) -> float:
    """The file's area on the WGS84 ellipsoid, read with json and measured with pyproj.Geod:
    a reference that shares nothing with geo's reading or projection."""
    import json

    import pyproj

    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    union = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in features])
    return abs(pyproj.Geod(ellps="WGS84").geometry_area_perimeter(union)[0]) / 1e6


@pytest.fixture
def archive(http_server, monkeypatch, unshipped_snapshot):
    """A local stand-in for the DeepStateMap archive, serving the 2025-11-15 snapshot only
    (a day whose line geo does not ship, so it must be downloaded)."""
    root, base, requested = http_server
    shutil.copy(unshipped_snapshot, root / unshipped_snapshot.name)
    monkeypatch.setenv("GEO_DEEPSTATE_URL", base + "/deepstatemap_data_{date:%Y%m%d}.geojson")
    return root, requested


def test_snapshot_file_is_read_as_one_polygon_and_credited_to_deepstatemap(deepstate_file):
    layer = control.load_control(str(deepstate_file))
    assert layer.geometry.geom_type == "MultiPolygon"
    assert area_km2(layer.geometry) == pytest.approx(geodesic_km2(deepstate_file), rel=0.002)
    assert layer.date == "2025-11-20" and "DeepStateMap" in layer.credit


def test_control_layer_in_a_projected_crs_is_reprojected(deepstate_file, tmp_path):
    path = tmp_path / "held.gpkg"
    gpd.read_file(deepstate_file).to_crs("EPSG:3035").to_file(path)
    layer = control.load_control(str(path))
    assert area_km2(layer.geometry) == pytest.approx(geodesic_km2(deepstate_file), rel=0.002)
    assert layer.date == "" and layer.credit == "Line of control: held.gpkg"


def test_deepstate_date_downloads_once_into_the_cache(archive, cache_dir):
    _, requested = archive
    first = control.load_control("deepstate:2025-11-15")
    assert requested == ["/deepstatemap_data_20251115.geojson"]
    assert (cache_dir / "deepstatemap_data_20251115.geojson").is_file()
    second = control.load_control("deepstate:2025-11-15")
    assert requested == ["/deepstatemap_data_20251115.geojson"]  # served from the cache
    assert second.geometry.equals(first.geometry) and second.credit == deepstate.CREDIT


def test_deepstate_latest_walks_back_to_the_newest_published_day(archive):
    _, requested = archive
    layer = control.load_control("deepstate:latest", today=dt.date(2025, 11, 17))
    assert layer.date == "2025-11-15"
    assert requested[-3:] == [f"/deepstatemap_data_202511{day}.geojson" for day in (17, 16, 15)]


def test_missing_snapshot_is_source_unavailable_and_leaves_cache_empty(archive, cache_dir):
    with pytest.raises(SourceUnavailable, match="HTTP 404"):
        control.load_control("deepstate:2025-11-14")
    assert not any(cache_dir.iterdir())


def test_pinned_snapshot_with_wrong_content_is_rejected_and_not_cached(archive, cache_dir):
    root, _ = archive
    (root / "deepstatemap_data_20251115.geojson").write_text('{"type":"FeatureCollection","features":[]}')
    with pytest.raises(SourceUnavailable, match="hash"):
        control.load_control("deepstate:2025-11-15")
    assert not any(cache_dir.iterdir())


def test_unpinned_snapshot_that_is_not_geojson_is_rejected_and_removed(archive, cache_dir):
    root, _ = archive
    (root / "deepstatemap_data_20251113.geojson").write_text("<html>rate limited</html>")
    with pytest.raises(ControlError, match="cannot read as a control layer"):
        control.load_control("deepstate:2025-11-13")
    assert not any(cache_dir.iterdir())


def test_offline_uses_the_cache_and_never_the_network(archive, seeded_unshipped):
    _, requested = archive
    assert control.load_control("deepstate:2025-11-15", offline=True).date == "2025-11-15"
    assert control.load_control("deepstate:latest", offline=True, today=dt.date(2025, 11, 25)).date == "2025-11-15"
    with pytest.raises(SourceUnavailable, match="--offline"):
        control.load_control("deepstate:2025-11-16", offline=True)
    assert requested == []


def test_unreachable_archive_is_source_unavailable(monkeypatch, cache_dir):
    monkeypatch.setenv("GEO_DEEPSTATE_URL", "http://127.0.0.1:9/deepstatemap_data_{date:%Y%m%d}.geojson")
    with pytest.raises(SourceUnavailable, match="cannot reach"):
        control.load_control("deepstate:2025-11-15")
    assert not any(cache_dir.iterdir())


def test_control_layer_from_a_url(http_server, unshipped_snapshot):
    root, base, requested = http_server
    shutil.copy(unshipped_snapshot, root / "front.geojson")
    layer = control.load_control(f"{base}/front.geojson")
    assert area_km2(layer.geometry) == pytest.approx(geodesic_km2(unshipped_snapshot), rel=0.002)
    assert requested == ["/front.geojson"]


def test_url_that_serves_no_geodata_is_rejected_and_not_cached(http_server, cache_dir):
    root, base, _ = http_server
    (root / "front.geojson").write_text("<html>sign in</html>")
    with pytest.raises(ControlError, match="cannot read as a control layer"):
        control.load_control(f"{base}/front.geojson")
    assert not any(cache_dir.iterdir())


def test_finding_a_cached_snapshot_touches_neither_network_nor_content(archive, seeded_unshipped):
    _, requested = archive
    found = control.find_control("deepstate:2025-11-15")
    assert (found.path, found.date) == (seeded_unshipped / "deepstatemap_data_20251115.geojson", "2025-11-15")
    assert "DeepStateMap" in found.credit and not hasattr(found, "geometry")
    assert requested == []


@pytest.mark.parametrize(
    ("source", "error", "message"),
    [
        ("deepstate:yesterday", ControlError, "expected deepstate:YYYY-MM-DD"),
        ("/nonexistent/front.geojson", ControlError, "no such file"),
    ],
)
def test_a_bad_date_or_a_missing_file_is_one_clear_error(source, error, message):
    with pytest.raises(error, match=message):
        control.load_control(source)


def test_control_file_without_polygons_is_an_error(tmp_path):
    path = tmp_path / "points.geojson"
    gpd.GeoDataFrame(geometry=[shapely.Point(37, 48)], crs=4326).to_file(path)
    with pytest.raises(ControlError, match="holds no polygons"):
        control.load_control(str(path))


def test_self_intersecting_control_polygon_is_repaired(tmp_path):
    path = tmp_path / "bowtie.geojson"
    bowtie = shapely.Polygon([(37, 48), (38, 49), (38, 48), (37, 49)])
    gpd.GeoDataFrame(geometry=[bowtie], crs=4326).to_file(path)
    layer = control.load_control(str(path))
    assert layer.geometry.is_valid and layer.geometry.area == pytest.approx(0.5)


def test_oversized_control_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.geojson"
    path.write_text('{"type":"FeatureCollection","features":[]}' + " " * 100)
    monkeypatch.setattr(control, "MAX_FILE_BYTES", 100)
    with pytest.raises(ControlError, match="larger than"):
        control.load_control(str(path))
    monkeypatch.setattr(control, "MAX_FILE_BYTES", 1_000_000)  # the limit in the message, in whole MB
    path.write_text(" " * 1_000_100)
    with pytest.raises(ControlError, match=r"big\.geojson: larger than 1 MB$"):
        control.load_control(str(path))


@pytest.fixture
def misbehaving_server(monkeypatch):
    """A server on 127.0.0.1 that truncates its body (/truncated) or stalls (/slow), briefly."""
    import time

    class Handler(QuietHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            if self.path.startswith("/slow"):
                time.sleep(2)
            self.wfile.write(b'{"type": "FeatureCollection", "features": [')
            self.wfile.flush()

    monkeypatch.setattr("geo.cache.TIMEOUT_S", 0.5)
    with serve(Handler) as base:
        yield base


@pytest.mark.parametrize("path", ["/truncated.geojson", "/slow.geojson"])
def test_truncated_or_stalled_download_is_reported_and_leaves_the_cache_as_it_was(misbehaving_server, cache_dir, path):
    (cache_dir / "keep.txt").write_text("untouched")
    with pytest.raises(SourceUnavailable):
        control.load_control(misbehaving_server + path)
    assert sorted(p.name for p in cache_dir.iterdir()) == ["keep.txt"]


@pytest.fixture
def slow_archive(monkeypatch, unshipped_snapshot):
    """Serves the snapshot in ten pieces over about a second, and records when each request ran."""
    import time

    body, spans = unshipped_snapshot.read_bytes(), []

    class Handler(QuietHandler):
        def do_GET(self):
            start = time.monotonic()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            pieces = [body[at : at + len(body) // 10 + 1] for at in range(0, len(body), len(body) // 10 + 1)]
            for piece in pieces[:-1]:
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(0.1)
            spans.append((start, time.monotonic()))  # before the last piece: the client is still waiting
            self.wfile.write(pieces[-1])

    with serve(Handler) as base:
        monkeypatch.setenv("GEO_DEEPSTATE_URL", base + "/{date:%Y%m%d}.geojson")
        yield spans


def test_two_processes_downloading_one_snapshot_at_once_leave_one_whole_file(
    slow_archive, cache_dir, unshipped_snapshot, tmp_path
):
    import hashlib
    import subprocess

    script = "from geo.control import find_control; print(find_control('deepstate:2025-11-15').path)"
    argv = python_argv(tmp_path, script)
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    paths = [run.communicate(timeout=60)[0].strip() for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert len(slow_archive) == 2
    (_, first_end), (second_start, _) = sorted(slow_archive)
    assert second_start < first_end  # the two downloads overlapped
    assert paths[0] == paths[1] == str(cache_dir / unshipped_snapshot.name)
    assert [p.name for p in cache_dir.iterdir()] == [unshipped_snapshot.name]  # no temporary file left
    assert (
        hashlib.sha256((cache_dir / unshipped_snapshot.name).read_bytes()).hexdigest()
        == deepstate.checksums()["2025-11-15"]
    )


def test_the_plans_line_ships_with_geo_and_needs_no_request(archive, cache_dir):
    _, requested = archive
    found = control.find_control("deepstate:2025-11-20")
    assert found.path == control.SHIPPED_DIR / "deepstate-2025-11-20.geojson" and found.date == "2025-11-20"
    assert found.credit == deepstate.CREDIT and requested == [] and list(cache_dir.iterdir()) == []


def test_the_shipped_line_is_the_snapshot_simplified_and_rebuilds_byte_for_byte(deepstate_file, tmp_path):
    from geo import build

    shipped = control.SHIPPED_DIR / "deepstate-2025-11-20.geojson"
    committed = json.loads((control.SHIPPED_DIR / "provenance.json").read_text(encoding="utf-8"))[shipped.name]
    record = build.build_control(str(deepstate_file), out_dir=tmp_path)
    assert (tmp_path / shipped.name).read_bytes() == shipped.read_bytes()
    # Its provenance too, field for field; the command as it was typed (the committed one in the snapshot's folder).
    assert record == {**committed, "command": f"geo control build {deepstate_file}"}
    assert json.loads((tmp_path / "provenance.json").read_text(encoding="utf-8")) == {shipped.name: record}
    assert record["input_sha256"] == deepstate.checksums()["2025-11-20"] and "exclusive rights" in record["terms"]
    raw, simplified = (control.load_control(str(p)).geometry for p in (deepstate_file, shipped))
    # At most the web map's own 500 m from the snapshot, measured with plain shapely on EPSG:3035.
    to_metres = gpd.GeoSeries([raw, simplified], crs=4326).to_crs("EPSG:3035")
    assert to_metres.iloc[0].hausdorff_distance(to_metres.iloc[1]) <= 600
    assert area_km2(simplified) == pytest.approx(area_km2(raw), rel=1e-3)


def test_a_snapshot_under_another_name_is_known_by_its_checksum(deepstate_file, tmp_path):
    copy = tmp_path / "front.geojson"
    copy.write_bytes(deepstate_file.read_bytes())
    found = control.find_control(str(copy))
    assert (found.date, found.credit) == ("2025-11-20", deepstate.CREDIT)


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("front-20260815.geojson", "2026-08-15"),
        ("front_2026-08-15.gpkg", "2026-08-15"),
        ("2024-07-15 line.geojson", "2024-07-15"),
        ("front-20260231.geojson", ""),  # no such day
        ("front-120260815.geojson", ""),  # part of a longer number
        ("front.geojson", ""),
    ],
)
def test_a_files_date_comes_from_its_name_in_either_form(name, date, tmp_path):
    path = tmp_path / name
    gpd.GeoDataFrame(geometry=[shapely.box(36, 47, 38, 49)], crs=4326).to_file(path)
    found = control.find_control(str(path))
    assert found.date == date and found.credit == f"Line of control: {name}"


def test_a_stated_date_and_credit_win_over_name_and_content(deepstate_file):
    found = control.find_control(str(deepstate_file), date="2025-11-21", credit="Line of control: our analysts")
    assert (found.date, found.credit) == ("2025-11-21", "Line of control: our analysts")


@pytest.mark.parametrize("date", ["21.11.2025", "2025-02-31", "２０２５-11-21"])
def test_a_stated_date_must_be_a_real_iso_date(date, deepstate_file):
    with pytest.raises(ControlError, match="expected a date as YYYY-MM-DD"):
        control.find_control(str(deepstate_file), date=date)


def test_a_corrupt_shipped_line_is_reported_and_never_deleted(tmp_path, monkeypatch, cache_dir):
    shipped = tmp_path / "deepstate-2025-11-20.geojson"
    shipped.write_text('{"type": "FeatureCollection", "features": [')
    monkeypatch.setattr(control, "SHIPPED_DIR", tmp_path)
    with pytest.raises(ControlError, match="cannot read as a control layer"):
        control.load_control("deepstate:2025-11-20")
    assert shipped.is_file()  # only downloads in the cache are removed


def test_a_users_file_that_cannot_be_read_is_never_deleted(tmp_path):
    mine = tmp_path / "front.geojson"
    mine.write_text("<html>not geodata</html>")
    with pytest.raises(ControlError):
        control.load_control(str(mine))
    assert mine.is_file()


def test_latest_looks_back_fourteen_days_offline_and_no_further(seeded_unshipped):
    assert control.find_control("deepstate:latest", offline=True, today=dt.date(2025, 11, 29)).date == "2025-11-15"
    with pytest.raises(SourceUnavailable, match=r"^deepstate:latest: no snapshot of the last two weeks is cached"):
        control.find_control("deepstate:latest", offline=True, today=dt.date(2025, 11, 30))


def test_latest_online_gives_up_after_fourteen_days_of_404(http_server, monkeypatch):
    _, base, requested = http_server
    monkeypatch.setenv("GEO_DEEPSTATE_URL", base + "/{date:%Y%m%d}.geojson")
    with pytest.raises(SourceUnavailable, match=r"^deepstate:latest: no snapshot published since 2025-11-03$"):
        control.find_control("deepstate:latest", today=dt.date(2025, 11, 17))
    assert requested == [f"/202511{day:02}.geojson" for day in range(17, 2, -1)]


def test_latest_stops_at_an_error_that_is_not_a_missing_day(monkeypatch):

    requested = []

    class Broken(QuietHandler):
        def do_GET(self):
            requested.append(self.path)
            self.send_error(500)

    with serve(Broken) as base:
        monkeypatch.setenv("GEO_DEEPSTATE_URL", base + "/{date:%Y%m%d}.geojson")
        with pytest.raises(SourceUnavailable, match="HTTP 500"):
            control.find_control("deepstate:latest", today=dt.date(2025, 11, 17))
    assert requested == ["/20251117.geojson"]


def test_a_date_and_credit_given_with_the_layer_are_kept(deepstate_file):
    layer = control.load_control(str(deepstate_file), date="2025-11-21", credit="Line of control: our analysts")
    assert (layer.date, layer.credit) == ("2025-11-21", "Line of control: our analysts")


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("front-20250231-20251120.geojson", "2025-11-20"),
        ("front-2025-13-01.geojson", ""),
        ("2024-07-15.gpkg", "2024-07-15"),
    ],
)
def test_the_first_real_date_in_a_file_name_dates_it(name, date):
    assert control._date_in_name(name) == date


def test_an_unreachable_server_is_named_with_the_kind_of_failure():
    with pytest.raises(SourceUnavailable, match=r"^cannot reach http://127\.0\.0\.1:9/x\.geojson \(ConnectionError\)$"):
        control.find_control("http://127.0.0.1:9/x.geojson")


@pytest.mark.parametrize("source", [None, ""])
def test_no_source_is_no_series(source):
    assert control.is_series(source) is False


def test_a_url_is_credited_to_itself_and_offline_never_fetched(http_server, unshipped_snapshot):
    root, base, requested = http_server
    # DeepStateMap's data with one byte more: not a snapshot they published, so the address is the source.
    (root / "front-20251115.geojson").write_bytes(unshipped_snapshot.read_bytes() + b"\n")
    url = f"{base}/front-20251115.geojson?v=2"
    with pytest.raises(SourceUnavailable, match="--offline"):
        control.find_control(url, offline=True)
    assert requested == []
    found = control.find_control(url)
    assert (found.source, found.date, found.credit) == (url, "2025-11-15", f"Line of control: {url}")


def test_a_deepstatemap_snapshot_at_any_address_is_known_by_its_checksum(http_server, deepstate_file):
    """Served under any name, a snapshot is dated and credited as DeepStateMap's (with its licence), and the
    one the shipped line was built from stands for that line: the same figures as deepstate:2025-11-20."""
    root, base, _ = http_server
    (root / "mirror.json").symlink_to(deepstate_file)
    found = control.find_control(f"{base}/mirror.json")
    assert (found.date, found.credit) == ("2025-11-20", deepstate.CREDIT)
    assert found.path == control.find_control("deepstate:2025-11-20").path  # the shipped line
    raw = control.find_control(f"{base}/mirror.json", raw=True)  # what `geo control build` reads
    assert (raw.date, raw.credit) == ("2025-11-20", deepstate.CREDIT)
    assert raw.path.read_bytes() == deepstate_file.read_bytes()


def test_sources_are_named_as_given(deepstate_file, tmp_path):
    assert control.find_control("deepstate:2025-11-20").source == "deepstate:2025-11-20"
    copy = tmp_path / "front.geojson"
    shutil.copy(deepstate_file, copy)
    assert control.find_control(str(copy)).source == str(copy)
    (tmp_path / "broken.geojson").write_text("not json")
    with pytest.raises(ControlError, match=rf"^{re.escape(str(tmp_path / 'broken.geojson'))}: "):
        control.load_control(str(tmp_path / "broken.geojson"))


def test_a_snapshot_of_exactly_the_size_limit_is_still_recognised_by_its_checksum(
    deepstate_file, tmp_path, monkeypatch
):
    copy = tmp_path / "front.geojson"
    shutil.copy(deepstate_file, copy)
    monkeypatch.setattr(control, "MAX_FILE_BYTES", copy.stat().st_size)
    found = control.find_control(str(copy))
    assert (found.date, found.credit) == ("2025-11-20", deepstate.CREDIT)


def test_control_build_refuses_a_file_named_for_a_known_day_with_another_checksum(tmp_path, capsys):
    """The shipped simplified line saved as the raw snapshot's name: not that snapshot, so not shipped
    over it, unless --date says outright which day it is."""
    from geo import build
    from geo.cli import main

    impostor = tmp_path / "deepstatemap_data_20251120.geojson"
    impostor.write_bytes((control.SHIPPED_DIR / "deepstate-2025-11-20.geojson").read_bytes())
    assert "2025-11-20" in deepstate.checksums()  # a day geo knows by its checksum
    before = {p.name: p.read_bytes() for p in control.SHIPPED_DIR.iterdir()}
    assert main(["control", "build", str(impostor)]) == 1
    err = capsys.readouterr().err
    assert "its checksum is not that snapshot's; give --date 2025-11-20" in err and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in control.SHIPPED_DIR.iterdir()} == before
    record = build.build_control(str(impostor), out_dir=tmp_path / "out", date="2025-11-20")
    assert (tmp_path / "out" / "deepstate-2025-11-20.geojson").is_file() and "--date 2025-11-20" in record["command"]


def test_a_stated_credit_is_one_line_of_at_most_300_characters():
    line = str(control.SHIPPED_DIR / "deepstate-2025-11-20.geojson")
    assert control.find_control(line, credit="c" * 300).credit == "c" * 300
    with pytest.raises(ControlError, match="--control-credit: longer than 300 characters"):
        control.find_control(line, credit="c" * 301)


def test_a_line_geo_does_not_know_is_shipped_only_with_its_date_and_says_how_it_was_built(tmp_path):
    from geo import build

    line = tmp_path / "front.geojson"  # no date in its name, a checksum no snapshot has
    line.write_bytes((control.SHIPPED_DIR / "deepstate-2025-11-20.geojson").read_bytes())
    with pytest.raises(ControlError, match=r"not a DeepStateMap snapshot geo knows .* give its --date"):
        build.build_control(str(line), out_dir=tmp_path / "out")
    record = build.build_control(str(line), out_dir=tmp_path / "out", date="2025-11-20")
    assert record["command"] == f"geo control build {line} --date 2025-11-20" and record["input"] == "front.geojson"
    assert build.build_control(str(line), out_dir=tmp_path / "out", date="2025-11-20", command="c")["command"] == "c"


def test_a_line_built_from_an_address_records_the_address(deepstate_file, http_server, tmp_path):
    from geo import build

    root, base, requested = http_server
    (root / deepstate_file.name).symlink_to(deepstate_file)
    record = build.build_control(f"{base}/{deepstate_file.name}", out_dir=tmp_path / "out", date="2025-11-20")
    assert record["input"] == f"{base}/{deepstate_file.name}" and requested == [f"/{deepstate_file.name}"]
    assert record["input_sha256"] == deepstate.checksums()["2025-11-20"]


def test_a_layer_drawn_where_its_projection_has_no_longitude_is_one_clear_error(tmp_path):
    """An orthographic view of the far side of the Earth cannot hold Ukraine's box, and corners off its disc
    have no longitude or latitude at all: refused in words, not passed on as infinite coordinates."""
    far = gpd.GeoDataFrame(geometry=[shapely.box(7e6, 7e6, 8e6, 8e6)], crs="+proj=ortho +lat_0=-48 +lon_0=-149")
    far.to_file(tmp_path / "far.gpkg")
    with pytest.raises(ControlError, match="cannot be projected to longitude and latitude"):
        control.load_control(str(tmp_path / "far.gpkg"), date="2025-01-01")


def test_an_https_address_is_an_address_and_offline_is_never_fetched():
    with pytest.raises(SourceUnavailable, match="--offline"):
        control.find_control("https://example.org/front-20251115.geojson", offline=True)


def test_a_file_under_the_archives_name_for_a_day_is_credited_to_deepstatemap(deepstate_file, tmp_path):
    """A day geo has no checksum for, saved under the archive's own name: DeepStateMap's, dated by its name."""
    named = tmp_path / "deepstatemap_data_20250101.geojson"
    named.write_bytes(deepstate_file.read_bytes() + b"\n")  # not a snapshot geo knows by its checksum
    found = control.find_control(str(named))
    assert (found.date, found.credit) == ("2025-01-01", deepstate.CREDIT)
    other = tmp_path / "front-20250101.geojson"
    other.write_bytes(named.read_bytes())
    assert control.find_control(str(other)).credit == "Line of control: front-20250101.geojson"


def test_an_address_under_the_archives_name_is_deepstatemaps_whatever_its_query(http_server, deepstate_file):
    root, base, _ = http_server
    (root / "deepstatemap_data_20250101.geojson").write_bytes(deepstate_file.read_bytes() + b"\n")  # unknown sum
    found = control.find_control(f"{base}/deepstatemap_data_20250101.geojson?v=2")
    assert (found.date, found.credit) == ("2025-01-01", deepstate.CREDIT)


EXAMPLE_PROVIDER = '''
"""A second publisher of lines of control, as a provider is written (see geo/deepstate.py)."""
from pathlib import Path

from geo.control import ControlSource
from geo.errors import SourceUnavailable

CREDIT = "Line of control: Example Institute (CC BY 4.0)"
EXPORT_TERMS = "the Example Institute's line: CC BY 4.0"
FOLDER = Path({folder!r})


def find(spec, offline, today):
    path = FOLDER / f"example-{{spec}}.geojson"
    if not path.is_file():
        raise SourceUnavailable(f"example:{{spec}}: not published")
    return ControlSource(path, f"example:{{spec}}", spec, CREDIT)


def is_series(spec):
    return False


def recognise(name, digest):
    return None
'''


def test_another_provider_is_one_module_and_a_registry_line(tmp_path, monkeypatch, cache_dir):
    """What README's contributing section promises: a module and a line in PROVIDERS, and its NAME:SPEC
    draws, is credited, names its date when it cannot be had, and stays in an edited scenario's file."""
    from geo.cli import main
    from geo.pipeline import fallback_notice
    from tests.conftest import script_data

    shutil.copy(control.SHIPPED_DIR / "deepstate-2025-11-20.geojson", tmp_path / "example-2025-11-20.geojson")
    (tmp_path / "example_provider.py").write_text(EXAMPLE_PROVIDER.format(folder=str(tmp_path)), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(control.PROVIDERS, "example", "example_provider")
    plan = (control.SHIPPED_DIR.parent.parent / "geo" / "scenarios" / "plan-28.toml").read_text(encoding="utf-8")
    scenario = tmp_path / "plan-example.toml"
    scenario.write_text(plan.replace('control = "deepstate:2025-11-20"', 'control = "example:2025-11-20"'))

    assert main(["render", "--scenario", str(scenario), "--offline", "--out", str(tmp_path / "map.html")]) == 0
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "Example Institute (CC BY 4.0)" in page and "DeepStateMap" not in page
    assert script_data(page)["layers"][0]["scenario"]["control"] == "example:2025-11-20"
    assert "2026-01-01" in fallback_notice("example:2026-01-01", offline=True)
    assert "2026-01-01" not in fallback_notice(str(tmp_path / "example-2026-01-01.geojson"), offline=True)
