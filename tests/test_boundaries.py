import json
import zipfile

import pytest
import shapely

from geo import boundaries
from geo.errors import BoundaryError

OFFICIAL_AREA_KM2 = 603_628


@pytest.fixture(scope="module")
def committed():
    return boundaries.load_boundaries()


def test_committed_layer_has_27_valid_regions_keyed_by_iso_in_wgs84(committed):
    assert len(committed) == 27 and committed["iso"].is_unique
    assert committed.crs.to_epsg() == 4326
    assert committed.geometry.is_valid.all()
    assert shapely.coverage_is_valid(committed.geometry.values)
    assert {"UA-43", "UA-40"} <= set(committed["iso"])  # filed under Russia in the source


def test_committed_layer_takes_names_from_the_registry_not_the_source(committed):
    names = dict(zip(committed["iso"], committed["name"], strict=True))
    assert names["UA-30"] == "Kyiv City" and names["UA-32"] == "Kyiv Oblast"
    assert dict(zip(committed["iso"], committed["name_uk"], strict=True))["UA-32"] == "Київська область"


def test_committed_layer_area_is_within_one_and_a_half_percent_of_the_official_figure(committed):
    area = committed.to_crs("EPSG:3035").area.sum() / 1e6
    assert abs(area - OFFICIAL_AREA_KM2) / OFFICIAL_AREA_KM2 < 0.015


def test_context_has_the_neighbours_and_the_sea_but_not_crimea():
    context = boundaries.load_context()
    assert {"Russia", "Belarus", "Poland", "Moldova", "Romania"} <= set(context["name"])
    assert list(context["kind"]).count("sea") == 1
    russia = context.loc[context["name"] == "Russia"].geometry.iloc[0]
    assert not russia.contains(shapely.Point(34.1, 45.0))  # Simferopol: Crimea is drawn as Ukraine


def test_provenance_records_source_licence_hash_and_command():
    record = boundaries.provenance()
    assert record["licence"].startswith("Public domain")
    assert len(record["input_sha256"]) == 64
    assert record["command"].startswith("geo boundaries build ")


def geoboundaries_like(committed, tmp_path, driver="GeoJSON", suffix=".geojson"):
    """A file with geoBoundaries' field names, Russian-style spellings and a non-Ukrainian row."""
    frame = committed[["iso", "geometry"]].rename(columns={"iso": "shapeISO"})
    frame["shapeName"] = ["x"] * len(frame)
    frame.loc[len(frame)] = ["MD-CU", shapely.box(28, 46, 29, 47), "Chisinau"]
    path = tmp_path / f"adm1{suffix}"
    frame.to_file(path, driver=driver)
    return path


def test_user_file_with_geoboundaries_fields_is_recognised(committed, tmp_path):
    loaded = boundaries.load_boundaries(geoboundaries_like(committed, tmp_path))
    assert list(loaded["iso"]) == list(committed["iso"])  # Moldova's row ignored
    assert loaded.loc[loaded.iso == "UA-51", "name"].item() == "Odesa Oblast"


def test_user_geopackage_and_zipped_shapefile_load(committed, tmp_path):
    assert len(boundaries.load_boundaries(geoboundaries_like(committed, tmp_path, "GPKG", ".gpkg"))) == 27
    (tmp_path / "shp").mkdir()
    shapefile = geoboundaries_like(committed, tmp_path / "shp", "ESRI Shapefile", ".shp")
    archive = tmp_path / "adm1.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in shapefile.parent.iterdir():
            zipped.write(part, part.name)
    assert len(boundaries.load_boundaries(archive)) == 27


def test_user_file_by_name_column_with_other_spellings(committed, tmp_path):
    frame = committed.iloc[:3][["geometry"]].copy()
    frame["oblast"] = ["Vinnytsya", "Volhynia", "Луганська область"]
    path = tmp_path / "names.geojson"
    frame.to_file(path)
    loaded = boundaries.load_boundaries(path, name_column="oblast")
    assert list(loaded["iso"]) == ["UA-05", "UA-07", "UA-09"]


def test_user_file_in_a_projected_crs_is_reprojected(committed, tmp_path):
    path = tmp_path / "projected.gpkg"
    committed.to_crs("EPSG:3035").to_file(path)
    loaded = boundaries.load_boundaries(path, code_column="iso")
    assert loaded.crs.to_epsg() == 4326
    assert loaded.total_bounds == pytest.approx(committed.total_bounds, abs=1e-6)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_file_without_crs_needs_one_stated(committed, tmp_path):
    path = tmp_path / "nocrs.shp"
    committed.set_crs(None, allow_override=True).to_file(path)
    with pytest.raises(BoundaryError, match="has no CRS; state it"):
        boundaries.load_boundaries(path, code_column="iso")
    assert len(boundaries.load_boundaries(path, code_column="iso", crs="EPSG:4326")) == 27


def test_invalid_geometry_is_repaired_and_reported(committed, tmp_path, capsys):
    frame = committed.copy()
    bowtie = shapely.Polygon([(30, 48), (31, 49), (31, 48), (30, 49)])
    frame.loc[frame.iso == "UA-05", "geometry"] = bowtie
    path = tmp_path / "bowtie.geojson"
    frame.to_file(path)
    loaded = boundaries.load_boundaries(path, code_column="iso")
    assert loaded.geometry.is_valid.all()
    assert "repaired invalid geometry of UA-05" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "kwargs", "message"),
    [
        ('{"type": "FeatureCollection", "features": [', {}, "cannot read as a boundary file"),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso":"PL-02"},'
            '"geometry":{"type":"Point","coordinates":[17,51]}}]}',
            {"code_column": "iso"},
            "holds no Ukrainian first-level units",
        ),
        (
            '{"type":"FeatureCollection","features":['
            '{"type":"Feature","properties":{"iso":"UA-05"},"geometry":{"type":"Point","coordinates":[28,49]}},'
            '{"type":"Feature","properties":{"iso":"UA-05"},"geometry":{"type":"Point","coordinates":[28,49]}}]}',
            {"code_column": "iso"},
            "region UA-05 appears more than once",
        ),
        ('{"type":"FeatureCollection","features":[]}', {"code_column": "nope"}, "no column 'nope'"),
    ],
)
def test_bad_boundary_files_raise_one_clear_error(tmp_path, content, kwargs, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(BoundaryError, match=message):
        boundaries.load_boundaries(path, **kwargs)


def test_missing_boundary_file_is_an_error(tmp_path):
    with pytest.raises(BoundaryError, match="no such file"):
        boundaries.load_boundaries(tmp_path / "absent.geojson")


def test_rebuild_from_natural_earth_reproduces_the_committed_files_byte_for_byte(natural_earth_file, tmp_path):
    record = boundaries.build_boundaries(str(natural_earth_file), out_dir=tmp_path, command="x")
    for name in (boundaries.UKRAINE_FILE, boundaries.CONTEXT_FILE):
        assert (tmp_path / name).read_bytes() == (boundaries.DATA_DIR / name).read_bytes(), name
    assert record["input_sha256"] == boundaries.provenance()["input_sha256"]


def test_rebuild_downloads_a_url_into_the_cache(natural_earth_file, http_server, tmp_path, cache_dir):
    root, base, requested = http_server
    (root / "admin1.json").symlink_to(natural_earth_file)
    out = tmp_path / "out"
    boundaries.build_boundaries(f"{base}/admin1.json", out_dir=out)
    assert (out / boundaries.UKRAINE_FILE).read_bytes() == (boundaries.DATA_DIR / boundaries.UKRAINE_FILE).read_bytes()
    assert json.loads((out / boundaries.PROVENANCE_FILE).read_text())["input"] == f"{base}/admin1.json"
    assert requested == ["/admin1.json"] and any(cache_dir.iterdir())


def test_rebuild_rejects_a_file_that_is_not_natural_earth_admin_1(tmp_path, committed):
    path = tmp_path / "other.geojson"
    committed.to_file(path)
    with pytest.raises(BoundaryError, match="not a Natural Earth admin-1 file"):
        boundaries.build_boundaries(str(path), out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_oversized_boundary_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.geojson"
    path.write_text('{"type":"FeatureCollection","features":[]}' + " " * 100)
    monkeypatch.setattr(boundaries, "MAX_FILE_BYTES", 100)
    with pytest.raises(BoundaryError, match="larger than"):
        boundaries.load_boundaries(path)


def test_corrupt_zip_is_one_clear_error(tmp_path):
    path = tmp_path / "adm1.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(BoundaryError, match=r"adm1\.zip: cannot read as a boundary file"):
        boundaries.load_boundaries(path)


def test_region_with_empty_geometry_is_an_error_naming_it(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso":"UA-05"},'
        '"geometry":{"type":"Polygon","coordinates":[]}}]}'
    )
    with pytest.raises(BoundaryError, match="empty geometry for UA-05"):
        boundaries.load_boundaries(path, code_column="iso")
