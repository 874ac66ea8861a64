"""Mutation testing of geo with mutmut: small bugs seeded one at a time, and which of them the tests catch.
Too slow for CI (~11,000 mutants over 36 modules: many are reached by tests that run whole commands, and
a survivor costs them all); run it by hand after changing a module, sampled if need be.

    .venv/bin/pip install mutmut==3.8.1
    .venv/bin/python -m scripts.mutation --sample 10 stats  # one mutant in ten of geo.stats: minutes
    .venv/bin/python -m scripts.mutation --sample 5         # one in five of every module: hours
    .venv/bin/python -m scripts.mutation                    # every mutant not tested yet
    .venv/bin/python -m scripts.mutation --report           # the score of what was tested, without running
    .venv/bin/python -m scripts.mutation --page             # the page's hand-seeded bugs against Chromium

mutmut keeps its verdicts in mutants/ and tests only what changed since. The script prints each module's
score (mutants killed, or written down as equivalent in ``EQUIVALENT`` with why, over the mutants
tested) and the survivors, each to be killed by a sharper test or written down as equivalent.
Configuration (modules, test options) is in pyproject.toml's ``[tool.mutmut]``.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).with_name("mutmut")

# Mutants that behave exactly like the code, with why (each name as `mutmut results` prints it).
_STRICT = "zip(..., strict=True) guards lengths that are equal by construction; without it nothing changes"
_CALLERS_PASS = "a default every caller overrides"
_NO_EN = "English has no translation entry: any code without one falls back to English, as 'en' does"
EQUIVALENT: dict[str, str] = {
    "geo.cache.x_fetch__mutmut_12": "unlink(missing_ok=...) of a file just seen to exist",
    "geo.cache.x_fetch__mutmut_13": "unlink(missing_ok=...) of a file just seen to exist",
    "geo.cache.x__download__mutmut_23": "reading 128 KiB at a time instead of 64 KiB stores the same bytes",
    "geo.cache.x__download__mutmut_24": "reading 128 KiB at a time instead of 64 KiB stores the same bytes",
    "geo.cache.x__download__mutmut_31": "MB as bytes / 1,000,001: the same text once formatted with :g",
    "geo.cache.x__download__mutmut_32": ">= instead of > against a clock: no test can hit the instant",
    "geo.control.x_find_series__mutmut_1": _CALLERS_PASS + " (a folder or glob ignores it)",
    "geo.control.x_find_series__mutmut_2": _CALLERS_PASS + " (a folder or glob ignores it)",
    "geo.places.x__inside_a_larger_city__mutmut_9": "a reach 0.00005 % shorter",
    "geo.places.x__inside_a_larger_city__mutmut_22": "<= instead of < on a distance in float km: never equal",
    "geo.places.x__ukrainian_name__mutmut_20": "keeping ' in GeoNames' name: the same name for every town (checked)",
    "geo.places.x__ukrainian_name__mutmut_22": "keeping ’ in GeoNames' name: the same name for every town (checked)",
    "geo.places.x__ukrainian_name__mutmut_35": "counting X too: no Cyrillic name holds an X",
    "geo.places.x__ukrainian_name__mutmut_38": "a penalty of 4 instead of 3: the same name for every town (checked)",
    "geo.webmap.x_page_values__mutmut_1": _CALLERS_PASS,
    "geo.webmap.x_page_values__mutmut_2": _CALLERS_PASS,
    "geo.present.x_line_label__mutmut_1": _CALLERS_PASS,
    "geo.present.x_line_label__mutmut_2": _CALLERS_PASS,
    "geo.webmap.x_page_values__mutmut_122": _STRICT,
    "geo.webmap.x_page_values__mutmut_125": _STRICT,
    "geo.webmap.x_page_values__mutmut_126": _STRICT,
    "geo.webmap.x__vocabulary__mutmut_4": _STRICT,
    "geo.webmap.x__vocabulary__mutmut_7": _STRICT,
    "geo.webmap.x__vocabulary__mutmut_8": _STRICT,
    "geo.webmap.x__layer__mutmut_13": _STRICT,
    "geo.webmap.x__layer__mutmut_16": _STRICT,
    "geo.webmap.x__layer__mutmut_17": _STRICT,
    "geo.webmap.x__script_json__mutmut_3": "ensure_ascii=None is as false as False",
    "geo.webmap.x__tile_layer__mutmut_6": "xyzservices' query_name ignores case",
    "geo.webmap.x__tile_layer__mutmut_7": "xyzservices' query_name ignores case",
    "geo.statuses.xǁStatusǁtext__mutmut_1": _NO_EN,
    "geo.scenario.xǁScenarioǁtext__mutmut_1": _NO_EN,
    "geo.scenario.x__text__mutmut_18": "the value returned with a problem is never used: the problem is raised",
    "geo.scenario.x__validate__mutmut_153": "prefix of a problem that cannot happen: non-strings are refused before",
    "geo.webdata.x__small_zones__mutmut_5": _STRICT,
    "geo.webdata.x__small_zones__mutmut_8": _STRICT,
    "geo.files.x_write_atomic__mutmut_19": "a temporary file named .TMP instead of .tmp",
    "geo.files.x_read_vector__mutmut_30": "geopandas' default engine is pyogrio",
    "geo.cache.x_read_json__mutmut_2": "the default encoding is UTF-8 where geo is tested (a UTF-8 locale)",
    "geo.cache.x_read_json__mutmut_5": "UTF-8 in capitals names the same codec",
    "geo.topology.x__junction_masks__mutmut_34": ">= where both neighbours are one point: swapping changes nothing",
    "geo.topology.x__simplify__mutmut_18": "preserve_topology=None is as false as False",
    "geo.zones.x__polygons__mutmut_3": "every part is a polygon where it is called (regions, coverage unions of faces)",
    "geo.zones.x__is_sliver__mutmut_23": ">= instead of > 1 m of shared edge: float lengths are never exactly 1 m",
    "geo.zones.x__is_sliver__mutmut_42": "an inscribed circle found to 101 m instead of 100 m, against a 2 km limit",
    "geo.zones.x__faces_by_zone__mutmut_26": "a box 1 m larger around the regions",
    "geo.zones.x_split__mutmut_4": "EPSG:4327 is WGS 84 too (3D): the same longitudes and latitudes",
    "geo.zones.x_line_of_control__mutmut_3": "EPSG:4327 is WGS 84 too (3D): the same longitudes and latitudes",
    "geo.zones.x_line_of_control__mutmut_24": "EPSG:4327 is WGS 84 too (3D): the same longitudes and latitudes",
    "geo.gis.x__write_layers__mutmut_10": "GDAL tells FlatGeobuf by its ending in any case (.FGB is written the same)",
    "geo.build.x__build_natural_earth__mutmut_20": _STRICT,
    "geo.build.x__build_natural_earth__mutmut_70": _STRICT,
    "geo.staticmap.x__draw__mutmut_20": "EPSG:4327 is WGS 84 too (3D): the same longitudes and latitudes",
    "geo.staticmap.x__place_labels__mutmut_50": _STRICT,
    "geo.staticmap.x__draw__mutmut_40": "the axes are off, so their face colour is never drawn (dead code: removed)",
    "geo.staticmap.x__place_labels__mutmut_140": "< instead of <= between a label's and the frame's edges, in float "
    "pixels: never equal",
    "geo.build.x__open_sea__mutmut_40": "the land box's southern edge moved 2° within the Black Sea, 150 km "
    "from the one estuary the closing fills (the sea file is byte for byte the same)",
    "geo.build.x__local__mutmut_10": "the cache's name for a downloaded source: any name stores the same bytes",
    "geo.zones.x_line_of_control__mutmut_30": "EPSG:4327 is WGS 84 too (3D): the same longitudes and latitudes",
    "geo.bands.x__owners__mutmut_20": "a face inside zone 0 looked at again: zone 0 holds all of it and keeps it",
    "geo.history.x__same__mutmut_20": "zip(strict=True) after the parts' lists compared equal: equal lengths",
    "geo.webdata.x_encode__mutmut_60": _STRICT + " (bands_of gives one band per zone)",
    "geo.webmap.x_page_values__mutmut_160": "every zone geo encodes has a population: the default is never read",
    "geo.webmap.x__custom_statuses__mutmut_20": _STRICT + " (one key per status of the vocabulary)",
    "geo.places.x_story_first__mutmut_20": "a labelled town looked up again among all towns: the same kind, names "
    "and place",
    "geo.files.x_read_vector__mutmut_20": "a warnings filter's message pattern ignores case",
    "geo.places.x_labels__mutmut_60": _STRICT + " (one centre computed per region chosen)",
}


def configured() -> list[str]:
    """The modules pyproject.toml's ``[tool.mutmut]`` mutates."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    return [Path(path).stem for path in config["only_mutate"]]


def results() -> dict[str, str]:
    """mutant name -> mutmut's verdict in the last run (killed mutants included), for the modules
    pyproject.toml names (mutmut keeps the verdicts of modules dropped from the list)."""
    modules = set(configured())
    out = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True)
    found = {}
    for line in out.stdout.splitlines():
        name, _, verdict = line.strip().rpartition(": ")
        if name and _module(name).removeprefix("geo.") in modules:
            found[name] = verdict
    return found


def _last_digits(one_in: int) -> str:
    """The mutants' last digits that pick one in ``one_in`` (mutmut numbers each function's mutants from 1), as
    an fnmatch pattern: a glob mutmut takes before its mutants exist, so a fresh mutants/ can be sampled."""
    if one_in == 1:
        return ""
    if one_in <= 10:
        return "[" + "".join(str(digit) for digit in range(0, 10, one_in)) + "]"
    return _last_digits(one_in // 10) + "0"  # 20: [02468]0, 50: [05]0


def _module(name: str) -> str:
    return re.sub(r"\.x.*$", "", name)


def report(found: dict[str, str]) -> float:
    """Print the score per module and the survivors; return the lowest module's score in percent."""
    by_module: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    survivors = []
    for name, verdict in sorted(found.items()):
        module = _module(name)
        if verdict == "not checked":
            by_module[module]["unchecked"] += 1
            continue
        caught = verdict in ("killed", "timeout") or name in EQUIVALENT  # a mutant that hangs is noticed too
        by_module[module]["caught" if caught else "missed"] += 1
        if not caught:
            survivors.append(f"  {name}: {verdict}")
    total = collections.Counter()
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        print(f"{module:16} {_score(counts):6.1f}%  ({_tested(counts)})")
    print(f"{'all':16} {_score(total):6.1f}%  ({_tested(total)}; {len(EQUIVALENT)} known equivalent)")
    if survivors:
        print("survivors (`mutmut show NAME` shows the change):", *survivors, sep="\n")
    return min((_score(counts) for counts in by_module.values() if _tested_count(counts)), default=100.0)


def _score(counts: collections.Counter) -> float:
    return 100 * counts["caught"] / max(_tested_count(counts), 1)


def _tested_count(counts: collections.Counter) -> int:
    return counts["caught"] + counts["missed"]


def _tested(counts: collections.Counter) -> str:
    tested = _tested_count(counts)
    return f"{counts['caught']} of {tested} caught" + (
        f", {counts['unchecked']} not tested" if counts["unchecked"] else ""
    )


# The page's scripts, styles and templates have no mutation tool here: these bugs are seeded by hand, one at a
# time, into a copy of the project, and the browser tests named must fail on each (``--page``).
# (name, file under geo/templates or geo/locales, text, its replacement, tests: pytest node ids or -k)
PAGE_MUTANTS = [
    (
        "web map in Web Mercator",
        "page.html",
        "{% if conic %}, crs: geoConic({{ conic|tojson }}){% endif %}",
        "",
        "tests/test_publication.py",
        "equal_ground",
    ),
    (
        "a wrong cone constant",
        "crs.js",
        "n = (s1 + Math.sin(p.lat_2 * rad)) / 2",
        "n = (s1 + Math.sin(p.lat_2 * rad)) / 2.05",
        "tests/test_publication.py",
        "albers",
    ),
    (
        "wide margins on a phone",
        "layers.js",
        "var topLeft = [4, 8], bottomRight = [4, 8];",
        "var topLeft = [24, 24], bottomRight = [24, 24];",
        "tests/test_publication.py",
        "phone_ukraine",
    ),
    (
        "details panel ignores edits",
        "layers.js",
        "if (detailed === i) { detail(i); }",
        "",
        "tests/test_publication.py",
        "details_panel",
    ),
    (
        "skip link never shown",
        "page_head.html",
        ".geo-skip:focus { top: 8px; }",
        "",
        "tests/test_publication.py",
        "skip_link",
    ),
    (
        "the behaviours in one script element",
        "page.html",
        "{% for name in scripts %}<script>\n{% include name %}</script>\n{% endfor -%}",
        "<script>\n{% for name in scripts %}{% include name %}\n{% endfor -%}\n</script>",
        "tests/test_browser.py",
        "fails_leaves",
    ),
    (
        "an edit asked for but never applied",
        "layers.js",
        'map.on("geo:edit", function (event) { view.edits[view.scenario] = event.edits; show(view.scenario); });',
        "",
        "tests/test_editor.py",
        "restyles",
    ),
    (
        "a date's figures ignored",
        "layers.js",
        "view.date = event.index; view.figures = event.figures;",
        "view.date = event.index;",
        "tests/test_timeline.py",
        "follow_the_date",
    ),
    ("formula cells not quoted", "getdata.js", 'text = "\'" + text;', "", "tests/test_publication.py", "quotes"),
    (
        "edits not marked in the data",
        "getdata.js",
        'edits[z] === undefined ? "no" : "yes"',
        '"no"',
        "tests/test_publication.py",
        "behind",
    ),
    (
        "zones not named for screen readers",
        "layers.js",
        'path.getElement().setAttribute("aria-label", data.names[i] + ": " + data.statusText[status]);',
        "",
        "tests/test_browser.py",
        "keyboard_users",
    ),
    (
        "the address forgets the date",
        "layers.js",
        'if (dateShown()) { params.set("date", dateShown()); }',
        "",
        "tests/test_timeline.py",
        "link_opens",
    ),
    (
        "a link's date ignored",
        "timeline.js",
        'slider.value = dateIndex(geo.asked.get("date") || data.layers[geo.view.scenario].scenario.date);',
        "slider.value = dateIndex(data.layers[geo.view.scenario].scenario.date);",
        "tests/test_timeline.py",
        "link_opens or opens_on",
    ),
    (
        "inner edges stroked",
        "dated.js",
        "net[a] = (net[a] || 0) + (id < 0 ? -1 : 1);",
        "net[a] = (net[a] || 0) + 1;",
        "tests/test_timeline.py",
        "stroked_along",
    ),
    (
        "a blurred halo",
        "page_head.html",
        "text-shadow: 1px 0 #fff, -1px 0 #fff,",
        "text-shadow: 0 0 2px #fff, 0 0 2px #fff,",
        "tests/test_labels.py",
        "halo",
    ),
    (
        "names over small zones",
        "labels.js",
        "if (r.width && r.width < 48 && r.height < 48) {",
        "if (false) {",
        "tests/test_labels.py",
        "hides",
    ),
    (
        "sea names on land",
        "labels.js",
        "(!label.sea || !seas || onSea(tried))",
        "true",
        "tests/test_labels.py",
        "lies_on",
    ),
    (
        "DEL written raw into TOML",
        "editor.js",
        '.replace(/\\u007f/g, "\\\\u007F")',
        "",
        "tests/test_editor.py",
        "escapes_what_toml_forbids",
    ),
    (
        "an edit link not restored",
        "editor.js",
        "if (!found) { return; }",
        "return;",
        "tests/test_editor.py",
        "link_restores",
    ),
    (
        "the frame never told the height",
        "embed.js",
        'window.parent.postMessage({type: "geo-height", height: height}, "*");',
        "",
        "tests/test_browser.py",
        "sizes_its_frame",
    ),
    (
        "the wheel captured in a scrolling page",
        "gestures.js",
        "if (!(window.parent !== window || geo.stacked)) { return; }",
        "return;",
        "tests/test_browser.py",
        "wheel_scrolls",
    ),
    (
        "miles on the Ukrainian scale",
        "../locales/uk.toml",
        "imperial = false",
        "imperial = true",
        "tests/test_publication.py",
        "ukrainian_page",
    ),
]


def _fixtures_env() -> dict[str, str]:
    """The environment with the tests' real third-party data named, so that a copy of the project (mutmut's
    mutants/, the page mutants' folder) finds them beside this one."""
    env = dict(os.environ)
    env.setdefault("GEO_FIXTURES", str(ROOT.parent / "shared" / "fixtures"))
    env.setdefault("GEO_NATURAL_EARTH", str(ROOT / ".cache" / "natural-earth" / "package" / "data" / "build.json"))
    return env


def page_mutants() -> int:
    """Seed each of PAGE_MUTANTS into a copy of the project and run the tests named: each must fail."""
    import shutil
    import tempfile

    copy = Path(tempfile.mkdtemp(prefix="geo-page-mutants-")) / "geo-project"
    ignored = shutil.ignore_patterns(".git", ".venv", ".cache", "mutants", "__pycache__", "*.png")
    shutil.copytree(ROOT, copy, ignore=ignored)
    env = _fixtures_env()
    env.setdefault("GEO_AXE", str(ROOT / ".cache" / "axe" / "package" / "axe.min.js"))
    missed = []
    for name, where, text, replacement, tests, selector in PAGE_MUTANTS:
        path = copy / "geo" / "templates" / where
        original = path.read_text(encoding="utf-8")
        if original.count(text) != 1:
            print(f"{name}: its text is no longer in {where} exactly once; update PAGE_MUTANTS", file=sys.stderr)
            return 1
        path.write_text(original.replace(text, replacement), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", tests, "-k", selector],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        path.write_text(original, encoding="utf-8")
        caught = run.returncode == 1  # failed tests; 5 (none selected) or 2 (an error) is not a catch
        print(f"{'caught' if caught else 'MISSED'}  {name}  ({tests} -k {selector!r})")
        if not caught:
            missed.append(name)
    shutil.rmtree(copy.parent)
    print(f"page's scripts: {len(PAGE_MUTANTS) - len(missed)} of {len(PAGE_MUTANTS)} seeded bugs caught")
    return 1 if missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="report the last run without running again")
    parser.add_argument("--page", action="store_true", help="run the page's hand-seeded bugs (PAGE_MUTANTS) instead")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="mutants tested at once")
    parser.add_argument(
        "--sample",
        type=int,
        default=1,
        choices=(1, 2, 5, 10, 20, 50),
        metavar="N",
        help="test one mutant in N (1, 2, 5, 10, 20 or 50), those whose number ends in the same digits every time, "
        "tested again even if tested before; the score is then over the mutants tested",
    )
    parser.add_argument("modules", nargs="*", help="only these modules (zones, stats, ...); default: all configured")
    args = parser.parse_args()
    if args.page:
        return page_mutants()
    if not MUTMUT.exists():
        print("mutmut is not installed: .venv/bin/pip install mutmut==3.8.1", file=sys.stderr)
        return 1
    if not args.report:
        env = _fixtures_env()
        # No names: mutmut tests every mutant without a verdict yet, and resumes where a run stopped.
        chosen = (
            []
            if args.sample == 1 and not args.modules
            else [f"geo.{module}.*__mutmut_*{_last_digits(args.sample)}" for module in args.modules or configured()]
        )
        subprocess.run([MUTMUT, "run", "--max-children", str(args.jobs), *chosen], cwd=ROOT, env=env, check=False)
    return 0 if report(results()) >= 90 else 1


if __name__ == "__main__":
    sys.exit(main())
