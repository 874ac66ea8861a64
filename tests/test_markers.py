"""Markers: the points a scenario's text names, validated like every input and drawn the same way by every
output (web map, its text alternative, print, the editor's download; the GIS export in test_gis)."""

import textwrap
import tomllib
import xml.etree.ElementTree as ET

import pytest
import shapely

from geo import locale, webdata, webmap
from geo.cli import main
from geo.errors import ScenarioError
from geo.markers import KINDS, MAX_MARKERS
from geo.pipeline import run
from geo.present import MARKER_SYMBOLS
from geo.scenario import load_scenario
from tests.conftest import script_data

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>{{ 7*7 }} $x^2$"


def scenario_with(tmp_path, markers: str, head: str = 'id = "m"\ntitle = "M"\n'):
    path = tmp_path / "m.toml"
    path.write_text(head + textwrap.dedent(markers), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("markers", "expected"),
    [
        ("[[markers]]\nlat = 47.5\nlon = 34.6\n", "marker 1: 'label' is required"),
        ('[[markers]]\nlat = 47.5\nlon = 34.6\nlabel = " "\n', "marker 1: 'label' is required"),
        ("[[markers]]\nlat = 47.5\nlon = 34.6\nlabel = 5\n", "marker 1: 'label' must be a string"),
        ('[[markers]]\nlat = 47.5\nlabel = "X"\n', "marker 1: 'lat' and 'lon' must be numbers"),
        ('[[markers]]\nlat = "47.5"\nlon = 34.6\nlabel = "X"\n', "'lat' and 'lon' must be numbers"),
        ('[[markers]]\nlat = nan\nlon = 34.6\nlabel = "X"\n', "'lat' and 'lon' must be numbers"),
        ('[[markers]]\nlat = 47.5\nlon = inf\nlabel = "X"\n', "'lat' and 'lon' must be numbers"),
        ('[[markers]]\nlat = true\nlon = 34.6\nlabel = "X"\n', "'lat' and 'lon' must be numbers"),
        ('[[markers]]\nlat = 34.6\nlon = 47.5\nlabel = "X"\n', "34.6, 47.5 is outside the map"),
        ('[[markers]]\nlat = 48.0\nlon = 41.0\nlabel = "X"\n', "48.0, 41.0 is outside the map"),  # each side
        ('[[markers]]\nlat = 48.0\nlon = 21.5\nlabel = "X"\n', "48.0, 21.5 is outside the map"),
        ('[[markers]]\nlat = 53.0\nlon = 30.0\nlabel = "X"\n', "53.0, 30.0 is outside the map"),
        ('[[markers]]\nlat = 47.5\nlon = 34.6\nlabel = "X"\nkind = "tank"\n', "kind 'tank' is not one of plant"),
        ('[[markers]]\nlat = 47.5\nlon = 34.6\nlabel = "X"\nicon = "x"\n', "marker 1: unknown key 'icon'"),
        ('[[markers]]\nlat = 47.5\nlon = 34.6\nlabel = "X"\nlabel_xx = "Y"\n', "unknown key 'label_xx'"),
        ('markers = "here"\n', "'markers' must be an array of [[markers]] tables"),
        ('[[markers]]\nlat = 47.5\nlon = 34.6\nlabel = "X"\n[[markers]]\nlabel = "Y"\n', "marker 2: 'lat'"),
        ('[[markers]]\nlat = 47.5\nlon = 34.6\nlabel = "X"\n' * (MAX_MARKERS + 1), "at most 20"),
    ],
)
def test_a_bad_marker_is_one_line_naming_the_file_and_the_marker(tmp_path, markers, expected):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario_with(tmp_path, markers))
    message = str(caught.value)
    assert message.startswith("m.toml: ") and expected in message and "\n" not in message


def test_the_command_refuses_a_bad_marker_in_one_line(tmp_path, capsys):
    path = scenario_with(tmp_path, '[[markers]]\nlat = 34.6\nlon = 47.5\nlabel = "X"\n')
    assert main(["render", "--scenario", str(path), "--control", "none", "--out", str(tmp_path / "m.html")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lat and lon swapped?" in err and not (tmp_path / "m.html").exists()


def test_a_marker_keeps_its_texts_in_each_language_and_is_inherited_unless_replaced(tmp_path):
    path = scenario_with(
        tmp_path,
        """
        [[markers]]
        lat = 47.5
        lon = 34.6
        label = "  Plant "
        label_uk = "Станція"
        note = " Point 19  "
        note_uk = "  "
        kind = "plant"
        """,
    )
    (marker,) = load_scenario(path).markers
    assert (marker.lat, marker.lon, marker.kind) == (47.5, 34.6, "plant")
    assert (marker.label, marker.note) == ("Plant", "Point 19")
    assert marker.text("label", "uk") == "Станція" and marker.text("note", "uk") == "Point 19"  # English if blank
    child = tmp_path / "child.toml"
    child.write_text(f'id = "c"\ntitle = "C"\nextends = "{path}"\n', encoding="utf-8")
    assert load_scenario(child).markers == (marker,)
    child.write_text(f'id = "c"\ntitle = "C"\nextends = "{path}"\nmarkers = []\n', encoding="utf-8")
    assert load_scenario(child).markers == ()


def test_every_kind_has_a_symbol_and_a_name_in_every_language():
    assert set(MARKER_SYMBOLS) == set(KINDS)
    for lang in locale.available():
        assert all(locale.text(lang, "markers", kind).strip() for kind in KINDS), lang
    assert len({locale.text("en", "markers", kind) for kind in KINDS}) == len(KINDS)  # told apart in the legend


@pytest.mark.parametrize(
    ("scenario", "label", "iso", "part"),
    [
        ("plan-28", "Zaporizhzhia nuclear power plant", "UA-23", "occupied"),
        ("plan-20", "Enerhodar", "UA-23", "occupied"),
        ("e3-counter", "Kinburn Spit", "UA-48", "occupied"),
    ],
)
def test_the_built_in_markers_stand_where_the_places_are(scenario, label, iso, part):
    """Held since 2022 by Russian forces (IAEA and press reports), each place falls in the occupied part of
    its region on the shipped line of 2025-11-20: a marker off by a swapped or mistyped degree would not."""
    result = run(scenario, offline=True).compute(zones=True)[0]
    (marker,) = [m for m in result.scenario.markers if m.label.startswith(label)]
    assert marker.note and marker.text("label", "uk") != marker.label  # the clause it refers to; in Ukrainian
    zones = result.zones
    inside = zones[zones.geometry.contains(shapely.Point(marker.lon, marker.lat))]
    assert list(zip(inside["iso"], inside["part"], strict=True)) == [(iso, part)]


def test_the_page_draws_each_scenarios_markers_lists_them_and_keeps_text_as_text(tmp_path):
    path = scenario_with(
        tmp_path,
        f"""
        [[markers]]
        lat = 47.51
        lon = 34.58
        label = {HOSTILE!r}
        note = {HOSTILE!r}
        kind = "dam"
        """.replace("'", '"'),
        head='id = "m"\ntitle = "M"\nextends = "plan-28"\n',
    )
    data = webdata.encode(run("plan-28", control="none").compute(zones=True)[0].zones)
    html = webmap.page(data, [load_scenario("plan-28"), load_scenario(path)])
    shown = script_data(html)
    (plant,) = shown["layers"][0]["scenario"]["markers"]  # read by the page, and by the editor's download
    assert plant == load_scenario("plan-28").markers[0].as_toml() and plant["kind"] == "plant"
    assert shown["layers"][1]["scenario"]["markers"] == [
        {"lat": 47.51, "lon": 34.58, "label": HOSTILE, "kind": "dam", "note": HOSTILE}
    ]
    assert sorted(shown["markers"]) == ["dam", "plant"] and shown["markers"]["dam"][0] == "Dam"
    # The text alternative lists them per scenario; the legend names the kinds of the scenario shown.
    assert "<li>Zaporizhzhia nuclear power plant: " in html
    assert '<li data-geo-marker-kind="dam" hidden>' in html and '<li data-geo-marker-kind="plant">' in html
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert html.count("</script>") == html.count("<script")
    assert "&lt;img src=x onerror=alert(2)&gt;{{ 7*7 }}" in html  # the text itself kept, as text


def test_print_draws_the_marker_its_label_and_its_kind_in_the_legend_as_text(tmp_path):
    out = tmp_path / "map.svg"
    assert main(["render", "--offline", "--format", "svg", "--out", str(out)]) == 0
    texts = " ".join(t.text for t in ET.parse(out).iter("{http://www.w3.org/2000/svg}text") if t.text)
    assert "Zaporizhzhia nuclear power plant" in texts and "Power plant" in texts
    out = tmp_path / "uk.svg"
    assert main(["render", "--offline", "--format", "svg", "--lang", "uk", "--out", str(out)]) == 0
    texts = " ".join(t.text for t in ET.parse(out).iter("{http://www.w3.org/2000/svg}text") if t.text)
    marker = load_scenario("plan-28").markers[0]
    assert marker.text("label", "uk") in texts and locale.text("uk", "markers", "plant") in texts


def test_a_marker_label_is_never_mathtext_on_print(tmp_path):
    path = scenario_with(tmp_path, '[[markers]]\nlat = 47.5\nlon = 34.6\nlabel = "$\\\\notamacro{$"\n')
    out = tmp_path / "map.svg"
    assert main(["render", "--scenario", str(path), "--control", "none", "--format", "svg", "--out", str(out)]) == 0
    texts = [t.text for t in ET.parse(out).iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert "$\\notamacro{$" in texts


def test_markers_round_trip_through_the_file_format_the_editor_writes(tmp_path):
    """What the editor's download writes for a marker (its ``as_toml``) reads back as the same marker."""
    original = load_scenario("e3-counter").markers
    lines = ['id = "x"', 'title = "X"']
    for marker in original:
        lines.append("[[markers]]")
        lines += [f"{key} = {value!r}".replace("'", '"') for key, value in marker.as_toml().items()]
    path = tmp_path / "x.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["markers"][0]["kind"] == original[0].kind
    assert load_scenario(path).markers == original
