"""The bad-input catalogue, end to end: each case is one line on stderr and exit 1 from the
command, a specific exception type from the code under it, and an existing map left as it was."""

import errno
import json
import os
import stat

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


def fifo(name: str):
    def make(folder):
        path = folder / name
        os.mkfifo(path)
        return str(path)

    return make


def extends_chain(length: int):
    """Scenario files each extending the next: s0.toml -> s1.toml -> ... -> plan-28."""

    def make(folder):
        for i in range(length):
            parent = f"s{i + 1}.toml" if i + 1 < length else "plan-28"
            (folder / f"s{i}.toml").write_text(f'extends = "{parent}"\nid = "s{i}"\n', encoding="utf-8")
        return str(folder / "s0.toml")

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
    "control layer far from Ukraine": (
        "--control",
        file_with("c.geojson", feature_collection(square({}, west=2, south=48))),
        ControlError,
        "does not lie where Ukraine is",
    ),
    "control layer near Ukraine but not on it": (
        "--control",
        file_with("c.geojson", feature_collection(square({}, west=22, south=44, size=0.5))),
        ControlError,
        "does not overlap any region",
    ),
    "control layer in lat/lon order": (
        "--control",
        file_with("c.geojson", feature_collection(square({}, west=47, south=30))),
        ControlError,
        "coordinates look swapped",
    ),
    "control layer that is a text file": ("--control", file_with("c.txt", "hello\n"), ControlError, "cannot read"),
    "control layer that is a FIFO": ("--control", fifo("c.geojson"), ControlError, "not a regular file"),
    "control layer that is a device": ("--control", lambda folder: "/dev/zero", ControlError, "not a regular file"),
    "boundaries that are a FIFO": ("--boundaries", fifo("b.geojson"), BoundaryError, "not a regular file"),
    "scenario that is a FIFO": ("--scenario", fifo("s.toml"), ScenarioError, "not a regular file"),
    "boundaries outside WGS84's range": (
        "--boundaries",
        file_with("b.geojson", feature_collection(square({"iso": "UA-05"}, west=400))),
        BoundaryError,
        "outside longitude -180..180",
    ),
    "boundaries with NaN coordinates": (
        "--boundaries",
        file_with("b.geojson", feature_collection(square({"iso": "UA-05"})).replace("29.0", "NaN", 1)),
        BoundaryError,
        "not finite numbers",
    ),
    "boundaries in lat/lon order": (
        "--boundaries",
        file_with("b.geojson", feature_collection(square({"iso": "UA-05"}, west=48, south=28))),
        BoundaryError,
        "coordinates look swapped",
    ),
    "boundaries in the Arabian Sea": (
        "--boundaries",
        file_with("b.geojson", feature_collection(square({"iso": "UA-05"}, west=62, south=15))),
        BoundaryError,
        "does not lie where Ukraine is",
    ),
    "colour with a trailing newline": (
        "--scenario",
        file_with("s.toml", 'id = "x"\ntitle = "X"\n[statuses.odd]\nlabel = "Odd"\ncolour = "#123456\\n"\n'),
        ScenarioError,
        "is not #rrggbb",
    ),
    "status key with a trailing newline": (
        "--scenario",
        file_with("s.toml", 'id = "x"\ntitle = "X"\n[statuses."odd\\n"]\nlabel = "Odd"\ncolour = "#123456"\n'),
        ScenarioError,
        "must be lowercase letters",
    ),
    "TOML nested ten thousand deep": (
        "--scenario",
        file_with("s.toml", "a = " + "[" * 10_000 + "]" * 10_000 + "\n"),
        ScenarioError,
        "nested too deeply",
    ),
    "a chain of twenty scenarios": ("--scenario", extends_chain(20), ScenarioError, "'extends' chain is longer than"),
    "ten thousand problems": (
        "--scenario",
        file_with(
            "s.toml", 'id = "x"\ntitle = "X"\n' + '[[rules]]\nregions = ["Narnia"]\nstatus = "frozen"\n' * 10_000
        ),
        ScenarioError,
        "and 9995 more problems",
    ),
    "a title of a million characters": (
        "--scenario",
        file_with("s.toml", 'id = "x"\ntitle = "' + "Long " * 199_000 + '"\n'),
        ScenarioError,
        "'title' is longer than 200 characters",
    ),
    "a status's description of a book": (
        "--scenario",
        file_with(
            "s.toml",
            'id = "x"\ntitle = "X"\n[statuses.odd]\nlabel = "Odd"\ndescription = "' + "Odd. " * 500 + '"\n',
        ),
        ScenarioError,
        "'statuses.odd.description' is longer than 2,000 characters",
    ),
    "ten thousand conflicting band rules": (
        "--scenario",
        file_with(
            "s.toml",
            'id = "x"\ntitle = "X"\n'
            + "".join(
                f'[[rules]]\nregions = "*"\nband_km = 5\nstatus = "{s}"\n' for s in ["frozen", "returned"] * 5_000
            ),
        ),
        ScenarioError,
        "and 4995 more problems",
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
    assert captured.err.count("\n") == 1 and len(captured.err) <= 601
    assert "DRIVER" not in captured.err  # GDAL's advice names its drivers, which geo's options do not
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


def refused_output(tmp_path, argv, capsys) -> str:
    """Run the command, check it refused with one line and exit 1; return the line."""
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("geo: ") and captured.err.count("\n") == 1
    assert [p.name for p in tmp_path.rglob(".*.tmp")] == []
    return captured.err


def character_device(path):
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda p: character_device(p / "null"), "not a regular file"),
        (lambda p: (os.mkfifo(p / "pipe"), p / "pipe")[1], "not a regular file"),
        (lambda p: (os.mkdir(p / "folder"), p / "folder")[1], "is a folder"),
        (
            lambda p: (
                (p / "elsewhere.html").write_text("kept"),
                os.symlink(p / "elsewhere.html", p / "link"),
                p / "link",
            )[2],
            "symbolic link",
        ),
    ],
    ids=["device", "fifo", "folder", "symlink"],
)
@pytest.mark.parametrize("file_format", ["html", "png"])
def test_out_never_replaces_what_is_not_a_regular_file(make, what, file_format, tmp_path, capsys):
    target = make(tmp_path)
    before = os.lstat(target)
    err = refused_output(
        tmp_path, ["render", "--control", "none", "--format", file_format, "--out", str(target)], capsys
    )
    assert str(target) in err and what in err
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    if target.is_symlink():
        assert (tmp_path / "elsewhere.html").read_text() == "kept"


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        (errno.ENOSPC, "no space left"),
        (errno.EROFS, "the file system is read-only"),
        (errno.EACCES, "permission denied"),
    ],
)
def test_a_failed_write_names_the_users_path_and_what_to_do(code, advice, tmp_path, monkeypatch, capsys):
    out = tmp_path / "map.html"
    out.write_text("the map of yesterday", encoding="utf-8")

    replace = os.replace

    def failing_replace(source, target):  # only the map's write fails, not the cache's
        if os.fspath(target) != str(out):
            return replace(source, target)
        raise OSError(code, os.strerror(code), str(source))

    monkeypatch.setattr(os, "replace", failing_replace)
    err = refused_output(tmp_path, ["render", "--control", "none", "--out", str(out)], capsys)
    assert f"cannot write {out}: {advice}" in err and ".tmp" not in err
    assert out.read_text(encoding="utf-8") == "the map of yesterday"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "--boundaries", "b.geojson", "--crs", "EPSG:999999"], "not a known CRS"),
        (["render", "--boundaries", "b.geojson", "--crs", "+proj=nonsense"], "not a known CRS"),
        (["render", "--format", "png", "--dpi", "100000"], "not a resolution from 30 to 600"),
        (["render", "--format", "png", "--dpi", "٣٠٠"], "not a resolution"),  # Arabic-Indic digits
        (["render", "--format", "png", "--size", "8000x8000"], "megapixels"),
        (["render", "--format", "png", "--size", "99999x1000"], "each side must be"),
        (["render", "--format", "png", "--size", "١٠٠٠x١٠٠٠"], "not WIDTHxHEIGHT"),
        (["embed", "map.html", "--aspect", "３:２"], "expected WIDTH:HEIGHT"),  # full-width digits
    ],
)
def test_option_values_are_checked_before_any_work(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    if argv[0] == "embed":
        assert main(["render", "--control", "none", "--out", "map.html"]) == 0
        capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as usage:  # argparse's way out, with our one line
        code = usage.code
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("geo: ") and message in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == (["map.html"] if argv[0] == "embed" else [])


def test_embed_refuses_a_device_instead_of_reading_it_forever(capsys):
    assert main(["embed", "/dev/zero"]) == 1
    assert "/dev/zero: not a regular file" in capsys.readouterr().err


def crs_collection(epsg: int, half: float) -> str:
    """A square of side 2 x ``half`` around the origin of EPSG:``epsg``: the whole world, and more."""
    ring = [[-half, -half], [half, -half], [half, half], [-half, half], [-half, -half]]
    return json.dumps(
        {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{epsg}"}},
            "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}],
        }
    )


@pytest.mark.parametrize(
    "content",
    [
        feature_collection(square({}, west=20, south=43, size=22)),
        feature_collection(square({}, west=0, south=0, size=90)),  # to the North Pole
        crs_collection(4326, 90),  # lon -90..90 and every latitude: through both poles
        crs_collection(3857, 20037508),  # Web Mercator's whole square
        crs_collection(3035, 1e8),  # far past the equal-area projection's world
    ],
    ids=["Ukraine and around", "a hemisphere", "poles", "web mercator world", "equal-area beyond the world"],
)
def test_a_control_layer_covering_all_of_ukraine_is_reported_as_such(tmp_path, capsys, content):
    """However far past Ukraine a layer reaches, it is cut to Ukraine's surroundings before it is projected:
    every region occupied, said so, never "does not overlap" nor a map of Ukraine untouched."""
    path = file_with("all.geojson", content)(tmp_path)
    out = tmp_path / "map.html"
    assert main(["render", "--control", path, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "covers all of Ukraine" in err and "does not overlap" not in err
    assert main(["stats", "--control", path, "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert len(rows) == 27 and all(",occupied," in row for row in rows)
