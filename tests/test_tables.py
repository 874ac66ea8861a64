"""The tables the commands print without pandas, held to pandas: the layout of ``to_string``, the CSV of
``to_csv`` and the rounding of ``DataFrame.round`` (independent: pandas' own code, the old path of geo stats)."""

import numpy as np
import pandas as pd
import pytest

from geo import stats, tables
from geo.cli import main
from geo.pipeline import run


def one_decimal(value):
    return f"{value:,.1f}"


def pandas_text(frame, number=None) -> str:
    """What the commands print, as pandas writes it: floats through ``number``, whole numbers grouped."""
    grouped = {c: "{:,}".format for c in frame.columns if pd.api.types.is_integer_dtype(frame[c])}
    return frame.to_string(index=False, float_format=number, formatters=grouped)


HAND_MADE = [
    {"iso": "UA-14", "name": "Донецька область", "km2": -1234.25, "n": 3, "lat": 48.1, "band_km": 10.0},
    {"iso": "UA-30", "name": "Kyiv City", "km2": 0.125, "n": -1_234_567, "lat": 50.45466, "band_km": 0.0},
    {"iso": "UA-43", "name": "Autonomous Republic of Crimea", "km2": 26_081.0, "n": 0, "lat": 45.0, "band_km": 0.0},
]


@pytest.mark.parametrize("number", [None, one_decimal])
def test_text_is_laid_out_as_pandas_lays_out_a_frame(number):
    columns = list(HAND_MADE[0])
    frame = pd.DataFrame(HAND_MADE, columns=columns)
    assert tables.text(HAND_MADE, columns, number) == pandas_text(frame, number)


def test_a_column_some_rows_lack_shows_as_pandas_shows_a_missing_value():
    rows = [{"iso": "UA-14", "band_km": 10.0, "km2": 1.5}, {"iso": "UA-30", "km2": 2.25}]
    columns = ["iso", "band_km", "km2"]
    frame = pd.DataFrame(rows, columns=columns)
    assert tables.text(rows, columns, one_decimal) == pandas_text(frame, one_decimal)
    assert tables.to_csv(rows, columns) == frame.to_csv(index=False)


def test_csv_is_what_pandas_writes():
    columns = list(HAND_MADE[0])
    rows = [*HAND_MADE, {**HAND_MADE[0], "name": 'A "quoted", name'}]
    assert tables.to_csv(rows, columns) == pd.DataFrame(rows, columns=columns).to_csv(index=False)


@pytest.mark.parametrize(
    "value", [2.675, 1.005, 0.125, 0.375, 2.5, -2.5, 4.406499999, 1234.45, 99.995, 30.595, 472.255]
)
@pytest.mark.parametrize("digits", [1, 2, 3])
def test_rounding_is_numpys_not_pythons(value, digits):
    assert tables.round_half_even(value, digits) == float(np.round(value, digits))


def test_rounding_is_not_pythons_where_the_two_disagree():
    # 255.075 is 255.07499999999998863... in binary: Python rounds that down; numpy scales it to 25507.5 first.
    assert round(255.075, 2) == 255.07 and tables.round_half_even(255.075, 2) == float(np.round(255.075, 2)) == 255.08


def test_the_tables_of_a_real_run_are_the_ones_pandas_made(capsys):
    """geo stats' zones and totals on the committed boundaries, against pandas computing them the way geo
    stats did before pandas left its path (groupby sums, column sums, DataFrame.round, to_string)."""
    result = run("plan-28", control="none")[0]
    rows = stats.zone_rows(result.zone_rows(), result.town_rows())
    frame = pd.DataFrame(result.zone_rows())[["iso", "name", "part", "status", "label", "area_km2"]]
    frame["share_pct"] = 100 * frame["area_km2"] / frame["area_km2"].sum()
    frame["share_of_region_pct"] = 100 * frame["area_km2"] / frame.groupby("iso")["area_km2"].transform("sum")
    towns = pd.DataFrame(result.town_rows()).groupby(["iso", "part"])["population"].agg(towns="count", population="sum")
    frame = frame.join(towns, on=["iso", "part"])
    frame[["towns", "population"]] = frame[["towns", "population"]].fillna(0).astype(int)
    columns = list(frame.columns)
    assert tables.text(rows, columns, one_decimal) == pandas_text(frame, one_decimal)
    assert tables.to_csv(tables.rounded(rows, stats.ROUNDING), columns) == frame.round(stats.ROUNDING).to_csv(
        index=False
    )
    sums = frame.groupby(["status", "label"], sort=False)[["area_km2", "share_pct", "towns", "population"]].sum()
    by_status = sums.reset_index(level="label").reindex(list(result.scenario.statuses)).dropna().reset_index()
    by_status[["towns", "population"]] = by_status[["towns", "population"]].astype(int)
    assert stats.totals(rows, result.scenario.statuses) == by_status.to_dict("records")

    assert main(["stats", "--control", "none"]) == 0
    printed = capsys.readouterr().out
    assert pandas_text(frame, one_decimal) in printed


def test_a_warm_run_reads_every_table_from_the_cache_without_splitting(monkeypatch, capsys):
    """stats, places and the run's rows come from the cache on a second run: splitting again (seconds a
    date) is what the cache is for."""
    assert main(["stats", "--control", "none", "--format", "csv"]) == 0
    assert main(["places", "--control", "none", "--format", "csv"]) == 0
    first = capsys.readouterr().out

    def no_split(*args, **kwargs):
        raise AssertionError("split again although the cache holds the run")

    monkeypatch.setattr("geo.zones.split", no_split)
    assert main(["stats", "--control", "none", "--format", "csv"]) == 0
    assert main(["places", "--control", "none", "--format", "csv"]) == 0
    assert capsys.readouterr().out == first


def _zone_of(facts: dict, change) -> dict:
    """The facts with each town's zone index array (base64 of 16-bit integers) changed by ``change``."""
    import base64

    zone_of = np.frombuffer(base64.b64decode(facts["zone_of_town"]), dtype="<i2").copy()
    return {**facts, "zone_of_town": base64.b64encode(change(zone_of, len(facts["zones"])).tobytes()).decode()}


SPOILED = {
    "another shape": lambda facts: {"zones": [{"iso": "UA-14"}], "towns": [[0, 5]], "boundaries": None},
    "pairs, not an array": lambda facts: {**facts, "zone_of_town": [[0, 5]]},
    "not base64": lambda facts: {**facts, "zone_of_town": "not base64!"},
    "odd bytes": lambda facts: {**facts, "zone_of_town": facts["zone_of_town"][:-4] + "AAA="},
    "a town short": lambda facts: _zone_of(facts, lambda z, n: z[:-1]),
    "a zone past the last": lambda facts: _zone_of(facts, lambda z, n: np.where(z == z.max(), n, z).astype("<i2")),
}


@pytest.mark.parametrize("spoil", SPOILED.values(), ids=SPOILED.keys())
def test_facts_of_another_shape_in_the_cache_are_a_miss(cache_dir, capsys, spoil):
    import json

    assert main(["stats", "--control", "none", "--format", "csv"]) == 0
    assert main(["places", "--control", "none", "--format", "csv"]) == 0
    first = capsys.readouterr().out
    (facts,) = cache_dir.glob("zones-*.json")
    facts.write_text(json.dumps(spoil(json.loads(facts.read_text(encoding="utf-8")))), encoding="utf-8")
    assert main(["stats", "--control", "none", "--format", "csv"]) == 0
    assert main(["places", "--control", "none", "--format", "csv"]) == 0
    assert capsys.readouterr().out == first


@pytest.mark.parametrize("seed", range(4))
def test_sums_are_numpys_to_the_last_bit(seed):
    """Lengths across numpy's cases (under 8, one block of up to 128, halved runs), values of mixed
    magnitudes and signs, where the order of additions shows in the last bits."""
    rng = np.random.default_rng(seed)
    for n in [*range(0, 40), 127, 128, 129, 135, 136, 255, 256, 257, 1000, 4099]:
        values = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 7, n)
        assert tables.pairwise_sum(values.tolist()) == float(values.sum()), n
