"""Exception types. Every failure a user can cause is a GeoError whose message is one line.

The CLI prints ``geo: <message>`` and exits with ``exit_code``; the Python API raises the
specific subclass so scripts can catch what they expect.
"""


class GeoError(Exception):
    """Base class: a problem with the user's input or environment, not a bug."""

    exit_code = 1


class UnknownRegion(GeoError, KeyError):
    """A region name or code that the registry cannot resolve."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class ScenarioError(GeoError):
    """A scenario file that is missing, malformed or breaks a rule."""


class BoundaryError(GeoError):
    """A boundary file that cannot be read or holds no usable Ukrainian units."""


class ControlError(GeoError):
    """A control layer that cannot be read or does not describe territory in Ukraine."""


class OutputError(GeoError):
    """An output that cannot or must not be written (a device, a folder, a full disk)."""


class SourceUnavailable(GeoError):
    """A remote data source could not be reached or gave a bad answer."""

    exit_code = 2


MAX_LINE_CHARS = 600


def one_line(text: str) -> str:
    """A message as one line of at most MAX_LINE_CHARS, its prefix included, whatever a file's text put
    into it (newlines, pages of it)."""
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_LINE_CHARS else text[: MAX_LINE_CHARS - 1] + "…"


class GeoWarning(UserWarning):
    """What a run did not stop for but its reader should know (a repaired geometry, a cache not written).
    The library only raises it: a script can filter or record it, and the command line prints it."""


def warn(message: str) -> None:
    """Warn the caller of the library function that called this (the CLI prints it with :func:`say`)."""
    import warnings

    warnings.warn(message, GeoWarning, stacklevel=3)


def say(message: str) -> None:
    """The command line's warning on stderr, as one bounded line: what it did not stop for, but says."""
    import sys

    print(one_line(f"geo: warning: {message}"), file=sys.stderr)
