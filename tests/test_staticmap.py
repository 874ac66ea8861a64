import xml.etree.ElementTree as ET

import matplotlib.image
import pytest

from geo import staticmap
from geo.boundaries import load_context
from geo.cli import main
from geo.pipeline import prepare
from tests.conftest import DEEPSTATE_20251120

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def plan():
    if not DEEPSTATE_20251120.is_file():
        pytest.skip(f"real control layer fixture absent: {DEEPSTATE_20251120}")
    return prepare("plan-28", control=str(DEEPSTATE_20251120))


def svg_text(path):
    return [t.text for t in ET.parse(path).iter(f"{SVG}text") if t.text]


def test_png_and_svg_carry_the_same_legend_title_and_credits(plan, tmp_path):
    figure = staticmap.draw(plan.zones, plan.scenario, context=load_context(), control=plan.control)
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    statuses = plan.scenario.statuses
    assert legend == [statuses[k].label for k in plan.scenario.used_statuses] + ["Line of control (2025-11-20)"]
    staticmap.save(figure, tmp_path / "map.png", "png")
    staticmap.save(figure, tmp_path / "map.svg", "svg")
    texts = svg_text(tmp_path / "map.svg")
    assert all(label in texts for label in legend)
    assert plan.scenario.title in texts and any("DeepStateMap" in t for t in texts)
    assert matplotlib.image.imread(tmp_path / "map.png").shape[:2] == (1100, 1600)


def test_size_and_dpi_set_the_pixels(plan, tmp_path):
    figure = staticmap.draw(plan.zones, plan.scenario, size=(800, 600), dpi=100)
    staticmap.save(figure, tmp_path / "card.png", "png")
    assert matplotlib.image.imread(tmp_path / "card.png").shape[:2] == (600, 800)


def test_svg_keeps_hostile_text_as_text(tmp_path):
    scenario = tmp_path / "hostile.toml"
    scenario.write_text('id = "h"\ntitle = "<script>alert(1)</script> & co"\n', encoding="utf-8")
    prepared = prepare(str(scenario), control="none")
    staticmap.save(staticmap.draw(prepared.zones, prepared.scenario), tmp_path / "h.svg", "svg")
    assert "<script>alert(1)</script> & co" in svg_text(tmp_path / "h.svg")  # parsed back as text, not markup


def test_command_writes_png_and_svg(capsys, tmp_path):
    for fmt in ("png", "svg"):
        out = tmp_path / f"map.{fmt}"
        assert main(["render", "--control", "none", "--format", fmt, "--size", "640x480", "--out", str(out)]) == 0
        assert out.stat().st_size > 10_000 and capsys.readouterr().out.startswith(f"{out}: ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "png", "--scenario", "plan-28", "--scenario", "ceasefire-in-place"], "one scenario"),
        (["--format", "png", "--size", "big"], "is not WIDTHxHEIGHT"),
    ],
)
def test_bad_static_requests_are_one_line_errors(capsys, tmp_path, argv, message):
    try:
        code = main(["render", "--control", "none", *argv, "--out", str(tmp_path / "m.png")])
    except SystemExit as usage:  # argparse rejects --size before anything runs
        code = usage.code
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1 and not (tmp_path / "m.png").exists()
