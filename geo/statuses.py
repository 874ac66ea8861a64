"""The status vocabulary: what a scenario can say about a zone, and how it is drawn.

Colours come from Paul Tol's colour-blind-safe palettes and are spaced in lightness so
they stay apart in greyscale; each status also has its own fill pattern for print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PATTERNS = ("solid", "hatch", "crosshatch", "dots", "backhatch")
_KEY = re.compile(r"[a-z][a-z0-9_-]{0,39}")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Status:
    """A status: key used in scenario files, label and description for readers, style."""

    key: str
    label: str
    description: str
    colour: str
    pattern: str = "solid"

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


BUILTIN: dict[str, Status] = {
    s.key: s
    for s in (
        Status(
            "recognised",
            "Recognised as Russian (de facto)",
            "The plan would recognise this area as Russian in practice.",
            "#882255",
        ),
        Status(
            "frozen",
            "Frozen along the line of control",
            "The plan would freeze the front line here as it stands.",
            "#4477AA",
            "hatch",
        ),
        Status(
            "demilitarised",
            "Demilitarised buffer zone",
            "Ukrainian forces would withdraw; Russian forces would not enter.",
            "#DDCC77",
            "crosshatch",
        ),
        Status(
            "returned",
            "Russia withdraws",
            "Occupied area that the plan says Russia would leave.",
            "#44AA99",
            "dots",
        ),
        Status(
            "unchanged",
            "No territorial change",
            "The plan says nothing that changes control of this area.",
            "#F7F7F7",
        ),
        Status(
            "undetermined",
            "Depends on the line of control",
            "The two sides of the front get different statuses, and no line of control is shown.",
            "#BBBBBB",
            "backhatch",
        ),
    )
}
UNDETERMINED = "undetermined"  # a region split by the scenario, drawn whole: see Scenario.assign
