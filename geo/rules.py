"""A scenario's rules: which status a region's part (or a band along the line) takes, as ``[[rules]]``
in its file, each checked where it is read, and the translated texts every table of a scenario file
may give (``note_uk``, ``title_uk``...)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from geo import locale, regions
from geo.errors import UnknownRegion

PARTS = ("all", "occupied", "held")
ANY_REGION = "*"
_RULE_KEYS = {"regions", "part", "status", "note", "band_km", "side"}
SIDES = ("held", "occupied", "both")  # the sides of the line a band rule reaches
MAX_BAND_KM = 100
MIN_BAND_KM = 0.1  # narrower than the line's own drawing (500 m simplification): no band at all


@dataclass(frozen=True)
class Rule:
    """One rule: these regions (or "*", every other region), this part, this status."""

    regions: tuple[str, ...]
    part: str
    status: str
    note: str
    where: str  # "file.toml rule 3", for messages
    notes: dict[str, str] = field(default_factory=dict, hash=False)  # lang -> note
    band_km: float = 0.0  # a band rule: the zone within this many km of the line of control ...
    side: str = ""  # ... on this side of it (held, occupied or both)

    def note_in(self, lang: str) -> str:
        return self.notes.get(lang, self.note)


def translated_keys(names) -> set[str]:
    """Keys such as title_uk: each of ``names`` (texts readers see) in each language but English."""
    return {f"{name}_{lang}" for name in names for lang in locale.available() if lang != locale.DEFAULT}


def translated_texts(spec: dict, names, problems: list[str], where: str) -> dict[str, dict[str, str]]:
    """lang -> {text name: text} from keys such as title_uk, each checked to be a string."""
    found: dict[str, dict[str, str]] = {}
    for key in sorted(set(spec) & translated_keys(names)):
        name, _, lang = key.rpartition("_")
        if isinstance(spec[key], str):
            found.setdefault(lang, {})[name] = spec[key].strip()
        else:
            problems.append(f"{where}'{key}' must be a string")
    return found


def parse(raw, filename: str, statuses: dict, problems: list[str], translatable=("note",)):
    """Parse [[rules]] into (iso, part) -> rule, part -> "*" rule and the band rules, reporting conflicts."""
    explicit: dict[tuple[str, str], Rule] = {}
    wildcard: dict[str, Rule] = {}
    bands: list[Rule] = []
    band_index: dict[tuple[str, float, str], Rule] = {}  # (region, width, side) -> the first band rule for it
    if not isinstance(raw, list):
        problems.append("'rules' must be an array of [[rules]] tables")
        return explicit, wildcard, bands
    for number, spec in enumerate(raw, start=1):
        where = f"rule {number}"
        if not isinstance(spec, dict):
            problems.append(f"{where}: must be a table")
            continue
        unknown = set(spec) - _RULE_KEYS - translated_keys(translatable)
        problems += [f"{where}: unknown key '{k}'" for k in sorted(unknown)]
        given = translated_texts(spec, translatable, problems, f"{where}: ")
        notes = {lang: texts["note"] for lang, texts in given.items()}
        part, status, note = spec.get("part", "all"), spec.get("status"), spec.get("note", "")
        names = spec.get("regions")
        if names == ANY_REGION:
            names = [ANY_REGION]
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            problems.append(f"{where}: 'regions' must be a list of region names or codes, or \"*\"")
            continue
        if part not in PARTS:
            problems.append(f"{where}: part {part!r} is not one of {', '.join(PARTS)}")
            continue
        band_km, side = _band(spec, where, problems)
        if not isinstance(status, str):
            problems.append(f"{where}: 'status' is missing or not a string")
            continue
        if status not in statuses:
            problems.append(f"{where}: unknown status {status!r}; known: {', '.join(statuses)}")
        if not isinstance(note, str):
            problems.append(f"{where}: 'note' must be a string")
            note = ""
        codes = []
        for name in names:
            try:
                codes.append(ANY_REGION if name == ANY_REGION else regions.resolve(name))
            except UnknownRegion as error:
                problems.append(f"{where}: {error}")
        for code in sorted(code for code, n in Counter(codes).items() if n > 1):
            problems.append(f"{where}: region {code} is listed twice")
        rule = Rule(tuple(codes), part, status, note.strip(), f"{filename} {where}", notes, band_km, side)
        if band_km:  # a band of a region on one side of the line, looked up: linear in the rules
            clashes: dict[Rule, str] = {}
            for code in sorted(set(codes)):
                for target in ("held", "occupied") if side == "both" else (side,):
                    other = band_index.setdefault((code, band_km, target), rule)
                    if other.status != status:
                        clashes.setdefault(other, code)
            for other, code in clashes.items():
                problems.append(
                    f"{where} and {other.where.split(' ', 1)[1]} give a {band_km:g} km band of "
                    f"{code} conflicting statuses {other.status!r} and {status!r}"
                )
            bands.append(rule)
            continue
        for code in dict.fromkeys(codes):
            for target in ("occupied", "held") if part == "all" else (part,):
                table, key = (wildcard, target) if code == ANY_REGION else (explicit, (code, target))
                other = table.get(key)
                if other and other.status != status:
                    problems.append(
                        f"{where} and {other.where.split(' ', 1)[1]} give {code} ({target}) "
                        f"conflicting statuses {other.status!r} and {status!r}"
                    )
                table[key] = rule
    return explicit, wildcard, bands


def _band(spec: dict, where: str, problems: list[str]) -> tuple[float, str]:
    """A rule's band along the line, (0, "") for a rule without one."""
    if "band_km" not in spec and "side" not in spec:
        return 0.0, ""
    width, side = spec.get("band_km"), spec.get("side", "both")
    if "part" in spec:
        problems.append(f"{where}: a band rule takes 'side' (held, occupied or both), not 'part'")
    if isinstance(width, bool) or not isinstance(width, int | float) or not MIN_BAND_KM <= width <= MAX_BAND_KM:
        problems.append(f"{where}: 'band_km' must be a number of km from {MIN_BAND_KM:g} to {MAX_BAND_KM}")
        width = 0.0
    if side not in SIDES:
        problems.append(f"{where}: side {side!r} is not one of {', '.join(SIDES)}")
    return float(width), side


def reaches(rule: Rule, iso: str, part: str) -> bool:
    """Whether a band rule reaches this region's part (a band lies on one side of the line)."""
    return (
        part in ("held", "occupied")
        and rule.side in (part, "both")
        and (iso in rule.regions or ANY_REGION in rule.regions)
    )
