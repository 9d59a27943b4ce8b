"""The one filter every view and export applies: actors, activity types, countries, dates, text, precision.

Pure functions of a DataFrame of events. Columns a store may not have yet (an older schema, a reader that
left one out) are treated as empty, never as an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

import numpy as np
import pandas as pd

UNSPECIFIED = "unspecified"  # the activity filter's name for events with no activity type
AREA_PRECISIONS = ("country", "continent")  # what "hide country-level points" leaves out
_ACTOR_TEXT = "_actor_text"  # precomputed by `prepare`: the actors of an event as one text
PLACE_NUMBER = "_place"  # precomputed by `prepare`: events at one place share it; -1 for events with no place
COORD_DIGITS = 5  # places closer than this many decimals of a degree are one place on the map


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
    if _ACTOR_TEXT in frame.columns:  # prepared: normalised already
        return frame["actors"]
    return column(frame, "actors").map(lambda v: list(v) if isinstance(v, (list, tuple)) else [])


def actor_pairs(frame: pd.DataFrame) -> pd.Series:
    """One row per (event, actor): the event's row label as index, the actor as value."""
    return actor_lists(frame).explode().dropna()


SEARCHED = ("sentence", "place_name", "mention", "title")


def text_matches(frame: pd.DataFrame, q: str, actor_text: pd.Series | None = None) -> np.ndarray:
    """True for events whose sentence, place, mention, title or actors contain `q`, ignoring case."""
    keep = np.zeros(len(frame), dtype=bool)
    for name in SEARCHED:
        values = column(frame, name)
        if values.dtype == object:
            values = values.fillna("").astype(str)
        keep |= values.str.contains(q, case=False, regex=False).to_numpy(dtype=bool, na_value=False)
    names = actor_lists(frame).map("; ".join) if actor_text is None else actor_text
    keep |= names.astype(str).str.contains(q, case=False, regex=False).to_numpy(dtype=bool, na_value=False)
    return keep


def place_numbers(frame: pd.DataFrame) -> np.ndarray:
    """For each event a number shared by the events at the same place (name, point, precision); -1 if unplaced.

    Each key column is factorised on its own and the codes combined, which is several times faster
    than factorising tuples of the four.
    """
    if frame.empty:
        return np.zeros(0, dtype=np.int64)
    lat = pd.to_numeric(column(frame, "latitude"), errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(column(frame, "longitude"), errors="coerce").to_numpy(dtype=float)
    located = ~(np.isnan(lat) | np.isnan(lon))
    keys = [
        column(frame, "place_name").fillna("").astype(str).to_numpy(dtype=object),
        np.round(lat, COORD_DIGITS),
        np.round(lon, COORD_DIGITS),
        column(frame, "geo_precision").fillna("city").astype(str).to_numpy(dtype=object),
    ]
    number = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(key, use_na_sentinel=False)
        number = pd.factorize(number * (len(uniques) + 1) + codes)[0]
    return np.where(located, number, -1)


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """The events with actors as lists, their names as one text and their place numbers, computed once
    so that repeated searches and maps stay fast. A prepared frame is returned as it is."""
    if _ACTOR_TEXT in frame.columns and PLACE_NUMBER in frame.columns:
        return frame
    actors = actor_lists(frame)
    return frame.assign(
        actors=actors,
        **{_ACTOR_TEXT: pd.array(actors.map("; ".join), dtype="str"), PLACE_NUMBER: place_numbers(frame)},
    )


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
        keep &= text_matches(frame, f.q, frame[_ACTOR_TEXT] if _ACTOR_TEXT in frame.columns else None)
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
    """The stored events prepared for filtering, with what the filters offer and the dates they span.

    `select` answers the same question as `apply_filter`, from columns computed once per store
    version, so that a filter change costs a few vectorised comparisons.
    """

    events: pd.DataFrame
    actors: pd.Series  # name -> events, busiest first
    activities: pd.Series
    countries: pd.Series  # ISO alpha-2 -> events
    first: date | None
    last: date | None
    positions: dict[str, int]  # event id -> row position in `events`
    actor_pairs: pd.Series  # one row per (event, actor): index = the event's row label, value = actor
    activity: pd.Series  # activity with UNSPECIFIED for none
    country: pd.Series  # upper-case country code, '' for none
    dates: pd.Series  # event_date as text, '' for none

    def event(self, event_id: str | None) -> dict | None:
        """One event as a dict, or None when the store has no such id."""
        at = self.positions.get(event_id or "")
        return None if at is None else self.events.iloc[at].to_dict()

    def pairs_of(self, shown: pd.DataFrame) -> pd.Series:
        """`actor_pairs` of the events in `shown` (a selection of `events`)."""
        if len(shown) == len(self.events):
            return self.actor_pairs
        return self.actor_pairs[self.actor_pairs.index.isin(shown.index)]

    def select(self, f: EventFilter) -> pd.DataFrame:
        """The events passing `f`: the same as `apply_filter(self.events, f)`, faster."""
        if f.is_empty:
            return self.events
        frame = self.events
        keep = np.ones(len(frame), dtype=bool)
        if f.actors:
            hits = self.actor_pairs.index[self.actor_pairs.isin(set(f.actors)).to_numpy()]
            keep &= frame.index.isin(hits)
        if f.activities:
            keep &= self.activity.isin(set(f.activities)).to_numpy()
        if f.countries:
            keep &= self.country.isin({c.upper() for c in f.countries}).to_numpy()
        if f.hide_country:
            keep &= ~column(frame, "geo_precision").isin(AREA_PRECISIONS).to_numpy()
        if f.since:
            keep &= (self.dates >= f.since.isoformat()).to_numpy()
        if f.until:
            keep &= ((self.dates <= f.until.isoformat()) & (self.dates != "")).to_numpy()
        if f.q:
            keep &= text_matches(frame, f.q, frame[_ACTOR_TEXT])
        return frame[keep]


def catalog(frame: pd.DataFrame) -> Catalog:
    """The events of a store, ready for the dashboard."""
    prepared = prepare(frame)
    if not isinstance(prepared.index, pd.RangeIndex) or prepared.index.start != 0:
        prepared = prepared.reset_index(drop=True)
    pairs = actor_pairs(prepared)
    activity = column(prepared, "activity").fillna(UNSPECIFIED).replace("", UNSPECIFIED)
    country = column(prepared, "country_code").fillna("").astype(str).str.upper()
    dates = column(prepared, "event_date").fillna("").astype(str)
    parsed = pd.to_datetime(dates[dates != ""], errors="coerce").dropna()
    ids = column(prepared, "event_id").astype(str)
    return Catalog(
        events=prepared,
        actors=pairs.value_counts(),
        activities=activity.value_counts(),
        countries=country[country != ""].value_counts(),
        first=parsed.min().date() if not parsed.empty else None,
        last=parsed.max().date() if not parsed.empty else None,
        positions=dict(zip(ids, range(len(ids)), strict=True)),
        actor_pairs=pairs,
        activity=activity,
        country=country,
        dates=dates,
    )
