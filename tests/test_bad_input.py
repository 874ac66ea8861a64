"""The bad-input catalogue, end to end: each case is one line on stderr and exit 1 from the
command, a specific exception type from the code under it, and an existing map left as it was."""

import json

import pytest

from geo import boundaries, control, scenario
from geo.cli import _parser, main
from geo.errors import BoundaryError, ControlError, ScenarioError


def feature_collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def square(properties: dict, west=28.0, south=48.0, size=1.0) -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def file_with(name: str, content: str | bytes):
    def make(folder):
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return str(path)

    return make


RULE = '[[rules]]\nregions = ["Odesa"]\nstatus = "frozen"\n'
CASES = {
    "truncated TOML": ("--scenario", file_with("cut.toml", 'id = "x"\ntitle = "X'), ScenarioError, "not valid TOML"),
    "unknown region": (
        "--scenario",
        file_with("s.toml", 'id = "x"\ntitle = "X"\n[[rules]]\nregions = ["Narnia"]\nstatus = "frozen"\n'),
        ScenarioError,
        "rule 1: unknown region 'Narnia'",
    ),
    "region listed twice": (
        "--scenario",
        file_with("s.toml", 'id = "x"\ntitle = "X"\n[[rules]]\nregions = ["Odesa", "UA-51"]\nstatus = "frozen"\n'),
        ScenarioError,
        "listed twice",
    ),
    "conflicting rules": (
        "--scenario",
        file_with("s.toml", 'id = "x"\ntitle = "X"\n' + RULE + RULE.replace("frozen", "returned")),
        ScenarioError,
        "rule 2 and rule 1 give UA-51",
    ),
    "unknown status": (
        "--scenario",
        file_with("s.toml", 'id = "x"\ntitle = "X"\n' + RULE.replace("frozen", "annexed")),
        ScenarioError,
        "unknown status 'annexed'",
    ),
    "wrong type": ("--scenario", file_with("s.toml", 'id = "x"\ntitle = 5\n'), ScenarioError, "must be a string"),
    "truncated GeoJSON boundaries": (
        "--boundaries",
        file_with("b.geojson", feature_collection(square({"iso": "UA-05"}))[:60]),
        BoundaryError,
        "cannot read as a boundary file",
    ),
    "corrupt zip boundaries": (
        "--boundaries",
        file_with("b.zip", b"PK\x03\x04 not a zip"),
        BoundaryError,
        "cannot read as a boundary file",
    ),
    "duplicate region in boundaries": (
        "--boundaries",
        file_with("b.geojson", feature_collection(square({"iso": "UA-05"}), square({"iso": "UA-05"}, west=29))),
        BoundaryError,
        "region UA-05 appears more than once",
    ),
    "empty geometry": (
        "--boundaries",
        file_with(
            "b.geojson",
            feature_collection(
                {"type": "Feature", "properties": {"iso": "UA-05"}, "geometry": {"type": "Polygon", "coordinates": []}}
            ),
        ),
        BoundaryError,
        "empty geometry for UA-05",
    ),
    "missing geometry": (
        "--boundaries",
        file_with(
            "b.geojson",
            feature_collection(
                square({"iso": "UA-05"}), {"type": "Feature", "properties": {"iso": "UA-07"}, "geometry": None}
            ),
        ),
        BoundaryError,
        "empty geometry for UA-07",
    ),
    "no Ukrainian units": (
        "--boundaries",
        file_with("b.geojson", feature_collection(square({"iso": "PL-02"}, west=17, south=51))),
        BoundaryError,
        "holds no Ukrainian first-level units",
    ),
    "truncated GeoJSON control layer": (
        "--control",
        file_with("c.geojson", feature_collection(square({}))[:50]),
        ControlError,
        "cannot read as a control layer",
    ),
    "control layer without polygons": (
        "--control",
        file_with("c.geojson", '{"type":"FeatureCollection","features":[]}'),
        ControlError,
        "holds no polygons",
    ),
    "control layer outside Ukraine": (
        "--control",
        file_with("c.geojson", feature_collection(square({}, west=2, south=48))),
        ControlError,
        "does not overlap any region",
    ),
}


@pytest.fixture(params=list(CASES), ids=list(CASES))
def bad_input(request, tmp_path):
    option, make, error, message = CASES[request.param]
    out = tmp_path / "map.html"
    out.write_text("the map of yesterday", encoding="utf-8")
    argv = ["render", option, make(tmp_path), "--out", str(out)]
    if option == "--boundaries":
        argv += ["--code-column", "iso", "--control", "none"]
    return argv, error, message, out


def test_the_command_says_one_line_exits_one_and_leaves_the_old_map(bad_input, capsys):
    argv, _, message, out = bad_input
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("geo: ") and message in captured.err
    assert captured.err.count("\n") == 1
    assert out.read_text(encoding="utf-8") == "the map of yesterday"
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".")) == []  # no temporary file


def test_the_code_under_the_command_raises_a_specific_type(bad_input):
    argv, error, message, _ = bad_input
    args = _parser().parse_args(argv)
    with pytest.raises(error, match=message.replace("(", r"\(")):
        args.run(args)


@pytest.mark.parametrize(
    ("module", "option", "content"),
    [
        (boundaries, "--boundaries", feature_collection(square({"iso": "UA-05"}))),
        (control, "--control", feature_collection(square({}))),
        (scenario, "--scenario", 'id = "x"\ntitle = "X"\n'),
    ],
)
def test_huge_inputs_are_refused_with_the_limit_named(module, option, content, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(module, "MAX_FILE_BYTES", 20)
    path = file_with("big" + (".toml" if option == "--scenario" else ".geojson"), content)(tmp_path)
    out = tmp_path / "map.html"
    argv = ["render", option, path, "--out", str(out)]
    assert main(argv + (["--code-column", "iso"] if option == "--boundaries" else [])) == 1
    err = capsys.readouterr().err
    assert err.startswith("geo: ") and "larger than" in err and err.count("\n") == 1 and not out.exists()


def test_a_property_holding_a_list_loads_without_warnings(tmp_path, recwarn):
    path = file_with("b.geojson", feature_collection(square({"iso": "UA-05", "tags": [1, 2]})))(tmp_path)
    assert list(boundaries.load_boundaries(path, code_column="iso").iso) == ["UA-05"]
    assert control.load_control(path).geometry.area == 1.0
    assert [str(w.message) for w in recwarn] == []
