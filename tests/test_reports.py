"""A command's figures in words, and a result as a notebook shows it."""

import json

import pytest
import shapely

import geo
from geo.cli import main
from geo.scenario import load_scenario
from tests.conftest import dated_lines


def test_a_result_in_a_notebook_is_a_table_of_its_statuses_with_the_line_and_notices():
    shown = geo.run("plan-20", offline=True)[0]._repr_html_()
    assert "<table" in shown and "left-to-negotiation" in shown and "2025-11-20" in shown
    assert "The line of control is of 2025-11-20; the scenario is dated 2025-12-23." in shown
    regions_only = geo.run("plan-20", control="none")[0]._repr_html_()
    assert "<table" in regions_only and "line of control of" not in regions_only


def test_a_notebook_shows_a_scenarios_markup_as_text(tmp_path):
    path = tmp_path / "marked.toml"
    path.write_text(
        'id = "marked"\ntitle = "<img src=x onerror=alert(1)> & co"\n'
        '[statuses.odd]\nlabel = "<b>odd</b>"\ncolour = "#123456"\n'
        '[[rules]]\nregions = ["Odesa"]\nstatus = "odd"\n',
        encoding="utf-8",
    )
    shown = geo.run(load_scenario(path), control="none")[0]._repr_html_()
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in shown and "<img" not in shown
    assert "&lt;b&gt;odd&lt;/b&gt;" in shown and "<b>odd" not in shown


def test_the_estimates_of_several_scenarios_each_name_their_scenario(capsys, cache_dir):
    assert main(["stats", "--offline", "--scenario", "plan-28", "--scenario", "geneva-dmz-2026"]) == 0
    out = capsys.readouterr().out
    lines = out.split("Reported estimates of the people living there now", 1)[1].splitlines()[1:]
    assert lines[0].startswith("  plan-28: Demilitarised buffer zone: ")
    assert lines[1].startswith("  geneva-dmz-2026: Demilitarised, held by neither army (floated): ")


@pytest.fixture
def two_squares(tmp_path):
    """Two lines of hand-drawn "occupied" land inside Donetsk oblast: a square 1° wide, then a smaller one
    within it (so some land went back to Ukraine and the line got shorter)."""
    squares = {"20251120": shapely.box(36.6, 47.3, 37.6, 48.3), "20260815": shapely.box(36.9, 47.5, 37.4, 48.0)}
    return [str(path) for path in dated_lines(tmp_path, squares)]


def test_changes_in_words_give_each_dates_line_and_occupied_land(two_squares, capsys):
    assert main(["changes", "--from", two_squares[0], "--to", two_squares[1], "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    first, last = report["from"], report["to"]
    assert first["line_km"] > last["line_km"] + 100  # the second square's outline is half as long
    assert main(["changes", "--from", two_squares[0], "--to", two_squares[1]]) == 0
    said = capsys.readouterr().out
    lengths = f"{first['line_km']:,.0f} km on 2025-11-20, {last['line_km']:,.0f} km on 2026-08-15."
    assert f"Line of control: {lengths}" in said
    assert f"{first['occupied_km2']:,.1f} km² on 2025-11-20, {last['occupied_km2']:,.1f} km² on 2026-08-15." in said
    assert "The line did not move." not in said


def test_changes_in_words_say_when_the_line_did_not_move(two_squares, capsys):
    assert main(["changes", "--from", two_squares[0], "--to", two_squares[0]]) == 0
    said = capsys.readouterr().out
    assert "The line did not move." in said and "No town changed side." in said
    assert "To Russian forces: 0.0 km² and 0 places; to Ukraine: 0.0 km² and 0 places." in said


def ukrainian(value: float, digits: int) -> str:
    """A figure as Ukrainian writes it, from Python's English format: 1 654,7 (no-break space, decimal comma)."""
    return f"{value:,.{digits}f}".replace(",", "\u00a0").replace(".", ",")


def test_changes_in_ukrainian_say_it_all_in_ukrainian_with_its_numbers(two_squares, capsys):
    assert main(["changes", "--from", two_squares[0], "--to", two_squares[1], "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    first, last, totals = report["from"], report["to"], report["totals"]
    assert main(["changes", "--from", two_squares[0], "--to", two_squares[1], "--lang", "uk"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Між 2025-11-20 і 2026-08-15 (plan-28; статус на 2025-11-20):")
    km = (ukrainian(first["line_km"], 0), ukrainian(last["line_km"], 0))
    assert f"Лінія зіткнення: {km[0]} км на 2025-11-20, {km[1]} км на 2026-08-15." in said
    held = (ukrainian(first["occupied_km2"], 1), ukrainian(last["occupied_km2"], 1))
    assert f"Під контролем російських сил: {held[0]} км² на 2025-11-20, {held[1]} км² на 2026-08-15." in said
    back = ukrainian(totals["to_ukraine_km2"], 1)
    towns = ukrainian(totals["towns_to_ukraine"], 0)
    assert f"повернулося під контроль України: {back} км², населених пунктів: {towns}." in said
    assert f" {back}\n" in said or f" {back} " in said  # the same figure in the statuses' table
    assert report["towns"] and all(f" {ukrainian(t['population'], 0)} " in said for t in report["towns"])
    assert not {"Line of control", "Held by", "To Russian forces", "Between"} & {*said.split(": "), *said.split(" ")}
