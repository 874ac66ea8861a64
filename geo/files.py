"""Files at the edges: vector data read with one clear error, and output written so that
readers never see a half-written file."""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

from geo.errors import GeoError


def read_vector(path: Path, *, label: str, kind: str, max_bytes: int, error: type[GeoError]):
    """A GeoDataFrame of any file pyogrio reads, or ``error`` with one line naming ``label``.

    Files over ``max_bytes`` are refused before reading. ``kind`` says what the file was
    meant to be ("a boundary file"), for the message.
    """
    import geopandas as gpd

    if path.is_file() and path.stat().st_size > max_bytes:
        raise error(f"{label}: larger than {max_bytes // 1_000_000} MB")
    try:
        with warnings.catch_warnings():  # a property holding a list is not ours to read: no noise
            warnings.filterwarnings("ignore", "Could not parse column")
            return gpd.read_file(path, engine="pyogrio")
    except Exception as failure:  # pyogrio raises several types; all mean "unreadable"
        first = str(failure).splitlines()[0] if str(failure) else type(failure).__name__
        raise error(f"{label}: cannot read as {kind}: {first}") from None


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write via a temporary file in the same folder, then rename over ``path``.

    The rename is atomic, so a failure (or a second process writing the same file) leaves
    either the old file or the new one, never a mixture.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
