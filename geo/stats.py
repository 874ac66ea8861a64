"""Area statistics of tagged zones, in km² on an equal-area projection.

The figures are computed on plain rows (:func:`zone_rows`, :func:`totals`), which is what the commands
print from the cached run without loading pandas; :func:`area_table` and :func:`status_totals` give the
same rows as DataFrames for the Python API. Sums are taken as pandas takes them (a column's sum as numpy
adds it, a group's with Kahan's compensation), so that the two agree to the last digit.
"""

from __future__ import annotations

from geo.tables import Rows, round_half_even

COLUMNS = ["iso", "name", "part", "status", "label", "area_km2", "share_pct", "share_of_region_pct"]
ROUNDING = {"area_km2": 1, "share_pct": 3, "share_of_region_pct": 2}
TOWN_STATS = ["towns", "population"]
TOWN_COLUMNS = ["name", "name_uk", "iso", "region", "part", "status", "label", "population", "lat", "lon"]


def town_rows(located: list[list[int]], zones: list[dict], towns) -> list[dict]:
    """Rows of ``name, name_uk, iso, region, part, status, label, population, lat, lon`` (``band_km``
    after ``part`` when the zones have it) for each [town index, zone index] pair of ``located``
    (:func:`geo.zones.town_zones`), in its order; ``towns``: :func:`geo.places.towns`. ``zones``: rows
    with ``iso, name, part`` and, when tagged, ``status`` and ``label`` (else those are empty)."""
    rows = []
    for t, z in located:
        town, zone = towns[t], zones[z]
        rows.append(
            {
                "name": town.name,
                "name_uk": town.name_uk,
                "iso": zone["iso"],
                "region": zone["name"],
                "part": zone["part"],
                **({"band_km": zone["band_km"]} if "band_km" in zone else {}),
                "status": zone.get("status", ""),
                "label": zone.get("label", ""),
                "population": town.population,
                "lat": town.lat,
                "lon": town.lon,
            }
        )
    return rows


def with_band(columns: list[str], banded: bool) -> list[str]:
    """``columns``, with ``band_km`` after ``part`` when the zones are cut into bands: the tables and
    files made from zones name each one's band only when a scenario has bands."""
    if not banded:
        return list(columns)
    at = columns.index("part") + 1
    return [*columns[:at], "band_km", *columns[at:]]


def zone_rows(zones: Rows, towns: Rows | None = None) -> Rows:
    """One row per zone: ``iso, name, part, status, label, area_km2, share_pct`` (share of Ukraine)
    and ``share_of_region_pct`` (share of its own region), with ``band_km`` after ``part`` when the
    zones carry it; with ``towns`` (rows of ``iso, part, population``, and ``band_km`` with bands),
    also how many towns each zone holds and their population.

    ``zones`` are tagged zones (:func:`geo.tag`) as rows; areas come from their ``area_km2``,
    measured on EPSG:3035 (equal-area) by :func:`geo.split` on the boundary source's shapes.
    """
    banded = bool(zones) and "band_km" in zones[0]
    areas = [float(zone["area_km2"]) for zone in zones]
    total = _column_sum(areas)
    by_region = _group_sums([zone["iso"] for zone in zones], areas)
    rows = [
        {
            **{key: zone[key] for key in with_band(COLUMNS[:5], banded)},
            "area_km2": area,
            "share_pct": 100 * area / total,
            "share_of_region_pct": 100 * area / by_region[zone["iso"]],
        }
        for zone, area in zip(zones, areas, strict=True)
    ]
    if towns is None:
        return rows
    keys = with_band(["iso", "part"], banded)
    counted: dict[tuple, list[int]] = {}
    for town in towns:
        count = counted.setdefault(tuple(town[k] for k in keys), [0, 0])
        count[0] += 1
        count[1] += int(town["population"])
    return with_towns(rows, [counted.get(tuple(row[k] for k in keys), (0, 0)) for row in rows])


def with_towns(rows: Rows, counts: list[tuple[int, int]]) -> Rows:
    """Zone rows with ``towns`` and ``population``: each zone's (number of towns, their people)."""
    for row, (count, people) in zip(rows, counts, strict=True):
        row["towns"], row["population"] = count, people
    return rows


def occupied_km2(rows: Rows) -> float:
    """Area of the zones held by Russian forces (part ``occupied``); 0 without a line of control."""
    return _column_sum([row["area_km2"] for row in rows if row["part"] == "occupied"])


def totals(rows: Rows, statuses=None) -> Rows:
    """Area and share per status (and towns and people, when the rows count them), in the order of
    ``statuses`` (a scenario's vocabulary) if given, else in the order the statuses first appear."""
    if not rows:
        return []
    columns = ["area_km2", "share_pct", *[c for c in TOWN_STATS if c in rows[0]]]
    keys = ["status", "label"] if "label" in rows[0] else ["status"]  # a status has one label
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row[k] for k in keys), []).append(row)
    found = [
        {**dict(zip(keys, key, strict=True)), **{c: _group_sum([row[c] for row in members]) for c in columns}}
        for key, members in groups.items()
    ]
    if statuses is not None:
        first = {}
        for total in found:
            first.setdefault(total["status"], total)
        found = [first[key] for key in statuses if key in first]
    return found


def keyed(rows: Rows, result, series: bool, several: bool = False) -> Rows:
    """The rows with the date and the scenario first, where there are several of them."""
    first = {
        **({"scenario": result.scenario.id} if several else {}),
        **({"date": result.found.date} if series else {}),
    }
    return [{**first, **row} for row in rows]


def summary(results: list, series: bool = False, several: bool = False) -> tuple[Rows, Rows, list[dict]]:
    """Zones, totals per status and a JSON-ready document for each result of :func:`geo.run`, towns
    included, from the cached run (nothing split again).

    With ``series`` a ``date`` column comes first, with ``several`` (scenarios) a ``scenario`` column
    before it. Returns (zone rows, total rows, documents), the rows of every result one after another.
    """
    tables, all_totals, documents = [], [], []
    for result in results:
        table, by_status = _tables(result)
        tables += keyed(table, result, series, several)
        all_totals += keyed(by_status, result, series, several)
        documents.append(
            {
                "scenario": result.scenario.id,
                "control": result.found.source if result.found else None,
                "control_date": result.found.date if result.found else None,
                "total_km2": round(_column_sum([row["area_km2"] for row in table]), 1),
                "occupied_km2": round(occupied_km2(table), 1) if result.found else None,
                "zones": _rounded(table),
                "totals": _rounded(by_status),
                "estimates": [estimate.as_json() for estimate in result.scenario.estimates],
            }
        )
    return tables, all_totals, documents


def _tables(result) -> tuple[Rows, Rows]:
    """A result's zone rows (towns counted) and its totals per status, in its scenario's order."""
    table = with_towns(zone_rows(result.zone_rows()), result.town_counts())
    return table, totals(table, result.scenario.statuses)


def compared(first, second, ids: tuple[str, str] | None = None) -> Rows:
    """:func:`difference` of two results' totals (of :func:`geo.run`), named by ``ids``: by default the
    scenarios' ids, as `geo stats --diff` compares two scenarios on one line."""
    return difference(_tables(first)[1], _tables(second)[1], ids or (first.scenario.id, second.scenario.id))


def difference(first: Rows, second: Rows, ids: tuple[str, str]) -> Rows:
    """Per status (in alphabetical order): km², towns and population in two sides' totals (two scenarios,
    or one on two lines), and the change from the first; a status one side lacks counts 0 there."""
    columns = ["area_km2", "towns", "population"]
    a, b = ({row["status"]: row for row in side} for side in (first, second))
    rows = []
    for status in sorted(a.keys() | b.keys()):
        row = {"status": status}
        for side, name in ((a, ids[0]), (b, ids[1])):
            row.update({f"{c}_{name}": side[status][c] if status in side else 0 for c in columns})
        row.update({f"{c}_change": row[f"{c}_{ids[1]}"] - row[f"{c}_{ids[0]}"] for c in columns})
        for key in [k for k in row if k.startswith("area_km2")]:
            row[key] = round_half_even(float(row[key]), 1)
        rows.append(row)
    return rows


def area_table(zones, towns=None):
    """:func:`zone_rows` of tagged zones (:func:`geo.tag`) as a DataFrame; ``towns``: a DataFrame
    from :func:`geo.zones.locate_towns`."""
    import pandas as pd

    banded = "band_km" in zones.columns
    table = zone_rows(zones.to_dict("records"), None if towns is None else towns.to_dict("records"))
    columns = with_band(COLUMNS, banded) + (TOWN_STATS if towns is not None else [])
    return pd.DataFrame(table, columns=columns)


def status_totals(table, statuses=None):
    """:func:`totals` of a DataFrame from :func:`area_table`, as a DataFrame."""
    import pandas as pd

    found = totals(table.to_dict("records"), statuses)
    keys = ["status", "label"] if "label" in table.columns else ["status"]
    return pd.DataFrame(found, columns=[*keys, "area_km2", "share_pct", *[c for c in TOWN_STATS if c in table.columns]])


def _rounded(rows: Rows) -> Rows:
    from geo.tables import rounded

    return rounded(rows, ROUNDING)


def _column_sum(values: list[float]) -> float:
    """A column's sum as pandas takes it (:func:`geo.tables.pairwise_sum`), as a float."""
    from geo.tables import pairwise_sum

    return pairwise_sum([float(v) for v in values])


def _group_sum(values: list) -> float | int:
    """A group's sum as pandas' groupby takes it: integers exactly, floats with Kahan's compensation."""
    if all(isinstance(v, int) for v in values):
        return sum(values)
    total = compensation = 0.0
    for value in values:
        y = value - compensation
        t = total + y
        compensation = t - total - y
        total = t
    return total


def _group_sums(keys: list, values: list[float]) -> dict:
    groups: dict = {}
    for key, value in zip(keys, values, strict=True):
        groups.setdefault(key, []).append(value)
    return {key: _group_sum(members) for key, members in groups.items()}
