"""Markers: the points a scenario's text names (a power plant, a dam, a spit), as ``[[markers]]`` in its file.

A marker is data like every other input: a position inside the map's extent, a label and an optional
note that are only ever set as text, and a kind from :data:`KINDS`, whose symbol every output draws
the same way (:data:`geo.present.MARKER_SYMBOLS`) and whose name is in the locale catalogues.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from geo.projection import UKRAINE_BOUNDS

KINDS = ("plant", "dam", "spit", "town", "place")
MAX_MARKERS = 20  # the few places a story names, not a gazetteer
_KEYS = {"lat", "lon", "label", "note", "kind"}
_TRANSLATABLE = ("label", "note")


@dataclass(frozen=True)
class Marker:
    """A point the scenario names: ``label`` (and ``note``: the clause it refers to) in English, and in
    other languages by code in ``translations`` (lang -> {"label": ..., "note": ...})."""

    lat: float
    lon: float
    label: str
    kind: str = "place"
    note: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict, hash=False)

    def text(self, name: str, lang: str = "en") -> str:
        """``label`` or ``note`` in ``lang``, else in English."""
        return self.translations.get(lang, {}).get(name) or getattr(self, name)

    def as_toml(self) -> dict:
        """The marker as its scenario file gives it (what the editor's download writes back)."""
        given = {"lat": self.lat, "lon": self.lon, "label": self.label, "kind": self.kind}
        given.update({"note": self.note} if self.note else {})
        for lang, texts in sorted(self.translations.items()):
            given.update({f"{name}_{lang}": text for name, text in texts.items()})
        return given


def parse(raw, languages: list[str], problems: list[str]) -> tuple[Marker, ...]:
    """The ``[[markers]]`` array of a scenario file; each problem found is added to ``problems``."""
    if not isinstance(raw, list) or not all(isinstance(spec, dict) for spec in raw):
        problems.append("'markers' must be an array of [[markers]] tables")
        return ()
    if len(raw) > MAX_MARKERS:
        problems.append(f"'markers' has {len(raw)} markers; at most {MAX_MARKERS}")
    translated = {f"{name}_{lang}" for name in _TRANSLATABLE for lang in languages}
    found = []
    for number, spec in enumerate(raw, start=1):
        where = f"marker {number}"
        problems += [f"{where}: unknown key '{k}'" for k in sorted(set(spec) - _KEYS - translated)]
        texts = {key: spec[key] for key in ("label", "note", "kind", *sorted(translated)) if key in spec}
        wrong = [key for key, value in texts.items() if not isinstance(value, str)]
        problems += [f"{where}: '{key}' must be a string" for key in wrong]
        label, kind = spec.get("label", ""), spec.get("kind", "place")
        if wrong:
            continue
        if not label.strip():
            problems.append(f"{where}: 'label' is required")
        if kind not in KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        position = _position(spec, where, problems)
        if position is None or not label.strip() or kind not in KINDS:
            continue
        translations: dict[str, dict[str, str]] = {}
        for key in sorted(translated & set(spec)):
            name, _, lang = key.rpartition("_")
            translations.setdefault(lang, {})[name] = spec[key].strip()
        found.append(Marker(*position, label.strip(), kind, spec.get("note", "").strip(), translations))
    return tuple(found)


def _position(spec: dict, where: str, problems: list[str]) -> tuple[float, float] | None:
    """(lat, lon) when both are finite numbers inside the map's extent, else None and a problem."""
    lat, lon = spec.get("lat"), spec.get("lon")
    numbers = [v for v in (lat, lon) if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) < 2 or not all(math.isfinite(v) for v in numbers):
        problems.append(f"{where}: 'lat' and 'lon' must be numbers (degrees, WGS84)")
        return None
    west, south, east, north = UKRAINE_BOUNDS
    if not (south <= lat <= north and west <= lon <= east):
        problems.append(
            f"{where}: {lat}, {lon} is outside the map ({south} to {north} N, {west} to {east} E): lat and lon swapped?"
        )
        return None
    return float(lat), float(lon)
