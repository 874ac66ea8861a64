"""The web map's data: zones, the line and the scenery encoded for the page, whatever the scenario.

The costly half of a web map, cached per date by :mod:`geo.pipeline`: a quantised topology
(:mod:`geo.topology`) with each zone's name, area, largest towns and population, and for a
series each border once with per date only which side each face is on (:mod:`geo.history`).
:mod:`geo.webmap` writes the page from it with nothing heavier than Jinja.
"""

from __future__ import annotations

from collections import Counter

from geo.present import SMALL_ZONE_KM2

ZONE_TOLERANCE_M, ZONE_GRID_DEG = 500, 0.001  # at most ~0.6 km from the source (tested)
CONTEXT_TOLERANCE_M, CONTEXT_GRID_DEG = 3_000, 0.01  # neighbours and sea are scenery


# The keys of what :func:`encode` returns (:func:`encode_series` adds "series"): a cached entry without
# exactly these is not one geo wrote.
MAP_KEYS = ("bounds", "extent", "zones", "topology", "line", "small", "control", "boundaries", "labels", "context")


def encode(zones, context=None, control=None) -> dict:
    """What a map draws whatever the scenario, as JSON-ready data.

    ``zones``: output of :func:`geo.split` (plain boundaries count as whole regions).
    ``context``: neighbours and sea (:func:`geo.load_context`), drawn underneath.
    ``control``: the control layer the zones were split by, for its credit and date.
    """
    from geo import places, topology
    from geo.zones import bands_of, split

    if "part" not in zones.columns:
        zones = split(zones)
    shapes = topology.encode(zones.geometry.values, ZONE_TOLERANCE_M, ZONE_GRID_DEG)
    parts = list(zones["part"])
    west, south, east, north = (float(v) for v in zones.total_bounds)
    largest, people = _towns_by_zone(zones)
    data = {
        "bounds": [[south, west], [north, east]],
        "extent": _conic_extent(zones.geometry.values),
        "zones": [
            {
                "iso": z.iso,
                "name": z.name,
                "name_uk": z.name_uk,
                "part": z.part,
                "area_km2": float(z.area_km2),
                "towns": largest.get((z.iso, z.part, band), []),
                "population": people[(z.iso, z.part, band)],
                **({"band_km": float(band)} if band else {}),
            }
            for z, band in zip(zones.itertuples(), bands_of(zones), strict=True)
        ],
        "topology": shapes.to_json(),
        "line": topology.line_arcs(shapes, parts),
        "small": _small_zones(zones),
        "control": {"credit": control.credit, "date": control.date} if control is not None else None,
        "boundaries": zones.attrs.get("credit"),
        "labels": places.labels(zones),
        "context": _context(context),
    }
    return data


def encode_series(dated: list[tuple], context=None, notes=(), drawn=(), located=()) -> dict:
    """What a map of several dates draws, as JSON-ready data: :func:`encode`'s keys for the last
    date, and ``series``, which holds each border once and per date only what differs.

    ``dated``: per date, oldest first, ``(zones, control)`` as :func:`encode` takes them, all split
    from the same boundaries. ``notes``: per date, "" or what stood in for a missing snapshot.
    ``drawn``: per date, None or zones to draw instead of the ones counted (split from the same
    boundaries by a line within the drawing's tolerance of the counted one). ``located``: per date, the
    [town, zone] pairs a run located (:func:`_towns_by_zone`), else the towns are located here.
    The zones are cut into faces (:mod:`geo.history`) that one topology encodes; a date is a
    letter per face saying which side of the line it is on (the page draws each zone from its
    faces, and the line from the arcs between faces on either side, the rule of
    :func:`geo.topology.line_arcs`), and each zone's area, largest towns and ring.
    """
    from geo import history, places, topology

    drawn = list(drawn) or [None] * len(dated)
    faces = history.faces([zones if shown is None else shown for (zones, _), shown in zip(dated, drawn, strict=True)])
    shapes = topology.encode(faces.geometries, ZONE_TOLERANCE_M, ZONE_GRID_DEG)
    regions = list(dict.fromkeys(faces.iso))
    rows = {}  # (iso, part) -> the zone's row, from the last date that has it
    for zones, _ in dated:
        rows.update({(z.iso, z.part): z for z in zones.itertuples()})
    keys = sorted(rows, key=lambda key: (regions.index(key[0]), list(history.SIDES).index(key[1])))
    town_names: dict[tuple[str, str], int] = {}
    areas, largest, people, small = [], [], [], []
    for (zones, _), pairs in zip(dated, list(located) or [None] * len(dated), strict=True):
        here = list(zip(zones["iso"], zones["part"], strict=True))
        area = dict(zip(here, zones["area_km2"], strict=True))
        areas.append([round(float(area.get(key, 0)), 3) for key in keys])  # totals of 35 zones stay exact to 1 km²
        named, population = _towns_by_zone(zones, pairs)
        largest.append(
            [[town_names.setdefault(tuple(t), len(town_names)) for t in named.get((*key, 0.0), [])] for key in keys]
        )
        people.append([population[(*key, 0.0)] for key in keys])
        small.append([[keys.index(here[i]), lat, lon] for i, lat, lon in _small_zones(zones)])
    towns = [list(names) for names in town_names]  # index -> [name, name_uk]
    last, control = dated[-1]
    west, south, east, north = (float(v) for v in last.total_bounds)
    return {
        "bounds": [[south, west], [north, east]],
        "extent": _conic_extent(faces.geometries),
        "zones": [
            {
                "iso": rows[key].iso,
                "name": rows[key].name,
                "name_uk": rows[key].name_uk,
                "part": key[1],
                "area_km2": areas[-1][i],
                "towns": [towns[t] for t in largest[-1][i]],
                "population": people[-1][i],
            }
            for i, key in enumerate(keys)
        ],
        "topology": shapes.to_json(),
        "line": topology.line_arcs(shapes, faces.parts(len(dated) - 1)),
        "small": small[-1],
        "control": {"credit": control.credit, "date": control.date} if control is not None else None,
        "boundaries": last.attrs.get("credit"),
        "labels": places.labels(last),
        "context": _context(context),
        "series": {
            "dates": [c.date if c is not None else "" for _, c in dated],
            "notes": list(notes) or [""] * len(dated),
            "regions": [regions.index(iso) for iso in faces.iso],
            "sides": [_runs(letters) for letters in faces.sides],
            "zones": [f"{regions.index(iso)}{history.SIDES[part]}" for iso, part in keys],
            "areas": areas,
            "towns": towns,
            "largest": largest,
            "people": people,
            "small": small,
        },
    }


def _runs(letters: str) -> str:
    """A face's letters over the dates in runs, a count after each letter repeated ("hhho" -> "h3o"): most
    faces change side once or twice in hundreds of dates, so a page of every day stays light."""
    import itertools

    runs = ((letter, len(list(run))) for letter, run in itertools.groupby(letters))
    return "".join(letter + (str(count) if count > 1 else "") for letter, count in runs)


def _conic_extent(geometries) -> list[float]:
    """The zones' extent in the web map's conic (metres on the page's sphere: x and y, least and most), so
    that the page fits Ukraine without projecting every point first."""
    import shapely

    from geo.projection import WEB_CONIC_CRS, transform

    x, y = shapely.get_coordinates(transform(geometries, 4326, WEB_CONIC_CRS)).T
    return [round(float(v), 1) for v in (x.min(), y.min(), x.max(), y.max())]


def _context(context) -> dict | None:
    """Neighbours, sea and the borders between neighbours, as a topology (scenery under the zones)."""
    from geo import topology

    if context is None:
        return None
    scenery = topology.encode(context.geometry.values, CONTEXT_TOLERANCE_M, CONTEXT_GRID_DEG)
    land = {i for i, kind in enumerate(context["kind"]) if kind == "land"}
    return {
        **scenery.to_json(),
        "sea": [i for i, kind in enumerate(context["kind"]) if kind == "sea"],
        "borders": [i for i, owners in enumerate(scenery.users) if len(land & set(owners)) == 2],
    }


TOOLTIP_TOWNS = 3


def _towns_by_zone(zones, located=None) -> tuple[dict[tuple, list[list[str]]], Counter]:
    """(iso, part, band_km) -> the English and Ukrainian names of its largest towns (for the
    tooltips), and -> the population of its places of MIN_POPULATION or more (for the editor's totals).
    ``located``: [town index, zone index] pairs of :func:`geo.places.towns`, largest first, places of
    MIN_POPULATION or more (a run's, located once for every output); else they are located here."""
    from geo.places import MIN_POPULATION, towns
    from geo.zones import bands_of, town_zones

    everyone = towns()
    if located is None:
        counted = [i for i, town in enumerate(everyone) if town.population >= MIN_POPULATION]
        located = [(counted[t], z) for t, z in town_zones(zones, [everyone[i] for i in counted])]
    found: dict[tuple[str, str], list[list[str]]] = {}
    people: Counter[tuple[str, str]] = Counter()
    keys = list(zip(zones["iso"], zones["part"], (float(b) for b in bands_of(zones)), strict=True))
    for t, z in located:  # largest first
        town, key = everyone[t], keys[z]
        names = found.setdefault(key, [])
        people[key] += int(town.population)
        if len(names) < TOOLTIP_TOWNS:
            names.append([town.name, town.name_uk])
    return found, people


def _small_zones(zones) -> list[list[float]]:
    """[zone index, lat, lon] of each zone too small to find at country zoom, for a ring around it."""
    import shapely

    found = []
    for i, (area, geometry) in enumerate(zip(zones["area_km2"], zones.geometry, strict=True)):
        if area < SMALL_ZONE_KM2:
            point = shapely.point_on_surface(max(shapely.get_parts(geometry), key=lambda part: part.area))
            found.append([i, round(point.y, 3), round(point.x, 3)])
    return found
