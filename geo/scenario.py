"""Scenarios: status layers written as TOML files, loaded and validated completely.

A scenario says, region by region and part by part (the part Russia occupies, the part
Ukraine holds, or all of it), which status the region would get. The format is documented
in the README; built-in scenarios live in ``geo/scenarios/``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from geo import locale
from geo.errors import ScenarioError
from geo.estimates import Estimate
from geo.estimates import parse as parse_estimates
from geo.files import check_input
from geo.markers import Marker
from geo.markers import parse as parse_markers
from geo.rules import ANY_REGION, Rule, reaches, translated_keys, translated_texts
from geo.rules import parse as parse_rules
from geo.statuses import UNDETERMINED, Status, builtin

BUILTIN_DIR = Path(__file__).parent / "scenarios"
DEFAULT = "plan-28"
_TEXTS = ("title", "subtitle", "description", "source", "credit")  # top-level texts readers see
_TOP_KEYS = {
    "id",
    "date",
    "control",
    "default",
    "extends",
    "statuses",
    "rules",
    "places",
    "markers",
    "estimates",
    *_TEXTS,
}
MAX_PLACES = 12  # the towns a map names first: a story's few, not a gazetteer
_STATUS_KEYS = {"label", "description", "colour", "pattern"}
# Texts readers see may be given in each language geo has a catalogue for: title_uk, note_uk, label_uk...
_TRANSLATABLE = {"top": _TEXTS, "rule": ("note",), "status": ("label", "description")}
MAX_FILE_BYTES = 1_000_000
MAX_EXTENDS = 8  # a chain of parents longer than this is a mistake, not a scenario
MAX_PROBLEMS_SHOWN = 5  # the rest are counted, so that one bad file gives one readable line
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")  # it names the output file: no paths, no dot files


@dataclass(frozen=True)
class Scenario:
    """A loaded, valid scenario. Use :meth:`assign` to ask what a zone becomes."""

    id: str
    title: str
    date: str
    source: str
    credit: str
    control: str | None
    default: str
    statuses: dict[str, Status]
    explicit: dict[tuple[str, str], Rule] = field(repr=False)  # (iso, occupied|held) -> rule
    wildcard: dict[str, Rule] = field(repr=False)  # occupied|held -> rule for "*"
    bands: tuple[Rule, ...] = field(default=(), repr=False)  # band rules, in file order
    path: Path | None = None
    subtitle: str = ""
    description: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)  # lang -> field -> text
    places: tuple[str, ...] = ()  # the towns its story is about: labelled first, at every zoom
    markers: tuple[Marker, ...] = ()  # the points its text names (geo.markers)
    estimates: tuple[Estimate, ...] = ()  # people living in a zone now, as reported (geo.estimates)

    def text(self, name: str, lang: str = "en") -> str:
        """A text readers see ("title", "subtitle", ...) in ``lang``, else in English."""
        return self.translations.get(lang, {}).get(name) or getattr(self, name)

    def translated(self, lang: str) -> bool:
        """Whether the scenario's title exists in ``lang`` (English always does)."""
        return lang == "en" or "title" in self.translations.get(lang, {})

    def band_widths(self, iso: str, part: str) -> set[float]:
        """The widths (km) of the band rules that reach this region's part: what it is cut into."""
        return {rule.band_km for rule in self.bands if reaches(rule, iso, part)}

    def assign(self, iso: str, part: str, lang: str = "en", band_km: float = 0) -> tuple[str, str]:
        """Status key and note for the given part ("occupied", "held" or "all") of a region, or for
        its band within ``band_km`` of the line (:func:`geo.bands.add_bands`).

        A band takes the narrowest band rule that reaches it (a region named before "*"); a band
        no band rule reaches, and the rest of a part, take the part's rules.

        Part "all" is what a region is when no line of control is known. A region whose two
        parts get different statuses then gets UNDETERMINED, with a note naming both: drawing
        either status over the whole region would misstate the scenario. A "*" rule for one
        part only is not applied: without the line nothing else is known to be occupied.
        """
        reaching = [r for r in self.bands if band_km and r.band_km >= band_km and reaches(r, iso, part)]
        if reaching:
            rule = min(reaching, key=lambda r: (r.band_km, r.regions == (ANY_REGION,)))
            return rule.status, rule.note_in(lang)
        if part != "all":
            rule = self.explicit.get((iso, part)) or self.wildcard.get(part)
            return (rule.status, rule.note_in(lang)) if rule else (self.default, "")
        occupied, held = self.explicit.get((iso, "occupied")), self.explicit.get((iso, "held"))
        main = occupied or held
        if main is None:
            rule = self.wildcard.get("occupied")
            if rule and rule.part == "all":
                return rule.status, rule.note_in(lang)
            return self.default, ""
        parts = {"occupied": occupied, "held": held}
        statuses = {name: rule.status if rule else self.default for name, rule in parts.items()}
        if statuses["occupied"] == statuses["held"]:
            return main.status, main.note_in(lang)
        label = {name: self.statuses[key].text(lang)[0] for name, key in statuses.items()}
        return UNDETERMINED, locale.text(lang, "notices", "undetermined", **label)

    def tags(self, zones: Iterable[tuple[str, str, float]], lang: str = "en") -> list[tuple[str, str, str]]:
        """(status key, label, note) of each zone given as (iso, part, band_km): :meth:`assign`, with the
        status's words in ``lang``, which a reader can quote."""
        labels = {key: status.text(lang)[0] for key, status in self.statuses.items()}
        tagged = [self.assign(iso, part, lang, band) for iso, part, band in zones]
        return [(status, labels[status], note) for status, note in tagged]

    def regions_by_status(self, zones: Iterable[tuple[str, str, float]]) -> dict[str, int]:
        """How many regions have a zone of each status, given zones as (iso, part, band_km)."""
        regions: dict[str, set[str]] = {}
        for iso, part, band_km in zones:
            regions.setdefault(self.assign(iso, part, band_km=band_km)[0], set()).add(iso)
        return {key: len(regions[key]) for key in self.statuses if key in regions}

    @property
    def used_statuses(self) -> list[str]:
        """Status keys any rule or the default can produce, in vocabulary order."""
        used = {r.status for r in (*self.explicit.values(), *self.wildcard.values())} | {self.default}
        return [key for key in self.statuses if key in used]


def available() -> list[str]:
    """Names of the built-in scenarios."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))


def load_scenario(name_or_path: str | Path = DEFAULT) -> Scenario:
    """Load a built-in scenario by name, or a scenario file by path, and validate it.

    Raises ScenarioError listing every problem found, each with the file and rule.
    """
    return _load(_locate(name_or_path, base=Path.cwd()), seen=())


def load_scenarios(names: Iterable[str | Path]) -> list[Scenario]:
    """Several scenarios for one map or table, each named by its id everywhere after (switcher, columns,
    links): two that share an id, the same one given twice included, are refused rather than mixed up."""
    scenarios = [load_scenario(name) for name in names]
    given: dict[str, str] = {}
    for name, scenario in zip(names, scenarios, strict=True):
        if scenario.id in given:
            raise ScenarioError(
                f"{given[scenario.id]} and {name} are both scenario {scenario.id!r}; give each scenario once, "
                "and a scenario file an id of its own"
            )
        given[scenario.id] = str(name)
    return scenarios


def is_scenario(name: str) -> bool:
    """Whether ``name`` names a scenario (built-in, or a .toml file) rather than, say, a control layer."""
    return name in available() or Path(name).suffix == ".toml"


def _locate(name_or_path: str | Path, base: Path) -> Path:
    text = str(name_or_path)
    if text in available():
        return BUILTIN_DIR / f"{text}.toml"
    path = Path(text) if Path(text).is_absolute() else base / text
    if path.suffix != ".toml" and not path.exists():
        raise ScenarioError(f"unknown scenario {text!r}; built-in: {', '.join(available())}, or give a .toml path")
    check_input(path, ScenarioError)
    if not path.is_file():
        raise ScenarioError(f"{text}: not a scenario file (a folder?)")
    return path


def _read(path: Path) -> dict:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError(f"{path.name}: larger than {MAX_FILE_BYTES:,} bytes; not a scenario file")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ScenarioError(f"{path.name}: not UTF-8 text") from None
    except RecursionError:
        raise ScenarioError(f"{path.name}: arrays or tables nested too deeply") from None
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{path.name}: not valid TOML: {error}") from None


def _load(path: Path, seen: tuple[Path, ...]) -> Scenario:
    if path.resolve() in seen:
        chain = " -> ".join(p.name for p in (*seen, path.resolve()))
        raise ScenarioError(f"{path.name}: 'extends' loops: {chain}")
    if len(seen) >= MAX_EXTENDS:  # seen: the files that extend this one
        raise ScenarioError(f"{seen[0].name}: 'extends' chain is longer than {MAX_EXTENDS} scenarios")
    data = _read(path)
    parent = None
    if isinstance(data.get("extends"), str):
        parent = _load(_locate(data["extends"], base=path.parent), (*seen, path.resolve()))
    return _validate(data, path, parent)


def _text(data: dict, key: str, problems: list[str], required: bool = False) -> str:
    value = data.get(key, "")
    if required and key not in data:
        problems.append(f"'{key}' is missing")
    elif isinstance(value, dt.date) and key == "date":
        return value.isoformat()
    elif not isinstance(value, str):
        problems.append(f"'{key}' must be a string, not {type(value).__name__}")
        return ""
    return value


MAX_TEXT_CHARS = 2_000  # any text of a scenario: a paragraph, not a book (maps and images wrap it)
MAX_TITLE_CHARS = 200  # titles and status labels: one line or two on a map


def _long_texts(data: dict) -> list[str]:
    """Texts too long for any map to show, wherever they are in the file (found without recursion)."""
    found, todo = [], [("", data)]
    while todo:
        where, value = todo.pop()
        if isinstance(value, dict):
            todo += [(f"{where}.{key}" if where else str(key), item) for key, item in value.items()]
        elif isinstance(value, list):
            todo += [(f"{where}[{i}]", item) for i, item in enumerate(value)]
        elif isinstance(value, str):
            short = where.rpartition(".")[2].split("_")[0] in ("title", "label")
            limit = MAX_TITLE_CHARS if short else MAX_TEXT_CHARS
            if len(value) > limit:
                found.append(f"'{where}' is longer than {limit:,} characters")
    return sorted(found)


def _validate(data: dict, path: Path, parent: Scenario | None) -> Scenario:
    known = _TOP_KEYS | translated_keys(_TRANSLATABLE["top"])
    problems: list[str] = [f"unknown key '{key}'" for key in sorted(set(data) - known)]
    problems += _long_texts(data)
    inherit = parent is not None
    values = {
        key: _text(data, key, problems, required=not inherit and key in ("id", "title"))
        for key in ("id", "date", *_TEXTS)
    }
    # A parent's translation holds only while the child keeps the parent's English text.
    translations = {
        lang: {name: text for name, text in texts.items() if name not in data}
        for lang, texts in (parent.translations if parent else {}).items()
    }
    for lang, texts in translated_texts(data, _TRANSLATABLE["top"], problems, "").items():
        translations.setdefault(lang, {}).update(texts)
    if values["id"] and not _ID.fullmatch(values["id"]):
        problems.append(f"'id' {values['id']!r} must be up to 64 letters, digits, - or _ (it names the map file)")
    if "date" in data and values["date"]:
        try:
            dt.date.fromisoformat(values["date"])
        except ValueError:
            problems.append(f"'date' {values['date']!r} is not YYYY-MM-DD")
    if "extends" in data and not isinstance(data["extends"], str):
        problems.append("'extends' must be a scenario name or path")

    statuses = dict(parent.statuses if parent else builtin())
    table = data.get("statuses", {})
    if not isinstance(table, dict):
        problems.append("'statuses' must be a table of [statuses.KEY] sections")
        table = {}
    for key, spec in table.items():
        if not isinstance(spec, dict):
            problems.append(f"status {key!r} must be a table")
            continue
        unknown = set(spec) - _STATUS_KEYS - translated_keys(_TRANSLATABLE["status"])
        problems += [f"status {key!r}: unknown key '{k}'" for k in sorted(unknown)]
        if any(not isinstance(v, str) for v in spec.values()):
            problems.append(f"status {key!r}: every value must be a string")
            continue
        base = statuses.get(key)
        label = spec.get("label", base.label if base else "")
        description = spec.get("description", base.description if base else "")
        # A base status's translations hold while its English words do; its own translations win.
        kept = base.translations if base and "label" not in spec and "description" not in spec else {}
        given = translated_texts(spec, _TRANSLATABLE["status"], problems, f"status {key!r}: ")
        status = Status(
            key=key,
            label=label,
            description=description,
            colour=spec.get("colour", base.colour if base else "#888888"),
            pattern=spec.get("pattern", base.pattern if base else "solid"),
            translations={
                **kept,
                **{
                    lang: (texts.get("label", label), texts.get("description", description))
                    for lang, texts in given.items()
                },
            },
        )
        problems += status.problems()
        statuses[key] = status

    default = data.get("default", parent.default if parent else "unchanged")
    if not isinstance(default, str):
        problems.append("'default' must be a status key")
    elif default not in statuses:
        problems.append(f"'default' names unknown status {default!r}")

    explicit, wildcard, bands = parse_rules(data.get("rules", []), path.name, statuses, problems, _TRANSLATABLE["rule"])
    control = data.get("control", parent.control if parent else None)
    if control is not None and not isinstance(control, str):
        problems.append("'control' must be a string (path, URL or deepstate:DATE)")

    places = _places(data["places"], problems) if "places" in data else (parent.places if parent else ())
    languages = [lang for lang in locale.available() if lang != locale.DEFAULT]
    markers = parse_markers(data["markers"], languages, problems) if "markers" in data else ()
    estimates = parse_estimates(data["estimates"], statuses, languages, problems) if "estimates" in data else ()
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(f"and {len(problems) - len(shown)} more problems")
        raise ScenarioError(f"{path.name}: " + "; ".join(shown))
    return Scenario(
        id=values["id"] or parent.id,
        title=values["title"] or parent.title,
        date=values["date"] or (parent.date if parent else ""),
        source=values["source"] or (parent.source if parent else ""),
        credit=values["credit"] or (parent.credit if parent else ""),
        subtitle=values["subtitle"] or (parent.subtitle if parent else ""),
        description=values["description"] or (parent.description if parent else ""),
        translations=translations,
        control=control,
        default=default,
        statuses=statuses,
        explicit={**(parent.explicit if parent else {}), **explicit},
        wildcard={**(parent.wildcard if parent else {}), **wildcard},
        bands=(*(parent.bands if parent else ()), *bands),
        path=path,
        places=places,
        markers=markers if "markers" in data else (parent.markers if parent else ()),
        estimates=estimates if "estimates" in data else (parent.estimates if parent else ()),
    )


def _places(raw, problems: list[str]) -> tuple[str, ...]:
    """The 'places' list: towns geo knows (15,000 people or more), by their English names."""
    from geo.places import labelled_towns

    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        problems.append("'places' must be a list of town names")
        return ()
    if len(raw) > MAX_PLACES:
        problems.append(f"'places' names {len(raw)} towns; at most {MAX_PLACES}")
    known = {town.name for town in labelled_towns()}
    problems += [
        f"'places': no town {name!r} of 15,000 people or more (English names, as on the map: Sloviansk, Kryvyi Rih)"
        for name in raw
        if name not in known
    ]
    return tuple(dict.fromkeys(raw))
