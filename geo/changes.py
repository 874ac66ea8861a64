"""What changed between two dates of one scenario: the land that passed to Russian forces and back to
Ukraine, by region and by the status the scenario gave it on the first date; the towns that changed
side; the line's length on each date. Pure functions over split zones and plain rows (`geo changes`)."""

from __future__ import annotations

# Rows whose two figures both round to 0.0 km² are left out of the table: where the line did not move,
# the two dates' zones meet along the same edges and leave only slivers of floating-point dust.
SHOWN_KM2 = 0.05
DUST_KM2 = 0.001  # a piece of land smaller than this (1,000 m²) is dust, not a move of the line
DIGITS = {"area_km2": 1, "to_russian_forces_km2": 1, "to_ukraine_km2": 1}


def pieces(before, after) -> list[tuple[int, str, object]]:
    """The land of each zone of ``before`` (tagged zones, one date) that lies on the other side on
    ``after`` (zones of the same boundaries, another date): (zone index, column, shape) with column
    ``to_russian_forces_km2`` or ``to_ukraine_km2`` and the shape on the equal-area projection."""
    import shapely

    from geo.projection import to_equal_area

    def side(zones, part) -> dict:
        chosen = zones[zones["part"] == part]
        geometry = to_equal_area(chosen.geometry.to_crs(4326).values)
        return {iso: shapely.union_all(geometry[chosen["iso"].values == iso]) for iso in set(chosen["iso"])}

    occupied, held = side(after, "occupied"), side(after, "held")
    found = []
    geometry = to_equal_area(before.geometry.to_crs(4326).values)
    for z, (iso, part, shape) in enumerate(zip(before["iso"], before["part"], geometry, strict=True)):
        other, column = (occupied, "to_russian_forces_km2") if part == "held" else (held, "to_ukraine_km2")
        if iso in other:
            found.append((z, column, shapely.intersection(shape, other[iso])))
    return found


def land(before, after, found=None) -> list[dict]:
    """km² of :func:`pieces` (``found``, else computed) summed per region and status: ``iso, name, status,
    label, to_russian_forces_km2, to_ukraine_km2``, in the order of ``before``; measured on the
    equal-area projection, as every area geo gives."""
    import shapely

    found = pieces(before, after) if found is None else found
    rows: dict[tuple, dict] = {}
    for zone in before.itertuples():
        key = (zone.iso, zone.name, zone.status, zone.label)
        row = rows.setdefault(key, dict(zip(("iso", "name", "status", "label"), key, strict=True)))
        row.setdefault("to_russian_forces_km2", 0.0)
        row.setdefault("to_ukraine_km2", 0.0)
    keys = list(zip(before["iso"], before["name"], before["status"], before["label"], strict=True))
    for z, column, shape in found:
        rows[keys[z]][column] += shapely.area(shape) / 1e6
    return list(rows.values())


def drawn(before, found) -> list[dict]:
    """:func:`pieces` (``found``) as a map draws them: one shape per region, status and direction where
    the line moved (see :data:`SHOWN_KM2`), ``iso, name, status, label, column, km2, geometry`` (WGS84).
    ``km2`` is the whole piece's, the figure :func:`land` gives its row; the shape leaves out the
    floating-point dust of under :data:`DUST_KM2` (too small to see, let alone to have moved)."""
    import shapely

    from geo.projection import to_wgs84

    groups: dict[tuple, list] = {}
    for z, column, shape in found:
        groups.setdefault((before["iso"].iloc[z], before["status"].iloc[z], column), []).append((z, shape))
    rows = []
    for (iso, status, column), members in groups.items():
        km2 = 0.0
        for _, shape in members:  # added as land() adds them: one figure wherever it is shown
            km2 += shapely.area(shape) / 1e6
        if km2 < SHOWN_KM2:
            continue
        parts = shapely.get_parts(shapely.union_all([shape for _, shape in members]))
        kept = parts[shapely.area(parts) >= DUST_KM2 * 1e6]
        first = before.iloc[members[0][0]]
        rows.append(
            {
                "iso": iso,
                "name": first["name"],
                "name_uk": first["name_uk"],
                "status": status,
                "label": first["label"],
                "column": column,
                "km2": km2,
                "geometry": to_wgs84(shapely.multipolygons(kept)),
            }
        )
    return rows


def shown(rows: list[dict]) -> list[dict]:
    """The rows where the line moved (see :data:`SHOWN_KM2`)."""
    return [r for r in rows if max(r["to_russian_forces_km2"], r["to_ukraine_km2"]) >= SHOWN_KM2]


def by_status(rows: list[dict], statuses, areas: dict[str, float]) -> list[dict]:
    """The land's rows summed per status, in the scenario's order of ``statuses``, each with the
    status's whole area on the first date (``areas``: status -> km²), what the change is a part of."""
    sums: dict[str, dict] = {}
    for row in rows:
        total = sums.setdefault(
            row["status"],
            {
                "status": row["status"],
                "label": row["label"],
                "area_km2": areas[row["status"]],
                "to_russian_forces_km2": 0.0,
                "to_ukraine_km2": 0.0,
            },
        )
        for column in ("to_russian_forces_km2", "to_ukraine_km2"):
            total[column] += row[column]
    return [sums[key] for key in statuses if key in sums]


def towns(before_located, before_zones, after_located, after_zones, places) -> list[dict]:
    """The towns on the other side on the second date, largest first: ``name, name_uk, iso, region,
    population, status`` (the scenario's, first date) ``and from, to`` (``held`` or ``occupied``).
    ``*_located``: [town index, zone index] pairs of each date; ``*_zones``: their zone rows; ``places``:
    :func:`geo.places.towns`."""
    later = {t: after_zones[z] for t, z in after_located}
    rows = []
    for t, z in before_located:
        first, second = before_zones[z], later.get(t)
        if second is not None and second["part"] != first["part"]:
            town = places[t]
            rows.append(
                {
                    "name": town.name,
                    "name_uk": town.name_uk,
                    "iso": first["iso"],
                    "region": first["name"],
                    "population": town.population,
                    "status": first["status"],
                    "from": first["part"],
                    "to": second["part"],
                }
            )
    return rows


def line_km(zones) -> float:
    """The line of control's length on the ellipsoid (WGS 84), in km."""
    from pyproj import Geod

    from geo.zones import line_of_control

    return Geod(ellps="WGS84").geometry_length(line_of_control(zones)) / 1000


def summary(before, after, found=None) -> dict:
    """The changes between two results of one scenario (:func:`geo.run`, zones split), as JSON-ready
    data: each date's control source, date, occupied km² (as `geo stats` gives it) and line length; the
    land by region and status (rows where the line moved) and by status; the towns; the totals. Every
    figure to 0.1 km² (or km), as `geo stats` gives areas; totals are summed before rounding. ``found``:
    their :func:`pieces`, when the caller has them."""
    from geo.places import towns as places
    from geo.stats import occupied_km2, totals, zone_rows
    from geo.tables import round_half_even, rounded

    rows = land(before.zones, after.zones, found)
    areas = {t["status"]: t["area_km2"] for t in totals(zone_rows(before.zone_rows()), before.scenario.statuses)}
    moved = towns(before.located, before.zone_rows(), after.located, after.zone_rows(), places())
    to_russia = sum(row["to_russian_forces_km2"] for row in rows)
    to_ukraine = sum(row["to_ukraine_km2"] for row in rows)
    return {
        "scenario": before.scenario.id,
        **{
            side: {
                "control": result.found.source,
                "date": result.found.date,
                "occupied_km2": round_half_even(occupied_km2(result.zone_rows()), 1),
                "line_km": round_half_even(line_km(result.zones), 1),
            }
            for side, result in (("from", before), ("to", after))
        },
        "regions": rounded(shown(rows), DIGITS),
        "statuses": rounded(by_status(rows, before.scenario.statuses, areas), DIGITS),
        "towns": moved,
        "totals": {
            "to_russian_forces_km2": round_half_even(to_russia, 1),
            "to_ukraine_km2": round_half_even(to_ukraine, 1),
            "net_to_russian_forces_km2": round_half_even(to_russia - to_ukraine, 1),
            "towns_to_russian_forces": sum(t["to"] == "occupied" for t in moved),
            "towns_to_ukraine": sum(t["to"] == "held" for t in moved),
        },
    }
