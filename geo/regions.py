"""The 27 first-level units of Ukraine as data, and name resolution.

Boundary sources disagree on names (Natural Earth calls both Kyivs "Kyiv", others use
Russian-style spellings), so canonical names live here and every lookup goes through
:func:`resolve`. No geometry and no heavy imports: this module is cheap to import.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from geo.errors import UnknownRegion


@dataclass(frozen=True)
class Region:
    """One first-level unit: ISO 3166-2 code, official names and known aliases."""

    iso: str
    name: str  # official English short name, Ukraine's national transliteration
    name_uk: str  # official Ukrainian name
    kind: str  # "oblast", "autonomous republic" or "city"
    aliases: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """Name as shown on a map: "Kyiv Oblast", "Kyiv City", "Autonomous Republic of Crimea"."""
        if self.kind == "oblast":
            return f"{self.name} Oblast"
        return self.name


def _oblast(iso: str, name: str, adjective: str, *aliases: str) -> Region:
    return Region(iso, name, f"{adjective} область", "oblast", aliases)


REGIONS: tuple[Region, ...] = (
    _oblast("UA-05", "Vinnytsia", "Вінницька", "Vinnytsya", "Vinnitsa", "Vinnytska", "Винницкая", "Вінниця"),
    _oblast("UA-07", "Volyn", "Волинська", "Volhynia", "Volynska", "Volynskaya", "Волынская", "Волинь"),
    _oblast("UA-09", "Luhansk", "Луганська", "Luhans'k", "Lugansk", "Luhanska", "Луганская", "Луганськ"),
    _oblast(
        "UA-12",
        "Dnipropetrovsk",
        "Дніпропетровська",
        "Dnipropetrovs'k",
        "Dnepropetrovsk",
        "Dnipropetrovska",
        "Днепропетровская",
    ),
    _oblast("UA-14", "Donetsk", "Донецька", "Donets'k", "Donetska", "Донецкая", "Донецьк", "Donbas"),
    _oblast("UA-18", "Zhytomyr", "Житомирська", "Zhitomir", "Zhytomyrska", "Житомирская", "Житомир"),
    _oblast(
        "UA-21",
        "Zakarpattia",
        "Закарпатська",
        "Transcarpathia",
        "Zakarpattya",
        "Zakarpatska",
        "Закарпатская",
        "Закарпаття",
    ),
    _oblast(
        "UA-23",
        "Zaporizhzhia",
        "Запорізька",
        "Zaporizhzhya",
        "Zaporizhia",
        "Zaporozhye",
        "Zaporizka",
        "Запорожская",
        "Запоріжжя",
    ),
    _oblast(
        "UA-26",
        "Ivano-Frankivsk",
        "Івано-Франківська",
        "Ivano-Frankivs'k",
        "Ivano-Frankovsk",
        "Ivano-Frankivska",
        "Ивано-Франковская",
    ),
    Region("UA-30", "Kyiv City", "Київ", "city", ("Kiev City", "City of Kyiv", "Kyiv (city)", "місто Київ", "Киев")),
    _oblast("UA-32", "Kyiv", "Київська", "Kiev", "Kyivska", "Киевская"),
    _oblast("UA-35", "Kirovohrad", "Кіровоградська", "Kirovograd", "Kirovohradska", "Kropyvnytskyi", "Кировоградская"),
    Region("UA-40", "Sevastopol", "Севастополь", "city", ("Sevastopol City", "Sebastopol", "Sevastopil")),
    Region(
        "UA-43",
        "Autonomous Republic of Crimea",
        "Автономна Республіка Крим",
        "autonomous republic",
        ("Crimea", "Krym", "Republic of Crimea", "Krim", "Крим", "Крым", "Республика Крым", "АР Крим", "АРК"),
    ),
    _oblast("UA-46", "Lviv", "Львівська", "L'viv", "Lvov", "Lwów", "Lvivska", "Львовская", "Львів"),
    _oblast("UA-48", "Mykolaiv", "Миколаївська", "Mykolayiv", "Nikolaev", "Nikolayev", "Mykolaivska", "Николаевская"),
    _oblast("UA-51", "Odesa", "Одеська", "Odessa", "Odeska", "Одесская", "Одеса"),
    _oblast("UA-53", "Poltava", "Полтавська", "Poltavska", "Полтавская", "Полтава"),
    _oblast("UA-56", "Rivne", "Рівненська", "Rovno", "Rivnenska", "Ровенская", "Рівне"),
    _oblast("UA-59", "Sumy", "Сумська", "Sumska", "Сумская", "Суми"),
    _oblast("UA-61", "Ternopil", "Тернопільська", "Ternopil'", "Ternopol", "Ternopilska", "Тернопольская"),
    _oblast("UA-63", "Kharkiv", "Харківська", "Kharkov", "Kharkivska", "Харьковская", "Харків"),
    _oblast("UA-65", "Kherson", "Херсонська", "Khersonska", "Херсонская", "Херсон"),
    _oblast(
        "UA-68",
        "Khmelnytskyi",
        "Хмельницька",
        "Khmel'nyts'kyy",
        "Khmelnitsky",
        "Khmelnytskyy",
        "Khmelnytska",
        "Хмельницкая",
    ),
    _oblast("UA-71", "Cherkasy", "Черкаська", "Cherkassy", "Cherkaska", "Черкасская", "Черкаси"),
    _oblast("UA-74", "Chernihiv", "Чернігівська", "Chernigov", "Chernihivska", "Черниговская", "Чернігів"),
    _oblast("UA-77", "Chernivtsi", "Чернівецька", "Chernovtsy", "Chernivetska", "Черновицкая", "Чернівці"),
)

BY_ISO: dict[str, Region] = {region.iso: region for region in REGIONS}

# Words that only say "this is a region" and carry no name.
_GENERIC = re.compile(r"\b(oblast|obl|region|province|область|обл|місто|м)\b")
_APOSTROPHES = str.maketrans("", "", "'’ʼ`´\"")


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    text = _GENERIC.sub(" ", text)
    return " ".join(re.sub(r"[\s\-_.,()]+", " ", text).split())


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    official = [(r.iso, (r.iso, r.name, r.title, r.name_uk)) for r in REGIONS]
    aliases = [(r.iso, r.aliases) for r in REGIONS]
    for iso, texts in official + aliases:  # official names first: they win any clash
        for text in texts:
            index.setdefault(_normal(text), iso)
    return index


_INDEX = _build_index()


def resolve(text: str) -> str:
    """Return the ISO 3166-2 code for a code, official name, alias or Cyrillic form.

    Case, apostrophes, hyphens and words such as "Oblast" are ignored:
    ``resolve("Zaporozhye Oblast") == resolve("Запорізька область") == "UA-23"``.
    An official name wins over an alias, so "Kyiv" is the oblast and "Kyiv City" the city.

    Raises UnknownRegion, naming the closest known names, when nothing matches.
    """
    key = _normal(str(text))
    if key.upper() in BY_ISO:
        return key.upper()
    if key in _INDEX:
        return _INDEX[key]
    close = difflib.get_close_matches(key, _INDEX, n=3, cutoff=0.6)
    hint = ", ".join(f"{BY_ISO[_INDEX[c]].title} ({_INDEX[c]})" for c in dict.fromkeys(close))
    raise UnknownRegion(f"unknown region {text!r}" + (f"; did you mean {hint}?" if hint else ""))


def get(iso: str) -> Region:
    """The region for an ISO code (any spelling :func:`resolve` accepts)."""
    return BY_ISO[resolve(iso)]
