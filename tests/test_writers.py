"""The registry of writers: the command line offers what it lists, and a format is a module plus a line."""

import io
import re
import sys
import types

import pytest

import geo
from geo import writers
from geo.cli import main

COMMANDS = {"render": "map", "chart": "chart", "export": "gis", "stats": "table", "places": "table"}


@pytest.mark.parametrize(("command", "kind"), COMMANDS.items())
def test_each_command_offers_the_formats_the_registry_lists(capsys, command, kind):
    with pytest.raises(SystemExit):
        main([command, "--format", "nonesuch", *(["--out", "x"] if command == "export" else [])])
    offered = re.search(r"choose from ([^)]*)\)", capsys.readouterr().err).group(1)
    assert re.findall(r"'?([a-z]+)'?", offered) == list(writers.formats(kind))


def test_a_new_format_is_one_module_and_one_registry_line(monkeypatch, tmp_path, capsys):
    """What a contributor adding a format does: the command line takes it, the run reaches it."""
    module = types.ModuleType("geo_test_writer")

    def write(series, path, file_format, **options):
        path.write_text(f"{file_format} {series[0].scenario.id} {series[0].found.date} {options['lang']}")
        return writers.Written([path], path.stat().st_size, [series[0].found.date])

    module.write = write
    monkeypatch.setitem(sys.modules, "geo_test_writer", module)
    monkeypatch.setitem(writers.WRITERS, "map", {**writers.WRITERS["map"], "txt": "geo_test_writer"})
    out = tmp_path / "map.txt"
    assert main(["render", "--offline", "--format", "txt", "--lang", "uk", "--out", str(out)]) == 0
    assert out.read_text() == "txt plan-28 2025-11-20 uk"
    assert capsys.readouterr().out.startswith(f"{out}: 0 KB")


def test_the_registry_writes_what_the_command_writes(tmp_path, capsys):
    """`geo render` is the registry's map writer over `geo.run`: from Python the same bytes."""
    command, api = tmp_path / "command.html", tmp_path / "api.html"
    assert main(["render", "--offline", "--out", str(command)]) == 0
    written = writers.write("map", "html", geo.run("plan-28"), api)
    assert api.read_bytes() == command.read_bytes()
    assert written.size == len(command.read_bytes()) and written.dates == ["2025-11-20"]
    assert len({zone[0] for zone in written.zones}) == 27 and written.line


def test_a_table_report_is_written_in_each_table_format(capsys):
    stream = {name: io.StringIO() for name in writers.formats("table")}
    report = geo.run("plan-28")
    from geo.reports import places_report

    places = places_report(report.compute())
    for name, out in stream.items():
        writers.write("table", name, places, out)
    assert stream["csv"].getvalue().splitlines()[0] == ",".join(places.columns)
    assert stream["json"].getvalue().startswith('[\n {\n  "name": "Kyiv"')
    assert stream["table"].getvalue().splitlines()[1].split()[0] == "Kyiv"
    assert stream["table"].getvalue().rstrip("\n").endswith("not today's residents.")
