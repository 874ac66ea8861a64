import html
import re
import shutil
from urllib.parse import unquote, urlsplit

import pytest

from geo.cli import main
from geo.embed import iframe
from geo.errors import GeoError
from tests.conftest import ROOT

PLAN_MAP = ROOT / "maps" / "plan-28.html"


def test_snippet_is_a_titled_iframe_that_keeps_its_ratio_until_the_map_reports_its_height():
    snippet = iframe(PLAN_MAP, src="https://example.org/maps/plan-28.html", aspect="4:3")
    assert snippet.startswith('<iframe src="https://example.org/maps/plan-28.html"')
    assert 'title="The 28-point plan: what it says about territory"' in snippet
    assert 'loading="lazy"' in snippet and "width:100%;aspect-ratio:4 / 3" in snippet
    assert snippet.count("<script>") == 1 and '"geo-height"' in snippet and "src=" not in snippet.split("<script>")[1]


def test_snippet_defaults_to_the_file_name_and_three_by_two():
    snippet = iframe(PLAN_MAP)
    assert 'src="plan-28.html"' in snippet and "aspect-ratio:3 / 2" in snippet


def test_title_and_address_are_escaped_for_the_attribute(tmp_path):
    page = tmp_path / "map.html"
    page.write_text('<title>A &quot;quoted&quot; &lt;b&gt;title</title><div id="map_ukraine"></div>', encoding="utf-8")
    snippet = iframe(page, src='x"onload="alert(1)')
    assert 'title="A &#34;quoted&#34; &lt;b&gt;title"' in snippet
    assert 'src="x&#34;onload=&#34;alert(1)"' in snippet


@pytest.mark.parametrize(
    ("content", "aspect", "message"),
    [
        ("<html><title>x</title></html>", "3:2", "not a map written by geo render"),
        (None, "3:2", "no such file"),
        ('<title>x</title><div id="map_ukraine">', "wide", "expected WIDTH:HEIGHT"),
        ('<title>x</title><div id="map_ukraine">', "3:0", "expected WIDTH:HEIGHT"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path, content, aspect, message):
    page = tmp_path / "page.html"
    if content is not None:
        page.write_text(content, encoding="utf-8")
    with pytest.raises(GeoError, match=message):
        iframe(page, aspect=aspect)


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>1</script>",
        "file:///etc/passwd",
        "vbscript:x",
    ],
)
def test_addresses_that_would_run_script_in_the_article_are_refused(src):
    with pytest.raises(GeoError, match=r"give an http\(s\) address, or a path relative to the article|no spaces"):
        iframe(PLAN_MAP, src=src)


@pytest.mark.parametrize(
    "src", ["jav\x0bascript:x", "\x01javascript:x", "https://a.example/map .html", "map\u2028.html"]
)
def test_an_address_with_spaces_or_control_characters_is_refused(src):
    """Browsers drop some of them (a leading one, a tab) and keep others: none is emitted at all."""
    with pytest.raises(GeoError, match="an address has no spaces or control characters"):
        iframe(PLAN_MAP, src=src)


@pytest.mark.parametrize("name", ["javascript:alert(1).html", "a#b.html", "a?b.html", "100%.html", "my map.html"])
def test_a_maps_own_file_name_is_one_relative_address_to_that_file(tmp_path, name):
    """The default src is the file's name, percent-encoded: never a scheme, a fragment or a query."""
    page = tmp_path / name
    shutil.copyfile(PLAN_MAP, page)
    src = html.unescape(re.search(r'<iframe src="([^"]*)"', iframe(page)).group(1))
    address = urlsplit(src)
    assert (address.scheme, address.netloc, address.query, address.fragment) == ("", "", "", "")
    assert unquote(address.path) == name


def test_command_prints_the_snippet(capsys):
    assert main(["embed", str(PLAN_MAP)]) == 0
    assert capsys.readouterr().out.startswith("<iframe src=")


def test_embedding_a_map_readers_can_edit_says_how_to_write_one_they_cannot(tmp_path, capsys):
    for flags, warned in (([], True), (["--no-editor"], False)):
        out = tmp_path / "map.html"
        assert main(["render", "--offline", "--out", str(out), *flags]) == 0
        capsys.readouterr()
        assert main(["embed", str(out)]) == 0
        captured = capsys.readouterr()
        assert captured.out.startswith("<iframe src=")
        assert ("geo render --no-editor" in captured.err) == warned and captured.err.count("\n") == int(warned)
