"""World regions ("Northern Europe", "South Asia", "Central Africa") from the countries they group.

countryinfo files every country under a UN M49 sub-region and, in Africa and the Americas, an
intermediate region. Each region is placed at the area-weighted centre of its countries' points, so
a name such as "Northern Europe" lands in the middle of the countries it means instead of on the
continent's point (or nowhere). News writes these names with the noun form of the compass word
("South Asia" for "Southern Asia", "Central Africa" for "Middle Africa"); both forms are indexed.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.geocode.countries import countries, countryinfo_records
from dashboard.geocode.normalize import name_key

# The adjective form of a compass word at the start of a region's name, and its noun form.
_NOUN_FORMS = (
    (re.compile(r"^South-eastern\b", re.IGNORECASE), "South-East"),
    (re.compile(r"^Northern\b"), "North"),
    (re.compile(r"^Southern\b"), "South"),
    (re.compile(r"^Eastern\b"), "East"),
    (re.compile(r"^Western\b"), "West"),
    (re.compile(r"^Middle\b"), "Central"),
)


@dataclass(frozen=True)
class WorldRegion:
    name: str
    names: tuple[str, ...]  # its own name first, then the noun-form variant
    adjectives: tuple[str, ...]  # "South Asian", "Northern European"
    latitude: float
    longitude: float
    members: tuple[str, ...]  # ISO codes of its countries


def _adjective(name: str) -> str:
    """ "South Asia" -> "South Asian", "Northern Europe" -> "Northern European" ("" when irregular)."""
    if name.endswith("a"):
        return name + "n"
    if name.endswith("Europe"):
        return name + "an"
    return ""


def _variants(name: str) -> list[str]:
    out = [name]
    for pattern, noun in _NOUN_FORMS:
        if pattern.search(name):
            out.append(pattern.sub(noun, name))
            break
    return out


def weighted_centre(points: Iterable[tuple[float, float, float]]) -> tuple[float, float]:
    """The weighted mean of (lat, lon, weight) points on the sphere (safe across the antimeridian)."""
    x = y = z = 0.0
    for lat, lon, weight in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += weight * math.cos(la) * math.cos(lo)
        y += weight * math.cos(la) * math.sin(lo)
        z += weight * math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def world_regions(taken: Iterable[str] = ()) -> list[WorldRegion]:
    """Every sub-region and intermediate region with at least two countries.

    `taken`: names something else already goes by (a continent, a country, a curated region such as
    "West Africa"); a region whose own name is taken is left out, a variant that is taken is not added.
    """
    used = {name_key(n) for n in taken}
    records = countryinfo_records()
    points = {c.code: (c.latitude, c.longitude) for c in countries()}
    groups: dict[str, list[str]] = defaultdict(list)
    for code, rec in records.items():
        for field in ("subregion", "intermediateregion"):
            region = (rec.get(field) or "").strip()
            if region and code in points:
                groups[region].append(code)
    out = []
    for region, codes in sorted(groups.items()):
        if len(codes) < 2 or name_key(region) in used:
            continue
        weights = [(*points[c], float(records[c].get("area") or 0) or 1.0) for c in codes]
        lat, lon = weighted_centre(weights)
        names = [n for n in _variants(region) if n == region or name_key(n) not in used]
        adjectives = [a for a in (_adjective(n) for n in names) if a and name_key(a) not in used]
        out.append(
            WorldRegion(region, tuple(names), tuple(adjectives), round(lat, 4), round(lon, 4), tuple(sorted(codes)))
        )
    return out
