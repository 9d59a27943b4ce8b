"""Choosing the place a mention means, from the whole article's context.

Order of trust: what the words around the mention ask for ("the Algerian capital", "X air base",
"eastern Libya"), then countries and continents over towns of the same name, then towns in the
article's focus countries, larger ones first, then transliteration variants inside the focus
countries, then (only when the user enabled one) an online geocoder.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from geopy.location import Location

from dashboard.geocode.cache import MISSING, GeoCache
from dashboard.geocode.countries import by_code
from dashboard.geocode.gazetteer import INDEX_VERSION, Candidate, Gazetteer
from dashboard.geocode.geocoder import OfflineGeocoder
from dashboard.geocode.normalize import name_key
from dashboard.model import Place

DIRECTIONS = {
    "north": (1, 0),
    "south": (-1, 0),
    "east": (0, 1),
    "west": (0, -1),
    "northeast": (1, 1),
    "northwest": (1, -1),
    "southeast": (-1, 1),
    "southwest": (-1, -1),
    "central": (0, 0),
}
FACILITY_HINTS = {"airport", "port"}
_RESOLVED_BY = {"geonames": "gazetteer", "countryinfo": "gazetteer", "airports": "airports", "curated": "curated"}


@dataclass(frozen=True)
class PlaceQuery:
    """What to look up for one mention, and what its words ask for."""

    text: str  # the mention as written
    name: str  # the name to look up ("Banina" for "Banina air base")
    hint: str = ""  # airport | port | capital | region | ""
    country_code: str = ""  # the country a capital or a directional region belongs to
    direction: str = ""  # north, south-east... for directional regions


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _band(values: list[float], sign: int) -> tuple[float, float]:
    """The outer third of a sorted extent on the side `sign` points to (0: the middle third)."""
    lo, hi = values[len(values) // 50], values[-1 - len(values) // 50]  # the extremes are often outliers
    third = (hi - lo) / 3
    if sign > 0:
        return hi - third, math.inf
    if sign < 0:
        return -math.inf, lo + third
    return lo + third, hi - third


def to_place(c: Candidate, confidence: float, resolved_by: str | None = None) -> Place:
    return Place(
        name=c.name,
        latitude=round(c.lat, 5),
        longitude=round(c.lon, 5),
        geo_precision=c.precision,
        feature=c.feature,
        country_code=c.country_code,
        gazetteer_id=c.gazetteer_id,
        resolved_by=resolved_by or _RESOLVED_BY.get(c.source, c.source),
        confidence=round(confidence, 3),
        population=c.population,
    )


class Resolver:
    """Resolves all place mentions of one article together, so each informs the others."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        cache: GeoCache | None = None,
        online: Callable[..., Location | None] | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.geocoder = OfflineGeocoder(gazetteer)
        self.cache = cache if cache is not None else GeoCache(None)
        self.online = online
        self._region_point = lru_cache(maxsize=1024)(self._compute_region_point)

    # -- context ------------------------------------------------------------------------------
    def candidates(self, query: PlaceQuery) -> list[Candidate]:
        found = self.geocoder.geocode(query.name, exactly_one=False) or []
        return [Candidate(**loc.raw) for loc in found]

    @staticmethod
    def focus_countries(candidate_lists: Sequence[list[Candidate]], extra: Counter[str] | None = None) -> Counter[str]:
        """Countries the article is about: named countries count double, unambiguous towns once."""
        focus: Counter[str] = Counter(extra or {})
        for cands in candidate_lists:
            named = [c for c in cands if c.feature == "country" and c.is_main]
            if named:
                focus[named[0].country_code] += 2
                continue
            codes = {c.country_code for c in cands if c.country_code}
            if len(codes) == 1:
                focus[codes.pop()] += 1
        return focus

    # -- resolution ---------------------------------------------------------------------------
    def resolve(self, queries: Sequence[PlaceQuery], extra_focus: Counter[str] | None = None) -> list[Place | None]:
        """One Place (or None: unresolved) per query, in order."""
        lists = [self.candidates(q) for q in queries]
        focus = self.focus_countries(lists, extra_focus)
        top = tuple(code for code, _ in focus.most_common(3))
        results: list[Place | None] = []
        for query, cands in zip(queries, lists, strict=True):
            key = self._cache_key(query, top)
            cached = self.cache.get(key)
            if cached is not MISSING and not (cached is None and self.online):
                results.append(cached)  # type: ignore[arg-type]
                continue
            place = self._resolve_one(query, cands, focus, top)
            self.cache.put(key, place)
            results.append(place)
        return results

    @staticmethod
    def _cache_key(query: PlaceQuery, top: tuple[str, ...]) -> str:
        parts = [
            f"v{INDEX_VERSION}",
            name_key(query.name),
            query.hint,
            query.country_code,
            query.direction,
            ",".join(top),
        ]
        return "|".join(parts)

    def _resolve_one(
        self, query: PlaceQuery, cands: list[Candidate], focus: Counter[str], top: tuple[str, ...]
    ) -> Place | None:
        if query.hint == "capital" and query.country_code:
            return self._capital(query.country_code)
        if query.hint == "region" and query.direction:
            code = query.country_code or (top[0] if top else "")
            return self._region(code, query.direction) if code else None
        if query.hint in FACILITY_HINTS:
            facilities = [c for c in cands if c.feature in ("airport", "airbase", "port")]
            if not facilities and top:
                found = self.geocoder.geocode(query.name, exactly_one=False, country_codes=top, fuzzy=True) or []
                facilities = [Candidate(**loc.raw) for loc in found if loc.raw["feature"] in ("airport", "airbase")]
            if facilities:
                cands = facilities
        if not cands and top:
            found = self.geocoder.geocode(query.name, exactly_one=False, country_codes=top, fuzzy=True) or []
            cands = [Candidate(**loc.raw) for loc in found]
        if cands:
            return self._best(query, cands, focus)
        return self._online(query, top)

    def _best(self, query: PlaceQuery, cands: list[Candidate], focus: Counter[str]) -> Place:
        peak = max(focus.values(), default=0) or 1
        scored = sorted(((self._score(query, c, focus, peak), c) for c in cands), key=lambda sc: (-sc[0], sc[1].id))
        best_score, best = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else best_score - 4
        confidence = 1 / (1 + math.exp(-(best_score - runner_up)))
        return to_place(best, confidence)

    @staticmethod
    def _score(query: PlaceQuery, c: Candidate, focus: Counter[str], peak: int) -> float:
        score = 0.0
        if c.feature in ("country", "continent") and c.is_main:
            score += 10  # "Russia" is the country before it is a town in Ohio
        elif c.feature == "admin1":
            score += 2
        elif c.feature in ("airport", "airbase"):
            score += 8 if query.hint in FACILITY_HINTS else -3
        if c.source == "curated":
            score += 1
        if c.is_main:
            score += 1.5
        score += 4 * focus.get(c.country_code, 0) / peak
        score += 0.6 * math.log10(c.population + 1)
        return score

    def _capital(self, code: str) -> Place | None:
        country = by_code().get(code)
        if not country or not country.capital:
            return None
        towns = [c for c in self.gazetteer.lookup(country.capital) if c.country_code == code and c.feature == "city"]
        if not towns:
            return None
        return to_place(max(towns, key=lambda c: c.population), 0.9)

    def _region(self, code: str, direction: str) -> Place | None:
        return self._region_point(code, direction)

    def _compute_region_point(self, code: str, direction: str) -> Place | None:
        """The population-weighted centre of the country's towns in that third of its extent."""
        country = by_code().get(code)
        towns = self.gazetteer.towns(code)
        if not country or not towns:
            return None
        dlat, dlon = DIRECTIONS[direction]
        central = direction == "central"
        lat_lo, lat_hi = _band(sorted(t.lat for t in towns), dlat) if dlat or central else (-math.inf, math.inf)
        lon_lo, lon_hi = _band(sorted(t.lon for t in towns), dlon) if dlon or central else (-math.inf, math.inf)
        chosen = [t for t in towns if lat_lo <= t.lat <= lat_hi and lon_lo <= t.lon <= lon_hi]
        if not chosen:
            return None
        weights = [math.sqrt(max(t.population, 1)) for t in chosen]
        total = sum(weights)
        lat = sum(w * t.lat for w, t in zip(weights, chosen, strict=True)) / total
        lon = sum(w * t.lon for w, t in zip(weights, chosen, strict=True)) / total
        label = {"central": "Central"}.get(direction, direction.capitalize())
        return Place(
            name=f"{label} {country.name}",
            latitude=round(lat, 4),
            longitude=round(lon, 4),
            geo_precision="region",
            feature="region",
            country_code=code,
            gazetteer_id=f"region:{code}:{direction}",
            resolved_by="gazetteer",
            confidence=0.6,
        )

    def _online(self, query: PlaceQuery, top: tuple[str, ...]) -> Place | None:
        if self.online is None:
            return None
        try:
            location = self.online(query.name, exactly_one=True, country_codes=list(top[:1]) or None)
        except Exception:  # noqa: BLE001 - a failing service leaves the mention unresolved, retried later
            return None
        if location is None:
            return None
        raw = location.raw if isinstance(location.raw, dict) else {}
        kind = str(raw.get("addresstype") or raw.get("type") or "")
        precision = {"country": "country", "state": "region", "region": "region", "county": "region"}.get(kind, "city")
        return Place(
            name=location.address.split(",")[0],
            latitude=location.latitude,
            longitude=location.longitude,
            geo_precision=precision,
            feature=kind or "place",
            country_code=str(raw.get("address", {}).get("country_code", "")).upper(),
            gazetteer_id=f"osm:{raw.get('osm_type', '')}/{raw.get('osm_id', '')}",
            resolved_by="online",
            confidence=0.5,
        )
