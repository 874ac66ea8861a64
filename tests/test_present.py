"""What every output says the same way: its credits."""

from geo import present
from geo.scenario import load_scenario


def test_a_scenario_without_a_source_adds_no_credit_line(tmp_path):
    """Credits name the sources there are: a user's scenario that gives none adds nothing, not an empty line."""
    bare = tmp_path / "bare.toml"
    bare.write_text('id = "bare"\ntitle = "Bare"\n\n[[rules]]\nregions = ["UA-43"]\nstatus = "recognised"\n')
    assert present.credits([load_scenario(str(bare))], "Line of control: X", "Boundaries: Y") == [
        "Boundaries: Y",
        "Line of control: X",
    ]
