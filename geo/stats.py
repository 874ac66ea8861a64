"""Area statistics of tagged zones, in km² on an equal-area projection."""

from __future__ import annotations

COLUMNS = ["iso", "name", "part", "status", "area_km2", "share_pct"]


def area_table(zones):
    """One row per zone: ``iso, name, part, status, area_km2, share_pct`` (share of Ukraine).

    ``zones`` is the output of :func:`geo.tag`; areas come from its ``area_km2`` column,
    measured on EPSG:3035 (equal-area) by :func:`geo.split`.
    """
    table = zones[["iso", "name", "part", "status", "area_km2"]].copy()
    table["share_pct"] = 100 * table["area_km2"] / table["area_km2"].sum()
    return table.reset_index(drop=True)[COLUMNS]


def status_totals(table, statuses=None):
    """Area and share per status, in the order of ``statuses`` (a scenario's vocabulary) if given."""
    totals = table.groupby("status", sort=False)[["area_km2", "share_pct"]].sum()
    if statuses is not None:
        totals = totals.reindex([key for key in statuses if key in totals.index])
    return totals.reset_index()
