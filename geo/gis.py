"""GIS export of tagged zones, the line of control and the scenario's markers: GeoPackage, GeoJSON or
FlatGeobuf, in WGS84, with the sources' credits and licences in the files' metadata. Written whole or
not at all."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from geo.errors import GeoError
from geo.files import check_output, write_atomic, write_error
from geo.present import credits
from geo.zones import line_of_control, with_band

ONE_DATE = "geo export writes one date: give one control layer (a file, a URL or deepstate:DATE)"
FORMATS = {"gpkg": "GPKG", "geojson": "GeoJSON", "flatgeobuf": "FlatGeobuf"}
ZONE_FIELDS = ["iso", "name", "name_uk", "part", "status", "label", "area_km2", "note"]
MARKER_FIELDS = ["label", "kind", "note"]
BOUNDARY_LICENCES = (
    "Zones are derived from the boundaries named in 'credits': OpenStreetMap's (via geoBoundaries) are under "
    "the Open Database License 1.0, and so is this derived data; Natural Earth's are public domain."
)


def write(series, path: str | Path, file_format: str):
    """One date of ``series`` (:func:`geo.run`) written for GIS (:func:`export`)."""
    from geo.writers import Written

    if series.series:
        raise GeoError(ONE_DATE)
    result = series.compute(zones=True)[0]
    paths = export(result, path, file_format)
    date = result.control.date if result.control else ""
    return Written(paths, sum(p.stat().st_size for p in paths), [date], line=bool(result.control))


def export(prepared, path: str | Path, file_format: str) -> list[Path]:
    """Write ``prepared`` (:func:`geo.prepare`) as layers ``zones``, ``line_of_control`` and, when the
    scenario has any, ``markers`` (points).

    GeoPackage holds the layers in one file; GeoJSON one collection whose features carry a
    ``layer`` property; FlatGeobuf, one layer a file (``PATH``, ``PATH-line.fgb``, ``PATH-markers.fgb``).
    Returns the files written.
    """
    import geopandas as gpd
    from shapely import Point

    markers = prepared.scenario.markers
    paths = output_paths(path, file_format, markers=bool(markers))
    zones = prepared.zones[[*with_band(ZONE_FIELDS, prepared.zones), "geometry"]].reset_index(drop=True)
    control = prepared.control
    line = gpd.GeoDataFrame(
        {"date": [control.date if control else ""]}, geometry=[line_of_control(prepared.zones)], crs=4326
    )
    layers = [("zones", zones), ("line_of_control", line)]
    if markers:
        rows = {field: [getattr(marker, field) for marker in markers] for field in MARKER_FIELDS}
        points = [Point(marker.lon, marker.lat) for marker in markers]
        layers.append(("markers", gpd.GeoDataFrame(rows, geometry=points, crs=4326)))
    about = {
        "scenario": prepared.scenario.id,
        "title": prepared.scenario.title,
        "control_date": control.date if control else "",
        "credits": " · ".join(
            credits([prepared.scenario], control.credit if control else None, prepared.zones.attrs.get("credit"))
        ),
        "licences": licences(control.credit if control else None),
        "area_unit": "km² on EPSG:3035 (equal-area), as geo stats gives them",
    }
    if file_format == "geojson":
        write_atomic(paths[0], _geojson(layers, about))
    elif file_format == "gpkg":
        _write_layers(paths[0], layers, "GPKG", about)
    else:
        for each, layer in zip(paths, layers, strict=True):
            _write_layers(each, [layer], "FlatGeobuf", about)
    return paths


def licences(line_credit: str | None) -> str:
    """The licences of an export's sources: the boundaries', and the line of control's when there is one
    (a provider's terms for its own line, :func:`geo.control.export_terms`; any other is under its publisher's)."""
    from geo.control import export_terms

    if not line_credit:
        return BOUNDARY_LICENCES
    line = export_terms(line_credit)
    line = line or f"The line of control is under its publisher's terms ({line_credit}): credit it wherever shown."
    return f"{BOUNDARY_LICENCES} {line}"


def output_paths(path: str | Path, file_format: str, *, markers: bool = False) -> list[Path]:
    """The files an export writes (FlatGeobuf: ``PATH``, ``PATH-line.fgb`` and, with ``markers``,
    ``PATH-markers.fgb``), each checked to be writable as a regular file, so that a bad one is refused
    before any work."""
    if file_format not in FORMATS:
        raise GeoError(f"--format {file_format!r}: expected one of {', '.join(FORMATS)}")
    path = Path(path)
    paths = [path]
    if file_format == "flatgeobuf":
        ends = ["-line", "-markers"] if markers else ["-line"]
        paths += [path.with_name(path.stem + end + (path.suffix or ".fgb")) for end in ends]
    for each in paths:
        check_output(each)
    return paths


def _write_layers(path: Path, layers, driver: str, about: dict) -> None:
    """All layers into a temporary file beside ``path``, then renamed over it: never half a file."""
    import pyogrio

    # The drivers tell a file from a folder of files by the name's ending: give them theirs.
    suffix = {"GPKG": ".gpkg", "FlatGeobuf": ".fgb"}[driver]
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
        os.close(handle)
        os.unlink(temporary)  # the drivers create the file themselves
        for name, frame in layers:
            metadata = {"DESCRIPTION": json.dumps(about, ensure_ascii=False)}
            pyogrio.write_dataframe(
                frame, temporary, layer=name, driver=driver, append=Path(temporary).exists(), layer_metadata=metadata
            )
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as failure:
        raise write_error(path, failure) from None
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as failure:  # GDAL: a failed write
        raise write_error(path, _why(path.parent, str(failure).replace(str(temporary), str(path)))) from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _why(folder: Path, message: str) -> OSError:
    """Why GDAL could not write into ``folder``, as the OSError it stands for (its own words rarely say:
    a full disk is "Unexpected I/O failure"), so that the advice is that of any other write."""
    import errno
    import shutil

    if shutil.disk_usage(folder).free < 1_000_000:
        return OSError(errno.ENOSPC, message)
    if not os.access(folder, os.W_OK):
        return OSError(errno.EACCES, message)
    return OSError(0, message.splitlines()[0] if message else "the GIS library could not write the file")


def _geojson(layers, about: dict) -> str:
    """One FeatureCollection of every layer, each feature with its ``layer``; ``about`` on top."""
    import shapely

    features = []
    for layer, frame in layers:
        for record, geometry in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True):
            properties = {"layer": layer, **{k: (None if v != v else v) for k, v in record.items()}}
            features.append(
                {"type": "Feature", "properties": properties, "geometry": json.loads(shapely.to_geojson(geometry))}
            )
    return json.dumps({"type": "FeatureCollection", "geo": about, "features": features}, ensure_ascii=False)
