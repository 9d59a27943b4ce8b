"""The URL is the view: ViewState <-> query parameters, with every bad value dropped and explained.

`?actor=Khalifa+Haftar&actor=Russia&from=2024-02-01&to=2024-03-04&q=...&lat=..&lon=..&z=6&event=ID`
Parsing never raises: a link someone pasted must always open, with notices for what was ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from dashboard.filters import EventFilter

MIN_ZOOM, MAX_ZOOM = 1, 18
PARAMS = ("actor", "from", "to", "q", "lat", "lon", "z", "event", "snapshot")


@dataclass(frozen=True)
class ViewState:
    actors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    event: str | None = None
    snapshot: str | None = None

    def to_filter(self) -> EventFilter:
        return EventFilter(actors=self.actors, since=self.date_from, until=self.date_to, q=self.q)

    def to_params(self) -> dict[str, str | list[str]]:
        """Query parameters, in a fixed order, leaving out what is unset."""
        params: dict[str, str | list[str]] = {}
        if self.snapshot:
            params["snapshot"] = self.snapshot
        if self.actors:
            params["actor"] = list(self.actors)
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        if self.q:
            params["q"] = self.q
        if self.lat is not None and self.lon is not None:
            params["lat"] = f"{self.lat:.4f}"
            params["lon"] = f"{self.lon:.4f}"
        if self.zoom is not None:
            params["z"] = str(self.zoom)
        if self.event:
            params["event"] = self.event
        return params

    def query_string(self) -> str:
        return urlencode(self.to_params(), doseq=True)

    def with_changes(self, **changes: object) -> ViewState:
        return replace(self, **changes)


def as_lists(params: Mapping[str, str | list[str]]) -> dict[str, list[str]]:
    """Query parameters with every value as a list, for comparing two sets of them."""
    return {key: _values(params, key) for key in params}


def _values(params: Mapping[str, str | list[str]], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _last(params: Mapping[str, str | list[str]], key: str) -> str:
    values = _values(params, key)
    return values[-1].strip() if values else ""


def _date(params: Mapping[str, str | list[str]], key: str, label: str, notices: list[str]) -> date | None:
    raw = _last(params, key)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        notices.append(f"Ignored the {label} date in the link: '{raw}' is not a date (use YYYY-MM-DD).")
        return None


def _number(raw: str, low: float, high: float) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if low <= value <= high else None


def from_params(
    params: Mapping[str, str | list[str]], known_actors: Collection[str] | None = None
) -> tuple[ViewState, list[str]]:
    """A ViewState from query parameters and the notices for every value that had to be dropped."""
    notices: list[str] = []
    actors: list[str] = []
    for name in _values(params, "actor"):
        name = name.strip()
        if not name or name in actors:
            continue
        if known_actors is not None and name not in known_actors:
            notices.append(f"Ignored the actor '{name}' from the link: no event mentions it.")
            continue
        actors.append(name)
    date_from = _date(params, "from", "start", notices)
    date_to = _date(params, "to", "end", notices)
    if date_from and date_to and date_from > date_to:
        notices.append("The link's start date was after its end date; the two were swapped.")
        date_from, date_to = date_to, date_from
    lat_raw, lon_raw = _last(params, "lat"), _last(params, "lon")
    lat = _number(lat_raw, -90, 90) if lat_raw else None
    lon = _number(lon_raw, -180, 180) if lon_raw else None
    if (lat_raw or lon_raw) and (lat is None or lon is None):
        notices.append(
            f"Ignored the map centre in the link: lat={lat_raw or '?'}, lon={lon_raw or '?'} is not a valid position."
        )
        lat = lon = None
    zoom = None
    if z_raw := _last(params, "z"):
        z = _number(z_raw, MIN_ZOOM, MAX_ZOOM)
        if z is None or z != int(z):
            notices.append(
                f"Ignored the zoom level '{z_raw}' from the link: "
                f"it must be a whole number from {MIN_ZOOM} to {MAX_ZOOM}."
            )
        else:
            zoom = int(z)
    state = ViewState(
        actors=tuple(actors),
        date_from=date_from,
        date_to=date_to,
        q=_last(params, "q")[:200],
        lat=lat,
        lon=lon,
        zoom=zoom,
        event=_last(params, "event") or None,
        snapshot=_last(params, "snapshot") or None,
    )
    return state, notices
