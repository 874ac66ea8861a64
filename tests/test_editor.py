"""The editor in the page, in a real headless Chromium: edit, totals, download, render back, link restore,
and a hostile link."""

import urllib.parse

import pytest

from geo import webdata, webmap
from geo.boundaries import load_context
from geo.cli import main
from geo.scenario import load_scenario
from tests.conftest import script_data
from tests.test_browser import LEGEND_TOTALS, open_map

pytestmark = pytest.mark.browser

BUFFER = "Donetsk Oblast: part held by Ukraine"


@pytest.fixture(scope="module")
def page_file(real_plan, tmp_path_factory):
    path = tmp_path_factory.mktemp("editor") / "plan-28.html"
    data = webdata.encode(real_plan.zones, load_context(), real_plan.control)
    path.write_text(webmap.page(data, [real_plan.scenario, load_scenario("plan-20")]), encoding="utf-8")
    return path


def totals(page) -> dict[str, tuple[str, str]]:
    """The editor's table: status -> (km², people), as shown."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-geo-edit-total]')].filter(r => !r.hidden)
             .map(r => [r.cells[0].textContent, [r.cells[1].textContent, r.cells[2].textContent]]))"""
    )


def label_of(page, zone: str) -> str:
    return page.evaluate(
        "(zone) => [...document.querySelectorAll('path.leaflet-interactive')]"
        ".map(p => p.getAttribute('aria-label')).find(l => l.startsWith(zone + ': '))",
        zone,
    )


def edit_buffer_zone(page) -> None:
    """Edit, Tab to the buffer zone, Enter, and give it another status, all from the keyboard."""
    page.get_by_role("button", name="Edit", exact=True).click()
    page.locator("path.leaflet-interactive").first.focus()
    for _ in range(60):
        if page.evaluate("document.activeElement.getAttribute('aria-label') || ''").startswith(BUFFER + ":"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "geo-status"
    assert page.get_by_label("Status").input_value() == str(script_data(page.content())["keys"].index("demilitarised"))
    page.get_by_label("Status").select_option(label="Recognised as Russian (de facto)")


def test_editing_a_zone_restyles_it_and_the_totals_follow(browser, page_file, real_plan):
    page, _, errors = open_map(browser, page_file)
    assert page.locator("#geo-editor").is_hidden()
    before = totals(page)
    edit_buffer_zone(page)
    assert page.get_by_role("button", name="Edit", exact=True).get_attribute("aria-pressed") == "true"
    assert label_of(page, BUFFER) == f"{BUFFER}: Recognised as Russian (de facto)"
    after = totals(page)
    zone = real_plan.zones.set_index(["iso", "part"]).loc[("UA-14", "held")]
    number = lambda text: int(text.replace(",", ""))  # noqa: E731
    gained = number(after["Recognised as Russian (de facto)"][0]) - number(
        before["Recognised as Russian (de facto)"][0]
    )
    assert abs(gained - zone.area_km2) <= 1  # rounding of two totals
    assert "Demilitarised buffer zone" not in after  # no zone has it any more
    assert page.evaluate(LEGEND_TOTALS) == {status: f"{area} km²" for status, (area, _) in after.items()}
    people = number(after["Recognised as Russian (de facto)"][1]) - number(
        before["Recognised as Russian (de facto)"][1]
    )
    assert people == number(before["Demilitarised buffer zone"][1]) > 400_000  # Kramatorsk, Sloviansk ...
    fragment = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).fragment)
    assert fragment == {"scenario": ["plan-28"], "UA-14.held": ["recognised"]}
    page.get_by_role("button", name="Undo edits").click()
    assert totals(page) == before and urllib.parse.urlsplit(page.url).fragment == "scenario=plan-28"
    assert errors == []
    page.context.close()


def test_a_downloaded_scenario_renders_back_to_the_edited_map(browser, page_file, deepstate_file, tmp_path, cache_dir):
    page, _, errors = open_map(browser, page_file)
    edit_buffer_zone(page)
    page.get_by_label(
        "The 20-point framework: the line frozen in four regions"
    ).check()  # edits stay with their scenario
    page.get_by_label("The 28-point plan: what it says about territory").check()
    edited = script_data(page.content())
    shown = page.evaluate("[...document.querySelectorAll('[data-geo-cell]')].map(c => c.textContent)")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download scenario").click()
    toml = tmp_path / download.value.suggested_filename
    download.value.save_as(toml)
    assert toml.name == "plan-28-edited.toml" and errors == []
    page.context.close()

    out = tmp_path / "again.html"
    assert main(["render", "--scenario", str(toml), "--control", str(deepstate_file), "--out", str(out)]) == 0
    again = script_data(out.read_text(encoding="utf-8"))
    keys = lambda data: [data["keys"][s] for s, _ in data["layers"][0]["zones"]]  # noqa: E731
    original = keys(edited)
    buffer = edited["names"].index(BUFFER)
    assert keys(again)[buffer] == "recognised" and original[buffer] == "demilitarised"
    assert keys(again)[:buffer] + keys(again)[buffer + 1 :] == original[:buffer] + original[buffer + 1 :]
    assert [again["statusText"][s] for s, _ in again["layers"][0]["zones"]] == shown  # what the editor showed
    notes = lambda data: [data["layers"][0]["notes"][n] for _, n in data["layers"][0]["zones"]]  # noqa: E731
    assert notes(again)[:buffer] == notes(edited)[:buffer] and notes(again)[buffer] == ""
    assert load_scenario(toml).title == "The 28-point plan: what it says about territory (edited)"
    assert load_scenario(toml).places == load_scenario("plan-28").places  # the story's towns come along
    assert load_scenario(toml).markers == load_scenario("plan-28").markers  # and the places its text names
    assert load_scenario(toml).estimates == ()  # no zone is the buffer zone any more: its counts would mislead


def test_a_download_keeps_the_reported_estimates_of_the_statuses_it_still_gives(browser, page_file, tmp_path):
    page, _, errors = open_map(browser, page_file)
    page.get_by_role("button", name="Edit", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download scenario").click()
    toml = tmp_path / download.value.suggested_filename
    download.value.save_as(toml)
    assert errors == []
    page.context.close()
    assert load_scenario(toml).estimates == load_scenario("plan-28").estimates != ()


def test_a_link_restores_the_edit(browser, page_file):
    context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
    page = context.new_page()
    page.goto(page_file.as_uri() + "#scenario=plan-20&UA-43.occupied=demilitarised")
    page.wait_for_selector("path.leaflet-interactive")
    assert page.locator("#geo-editor").is_visible()
    assert page.get_by_label("The 20-point framework: the line frozen in four regions").is_checked()
    assert label_of(page, "Autonomous Republic of Crimea: part held by Russian forces").endswith(
        ": Demilitarised buffer zone"
    )
    context.close()


HOSTILE = (
    "#scenario=plan-28&UA-14.held=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E"
    "&%3Cscript%3Ewindow.__pwned%3D2%3C%2Fscript%3E=recognised&__proto__=recognised&constructor=recognised"
    "&UA-14.held=toString&UA-14.held=__proto__&UA-14.held"
)


def test_a_hostile_link_injects_nothing_and_changes_nothing(browser, page_file):
    context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    plain = page.evaluate(
        "[...document.querySelectorAll('path.leaflet-interactive')].map(p => p.getAttribute('aria-label'))"
    )
    scripts = page.locator("script").count()
    page.goto(page_file.as_uri() + HOSTILE)
    page.reload()
    page.wait_for_selector("path.leaflet-interactive")
    assert page.evaluate("window.__pwned") is None and page.locator("img").count() == 0
    assert page.locator("script").count() == scripts
    assert (
        page.evaluate(
            "[...document.querySelectorAll('path.leaflet-interactive')].map(p => p.getAttribute('aria-label'))"
        )
        == plain
    )
    assert page.locator("#geo-editor").is_hidden() and errors == []
    context.close()


def test_axe_finds_no_violation_with_the_editor_open(browser, page_file, axe_source):
    page, _, _ = open_map(browser, page_file)
    edit_buffer_zone(page)
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    page.context.close()


def test_bands_along_the_line_download_as_band_rules_and_render_back(browser, deepstate_file, tmp_path, cache_dir):
    from geo.pipeline import run
    from tests.test_bands import PULL_BACK

    source = tmp_path / "pull-back.toml"
    source.write_text(PULL_BACK, encoding="utf-8")
    prepared = run(str(source), control=str(deepstate_file))[0]
    page_file = tmp_path / "pull-back.html"
    page_file.write_text(webmap.page(webdata.encode(prepared.zones, None, prepared.control), prepared.scenario))
    page, _, errors = open_map(browser, page_file)
    page.get_by_role("button", name="Edit", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download scenario").click()
    toml = tmp_path / "downloaded.toml"
    download.value.save_as(toml)
    page.context.close()
    text = toml.read_text(encoding="utf-8")
    assert 'band_km = 10\nside = "held"' in text and errors == []
    out = tmp_path / "again.html"
    assert main(["render", "--scenario", str(toml), "--control", str(deepstate_file), "--out", str(out)]) == 0
    before, after = script_data(page_file.read_text()), script_data(out.read_text())
    assert after["zoneKeys"] == before["zoneKeys"] and any(key.endswith(".10") for key in after["zoneKeys"])
    statuses = lambda data: [data["keys"][s] for s, _ in data["layers"][0]["zones"]]  # noqa: E731
    assert statuses(after) == statuses(before)


def test_over_the_map_the_open_editor_covers_no_zone(browser, page_file, real_plan):
    from tests.test_browser import covered_points

    page, _, errors = open_map(browser, page_file)
    page.get_by_role("button", name="Edit", exact=True).click()
    covered = covered_points(page, real_plan.zones)
    assert covered == 0 and page.locator("#geo-editor").is_visible() and errors == []
    page.context.close()


def test_a_download_defines_each_status_once_and_escapes_what_toml_forbids(browser, tmp_path, cache_dir):
    """Two scenarios give the key "joint" two meanings, and a title holds DEL: the file downloaded after an
    edit that uses both parses as TOML, defines each status once, and renders back to the edited statuses."""
    import tomllib

    from geo.pipeline import run

    def scenario(name, label, colour, region, title):
        path = tmp_path / f"{name}.toml"
        path.write_text(
            f'extends = "plan-28"\nid = "{name}"\ntitle = "{title}"\n[statuses.joint]\nlabel = "{label}"\n'
            f'colour = "{colour}"\n[[rules]]\nregions = ["{region}"]\nstatus = "joint"\n',
            encoding="utf-8",
        )
        return load_scenario(path)

    first = scenario("first", "Joint control", "#112233", "Odesa", "First plan")
    second = scenario("second", "Shared administration", "#445566", "Lviv", "Second \\u007f plan")
    prepared = run(first, offline=True)[0]
    page_file = tmp_path / "two.html"
    page_file.write_text(webmap.page(prepared.map_data([first, second])[0], [first, second]), encoding="utf-8")
    data = script_data(page_file.read_text(encoding="utf-8"))
    assert len(set(data["keys"])) == len(data["keys"]) and {"joint", "joint-2"} <= set(data["keys"])

    page, _, errors = open_map(browser, page_file)
    page.check("input[name=geo-scenario][value='1']")  # the second scenario shown
    page.get_by_role("button", name="Edit", exact=True).click()
    page.evaluate(  # the first scenario's "joint" given to Kyiv City
        "(label) => [...document.querySelectorAll('path.leaflet-interactive')]"
        ".find(p => p.getAttribute('aria-label').startsWith(label)).focus()",
        "Kyiv City",
    )
    page.get_by_label("Status").select_option(label="Joint control")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download scenario").click()
    toml = tmp_path / "downloaded.toml"
    download.value.save_as(toml)
    page.context.close()
    assert errors == []
    parsed = tomllib.loads(toml.read_text(encoding="utf-8"))  # raises on a status defined twice, or a raw DEL
    assert "Second \x7f plan" in parsed["title"]
    labels = {key: spec["label"] for key, spec in parsed["statuses"].items()}
    assert sorted(labels.values()) == ["Joint control", "Shared administration"]  # each once, under its own key
    out = tmp_path / "again.html"
    assert main(["render", "--offline", "--scenario", str(toml), "--out", str(out)]) == 0
    after = script_data(out.read_text(encoding="utf-8"))
    statuses = dict(
        zip(after["zoneKeys"], (after["statusText"][s] for s, _ in after["layers"][0]["zones"]), strict=True)
    )
    assert (statuses["UA-30.held"], statuses["UA-46.held"]) == ("Joint control", "Shared administration")


@pytest.fixture(scope="module")
def offline_plan(tmp_path_factory):
    """The plan on its shipped line (no fixture needed), written with and without the editor."""
    from geo.pipeline import run

    prepared = run("plan-28", offline=True)[0]
    data, _ = prepared.map_data()
    folder = tmp_path_factory.mktemp("published")
    for name, editor in (("editable.html", True), ("published.html", False)):
        (folder / name).write_text(webmap.page(data, prepared.scenario, editor=editor), encoding="utf-8")
    return folder


def aria_labels(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('path.leaflet-interactive')].map(p => p.getAttribute('aria-label'))"
    )


EDIT_LINK = "#scenario=plan-28&UA-14.held=recognised&UA-23.held=recognised"
CHANGED = "Statuses changed in this page by a reader"


@pytest.mark.parametrize("width", [1280, 390], ids=["over the map", "stacked on a phone"])
def test_an_edited_view_says_so_and_one_button_brings_the_published_map_back(browser, offline_plan, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, offline=True)
    page = context.new_page()
    page.goto((offline_plan / "editable.html").as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    published = aria_labels(page)
    assert page.locator(".geo-edited").is_hidden()
    page.goto((offline_plan / "editable.html").as_uri() + EDIT_LINK)
    page.reload()
    page.wait_for_selector("path.leaflet-interactive")
    notice = page.get_by_role("status").filter(has_text="Edited view: not the published map.")
    assert notice.is_visible() and aria_labels(page) != published
    credits = ".leaflet-control-attribution" if width > 600 else ".geo-credits"
    assert CHANGED in page.locator(credits).inner_text()
    assert notice.bounding_box()["y"] < page.locator(".geo-title h1").bounding_box()["y"]  # where the title is
    page.get_by_role("button", name="Show the published map").click()
    assert page.locator(".geo-edited").is_hidden() and aria_labels(page) == published
    assert CHANGED not in page.locator(credits).inner_text() and page.evaluate("location.hash") == "#scenario=plan-28"
    context.close()


def test_a_page_written_without_the_editor_ignores_edit_links(browser, offline_plan):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((offline_plan / "editable.html").as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    published = aria_labels(page)
    page.goto((offline_plan / "published.html").as_uri() + EDIT_LINK)
    page.wait_for_selector("path.leaflet-interactive")
    assert aria_labels(page) == published and errors == []
    assert page.get_by_role("button", name="Edit").count() == 0 and page.locator("#geo-editor").count() == 0
    assert CHANGED not in page.content()
    context.close()
