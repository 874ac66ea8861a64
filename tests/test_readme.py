"""The README's examples run as written."""

import re

import pytest

from geo.scenario import load_scenario
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(language: str, count: int = 1, index: int = 0) -> str:
    found = re.findall(rf"```{language}\n(.*?)```", README, re.S)
    assert len(found) == count, f"expected {count} {language} block(s)"
    return found[index]


def test_python_example_runs_and_writes_a_map(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(block("python"), str(ROOT / "README.md"), "exec"), {})
    assert (tmp_path / "my-map.html").stat().st_size > 100_000
    assert 'name="geo-scenario"' in (tmp_path / "two-scenarios.html").read_text(encoding="utf-8")
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


def test_scenario_example_loads_and_renders(tmp_path, capsys):
    from geo.cli import main

    path = tmp_path / "example.toml"
    path.write_text(block("toml", count=2), encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.assign("UA-23", "occupied")[0] == "returned"
    assert scenario.assign("UA-65", "occupied")[0] == "contested"
    assert scenario.assign("UA-14", "held")[0] == "demilitarised"  # inherited from plan-28
    assert main(["render", "--scenario", str(path), "--control", "none", "--out", str(tmp_path / "m.html")]) == 0
    assert "Left to later talks" in (tmp_path / "m.html").read_text(encoding="utf-8")


def test_band_example_gives_the_figures_the_readme_quotes(tmp_path, capsys):
    """The README's pull-back band on the shipped line: its area per side, zones, regions, towns and people."""
    import csv
    import io

    from geo.cli import main

    path = tmp_path / "pull-back.toml"
    path.write_text(block("toml", count=2, index=1), encoding="utf-8")
    assert main(["stats", "--scenario", str(path), "--offline", "--format", "csv"]) == 0
    bands = [r for r in csv.DictReader(io.StringIO(capsys.readouterr().out)) if float(r["band_km"]) > 0]
    area = {side: sum(float(r["area_km2"]) for r in bands if r["part"] == side) for side in ("held", "occupied")}
    quoted = re.search(
        r"that band is ([\d,]+) km² \(([\d,]+) km² on the side Ukraine holds, ([\d,]+) km²\s+on the other\) in "
        r"(\d+) zones across (\d+) regions, with (\d+) places of 1,000 people or more \(([\d,]+) people",
        README,
    )
    total, held, occupied, zones, regions, towns, people = (int(v.replace(",", "")) for v in quoted.groups())
    assert (round(sum(area.values())), round(area["held"]), round(area["occupied"])) == (total, held, occupied)
    assert (len(bands), len({r["iso"] for r in bands})) == (zones, regions)
    assert (sum(int(r["towns"]) for r in bands), sum(int(r["population"]) for r in bands)) == (towns, people)
    assert {r["status"] for r in bands} == {"demilitarised"}


def test_the_plan_versions_table_is_what_its_command_gives(capsys):
    """Every row of the README's table of versions, from the command it names, in its order."""
    import json

    from geo.cli import main

    section = README[README.index("## Plan versions") : README.index("## Scenario files")]
    command = re.search(r"Produced by\s+`geo (stats .*?)`, totals", section, re.S).group(1).split()
    assert main(command) == 0
    given = [
        (s["scenario"], t["label"], f"{round(t['area_km2']):,}", str(t["towns"]), f"{t['population']:,}")
        for s in json.loads(capsys.readouterr().out)
        for t in s["totals"]
    ]
    rows = re.findall(r"^\| [a-z].*\|$", section, re.M)
    quoted = [tuple(cell.strip() for cell in row.split("|")[1:-1]) for row in rows]
    assert quoted[1:] == given  # the first is the header
    assert {"russia-demand-2026", "geneva-dmz-2026"} <= {row[0] for row in given}


@pytest.mark.parametrize(
    "command", ["geo render", "geo stats", "geo scenarios", "geo boundaries build", "geo control build"]
)
def test_documented_commands_exist(command, capsys):
    from geo.cli import main

    with pytest.raises(SystemExit) as done:
        main([*command.split()[1:], "--help"])
    assert done.value.code == 0 and "usage: geo" in capsys.readouterr().out


def test_public_names_stay_functions_after_their_modules_are_imported():
    import importlib

    import geo

    for module in set(geo._API.values()):
        importlib.import_module(module)  # binds the submodule's name on the package
    for name in geo.__all__:
        assert callable(getattr(geo, name)), name
