"""Several dates at once: series of control layers, their gaps, stats and places over dates, the chart."""

import csv
import datetime as dt
import io
import re
import shutil

import geopandas as gpd
import pytest
import shapely

from geo import control
from geo.cli import main
from geo.errors import ControlError
from tests.conftest import SHARED

SNAPSHOTS = SHARED / "deepstate"


@pytest.fixture
def snapshots():
    if not SNAPSHOTS.is_dir():
        pytest.skip(f"DeepStateMap fixtures absent: {SNAPSHOTS}")
    return SNAPSHOTS


def test_month_steps_keep_the_day_or_the_months_last():
    days = control._steps(dt.date(2025, 1, 31), dt.date(2025, 5, 31), "month")
    assert [d.isoformat() for d in days] == ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31"]
    assert len(control._steps(dt.date(2025, 1, 1), dt.date(2025, 1, 29), "week")) == 5


@pytest.fixture
def archive(http_server, monkeypatch, snapshots):
    """A local archive holding only the 15 October and 15 November 2025 snapshots."""
    root, base, requested = http_server
    for name in ("deepstatemap_data_20251015.geojson", "deepstatemap_data_20251115.geojson"):
        shutil.copy(snapshots / name, root / name)
    monkeypatch.setenv("GEO_DEEPSTATE_URL", base + "/deepstatemap_data_{date:%Y%m%d}.geojson")
    return requested


def test_a_missing_day_takes_the_nearest_earlier_snapshot_and_says_so(archive):
    series = control.find_series("deepstate:2025-10-15..2025-11-17", "month")
    assert [(found.date, note) for found, note in series] == [("2025-10-15", ""), ("2025-11-15", "")]
    later = control.find_series("deepstate:2025-11-17..2025-11-17", "day")
    assert [(found.date, note) for found, note in later] == [
        ("2025-11-15", "no snapshot of 2025-11-17; the nearest earlier one, of 2025-11-15, is used")
    ]


def test_a_series_with_no_snapshot_near_a_day_is_one_clear_error(archive):
    with pytest.raises(control.SourceUnavailable, match="no snapshot of 2025-09-30 or the 7 days before it"):
        control.find_series("deepstate:2025-09-30..2025-10-15", "month")


def test_a_folder_is_dated_by_its_file_names_and_refuses_an_undated_file(snapshots, tmp_path):
    for name in ("deepstatemap_data_20250115.geojson", "deepstatemap_data_20240715.geojson"):
        shutil.copy(snapshots / name, tmp_path / name.replace("deepstatemap_data_", "front-"))
    series = control.find_series(str(tmp_path))
    assert [found.date for found, _ in series] == ["2024-07-15", "2025-01-15"]  # oldest first, by date
    gpd.GeoDataFrame(geometry=[shapely.box(36, 47, 38, 49)], crs=4326).to_file(tmp_path / "front.geojson")
    with pytest.raises(ControlError, match=r"front\.geojson: no date in its name"):
        control.find_series(str(tmp_path))


def test_stats_over_dates_put_the_date_first_and_follow_the_front(snapshots, capsys):
    glob = str(snapshots / "deepstatemap_data_2025*15.geojson")
    assert main(["stats", "--control", glob, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0])[:2] == ["date", "iso"]
    buffer = {r["date"]: float(r["area_km2"]) for r in rows if r["iso"] == "UA-14" and r["part"] == "held"}
    assert list(buffer) == sorted(buffer) and len(buffer) == 12
    # Independent: Donetsk less each snapshot, with plain shapely on EPSG:3035 (the issue quotes about
    # 8,700 km² in January 2025 and 6,300 km² when the plan was reported, on other boundaries).
    from geo.boundaries import load_boundaries

    donetsk = load_boundaries().set_index("iso").to_crs("EPSG:3035").geometry["UA-14"]
    for day in ("2025-01-15", "2025-11-15"):
        held = gpd.read_file(snapshots / f"deepstatemap_data_{day.replace('-', '')}.geojson").to_crs("EPSG:3035")
        # Within 2 %: the sliver rule (README, "How the zones are made") gives a few tens of km² of
        # coast and border strips to the other part.
        assert buffer[day] == pytest.approx(shapely.difference(donetsk, held.union_all()).area / 1e6, rel=0.02)
    assert buffer["2025-01-15"] > buffer["2025-11-15"]


def test_places_over_dates_put_the_date_first(snapshots, capsys):
    glob = str(snapshots / "deepstatemap_data_2026081*.geojson")
    assert main(["places", "--control", glob, "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("date,name,name_uk,iso,region,part,status,population")


def test_the_chart_draws_area_over_time_with_the_plans_date_marked(snapshots, tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / "chart.svg"
    glob = str(snapshots / "deepstatemap_data_202[56]*.geojson")
    assert main(["chart", "--control", glob, "--format", "svg", "--out", str(out)]) == 0
    texts = " ".join(t.text for t in ET.parse(out).iter("{http://www.w3.org/2000/svg}text") if t.text)
    for expected in ("The 28-point plan", "2025-11-20", "Demilitarised buffer zone", "DeepStateMap", "km²"):
        assert expected in texts, expected
    assert "No territorial change" not in texts.split("not shown")[1]  # the default status is left out


def test_a_chart_needs_several_dates(capsys, tmp_path):
    assert main(["chart", "--control", "none", "--out", str(tmp_path / "c.png")]) == 1
    assert "a chart needs several dates" in capsys.readouterr().err and not (tmp_path / "c.png").exists()


@pytest.fixture
def october_cached(cache_dir, snapshots):
    """A cache holding only DeepStateMap's snapshot of 2025-10-15, as after one download of it."""
    shutil.copy(snapshots / "deepstatemap_data_20251015.geojson", cache_dir)
    return cache_dir


def test_a_gap_of_up_to_seven_days_is_filled_offline_and_an_eighth_day_is_not(october_cached):
    series = control.find_series("deepstate:2025-10-22..2025-10-22", "day", offline=True)
    assert [(found.date, note) for found, note in series] == [
        ("2025-10-15", "no snapshot of 2025-10-22; the nearest earlier one, of 2025-10-15, is used")
    ]
    with pytest.raises(
        control.SourceUnavailable, match=r"^deepstate: no snapshot of 2025-10-23 or the 7 days before it$"
    ):
        control.find_series("deepstate:2025-10-23..2025-10-23", "day", offline=True)


def test_a_series_is_at_most_four_hundred_dates():
    first = dt.date(2024, 1, 1)
    assert len(control._steps(first, first + dt.timedelta(days=399), "day")) == 400
    with pytest.raises(
        ControlError, match=r"^more than 400 dates from 2024-01-01 to 2025-02-04; take a longer --every$"
    ):
        control._steps(first, first + dt.timedelta(days=400), "day")


def test_month_steps_cross_the_year():
    days = control._steps(dt.date(2024, 11, 30), dt.date(2025, 3, 30), "month")
    assert [d.isoformat() for d in days] == ["2024-11-30", "2024-12-30", "2025-01-30", "2025-02-28", "2025-03-30"]


@pytest.mark.parametrize(
    ("source", "every", "message"),
    [
        ("deepstate:2025-13-01..2025-12-01", "month", "deepstate:FROM '2025-13-01': expected a date as YYYY-MM-DD"),
        ("deepstate:2025-11-01..2025-02-30", "month", "deepstate:..TO '2025-02-30': expected a date as YYYY-MM-DD"),
        (
            "deepstate:2025-11-01..2025-10-01",
            "month",
            "deepstate:2025-11-01..2025-10-01: the range ends before it starts",
        ),
        ("deepstate:2025-10-01..2025-11-01", "fortnight", "--every 'fortnight': expected day, week or month"),
    ],
)
def test_a_bad_series_is_one_clear_error(source, every, message):
    with pytest.raises(ControlError, match=f"^{re.escape(message)}"):
        control.find_series(source, every)


def test_an_empty_folder_is_no_series(tmp_path):
    with pytest.raises(ControlError, match=f"^{re.escape(str(tmp_path))}: no control layer files there$"):
        control.find_series(str(tmp_path))
