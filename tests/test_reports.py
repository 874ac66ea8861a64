"""A command's figures in words, and a result as a notebook shows it."""

import geo
from geo.scenario import load_scenario


def test_a_result_in_a_notebook_is_a_table_of_its_statuses_with_the_line_and_notices():
    shown = geo.run("plan-20", offline=True)[0]._repr_html_()
    assert "<table" in shown and "left-to-negotiation" in shown and "2025-11-20" in shown
    assert "The line of control is of 2025-11-20; the scenario is dated 2025-12-23." in shown
    regions_only = geo.run("plan-20", control="none")[0]._repr_html_()
    assert "<table" in regions_only and "line of control of" not in regions_only


def test_a_notebook_shows_a_scenarios_markup_as_text(tmp_path):
    path = tmp_path / "marked.toml"
    path.write_text(
        'id = "marked"\ntitle = "<img src=x onerror=alert(1)> & co"\n'
        '[statuses.odd]\nlabel = "<b>odd</b>"\ncolour = "#123456"\n'
        '[[rules]]\nregions = ["Odesa"]\nstatus = "odd"\n',
        encoding="utf-8",
    )
    shown = geo.run(load_scenario(path), control="none")[0]._repr_html_()
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in shown and "<img" not in shown
    assert "&lt;b&gt;odd&lt;/b&gt;" in shown and "<b>odd" not in shown
