"""Towns per zone: which zone a town is in, how many people the zones hold, and the geo places command."""

import csv
import io
import json

import geopandas as gpd
import pytest
import shapely

from geo.cli import main
from geo.places import Town
from geo.stats import TOWN_COLUMNS
from geo.zones import locate_towns
from tests.conftest import script_data

WEST, EAST = shapely.box(30, 48, 31, 49), shapely.box(31, 48, 32, 49)


def zones(occupied_side: str = "west"):
    """Two zones sharing the meridian 31°E, one occupied and one held."""
    parts = ["occupied", "held"] if occupied_side == "west" else ["held", "occupied"]
    return gpd.GeoDataFrame(
        {"iso": ["UA-14", "UA-14"], "name": ["Donetsk Oblast"] * 2, "part": parts, "status": parts},
        geometry=[WEST, EAST],
        crs=4326,
    )


def town(name, lon, lat, population=20_000):
    return Town(name, name, lat, lon, population, len(name))


@pytest.mark.parametrize("occupied_side", ["west", "east"])  # whichever zone a spatial index returns first
def test_each_town_is_in_the_zone_that_holds_it_and_the_line_counts_as_occupied(occupied_side):
    towns = [town("West", 30.5, 48.5), town("East", 31.5, 48.5), town("OnLine", 31.0, 48.5)]
    found = locate_towns(zones(occupied_side), towns)
    parts = dict(zip(found["name"], found["part"], strict=True))
    west, east = ("occupied", "held") if occupied_side == "west" else ("held", "occupied")
    assert parts == {"West": west, "East": east, "OnLine": "occupied"}
    assert list(found.columns) == TOWN_COLUMNS and list(found["status"]) == list(found["part"])


def test_a_town_in_a_gap_joins_the_nearest_zone_and_one_far_out_is_left_out():
    # 0.03° of latitude is 3.3 km: in the gap; 0.2° is 22 km: not Ukraine's.
    found = locate_towns(zones("west"), [town("Gap", 31.5, 49.03), town("Far", 31.5, 49.2)])
    assert list(found["name"]) == ["Gap"] and found["part"].item() == "held"


def test_towns_come_largest_first():
    found = locate_towns(zones("west"), [town("Small", 30.2, 48.2, 16_000), town("Large", 31.8, 48.8, 900_000)])
    assert list(found["name"]) == ["Large", "Small"]


@pytest.fixture(scope="module")
def stats_rows(tmp_path_factory):
    import contextlib

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["stats", "--offline", "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(buffer.getvalue())))


def test_population_per_zone_is_what_plain_shapely_counts(stats_rows):
    """Independent: GeoNames towns tested against each zone with shapely, not with geo's assignment."""
    import geo
    from geo.places import MIN_POPULATION, towns

    prepared = geo.run("plan-28", offline=True)[0]
    counted = [t for t in towns() if t.population >= MIN_POPULATION]
    for row in stats_rows:
        zone = prepared.zones[(prepared.zones.iso == row["iso"]) & (prepared.zones.part == row["part"])]
        inside = [t for t in counted if shapely.contains(zone.geometry.iloc[0], shapely.Point(t.lon, t.lat))]
        # Towns on an edge or in a coastal gap may add to a zone; none inside can be missing.
        assert int(row["population"]) >= sum(t.population for t in inside), row["name"]
        assert int(row["towns"]) >= len(inside)
    held_donetsk = next(r for r in stats_rows if r["iso"] == "UA-14" and r["part"] == "held")
    assert int(held_donetsk["towns"]) >= 5  # Kramatorsk, Sloviansk, Kostiantynivka, Druzhkivka, Pokrovsk...


def test_the_places_command_lists_towns_with_their_zone_and_status(capsys):
    assert main(["places", "--offline", "--format", "json"]) == 0
    towns = json.loads(capsys.readouterr().out)
    by_name = {t["name"]: t for t in towns}
    assert list(towns[0]) == TOWN_COLUMNS
    assert (by_name["Kramatorsk"]["part"], by_name["Kramatorsk"]["status"]) == ("held", "demilitarised")
    assert (by_name["Melitopol"]["part"], by_name["Melitopol"]["status"]) == ("occupied", "frozen")
    assert by_name["Kyiv"]["status"] == "unchanged" and by_name["Kyiv"]["name_uk"] == "Київ"
    assert main(["places", "--offline"]) == 0
    assert "not today's residents" in capsys.readouterr().out


def test_tooltips_name_the_largest_towns_of_each_zone(tmp_path):
    out = tmp_path / "map.html"
    assert main(["render", "--offline", "--out", str(out)]) == 0
    data = script_data(out.read_text(encoding="utf-8"))
    held = data["zoneKeys"].index("UA-14.held")  # the three largest the reports name (facts file, section 1)
    assert [data["tip"]["towns"][t] for t in data["tip"]["largest"][held]] == [
        "Kramatorsk",
        "Sloviansk",
        "Kostiantynivka",
    ]
    assert data["tip"]["named"] == "Largest towns: {names}"


def test_great_circle_distance_is_the_spheres():
    import pyproj

    from geo.places import _km

    sphere = pyproj.Geod(a=6_371_000, b=6_371_000)  # the reference: pyproj on a sphere of the same radius
    for lat1, lon1, lat2, lon2 in [(50.45, 30.52, 49.99, 36.23), (48.0, 37.8, 48.1, 37.5), (44.6, 33.5, 52.2, 22.1)]:
        assert _km(lat1, lon1, lat2, lon2) == pytest.approx(sphere.inv(lon1, lat1, lon2, lat2)[2] / 1000, rel=1e-9)


def test_city_districts_are_not_towns():
    import pyproj

    from geo.places import DISTRICT_KM_PER_SQRT_MILLION, DISTRICT_MIN_KM, LABEL_POPULATION, labelled_towns, towns

    found = towns()
    names = {t.name for t in found}
    # GeoNames lists these districts of Kharkiv, Kyiv and Lviv with their own populations.
    assert not {"Saltivka", "Darnytsia", "Vyhurivshchyna-Troieshchyna"} & names  # no place elsewhere is named so
    assert {"Kyiv", "Kharkiv", "Lviv", "Brovary"} <= names
    # No kept place lies within a larger city's reach, measured here with pyproj; a town of 15,000 or more
    # within 6 km, nor within twice the reach when named as a district (an adjective agreeing with "район").
    geod = pyproj.Geod(ellps="WGS84")
    for city in labelled_towns():
        reach = DISTRICT_KM_PER_SQRT_MILLION * (city.population / 1e6) ** 0.5
        for place in found:
            if place.population >= city.population:
                continue
            km = geod.inv(place.lon, place.lat, city.lon, city.lat)[2] / 1000
            least = reach
            if place.population >= LABEL_POPULATION:
                least = max(reach, DISTRICT_MIN_KM) * (2 if place.name_uk.endswith(("ий", "ій")) else 1)
            assert km >= least * 0.99, (place, city)


def test_the_known_districts_are_left_out_and_the_towns_and_villages_beside_them_kept():
    """The cases GeoNames gets wrong in Donbas, read off a city map: Livoberezhnyi is Mariupol's left-bank
    district (122,175 people in GeoNames, once counted as a town of its own); Sotsmisto, Sonyachnyi, Stare
    Misto, Lazurnyi and Verstatobud are parts of Kramatorsk; Kyivskyi, Kalynivskyi, Yuzivskyi and
    Budonnivskyi are districts of Donetsk. Sloviansk (12 km from Kramatorsk), Makiivka (beside Donetsk),
    and the villages and small towns around them are places of their own."""
    from geo.places import _km, towns

    found = towns()
    names = {t.name for t in found}
    city = {t.name: t for t in found if t.population > 50_000}
    districts = {
        "Mariupol": ["Livoberezhnyi", "Tsentralnyi", "Kalmiuskyi", "Prymorskyi"],
        "Kramatorsk": ["Sotsmisto", "Soniachnyi", "Stare Misto", "Lazurnyi", "Verstatobud"],
        "Donetsk": ["Kyivskyi", "Kalynivskyi", "Yuzivskyi", "Budonnivskyi", "Hladkivka", "Vitka"],
    }
    for of, parts in districts.items():  # a village of the same name elsewhere is another place
        near = {t.name for t in found if _km(t.lat, t.lon, city[of].lat, city[of].lon) < 15}
        assert not near & set(parts), (of, near & set(parts))
    kept = {"Mariupol", "Kramatorsk", "Donetsk", "Sloviansk", "Makiivka", "Druzhkivka", "Sartana", "Yasnohirka"}
    kept |= {"Bilenke", "Kupiansk-Vuzlovyi", "Manhush"}  # villages and towns near cities, some named like districts
    assert kept <= names, kept - names


@pytest.mark.parametrize("threshold", [500, 1_000, 5_000, 15_000])
def test_places_count_down_to_the_threshold_asked_for_and_say_it(threshold, capsys):
    argv = ["places", "--offline", "--format", "json"]
    assert main([*argv, "--min-population", str(threshold)]) == 0
    found = json.loads(capsys.readouterr().out)
    populations = [t["population"] for t in found]
    assert min(populations) >= threshold and min(populations) < 2 * threshold  # not cut short either
    if threshold == 1_000:  # the default
        assert main(argv) == 0 and json.loads(capsys.readouterr().out) == found
    assert main(["places", "--offline", "--min-population", str(threshold)]) == 0
    assert f"GeoNames' places of {threshold:,} people or more" in capsys.readouterr().out
    assert main(["stats", "--offline", "--min-population", str(threshold), "--lang", "uk"]) == 0
    assert f"від {threshold:,} мешканців".replace(",", "\u00a0") in capsys.readouterr().out  # a no-break space


def test_more_places_count_more_people_and_the_buffer_zone_holds_villages(capsys):
    """The held part of Donetsk: its towns of 15,000 or more are a subset of its places of 1,000 or more."""
    rows = {}
    for threshold in (15_000, 1_000):
        assert main(["stats", "--offline", "--format", "json", "--min-population", str(threshold)]) == 0
        zones = json.loads(capsys.readouterr().out)["zones"]
        rows[threshold] = next(z for z in zones if z["iso"] == "UA-14" and z["part"] == "held")
    assert rows[1_000]["towns"] > rows[15_000]["towns"] and rows[1_000]["population"] > rows[15_000]["population"]


def test_a_threshold_geonames_has_no_list_for_is_refused():
    import geo
    from geo.errors import GeoError

    with pytest.raises(GeoError, match="GeoNames' lists are of 500, 1,000, 5,000, 15,000 people or more"):
        geo.run("plan-28", offline=True, min_population=2_000)


@pytest.mark.parametrize(
    ("name", "alternates", "expected"),
    [
        # GeoNames writes apostrophes both ways; they are dropped before comparing.
        ("Kam'yanets'-Podil's'kyy", ["Каменец-Подольский", "Кам'янець-Подільський"], "Кам'янець-Подільський"),
        ("Kam’yanets’-Podil’s’kyy", ["Кам’янець-Подільський"], "Кам’янець-Подільський"),
        # A tie goes to letters only Ukrainian has, and against spellings modern Ukrainian does not use.
        ("Donetsk", ["Донецк", "Донецьк"], "Донецьк"),
        ("Chernihiv", ["Чернїгів", "Чернігів"], "Чернігів"),
        # GeoNames' "Saki" is exactly as close as the threshold asks (3 letters of 4): kept.
        ("Saki", ["Саки"], "Саки"),
        # Nothing close enough: no name rather than a wrong one. A renamed town (3.5 letters in 10 alike) and a
        # Russian-era spelling (6 in 10, under the 3 in 4 asked) are not GeoNames' town.
        ("Zzyzx", ["Київ"], None),
        ("Kirovograd", ["Кропивницький"], None),
        ("Nikolayev", ["Миколаїв"], None),
    ],
)
def test_the_ukrainian_name_is_the_closest_modern_alternate(name, alternates, expected):
    from geo.places import _ukrainian_name

    assert _ukrainian_name({"name": name, "alternatenames": alternates}) == expected


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Нові Яриловичі", "Novi Yarylovychi"),  # each word starts anew: Я is Ya at the start of a word
        ("Згурівка", "Zghurivka"),  # зг is zgh
        ("Гуз", "Huz"),  # г is h, also at the start of a word ending in з
    ],
)
def test_official_romanisation_word_by_word(cyrillic, latin):
    from geo.places import romanise

    assert romanise(cyrillic) == latin


def test_the_town_list_runs_down_to_the_threshold_with_corrected_names_and_ids():
    from geo.places import corrections, towns

    found = towns()
    assert all(t.name_uk and t.geonameid for t in found)
    assert 500 <= min(t.population for t in found) < 600  # GeoNames' smallest list, none of its places of 0
    by_id = {str(t.geonameid): t for t in found}
    assert set(corrections()["names"]) <= set(by_id)
    for geonameid, fixed in corrections()["names"].items():  # geo/places.toml: names GeoNames gets wrong
        assert by_id[geonameid].name_uk == fixed["name_uk"]


def test_the_shipped_town_list_is_what_geonames_and_the_corrections_give():
    """data/places/towns.json, read at every render, equals a fresh build (`geo towns build` rebuilds it)."""
    from geo.places import TOWNS_FILE, build_towns, towns_json, towns_provenance

    text = TOWNS_FILE.read_text(encoding="utf-8")
    assert json.loads(text)["provenance"] == towns_provenance(), "stale: run `geo towns build` and commit"
    assert text == towns_json(build_towns())


def test_the_shipped_town_lists_provenance_names_its_data_and_corrections_as_geo_records_them():
    """The provenance but for places.py's own checksum (which any edit of the code changes: the test above
    checks it), so that it holds where places.py is rewritten (mutation testing's copy)."""
    from geo.places import TOWNS_FILE, towns_provenance

    shipped = json.loads(TOWNS_FILE.read_text(encoding="utf-8"))["provenance"]
    current = towns_provenance()
    assert shipped.keys() == current.keys() and {k: v for k, v in shipped.items() if k != "places.py sha256"} == {
        k: v for k, v in current.items() if k != "places.py sha256"
    }


def test_a_town_list_built_from_other_data_or_code_is_not_used(tmp_path, monkeypatch):
    from geo import places

    fresh = places.build_towns()
    stale = json.loads(places.TOWNS_FILE.read_text(encoding="utf-8"))
    stale["provenance"]["places.py sha256"] = "0" * 64  # as after an edit of the code that builds it
    stale["towns"] = stale["towns"][:3]
    monkeypatch.setattr(places, "TOWNS_FILE", tmp_path / "towns.json")
    places.TOWNS_FILE.write_text(json.dumps(stale), encoding="utf-8")
    assert places._read_towns() == fresh
    places.TOWNS_FILE.write_text("{not json", encoding="utf-8")
    assert places._read_towns() == fresh
    places.TOWNS_FILE.write_text(places.towns_json(fresh[:5]), encoding="utf-8")  # current provenance: it is read
    assert places._read_towns() == fresh[:5]
