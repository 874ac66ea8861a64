"""Print the accuracy of a boundary layer against the official areas, as a Markdown table.

    python -m scripts.accuracy [--boundaries naturalearth|FILE]

Areas come from ``geo stats --control none --format csv`` (EPSG:3035), the official ones from
``data/boundaries/official-areas.toml`` (State Statistics Service of Ukraine).
"""

import argparse
import csv
import io
import subprocess
import sys
import tomllib
from pathlib import Path

OFFICIAL = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "official-areas.toml"


def official_areas() -> dict[str, float]:
    return tomllib.loads(OFFICIAL.read_text(encoding="utf-8"))["area_km2"]


def measured_areas(boundaries: str | None) -> dict[str, tuple[str, float]]:
    """iso -> (name, km²) from the geo command itself, as a user would get them."""
    argv = [sys.executable, "-m", "geo", "stats", "--control", "none", "--format", "csv"]
    if boundaries:
        argv += ["--boundaries", boundaries]
    rows = csv.DictReader(io.StringIO(subprocess.run(argv, check=True, capture_output=True, text=True).stdout))
    return {row["iso"]: (row["name"], float(row["area_km2"])) for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boundaries", help="naturalearth or a file (default: the committed OSM layer)")
    args = parser.parse_args()
    official, measured = official_areas(), measured_areas(args.boundaries)
    print("| region | ISO | geo, km² | official, km² | difference |")
    print("| --- | --- | ---: | ---: | ---: |")
    errors = []
    for iso, (name, area) in sorted(measured.items(), key=lambda item: item[1][0]):
        error = 100 * (area / official[iso] - 1)
        errors.append(error)
        print(f"| {name} | {iso} | {area:,.0f} | {official[iso]:,} | {error:+.1f} % |")
    total, total_official = sum(a for _, a in measured.values()), sum(official.values())
    print(f"| **Ukraine** | | {total:,.0f} | {total_official:,} | {100 * (total / total_official - 1):+.2f} % |")
    within = sum(abs(e) <= 3 for e in errors)
    mean = sum(abs(e) for e in errors) / len(errors)
    print(f"\nMean absolute error {mean:.2f} %; {within} of {len(errors)} regions within 3 %.")


if __name__ == "__main__":
    main()
