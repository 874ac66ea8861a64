import xml.etree.ElementTree as ET

import matplotlib.image
import pytest

from geo import present, staticmap
from geo.boundaries import load_context
from geo.cli import main
from geo.pipeline import run
from geo.stats import area_table, status_totals
from tests.conftest import assert_committed

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def plan(real_plan):
    return real_plan


def svg_text(path):
    return [t.text for t in ET.parse(path).iter(f"{SVG}text") if t.text]


def with_areas(result) -> list[str]:
    """Each status of a result's zones, in its scenario's order, as the legend names it: its words and its km²,
    the total geo stats prints."""
    totals = status_totals(area_table(result.zones), result.scenario.statuses)
    return [f"{row.label} {row.area_km2:,.0f} km²" for row in totals.itertuples()]


def test_png_and_svg_carry_the_same_legend_title_and_credits(plan, tmp_path):
    figure = staticmap.draw(plan.zones, plan.scenario, context=load_context(), control=plan.control)
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    line, plant = "Line of control (20 November 2025)", "Power plant"  # the plan's one marker: its kind
    assert legend == [*with_areas(plan), line, plant]
    assert legend[0] == "Recognised as Russian (de facto) 74,184 km²"  # as the web map's legend gives it
    staticmap.save(figure, tmp_path / "map.png", "png")
    staticmap.save(figure, tmp_path / "map.svg", "svg")
    texts = svg_text(tmp_path / "map.svg")
    assert all(label in texts for label in legend)
    assert plan.scenario.title in texts and any("DeepStateMap" in t for t in texts)
    # The credits as the web map lists them, in one line of " · " once unwrapped.
    sources = present.credits([plan.scenario], plan.control.credit, plan.zones.attrs["credit"], present.PLACES_CREDIT)
    shown = next(t.get_text() for t in figure.texts if "DeepStateMap" in t.get_text())
    assert shown.replace("\n", " ") == " · ".join(sources)
    assert matplotlib.image.imread(tmp_path / "map.png").shape[:2] == (1100, 1600)


def test_size_and_dpi_set_the_pixels(plan, tmp_path):
    figure = staticmap.draw(plan.zones, plan.scenario, size=(800, 600), dpi=100)
    staticmap.save(figure, tmp_path / "card.png", "png")
    assert matplotlib.image.imread(tmp_path / "card.png").shape[:2] == (600, 800)


def test_svg_keeps_hostile_text_as_text(tmp_path):
    scenario = tmp_path / "hostile.toml"
    scenario.write_text('id = "h"\ntitle = "<script>alert(1)</script> & co"\n', encoding="utf-8")
    prepared = run(str(scenario), control="none")[0]
    staticmap.save(staticmap.draw(prepared.zones, prepared.scenario), tmp_path / "h.svg", "svg")
    assert "<script>alert(1)</script> & co" in svg_text(tmp_path / "h.svg")  # parsed back as text, not markup


def test_command_writes_png_and_svg(capsys, tmp_path):
    for fmt in ("png", "svg"):
        out = tmp_path / f"map.{fmt}"
        assert main(["render", "--control", "none", "--format", fmt, "--size", "640x480", "--out", str(out)]) == 0
        assert out.stat().st_size > 10_000 and capsys.readouterr().out.startswith(f"{out}: ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "png", "--scenario", "plan-28", "--scenario", "ceasefire-in-place"], "one scenario"),
        (["--format", "png", "--size", "big"], "is not WIDTHxHEIGHT"),
    ],
)
def test_bad_static_requests_are_one_line_errors(capsys, tmp_path, argv, message):
    try:
        code = main(["render", "--control", "none", *argv, "--out", str(tmp_path / "m.png")])
    except SystemExit as usage:  # argparse rejects --size before anything runs
        code = usage.code
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1 and not (tmp_path / "m.png").exists()


@pytest.mark.parametrize("size", [(1080, 1080), (1200, 675), (1600, 900), (1600, 1100), (800, 1200)])
def test_social_card_sizes_cut_nothing_and_keep_the_legend_off_the_map(plan, size):
    figure = staticmap.draw(plan.zones, plan.scenario, context=load_context(), control=plan.control, size=size)
    figure.draw_without_rendering()  # places the legend's texts
    renderer = figure.canvas.get_renderer()
    page = figure.bbox
    texts = [t for t in figure.texts] + list(figure.legends[0].get_texts()) + list(figure.axes[0].texts)
    for text in texts:
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, text.get_text()
    legend, map_box = figure.legends[0].get_window_extent(renderer), figure.axes[0].get_window_extent(renderer)
    assert not legend.overlaps(map_box)  # the legend never covers land: it is beside or under the map
    for text in figure.texts:  # title, subtitle and credits stay off the map too
        assert not text.get_window_extent(renderer).overlaps(map_box), text.get_text()
    # All of Ukraine, with room for a name at its edges, and the view has the box's shape: matplotlib had
    # nothing to shrink to keep one scale both ways, so the map fills the space laid out for it.
    axes = figure.axes[0]
    west, south, east, north = plan.zones.to_crs(staticmap.PROJECTION).total_bounds
    room = 0.04 * (east - west)
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    assert x0 <= west - room and east + room <= x1 and y0 <= south - room and north + room <= y1
    assert axes.get_position(original=False).bounds == pytest.approx(axes.get_position(original=True).bounds, abs=1e-3)


def test_static_maps_name_the_towns_without_overlap(plan, tmp_path):
    figure = staticmap.draw(plan.zones, plan.scenario, context=load_context(), control=plan.control)
    renderer = figure.canvas.get_renderer()
    labels = [t for t in figure.axes[0].texts if not t.get_path_effects()]  # not their halos
    names = [t.get_text() for t in labels]
    assert {"Kyiv", "Kharkiv", "Odesa", "Kramatorsk", "Donetsk", "Simferopol"} <= set(names)
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    staticmap.save(figure, tmp_path / "map.svg", "svg")
    assert "Kramatorsk" in svg_text(tmp_path / "map.svg") and any(
        "GeoNames" in t for t in svg_text(tmp_path / "map.svg")
    )


@pytest.mark.parametrize(("preset", "pixels"), [("square", (1080, 1080)), ("card", (675, 1200)), ("wide", (900, 1600))])
def test_social_card_presets_set_the_pixels(preset, pixels, tmp_path):
    out = tmp_path / f"{preset}.png"
    assert main(["render", "--control", "none", "--format", "png", "--size", preset, "--out", str(out)]) == 0
    assert matplotlib.image.imread(out).shape[:2] == pixels


@pytest.fixture(scope="module")
def print_maps():
    """The plan's print map on its shipped line, in English and in Ukrainian, with the labels' boxes."""
    shipped = run("plan-28", offline=True)[0]
    context = load_context()
    sizes = {"en": (1600, 1100), "uk": (1600, 1100), "uk-card": (1200, 675)}  # a social card too
    figures = {
        name: staticmap.draw(
            shipped.zones, shipped.scenario, context=context, control=shipped.control, size=size, lang=name[:2]
        )
        for name, size in sizes.items()
    }
    return figures, shipped, context


def test_a_ukrainian_print_legend_gives_areas_in_ukrainian(print_maps):
    """The Ukrainian legend's areas: grouped by a no-break space, in км², as the Ukrainian page writes them."""
    figures, shipped, _ = print_maps
    legend = [t.get_text() for t in figures["uk"].legends[0].get_texts()]
    recognised = shipped.scenario.statuses["recognised"].text("uk")[0]
    assert legend[0] == f"{recognised} 74\u00a0184 км²"  # 74,184 km², as the English legend and geo stats give it


def placed_labels(figure, halos: bool = False):
    """(text, its box in map coordinates, its Text) for each place label on the map (or each halo)."""
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    to_map = axes.transData.inverted().transform
    return [
        (t.get_text(), to_map(t.get_window_extent(renderer).get_points()), t)
        for t in axes.texts
        if bool(t.get_path_effects()) == halos
    ]


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_print_names_the_story_the_capital_and_the_changed_regions_centres(print_maps, lang):
    from geo import places

    figures, _, _ = print_maps
    names = {text for text, _, _ in placed_labels(figures[lang])}
    # Luhansk lies level with the buffer zone's towns, 120 km east: at print size their names leave it no room.
    wanted = ["Kyiv", "Kramatorsk", "Kostiantynivka", "Donetsk", "Zaporizhzhia", "Kherson", "Simferopol"]
    by_name = {town.name: town.name_uk for town in places.towns()}
    assert {name if lang == "en" else by_name[name] for name in wanted} <= names
    # The buffer zone's four towns lie within 35 km: at this size three of them find room.
    story = {
        by_name[name] if lang == "uk" else name for name in ("Kramatorsk", "Sloviansk", "Kostiantynivka", "Druzhkivka")
    }
    assert len(story & names) >= 3


@pytest.mark.parametrize("lang", ["en", "uk", "uk-card"])
def test_print_labels_keep_off_small_zones_seas_stay_on_sea_and_all_have_a_halo(print_maps, lang):
    import shapely
    from matplotlib import colors, patheffects

    from tests.test_labels import contrast

    figures, shipped, context = print_maps
    projected = shipped.zones.to_crs(staticmap.PROJECTION)
    small = projected[projected["area_km2"] < present.SMALL_ZONE_KM2].geometry  # the Kinburn, Dnipropetrovsk pockets
    sea = shapely.union_all(
        shapely.make_valid(context[context["kind"] == "sea"].to_crs(staticmap.PROJECTION).geometry.values)
    )
    labels = placed_labels(figures[lang])
    seas = [(text, box) for text, box, t in labels if t.get_fontstyle() == "italic"]
    assert seas or lang == "uk-card"  # a sea is named in print; a card may have no room on the sea
    halos = {(text, tuple(box.round(0).ravel())): t for text, box, t in placed_labels(figures[lang], halos=True)}
    for text, box, t in labels:
        outline = shapely.box(*box.ravel())
        assert not small.intersects(outline).any(), text
        twin = halos[(text, tuple(box.round(0).ravel()))]  # a stroked white copy under it, in the same place
        assert twin.get_zorder() < t.get_zorder() and colors.to_hex(twin.get_color()) == "#ffffff"
        stroke = [e for e in twin.get_path_effects() if isinstance(e, patheffects.withStroke)]
        assert stroke and stroke[0]._gc["linewidth"] >= 2 and colors.to_hex(stroke[0]._gc["foreground"]) == "#ffffff"
        colour = tuple(round(255 * v) for v in colors.to_rgb(t.get_color()))
        assert contrast(colour, (255, 255, 255)) >= 4.5, text
    for text, box in seas:
        assert sea.contains(shapely.box(*box.ravel())), text


def test_the_sea_the_neighbours_and_the_whole_line_of_control_are_drawn(plan):
    """South of Crimea is sea, west of Lviv is Poland: each in its colour, read from the drawn pixels; and the
    line is drawn its whole length."""
    import numpy as np
    import pyproj
    import shapely
    from matplotlib.colors import to_rgb

    from geo.projection import to_equal_area
    from geo.zones import line_of_control

    figure = staticmap.draw(plan.zones, plan.scenario, context=load_context(), control=plan.control)
    figure.canvas.draw()
    pixels = np.asarray(figure.canvas.buffer_rgba())[:, :, :3] / 255
    axes = figure.axes[0]
    to_map = pyproj.Transformer.from_crs(4326, staticmap.PROJECTION, always_xy=True)
    for (lon, lat), colour in (((34.0, 43.9), present.SEA_COLOUR), ((22.0, 50.6), present.LAND_COLOUR)):
        x, y = axes.transData.transform(to_map.transform(lon, lat))
        drawn = pixels[pixels.shape[0] - round(y), round(x)]
        assert np.allclose(drawn, to_rgb(colour), atol=0.02), (lon, lat, drawn)
    # The line of control: one line in its colour, the length of the zones' shared edge (EPSG:3035 for both).
    (drawn,) = [line for line in axes.get_lines() if line.get_color() == present.LINE_COLOUR]
    x, y = np.asarray(drawn.get_xdata(), float), np.asarray(drawn.get_ydata(), float)
    lon, lat = pyproj.Transformer.from_crs(staticmap.PROJECTION, 4326, always_xy=True).transform(x, y)
    parts = np.split(np.c_[lon, lat], np.flatnonzero(np.isnan(lon)))
    length = sum(shapely.length(to_equal_area(shapely.LineString(p[~np.isnan(p[:, 0])]))) for p in parts if len(p) > 2)
    assert length / 1e3 == pytest.approx(shapely.length(to_equal_area(line_of_control(plan.zones))) / 1e3, rel=0.05)


def test_the_legends_swatches_are_the_statuses_colours_and_a_map_without_a_line_names_none():
    from matplotlib.colors import same_color

    regions_only = run("plan-28", control="none")[0]
    figure = staticmap.draw(regions_only.zones, regions_only.scenario)
    legend = figure.legends[0]
    shown = set(regions_only.zones["status"])
    statuses = [s for key, s in regions_only.scenario.statuses.items() if key in shown]
    # No line of control; the plan's marker, the nuclear plant, named by its kind.
    assert [t.get_text() for t in legend.get_texts()] == [*with_areas(regions_only), "Power plant"]
    swatches = legend.legend_handles[: len(statuses)]
    assert all(same_color(h.get_facecolor(), s.colour) for h, s in zip(swatches, statuses, strict=True))


def test_a_line_that_covers_every_region_leaves_no_stray_mark(tmp_path):
    """Every region occupied: no edge between held and occupied ground, so nothing drawn as the line."""
    import json

    import numpy as np

    cover = tmp_path / "everything.geojson"
    box = [[20, 43], [42, 43], [42, 54], [20, 54], [20, 43]]
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [box]}}
    cover.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    prepared = run("plan-28", control=str(cover), control_date="2025-11-20")[0]
    assert set(prepared.zones["part"]) == {"occupied"}
    figure = staticmap.draw(prepared.zones, prepared.scenario, control=prepared.control)
    drawn = [line for line in figure.axes[0].get_lines() if line.get_color() == present.LINE_COLOUR]
    assert all(np.isnan(np.asarray(line.get_xdata(), float)).all() for line in drawn)


def test_the_committed_print_map_is_what_a_fresh_offline_machine_draws(tmp_path, monkeypatch):
    """maps/plan-28-print.png as committed equals `geo render --offline --format png` with an empty cache: every
    stroke, colour and space of the print map pinned, so that a change to it is seen and committed on purpose."""
    monkeypatch.chdir(tmp_path)
    assert main(["render", "--offline", "--format", "png", "--out", "print.png"]) == 0
    assert_committed(tmp_path / "print.png", "plan-28-print.png")


def test_a_pdf_is_a_page_of_searchable_text_with_its_fonts_embedded(tmp_path, capsys):
    import pypdf

    from geo.scenario import load_scenario

    out = tmp_path / "map.pdf"
    assert main(["render", "--format", "pdf", "--size", "a4", "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"{out}: ")
    pdf = pypdf.PdfReader(out)
    (page,) = pdf.pages
    # A4 landscape: 297 x 210 mm, in points of 1/72 inch (ISO 216), within the rounding of 150-dpi pixels.
    assert page.mediabox.width == pytest.approx(297 / 25.4 * 72, abs=1)
    assert page.mediabox.height == pytest.approx(210 / 25.4 * 72, abs=1)
    text = " ".join(page.extract_text().split())
    assert load_scenario("plan-28").title in text and "Boundaries: © OpenStreetMap contributors" in text
    assert "Line of control (20 November 2025)" in text  # the legend, as text too
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    descriptors = [f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts if "/DescendantFonts" in f]
    assert descriptors and all("/FontFile2" in d for d in descriptors)  # each font's TrueType program is inside
    # No date nor software version recorded: the same map is the same file.
    assert not {"/CreationDate", "/Producer", "/Creator"} & set(pdf.metadata or {})
