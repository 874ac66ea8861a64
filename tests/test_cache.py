"""The download cache: pinned files verified when read, size and time limits on downloads, and a
cache folder that cannot be used costing time, never the map."""

import hashlib
import time

import pytest

from geo import cache
from geo.cli import main
from geo.errors import SourceUnavailable
from tests.conftest import QuietHandler, serve

BODY = b'{"type":"FeatureCollection","features":[]}' + b" " * 4_000
PINNED = "sha256:" + hashlib.sha256(BODY).hexdigest()


@pytest.fixture
def server():
    """Serves BODY at /file, and at /trickle in 40 pieces 0.05 s apart; records the requests."""
    requested = []

    class Handler(QuietHandler):
        def do_GET(self):
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            step = len(BODY) // 40 + 1
            for at in range(0, len(BODY), step):
                self.wfile.write(BODY[at : at + step])
                self.wfile.flush()
                if self.path == "/trickle":
                    time.sleep(0.05)

    with serve(Handler) as base:
        yield base, requested


def test_a_tampered_pinned_copy_is_refused_offline_and_removed(cache_dir):
    (cache_dir / "pinned.json").write_bytes(BODY.replace(b"[]", b"[1]"))
    with pytest.raises(SourceUnavailable, match="failed verification"):
        cache.fetch("http://127.0.0.1:9/file", "pinned.json", known_hash=PINNED, offline=True)
    assert list(cache_dir.iterdir()) == []


def test_a_tampered_pinned_copy_is_fetched_again_online(cache_dir, server):
    base, requested = server
    (cache_dir / "pinned.json").write_bytes(b"tampered")
    path = cache.fetch(base + "/file", "pinned.json", known_hash=PINNED)
    assert path.read_bytes() == BODY and requested == ["/file"]
    cache.fetch(base + "/file", "pinned.json", known_hash=PINNED)
    assert requested == ["/file"]  # a verified copy is used as it is


def test_a_download_stops_at_the_size_limit_and_leaves_nothing(cache_dir, server, monkeypatch):
    base, _ = server
    monkeypatch.setattr(cache, "MAX_DOWNLOAD_BYTES", 1_000)
    with pytest.raises(SourceUnavailable, match="larger than"):
        cache.fetch(base + "/file", "big.json")
    assert list(cache_dir.iterdir()) == []


def test_a_download_stops_at_the_deadline_however_steadily_bytes_arrive(cache_dir, server, monkeypatch):
    base, _ = server
    monkeypatch.setattr(cache, "DEADLINE_S", 0.5)  # each piece comes well within TIMEOUT_S
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="took longer than"):
        cache.fetch(base + "/trickle", "slow.json")
    assert time.monotonic() - started < 1.5
    assert list(cache_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("a file", "File exists"), ("under a file", "Not a directory"), ("unwritable", "Permission denied")],
)
def test_a_cache_folder_that_cannot_be_used_still_gives_the_map(kind, reason, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    folder = {"a file": blocker, "under a file": blocker / "cache", "unwritable": tmp_path / "ro"}[kind]
    if kind == "unwritable":
        folder.mkdir()
        monkeypatch.setattr(cache, "write_atomic", _failing_write)
    monkeypatch.setenv("GEO_CACHE_DIR", str(folder))
    out = tmp_path / "map.html"
    assert main(["render", "--control", "none", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert out.stat().st_size > 100_000 and "internal error" not in err
    assert err.count("\n") == 1 and err.startswith(f"geo: warning: cache not written ({reason}")


def _failing_write(path, content):
    raise PermissionError(13, "Permission denied", str(path))


def test_the_size_limit_counts_every_piece_and_allows_a_file_of_exactly_the_limit(cache_dir, server, monkeypatch):
    base, _ = server
    monkeypatch.setattr(cache, "MAX_DOWNLOAD_BYTES", len(BODY))  # /file arrives in 40 pieces
    assert cache.fetch(base + "/file", "exact.json").read_bytes() == BODY
    monkeypatch.setattr(cache, "MAX_DOWNLOAD_BYTES", len(BODY) - 1)
    with pytest.raises(SourceUnavailable, match=r"/file: larger than 0.004041 MB; stopped$"):
        cache.fetch(base + "/file", "over.json")


def test_a_compressed_download_is_stored_as_the_file_itself(cache_dir):
    import gzip

    class Gzipped(QuietHandler):
        def do_GET(self):
            body = gzip.compress(BODY)
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serve(Gzipped) as base:
        assert cache.fetch(base + "/file", "plain.json", known_hash=PINNED).read_bytes() == BODY


def test_a_server_that_answers_then_falls_silent_is_given_up_after_the_timeout(cache_dir, monkeypatch):
    class Silent(QuietHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            time.sleep(3)

    monkeypatch.setattr(cache, "TIMEOUT_S", 0.3)
    started = time.monotonic()
    with (
        serve(Silent) as base,
        pytest.raises(SourceUnavailable, match=r"^http://127\.0\.0\.1:\d+/file: download failed \(\w+Error\)$"),
    ):
        cache.fetch(base + "/file", "silent.json")
    assert time.monotonic() - started < 2.5  # well before the server's 3 s


def test_a_cache_folder_that_does_not_exist_yet_is_made_with_its_parents(tmp_path, server, monkeypatch):
    base, _ = server
    folder = tmp_path / "new" / "nested" / "cache"
    monkeypatch.setenv("GEO_CACHE_DIR", str(folder))
    assert cache.fetch(base + "/file", "made.json") == folder / "made.json"


def test_an_address_requests_cannot_use_is_named_with_the_reason():
    with pytest.raises(SourceUnavailable, match=r"^http://127\.0\.0\.1:99999/x: download failed \(InvalidURL\)$"):
        cache.fetch("http://127.0.0.1:99999/x", "x.json")


def test_a_cache_under_a_file_is_one_line_naming_it(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "file" / "cache"))
    with pytest.raises(SourceUnavailable, match=r"^cannot store x\.json in the cache .*/file/cache: Not a directory$"):
        cache.fetch("http://127.0.0.1:9/x", "x.json")


def test_map_data_is_stored_in_a_cache_folder_made_with_its_parents(tmp_path, monkeypatch):
    folder = tmp_path / "new" / "nested" / "cache"
    monkeypatch.setenv("GEO_CACHE_DIR", str(folder))
    cache.write_json("map-x.json", {"zones": []})
    assert cache.read_json("map-x.json") == {"zones": []}


@pytest.mark.parametrize(
    "entry",
    ["[]", "{}", '"map"', "null", '{"zones": 5}', '{"zones": [1, 2]}'],
    ids=["list", "empty", "string", "null", "zones not a list", "zones of numbers"],
)
def test_a_cache_entry_geo_did_not_write_is_a_miss_never_an_error(cache_dir, tmp_path, capsys, entry):
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    assert main(["render", "--offline", "--out", str(first)]) == 0
    entries = list(cache_dir.glob("map-*.json"))
    assert entries
    for path in entries:
        path.write_text(entry, encoding="utf-8")
    assert main(["render", "--offline", "--out", str(second)]) == 0
    assert "internal error" not in capsys.readouterr().err
    assert second.read_bytes() == first.read_bytes()
    assert all(path.read_text(encoding="utf-8") != entry for path in entries)  # written anew
