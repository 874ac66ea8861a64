"""Reported estimates: how many people live in a scenario's zone now, by whose count and when, as
``[[estimates]]`` in its file.

GeoNames' population figures are mostly from before 2022; since then officials and news agencies have
reported their own counts of who is left (the Ukrainian-held part of Donetsk: about 190,000, Kyiv,
February 2026). Every output shows such a figure beside the GeoNames sum, with its source and date,
and never adds one to the other: they count different things at different times.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geo import locale

MAX_ESTIMATES = 20
MAX_PEOPLE = 50_000_000  # more than Ukraine ever had: a typo, not a count
_KEYS = {"status", "people", "source", "date"}
_MONTH = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True)
class Estimate:
    """``people`` living in the zones of ``status``, as ``source`` reported on ``date`` (YYYY-MM or
    YYYY-MM-DD); ``translations``: lang -> the source's name in that language."""

    status: str
    people: int
    source: str
    date: str
    translations: dict[str, str] = field(default_factory=dict, hash=False)

    def text(self, lang: str = "en") -> str:
        """ "about 190,000 people (Kyiv, February 2026)", in ``lang``."""
        source = self.translations.get(lang) or self.source
        people = locale.number(self.people, lang)
        return locale.text(lang, "page", "estimate", people=people, source=source, date=locale.date(self.date, lang))

    def as_toml(self) -> dict:
        """The estimate as its scenario file gives it (what the editor's download writes back)."""
        given: dict = {"status": self.status, "people": self.people, "source": self.source, "date": self.date}
        given.update({f"source_{lang}": name for lang, name in sorted(self.translations.items())})
        return given

    def as_json(self) -> dict:
        """For ``geo stats --format json``: the status, the figure, whose it is and when."""
        return {"status": self.status, "people": self.people, "source": self.source, "date": self.date}


def by_status(estimates, lang: str = "en") -> dict[str, str]:
    """Status key -> its estimates as one text ("about 200,000 people (…); about 190,000 people (…)")."""
    found: dict[str, list[str]] = {}
    for estimate in estimates:
        found.setdefault(estimate.status, []).append(estimate.text(lang))
    return {status: "; ".join(texts) for status, texts in found.items()}


def parse(raw, statuses, languages: list[str], problems: list[str]) -> tuple[Estimate, ...]:
    """The ``[[estimates]]`` array of a scenario file, each naming one of ``statuses``; each problem
    found is added to ``problems``."""
    if not isinstance(raw, list) or not all(isinstance(spec, dict) for spec in raw):
        problems.append("'estimates' must be an array of [[estimates]] tables")
        return ()
    if len(raw) > MAX_ESTIMATES:
        problems.append(f"'estimates' has {len(raw)} estimates; at most {MAX_ESTIMATES}")
    translated = {f"source_{lang}" for lang in languages}
    found = []
    for number, spec in enumerate(raw, start=1):
        where = f"estimate {number}"
        before = len(problems)
        problems += [f"{where}: unknown key '{k}'" for k in sorted(set(spec) - _KEYS - translated)]
        status, people, source = spec.get("status"), spec.get("people"), spec.get("source")
        if status not in statuses:
            problems.append(f"{where}: 'status' must name one of the scenario's statuses, not {status!r}")
        if not isinstance(people, int) or isinstance(people, bool) or not 0 < people <= MAX_PEOPLE:
            problems.append(f"{where}: 'people' must be a whole number from 1 to {MAX_PEOPLE:,}")
        texts = {key: spec[key] for key in ("source", *sorted(translated)) if key in spec}
        if not isinstance(source, str) or not source.strip():
            problems.append(f"{where}: 'source' is required: whose count it is")
        problems += [f"{where}: '{key}' must be a string" for key, value in texts.items() if not isinstance(value, str)]
        date = _date(spec.get("date"), where, problems)
        if len(problems) > before:
            continue
        names = {key.rpartition("_")[2]: spec[key].strip() for key in sorted(translated & set(spec))}
        found.append(Estimate(status, people, source.strip(), date, names))
    return tuple(found)


def _date(value, where: str, problems: list[str]) -> str:
    """The date an estimate was reported, as YYYY-MM or YYYY-MM-DD text (a TOML date is taken as it is)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            if _MONTH.fullmatch(value):
                dt.date.fromisoformat(f"{value}-01")
            else:
                dt.date.fromisoformat(value)
            if len(value) in (7, 10):
                return value
        except ValueError:
            pass
    problems.append(f"{where}: 'date' must be when it was reported, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return ""
