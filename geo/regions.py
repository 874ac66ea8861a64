"""The 27 first-level units of Ukraine (data in ``regions.toml``), and name resolution.

Boundary sources disagree on names (Natural Earth calls both Kyivs "Kyiv", others use
Russian-style spellings), so canonical names live here and every lookup goes through
:func:`resolve`. No geometry and no heavy imports: this module is cheap to import.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources

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


with resources.files("geo").joinpath("regions.toml").open("rb") as _file:  # the data
    REGIONS: tuple[Region, ...] = tuple(
        Region(u["iso"], u["name"], u["name_uk"], u["kind"], tuple(u["aliases"])) for u in tomllib.load(_file)["region"]
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
    """Every normalised name and alias -> ISO code, built on the first lookup."""
    index: dict[str, str] = {}
    official = [(r.iso, (r.iso, r.name, r.title, r.name_uk)) for r in REGIONS]
    aliases = [(r.iso, r.aliases) for r in REGIONS]
    for iso, texts in official + aliases:  # official names first: they win any clash
        for text in texts:
            index.setdefault(_normal(text), iso)
    return index


_index = functools.cache(_build_index)  # built on the first lookup (wrapped here, so mutation testing reaches it)


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
    index = _index()
    if key in index:
        return index[key]
    close = difflib.get_close_matches(key, index, n=3, cutoff=0.6)
    hint = ", ".join(f"{BY_ISO[index[c]].title} ({index[c]})" for c in dict.fromkeys(close))
    raise UnknownRegion(f"unknown region {text!r}" + (f"; did you mean {hint}?" if hint else ""))


def get(iso: str) -> Region:
    """The region for an ISO code (any spelling :func:`resolve` accepts)."""
    return BY_ISO[resolve(iso)]
