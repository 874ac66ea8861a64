"""Shared fixtures: real third-party data (skipped when absent), a local HTTP server, a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import sys
import threading
from pathlib import Path

import pytest
import shapely

from geo import pipeline, webdata, webmap
from geo.projection import EQUAL_AREA
from scripts import chromium

ROOT = Path(__file__).resolve().parent.parent
# ../shared/fixtures beside the repository; GEO_FIXTURES names it from elsewhere (scripts/mutation.py).
SHARED = Path(os.environ.get("GEO_FIXTURES", ROOT.parent / "shared" / "fixtures"))
DEEPSTATE_20251120 = SHARED / "deepstate" / "deepstatemap_data_20251120.geojson"
DEEPSTATE_20251115 = SHARED / "deepstate" / "deepstatemap_data_20251115.geojson"
# Ukraine's area as the State Statistics Service gives it (data/boundaries/official-areas.toml sums its table).
OFFICIAL_AREA_KM2 = 603_628
UNSHIPPED_DAY = "2025-11-15"  # a DeepStateMap date whose line geo does not ship: it must be downloaded


_MAPPING_TESTS = False  # whether mutmut is mapping which tests reach which function (scripts/mutation.py)


def _forget_geo_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name == "geo" or name.startswith("geo."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def pytest_sessionstart(session):
    """Forget what geo's functools caches hold: a session forked from another (scripts/mutation.py
    forks each mutant's session from a finished one) must compute everything afresh. And while
    mutmut maps which tests reach which function, run child processes on plain geo: it cannot
    follow them (it still knows its mode from inside this process)."""
    global _MAPPING_TESTS
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        del os.environ["MUTANT_UNDER_TEST"]
        _MAPPING_TESTS = True
    _forget_geo_caches()


@pytest.fixture(autouse=True)
def _each_test_reaches_what_it_uses():
    """While mutmut maps tests to functions, a cached result would hide what a test reaches."""
    if _MAPPING_TESTS:
        _forget_geo_caches()


@pytest.fixture
def unshipped_plan(tmp_path) -> Path:
    """plan-28 with the line of a day geo does not ship: offline with an empty cache, it falls back."""
    path = tmp_path / "plan-unshipped.toml"
    path.write_text(f'extends = "plan-28"\nid = "plan-unshipped"\ncontrol = "deepstate:{UNSHIPPED_DAY}"\n')
    return path


@pytest.fixture
def deepstate_file() -> Path:
    """DeepStateMap's snapshot of 2025-11-20 (../shared/fixtures), the day the plan was reported."""
    if not DEEPSTATE_20251120.is_file():
        pytest.skip(f"real control layer fixture absent: {DEEPSTATE_20251120}")
    return DEEPSTATE_20251120


@pytest.fixture(scope="session")
def deepstate_daily() -> Path:
    """DeepStateMap's daily snapshots (766 days from 2024-07-08, with gaps)."""
    path = SHARED / "deepstate-daily"
    if not path.is_dir():
        pytest.skip(f"daily control layer fixtures absent: {path}")
    return path


@pytest.fixture
def geoboundaries_file() -> Path:
    """geoBoundaries' gbOpen UKR ADM1 file (../shared/fixtures), the source of the default layer."""
    path = SHARED / "boundaries" / "geoBoundaries-UKR-ADM1.geojson"
    if not path.is_file():
        pytest.skip(f"geoBoundaries fixture absent: {path}")
    return path


@pytest.fixture
def natural_earth_file() -> Path:
    """The unmodified Natural Earth admin-1 file; .ci/run fetches it and sets GEO_NATURAL_EARTH."""
    path = Path(os.environ.get("GEO_NATURAL_EARTH", "/nonexistent"))
    if not path.is_file():
        pytest.skip("Natural Earth admin-1 file absent: set GEO_NATURAL_EARTH (see .ci/run)")
    return path


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets an empty download cache of its own: no test sees another's downloads."""
    path = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("GEO_CACHE_DIR", str(path))
    return path


@pytest.fixture
def unshipped_snapshot() -> Path:
    """DeepStateMap's snapshot of UNSHIPPED_DAY (../shared/fixtures): geo downloads this day on demand."""
    if not DEEPSTATE_20251115.is_file():
        pytest.skip(f"real control layer fixture absent: {DEEPSTATE_20251115}")
    return DEEPSTATE_20251115


@pytest.fixture
def seeded_unshipped(cache_dir, unshipped_snapshot) -> Path:
    """A cache holding the UNSHIPPED_DAY snapshot, as after one download of it."""
    shutil.copy(unshipped_snapshot, cache_dir / unshipped_snapshot.name)
    return cache_dir


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """A request handler that logs nothing: tests keep their own record of what was asked."""

    def log_message(self, *args):
        pass


class _QuietFiles(QuietHandler, http.server.SimpleHTTPRequestHandler):
    pass


@contextlib.contextmanager
def serve(handler: type[http.server.BaseHTTPRequestHandler]):
    """Run ``handler`` on 127.0.0.1 in a thread; yields the base URL. The one local HTTP server tests use."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def http_server(tmp_path):
    """Serve a temporary folder on 127.0.0.1; yields (folder, base URL, list of requested paths)."""
    root = tmp_path / "www"
    root.mkdir()
    requested: list[str] = []

    class Handler(_QuietFiles):
        def do_GET(self):
            requested.append(self.path)
            super().do_GET()

    with serve(functools.partial(Handler, directory=str(root))) as base:
        yield root, base, requested


@pytest.fixture(scope="session")
def real_plan(tmp_path_factory):
    """plan-28 split by DeepStateMap's snapshot of 2025-11-20, prepared once for the session."""
    if not DEEPSTATE_20251120.is_file():
        pytest.skip(f"real control layer fixture absent: {DEEPSTATE_20251120}")
    with pytest.MonkeyPatch.context() as patch:  # no session-wide fixture may touch the user's cache
        patch.setenv("GEO_CACHE_DIR", str(tmp_path_factory.mktemp("plan-cache")))
        return pipeline.run("plan-28", control=str(DEEPSTATE_20251120)).compute(zones=True)[0]


def render_page(prepared, scenarios=None, context=None, **kwargs) -> str:
    """A prepared plan's page as `geo render` writes it."""
    data = webdata.encode(prepared.zones, context, prepared.control)
    return webmap.page(data, scenarios or prepared.scenario, notices=prepared.notices, **kwargs)


def python_argv(folder: Path, code: str) -> list[str]:
    """A command running ``code`` in a new Python that imports geo as this run does (from the current
    folder), from a file rather than ``-c``: tools that walk stack frames (mutmut) need a file."""
    script = folder / "script.py"
    script.write_text(f"import sys\nsys.path.insert(0, {os.getcwd()!r})\n{code}\n", encoding="utf-8")
    return [sys.executable, str(script)]


def dated_lines(folder: Path, shapes: dict) -> list[Path]:
    """Hand-drawn lines of control, one file per day (``line_YYYYMMDD.geojson``, dated by its name), each a
    polygon of occupied land: ``shapes`` maps each day to its polygon."""
    import geopandas as gpd

    paths = [folder / f"line_{day}.geojson" for day in shapes]
    for path, shape in zip(paths, shapes.values(), strict=True):
        gpd.GeoDataFrame(geometry=[shape], crs=4326).to_file(path)
    return paths


def script_data(page: str) -> dict:
    """The JSON the page's scripts read (its ``geo-data`` element's text), decoded as JSON.parse would."""
    text = re.search(r'<script type="application/json" id="geo-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(text)


def committed(name: str) -> bytes:
    """maps/NAME as of the last commit (the file itself outside a git checkout): what a test compares a fresh
    output with, so that a regenerated file must be committed before the tests pass (see README)."""
    import subprocess

    shown = subprocess.run(["git", "show", f"HEAD:maps/{name}"], cwd=ROOT, capture_output=True, check=False)
    return shown.stdout if shown.returncode == 0 else (ROOT / "maps" / name).read_bytes()


def assert_committed(written: Path, name: str) -> None:
    """``written`` is maps/NAME as committed, byte for byte; else one line saying where they part (pytest's
    own diff of two files of hundreds of KB takes minutes, and says less)."""
    new, old = written.read_bytes(), committed(name)
    if new != old:
        at = next((i for i, (a, b) in enumerate(zip(new, old, strict=False)) if a != b), min(len(new), len(old)))
        line = new.count(b"\n", 0, at) + 1
        raise AssertionError(f"maps/{name} is stale from line {line} (byte {at:,} of {len(new):,}): see README")


def tagged_table(rows):
    """Tagged zones as geo.tag gives them, without geometry, from (iso, part, status, label, km²) rows; each
    zone named by its ISO code. For tables and charts whose figures a test works out by hand."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["iso", "part", "status", "label", "area_km2"])
    return frame.assign(name=frame["iso"])


def assert_partition(zones, boundaries) -> None:
    """The zones of each region add up to the region, and together form a valid coverage."""
    region_area = boundaries.to_crs(EQUAL_AREA).set_index("iso").area / 1e6
    zone_area = zones.groupby("iso")["area_km2"].sum().reindex(region_area.index).fillna(0)  # a lost region is 0
    assert ((zone_area - region_area).abs() / region_area).max() < 1e-4
    assert shapely.coverage_is_valid(zones.to_crs(EQUAL_AREA).geometry.values)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script (npm package axe-core); .ci/run fetches it and sets GEO_AXE."""
    path = Path(os.environ.get("GEO_AXE", ROOT / ".cache" / "axe" / "package" / "axe.min.js"))
    if not path.is_file():
        pytest.skip("axe-core absent: set GEO_AXE (see .ci/run)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not chromium.EXECUTABLE.exists():
        pytest.skip(f"{chromium.EXECUTABLE} is not installed (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        instance = chromium.launch(driver)
        yield instance
        instance.close()
