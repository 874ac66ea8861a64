"""Files at the edges: vector data read with one clear error, and output written so that
readers never see a half-written file."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
import warnings
from pathlib import Path

from geo.errors import GeoError, OutputError, warn

# What to do about the usual reasons a write fails, said with the user's path.
_WRITE_ADVICE = {
    errno.ENOSPC: "no space left on the device; free some space or write elsewhere",
    errno.EDQUOT: "disk quota exceeded; free some space or write elsewhere",
    errno.EROFS: "the file system is read-only; write elsewhere",
    errno.EACCES: "permission denied; write elsewhere or change the folder's permissions",
    errno.EPERM: "permission denied; write elsewhere or change the folder's permissions",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}


def read_vector(path: Path, *, label: str, kind: str, max_bytes: int, error: type[GeoError]):
    """A GeoDataFrame of any file pyogrio reads, or ``error`` with one line naming ``label``.

    Files over ``max_bytes`` are refused before reading. ``kind`` says what the file was
    meant to be ("a boundary file"), for the message.
    """
    import geopandas as gpd

    check_input(path, error)
    if path.is_file() and path.stat().st_size > max_bytes:
        raise error(f"{label}: larger than {max_bytes // 1_000_000} MB")
    try:
        with warnings.catch_warnings(record=True) as caught:  # lists in properties are not ours to read,
            warnings.filterwarnings("ignore", "Could not parse column")  # and NaN is refused later
            warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
            warnings.filterwarnings("always", "More than one layer found")
            frame = gpd.read_file(path, engine="pyogrio")
    except Exception as failure:  # pyogrio raises several types; all mean "unreadable"
        first = str(failure).splitlines()[0] if str(failure) else type(failure).__name__
        first = first.split("; It might help")[0].rstrip(".")  # GDAL's advice names drivers, not geo's options
        raise error(f"{label}: cannot read as {kind}: {first}") from None
    for record in caught:  # in words for geo's users, who name files, not layers
        several = "More than one layer found" in str(record.message)
        warn(f"{label}: holds several layers; the first is read" if several else str(record.message))
    return frame


def sha256(path: Path) -> str:
    """The file's SHA-256 as hex, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_input(path: Path, error: type[GeoError] = GeoError) -> None:
    """Refuse a path that is missing or not a regular file or folder: reading a FIFO or a
    device such as /dev/zero would hang or fill memory."""
    if not path.exists():
        raise error(f"{path}: no such file")
    if not (path.is_file() or path.is_dir()):
        raise error(f"{path}: not a regular file (a device, pipe or socket); give a file")


def check_output(path: Path) -> None:
    """Refuse to replace anything but a regular file: a device (/dev/null), a pipe, a folder,
    or a symbolic link (replacing the link would not write where it points)."""
    path = Path(path)
    if path.is_symlink():
        raise OutputError(f"{path}: is a symbolic link; give the path of a regular file")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    if path.exists() and not path.is_file():
        raise OutputError(f"{path}: is not a regular file (a device or a pipe); give a file name")
    if path.parent.exists() and not path.parent.is_dir():
        raise OutputError(f"{path}: {path.parent} is a file, not a folder")


def write_error(path: Path, failure: OSError) -> OutputError:
    """A failed write as one line naming the user's ``path`` (never a temporary file) and what to do."""
    advice = _WRITE_ADVICE.get(failure.errno, failure.strerror or type(failure).__name__)
    return OutputError(f"cannot write {path}: {advice}")


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write via a temporary file in the same folder, then rename over ``path``.

    The rename is atomic, so a failure (or a second process writing the same file) leaves
    either the old file or the new one, never a mixture. Raises OutputError naming ``path``
    (never the temporary file) and saying what to do.
    """
    path = Path(path)
    check_output(path)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
        temporary = None
    except OSError as failure:
        raise write_error(path, failure) from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
