"""The URL is the view: ViewState <-> query parameters, with every bad value dropped and explained.

`?actor=Khalifa+Haftar&actor=Russia&activity=meeting&country=LY&from=2024-02-01&to=2024-03-04&q=...&hide=country`
`&lat=..&lon=..&z=6&event=ID&bin=week&tiles=osm`
Parsing never raises: a link someone pasted must always open, with notices for what was ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from dashboard.filters import EventFilter

MIN_ZOOM, MAX_ZOOM = 1, 18
PARAMS = (
    "snapshot", "actor", "activity", "country", "from", "to", "q", "hide", "lat", "lon", "z", "event", "bin", "tiles"
)  # fmt: skip
FILTER_PARAMS = ("actor", "activity", "country", "from", "to", "q", "hide")
BINS = ("day", "week")  # timeline bins a link may ask for; none means "chosen from the span"
TILES = ("osm",)  # basemaps a link may ask for; none means the offline country outlines
MAX_VALUES = 50  # more values of one parameter than this is not a view anybody chose


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
    activities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    hide_country: bool = False
    bin: str | None = None
    tiles: str | None = None

    def to_filter(self) -> EventFilter:
        return EventFilter(
            actors=self.actors,
            since=self.date_from,
            until=self.date_to,
            q=self.q,
            activities=self.activities,
            countries=self.countries,
            hide_country=self.hide_country,
        )

    def filter_key(self) -> str:
        """The filter part of the query string: equal keys select equal events."""
        params = self.to_params()
        return urlencode({k: params[k] for k in FILTER_PARAMS if k in params}, doseq=True)

    def to_params(self) -> dict[str, str | list[str]]:
        """Query parameters, in a fixed order, leaving out what is unset."""
        params: dict[str, str | list[str]] = {}
        if self.snapshot:
            params["snapshot"] = self.snapshot
        if self.actors:
            params["actor"] = list(self.actors)
        if self.activities:
            params["activity"] = list(self.activities)
        if self.countries:
            params["country"] = list(self.countries)
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        if self.q:
            params["q"] = self.q
        if self.hide_country:
            params["hide"] = "country"
        if self.lat is not None and self.lon is not None:
            params["lat"] = f"{self.lat:.4f}"
            params["lon"] = f"{self.lon:.4f}"
        if self.zoom is not None:
            params["z"] = str(self.zoom)
        if self.event:
            params["event"] = self.event
        if self.bin:
            params["bin"] = self.bin
        if self.tiles:
            params["tiles"] = self.tiles
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


def _choices(
    params: Mapping[str, str | list[str]],
    key: str,
    known: Collection[str] | None,
    label: str,
    notices: list[str],
    normalise=str.strip,
) -> tuple[str, ...]:
    """The distinct values of a repeatable parameter, keeping only those the store knows."""
    chosen: list[str] = []
    for raw in _values(params, key):
        value = normalise(raw)
        if not value or value in chosen:
            continue
        if known is not None and value not in known:
            notices.append(f"Ignored the {label} '{value[:80]}' from the link: no event has it.")
            continue
        if len(chosen) == MAX_VALUES:
            notices.append(f"Kept the first {MAX_VALUES} {label} values of the link and ignored the rest.")
            break
        chosen.append(value)
    return tuple(chosen)


def _one_of(
    params: Mapping[str, str | list[str]], key: str, allowed: tuple[str, ...], notices: list[str]
) -> str | None:
    raw = _last(params, key)
    if not raw:
        return None
    if raw.lower() in allowed:
        return raw.lower()
    notices.append(f"Ignored {key}='{raw[:80]}' from the link: it must be one of {', '.join(allowed)}.")
    return None


def from_params(
    params: Mapping[str, str | list[str]],
    known_actors: Collection[str] | None = None,
    *,
    known_activities: Collection[str] | None = None,
    known_countries: Collection[str] | None = None,
    known_events: Collection[str] | None = None,
) -> tuple[ViewState, list[str]]:
    """A ViewState from query parameters and the notices for every value that had to be dropped.

    A `known_*` collection, when given, is what the store holds; values outside it are dropped.
    """
    notices: list[str] = []
    actors = _choices(params, "actor", known_actors, "actor", notices)
    activities = _choices(params, "activity", known_activities, "activity type", notices)
    countries = _choices(params, "country", known_countries, "country", notices, lambda v: v.strip().upper())
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
            f"Ignored the map centre in the link: lat={lat_raw[:40] or '?'}, lon={lon_raw[:40] or '?'} "
            "is not a valid position."
        )
        lat = lon = None
    zoom = None
    if z_raw := _last(params, "z"):
        z = _number(z_raw, MIN_ZOOM, MAX_ZOOM)
        if z is None or z != int(z):
            notices.append(
                f"Ignored the zoom level '{z_raw[:40]}' from the link: "
                f"it must be a whole number from {MIN_ZOOM} to {MAX_ZOOM}."
            )
        else:
            zoom = int(z)
    hide = _one_of(params, "hide", ("country",), notices)
    event = _last(params, "event")[:100] or None
    if event and known_events is not None and event not in known_events:
        notices.append(f"Ignored the selected event '{event}' from the link: the store has no such event.")
        event = None
    state = ViewState(
        actors=actors,
        date_from=date_from,
        date_to=date_to,
        q=_last(params, "q")[:200],
        lat=lat,
        lon=lon,
        zoom=zoom,
        event=event,
        snapshot=_last(params, "snapshot") or None,
        activities=activities,
        countries=countries,
        hide_country=hide == "country",
        bin=_one_of(params, "bin", BINS, notices),
        tiles=_one_of(params, "tiles", TILES, notices),
    )
    return state, notices
