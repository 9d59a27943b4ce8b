"""The one filter every view and export applies: actors, activity types, countries, dates, text, precision.

Pure functions of a DataFrame of events. Columns a store may not have yet (an older schema, a reader that
left one out) are treated as empty, never as an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

import pandas as pd

UNSPECIFIED = "unspecified"  # the activity filter's name for events with no activity type
AREA_PRECISIONS = ("country", "continent")  # what "hide country-level points" leaves out
_HAYSTACK = "_haystack"  # optional precomputed search column, see `prepare`


@dataclass(frozen=True)
class EventFilter:
    actors: tuple[str, ...] = ()  # events involving any of them
    since: date | None = None  # inclusive
    until: date | None = None  # inclusive
    q: str = ""  # case-insensitive, in sentence, place, mention, actors and title
    activities: tuple[str, ...] = ()  # any of them; UNSPECIFIED matches events without one
    countries: tuple[str, ...] = ()  # ISO 3166 alpha-2 codes of the event's place
    hide_country: bool = False  # leave out events placed only at a country or continent

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def without_dates(self) -> EventFilter:
        """The same filter over all dates: what the timeline shows around the chosen interval."""
        return EventFilter(**{f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("since", "until")})


def column(frame: pd.DataFrame, name: str, default: object = None) -> pd.Series:
    """A column of `frame`, or a column of `default` when the store has no such field."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([default] * len(frame), index=frame.index, dtype="object")


def actor_lists(frame: pd.DataFrame) -> pd.Series:
    """The `actors` column as lists, whatever a store put there (list, tuple, None, NaN)."""
    return column(frame, "actors").map(lambda v: list(v) if isinstance(v, (list, tuple)) else [])


def search_text(frame: pd.DataFrame) -> pd.Series:
    """What the text search looks in, case-folded: sentence, place, mention, title and actors."""
    parts = [column(frame, name).fillna("").astype(str) for name in ("sentence", "place_name", "mention", "title")]
    text = parts[0]
    for part in parts[1:]:
        text = text + "\x1f" + part
    return (text + "\x1f" + actor_lists(frame).map("; ".join)).str.casefold()


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """The events with a precomputed search column, so that repeated searches stay fast."""
    prepared = frame.copy()
    prepared["actors"] = actor_lists(frame)
    prepared[_HAYSTACK] = search_text(frame)
    return prepared


def _any_actor(frame: pd.DataFrame, wanted: Iterable[str]) -> pd.Series:
    wanted = set(wanted)
    exploded = actor_lists(frame).explode()
    hits = exploded[exploded.isin(wanted)].index.unique()
    return pd.Series(frame.index.isin(hits), index=frame.index)


def filter_mask(frame: pd.DataFrame, f: EventFilter) -> pd.Series:
    """True for the events of `frame` that pass `f`."""
    keep = pd.Series(True, index=frame.index)
    if frame.empty:
        return keep
    if f.actors:
        keep &= _any_actor(frame, f.actors)
    if f.activities:
        activity = column(frame, "activity").fillna(UNSPECIFIED).replace("", UNSPECIFIED)
        keep &= activity.isin(set(f.activities))
    if f.countries:
        codes = column(frame, "country_code").fillna("").astype(str).str.upper()
        keep &= codes.isin({c.upper() for c in f.countries})
    if f.hide_country:
        keep &= ~column(frame, "geo_precision").isin(AREA_PRECISIONS)
    if f.since or f.until:
        dates = column(frame, "event_date").fillna("").astype(str)
        if f.since:
            keep &= dates >= f.since.isoformat()
        if f.until:
            keep &= (dates <= f.until.isoformat()) & (dates != "")
    if f.q:
        haystack = frame[_HAYSTACK] if _HAYSTACK in frame.columns else search_text(frame)
        keep &= haystack.str.contains(f.q.casefold(), regex=False)
    return keep


def apply_filter(frame: pd.DataFrame, f: EventFilter) -> pd.DataFrame:
    """The events of `frame` that pass `f`; an empty filter returns the frame itself."""
    if f.is_empty or frame.empty:
        return frame
    return frame[filter_mask(frame, f)]


def facet_counts(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """How many events each actor, activity type and country has, busiest first: the filters' options."""
    activity = column(frame, "activity").fillna(UNSPECIFIED).replace("", UNSPECIFIED)
    codes = column(frame, "country_code").fillna("").astype(str).str.upper()
    return {
        "actor": actor_lists(frame).explode().dropna().value_counts(),
        "activity": activity.value_counts(),
        "country": codes[codes != ""].value_counts(),
    }


@dataclass(frozen=True)
class Catalog:
    """The stored events prepared for filtering, with what the filters offer and the dates they span."""

    events: pd.DataFrame
    actors: pd.Series  # name -> events, busiest first
    activities: pd.Series
    countries: pd.Series  # ISO alpha-2 -> events
    first: date | None
    last: date | None
    positions: dict[str, int]  # event id -> row position in `events`

    def event(self, event_id: str | None) -> dict | None:
        """One event as a dict, or None when the store has no such id."""
        at = self.positions.get(event_id or "")
        return None if at is None else self.events.iloc[at].to_dict()


def catalog(frame: pd.DataFrame) -> Catalog:
    prepared = prepare(frame).reset_index(drop=True)
    facets = facet_counts(prepared)
    dates = pd.to_datetime(column(prepared, "event_date"), errors="coerce").dropna()
    ids = column(prepared, "event_id").astype(str)
    return Catalog(
        events=prepared,
        actors=facets["actor"],
        activities=facets["activity"],
        countries=facets["country"],
        first=dates.min().date() if not dates.empty else None,
        last=dates.max().date() if not dates.empty else None,
        positions={event_id: i for i, event_id in enumerate(ids)},
    )
