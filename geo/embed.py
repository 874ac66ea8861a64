"""Snippets for putting a rendered map into an article."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

from geo.errors import GeoError
from geo.files import check_input

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_ASPECT = re.compile(r"([0-9]{1,4})[:/x]([0-9]{1,4})")
MAX_MAP_BYTES = 50_000_000  # maps geo writes are well under 1 MB


EDITOR_NOTE = (
    "this map has an editor: readers can change statuses, and a link can carry their edit (the page then says "
    "it is an edited view); for a map that always shows what you published, write it with geo render --no-editor"
)


def editable(map_path: str | Path) -> bool:
    """Whether a map written by ``geo render`` lets readers edit it (it was not written with ``--no-editor``)."""
    return 'class="geo-edit"' in Path(map_path).read_text(encoding="utf-8")


def iframe(map_path: str | Path, src: str | None = None, aspect: str = "3:2") -> str:
    """A responsive iframe for a map made by ``geo render``, with a few lines of script.

    The frame takes the column's width and the height the map reports for that width
    (``postMessage``); until then, and when scripts are off, it keeps the ``aspect`` ratio.
    It carries the map's title for screen readers, and loads lazily. ``src`` is the address
    the page will have once published (default: the file's name, for a page in the same folder).
    """
    path = Path(map_path)
    check_input(path)
    if not path.is_file() or path.stat().st_size > MAX_MAP_BYTES:
        raise GeoError(f"{map_path}: not a map written by geo render")
    try:
        page = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GeoError(f"{map_path}: cannot read the map ({getattr(error, 'strerror', None) or error})") from None
    title = _TITLE.search(page)
    if 'id="map_ukraine"' not in page or title is None:
        raise GeoError(f"{map_path}: not a map written by geo render")
    match = _ASPECT.fullmatch(aspect)
    if not match or 0 in (int(match.group(1)), int(match.group(2))):
        raise GeoError(f"aspect {aspect!r}: expected WIDTH:HEIGHT, for example 3:2")
    if src is not None and any(c.isspace() or not c.isprintable() for c in src):  # browsers drop some, not all
        raise GeoError(f"--src {src!r}: an address has no spaces or control characters; percent-encode them")
    if src is not None and urlsplit(src).scheme.lower() not in ("", "http", "https"):
        raise GeoError(f"--src {src!r}: give an http(s) address, or a path relative to the article")
    from geo.webmap import TEMPLATES

    return TEMPLATES.get_template("embed_snippet.html").render(
        # The file's name as a relative address: percent-encoded, so that a name such as "javascript:x.html"
        # or "a#b.html" is that file, never a scheme, a fragment or a query.
        src=src or quote(path.name, safe=""),
        title=html.unescape(title.group(1).strip()),  # the page's title, escaped again for the attribute
        ratio=f"{match.group(1)} / {match.group(2)}",
    )
