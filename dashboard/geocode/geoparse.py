"""Geoparsing as one public API: text -> toponym spans, and spans + text -> Places.

The pipeline and `bench/geoparse.py` go through these same functions, so what the bench measures
is what the product does: mentions are found by `PlaceFinder`, the article's actors add focus
countries, and every place mention of the article is resolved together so each informs the others.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from dashboard.extract.actors import ActorRegistry
from dashboard.extract.places import PlaceFinder, PlaceMention, with_sentence_countries
from dashboard.geocode.countries import home_country
from dashboard.geocode.resolve import Resolver
from dashboard.model import Mention, Place


@dataclass(frozen=True)
class Toponym:
    """A place name found in a text and where it was resolved (None: unresolved)."""

    start: int
    end: int
    text: str
    place: Place | None
    is_location: bool = True


def actor_countries(
    registry: ActorRegistry, actors: Sequence[Mention], toponyms: Sequence[PlaceMention] = ()
) -> Counter[str]:
    """Countries of the registry actors the article names: they make its focus countries. An actor
    named by a toponym's own words ("Georgia" said) does not count: the name already votes as a place,
    for whichever of its readings the rest of the article backs (the US state in a report on Atlanta)."""
    spans = sorted((t.start, t.end) for t in toponyms)

    def a_toponym(m: Mention) -> bool:
        i = bisect.bisect_right(spans, (m.char_start, math.inf)) - 1
        return i >= 0 and spans[i][0] <= m.char_start < spans[i][1]

    return Counter(
        registry.actors[m.value].country
        for m in actors
        if m.value in registry.actors and registry.actors[m.value].country and not a_toponym(m)
    )


DATELINE_WEIGHT = 4  # a dateline's country outweighs a country the report names (2) with its demonym (2)


def dateline_countries(resolver: Resolver, mentions: Sequence[PlaceMention]) -> Counter[str]:
    """The country a report was filed from ("Misrata, 21 August 2025 (LANA) –"): reports are mostly about
    where they are filed, whatever foreign visitors ("the Italian embassy") they name."""
    found: Counter[str] = Counter()
    for m in mentions:
        code = resolver.town_country(m.query.name) if m.label == "DATELINE" else ""
        if code:
            found[code] += DATELINE_WEIGHT
    return found


class Geoparser:
    """The product's geoparser: spaCy + `PlaceFinder` + `Resolver` over the offline gazetteer."""

    def __init__(self, nlp: Language, registry: ActorRegistry, finder: PlaceFinder, resolver: Resolver) -> None:
        self.nlp = nlp
        self.registry = registry
        self.finder = finder
        self.resolver = resolver

    @classmethod
    def create(cls, *, cache_path: Path | None = None, progress: Callable[[str], None] | None = None) -> Geoparser:
        """The geoparser the pipeline uses, over the project's data files (offline)."""
        from dashboard.pipeline import Pipeline

        pipeline = Pipeline.create(cache_path=cache_path, progress=progress)
        return cls(pipeline.nlp, pipeline.registry, pipeline.places, pipeline.resolver)

    # -- the steps, as the pipeline runs them ----------------------------------------------------
    def mentions(self, doc: Doc) -> list[PlaceMention]:
        """Every toponym of a parsed article: its places, and demonyms and names inside names."""
        return self.finder.toponyms(doc)

    def focus(self, doc: Doc, mentions: Sequence[PlaceMention]) -> Counter[str]:
        """Focus countries the article's actors give (its places add theirs during resolution)."""
        from dashboard.extract.actor_mentions import find_actor_mentions

        places = [m for m in mentions if m.role == "place"]
        actors, _ = find_actor_mentions(doc, self.registry, places, lambda char: 0)
        return actor_countries(self.registry, actors, mentions) + dateline_countries(self.resolver, mentions)

    def resolve(
        self, mentions: Sequence[PlaceMention], focus: Counter[str] | None = None, url: str = ""
    ) -> list[Place | None]:
        """One Place (or None) per mention, all resolved together; `url`: the report's address, if known."""
        return self.resolver.resolve([m.query for m in mentions], focus, home_country(url))

    # -- text in, toponyms out ---------------------------------------------------------------------
    def parse(self, text: str, url: str = "") -> list[Toponym]:
        """Find and resolve every toponym of a text (published at `url`, if known)."""
        return self.parse_doc(self.nlp(text), url)

    def parse_doc(self, doc: Doc, url: str = "") -> list[Toponym]:
        mentions = self.mentions(doc)
        places = self.resolve(mentions, self.focus(doc, mentions), url)
        return [Toponym(m.start, m.end, m.text, p, m.is_location) for m, p in zip(mentions, places, strict=True)]

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]], url: str = "") -> list[Place | None]:
        """Places for given toponym spans, resolved in the context of the article's other mentions."""
        return self.resolve_spans_doc(self.nlp(text), spans, url)

    def resolve_spans_doc(self, doc: Doc, spans: Sequence[tuple[int, int]], url: str = "") -> list[Place | None]:
        found = self.mentions(doc)
        given = [self.finder.mention_for_span(doc, start, end) for start, end in spans]
        context = [m for m in found if not any(m.start < e and s < m.end for s, e in spans)]
        everything = with_sentence_countries(given + context)
        places = self.resolve(everything, self.focus(doc, everything), url)
        return places[: len(given)]
