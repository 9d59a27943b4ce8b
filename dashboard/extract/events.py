"""Sentences to events: one Event per (sentence, place), with the sentence's actors, date and activity."""

from __future__ import annotations

from datetime import date

from dashboard.extract.places import PlaceMention
from dashboard.model import Article, Event, Mention, Place

AREA_PRECISIONS = {"country", "continent"}


def build_events(
    article: Article,
    sentences: list[tuple[int, int]],
    places: list[PlaceMention],
    resolved: list[Place | None],
    actors: list[Mention],
    dates: list[Mention],
    activities: list[str | None],
    sentence_of,
) -> list[Event]:
    """Events of one article; `sentences` are (start, end) character spans, `activities` one per sentence.

    Where it happened is the most specific place of the sentence: a country or continent named as
    an actor ("Russia attempts ...") or beside a town, base or region ("met officials in Algiers who
    oppose intervention in Libya") is context, not an event of its own. A place mentioned twice in
    one sentence gives one event.
    """
    events: list[Event] = []
    seen: set[tuple[int, str]] = set()
    specific = {
        sentence_of(m.start)
        for m, p in zip(places, resolved, strict=True)
        if p is not None and p.geo_precision not in AREA_PRECISIONS
    }
    for mention, place in zip(places, resolved, strict=True):
        index = sentence_of(mention.start)
        area = place is None or place.geo_precision in AREA_PRECISIONS
        if area and (not mention.is_location or (place is not None and index in specific)):
            continue
        identity = (index, place.gazetteer_id or place.name if place else mention.text.lower())
        if identity in seen:
            continue
        seen.add(identity)
        start, end = sentences[index]
        names = list(dict.fromkeys(m.value for m in actors if m.sentence_index == index))
        event_date, precision = _date_of(index, dates, article.published)
        events.append(
            Event(
                event_id=Event.make_id(article.id, mention.start, mention.end),
                article_id=article.id,
                sentence=article.text[start:end].strip(),
                mention=mention.text,
                char_start=mention.start,
                char_end=mention.end,
                place=place,
                actors=names,
                event_date=event_date,
                date_precision=precision,
                activity=activities[index],
            )
        )
    return events


def _date_of(index: int, dates: list[Mention], published: date | None) -> tuple[date | None, str]:
    for mention in dates:
        if mention.sentence_index == index and mention.value:
            return date.fromisoformat(mention.value), mention.label
    return published, "none"
