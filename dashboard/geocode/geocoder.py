"""Geocoders behind geopy's one interface: the offline gazetteer (default) and opt-in online services.

`OfflineGeocoder.geocode(..., exactly_one=False)` returns every gazetteer candidate as a geopy
`Location` whose `raw` is the candidate's fields, so the resolver ranks offline and online answers
alike. Nothing here opens a network connection unless an online geocoder is asked for by name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from dashboard.geocode.gazetteer import PLACE_COLUMNS, Candidate, Gazetteer


def to_location(candidate: Candidate) -> Location:
    # a shallow copy of the fields: `asdict` deep-copies recursively, and this runs per candidate per lookup
    return Location(candidate.name, (candidate.lat, candidate.lon), dict(vars(candidate)))


class OfflineGeocoder(Geocoder):
    """The on-disk gazetteer as a geopy geocoder: no network, no rate limit."""

    def __init__(self, gazetteer: Gazetteer, **kwargs) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: Iterable[str] | None = None,
        fuzzy: bool = False,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """Candidates for `query`, most populous first; `country_codes` restricts them.

        `fuzzy=True` adds transliteration variants (loose key), only inside `country_codes`.
        """
        codes = {c.upper() for c in country_codes or ()}
        found = self.gazetteer.lookup(query)
        if codes:
            found = [c for c in found if c.country_code in codes]
        if fuzzy and codes:
            known = {c.id for c in found}
            found += [c for c in self.gazetteer.lookup_skeleton(query, codes) if c.id not in known]
        if not found:
            return None if exactly_one else []
        found.sort(key=lambda c: (-c.population, c.id))
        locations = [to_location(c) for c in found]
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True, timeout: float | None = None):
        """The nearest town to a (lat, lon) pair, from the largest towns within about 1 degree."""
        lat, lon = (float(x) for x in (query if isinstance(query, (tuple, list)) else str(query).split(",")))
        rows = self.gazetteer._con.execute(
            f"SELECT {PLACE_COLUMNS} FROM places "
            "WHERE feature = 'city' AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            (lat - 1, lat + 1, lon - 1, lon + 1),
        ).fetchall()
        towns = [Candidate(*row) for row in rows]
        towns.sort(key=lambda c: math.hypot(c.lat - lat, (c.lon - lon) * math.cos(math.radians(lat))))
        locations = [to_location(c) for c in towns[:10]]
        if exactly_one:
            return locations[0] if locations else None
        return locations


def make_online_geocoder(name: str, user_agent: str, min_delay_seconds: float = 1.0):
    """An opt-in online geocoder, rate limited (Nominatim's policy: one request per second)."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import get_geocoder_for_service

    cls = get_geocoder_for_service(name)
    service = cls(user_agent=user_agent, timeout=10)
    return RateLimiter(service.geocode, min_delay_seconds=min_delay_seconds, max_retries=1, swallow_exceptions=False)
