"""Reported estimates: people living in a zone now, by whose count and when, validated like every input and
shown beside the pre-war GeoNames sum, never added to it (the page's tooltip in test_browser, the editor's
download in test_editor)."""

import json
import re
import textwrap

import pytest

from geo import locale, webdata, webmap
from geo.cli import main
from geo.errors import ScenarioError
from geo.estimates import MAX_ESTIMATES
from geo.pipeline import run
from geo.scenario import load_scenario
from tests.conftest import script_data

GOOD = '[[estimates]]\nstatus = "frozen"\npeople = 190000\nsource = "Kyiv"\ndate = "2026-02"\n'


def scenario_with(tmp_path, estimates: str, head: str = 'id = "e"\ntitle = "E"\n', name: str = "e.toml"):
    path = tmp_path / name
    path.write_text(head + textwrap.dedent(estimates), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("estimates", "expected"),
    [
        (GOOD.replace('"frozen"', '"gone"'), "estimate 1: 'status' must name one of the scenario's statuses"),
        (GOOD.replace("190000", "0"), "estimate 1: 'people' must be a whole number from 1 to 50,000,000"),
        (GOOD.replace("190000", "-5"), "'people' must be a whole number"),
        (GOOD.replace("190000", "1.9e5"), "'people' must be a whole number"),
        (GOOD.replace("190000", "true"), "'people' must be a whole number"),
        (GOOD.replace("190000", '"190,000"'), "'people' must be a whole number"),
        (GOOD.replace("190000", "190000000"), "'people' must be a whole number"),
        (GOOD.replace("190000", "50000001"), "'people' must be a whole number"),  # one over the bound
        (GOOD.replace('source = "Kyiv"\n', ""), "estimate 1: 'source' is required: whose count it is"),
        (GOOD.replace('"Kyiv"', '"  "'), "'source' is required"),
        (GOOD.replace('"Kyiv"', "5"), "'source' is required"),
        (GOOD + "source_uk = 5\n", "estimate 1: 'source_uk' must be a string"),
        (GOOD.replace('"2026-02"', '"February 2026"'), "'date' must be when it was reported, YYYY-MM or YYYY-MM-DD"),
        (GOOD.replace('"2026-02"', '"2026-13"'), "'date' must be when it was reported"),
        (GOOD.replace('"2026-02"', '"20260218"'), "'date' must be when it was reported"),
        (GOOD.replace('date = "2026-02"\n', ""), "'date' must be when it was reported"),
        (GOOD.replace('"2026-02"', "2026-02-18T09:00:00"), "'date' must be when it was reported"),  # a time too
        (GOOD + 'where = "Donetsk"\n', "estimate 1: unknown key 'where'"),
        ('estimates = {status = "frozen"}\n', "'estimates' must be an array of [[estimates]] tables"),
        (GOOD + '[[estimates]]\nstatus = "frozen"\n', "estimate 2: 'people'"),
        (GOOD * (MAX_ESTIMATES + 1), "at most 20"),
    ],
)
def test_a_bad_estimate_is_one_line_naming_the_file_and_the_estimate(tmp_path, estimates, expected):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario_with(tmp_path, estimates))
    message = str(caught.value)
    assert message.startswith("e.toml: ") and expected in message and "\n" not in message


def test_a_toml_date_and_a_day_are_taken_as_reported(tmp_path):
    found = load_scenario(scenario_with(tmp_path, GOOD.replace('"2026-02"', "2026-02-18"))).estimates
    assert [e.date for e in found] == ["2026-02-18"]
    assert found[0].text() == "about 190,000 people (Kyiv, 18 February 2026)"


def test_the_largest_count_allowed_is_taken_and_texts_are_trimmed(tmp_path):
    spec = GOOD.replace("190000", "50000000").replace('"Kyiv"', '" Kyiv  "') + 'source_uk = " Київ "\n'
    (estimate,) = load_scenario(scenario_with(tmp_path, spec)).estimates
    assert estimate.people == 50_000_000 and estimate.source == "Kyiv"
    assert estimate.text("uk").endswith("(Київ, лютий 2026 року)")


def test_an_estimate_reads_in_each_language_with_its_month_in_the_right_case(tmp_path):
    estimate = load_scenario(scenario_with(tmp_path, GOOD + 'source_uk = "Київ"\n')).estimates[0]
    assert estimate.text("en") == "about 190,000 people (Kyiv, February 2026)"
    # A month on its own is in the nominative (лютий), in a date in the genitive (18 лютого).
    assert estimate.text("uk") == "близько 190\u00a0000 осіб (Київ, лютий 2026 року)"
    assert locale.date("2026-02-18", "uk") == "18 лютого 2026"


def test_a_file_that_extends_another_inherits_its_estimates_and_can_clear_them(tmp_path):
    parent = scenario_with(tmp_path, GOOD, name="parent.toml")
    child = scenario_with(tmp_path, "", head=f'extends = "{parent}"\ntitle = "Child"\n', name="child.toml")
    cleared = scenario_with(tmp_path, "estimates = []\n", head=f'extends = "{parent}"\n', name="cleared.toml")
    assert load_scenario(child).estimates == load_scenario(parent).estimates != ()
    assert load_scenario(cleared).estimates == ()


def test_the_built_in_versions_give_the_counts_reported_for_the_held_part_of_donetsk():
    """Facts file, "Figures reported for comparison" and section 1: Reuters (Aug 2025) about a quarter
    of a million; the regional administration (Nov 2025) nearly 200,000; Kyiv (Feb 2026) about 190,000."""
    counts = {
        name: {(e.people, e.date) for e in load_scenario(name).estimates}
        for name in ("plan-28", "plan-20", "russia-demand-2026", "geneva-dmz-2026")
    }
    assert counts["plan-28"] == {(250_000, "2025-08"), (200_000, "2025-11")}
    assert counts["plan-20"] == {(200_000, "2025-11")}
    assert counts["russia-demand-2026"] == counts["geneva-dmz-2026"] == {(200_000, "2025-11"), (190_000, "2026-02")}
    for name in counts:  # each on the status the scenario gives the held part of Donetsk
        scenario = load_scenario(name)
        assert {e.status for e in scenario.estimates} == {scenario.assign("UA-14", "held")[0]}


@pytest.fixture
def estimated(tmp_path):
    """A scenario giving the held part of Donetsk a status of its own, with an estimate, on no line."""
    return scenario_with(
        tmp_path,
        GOOD.replace('"frozen"', '"zone"'),
        head='id = "e"\ntitle = "E"\n[statuses.zone]\nlabel = "The zone"\ndescription = "D"\ncolour = "#123456"\n'
        '[[rules]]\nregions = ["UA-14"]\npart = "all"\nstatus = "zone"\n',
    )


def test_in_ukrainian_the_table_and_the_estimate_write_the_geonames_sum_alike(estimated, capsys, cache_dir):
    """One figure, written one way in one output: grouped by no-break spaces in the table and in the line."""
    assert main(["stats", "--scenario", str(estimated), "--control", "none", "--offline", "--lang", "uk"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.lstrip().startswith("zone ") and "The zone" in line)
    cell = re.search(r"\d{1,3}(?:\u00a0\d{3})+$", row).group()  # the population column, last
    assert f"  The zone: {cell} у населених пунктах GeoNames" in out


def test_stats_prints_an_estimate_beside_the_geonames_sum_and_never_adds_it(estimated, capsys, cache_dir):
    assert main(["stats", "--scenario", str(estimated), "--control", "none", "--offline"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.lstrip().startswith("zone ") and "The zone" in line)
    geonames = int(row.split()[-1].replace(",", ""))  # the table's population column for the status, grouped
    assert geonames > 1_000_000  # Donetsk oblast's places before the war, not the reported count
    line = f"  The zone: {geonames:,} in GeoNames' places (pre-war); reported now: about 190,000 people (Kyiv, "
    line += "February 2026)"
    assert line in out.splitlines()
    assert main(["stats", "--scenario", str(estimated), "--control", "none", "--offline", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["estimates"] == [{"status": "zone", "people": 190000, "source": "Kyiv", "date": "2026-02"}]
    assert next(t for t in document["totals"] if t["status"] == "zone")["population"] == geonames


def test_a_scenario_without_estimates_prints_no_heading(capsys, cache_dir):
    assert main(["stats", "--scenario", "ceasefire-in-place", "--control", "none", "--offline"]) == 0
    assert "Reported estimates" not in capsys.readouterr().out


def test_the_text_alternative_lists_each_scenarios_estimates_as_text(estimated, cache_dir):
    hostile = "<b>Kyiv</b> {{ 7*7 }} $x^2$"
    estimated.write_text(estimated.read_text(encoding="utf-8").replace('"Kyiv"', f'"{hostile}"'), encoding="utf-8")
    data = webdata.encode(run(str(estimated), control="none").compute(zones=True)[0].zones)
    page = webmap.page(data, [load_scenario(estimated), load_scenario("ceasefire-in-place")])
    assert "<li>The zone: about 190,000 people (&lt;b&gt;Kyiv&lt;/b&gt; {{ 7*7 }} $x^2$, February 2026)</li>" in page
    assert "<b>Kyiv" not in page
    assert page.count('aria-label="Reported estimates of the people living in each zone now"') == 1
    assert script_data(page)["layers"][1]["estimates"] == {}
