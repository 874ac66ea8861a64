"""The README's examples run as written."""

import re

import pytest

from geo.scenario import load_scenario
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(language: str) -> str:
    found = re.findall(rf"```{language}\n(.*?)```", README, re.S)
    assert len(found) == 1, f"expected one {language} block"
    return found[0]


def test_python_example_runs_and_writes_a_map(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(block("python"), str(ROOT / "README.md"), "exec"), {})
    assert (tmp_path / "my-map.html").stat().st_size > 100_000
    assert 'name="geo-scenario"' in (tmp_path / "two-scenarios.html").read_text(encoding="utf-8")


def test_scenario_example_loads_and_renders(tmp_path, capsys):
    from geo.cli import main

    path = tmp_path / "example.toml"
    path.write_text(block("toml"), encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.assign("UA-23", "occupied")[0] == "returned"
    assert scenario.assign("UA-65", "occupied")[0] == "contested"
    assert scenario.assign("UA-14", "held")[0] == "demilitarised"  # inherited from plan-28
    assert main(["render", "--scenario", str(path), "--control", "none", "--out", str(tmp_path / "m.html")]) == 0
    assert "Left to later talks" in (tmp_path / "m.html").read_text(encoding="utf-8")


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
