"""Area statistics of tagged zones, in km² on an equal-area projection."""

from __future__ import annotations

COLUMNS = ["iso", "name", "part", "status", "area_km2", "share_pct", "share_of_region_pct"]
ROUNDING = {"area_km2": 1, "share_pct": 3, "share_of_region_pct": 2}


TOWN_STATS = ["towns", "population"]


def area_table(zones, towns=None):
    """One row per zone: ``iso, name, part, status, area_km2, share_pct`` (share of Ukraine)
    and ``share_of_region_pct`` (share of its own region); with ``towns`` (from
    :func:`geo.zones.locate_towns`), also how many towns each zone holds and their population.

    ``zones`` is the output of :func:`geo.tag`; areas come from its ``area_km2`` column,
    measured on EPSG:3035 (equal-area) by :func:`geo.split` on the boundary source's shapes.
    """
    table = zones[["iso", "name", "part", "status", "area_km2"]].copy()
    table["share_pct"] = 100 * table["area_km2"] / table["area_km2"].sum()
    table["share_of_region_pct"] = 100 * table["area_km2"] / table.groupby("iso")["area_km2"].transform("sum")
    table = table.reset_index(drop=True)[COLUMNS]
    if towns is None:
        return table
    counted = towns.groupby(["iso", "part"])["population"].agg(towns="count", population="sum")
    table = table.join(counted, on=["iso", "part"])
    table[TOWN_STATS] = table[TOWN_STATS].fillna(0).astype(int)
    return table


def occupied_km2(table) -> float:
    """Area of the zones held by Russian forces (part ``occupied``); 0 without a line of control."""
    return float(table.loc[table["part"] == "occupied", "area_km2"].sum())


def status_totals(table, statuses=None):
    """Area and share per status, in the order of ``statuses`` (a scenario's vocabulary) if given."""
    columns = ["area_km2", "share_pct", *[c for c in TOWN_STATS if c in table.columns]]
    totals = table.groupby("status", sort=False)[columns].sum()
    if statuses is not None:
        totals = totals.reindex([key for key in statuses if key in totals.index])
    return totals.reset_index()
