"""The tables of geo stats from small hand-made zones, whose figures are worked out by hand in each test."""

import pandas as pd
import pytest

from geo import stats
from tests.conftest import tagged_table

ROWS = [
    ("UA-14", "occupied", "recognised", "Recognised", 30.0),
    ("UA-14", "held", "buffer", "Buffer", 10.0),
    ("UA-30", "all", "ukraine", "Ukraine", 60.0),
]
THREE = tagged_table(ROWS)


def test_occupied_counts_only_the_zones_held_by_russian_forces_never_whole_regions():
    # A region the line does not cross is "all": counting it as occupied would add all 60 km² of it.
    assert stats.occupied_km2(stats.zone_rows(THREE.to_dict("records"))) == 30.0


def test_shares_are_of_ukraine_and_of_the_zones_own_region():
    table = stats.area_table(THREE).set_index(["iso", "part"])
    assert table["share_pct"].to_dict() == {
        ("UA-14", "occupied"): 30.0,
        ("UA-14", "held"): 10.0,
        ("UA-30", "all"): 60.0,
    }
    assert table["share_of_region_pct"].to_dict() == {
        ("UA-14", "occupied"): 75.0,
        ("UA-14", "held"): 25.0,
        ("UA-30", "all"): 100.0,
    }


def test_towns_and_people_are_counted_per_zone_and_a_zone_without_towns_has_none():
    towns = pd.DataFrame(
        {"iso": ["UA-14", "UA-14", "UA-14"], "part": ["occupied", "occupied", "held"], "population": [900, 100, 50]}
    )
    table = stats.area_table(THREE, towns).set_index(["iso", "part"])
    assert table.loc[("UA-14", "occupied"), ["towns", "population"]].tolist() == [2, 1000]
    assert table.loc[("UA-14", "held"), ["towns", "population"]].tolist() == [1, 50]
    assert table.loc[("UA-30", "all"), ["towns", "population"]].tolist() == [0, 0]
    assert table["towns"].dtype.kind == "i"


def test_totals_follow_the_scenarios_order_of_statuses_and_add_up_each_status():
    table = stats.area_table(tagged_table([*ROWS, ("UA-30", "held", "buffer", "Buffer", 5.0)]))
    totals = stats.status_totals(table, ["ukraine", "buffer", "recognised", "unused"])
    assert totals["status"].tolist() == ["ukraine", "buffer", "recognised"]
    assert totals["area_km2"].tolist() == [60.0, 15.0, 30.0]
    assert totals["label"].tolist() == ["Ukraine", "Buffer", "Recognised"]


def test_the_difference_is_the_second_scenario_minus_the_first_with_statuses_either_lacks():
    first = pd.DataFrame({"status": ["b", "a"], "area_km2": [5.0, 10.0], "towns": [1, 2], "population": [50, 100]})
    second = pd.DataFrame({"status": ["c", "a"], "area_km2": [11.0, 4.0], "towns": [2, 1], "population": [110, 40]})
    rows = stats.difference(first.to_dict("records"), second.to_dict("records"), ("one", "two"))
    assert [row["status"] for row in rows] == ["a", "b", "c"]  # alphabetical, as before with pandas' outer join
    both = pd.DataFrame(rows).set_index("status")
    assert both["area_km2_change"].to_dict() == {"a": -6.0, "b": -5.0, "c": 11.0}
    assert both["population_change"].to_dict() == {"a": -60, "b": -50, "c": 110}
    assert both.loc["c", "area_km2_one"] == 0 and both.loc["b", "towns_two"] == 0


@pytest.mark.parametrize("series, several, first", [(True, False, ["date"]), (True, True, ["scenario", "date"])])
def test_a_table_of_several_dates_or_scenarios_says_which_first(series, several, first):
    class Prepared:
        found = type("Source", (), {"date": "2025-11-20"})
        scenario = type("Scenario", (), {"id": "plan-28"})

    keyed = stats.keyed([{"x": 1}], Prepared, series, several)
    assert list(keyed[0]) == [*first, "x"]
    assert keyed[0]["date"] == "2025-11-20" and (not several or keyed[0]["scenario"] == "plan-28")


def test_without_a_line_no_occupied_area_is_stated_and_the_tables_of_several_results_follow_each_other(real_plan):
    """A map of whole regions says nothing of occupied ground (None, not 0 km²); the tables of several
    results are one table, each result's rows after the one before, each row saying its scenario."""
    from geo.pipeline import run

    regions_only = run("plan-28", control="none")[0]
    table, totals, documents = stats.summary([real_plan, regions_only], several=True)
    assert documents[1]["occupied_km2"] is None and documents[0]["occupied_km2"] > 0
    assert [row["part"] == "all" for row in table] == [False] * len(real_plan.zones) + [True] * 27
    assert {row["scenario"] for row in totals} == {"plan-28"} and len(totals) > len(documents[0]["totals"])
