"""Screenshot a rendered map in headless Chromium, for the README.

python -m scripts.screenshot maps/plan-28.html maps/plan-28.png
python -m scripts.screenshot maps/plan-28.html maps/plan-28-phone.png --size 390x844
python -m scripts.screenshot maps/plan-28.html maps/plan-28-article.png --article 680 --size 1000x1100

With --article WIDTH the map is put, through `geo embed`'s snippet, into an article column of that width.
"""

import argparse
import tempfile
from pathlib import Path
from urllib.request import pathname2url

from playwright.sync_api import sync_playwright

from geo.embed import iframe
from scripts import chromium

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Article</title>
<style>body {{ margin: 0; font: 17px/1.5 Georgia, serif; color: #222; background: #fff; }}
main {{ max-width: {width}px; margin: 0 auto; padding: 16px; }}</style></head>
<body><main><h1>What the plan would mean for Ukraine's territory</h1>
<p>The paragraphs of an article come before the map.</p>{frame}
<p>And the article goes on after it.</p></main></body></html>"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--size", default="1200x800", help="viewport WIDTHxHEIGHT")
    parser.add_argument("--article", type=int, metavar="WIDTH", help="embed the map in an article column")
    args = parser.parse_args()
    width, height = map(int, args.size.split("x"))
    address = args.page.resolve()
    if args.article:
        folder = Path(tempfile.mkdtemp())
        address = folder / "article.html"
        snippet = iframe(args.page, src=pathname2url(str(args.page.resolve())))  # an absolute path, no scheme
        address.write_text(ARTICLE.format(width=args.article, frame=snippet), encoding="utf-8")
    with sync_playwright() as driver:
        browser = chromium.launch(driver)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(address.as_uri())
        if args.article:
            page.frame_locator("iframe").locator("path.leaflet-interactive").first.wait_for()
            page.wait_for_function("document.querySelector('iframe').style.aspectRatio === 'auto'")
        else:
            page.wait_for_selector("path.leaflet-interactive")
        page.screenshot(path=str(args.png), full_page=bool(args.article))
        browser.close()


if __name__ == "__main__":
    main()
