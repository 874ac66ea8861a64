"""The user cache: downloads of boundary and control-layer sources, and computed map data.

pooch does the fetching: it downloads to a temporary file and renames it into place, so an
interrupted or failed download never leaves a partial file in the cache. Map data is
written the same way (:func:`geo.files.write_atomic`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from geo.errors import OutputError, SourceUnavailable, warn
from geo.files import sha256, write_atomic

TIMEOUT_S = 30  # the longest wait for the server to answer or send the next bytes
DEADLINE_S = 300  # the longest a whole download may take
MAX_DOWNLOAD_BYTES = 250_000_000  # larger than any boundary or control file geo reads


def cache_dir() -> Path:
    """Where downloads are kept: $GEO_CACHE_DIR, else the platform's user cache folder."""
    if os.environ.get("GEO_CACHE_DIR"):
        return Path(os.environ["GEO_CACHE_DIR"])
    import platformdirs  # what pooch.os_cache uses, without importing pooch

    return Path(platformdirs.user_cache_dir("geo"))


def fetch(url: str, fname: str, known_hash: str | None = None, offline: bool = False) -> Path:
    """Return a local copy of ``url``, downloading it into the cache if it is not there yet.

    ``known_hash`` ("sha256:...") is checked on download and again whenever a cached copy
    is used: a copy that fails is removed and fetched anew (or reported, ``offline``).
    With ``offline`` the network is never touched: a file missing from the cache raises
    SourceUnavailable. Downloads stop at DEADLINE_S seconds and MAX_DOWNLOAD_BYTES.
    """
    path = cache_dir() / fname
    if path.is_file():
        if known_hash is None or sha256(path) == known_hash.removeprefix("sha256:"):
            return path
        path.unlink(missing_ok=True)
        if offline:
            raise SourceUnavailable(f"the cached {fname} failed verification and was removed; fetch it again online")
    if offline:
        raise SourceUnavailable(f"{fname} is not in the cache ({cache_dir()}) and --offline forbids downloading")
    import pooch
    import requests

    pooch.get_logger().setLevel("WARNING")
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        return Path(pooch.retrieve(url, known_hash=known_hash, fname=fname, path=cache_dir(), downloader=_download))
    except requests.HTTPError as error:
        raise SourceUnavailable(f"{url}: HTTP {error.response.status_code}") from None
    except (requests.ConnectionError, requests.Timeout) as error:
        raise SourceUnavailable(f"cannot reach {url} ({type(error).__name__})") from None
    except requests.RequestException as error:  # a truncated body, a broken stream
        raise SourceUnavailable(f"{url}: download failed ({type(error).__name__})") from None
    except ValueError as error:  # pooch's hash mismatch
        raise SourceUnavailable(f"{url}: {error}".splitlines()[0]) from None
    except OSError as error:  # the cache folder cannot be made or written
        raise SourceUnavailable(f"cannot store {fname} in the cache {cache_dir()}: {error.strerror or error}") from None


def _download(url: str, output_file: str, _pooch) -> None:
    """pooch's downloader: stream into ``output_file``, stopping at the size and time limits
    (SourceUnavailable passes through pooch, which removes the partial file)."""
    import time

    import requests
    import urllib3

    deadline = time.monotonic() + DEADLINE_S
    received = 0
    with requests.get(url, stream=True, timeout=TIMEOUT_S) as response, open(output_file, "wb") as stream:
        response.raise_for_status()
        try:  # read1 returns what has arrived, so the deadline is checked however slowly bytes come
            while chunk := response.raw.read1(1 << 16, decode_content=True):
                received += len(chunk)
                if received > MAX_DOWNLOAD_BYTES:
                    raise SourceUnavailable(f"{url}: larger than {MAX_DOWNLOAD_BYTES / 1e6:g} MB; stopped")
                if time.monotonic() > deadline:
                    raise SourceUnavailable(f"{url}: took longer than {DEADLINE_S} s; stopped")
                stream.write(chunk)
        except urllib3.exceptions.HTTPError as error:  # truncated body, stalled stream
            raise SourceUnavailable(f"{url}: download failed ({type(error).__name__})") from None


def read_json(name: str):
    """A value stored by :func:`write_json`, or None when it is absent or unreadable."""
    try:
        return json.loads((cache_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, value) -> None:
    """Store a value (see :func:`write_bytes`)."""
    write_bytes(name, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def read_bytes(name: str) -> bytes | None:
    """A file stored by :func:`write_bytes`, or None when it is absent or unreadable."""
    try:
        return (cache_dir() / name).read_bytes()
    except OSError:
        return None


def write_bytes(name: str, data: bytes) -> None:
    """Store a file; a cache that cannot be written costs time on the next run, nothing more,
    and a warning on stderr says so."""
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        write_atomic(cache_dir() / name, data)
    except (OSError, OutputError) as error:
        reason = str(error) if isinstance(error, OutputError) else f"{error.strerror or error}"
        warn(f"cache not written ({reason}); the next run will do this work again")
