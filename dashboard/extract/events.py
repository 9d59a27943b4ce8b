"""Sentences to events: one Event per (sentence, place), with who, when and what.

`describe` reads, for each place mention, its date (the one governing its clause, else the
nearest earlier date of the paragraph that is not still to come, else the publication date with
precision "none"), its
activity and whether it is still to come; `build_events` decides which place mentions are
where something happened and gathers each one's actors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from dashboard.extract.activity import classify_activity
from dashboard.extract.dates import governing_date, since_date
from dashboard.extract.places import PlaceMention
from dashboard.extract.syntax import is_future
from dashboard.geocode.normalize import name_key
from dashboard.model import Article, Event, Mention, Place

AREA_PRECISIONS = {"country", "continent"}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# What follows the town of a dateline: "GENEVA (AP) —", "KUFRA, Libya, Nov. 18 (Xinhua) --",
# "London, 10 September 2026:", "BEIRUT, Nov 21 (Reuters) -".
_AFTER_DATELINE = re.compile(
    r"(?:,\s*[A-Z][\w.'’ -]{1,30}?)?\s*(?:\([^()\n]{1,40}\)\s*)?"
    r"(?:[-–—:]|,\s*(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2}\b))"
)


def _named_again(text: str, event: Event, places: list[PlaceMention]) -> bool:
    """Whether the words of an event's mention occur again later in the text (in any case, as words), but
    only inside other names ("the Misrata Free Zone"): a mention of the town as such has its own event."""
    pattern = re.compile(rf"\b{re.escape(event.mention)}\b(?!-based)", re.IGNORECASE)  # not "Tripoli-based"
    spans = [(p.start, p.end) for p in places]
    return any(
        not any(s < found.end() and found.start() < e for s, e in spans)
        for found in pattern.finditer(text, event.char_end)
    )


def opens_with_dateline(text: str, start: int, end: int) -> bool:
    """Whether the place at text[start:end] is a dateline's town: first on its line, then a dateline's
    date, agency or dash."""
    return (start == 0 or text[:start].rstrip(" \t").endswith("\n")) and bool(_AFTER_DATELINE.match(text, end))


@dataclass(frozen=True)
class Detail:
    """When and what for one place mention."""

    event_date: date | None
    date_precision: str
    activity: str
    future: bool


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs begin: blank lines, or single line breaks in a text without any."""
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    if not breaks:
        breaks = [m.end() for m in re.finditer(r"\n", text)]
    return [0, *breaks]


def describe(
    doc: Doc,
    article: Article,
    places: list[PlaceMention],
    dates: list[Mention],
    sentence_of: Callable[[int], int],
    paragraph_of: Callable[[int], int],
) -> list[Detail]:
    """Date, precision, activity and future flag for every place mention, in order."""
    details = []
    began = {(d.char_start, d.char_end) for d in dates if since_date(doc, d)}  # (once per date, not per place)
    for mention in places:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        token = span.root if span is not None else doc[0]
        index = sentence_of(mention.start)
        own = [d for d in dates if d.sentence_index == index]
        if mention.label == "DATELINE":  # no clause of its own: the lead sentence's date is its date
            chosen = next((d for d in own if d.hint != "future"), None)
        else:
            chosen = governing_date(doc, token, own)
        if chosen is None:
            paragraph = paragraph_of(mention.start)
            earlier = [
                d
                for d in dates
                if d.char_end <= token.sent.start_char
                and paragraph_of(d.char_start) == paragraph
                and d.hint != "future"
                and (d.char_start, d.char_end) not in began  # "deployed there since 2023. Thousands fled ..."
            ]
            chosen = earlier[-1] if earlier else None
        if chosen is not None:
            event_date, precision = date.fromisoformat(chosen.value), chosen.label
        else:
            event_date, precision = article.published, "none"
        future = is_future(token) or bool(chosen is not None and chosen.hint == "future" and chosen in own)
        details.append(Detail(event_date, precision, classify_activity(token.sent, token), future))
    return details


def build_events(
    article: Article,
    sentences: list[tuple[int, int]],
    places: list[PlaceMention],
    resolved: list[Place | None],
    actors: list[Mention],
    details: list[Detail],
    sentence_of: Callable[[int], int],
) -> list[Event]:
    """Events of one article; `sentences` are (start, end) character spans, `details` one per place.

    Where it happened is the most specific place of the sentence: a country or continent named as
    an actor ("Russia attempts ...") or beside a town, base or region ("met officials in Algiers who
    oppose intervention in Libya") is context, not an event of its own, and so is a capital that
    acts for its state ("Moscow has the key ...") when the sentence says where something happened.
    A place named only to say where another one is ("Gharyan, 80 km south of Tripoli") is context too.
    A place mentioned twice in one sentence gives one event (a name only guessed to lie at a town the
    sentence names is not that town's mention: it keeps its own event). A dateline's town ("GENEVA
    (AP) —", "London, 10 September 2026:") is where the report was filed: an event only when the
    report names no other place, or names the town again inside other names only ("Misrata – The Misrata
    Free Zone received ...").
    """
    acting = {(m.char_start, m.char_end) for m in actors if m.label == "state"}
    specific = {
        sentence_of(m.start)
        for m, p in zip(places, resolved, strict=True)
        if p is not None and p.geo_precision not in AREA_PRECISIONS and (m.start, m.end) not in acting
    }
    located = {sentence_of(m.start) for m in places if m.is_location and (m.start, m.end) not in acting}
    # "near Gharyan, about 80 kilometres south of Tripoli": Tripoli only says where Gharyan is (found or not:
    # "at Afungi, near Palma" is no event at the Palma the gazetteer has, in Spain)
    near: dict[tuple[int, str], tuple[str, int]] = {}
    for m in places:
        if m.query.near:
            near[(sentence_of(m.start), name_key(m.query.name))] = (name_key(m.query.near), m.start)
    references = set()
    for (index, name), (other, start) in near.items():
        back = near.get((index, other))  # both ways ("in Zawia, 45 km west of Tripoli, near the Zawia refinery"):
        if back is None or back[0] != name or back[1] > start:  # the later name says where the first is
            references.add((index, other))
    events: list[Event] = []
    seen: dict[tuple[int, str], Event] = {}
    for mention, place, detail in zip(places, resolved, details, strict=True):
        index = sentence_of(mention.start)
        # (a site placed only in the country the words put it in is a site, not the country: "Hmeimim
        # air base in Syria" keeps its event beside "Bamako")
        area = place is None or (place.geo_precision in AREA_PRECISIONS and place.resolved_by != "stated location")
        if area and (not mention.is_location or (place is not None and index in specific)):
            continue
        if not mention.is_location and place is not None and place.feature == "sea":
            continue  # "the Black Sea port of Odesa": the sea only says where the port is
        if (mention.start, mention.end) in acting and (index in specific or index in located):
            continue
        if (index, name_key(mention.query.name)) in references:
            continue
        guessed = place is None or place.resolved_by == "article context"  # its own name, not the town's
        identity = (index, mention.text.lower() if guessed else place.gazetteer_id or place.name)
        earlier = seen.get(identity)
        if earlier is not None and not opens_with_dateline(article.text, earlier.char_start, earlier.char_end):
            continue
        start, end = sentences[index]
        names = list(dict.fromkeys(m.value for m in actors if m.sentence_index == index))
        if earlier is not None:  # "Ubari - Elders ... signed a truce in Ubari": the town said, not the dateline
            events.remove(earlier)
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
                event_date=detail.event_date,
                date_precision=detail.date_precision,
                activity=detail.activity,
                future=detail.future,
            )
        )
        seen[identity] = events[-1]

    def where_it_happened(dateline: Event) -> bool:
        """A dateline's town named again only inside other names, not as a place with its own event."""
        town = dateline.place.gazetteer_id if dateline.place else None
        if any(e is not dateline and e.place and e.place.gazetteer_id == town for e in events):
            return False
        return _named_again(article.text, dateline, places)

    filed = {
        e.event_id
        for e in events
        if opens_with_dateline(article.text, e.char_start, e.char_end) and not where_it_happened(e)
    }
    if len(filed) < len(events):
        events = [e for e in events if e.event_id not in filed]
    return events
