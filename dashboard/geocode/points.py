"""GeoNames' own points for countries and first-level areas, from `data/geonames_points.csv`.

GeoNames is the project's gazetteer, and where a country or a province "is" is a convention:
GeoNames puts Canada at 60.1 N 113.6 W, countryinfo at 60 N 95 W, a thousand kilometres apart.
Using the gazetteer's own feature point for every country (and for the first-level areas the file
lists) keeps one convention throughout; each row cites its GeoNames feature id.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from dashboard.geocode.normalize import name_key

FEATURES = ("country", "admin1")


def read_points(path: Path) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(feature, country code, name key) -> (lat, lon); a country is also keyed by its code alone as name."""
    points: dict[tuple[str, str, str], tuple[float, float]] = {}
    if not path.exists():
        return points
    with path.open(encoding="utf-8", newline="") as handle:
        for number, rec in enumerate(csv.DictReader(handle), start=2):
            feature, code = (rec.get("feature") or "").strip(), (rec.get("country_code") or "").strip().upper()
            if feature not in FEATURES or not code:
                raise ValueError(f"{path}:{number}: feature must be one of {FEATURES} and country_code set")
            if not (rec.get("source") or "").strip():
                raise ValueError(f"{path}:{number}: every point needs a source")
            try:
                point = (float(rec["latitude"]), float(rec["longitude"]))
            except (TypeError, ValueError) as err:
                raise ValueError(f"{path}:{number}: latitude/longitude must be numbers") from err
            key = "" if feature == "country" else name_key(rec.get("name") or "")
            points[(feature, code, key)] = point
    return points


@cache
def reference_points() -> dict[tuple[str, str, str], tuple[float, float]]:
    """The project's GeoNames reference points (empty when the data file is absent)."""
    from dashboard.settings import data_dir

    return read_points(data_dir() / "geonames_points.csv")


def country_point(code: str) -> tuple[float, float] | None:
    return reference_points().get(("country", code, ""))


def admin1_point(code: str, names: list[str]) -> tuple[float, float] | None:
    """The GeoNames point of a first-level area known by any of `names`, if the data file has it."""
    points = reference_points()
    for name in names:
        found = points.get(("admin1", code, name_key(name)))
        if found:
            return found
    return None
