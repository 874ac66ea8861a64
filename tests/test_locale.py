"""The map in each language: catalogues complete, every word of a Ukrainian page in Ukrainian,
scenarios' own texts per language with an English fallback that says so, Ukrainian region names."""

import re

import pytest

from geo import locale
from geo.cli import main
from geo.errors import ScenarioError
from geo.regions import resolve
from geo.scenario import load_scenario


def keys(table: dict, prefix: str = "") -> set[str]:
    found = set()
    for key, value in table.items():
        found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return found


@pytest.mark.parametrize("lang", [lang for lang in locale.available() if lang != "en"])
def test_every_catalogue_has_every_english_string_and_the_same_placeholders(lang):
    english, other = locale.catalogue("en"), locale.catalogue(lang)
    assert keys(other) == keys(english)
    for key in keys(english):
        english_text = english
        other_text = other
        for part in key.split("."):
            english_text, other_text = english_text[part], other_text[part]
        if not isinstance(english_text, str):  # a format's months or switches: the same kind and length
            assert type(other_text) is type(english_text), key
            assert not isinstance(english_text, list) or len(other_text) == len(english_text), key
            continue
        assert set(re.findall(r"{(\w+)}", other_text)) == set(re.findall(r"{(\w+)}", english_text)), key


@pytest.fixture(scope="module")
def ukrainian_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("uk") / "plan-uk.html"
    assert main(["render", "--offline", "--lang", "uk", "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_a_ukrainian_page_says_everything_in_ukrainian(ukrainian_page):
    page = ukrainian_page
    assert '<html lang="uk">' in page
    assert "<title>План із 28 пунктів: що він каже про територію</title>" in page
    assert "<summary>Легенда</summary>" in page and "Демілітаризована буферна зона" in page
    assert "Карта того, що пропонує план, а не узгодженого кордону." in page
    assert "Лінія зіткнення (20 листопада 2025)" in page and "Межі: © OpenStreetMap" in page
    assert "Зони карти та їхній статус у показаному сценарії" in page
    assert "Донецька область: частина під контролем України" in page  # the text alternative
    assert "<h1>План із 28 пунктів: що він каже про територію</h1>" in page
    assert '["city","Краматорськ","Kramatorsk",' in page  # place labels: Ukrainian name first
    # No English word of ours is left: the legend, parts, captions and notes are all translated.
    for english in (
        "Legend",
        "Part held by",
        "Line of control (",
        "Recognised as Russian",
        "Zones of the map",
        "would be treated as Russian",
        "Boundaries:",
    ):
        assert english not in page, english


def test_a_scenario_without_ukrainian_text_falls_back_to_english_and_says_so(tmp_path, capsys):
    scenario = tmp_path / "mine.toml"
    scenario.write_text('extends = "plan-28"\nid = "mine"\ntitle = "My own plan"\n', encoding="utf-8")
    out = tmp_path / "mine.html"
    assert main(["render", "--scenario", str(scenario), "--control", "none", "--lang", "uk", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>My own plan</title>" in page
    assert "Цей сценарій не має українського тексту; його власні тексти показано англійською." in page
    english = tmp_path / "mine-en.html"
    assert main(["render", "--scenario", str(scenario), "--control", "none", "--out", str(english)]) == 0
    assert "has no text" not in english.read_text(encoding="utf-8")


def test_scenario_texts_per_language_are_checked_and_inherited(tmp_path):
    child = tmp_path / "child.toml"
    child.write_text(
        'extends = "plan-28"\nid = "child"\ntitle = "Child"\ntitle_uk = "Дочірній"\nsubtitle = "Sub"\n'
        '[[rules]]\nregions = ["Odesa"]\npart = "held"\nstatus = "frozen"\nnote = "N"\nnote_uk = "Н"\n',
        encoding="utf-8",
    )
    scenario = load_scenario(child)
    assert (scenario.text("title", "uk"), scenario.text("title", "en"), scenario.subtitle) == (
        "Дочірній",
        "Child",
        "Sub",
    )
    assert scenario.text("source", "uk").startswith("План із 28 пунктів")  # the parent's translation
    assert scenario.assign("UA-51", "held", "uk") == ("frozen", "Н") and scenario.assign("UA-51", "held")[1] == "N"
    assert scenario.assign("UA-14", "held", "uk")[1].startswith("Україна вивела б війська")
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "b"\ntitle = "B"\ntitle_uk = 5\ntitle_fr = "Plan"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as problems:
        load_scenario(bad)
    assert "unknown key 'title_fr'" in str(problems.value) and "'title_uk' must be a string" in str(problems.value)


def test_an_unknown_language_is_one_clear_line(capsys):
    with pytest.raises(SystemExit) as done:
        main(["render", "--lang", "fr"])
    assert done.value.code == 1 and "'fr': no such language; there are en, uk" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("м. Київ", "UA-30"),
        ("Київська обл.", "UA-32"),
        ("АР Крим", "UA-43"),
        ("Автономна Республіка Крим", "UA-43"),
        ("м. Севастополь", "UA-40"),
        ("Хмельницька обл.", "UA-68"),
        ("Запорізька область", "UA-23"),
    ],
)
def test_names_as_ukrainian_statistics_tables_write_them_resolve(text, iso):
    assert resolve(text) == iso


def test_the_static_map_speaks_ukrainian_too(tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / "uk.svg"
    assert main(["render", "--offline", "--lang", "uk", "--format", "svg", "--out", str(out)]) == 0
    texts = " ".join(t.text for t in ET.parse(out).iter("{http://www.w3.org/2000/svg}text") if t.text)
    assert "План із 28 пунктів" in texts and "Легенда" in texts and "Заморожено по лінії зіткнення" in texts
    assert "Лінія зіткнення (20 листопада 2025)" in texts and "Line of control" not in texts
    assert "Межі: © OpenStreetMap" in texts  # credits: their leading words in Ukrainian, the sources' names kept


def test_a_scenarios_own_subtitle_is_shown_in_the_pages_language():
    import tomllib

    from geo.present import subtitle
    from geo.scenario import BUILTIN_DIR, load_scenario

    written = tomllib.loads((BUILTIN_DIR / "plan-20.toml").read_text(encoding="utf-8"))  # the reference
    assert str(written["date"]) == "2025-12-23"
    assert subtitle(load_scenario("plan-20"), "uk") == f"23 грудня 2025 · {written['subtitle_uk']}"


@pytest.mark.parametrize(
    ("lang", "iso", "words"),
    [
        ("en", "2025-11-20", "20 November 2025"),
        ("en", "2024-01-05", "5 January 2024"),
        ("uk", "2025-11-20", "20 листопада 2025"),  # the month in the genitive, as Ukrainian writes a date
        ("uk", "2026-03-01", "1 березня 2026"),
        ("uk", "2026-05-15", "15 травня 2026"),
        ("en", "as given", "as given"),  # not a date: left as it is
        ("en", "2025-13-01", "2025-13-01"),
        ("en", "2025-11-20x", "2025-11-20x"),
    ],
)
def test_dates_are_written_in_each_languages_words(lang, iso, words):
    assert locale.date(iso, lang) == words


@pytest.mark.parametrize(
    ("lang", "value", "digits", "written"),
    [
        ("en", 74186.4, 0, "74,186"),
        ("en", 1234567.26, 1, "1,234,567.3"),
        ("en", 12.345, 1, "12.3"),
        ("en", 999, 0, "999"),
        ("uk", 74186.4, 0, "74\u00a0186"),  # CLDR: a no-break space between thousands, a decimal comma
        ("uk", 12.345, 1, "12,3"),
        ("uk", -1500, 0, "-1\u00a0500"),
    ],
)
def test_numbers_have_each_languages_separators(lang, value, digits, written):
    assert locale.number(value, lang, digits) == written


def test_a_scenarios_own_description_is_shown_in_the_pages_language(regions_only_data, tmp_path):
    from geo.scenario import load_scenario
    from geo.webmap import page_values

    path = tmp_path / "mine.toml"
    path.write_text(
        'id = "mine"\ntitle = "Mine"\ndescription = "Why"\ntitle_uk = "Мій"\ndescription_uk = "Чому"\n',
        encoding="utf-8",
    )
    values = page_values(regions_only_data, load_scenario(path), lang="uk")
    assert (values["scenarios"][0]["title"], values["scenarios"][0]["description"]) == ("Мій", "Чому")


@pytest.fixture(scope="module")
def regions_only_data():
    from geo import webdata
    from geo.boundaries import load_boundaries

    return webdata.encode(load_boundaries())
