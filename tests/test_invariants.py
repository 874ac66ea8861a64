"""Invariants under random control layers and random scenarios (hypothesis, derandomised)."""

import geopandas as gpd
import shapely
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from geo import webdata, webmap, zones
from geo.scenario import load_scenario
from tests.conftest import assert_partition

REGIONS = gpd.GeoDataFrame(
    {"iso": ["UA-14", "UA-09", "UA-23"], "name": ["A", "B", "C"], "name_uk": ["А", "Б", "В"]},
    geometry=shapely.segmentize([box(37, 48, 38, 49), box(38, 48, 39, 49), box(37, 47, 39, 48)], 0.01),
    crs=4326,
)
STATUSES = ["recognised", "frozen", "demilitarised", "returned", "unchanged"]
SETTINGS = settings(derandomize=True, max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

coordinate = st.floats(min_value=36.5, max_value=39.5, allow_nan=False)
latitude = st.floats(min_value=46.5, max_value=49.5, allow_nan=False)


@st.composite
def control_layers(draw):
    """Unions of boxes and buffered points, some touching borders, some crossing the outline."""
    shapes = []
    for _ in range(draw(st.integers(1, 4))):
        x, y = draw(coordinate), draw(latitude)
        if draw(st.booleans()):
            shapes.append(box(x, y, x + draw(st.floats(0.001, 1.5)), y + draw(st.floats(0.001, 1.5))))
        else:
            shapes.append(shapely.Point(x, y).buffer(draw(st.floats(0.005, 0.8))))
    return shapely.union_all(shapes)


@st.composite
def scenarios(draw, tmp_path_factory):
    lines = ['id = "random"', 'title = "Random"']
    targets = draw(
        st.lists(
            st.tuples(st.sampled_from(["UA-14", "UA-09", "UA-23", "*"]), st.sampled_from(["occupied", "held"])),
            unique=True,
            max_size=6,
        )
    )
    for iso, part in targets:
        region = '"*"' if iso == "*" else f'["{iso}"]'
        lines += [
            "[[rules]]",
            f"regions = {region}",
            f'part = "{part}"',
            f'status = "{draw(st.sampled_from(STATUSES))}"',
        ]
    path = tmp_path_factory.mktemp("scenario") / "random.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_scenario(path)


def overlaps(control):
    return shapely.intersects(control, shapely.union_all(REGIONS.geometry.values))


@SETTINGS
@given(control=control_layers())
def test_zones_partition_every_region_for_any_control_layer(control):
    assume(overlaps(control))  # one that misses every region is an error, tested in test_zones
    result = zones.split(REGIONS, control)
    assert_partition(result, REGIONS)
    assert set(result["part"]) <= {"occupied", "held"}
    assert not result.duplicated(["iso", "part"]).any()


@SETTINGS
@given(data=st.data(), control=control_layers())
def test_every_zone_gets_exactly_one_status_and_the_map_renders(data, control, tmp_path_factory):
    scenario = data.draw(scenarios(tmp_path_factory))
    split = zones.split(REGIONS, control if overlaps(control) else None)
    tagged = zones.tag(split, scenario)
    assert len(tagged) == len(split) and tagged["status"].isin(scenario.statuses).all()
    html = webmap.page(webdata.encode(split), scenario)
    assert html.count('"polygons":') == 1
