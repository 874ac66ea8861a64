import hashlib
import json
import re
import tomllib
import warnings
import zipfile

import pytest
import shapely

from geo import boundaries, build
from geo.cli import main
from geo.errors import BoundaryError, GeoWarning
from tests.conftest import OFFICIAL_AREA_KM2

GEOBOUNDARIES_SHA256 = "b2f9f4ad2e9be5888523219c0bb46a24332ead16b46305409098048fd361a2d6"


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


def official_areas() -> dict[str, float]:
    """The State Statistics Service of Ukraine's area of each region (data/boundaries/official-areas.toml)."""
    table = tomllib.loads((boundaries.DATA_DIR / "official-areas.toml").read_text(encoding="utf-8"))
    assert sum(table["area_km2"].values()) == table["total_km2"] == OFFICIAL_AREA_KM2  # the table is whole
    return table["area_km2"]


def area_errors_pct(frame) -> dict[str, float]:
    areas = dict(zip(frame["iso"], frame.to_crs("EPSG:3035").area / 1e6, strict=True))
    official = official_areas()
    return {iso: 100 * (areas[iso] / official[iso] - 1) for iso in official}


def test_default_layer_meets_the_accuracy_targets_against_official_areas(committed):
    """Targets of the 'True ground' issue; official figures from the State Statistics Service."""
    errors = area_errors_pct(committed)
    assert sum(abs(e) for e in errors.values()) / len(errors) <= 1.0
    assert sum(abs(e) <= 3 for e in errors.values()) >= 25  # the Dnipro-Bug estuary is kept
    assert abs(errors["UA-30"]) <= 3 and abs(errors["UA-40"]) <= 6  # Kyiv City, Sevastopol
    total = committed.to_crs("EPSG:3035").area.sum() / 1e6
    assert abs(total - OFFICIAL_AREA_KM2) / OFFICIAL_AREA_KM2 <= 0.01


def test_natural_earth_stays_available_by_name_and_is_credited_as_such():
    frame = boundaries.load_boundaries("naturalearth")
    assert len(frame) == 27 and frame.attrs["credit"] == "Boundaries: Natural Earth (public domain)"
    errors = area_errors_pct(frame)
    assert errors["UA-30"] > 50  # why it is no longer the default: Kyiv City drawn at about twice its size


def test_default_layer_is_credited_to_openstreetmap_and_geoboundaries(committed):
    assert committed.attrs["credit"] == "Boundaries: © OpenStreetMap contributors, geoBoundaries (ODbL 1.0)"


def test_context_has_the_neighbours_and_the_sea_but_not_crimea():
    context = boundaries.load_context()
    assert {"Russia", "Belarus", "Poland", "Moldova", "Romania"} <= set(context["name"])
    assert list(context["kind"]).count("sea") == 1
    russia = context.loc[context["name"] == "Russia"].geometry.iloc[0]
    assert not russia.contains(shapely.Point(34.1, 45.0))  # Simferopol: Crimea is drawn as Ukraine


def test_provenance_records_source_licence_hash_and_command():
    record = boundaries.provenance()
    assert record["licence"].startswith("Open Database License (ODbL) 1.0")
    assert record["input_sha256"] == GEOBOUNDARIES_SHA256  # as the fixture's README gives it
    assert (
        record["sea_mask"]["sha256"] == hashlib.sha256((boundaries.DATA_DIR / "sea.geojson").read_bytes()).hexdigest()
    )
    assert record["command"].startswith("geo boundaries build ")
    natural_earth = boundaries.provenance(boundaries.NATURAL_EARTH_PROVENANCE_FILE)
    assert natural_earth["licence"].startswith("Public domain") and len(natural_earth["input_sha256"]) == 64


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
    """Reported to the caller as a GeoWarning (the command line prints it), never printed by the library."""
    frame = committed.copy()
    bowtie = shapely.Polygon([(30, 48), (31, 49), (31, 48), (30, 49)])
    frame.loc[frame.iso == "UA-05", "geometry"] = bowtie
    path = tmp_path / "bowtie.geojson"
    frame.to_file(path)
    with pytest.warns(GeoWarning, match="repaired invalid geometry of UA-05"):
        loaded = boundaries.load_boundaries(path, code_column="iso")
    assert loaded.geometry.is_valid.all() and capsys.readouterr().err == ""


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


def rebuilt_provenance_is_the_committed_one(source, name: str, out_dir) -> None:
    """The provenance a rebuild writes is the committed file byte for byte, but for where the input was."""
    committed = (boundaries.DATA_DIR / name).read_text(encoding="utf-8")
    typed = json.loads(committed)["input"]
    rebuilt = (out_dir / name).read_text(encoding="utf-8")
    assert rebuilt.replace(json.dumps(str(source)), json.dumps(typed)) == committed


def test_rebuild_from_natural_earth_reproduces_the_committed_files_byte_for_byte(natural_earth_file, tmp_path):
    command = boundaries.provenance(boundaries.NATURAL_EARTH_PROVENANCE_FILE)["command"]
    build.build_boundaries(str(natural_earth_file), out_dir=tmp_path, command=command)
    for name in (boundaries.NATURAL_EARTH_FILE, boundaries.CONTEXT_FILE, boundaries.SEA_FILE):
        assert (tmp_path / name).read_bytes() == (boundaries.DATA_DIR / name).read_bytes(), name
    rebuilt_provenance_is_the_committed_one(natural_earth_file, boundaries.NATURAL_EARTH_PROVENANCE_FILE, tmp_path)


def test_rebuild_from_geoboundaries_reproduces_the_committed_layer_byte_for_byte(geoboundaries_file, tmp_path):
    record = build.build_boundaries(
        str(geoboundaries_file), out_dir=tmp_path, command=boundaries.provenance()["command"]
    )
    assert (tmp_path / boundaries.UKRAINE_FILE).read_bytes() == (
        boundaries.DATA_DIR / boundaries.UKRAINE_FILE
    ).read_bytes()
    assert record["input_sha256"] == GEOBOUNDARIES_SHA256 and "OpenStreetMap" in record["credit"]
    rebuilt_provenance_is_the_committed_one(geoboundaries_file, boundaries.PROVENANCE_FILE, tmp_path)


def test_rebuild_downloads_a_url_into_the_cache(geoboundaries_file, http_server, tmp_path, cache_dir):
    root, base, requested = http_server
    (root / "adm1.geojson").symlink_to(geoboundaries_file)
    out = tmp_path / "out"
    build.build_boundaries(f"{base}/adm1.geojson", out_dir=out)
    assert (out / boundaries.UKRAINE_FILE).read_bytes() == (boundaries.DATA_DIR / boundaries.UKRAINE_FILE).read_bytes()
    assert json.loads((out / boundaries.PROVENANCE_FILE).read_text())["input"] == f"{base}/adm1.geojson"
    assert requested == ["/adm1.geojson"] and any(cache_dir.iterdir())


def test_rebuild_rejects_a_file_that_is_neither_source(tmp_path, committed):
    path = tmp_path / "other.geojson"
    committed.to_file(path)
    with pytest.raises(BoundaryError, match="neither geoBoundaries ADM1"):
        build.build_boundaries(str(path), out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("a unit missing", "expected Ukraine's 27 units"),
        ("a unit emptied", "UA-30 are empty, invalid or not polygons"),
        ("coordinates scaled", "not 560,000 to 640,000"),
    ],
)
def test_rebuild_checks_the_units_before_replacing_anything(damage, message, geoboundaries_file, tmp_path):
    import geopandas as gpd

    frame = gpd.read_file(geoboundaries_file)
    if damage == "a unit missing":
        frame = frame[frame.shapeISO != "UA-30"]
    elif damage == "a unit emptied":
        frame.loc[frame.shapeISO == "UA-30", "geometry"] = shapely.Polygon()
    else:  # every unit shrunk towards Kyiv: valid polygons, implausible country
        frame["geometry"] = frame.geometry.scale(0.5, 0.5, origin=(30.5, 50.4))
    source = tmp_path / "damaged.geojson"
    frame.to_file(source)
    out = tmp_path / "out"
    out.mkdir()
    (out / boundaries.UKRAINE_FILE).write_text("yesterday's layer")
    with pytest.raises(BoundaryError, match=message):
        build.build_boundaries(str(source), out_dir=out)
    assert (out / boundaries.UKRAINE_FILE).read_text() == "yesterday's layer"
    assert sorted(p.name for p in out.iterdir()) == [boundaries.UKRAINE_FILE]


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


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        (lambda g: g.representative_point(), "holds Point geometries; boundaries are polygons"),
        (lambda g: g.boundary, "geometries; boundaries are polygons"),
        (
            lambda g: g.where(g.index != g.index[0], shapely.Polygon([(30, 49), (1e308, 49), (31, 50)])),
            "has coordinates outside longitude -180..180",
        ),
    ],
    ids=["points", "lines", "1e308"],
)
def test_a_build_refuses_what_no_boundary_is_made_of_and_keeps_data_as_it_was(
    committed, tmp_path, capsys, shape, message
):
    frame = committed.rename(columns={"iso": "shapeISO", "name": "shapeName"})[["shapeISO", "shapeName", "geometry"]]
    source = tmp_path / "adm1.geojson"
    frame.set_geometry(shape(frame.geometry)).to_file(source)
    before = {p.name: p.read_bytes() for p in boundaries.DATA_DIR.iterdir()}
    with pytest.raises(BoundaryError, match=message):
        build.build_boundaries(str(source), out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert main(["boundaries", "build", str(source)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"geo: {source}: ") and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in boundaries.DATA_DIR.iterdir()} == before


def test_units_that_reach_out_to_sea_are_cut_to_the_coast_and_say_so(committed, tmp_path):
    """Odesa's unit given with a block of the Black Sea (about 7,000 km², 1.2 % of the file): the block is
    cut off, stderr and the credit say so, and Odesa is again the committed unit's size."""
    import geopandas as gpd

    block = shapely.box(30.5, 45.0, 31.5, 45.8)  # open sea south of Odesa, off the Danube's delta
    widened = committed.assign(
        geometry=[
            g.union(block) if iso == "UA-51" else g for iso, g in zip(committed.iso, committed.geometry, strict=True)
        ]
    )
    path = tmp_path / "with-sea.geojson"
    widened.to_file(path)
    with pytest.warns(GeoWarning) as warned:
        loaded = boundaries.load_boundaries(path, code_column="iso")
    (message,) = [str(w.message) for w in warned]
    reported = float(re.search(r"reaches ([\d,]+) km² out to sea", message)[1].replace(",", ""))
    sea_km2 = gpd.GeoSeries([block], crs=4326).to_crs(3035).area.iloc[0] / 1e6  # the block, measured apart
    assert reported == pytest.approx(sea_km2, rel=0.01) and "cut to Natural Earth's coast" in loaded.attrs["credit"]
    area = gpd.GeoSeries(loaded.set_index("iso").geometry, crs=4326).to_crs(3035).area / 1e6
    expected = committed.set_index("iso").to_crs(3035).area / 1e6
    assert area["UA-51"] == pytest.approx(expected["UA-51"], rel=1e-6)


def test_a_land_only_file_is_used_as_given(committed, tmp_path):
    path = tmp_path / "land.geojson"
    committed.to_file(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeoWarning)  # nothing to say about it
        loaded = boundaries.load_boundaries(path, code_column="iso")
    assert loaded.attrs["credit"] == "Boundaries: land.geojson"
    assert all(shapely.equals(a, b) for a, b in zip(loaded.geometry, committed.geometry, strict=True))


def test_geoboundaries_raw_units_are_cut_to_the_shipped_coast(geoboundaries_file, committed):
    """geoBoundaries' file as published reaches 12 nautical miles out: cut, it measures what the shipped
    layer (built from it by the same cut) measures, and Crimea is wholly on the line's occupied side."""
    from geo.pipeline import run

    with pytest.warns(GeoWarning, match="out to sea; cut to the coast"):
        loaded = boundaries.load_boundaries(geoboundaries_file)
    total = loaded.to_crs(3035).area.sum() / 1e6
    assert total == pytest.approx(committed.to_crs(3035).area.sum() / 1e6, rel=1e-3)
    zones = run("plan-28", boundaries=loaded, offline=True)[0].zones
    assert set(zones.loc[zones.iso == "UA-43", "part"]) == {"occupied"}


@pytest.mark.parametrize(
    "geometry",
    [shapely.Polygon([(30, 50), (31, 51), (31, 50), (30, 51)]), shapely.LineString([(30, 50), (31, 51)])],
    ids=["self-crossing polygon", "line"],
)
def test_a_built_unit_that_is_not_a_valid_polygon_is_refused(committed, geometry):
    units = list(committed.geometry)
    units[5] = geometry
    with pytest.raises(BoundaryError, match=f"units of {committed.iso.iloc[5]} are empty, invalid or not polygons"):
        build._check_units(list(committed.iso), units)
