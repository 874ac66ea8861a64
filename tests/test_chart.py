"""geo chart's figure, drawn from hand-made dates whose areas are known (what a reader of the chart sees), and
the committed chart over the fixtures' snapshots."""

import dataclasses
import datetime as dt

import geopandas as gpd
import matplotlib.colors
import pandas as pd
import pytest
import shapely
from matplotlib.dates import date2num

from geo import chart
from geo.cli import main
from geo.scenario import load_scenario
from tests.conftest import SHARED, assert_committed, dated_lines, tagged_table

PLAN = load_scenario("plan-28")
# (date, recognised km², demilitarised km²); the rest of the country is "unchanged".
DATES = [("2025-10-15", 100.0, 40.0), ("2025-11-20", 120.0, 30.0), ("2025-12-15", 150.0, 0.0)]


@dataclasses.dataclass
class Layer:
    date: str
    credit: str = "Line of control: a test line"


@dataclasses.dataclass
class Dated:
    """A result of geo.run as the chart reads it: the scenario, the found line, the zones' rows, the facts."""

    scenario: object
    found: Layer
    zones: pd.DataFrame
    facts: dict = dataclasses.field(default_factory=lambda: {"boundaries": "Boundaries: test"})

    def zone_rows(self):
        return self.zones.to_dict("records")


def dated(day, recognised, demilitarised):
    rows = [("UA-14", "occupied", "recognised", recognised), ("UA-30", "all", "unchanged", 5000.0)]
    if demilitarised:
        rows.append(("UA-14", "held", "demilitarised", demilitarised))
    zones = tagged_table([(iso, part, status, PLAN.statuses[status].label, km2) for iso, part, status, km2 in rows])
    return Dated(PLAN, Layer(day), zones)


@pytest.fixture  # drawn for each test, so that mutation testing maps every test here to the drawing
def figure():
    series = [dated(*d) for d in DATES]
    series[-1].found.credit = "Line of control: the latest date's line"
    return chart.draw(series, size=(1600, 900), dpi=150)


def lines(figure):
    axes = figure.axes[0]
    return {line.get_label(): line for line in axes.get_lines() if not line.get_label().startswith("_")}


def test_each_status_but_the_default_is_a_line_of_its_areas_in_its_colour(figure):
    drawn = lines(figure)
    assert set(drawn) == {PLAN.statuses["recognised"].label, PLAN.statuses["demilitarised"].label, HELD}
    recognised, demilitarised = drawn[PLAN.statuses["recognised"].label], drawn[PLAN.statuses["demilitarised"].label]
    assert list(recognised.get_ydata()) == [100.0, 120.0, 150.0]
    assert list(demilitarised.get_ydata()) == [40.0, 30.0, 0.0]  # a date without the zone counts 0
    assert list(recognised.get_xdata()) == [dt.date.fromisoformat(d[0]) for d in DATES]
    for key, line in (("recognised", recognised), ("demilitarised", demilitarised)):
        assert matplotlib.colors.same_color(line.get_color(), PLAN.statuses[key].colour)


HELD = "All the land held by Russian forces"


def test_all_the_land_held_by_russian_forces_is_a_dashed_line_of_each_dates_occupied_parts():
    """Two occupied zones of two statuses a date: the line is their sum (geo stats' occupied km²), the held
    part and the rest of the country are not in it."""
    series = []
    for day, recognised, frozen in (("2025-10-15", 100.0, 7.0), ("2025-11-20", 120.0, 9.5)):
        rows = [("UA-14", "occupied", "recognised", recognised), ("UA-23", "occupied", "frozen", frozen)]
        rows += [("UA-14", "held", "demilitarised", 40.0), ("UA-30", "all", "unchanged", 5000.0)]
        zones = tagged_table([(iso, part, status, PLAN.statuses[status].label, km2) for iso, part, status, km2 in rows])
        series.append(Dated(PLAN, Layer(day), zones))
    held = lines(chart.draw(series))[HELD]
    assert list(held.get_ydata()) == [107.0, 129.5] and held.get_linestyle() == "--"
    assert matplotlib.colors.same_color(held.get_color(), "#1a1a1a")


def test_a_few_dates_are_dots_on_their_lines_and_a_year_of_days_only_lines():
    few = lines(chart.draw([dated(*d) for d in DATES]))[PLAN.statuses["recognised"].label]
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(chart.MAX_DOTTED + 1)]
    many = lines(chart.draw([dated(day.isoformat(), 100.0, 40.0) for day in days]))
    assert few.get_marker() == "o" and many[PLAN.statuses["recognised"].label].get_marker() in ("None", None, "")


def test_a_near_white_status_is_drawn_grey_so_it_shows_on_the_white_page():
    pale = dataclasses.replace(PLAN.statuses["recognised"], colour="#ffffff")
    scenario = dataclasses.replace(PLAN, statuses={**PLAN.statuses, "recognised": pale})
    series = [dataclasses.replace(dated(*d), scenario=scenario) for d in DATES]
    line = lines(chart.draw(series))[pale.label]
    assert matplotlib.colors.same_color(line.get_color(), "#888888")


def test_areas_are_read_from_zero_and_the_legend_stands_right_of_the_plot(figure):
    assert (figure.bbox.width, figure.bbox.height) == (1600, 900)  # the pixels asked for, at the dpi asked for
    axes = figure.axes[0]
    assert axes.get_ylim()[0] == 0
    renderer = figure.canvas.get_renderer()
    legend, plot = axes.get_legend().get_window_extent(renderer), axes.get_window_extent(renderer)
    assert legend.x0 > plot.x1 and plot.y0 <= legend.y1 <= plot.y1 + 1  # level with the plot's top


def test_the_scenarios_date_is_a_dotted_line_labelled_inside_the_plot(figure):
    axes = figure.axes[0]
    marks = [line for line in axes.get_lines() if line.get_label().startswith("_")]
    assert [line.get_xdata()[0] for line in marks] == [dt.date(2025, 11, 20)]
    assert marks[0].get_linestyle() == ":"  # unlike the dashed line of all the land held
    label = next(t for t in axes.texts if t.get_text() == "2025-11-20")
    renderer = figure.canvas.get_renderer()
    box, plot = label.get_window_extent(renderer), axes.get_window_extent(renderer)
    assert (
        plot.y0 < box.y0
        and box.y1 <= plot.y1 + 1
        and box.x0 > axes.transData.transform((date2num(dt.date(2025, 11, 20)), 0))[0]
    )


def test_title_subtitle_and_credits_are_in_the_figure_and_the_subtitle_fills_its_width(figure):
    texts = {t.get_text(): t for t in figure.texts}
    title = texts[PLAN.title]
    assert title.get_fontweight() == "bold"
    subtitle = next(t for text, t in texts.items() if "is not shown" in text.replace("\n", " "))
    renderer = figure.canvas.get_renderer()
    width = subtitle.get_window_extent(renderer).width / figure.bbox.width
    assert 0.6 < width <= 0.92  # wrapped to the plot and legend's width, not to a narrow column
    credits = next(t for t in figure.texts if "Boundaries: test" in t.get_text())
    words = credits.get_text().replace("\n", " ")
    assert "the latest date's line" in words and PLAN.source in words  # the line of the last date
    for text in (title, subtitle, credits):
        box = text.get_window_extent(renderer)
        assert figure.bbox.x0 <= box.x0 and box.x1 <= figure.bbox.x1 and box.y0 >= 0 and box.y1 <= figure.bbox.y1


def test_the_committed_chart_is_what_geo_draws_from_the_snapshots(tmp_path, monkeypatch):
    """maps/plan-28-chart.svg as committed equals `geo chart` over the fixtures' monthly snapshots (see README):
    every line, mark and text of the chart pinned, so that a change to it is seen and committed on purpose."""
    snapshots = SHARED / "deepstate"
    if not snapshots.is_dir():
        pytest.skip(f"DeepStateMap fixtures absent: {snapshots}")
    monkeypatch.chdir(tmp_path)
    assert main(["chart", "--control", str(snapshots), "--format", "svg", "--out", "chart.svg"]) == 0
    assert_committed(tmp_path / "chart.svg", "plan-28-chart.svg")


@pytest.fixture
def two_dates(tmp_path):
    """A folder of two dated lines of control: a square in Donetsk oblast, larger on the second date."""
    folder = tmp_path / "lines"
    folder.mkdir()
    sizes = (("20251015", 0.5), ("20251115", 0.8))
    dated_lines(folder, {day: shapely.box(37.0, 47.5, 37.0 + size, 47.5 + size) for day, size in sizes})
    return folder


def chart_bytes(folder, out, *options):
    assert main(["chart", "--control", str(folder), "--out", str(out), *options]) == 0
    return out.read_bytes()


def test_a_warm_chart_is_read_from_the_cache_without_drawing(two_dates, tmp_path, monkeypatch):
    """Drawing imports matplotlib, slower than reading every date's figures: a chart asked for again is
    the file drawn the first time."""
    first = chart_bytes(two_dates, tmp_path / "a.png")

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again although the cache holds the chart")

    monkeypatch.setattr(chart, "draw", no_drawing)
    assert chart_bytes(two_dates, tmp_path / "b.png") == first


@pytest.mark.parametrize(
    "options",
    [["--format", "svg"], ["--size", "800x600"], ["--dpi", "100"], ["--lang", "uk"], ["--scenario", "plan-20"]],
)
def test_a_cached_chart_is_never_shown_for_other_options(two_dates, tmp_path, monkeypatch, options):
    chart_bytes(two_dates, tmp_path / "first.png")  # the cache holds the default chart, a PNG
    other = chart_bytes(two_dates, tmp_path / "other", *options)
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "empty-cache"))
    assert other == chart_bytes(two_dates, tmp_path / "drawn", *options)  # what a cold run draws


def test_a_cached_chart_is_drawn_again_when_a_dates_line_changes(two_dates, tmp_path):
    before = chart_bytes(two_dates, tmp_path / "a.png")
    wider = gpd.GeoDataFrame(geometry=[shapely.box(37.0, 47.5, 38.2, 48.7)], crs=4326)
    wider.to_file(two_dates / "line_20251115.geojson")
    assert chart_bytes(two_dates, tmp_path / "b.png") != before
