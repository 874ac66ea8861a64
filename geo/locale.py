"""The map's words in each language: one catalogue per language in ``geo/locales/`` (a third
language is a file). Strings are our own data; values are put into them with ``str.format``
once, and whatever a value holds is never read as a format string or a template."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from geo.errors import GeoError

DEFAULT = "en"
_DIR = Path(__file__).parent / "locales"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def available() -> list[str]:
    """Language codes with a catalogue, English first."""
    return sorted((p.stem for p in _DIR.glob("*.toml")), key=lambda code: (code != DEFAULT, code))


@functools.cache
def catalogue(lang: str) -> dict:
    """The catalogue of ``lang``; GeoError naming the languages there are."""
    if lang not in available():
        raise GeoError(f"no language {lang!r}; there are: {', '.join(available())}")
    return tomllib.loads((_DIR / f"{lang}.toml").read_text(encoding="utf-8"))


def text(lang: str, section: str, key: str, **values) -> str:
    """One string of ``lang``'s catalogue, with ``values`` filled in."""
    return catalogue(lang)[section][key].format(**values)


def date(value: str, lang: str) -> str:
    """An ISO date (2025-11-20) or month (2025-11) in ``lang``'s words (20 November 2025, November 2025);
    any other text as it is."""
    match = _ISO_DATE.fullmatch(value or "")
    if not match:
        return value
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return value
    words = catalogue(lang)["format"]
    if match[3] is None:  # a month on its own (Ukrainian names it in another case than in a date)
        return words["month_date"].format(month=words["months_alone"][month - 1], year=year)
    return words["date"].format(day=int(match[3]), month=words["months"][month - 1], year=year)


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number with ``lang``'s separators: 74,186.5 in English, 74 186,5 in Ukrainian."""
    words = catalogue(lang)["format"]
    whole, _, fraction = f"{value:,.{digits}f}".partition(".")
    return whole.replace(",", words["group"]) + (words["decimal"] + fraction if fraction else "")


def credit(line: str, lang: str) -> str:
    """A credits line with its leading word ("Boundaries: ") in ``lang``; the source's name stays."""
    for english, translated in catalogue(lang)["credits"].items():
        if line.startswith(english):
            return translated + line[len(english) :]
    return line


def local_name(name: str, name_uk: str, lang: str) -> str:
    """A place's or region's name in ``lang``: the Ukrainian one on a Ukrainian page, else English
    (the data holds these two; other languages use the English name)."""
    return name_uk if lang == "uk" else name
