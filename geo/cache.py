"""The user cache: downloads of boundary and control-layer sources, and computed map data.

pooch does the fetching: it downloads to a temporary file and renames it into place, so an
interrupted or failed download never leaves a partial file in the cache. Map data is
written the same way (:func:`geo.files.write_atomic`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from geo.errors import SourceUnavailable
from geo.files import write_atomic

TIMEOUT_S = 30


def cache_dir() -> Path:
    """Where downloads are kept: $GEO_CACHE_DIR, else the platform's user cache folder."""
    if os.environ.get("GEO_CACHE_DIR"):
        return Path(os.environ["GEO_CACHE_DIR"])
    import platformdirs  # what pooch.os_cache uses, without importing pooch

    return Path(platformdirs.user_cache_dir("geo"))


def fetch(url: str, fname: str, known_hash: str | None = None, offline: bool = False) -> Path:
    """Return a local copy of ``url``, downloading it into the cache if it is not there yet.

    ``known_hash`` ("sha256:...") is checked on download. With ``offline`` the network is
    never touched: a file missing from the cache raises SourceUnavailable.
    """
    path = cache_dir() / fname
    if path.is_file():
        return path
    if offline:
        raise SourceUnavailable(f"{fname} is not in the cache ({cache_dir()}) and --offline forbids downloading")
    import pooch
    import requests

    pooch.get_logger().setLevel("WARNING")
    try:
        return Path(
            pooch.retrieve(
                url,
                known_hash=known_hash,
                fname=fname,
                path=cache_dir(),
                downloader=pooch.HTTPDownloader(timeout=TIMEOUT_S, progressbar=False),
            )
        )
    except requests.HTTPError as error:
        raise SourceUnavailable(f"{url}: HTTP {error.response.status_code}") from None
    except (requests.ConnectionError, requests.Timeout) as error:
        raise SourceUnavailable(f"cannot reach {url} ({type(error).__name__})") from None
    except requests.RequestException as error:  # a truncated body, a broken stream
        raise SourceUnavailable(f"{url}: download failed ({type(error).__name__})") from None
    except ValueError as error:  # pooch's hash mismatch
        raise SourceUnavailable(f"{url}: {error}".splitlines()[0]) from None


def read_json(name: str):
    """A value stored by :func:`write_json`, or None when it is absent or unreadable."""
    try:
        return json.loads((cache_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, value) -> None:
    """Store a value; a cache that cannot be written costs time on the next run, nothing more."""
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        write_atomic(cache_dir() / name, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass
