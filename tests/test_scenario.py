import textwrap

import pytest

from geo.errors import ScenarioError
from geo.scenario import available, load_scenario


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_builtin_scenarios_are_listed_and_load():
    assert {"plan-28", "ceasefire-in-place"} <= set(available())
    for name in available():
        assert load_scenario(name).id == name


@pytest.mark.parametrize(
    ("iso", "part", "status"),
    [
        ("UA-43", "occupied", "recognised"),
        ("UA-40", "held", "recognised"),
        ("UA-09", "occupied", "recognised"),
        ("UA-14", "occupied", "recognised"),
        ("UA-14", "held", "demilitarised"),
        ("UA-65", "occupied", "frozen"),
        ("UA-65", "held", "unchanged"),
        ("UA-23", "occupied", "frozen"),
        ("UA-23", "held", "unchanged"),
        ("UA-63", "occupied", "returned"),
        ("UA-48", "occupied", "returned"),
        ("UA-63", "held", "unchanged"),
        ("UA-05", "held", "unchanged"),
    ],
)
def test_plan_28_puts_each_status_where_the_plan_does(iso, part, status):
    assert load_scenario("plan-28").assign(iso, part)[0] == status


def test_without_control_layer_a_region_split_by_the_scenario_depends_on_the_line():
    plan = load_scenario("plan-28")
    status, note = plan.assign("UA-14", "all")
    assert status == "undetermined" and plan.statuses[status].label == "Depends on the line of control"
    assert "'Recognised as Russian (de facto)'" in note and "'Demilitarised buffer zone'" in note
    assert plan.assign("UA-65", "all")[0] == "undetermined"
    assert plan.assign("UA-43", "all")[0] == "recognised"  # one status for the whole region: kept
    # "*" rules need the control layer: no region is known to be occupied without it.
    assert plan.assign("UA-63", "all") == ("unchanged", "")


def test_a_region_whose_parts_share_a_status_keeps_it_without_the_line(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        'id = "s"\ntitle = "S"\n[[rules]]\nregions = ["UA-14"]\npart = "occupied"\nstatus = "frozen"\nnote = "n"\n'
        '[[rules]]\nregions = ["UA-14"]\npart = "held"\nstatus = "frozen"\n'
    )
    assert load_scenario(path).assign("UA-14", "all") == ("frozen", "n")


def test_plan_28_uses_all_five_statuses():
    assert load_scenario("plan-28").used_statuses == ["recognised", "frozen", "demilitarised", "returned", "unchanged"]


def test_custom_scenario_extends_a_builtin_and_defines_its_own_status(tmp_path):
    path = write(
        tmp_path,
        "mine.toml",
        """
        extends = "plan-28"
        id = "mine"
        title = "Zaporizhzhia returned"

        [statuses.contested]
        label = "Contested"
        description = "Left to later talks."
        colour = "#999933"
        pattern = "backhatch"

        [[rules]]
        regions = ["Zaporozhye"]
        part = "occupied"
        status = "contested"
        note = "An alternative for comparison."
        """,
    )
    mine = load_scenario(path)
    assert (mine.id, mine.title, mine.date) == ("mine", "Zaporizhzhia returned", "2025-11-20")
    assert mine.assign("UA-23", "occupied") == ("contested", "An alternative for comparison.")
    assert mine.assign("UA-65", "occupied")[0] == "frozen"  # inherited
    assert mine.statuses["contested"].pattern == "backhatch"
    assert mine.control == "deepstate:2025-11-20"


def test_a_rule_for_all_parts_applies_to_both(tmp_path):
    path = write(tmp_path, "a.toml", 'id = "a"\ntitle = "A"\n[[rules]]\nregions = ["UA-05"]\nstatus = "frozen"\n')
    scenario = load_scenario(path)
    assert scenario.assign("UA-05", "held")[0] == scenario.assign("UA-05", "occupied")[0] == "frozen"
    assert scenario.assign("UA-05", "all")[0] == "frozen"
    assert scenario.control is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('id = "x"\ntitle = "X"\n[[rules]\n', "not valid TOML"),
        ('id = "x"\ntitle = "X"\n[[rules]]\nregions = ["Atlantis"]\nstatus = "frozen"\n', "rule 1: unknown region"),
        ('id = "x"\ntitle = "X"\n[[rules]]\nregions = ["Odesa"]\nstatus = "annexed"\n', "unknown status 'annexed'"),
        ('id = "x"\ntitle = "X"\n[[rules]]\nregions = ["Odesa"]\nstatus = "frozen"\npart = "half"\n', "part 'half'"),
        ('id = "x"\ntitle = "X"\n[[rules]]\nregions = "Odesa"\nstatus = "frozen"\n', "'regions' must be a list"),
        ('id = "x"\ntitle = "X"\n[[rules]]\nregions = []\nstatus = "frozen"\n', "'regions' must be a list"),
        ('id = "x"\ntitle = "X"\n[[rules]]\nregions = ["Odesa"]\nstatus = "frozen"\nnote = 5\n', "'note' must be a"),
        ('id = "x"\ntitle = "X"\n[[rules]]\nregions = ["Odesa", "UA-51"]\nstatus = "frozen"\n', "listed twice"),
        ('id = "x"\ntitle = "X"\n[[rules]]\nregions = ["Odesa"]\nstatus = 3\n', "'status' is missing"),
        ('id = "x"\ntitle = 5\n', "'title' must be a string"),
        ('title = "X"\n', "'id' is missing"),
        ('id = "../../home/x"\ntitle = "X"\n', "'id' '../../home/x' must be up to 64 letters"),
        ('id = ".hidden"\ntitle = "X"\n', "must be up to 64 letters, digits"),
        ('id = "x"\ntitle = "X"\ncolour = "red"\n', "unknown key 'colour'"),
        ('id = "x"\ntitle = "X"\ndate = "20 Nov"\n', "not YYYY-MM-DD"),
        ('id = "x"\ntitle = "X"\n[statuses.new]\nlabel = "New"\ncolour = "blue"\n', "not #rrggbb"),
        (
            'id = "x"\ntitle = "X"\n[statuses.new]\nlabel = "New"\ncolour = "#123456"\npattern = "zig"\n',
            "status 'new': pattern 'zig' is not one of solid, hatch, crosshatch, dots, backhatch",
        ),
        ('id = "x"\ntitle = "X"\n[statuses.new]\nlabel = " "\ncolour = "#123456"\n', "status 'new': label is empty"),
        ('id = "x"\ntitle = "X"\ndefault = "gone"\n', "'default' names unknown status"),
        ('id = "x"\n', "'title' is missing"),
        ('id = "x"\ntitle = "X"\nextends = 5\n', "'extends' must be a scenario name or path"),
        ('id = "x"\ntitle = "X"\nstatuses = "x"\n', "'statuses' must be a table of [statuses.KEY] sections"),
        ('id = "x"\ntitle = "X"\ncontrol = 5\n', "'control' must be a string (path, URL or deepstate:DATE)"),
        ('id = "x"\ntitle = "X"\n[statuses.new]\ncolour = "#123456"\n', "status 'new': label is empty"),
        (  # every problem is kept, in order
            'id = "x"\ntitle = "X"\nshade = 1\n[statuses.new]\nlabel = "N"\nhue = 2\n',
            "unknown key 'shade'; status 'new': unknown key 'hue'",
        ),
        ('id = "x"\ntitle = "X"\ndefault = ["frozen"]\n', "'default' must be a status key"),
    ],
)
def test_invalid_scenarios_raise_one_line_naming_file_and_problem(tmp_path, text, expected):
    path = write(tmp_path, "bad.toml", text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert message.startswith("bad.toml: ") and expected in message and "\n" not in message


def test_a_rules_note_and_its_translation_are_trimmed(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text(
        'id = "x"\ntitle = "X"\ntitle_uk = " Ікс "\n[[rules]]\nregions = ["Odesa"]\nstatus = "frozen"\n'
        'note = "  Point 21 "\nnote_uk = " Пункт 21  "\n',
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    assert scenario.assign("UA-51", "held") == ("frozen", "Point 21")
    assert scenario.assign("UA-51", "held", "uk") == ("frozen", "Пункт 21") and scenario.text("title", "uk") == "Ікс"


def test_conflicting_rules_are_reported_naming_both_rules(tmp_path):
    path = write(
        tmp_path,
        "conflict.toml",
        """
        id = "c"
        title = "C"
        [[rules]]
        regions = ["UA-14"]
        status = "recognised"
        [[rules]]
        regions = ["Donetsk"]
        part = "held"
        status = "demilitarised"
        """,
    )
    with pytest.raises(ScenarioError, match=r"rule 2 and rule 1 give UA-14 \(held\) conflicting statuses"):
        load_scenario(path)


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    path = write(
        tmp_path,
        "many.toml",
        """
        id = "m"
        title = "M"
        [[rules]]
        regions = ["Atlantis"]
        status = "frozen"
        [[rules]]
        regions = ["Odesa"]
        status = "annexed"
        """,
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "rule 1: unknown region 'Atlantis'" in str(caught.value)
    assert "rule 2: unknown status 'annexed'" in str(caught.value)


def test_extends_loop_and_missing_files_are_errors(tmp_path):
    write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="'extends' loops"):
        load_scenario(tmp_path / "a.toml")
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match="unknown scenario 'nope'"):
        load_scenario("nope")


@pytest.mark.parametrize(("files", "refused"), [(8, False), (9, True)])
def test_an_extends_chain_of_more_than_eight_files_is_refused_as_the_readme_says(tmp_path, files, refused):
    for i in range(files - 1):  # s0.toml -> s1.toml -> ... -> plan-28, the last of the chain
        parent = f"s{i + 1}.toml" if i + 2 < files else "plan-28"
        write(tmp_path, f"s{i}.toml", f'extends = "{parent}"\nid = "s{i}"\n')
    if refused:
        with pytest.raises(ScenarioError, match="'extends' chain is longer than 8 scenarios"):
            load_scenario(tmp_path / "s0.toml")
    else:
        assert load_scenario(tmp_path / "s0.toml").id == "s0"


def test_non_utf8_and_oversized_files_are_rejected(tmp_path):
    (tmp_path / "latin.toml").write_bytes(b'id = "\xe9"\n')
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(tmp_path / "latin.toml")
    (tmp_path / "big.toml").write_text("# " + "x" * 1_000_001)
    with pytest.raises(ScenarioError, match="larger than"):
        load_scenario(tmp_path / "big.toml")


def test_five_problems_are_all_shown_and_a_sixth_is_counted(tmp_path):
    keys = "".join(f"extra{i} = 1\n" for i in range(5))
    with pytest.raises(ScenarioError) as five:
        load_scenario(write(tmp_path, "five.toml", 'id = "x"\ntitle = "X"\n' + keys))
    assert "extra4" in str(five.value) and "more problem" not in str(five.value)
    with pytest.raises(ScenarioError, match="and 1 more problem"):
        load_scenario(write(tmp_path, "six.toml", 'id = "x"\ntitle = "X"\n' + keys + "extra5 = 1\n"))


def test_new_and_changed_statuses_take_their_defaults_and_translations(tmp_path):
    from geo.statuses import builtin

    path = write(
        tmp_path,
        "mine.toml",
        """
        id = "mine"
        title = "Mine"
        [statuses.frozen]
        colour = "#112233"
        [statuses.zone]
        label = "Free economic zone"
        description = "Proposed"
        label_uk = "Вільна економічна зона"
        """,
    )
    mine = load_scenario(path)
    assert mine.path == path and mine.description == ""
    frozen, original = mine.statuses["frozen"], builtin()["frozen"]
    assert (frozen.colour, frozen.label, frozen.description) == ("#112233", original.label, original.description)
    zone = mine.statuses["zone"]
    assert zone.colour == "#888888"  # the grey a new status gets without a colour
    assert zone.text("uk") == ("Вільна економічна зона", "Proposed")  # no Ukrainian description: English's


def test_a_whole_region_wildcard_applies_without_a_line_and_undetermined_notes_speak_the_language(tmp_path):
    from geo import locale

    path = write(tmp_path, "all.toml", 'id = "all"\ntitle = "All"\n[[rules]]\nregions = ["*"]\nstatus = "frozen"\n')
    assert load_scenario(path).assign("UA-05", "all")[0] == "frozen"
    status, note = load_scenario("plan-28").assign("UA-14", "all", "uk")  # Donetsk: two statuses, no line
    words = locale.catalogue("uk")["statuses"]
    assert status == "undetermined"
    assert words["recognised"]["label"] in note and words["demilitarised"]["label"] in note


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        ('["Slovyansk"]', "'places': no town 'Slovyansk' of 15,000 people or more"),
        ('["sloviansk"]', "'places': no town 'sloviansk'"),  # names match whole and exactly
        ('["Sloviansk "]', "'places': no town 'Sloviansk '"),
        ('"Sloviansk"', "'places' must be a list of town names"),
        ("[1, 2]", "'places' must be a list of town names"),
        ('["Kyiv"' + ', "Kyiv"' * 12 + "]", "'places' names 13 towns; at most 12"),
    ],
)
def test_places_must_be_towns_geo_knows(tmp_path, places, expected):
    path = write(tmp_path, "story.toml", f'id = "s"\ntitle = "S"\nplaces = {places}\n')
    with pytest.raises(ScenarioError, match=expected.replace("(", r"\(").replace("[", r"\[")):
        load_scenario(str(path))


def test_places_are_kept_in_order_once_and_inherited(tmp_path):
    places = '["Sloviansk", "Kramatorsk", "Sloviansk"]'
    parent = write(tmp_path, "parent.toml", f'id = "p"\ntitle = "P"\nplaces = {places}\n')
    child = write(tmp_path, "child.toml", f'extends = "{parent}"\nid = "c"\n')
    own = write(tmp_path, "own.toml", f'extends = "{parent}"\nid = "o"\nplaces = []\n')
    assert load_scenario(str(parent)).places == ("Sloviansk", "Kramatorsk")
    assert load_scenario(str(child)).places == ("Sloviansk", "Kramatorsk")
    assert load_scenario(str(own)).places == ()
