"""Area statistics of tagged zones, in km² on an equal-area projection."""

from __future__ import annotations

COLUMNS = ["iso", "name", "part", "status", "label", "area_km2", "share_pct", "share_of_region_pct"]
ROUNDING = {"area_km2": 1, "share_pct": 3, "share_of_region_pct": 2}


TOWN_STATS = ["towns", "population"]


def area_table(zones, towns=None):
    """One row per zone: ``iso, name, part, status, label, area_km2, share_pct`` (share of Ukraine)
    and ``share_of_region_pct`` (share of its own region); with ``towns`` (from
    :func:`geo.zones.locate_towns`), also how many towns each zone holds and their population.

    ``zones`` is the output of :func:`geo.tag`; areas come from its ``area_km2`` column,
    measured on EPSG:3035 (equal-area) by :func:`geo.split` on the boundary source's shapes.
    """
    from geo.zones import with_band

    columns = with_band(COLUMNS, zones)  # a scenario with bands along the line: which band each zone is
    table = zones[[c for c in columns if c in zones.columns]].copy()
    table["share_pct"] = 100 * table["area_km2"] / table["area_km2"].sum()
    table["share_of_region_pct"] = 100 * table["area_km2"] / table.groupby("iso")["area_km2"].transform("sum")
    table = table.reset_index(drop=True)[columns]
    if towns is None:
        return table
    keys = with_band(["iso", "part"], zones)
    counted = towns.groupby(keys)["population"].agg(towns="count", population="sum")
    table = table.join(counted, on=keys)
    table[TOWN_STATS] = table[TOWN_STATS].fillna(0).astype(int)
    return table


def occupied_km2(table) -> float:
    """Area of the zones held by Russian forces (part ``occupied``); 0 without a line of control."""
    return float(table.loc[table["part"] == "occupied", "area_km2"].sum())


def status_totals(table, statuses=None):
    """Area and share per status, in the order of ``statuses`` (a scenario's vocabulary) if given."""
    columns = ["area_km2", "share_pct", *[c for c in TOWN_STATS if c in table.columns]]
    keys = ["status", "label"] if "label" in table.columns else ["status"]  # a status has one label
    totals = table.groupby(keys, sort=False)[columns].sum()
    if "label" in keys:
        totals = totals.reset_index(level="label")
    if statuses is not None:
        totals = totals.reindex([key for key in statuses if key in totals.index])
    return totals.reset_index()


def summary(results: list, series: bool = False, several: bool = False):
    """Zones, totals per status and a JSON-ready document for each result of the pipeline
    (:func:`geo.prepare` or each date of :func:`geo.pipeline.prepare_series`), towns included.

    With ``series`` a ``date`` column comes first, with ``several`` (scenarios) a ``scenario``
    column before it. Returns (zones table, totals table, documents), the tables concatenated.
    """
    import pandas as pd

    from geo.places import towns
    from geo.zones import locate_towns

    tables, totals, documents = [], [], []
    for prepared in results:
        table = area_table(prepared.zones, locate_towns(prepared.zones, towns()))
        by_status = status_totals(table, prepared.scenario.statuses)
        tables.append(keyed(table, prepared, series, several))
        totals.append(keyed(by_status, prepared, series, several))
        documents.append(
            {
                "scenario": prepared.scenario.id,
                "control": prepared.control.source if prepared.control else None,
                "control_date": prepared.control.date if prepared.control else None,
                "total_km2": round(float(table["area_km2"].sum()), 1),
                "occupied_km2": round(occupied_km2(table), 1) if prepared.control else None,
                "zones": table.round(ROUNDING).to_dict("records"),
                "totals": by_status.round(ROUNDING).to_dict("records"),
            }
        )
    return pd.concat(tables, ignore_index=True), pd.concat(totals, ignore_index=True), documents


def difference(first, second, ids: tuple[str, str]):
    """Per status: km², towns and population under two scenarios' totals, and the change from the first."""
    import pandas as pd

    columns = ["area_km2", "towns", "population"]
    a, b = (t.set_index("status")[columns] for t in (first, second))
    both = a.add_suffix(f"_{ids[0]}").join(b.add_suffix(f"_{ids[1]}"), how="outer").fillna(0)
    for column in columns:
        both[f"{column}_change"] = both[f"{column}_{ids[1]}"] - both[f"{column}_{ids[0]}"]
    counts = [c for c in both.columns if not c.startswith("area_km2")]
    both[counts] = both[counts].astype(int)
    return pd.DataFrame(both.round(1)).reset_index()


def keyed(frame, prepared, series: bool, several: bool = False):
    """The frame with the date and the scenario first, where there are several of them."""
    if series:
        frame = frame.assign(date=prepared.control.date)[["date", *frame.columns]]
    if several:
        frame = frame.assign(scenario=prepared.scenario.id)[["scenario", *frame.columns]]
    return frame
