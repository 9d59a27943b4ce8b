"""The one vocabulary every pipeline stage speaks: Article, Mention, Place, Event.

Plain dataclasses with no behaviour beyond small derived values, so that ingest, extraction,
geocoding, storage and views can be tested apart and exchanged freely.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

PLACE = "place"
ACTOR = "actor"
DATE = "date"

PRECISIONS = ("point", "city", "region", "country", "continent")
DATE_PRECISIONS = ("day", "week", "month", "year", "decade", "none")


def normalise_text(text: str) -> str:
    """Text as hashed for identity: NFC, unified whitespace, trimmed."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def text_id(text: str) -> str:
    """A stable id for a report that has none: a hash of its normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One report, its text cleaned of page furniture (kept apart in `removed`)."""

    id: str
    text: str
    title: str = ""
    published: date | None = None
    url: str = ""
    source: str = ""
    removed: tuple[str, ...] = ()
    origin: str = ""  # file (and line) the report came from, for messages

    @property
    def content_hash(self) -> str:
        basis = "\x1f".join(
            [self.title, self.published.isoformat() if self.published else "", self.url, self.source, self.text]
        )
        return hashlib.sha256(normalise_text(basis).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Mention:
    """A span of the article text that names a place, an actor or a date."""

    kind: str
    text: str
    char_start: int
    char_end: int
    sentence_index: int
    label: str = ""  # NER label or rule that found it
    value: str = ""  # canonical value: actor name, ISO date, place query
    hint: str = ""  # what the words around ask for: airport, capital, region, country...
    country_code: str = ""  # for hints that name a country ("the Algerian capital")


@dataclass(frozen=True)
class Place:
    """A resolved location and how much to trust it."""

    name: str
    latitude: float
    longitude: float
    geo_precision: str = "city"
    feature: str = "city"
    country_code: str = ""
    gazetteer_id: str = ""
    resolved_by: str = "gazetteer"
    confidence: float = 0.5
    population: int = 0


@dataclass(frozen=True)
class Actor:
    """Someone who acts: a person, an organisation, a state, an armed group or a medium."""

    name: str
    kind: str = "organisation"
    aliases: tuple[str, ...] = ()
    affiliation: str = ""
    country: str = ""


@dataclass
class Event:
    """One (sentence, place) pair of an article: who did what, where and when."""

    event_id: str
    article_id: str
    sentence: str
    mention: str
    char_start: int
    char_end: int
    place: Place | None
    actors: list[str] = field(default_factory=list)
    event_date: date | None = None
    date_precision: str = "none"
    activity: str | None = None
    future: bool = False  # the report speaks of it as still to come ("will arrive")
    place_key: str = ""  # the mention's name, hint and context: what an analyst's correction applies to

    @staticmethod
    def make_id(article_id: str, char_start: int, char_end: int) -> str:
        raw = f"{article_id}:{char_start}:{char_end}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]
