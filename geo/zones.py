"""Zones: regions split by the line of control, and tagged with a scenario's statuses.

Pure functions over GeoDataFrames: no files, no network, no printing. A zone is one part
of one region: ``occupied`` (inside the control layer), ``held`` (outside it), or ``all``
when no control layer is given. The zones of a region always partition it exactly.
"""

from __future__ import annotations

import functools

import numpy as np

from geo.errors import ControlError
from geo.projection import to_equal_area, to_wgs84
from geo.scenario import Scenario

# Slivers: the boundary layer and the control layer draw coasts and borders differently,
# which leaves fragments that are artefacts of the mismatch, not territory. A fragment is
# a sliver, and goes to the other part of its region, when part of its edge is the control
# layer's edge and it is either smaller than SLIVER_AREA_M2, or thinner than
# 2 x SLIVER_RADIUS_M (its largest inscribed circle) with at least SLIVER_OUTLINE_SHARE of
# its edge on Ukraine's outline (coast or international border): a strip between two
# drawings of the same coast or border. Pockets inside the country are kept however thin,
# and so are islands the control layer does not touch.
SLIVER_AREA_M2 = 1e6
SLIVER_RADIUS_M = 2_000
SLIVER_OUTLINE_SHARE = 1 / 3
_MAX_SEGMENT_DEG = 0.01  # about 1 km
_BAND_M = 1.0  # width of the band within which an edge counts as lying on a line
_MARGIN_M = 5_000  # how far beyond a region its split reads the control layer: > its longest segment (~1.4 km)

ZONE_COLUMNS = ["iso", "name", "name_uk", "part", "area_km2", "geometry"]


def split(boundaries, control=None):
    """Split each region into its ``occupied`` and ``held`` zones by a control geometry.

    ``boundaries``: GeoDataFrame with ``iso, name, name_uk, geometry``. ``control``: a
    (multi)polygon in WGS84 of the territory held by Russian forces, or None, which
    gives one zone per region with part ``all``. Returns a GeoDataFrame with
    ``iso, name, name_uk, part, area_km2, geometry`` in WGS84, sorted by region and part.
    Raises ControlError when the control geometry does not overlap the regions.
    """
    import geopandas as gpd
    import shapely

    regions = to_equal_area(boundaries.geometry.to_crs(4326).values)
    if control is None:
        rows = [(i, "all", g) for i, g in enumerate(regions)]
    else:
        # Densified first, so that an edge straight in lon/lat keeps to its meridian or parallel
        # instead of becoming a chord (hand-drawn layers have long edges). Regions are not:
        # their shared edges must stay identical, and boundary sources are dense already.
        control = to_equal_area(shapely.segmentize(control, _MAX_SEGMENT_DEG))
        country, outlines = _country(tuple(regions))
        if not shapely.intersects(country, control):
            raise ControlError("the control layer does not overlap any region")
        splits = [_split_region(region, _near(control, region), outlines[i]) for i, region in enumerate(regions)]
        rows = [
            (i, part, geom)
            for i, pair in enumerate(splits)
            for part, geom in zip(("occupied", "held"), pair, strict=True)
            if not geom.is_empty
        ]
    index = [i for i, _, _ in rows]
    geometry = np.array([g for _, _, g in rows], dtype=object)
    zones = gpd.GeoDataFrame(
        {
            "iso": boundaries["iso"].values[index],
            "name": boundaries["name"].values[index],
            "name_uk": boundaries["name_uk"].values[index],
            "part": [part for _, part, _ in rows],
            "area_km2": shapely.area(geometry) / 1e6,
        },
        geometry=to_wgs84(geometry),
        crs=4326,
    )[ZONE_COLUMNS]
    zones.attrs = dict(boundaries.attrs)  # the source's credit travels with its zones
    return zones


@functools.lru_cache(maxsize=2)
def _country(regions: tuple) -> tuple:
    """The regions' union, and the band along its outline (coast and border) near each region: the same
    for every date a series splits, so made once."""
    import shapely

    # Regions edge-matched exactly (geo's own are) merge by their shared edges in a fifth of the time;
    # a user's may not be, and are overlaid.
    country = (shapely.coverage_union_all if shapely.coverage_is_valid(regions) else shapely.union_all)(regions)
    outline = shapely.buffer(shapely.boundary(country), _BAND_M)
    return country, [_near(outline, region, 10) for region in regions]


def _near(geometry, region, margin=_MARGIN_M):
    """``geometry`` cut to the box around ``region`` widened by ``margin`` metres, normalised (the same
    shape gives the same geometry, however the rest of the layer is drawn)."""
    import shapely

    west, south, east, north = shapely.bounds(region)
    box = (west - margin, south - margin, east + margin, north + margin)
    return shapely.normalize(shapely.clip_by_rect(geometry, *box))


@functools.lru_cache(maxsize=256)
def _split_region(region, control, outline):
    """(occupied, held) of one region by the control layer near it; ``outline``: the band along
    Ukraine's outline near it.

    The region's border and the layer's edge are noded together and polygonised, so every face lies
    wholly inside or outside the layer; slivers along the edge then change sides (:func:`_absorb_slivers`).
    The layer is cut :data:`_MARGIN_M` beyond the region, more than its longest segment, so a segment
    crossing the border of two regions is the same whole segment in both splits: the two meet at the
    same vertex.
    """
    import shapely

    front = shapely.buffer(shapely.boundary(control), _BAND_M)
    shapely.prepare(front)
    shapely.prepare(control)
    if not shapely.intersects(region, front):
        # Wholly inside or outside the layer, part by part; no fragment can be a sliver (no edge on the front).
        parts = _polygons(region)
        within = shapely.within(shapely.point_on_surface(parts), control)
        return shapely.coverage_union_all(parts[within]), shapely.coverage_union_all(parts[~within])
    edges = [shapely.boundary(region), shapely.boundary(control)]
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(edges))))
    points = shapely.point_on_surface(faces)
    mine = shapely.within(points, region)
    inside = shapely.within(points, control)
    occupied = shapely.coverage_union_all(faces[mine & inside])
    held = shapely.coverage_union_all(faces[mine & ~inside])
    # Held slivers first, then occupied ones judged against the new state: swapping both at once
    # would turn a speck wrapped in a sliver into a new speck on the other side.
    near = [_near(front, region, 10), outline]
    shapely.prepare(near)
    occupied, held = _absorb_slivers(held, occupied, *near)
    held, occupied = _absorb_slivers(occupied, held, *near)
    return occupied, held


def _absorb_slivers(source, target, front, outline):
    """Move the sliver fragments of ``source`` into ``target``; return (target, source)."""
    import shapely

    parts = _polygons(source)
    sliver = _is_sliver(parts, front, outline)
    return shapely.coverage_union_all([target, *parts[sliver]]), shapely.coverage_union_all(parts[~sliver])


def _polygons(geometry):
    import shapely

    parts = shapely.get_parts(geometry)
    return parts[shapely.get_type_id(parts) == 3] if len(parts) else parts  # 3: Polygon


def _is_sliver(parts, front, outline):
    """Boolean array: which fragments of one region are slivers (see SLIVER_* above).

    ``front`` and ``outline`` are thin bands around the control layer's edge and Ukraine's
    outline: the overlay's noded segments are not exactly collinear with the originals, so
    exact line intersections miss lengths.
    """
    import shapely

    if len(parts) == 0:
        return np.zeros(0, dtype=bool)
    edges = shapely.boundary(parts)
    touching = shapely.intersects(edges, front)  # cheap on the prepared band
    small = shapely.area(parts) < SLIVER_AREA_M2
    # The costly measures run only where the cheaper ones leave a fragment in the running:
    # its inscribed circle, then its share of Ukraine's outline, then its length on the front.
    thin = touching & ~small
    if thin.any():
        thin[thin] = shapely.length(shapely.maximum_inscribed_circle(parts[thin], tolerance=100)) < SLIVER_RADIUS_M
    if thin.any():
        on_outline = shapely.length(shapely.intersection(edges[thin], outline))
        thin[thin] = on_outline / shapely.length(edges[thin]) >= SLIVER_OUTLINE_SHARE
    sliver = touching & (small | thin)
    if sliver.any():
        sliver[sliver] = shapely.length(shapely.intersection(edges[sliver], front)) > 1.0
    return sliver


def tag(zones, scenario: Scenario, lang: str = "en"):
    """Add ``status``, ``label`` (the status's words) and ``note`` columns from a scenario, in ``lang``
    where it has them.

    ``zones`` is the output of :func:`split`; plain boundaries (no ``part`` column) are
    taken as whole regions, as :func:`split` without a control layer gives them.
    """
    if "part" not in zones.columns:
        zones = split(zones)
    tags = scenario.tags(zip(zones["iso"], zones["part"], bands_of(zones), strict=True), lang)
    status, label, note = zip(*tags, strict=True) if tags else ((), (), ())
    return zones.assign(status=list(status), label=list(label), note=list(note))


LINE_GRID_DEG = 1e-7  # about 1 cm: the exact line, as far as doubles in WGS84 go


def line_of_control(zones):
    """The line of control: edges shared by an occupied zone and a held zone (see
    :func:`geo.topology.line_between`, which the web and static maps use on their simplified
    geometry). Returns a (multi)line in the zones' CRS, empty when there are no such edges."""
    import geopandas as gpd

    from geo import topology

    lonlat = zones.geometry.to_crs(4326).values
    line = topology.line_between(topology.encode(lonlat, 0, LINE_GRID_DEG), list(zones["part"]))
    return (
        line
        if zones.crs is None or zones.crs.to_epsg() == 4326
        else gpd.GeoSeries([line], crs=4326).to_crs(zones.crs).iloc[0]
    )


def bands_of(zones) -> np.ndarray:
    """Each zone's band along the line in km (:func:`add_bands`); 0 for zones never cut into bands."""
    return zones["band_km"].to_numpy() if "band_km" in zones.columns else np.zeros(len(zones))


def with_band(columns: list[str], zones) -> list[str]:
    """``columns``, with ``band_km`` after ``part`` when the zones are cut into bands (:func:`geo.stats.with_band`)."""
    from geo import stats

    return stats.with_band(columns, "band_km" in zones.columns)


TOWN_GAP_KM = 5  # a town in a gap between the boundary source's coast and GeoNames' point joins the nearest zone


def locate_towns(zones, towns):
    """Which zone each town lies in: a DataFrame of ``name, name_uk, iso, region, part, status, label,
    population, lat, lon`` (status and label only when ``zones`` are tagged; ``band_km`` after
    ``part`` when they are cut into bands), largest towns first (:func:`town_zones`)."""
    import pandas as pd

    from geo.stats import TOWN_COLUMNS, town_rows

    rows = town_rows(town_zones(zones, towns), zones.to_dict("records"), towns)
    return pd.DataFrame(rows, columns=with_band(TOWN_COLUMNS, zones))


def town_zones(zones, towns) -> list[list[int]]:
    """[town index, zone index] of each town a zone holds, largest towns first (then by name).

    A town exactly on the line of control counts in the part held by Russian forces (the control
    layer is taken as a closed area, its edge included). A town in none of the zones (GeoNames
    puts a few coastal towns just off the coast) joins the nearest zone within TOWN_GAP_KM,
    and a town farther out is left out.
    """
    import shapely

    # Inside, in the zones' own coordinates (a point on a shared edge is exactly on both zones);
    # the gaps, in metres.
    lonlat = np.array([(t.lon, t.lat) for t in towns], dtype=float).reshape(-1, 2)
    points = shapely.points(lonlat)
    holding = [_points_in(geometry, lonlat.tobytes()) for geometry in zones.geometry.values]  # per zone
    pairs = sorted((int(p), z) for z, inside in enumerate(holding) for p in inside)
    occupied = (zones["part"] == "occupied").to_numpy()
    found: dict[int, int] = {}
    for p, z in pairs:  # the occupied part wins a town on the line
        if p not in found or (occupied[z] and not occupied[found[p]]):
            found[p] = z
    missing = [p for p in range(len(towns)) if p not in found]
    if missing:
        tree = shapely.STRtree(to_equal_area(zones.geometry.values))
        near_points, near_zones = tree.query_nearest(to_equal_area(points[missing]), max_distance=TOWN_GAP_KM * 1000)
        for p, z in zip(near_points, near_zones, strict=True):
            found.setdefault(missing[p], int(z))
    return [[p, found[p]] for p in town_order(towns) if p in found]


@functools.lru_cache(maxsize=512)
def _points_in(geometry, lonlat: bytes) -> np.ndarray:
    """Indices of the points (``lonlat``: float pairs as bytes) that ``geometry`` holds, edge included;
    kept for the zones a series' dates share, which hold the same towns on every date."""
    import shapely

    xy = np.frombuffer(lonlat).reshape(-1, 2)
    west, south, east, north = shapely.bounds(geometry)
    (near,) = np.nonzero((xy[:, 0] >= west) & (xy[:, 0] <= east) & (xy[:, 1] >= south) & (xy[:, 1] <= north))
    shapely.prepare(geometry)
    return near[shapely.intersects(geometry, shapely.points(xy[near]))]


def facts(zones, towns) -> dict:
    """What every table reads of split zones, as JSON-ready data: each zone without its geometry
    (``iso, name, name_uk, part, area_km2``, and ``band_km`` when cut into bands), the zone each town
    lies in (:func:`town_zones`; :func:`encode_zone_of`) and the boundaries' credit."""
    keys = with_band(["iso", "name", "name_uk", "part", "area_km2"], zones)
    rows = [
        {
            key: float(value) if key in ("area_km2", "band_km") else value
            for key, value in zip(keys, values, strict=True)
        }
        for values in zip(*(zones[key] for key in keys), strict=True)
    ]
    zone_of = np.full(len(towns), -1, dtype="<i2")
    for t, z in town_zones(zones, towns):
        zone_of[t] = z
    return {"zones": rows, "zone_of_town": encode_zone_of(zone_of), "boundaries": zones.attrs.get("credit")}


def encode_zone_of(zone_of: np.ndarray) -> str:
    """Each town's zone index (-1: in none), as text: base64 of little-endian 16-bit integers, which a
    cache of hundreds of dates decodes at once (as lists of pairs, decoding took 2 s over 766 dates)."""
    import base64

    return base64.b64encode(np.asarray(zone_of, dtype="<i2").tobytes()).decode("ascii")


def decode_zone_of(text: str) -> np.ndarray:
    """:func:`encode_zone_of`'s array back (ValueError if ``text`` is not one)."""
    import base64
    import binascii

    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as error:
        raise ValueError(str(error)) from None
    return np.frombuffer(data, dtype="<i2").astype(np.int64)


def town_order(towns) -> list[int]:
    """The towns' indices largest first, then by name: the order of every list of towns geo gives."""
    return sorted(range(len(towns)), key=lambda p: (-towns[p].population, towns[p].name))
