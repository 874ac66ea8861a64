"""The pipeline on the real boundaries and the real DeepStateMap snapshot of 2025-11-20."""

import geopandas as gpd
import pytest
import shapely

from geo.boundaries import load_boundaries
from geo.control import SHIPPED_DIR
from geo.errors import GeoWarning, SourceUnavailable
from geo.pipeline import run
from geo.projection import EQUAL_AREA
from geo.stats import COLUMNS, area_table, status_totals
from geo.zones import line_of_control
from tests.conftest import DEEPSTATE_20251120, OFFICIAL_AREA_KM2, UNSHIPPED_DAY, assert_partition, dated_lines


@pytest.fixture
def plan(real_plan):
    return real_plan


def share_of_region(zones, iso, part):
    region = zones[zones.iso == iso]
    return region.loc[region.part == part, "area_km2"].sum() / region["area_km2"].sum()


def test_all_five_plan_statuses_land_in_the_zones(plan):
    assert set(plan.zones.status) == {"recognised", "frozen", "demilitarised", "returned", "unchanged"}


def test_demilitarised_zone_is_the_ukrainian_held_part_of_donetsk(plan):
    dmz = plan.zones[plan.zones.status == "demilitarised"]
    assert list(dmz.iso) == ["UA-14"] and list(dmz.part) == ["held"]


# Published figures (../shared/facts/plan-versions.md): AFP, from ISW data of 20 Nov 2025, put the
# Ukrainian-held part of Donetsk at about 5,000 km² and of Luhansk at about 45 km², and the areas Russia
# would hand back at about 2,000 (Kharkiv) + 450 (Dnipropetrovsk) + 300 (Sumy) + 20 (Chernihiv) km²;
# Reuters put the held part of Donetsk at about 6,600 km² in Aug 2025, and the front has moved west since.
# ISW and DeepStateMap draw the line differently, so the bounds bracket the reports rather than match one.
def test_areas_agree_with_published_figures_for_the_day(plan):
    held = plan.zones[plan.zones.part == "held"].set_index("iso")["area_km2"]
    assert 5_000 * 0.9 <= held["UA-14"] <= 6_600
    assert 0 < held["UA-09"] <= 45 * 3
    returned = plan.zones.loc[plan.zones.status == "returned", "area_km2"].sum()
    assert 2_770 / 2 <= returned <= 2_770 * 2


@pytest.mark.parametrize("iso", ["UA-14", "UA-09", "UA-65", "UA-23"])
def test_occupied_share_is_the_region_within_the_control_layer(plan, iso):
    # Independent figure: the region and the snapshot intersected with plain shapely on EPSG:3035.
    region = load_boundaries().set_index("iso").to_crs(EQUAL_AREA).geometry[iso]
    occupied = gpd.read_file(DEEPSTATE_20251120).to_crs(EQUAL_AREA).union_all()
    expected = shapely.intersection(region, occupied).area / region.area
    # Thin fragments along the region's edge change sides (the sliver rule, geo/zones.py): within 1%.
    assert share_of_region(plan.zones, iso, "occupied") == pytest.approx(expected, rel=0.01)


def test_crimea_and_sevastopol_have_no_held_specks(plan):
    zones = plan.zones
    assert set(zones.loc[zones.iso.isin(["UA-43", "UA-40"]), "part"]) == {"occupied"}


def test_occupied_areas_outside_the_five_regions_are_returned(plan):
    returned = plan.zones[plan.zones.status == "returned"]
    assert set(returned.iso) == {"UA-12", "UA-48", "UA-59", "UA-63"}
    kharkiv = returned.loc[returned.iso == "UA-63", "area_km2"].item()
    # Independent figure: the region and the snapshot intersected with plain shapely on EPSG:3035.
    region = load_boundaries().set_index("iso").to_crs(EQUAL_AREA).geometry["UA-63"]
    held = gpd.read_file(DEEPSTATE_20251120).to_crs(EQUAL_AREA).union_all()
    assert kharkiv == pytest.approx(shapely.intersection(region, held).area / 1e6, rel=0.01)


def test_zones_partition_every_region_and_form_a_coverage(plan):
    assert_partition(plan.zones, load_boundaries())


def test_no_fragment_below_one_square_kilometre_borders_the_line_of_control(plan):
    projected = plan.zones.to_crs(EQUAL_AREA)
    parts = shapely.get_parts(projected.geometry.values)
    small = parts[shapely.area(parts) < 1e6]
    front = shapely.buffer(line_of_control(projected), 1.0)
    touching = shapely.length(shapely.intersection(shapely.boundary(small), front)) >= 1.0
    assert not touching.any(), f"{touching.sum()} specks along the line of control"


def test_area_table_has_the_documented_columns_and_sums_to_ukraine(plan):
    table = area_table(plan.zones)
    assert list(table.columns) == COLUMNS
    assert table["share_pct"].sum() == pytest.approx(100)
    assert abs(table["area_km2"].sum() - OFFICIAL_AREA_KM2) / OFFICIAL_AREA_KM2 < 0.015
    totals = status_totals(table, plan.scenario.statuses)
    assert list(totals.status) == ["recognised", "frozen", "demilitarised", "returned", "unchanged"]
    assert totals["area_km2"].sum() == pytest.approx(table["area_km2"].sum())


def test_offline_without_cache_falls_back_to_whole_regions_and_says_so_in_plain_words(unshipped_plan):
    prepared = run(str(unshipped_plan), offline=True)[0]
    assert set(prepared.zones.part) == {"all"} and prepared.control is None
    (notice,) = prepared.notices
    assert notice.startswith(f"The line of control of {UNSHIPPED_DAY} is not shown") and "offline" in notice
    assert "http" not in notice and "Error" not in notice and "deepstate:" not in notice
    statuses = dict(zip(prepared.zones.iso, prepared.zones.status, strict=True))
    # Split by the plan, drawn whole: neither of the plan's statuses, but "depends on the line".
    assert statuses["UA-14"] == statuses["UA-65"] == statuses["UA-23"] == "undetermined"
    assert statuses["UA-09"] == statuses["UA-43"] == "recognised" and statuses["UA-63"] == "unchanged"


def test_the_plans_own_line_ships_so_a_fresh_offline_machine_splits_regions(cache_dir):
    prepared = run("plan-28", offline=True)[0]
    assert prepared.notices == [] and prepared.control.date == "2025-11-20"
    assert list(cache_dir.iterdir()) == []  # nothing downloaded, nothing needed
    donetsk = prepared.zones[prepared.zones.iso == "UA-14"].set_index("part")["status"]
    assert donetsk["held"] == "demilitarised" and donetsk["occupied"] == "recognised"


def test_a_line_of_another_date_than_the_scenario_says_both_dates(deepstate_file, tmp_path):
    later = tmp_path / "front-2026-08-15.geojson"  # a date in the name, content not a known snapshot
    later.write_text(deepstate_file.read_text() + "\n")
    prepared = run("plan-28", control=str(later))[0]
    assert prepared.control.date == "2026-08-15"
    assert prepared.notices == ["The line of control is of 2026-08-15; the scenario is dated 2025-11-20."]


def test_a_control_source_named_explicitly_must_work():
    with pytest.raises(SourceUnavailable):
        run("plan-28", control=f"deepstate:{UNSHIPPED_DAY}", offline=True)[0]


def test_control_none_means_regions_only_without_a_notice():
    prepared = run("plan-28", control="none")[0]
    assert prepared.notices == [] and set(prepared.zones.part) == {"all"}


def cached_maps(cache_dir):
    return sorted(cache_dir.glob("map-*.json"))


def test_map_data_is_computed_once_then_read_from_the_cache(cache_dir, monkeypatch):
    import json

    from geo import webdata, zones
    from geo.boundaries import load_context

    first, notices = run("plan-28", offline=True).map_data()
    assert notices == [] and len(cached_maps(cache_dir)) == 1
    fresh = run("plan-28", offline=True)[0]
    assert first == json.loads(json.dumps(webdata.encode(fresh.zones, load_context(), fresh.control)))

    monkeypatch.setattr(zones, "split", lambda *a: pytest.fail("split again although the inputs did not change"))
    second, _ = run("plan-28", offline=True).map_data()
    assert second == first
    assert run("ceasefire-in-place", offline=True).map_data()[0] == first  # another scenario, same geometry


def test_another_control_file_or_credit_is_another_cache_entry(cache_dir, tmp_path, deepstate_file):
    snapshot, _ = run("plan-28", offline=True).map_data()
    renamed = tmp_path / "front.geojson"  # the shipped line's bytes, another credit
    renamed.write_bytes((SHIPPED_DIR / "deepstate-2025-11-20.geojson").read_bytes())
    same_lines, _ = run("plan-28", control=str(renamed), control_credit="Line of control: my copy").map_data()
    assert same_lines["control"]["credit"] == "Line of control: my copy" != snapshot["control"]["credit"]
    assert same_lines["topology"] == snapshot["topology"]
    square = tmp_path / "square.geojson"
    gpd.GeoDataFrame(geometry=[shapely.box(36, 47, 38, 49)], crs=4326).to_file(square)
    other, _ = run("plan-28", control=str(square)).map_data()
    assert other["topology"] != snapshot["topology"] and len(cached_maps(cache_dir)) == 3


def test_unreadable_cache_entry_is_made_again(cache_dir):
    first, _ = run("plan-28", offline=True).map_data()
    (entry,) = cached_maps(cache_dir)
    entry.write_text('{"bounds": [', encoding="utf-8")
    assert run("plan-28", offline=True).map_data()[0] == first
    assert entry.read_text(encoding="utf-8").startswith('{"bounds":[[')


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch, deepstate_file):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("GEO_CACHE_DIR", str(blocker / "cache"))
    with pytest.warns(GeoWarning, match="cache not written"):  # said to the caller, who may print it
        data, _ = run("plan-28", control=str(deepstate_file)).map_data()
    assert len(data["zones"]) == 35


def test_users_boundaries_are_not_cached(cache_dir):
    boundaries = load_boundaries().head(3)
    data, _ = run("plan-28", "none", boundaries=boundaries).map_data()
    assert [z["iso"] for z in data["zones"]] == list(boundaries.iso) and cached_maps(cache_dir) == []


def test_map_data_falls_back_like_the_result(unshipped_plan):
    data, notices = run(str(unshipped_plan), offline=True).map_data()
    assert {z["part"] for z in data["zones"]} == {"all"} and data["line"] == [] and data["control"] is None
    assert notices == run(str(unshipped_plan), offline=True)[0].notices


def test_the_line_of_control_is_the_exact_edge_between_held_and_occupied_zones(plan):
    # The reference, with plain shapely: where the outlines of the two parts meet.
    occupied = shapely.union_all(plan.zones[plan.zones.part == "occupied"].geometry.values)
    held = shapely.union_all(plan.zones[plan.zones.part == "held"].geometry.values)
    shared = shapely.intersection(shapely.boundary(occupied), shapely.boundary(held))
    assert shapely.hausdorff_distance(line_of_control(plan.zones), shared) < 1e-6  # degrees: about 0.1 m


@pytest.fixture
def three_dates(tmp_path):
    """A folder of three dated lines of control: a square in Donetsk oblast, growing."""
    folder = tmp_path / "lines"
    folder.mkdir()
    sizes = (("20251015", 0.4), ("20251115", 0.6), ("20251215", 0.8))
    dated_lines(folder, {day: shapely.box(37.0, 47.5, 37.0 + size, 47.5 + size) for day, size in sizes})
    return folder


def test_progress_is_told_each_date_split_and_nothing_when_all_is_cached(three_dates):
    told = []
    run("plan-28", str(three_dates), progress=lambda done, total: told.append((done, total))).compute()
    assert told == [(1, 3), (2, 3), (3, 3)]
    told.clear()
    run("plan-28", str(three_dates), progress=lambda done, total: told.append((done, total))).compute()
    assert told == []  # the second run reads the cache: nothing to split, nothing to report


def test_a_terminal_sees_the_dates_progress_and_a_pipe_sees_nothing(three_dates, tmp_path, capsys, monkeypatch):
    import sys

    from geo.cli import main

    assert main(["stats", "--control", str(three_dates), "--format", "csv"]) == 0
    piped = capsys.readouterr()
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["stats", "--control", str(three_dates), "--format", "csv"]) == 0
    shown = capsys.readouterr()
    assert "splitting" not in piped.err and "3/3" not in piped.err
    assert "splitting" in shown.err and "3/3" in shown.err  # tqdm's "splitting: 100%|...| 3/3 [...]"
    assert shown.out == piped.out  # the table is the same, only stderr differs


def test_dates_with_the_same_control_bytes_are_split_once_and_keep_their_own_dates(cache_dir, tmp_path, monkeypatch):
    """A folder of three dated layers, two of them the same bytes (a day the map was not updated): two
    splits, and each date's zones and areas are what a split of its own file gives."""
    from geo import workers

    folder = tmp_path / "lines"
    folder.mkdir()
    first, second = shapely.box(36.6, 47.3, 37.6, 48.3), shapely.box(36.9, 47.3, 37.9, 48.3)
    for day, square in (("20251120", first), ("20251122", second)):
        gpd.GeoDataFrame(geometry=[square], crs=4326).to_file(folder / f"front-{day}.geojson")
    (folder / "front-20251121.geojson").write_bytes((folder / "front-20251120.geojson").read_bytes())
    splits = []
    real = workers._prepare_date
    monkeypatch.setattr(workers, "_prepare_date", lambda *job: splits.append(job[2].date) or real(*job))
    series = run("plan-28", str(folder)).compute(zones=True)
    assert splits == ["2025-11-20", "2025-11-22"]
    assert [r.control.date for r in series] == ["2025-11-20", "2025-11-21", "2025-11-22"]
    assert [r.control.path.name for r in series] == [f"front-2025112{d}.geojson" for d in "012"]
    alone = run("plan-28", str(folder / "front-20251121.geojson"), control_date="2025-11-21").compute(zones=True)[0]
    assert list(series[1].zones["area_km2"]) == list(alone.zones["area_km2"])
    assert list(series[2].zones["area_km2"]) != list(series[1].zones["area_km2"])
