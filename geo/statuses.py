"""The status vocabulary: what a scenario can say about a zone, and how it is drawn.

Colours come from Paul Tol's colour-blind-safe palettes and are spaced in lightness so
they stay apart in greyscale; each status also has its own fill pattern for print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PATTERNS = ("solid", "hatch", "crosshatch", "dots", "backhatch")
_KEY = re.compile(r"[a-z][a-z0-9_-]{0,39}")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Status:
    """A status: key used in scenario files, label and description for readers (in English, and
    in other languages by code in ``translations``: lang -> (label, description)), style."""

    key: str
    label: str
    description: str
    colour: str
    pattern: str = "solid"
    translations: dict[str, tuple[str, str]] = field(default_factory=dict, hash=False)

    def text(self, lang: str = "en") -> tuple[str, str]:
        """Label and description in ``lang``, falling back to English."""
        return self.translations.get(lang, (self.label, self.description))

    @property
    def ink(self) -> str:
        """Colour of the pattern's marks: light on a dark fill, dark on a light one (#rrggbbaa)."""
        red, green, blue = (int(self.colour[i : i + 2], 16) for i in (1, 3, 5))
        return "#ffffff8c" if 0.299 * red + 0.587 * green + 0.114 * blue < 140 else "#00000066"

    def problems(self) -> list[str]:
        """What is wrong with this status definition (empty when valid)."""
        found = []
        if not _KEY.fullmatch(self.key):
            found.append(f"status key {self.key!r} must be lowercase letters, digits, '-' or '_'")
        if not _COLOUR.fullmatch(self.colour):
            found.append(f"status {self.key!r}: colour {self.colour!r} is not #rrggbb")
        if self.pattern not in PATTERNS:
            found.append(f"status {self.key!r}: pattern {self.pattern!r} is not one of {', '.join(PATTERNS)}")
        if not self.label.strip():
            found.append(f"status {self.key!r}: label is empty")
        return found


# Built-in statuses: their style here, their words in each language's catalogue (geo/locales/).
_STYLES = {
    "recognised": ("#882255", "solid"),
    "frozen": ("#4477AA", "hatch"),
    "demilitarised": ("#DDCC77", "crosshatch"),
    "returned": ("#44AA99", "dots"),
    "unchanged": ("#F7F7F7", "solid"),
    "undetermined": ("#BBBBBB", "backhatch"),
}
UNDETERMINED = "undetermined"  # a region split by the scenario, drawn whole: see Scenario.assign


def builtin() -> dict[str, Status]:
    """The built-in statuses, made when a scenario is loaded (cheap: the catalogues are read once)."""
    from geo import locale

    english = locale.catalogue(locale.DEFAULT)["statuses"]
    others = {lang: locale.catalogue(lang)["statuses"] for lang in locale.available() if lang != locale.DEFAULT}
    return {
        key: Status(
            key,
            english[key]["label"],
            english[key]["description"],
            colour,
            pattern,
            {lang: (texts[key]["label"], texts[key]["description"]) for lang, texts in others.items()},
        )
        for key, (colour, pattern) in _STYLES.items()
    }
