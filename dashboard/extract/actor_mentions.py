"""Who, in one parsed report: actor mentions resolved to canonical names.

Within a report a surname refers back to the full name ("Haftar" -> "Khalifa Haftar"), a country
or a capital used as an agent ("Moscow has the key") is the state, and people or organisations
nobody listed become actors of their own, with a kind taken from spaCy's label.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dashboard.extract.actors import LABEL_KIND, ActorRegistry, lookup_forms
from dashboard.extract.places import PlaceMention
from dashboard.geocode.countries import countries
from dashboard.model import ACTOR, Actor, Mention

ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
_TITLES = {
    "general",
    "president",
    "minister",
    "prime",
    "field",
    "marshal",
    "colonel",
    "commander",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sheikh",
    "king",
    "prince",
    "emir",
    "gen",
    "col",
    "lt",
    "maj",
    "brig",
    "sir",
}


def _clean_name(text: str) -> str:
    words = lookup_forms(text)[-1].split()
    while len(words) > 1 and words[0].lower().strip(".") in _TITLES:
        words = words[1:]
    return " ".join(words).strip(" ()[]\"'“”")


def _capitals() -> dict[str, str]:
    return {c.capital.lower(): c.name for c in countries() if c.capital}


def find_actor_mentions(
    doc: Doc, registry: ActorRegistry, places: list[PlaceMention], sentence_of
) -> tuple[list[Mention], dict[str, Actor]]:
    """Actor mentions (value = canonical name) and the actors the registry did not know."""
    location_spans = [(p.start, p.end) for p in places if p.is_location]
    capitals = _capitals()
    # Full names first, so that a lone surname anywhere in the report can refer back to them.
    full_names: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(_clean_name(ent.text).split()) > 1:
            actor = registry.match(ent.text)
            name = actor.name if actor else _clean_name(ent.text)
            full_names.setdefault(name.split()[-1].lower(), name)
    mentions: list[Mention] = []
    new: dict[str, Actor] = {}
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        inside_location = any(s <= ent.start_char and ent.end_char <= e for s, e in location_spans)
        cleaned = _clean_name(ent.text)
        surname = full_names.get(cleaned.lower()) if len(cleaned.split()) == 1 else None
        actor = registry.actors.get(ent.ent_id_) if ent.ent_id_ else None
        if actor is None and surname:
            actor = registry.match(surname) or Actor(surname, "person")
        actor = actor or registry.match(ent.text)
        if ent.label_ == "GPE":
            if inside_location:
                continue
            if actor is None or actor.kind != "state":
                state = capitals.get(cleaned.lower())
                actor = registry.match(state) if state else None
                if actor is None:
                    continue
        elif inside_location and (actor is None or actor.kind == "state"):
            continue
        if actor is None:
            if not cleaned or not any(ch.isalpha() for ch in cleaned):
                continue
            actor = Actor(cleaned, LABEL_KIND.get(ent.label_, "organisation"))
            new.setdefault(actor.name, actor)
        elif actor.name not in registry.actors:
            new.setdefault(actor.name, actor)
        mentions.append(
            Mention(
                ACTOR,
                ent.text,
                ent.start_char,
                ent.end_char,
                sentence_of(ent.start_char),
                label=actor.kind,
                value=actor.name,
            )
        )
    return mentions, new
