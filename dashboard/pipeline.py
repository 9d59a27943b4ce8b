"""Article in, events out: spaCy parse, places, actors, dates and activity, then geocoding.

The pipeline holds the loaded model, registry and resolver; `process` streams articles through
`nlp.pipe` in batches so that the language model's cost dominates.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from dashboard import settings
from dashboard.answers import SessionCache
from dashboard.corrections import place_keys
from dashboard.extract.actor_mentions import find_actor_mentions
from dashboard.extract.actors import ActorRegistry
from dashboard.extract.dates import find_dates
from dashboard.extract.doc_index import entities, remember_text, sentence_spans
from dashboard.extract.events import build_events, describe, paragraph_starts
from dashboard.extract.nlp import build_pipeline
from dashboard.extract.places import PlaceFinder
from dashboard.geocode.cache import GeoCache
from dashboard.geocode.countries import by_name, countries, home_country
from dashboard.geocode.gazetteer import Adjective, ensure_index, read_places_csv
from dashboard.geocode.geoparse import actor_countries, dateline_countries
from dashboard.geocode.resolve import Resolver
from dashboard.model import Actor, Article, Event
from dashboard.pipeline_config import NLP_BATCH, MemoGazetteer, default_answers_path, load_registry


@dataclass(frozen=True)
class Failed:
    """An article the pipeline could not process, and why."""

    article: Article
    reason: str


@dataclass
class Processed:
    """What one article gave: its events, actors nobody listed, and mentions nothing could place."""

    article: Article
    events: list[Event]
    new_actors: dict[str, Actor] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)


def place_patterns(places_csv: Path) -> list[dict]:
    """Entity-ruler patterns for the curated places, so spaCy does not call "Jufra" an organisation.

    The ruler labels its matches before the statistical NER and keeps the longest one: a country whose
    name holds a curated name ("Saudi Arabia" holds "Arabia", "Western Sahara" "Sahara") is a pattern
    too, or the curated part would be cut out of it."""
    patterns = []
    curated = set()
    for row, names in read_places_csv(places_csv):
        label = "FAC" if row[3] in ("airbase", "airport", "airfield", "port") else "LOC"
        for name in names:
            if not isinstance(name, Adjective):
                patterns.append({"label": label, "pattern": str(name)})
                curated.add(str(name))
    if not curated:
        return patterns
    words = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(curated, key=len, reverse=True)) + r")\b")
    holding = {n for c in countries() for n in c.names if words.search(n) and n not in curated}
    patterns.extend({"label": "GPE", "pattern": name} for name in sorted(holding))
    return patterns


class Pipeline:
    def __init__(self, nlp: Language, registry: ActorRegistry, resolver: Resolver) -> None:
        self.nlp = nlp
        self.registry = registry
        self.resolver = resolver
        self.places = PlaceFinder(registry, lru_cache(maxsize=16384)(resolver.sense))

    @classmethod
    def create(
        cls,
        *,
        online_geocoder: str | None = None,
        cache_path: Path | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> Pipeline:
        """The pipeline over the project's data files, building the gazetteer index if needed.

        Answers are cached in `cache_path` (default: `geocache/answers.jsonl`). During a run the
        resolver reads them as they were saved (see `dashboard.answers`); `close` saves the new ones.
        """
        data = settings.data_dir()
        registry = load_registry()
        index = ensure_index(settings.geocache_dir(), data / "places.csv", progress)
        online = None
        if online_geocoder and online_geocoder != "offline":
            from dashboard.geocode.geocoder import make_online_geocoder

            online = make_online_geocoder(online_geocoder, settings.get("user_agent"))
        saved = GeoCache(cache_path or default_answers_path())
        cache = SessionCache(saved, read_new=online is not None)
        resolver = Resolver(MemoGazetteer(index), cache=cache, online=online)  # type: ignore[arg-type]
        nlp = build_pipeline(
            registry.ruler_patterns(),
            place_patterns(data / "places.csv"),
            whole_names=[name for country in countries() for name in country.names],
            place_sense=resolver.sense,
        )
        return cls(nlp, registry, resolver)

    def process(self, articles: Iterable[Article], batch_size: int = NLP_BATCH) -> Iterator[Processed]:
        """Every article's result, in order; the language model sees them in batches."""
        pairs = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self.process_doc(doc, article)

    def process_each(self, articles: list[Article]) -> Iterator[Processed | Failed]:
        """Like `process`, but an article that makes the model or extraction fail becomes a `Failed`
        and the others still get their results."""
        try:
            docs = list(self.nlp.pipe([a.text for a in articles], batch_size=max(1, len(articles))))
        except Exception:  # noqa: BLE001 - find the article that broke the batch, one by one
            docs = []
            for article in articles:
                try:
                    docs.append(self.nlp(article.text))
                except Exception as err:  # noqa: BLE001
                    docs.append(Failed(article, f"the language model failed ({type(err).__name__}: {err})"))
        for doc, article in zip(docs, articles, strict=True):
            if isinstance(doc, Failed):
                yield doc
                continue
            try:
                yield self.process_doc(doc, article)
            except Exception as err:  # noqa: BLE001 - one odd report must not sink the batch
                yield Failed(article, f"extraction failed ({type(err).__name__}: {err})")

    def process_doc(self, doc: Doc, article: Article) -> Processed:
        remember_text(doc, article.text)
        sentences = sentence_spans(doc)
        starts = [s for s, _ in sentences]

        def sentence_of(char: int) -> int:
            return max(0, bisect.bisect_right(starts, char) - 1)

        toponyms = self.places.toponyms(doc)  # demonyms and embedded names inform resolution, make no event
        places = [m for m in toponyms if m.role == "place"]
        gazetteer = self.resolver.gazetteer

        names = by_name()
        named = {names[e.text.lower()].code for e in entities(doc) if e.label_ == "GPE" and e.text.lower() in names}
        named |= set().union(*self.places.focus_codes(doc))  # and the countries of its places and listed actors

        def place_strength(name: str) -> int:
            """2: a town under its own name (or its own name spelled another way: "Misrata") or in a
            country the report names; 1: elsewhere, by an alias."""
            towns = [c for c in gazetteer.lookup(name) if c.source != "airports"]
            if any(c.is_main or c.country_code in named for c in towns) or self.resolver.sense(name).respelt & named:
                return 2
            return int(bool(towns))

        actors, new_actors = find_actor_mentions(doc, self.registry, places, sentence_of, place_strength)
        focus = actor_countries(self.registry, actors, toponyms) + dateline_countries(self.resolver, toponyms)
        answers = dict(
            zip(
                toponyms,
                self.resolver.resolve(
                    [t.query for t in toponyms],
                    focus,
                    home_country(article.url or article.source),  # the publisher's country, by its domain
                ),
                strict=True,
            )
        )
        resolved = [answers[p] for p in places]
        paragraphs = paragraph_starts(article.text)

        def paragraph_of(char: int) -> int:
            return bisect.bisect_right(paragraphs, char) - 1

        dates = find_dates(doc, article.published, sentence_of, paragraph_of)
        details = describe(doc, article, places, dates, sentence_of, paragraph_of)
        events = build_events(article, sentences, places, resolved, actors, details, sentence_of)
        keys = dict(zip(places, place_keys(self.resolver, [p.query for p in places], focus), strict=True))
        key_at = {p.start: keys[p] for p in places}
        for event in events:
            event.place_key = key_at.get(event.char_start, "")
        unresolved = [p.text for p, place in zip(places, resolved, strict=True) if place is None]
        return Processed(article, events, new_actors, unresolved)

    def close(self) -> None:
        self.resolver.cache.save()
