"""Debian's Chromium, headless, for tests and scripts: never a browser downloaded by a tool.

The background-networking flags matter on a closed network: without them Chromium keeps
trying to reach its update and sync services and stalls.
"""

from pathlib import Path

EXECUTABLE = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def launch(playwright):
    """Start headless Chromium with a Playwright driver (``sync_playwright()`` entered)."""
    return playwright.chromium.launch(executable_path=str(EXECUTABLE), headless=True, args=ARGS)
