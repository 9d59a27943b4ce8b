"""The one filter every view and export applies: actors, a date interval and a text search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd


@dataclass(frozen=True)
class EventFilter:
    actors: tuple[str, ...] = ()  # events involving any of them
    since: date | None = None  # inclusive
    until: date | None = None  # inclusive
    q: str = ""  # case-insensitive, in sentence, place, mention, actors and title

    @property
    def is_empty(self) -> bool:
        return not (self.actors or self.since or self.until or self.q)


def apply_filter(frame: pd.DataFrame, f: EventFilter) -> pd.DataFrame:
    """The events of `frame` that pass `f`; an empty filter returns the frame itself."""
    if f.is_empty or frame.empty:
        return frame
    keep = pd.Series(True, index=frame.index)
    if f.actors:
        wanted = set(f.actors)
        keep &= frame["actors"].map(lambda names: not wanted.isdisjoint(names))
    if f.since or f.until:
        dates = frame["event_date"].fillna("")
        if f.since:
            keep &= dates >= f.since.isoformat()
        if f.until:
            keep &= (dates <= f.until.isoformat()) & (dates != "")
    if f.q:
        needle = f.q.casefold()
        haystack = (
            frame["sentence"].fillna("")
            + "\x1f"
            + frame["place_name"].fillna("")
            + "\x1f"
            + frame["mention"].fillna("")
            + "\x1f"
            + frame["title"].fillna("")
            + "\x1f"
            + frame["actors"].map("; ".join)
        )
        keep &= haystack.str.casefold().str.contains(needle, regex=False)
    return frame[keep]
