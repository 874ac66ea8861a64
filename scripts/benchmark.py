"""Measure the default map: speed and size, against GeoDataFrame.explore() in the same run.

    python -m scripts.benchmark [--control SOURCE] [--runs N] [--snapshots FOLDER] [--archive FOLDER [--days N]]

Timings vary a lot from run to run on a shared machine, so each figure is the median of
--runs repetitions, and the comparison with explore() is a ratio taken in the same run.
Prints figures only; nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_POLYGON = """
window.__firstPolygon = null;
new MutationObserver(function (records, observer) {
  if (document.querySelector("path.leaflet-interactive")) {
    window.__firstPolygon = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_seconds(argv: list[str], runs: int, env: dict, before=lambda: None) -> float:
    """Median wall time of a command; ``before`` runs ahead of each run, untimed."""
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_polygon_ms(page_path: Path, runs: int) -> float:
    from playwright.sync_api import sync_playwright

    from scripts import chromium

    results = []
    with sync_playwright() as driver:
        browser = chromium.launch(driver)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
            page = context.new_page()
            page.add_init_script(FIRST_POLYGON)
            page.goto(page_path.as_uri())
            page.wait_for_function("window.__firstPolygon !== null")
            results.append(page.evaluate("window.__firstPolygon"))
            context.close()
        browser.close()
    return statistics.median(results)


SLIDER_REDRAW = """() => {
  const slider = document.getElementById("geo-date"), pane = map_ukraine.getPane("overlayPane"), times = [];
  for (let d = 0; d <= +slider.max; d++) {
    const start = performance.now();
    slider.value = d;
    slider.dispatchEvent(new Event("input"));
    pane.getBoundingClientRect();  // layout included
    times.push(performance.now() - start);
  }
  return times;
}"""


def slider_redraw_ms(page_path: Path, runs: int) -> list[float]:
    """Per date, the median time (over ``runs`` sweeps) from setting the slider to the redrawn layout."""
    from playwright.sync_api import sync_playwright

    from scripts import chromium

    with sync_playwright() as driver:
        browser = chromium.launch(driver)
        page = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True).new_page()
        page.goto(page_path.as_uri())
        page.wait_for_selector("path.leaflet-interactive")
        sweeps = [page.evaluate(SLIDER_REDRAW) for _ in range(runs)]
        browser.close()
    return [statistics.median(times) for times in zip(*sweeps, strict=True)]


def series_rows(snapshots: Path, runs: int, out: Path) -> list[tuple[str, str]]:
    """A map of several dates: the 15th-of-month snapshots in ``snapshots`` (26 dates), two of them,
    and 100 weekly dates (each the latest monthly snapshot on or before it: the archive the
    fixtures hold has no weekly snapshots, so this measures size per date, not weekly change)."""
    import datetime as dt

    monthly = sorted(p for p in snapshots.glob("*.geojson") if p.stem.endswith("15"))
    folders = {"monthly": monthly, "two": monthly[-2:]}
    day = dt.date(2024, 7, 15)
    weekly = []
    for _ in range(100):
        weekly.append((day, max(p for p in monthly if p.stem[-8:] <= day.strftime("%Y%m%d"))))
        day += dt.timedelta(days=7)
    for name, files in folders.items():
        (out / name).mkdir()
        for path in files:
            shutil.copy(path, out / name / path.name)
    (out / "weekly").mkdir()
    for when, path in weekly:  # a byte more than the snapshot: dated by its name, not known by its checksum
        (out / "weekly" / f"front-{when:%Y%m%d}.geojson").write_bytes(path.read_bytes() + b"\n")
    env = {**os.environ, "GEO_CACHE_DIR": str(out / "series-cache")}
    sizes, cold = {}, {}
    for name in ("two", "monthly", "weekly"):
        page = out / f"{name}.html"
        render = [sys.executable, "-m", "geo", "render", "--control", str(out / name), "--out", str(page)]
        shutil.rmtree(out / "series-cache", ignore_errors=True)
        cold[name] = command_seconds(render, 1, env)
        sizes[name] = page.stat().st_size
        if name == "monthly":
            warm = command_seconds(render, runs, env)
            over = ["--control", str(out / name)]
            stats_warm = command_seconds([sys.executable, "-m", "geo", "stats", *over], runs, env)
            chart = [sys.executable, "-m", "geo", "chart", *over, "--out", str(out / "chart.svg")]
            chart_warm = command_seconds(chart, runs, env)
    n = len(monthly)
    redraw = slider_redraw_ms(out / "monthly.html", runs)
    per_date = (sizes["monthly"] - sizes["two"]) / (n - 2)
    return [
        (f"series: {n} monthly dates, cold (nothing cached)", f"{cold['monthly']:.1f} s, measured once"),
        (
            "series: cold cost per additional date",
            f"{(cold['monthly'] - cold['two']) / (n - 2):.2f} s  (target <= 0.5 s)",
        ),
        (f"series: {n} monthly dates, warm (map data cached)", f"{warm:.2f} s"),
        (
            f"series: geo stats over {n} monthly dates, warm",
            f"{stats_warm:.2f} s  ({stats_warm / warm:.2f}x warm render over them; target <= 2x)",
        ),
        (
            f"series: geo chart over {n} monthly dates, warm",
            f"{chart_warm:.2f} s  ({chart_warm / warm:.2f}x warm render over them; target <= 2x)",
        ),
        (f"series: page of {n} monthly dates", f"{sizes['monthly'] / 1024:.0f} KB  (target <= 450 KB)"),
        ("series: page of 100 weekly dates", f"{sizes['weekly'] / 1024:.0f} KB  (target <= 1,200 KB)"),
        ("series: bytes per additional monthly date", f"{per_date:,.0f}"),
        (
            "series: slider redraw in Chromium",
            f"median {statistics.median(redraw):.1f} ms, slowest {max(redraw):.1f} ms  (target <= 50 ms)",
        ),
    ]


def archive_rows(daily: Path, days: int, runs: int, out: Path) -> list[tuple[str, str]]:
    """The daily archive (``daily``: DeepStateMap's snapshot of each day, with gaps): its first ``days``
    files and two of them, cold and warm, as `geo render`, `geo stats` and `geo chart` go over them."""
    files = sorted(daily.glob("*.geojson"))[:days]
    env = {**os.environ, "GEO_CACHE_DIR": str(out / "archive-cache")}
    sizes, cold = {}, {}
    for name, chosen in (("two", files[:2]), ("days", files)):
        (out / name).mkdir()
        for path in chosen:
            os.symlink(path.resolve(), out / name / path.name)
        page = out / f"{name}.html"
        render = [sys.executable, "-m", "geo", "render", "--control", str(out / name), "--out", str(page)]
        shutil.rmtree(out / "archive-cache", ignore_errors=True)
        cold[name] = command_seconds(render, 1, env)
        sizes[name] = page.stat().st_size
    one = [sys.executable, "-m", "geo", "render", "--control", str(files[0]), "--out", str(out / "one.html")]
    shutil.rmtree(out / "archive-cache", ignore_errors=True)
    single = command_seconds(one, 1, env)
    render = [sys.executable, "-m", "geo", "render", "--control", str(out / "days"), "--out", str(out / "days.html")]
    command_seconds(render, 1, env)  # the cache filled for these days
    warm = command_seconds(render, runs, env)
    over = ["--control", str(out / "days")]
    stats_warm = command_seconds([sys.executable, "-m", "geo", "stats", *over], runs, env)
    chart = [sys.executable, "-m", "geo", "chart", *over, "--out", str(out / "days.svg"), "--format", "svg"]
    chart_warm = command_seconds(chart, runs, env)
    per_date = (cold["days"] - cold["two"]) / (len(files) - 2)
    redraw = slider_redraw_ms(out / "days.html", runs)
    return [
        (f"archive: {len(files)} daily dates, cold", f"{cold['days']:.1f} s, measured once"),
        ("archive: one cold single-date render", f"{single:.2f} s, measured once"),
        (
            "archive: cold cost per additional daily date",
            f"{per_date:.2f} s  ({per_date / single:.2f}x one cold render; target <= 0.15x)",
        ),
        (f"archive: geo render over {len(files)} days, warm", f"{warm:.2f} s"),
        (f"archive: geo stats over {len(files)} days, warm", f"{stats_warm:.2f} s"),
        (f"archive: geo chart over {len(files)} days, warm", f"{chart_warm:.2f} s"),
        (f"archive: page of {len(files)} daily dates", f"{sizes['days'] / 1024:.0f} KB  (target <= 3 MB)"),
        (
            "archive: bytes per additional daily date",
            f"{(sizes['days'] - sizes['two']) / (len(files) - 2):,.0f}  (target <= 2,048)",
        ),
        (
            "archive: slider redraw in Chromium",
            f"median {statistics.median(redraw):.1f} ms, slowest {max(redraw):.1f} ms  (target <= 50 ms)",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--control", help="control layer (default: the scenario's, from the cache)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--snapshots",
        type=Path,
        default=ROOT.parent / "shared" / "fixtures" / "deepstate",
        help="folder of DeepStateMap snapshots for the figures of a map of several dates (skipped if absent)",
    )
    parser.add_argument(
        "--archive",
        type=Path,
        help="folder of daily DeepStateMap snapshots: also measure a run over its first --days days",
    )
    parser.add_argument("--days", type=int, default=60, help="daily dates for --archive (default 60)")
    parser.add_argument("--archive-only", action="store_true", help="with --archive: only the archive's figures")
    args = parser.parse_args()
    if args.archive and args.archive_only:
        rows = archive_rows(args.archive, args.days, args.runs, Path(tempfile.mkdtemp()))
        print(f"geo benchmark: the daily archive, median of {args.runs} runs, {time.strftime('%Y-%m-%d')}")
        for label, value in rows:
            print(f"  {label:<{max(len(label) for label, _ in rows)}}  {value}")
        return

    import geopandas
    import shapely

    import geo
    from geo import topology, webdata, webmap
    from geo.control import SHIPPED_DIR, find_control
    from geo.files import write_atomic
    from geo.projection import EQUAL_AREA

    prepared = geo.run("plan-28", control=args.control)[0]
    if prepared.notices:
        sys.exit(f"benchmark needs the line of control: {prepared.notices[0]}")
    zones, scenario, context = prepared.zones, prepared.scenario, geo.load_context()
    others = [geo.load_scenario("ceasefire-in-place"), geo.load_scenario("plan-28")]
    out = Path(tempfile.mkdtemp())

    def ours(scenarios=(scenario,), name="geo.html"):
        page = webmap.page(webdata.encode(zones, context, prepared.control), list(scenarios)).encode()
        write_atomic(out / name, page)
        return len(page)

    def folium_map():
        geo.save(geo.render(zones, scenario, context=context, control=prepared.control), out / "folium.html")

    def theirs():
        fmap = zones.explore(column="status", categorical=True, tooltip=["name", "part", "status", "note"])
        fmap.save(out / "explore.html")

    geo_s, folium_s, explore_s = (median_seconds(f, args.runs) for f in (ours, folium_map, theirs))
    sizes = [ours([scenario, *others][:n], f"geo-{n}.html") for n in (1, 2, 3)]
    ours_html, explore_html = (out / "geo.html").read_bytes(), (out / "explore.html").read_bytes()

    encoded = topology.encode(zones.geometry.values, webdata.ZONE_TOLERANCE_M, webdata.ZONE_GRID_DEG)
    payload = len(json.dumps(encoded.to_json(), separators=(",", ":")))
    metric = zones.to_crs(EQUAL_AREA).geometry.values
    decoded = geopandas.GeoSeries(topology.decode(encoded), crs=4326).to_crs(EQUAL_AREA)
    deviation = shapely.hausdorff_distance(decoded.values, metric).max()

    # The command in a cache of its own that holds only the control layer's file (none for the
    # line geo ships), so that "first run" means: downloads present, map data not yet computed.
    cache = out / "cache"
    cache.mkdir()
    control_file = find_control(args.control or scenario.control).path
    if control_file.parent != SHIPPED_DIR:
        shutil.copy(control_file, cache / control_file.name)  # under the name find_control looks for
    control = ["--control", args.control] if args.control else []
    env = {**os.environ, "GEO_CACHE_DIR": str(cache)}
    geo_command = [sys.executable, "-m", "geo"]
    render = [*geo_command, "render", "--offline", *control, "--out", str(out / "cli.html")]

    def forget_map_data():
        for entry in cache.glob("map-*.json"):
            entry.unlink()

    first_s = command_seconds(render, args.runs, env, before=forget_map_data)
    again_s = command_seconds(render, args.runs, env)
    help_s = command_seconds([*geo_command, "--help"], args.runs, env)
    stats_s = command_seconds([*geo_command, "stats", "--offline", *control], args.runs, env)
    places_s = command_seconds([*geo_command, "places", "--offline", *control], args.runs, env)
    geopandas_s = command_seconds([sys.executable, "-c", "import geopandas"], args.runs, env)
    browser_ms = first_polygon_ms(out / "geo.html", args.runs)

    rows = [
        ("map writing, geo encode() + page()", f"{geo_s:.3f} s"),
        ("map writing, GeoDataFrame.explore() + save()", f"{explore_s:.3f} s"),
        ("ratio geo / explore()", f"{geo_s / explore_s:.2f}x  (target <= 0.6x)"),
        ("map writing, geo render() + save() (folium Map)", f"{folium_s:.3f} s  ({folium_s / explore_s:.2f}x)"),
        ("geo render, whole command, map data cached", f"{again_s:.2f} s  (target <= 1.0 s)"),
        ("geo render, whole command, first run", f"{first_s:.2f} s  (splits and encodes; then cached)"),
        (
            "python -c 'import geopandas'",
            f"{geopandas_s:.2f} s  (first render: {first_s / geopandas_s:.2f}x; target <= 1.0x)",
        ),
        (
            "geo stats, whole command, cached",
            f"{stats_s:.2f} s  ({stats_s / again_s:.2f}x warm render; target <= 1.2x)",
        ),
        ("geo places, whole command, cached", f"{places_s:.2f} s  ({places_s / again_s:.2f}x warm render)"),
        ("geo --help", f"{help_s:.3f} s  (target < 0.3 s)"),
        ("first polygon drawn in Chromium", f"{browser_ms:.0f} ms  (target <= 300 ms)"),
        (
            "HTML, geo (self-contained)",
            f"{len(ours_html) / 1024:.0f} KB, gzip {len(gzip.compress(ours_html)) / 1024:.0f} KB",
        ),
        (
            "HTML, explore() (loads its libraries from CDNs)",
            f"{len(explore_html) / 1024:.0f} KB, gzip {len(gzip.compress(explore_html)) / 1024:.0f} KB",
        ),
        ("ratio of sizes geo / explore()", f"{len(ours_html) / len(explore_html):.2f}x"),
        (
            "zone geometry payload",
            f"{payload / 1024:.1f} KB at {deviation:.0f} m max deviation (target <= 80 KB, 1 km)",
        ),
        ("bytes per extra scenario", f"{sizes[1] - sizes[0]:,}, then {sizes[2] - sizes[1]:,}  (target <= 2,048)"),
    ]
    if args.snapshots.is_dir():
        rows += series_rows(args.snapshots, args.runs, out)
    if args.archive:
        rows += archive_rows(args.archive, args.days, args.runs, out)
    width = max(len(label) for label, _ in rows)
    print(f"geo benchmark: {len(zones)} zones, median of {args.runs} runs, {time.strftime('%Y-%m-%d')}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("  (PYTHONDONTWRITEBYTECODE is set: every command compiles geo's modules again, as a user's does not)")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")


if __name__ == "__main__":
    main()
