"""Screenshot a rendered map in headless Chromium, for the README.

python -m scripts.screenshot maps/plan-28.html maps/plan-28.png
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts import chromium


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--size", default="1200x800", help="viewport WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = map(int, args.size.split("x"))
    with sync_playwright() as driver:
        browser = chromium.launch(driver)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(args.page.resolve().as_uri())
        page.wait_for_selector("path.leaflet-interactive")
        page.screenshot(path=str(args.png))
        browser.close()


if __name__ == "__main__":
    main()
