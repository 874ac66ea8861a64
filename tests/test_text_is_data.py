"""User text is data: template syntax, mathtext and JavaScript template literals in every field a
scenario sets show literally in every output (CLI HTML, Python API HTML, PNG, SVG), and nothing runs.

branca (under folium) compiles what a MacroElement returns as a new Jinja template, and matplotlib
reads ``$...$`` as mathtext; both once turned a scenario title into code or formulas."""

import xml.etree.ElementTree as ET

import matplotlib.image
import pytest

import geo
from geo.cli import main

# Each would change, vanish or crash if compiled: Jinja expressions and statements, a raw block,
# a JavaScript template literal, mathtext (one of which mathtext cannot even parse).
TEXTS = {
    "title": "T {{ 7*7 }} {% if true %}if{% endif %} $\\notamacro{$",
    "source": "S {% raw %}raw{% endraw %} ${6*6}",
    "credit": "C {{ self.__init__.__globals__ }} $x^2$",
    "label": "L $\\alpha$ {{ 8*8 }}",
    "description": "D $\\notamacro{$ {#comment#}",
    "note": "N {{ 9*9 }} `${5*5}`",
}


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "templated.toml"
    path.write_text(
        f'id = "templated"\ntitle = {toml_string(TEXTS["title"])}\nsource = {toml_string(TEXTS["source"])}\n'
        f"credit = {toml_string(TEXTS['credit'])}\n"
        f"[statuses.odd]\nlabel = {toml_string(TEXTS['label'])}\n"
        f'description = {toml_string(TEXTS["description"])}\ncolour = "#123456"\n'
        f'[[rules]]\nregions = ["Odesa", "Kharkiv"]\nstatus = "odd"\nnote = {toml_string(TEXTS["note"])}\n',
        encoding="utf-8",
    )
    return path


def shown(text: str) -> str:
    """What a reader sees: the text, with HTML escaping undone."""
    import html

    return html.unescape(text)


def test_the_api_html_keeps_every_field_literal(scenario_file, tmp_path):
    scenario = geo.load_scenario(scenario_file)
    tagged = geo.tag(geo.split(geo.load_boundaries()), scenario)
    path = tmp_path / "api.html"
    geo.save(geo.render(tagged, scenario, context=geo.load_context()), path)
    page = shown(path.read_text(encoding="utf-8"))
    for field, text in TEXTS.items():
        assert text in page, field
    for evaluated in ("T 49", "if if", "L $\\alpha$ 64", "N 81"):
        assert evaluated not in page


def test_the_cli_html_keeps_every_field_literal(scenario_file, tmp_path):
    out = tmp_path / "cli.html"
    assert main(["render", "--scenario", str(scenario_file), "--control", "none", "--out", str(out)]) == 0
    page = shown(out.read_text(encoding="utf-8"))
    for field, text in TEXTS.items():
        assert text in page, field


def test_svg_prints_dollars_and_braces_as_they_are(scenario_file, tmp_path):
    out = tmp_path / "map.svg"
    assert (
        main(["render", "--scenario", str(scenario_file), "--control", "none", "--format", "svg", "--out", str(out)])
        == 0
    )
    texts = " ".join(t.text for t in ET.parse(out).iter("{http://www.w3.org/2000/svg}text") if t.text)
    for field in ("title", "label", "credit"):
        assert TEXTS[field] in texts, field


def test_png_draws_a_title_mathtext_cannot_parse(scenario_file, tmp_path):
    out = tmp_path / "map.png"
    assert (
        main(["render", "--scenario", str(scenario_file), "--control", "none", "--format", "png", "--out", str(out)])
        == 0
    )
    assert matplotlib.image.imread(out).shape[:2] == (1100, 1600)


@pytest.mark.browser
def test_chromium_shows_the_api_page_text_literally(scenario_file, tmp_path, browser):
    scenario = geo.load_scenario(scenario_file)
    tagged = geo.tag(geo.split(geo.load_boundaries()), scenario)
    path = tmp_path / "api.html"
    geo.save(geo.render(tagged, scenario, context=geo.load_context()), path)
    page = browser.new_context(offline=True).new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    assert page.locator("h1").inner_text() == TEXTS["title"]
    assert TEXTS["label"] in page.locator(".geo-legend").inner_text()
    credits = page.locator(".leaflet-control-attribution").inner_text()
    assert TEXTS["source"] in credits and TEXTS["credit"] in credits
    assert errors == []
    page.context.close()
