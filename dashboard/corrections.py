"""Analyst corrections: a mention, in a context, that means another place than the machine chose.

The context is the mention's name and hint plus the article's main focus country ("Tripoli" in
reports about Libya), so one correction fixes every event with that mention in that context, now and
after any re-ingest: the store applies its overrides whenever it saves events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from dashboard.geocode.normalize import name_key
from dashboard.geocode.query import PlaceQuery
from dashboard.geocode.resolve import Resolver
from dashboard.model import Event, Place

ANALYST = "analyst"


def correction_key(query: PlaceQuery, focus_country: str) -> str:
    return f"{name_key(query.name)}|{query.hint}|{focus_country}"


def query_of(key: str) -> PlaceQuery:
    """The lookup a correction key stands for (to list the gazetteer's other candidates)."""
    name, hint, _ = key.split("|", 2)
    return PlaceQuery(name, name, hint)


def place_keys(resolver: Resolver, queries: Sequence[PlaceQuery], extra_focus=None) -> list[str]:
    """The correction key of each query: its name and hint in the article's main focus country."""
    focus = resolver.focus_countries([resolver.candidates(q) for q in queries], extra_focus)
    top = focus.most_common(1)[0][0] if focus else ""
    return [correction_key(q, top) for q in queries]


def candidates_for(resolver: Resolver, key: str, limit: int = 15) -> list[Place]:
    """The gazetteer's places for a corrected mention, countries and large places first."""
    from dashboard.geocode.query import to_place

    found = resolver.candidates(query_of(key))
    found.sort(key=lambda c: (c.feature not in ("country", "continent"), -c.population, c.id))
    return [to_place(c, 0.0) for c in found[:limit]]


def analyst_place(place: Place) -> Place:
    return replace(place, resolved_by=ANALYST, confidence=1.0)


def apply_overrides(events: Iterable[Event], overrides: dict[str, Place]) -> list[Event]:
    """Events with the analyst's place wherever an override matches their key."""
    out = []
    for event in events:
        if event.place_key and event.place_key in overrides:
            event = replace(event, place=overrides[event.place_key])
        out.append(event)
    return out


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
