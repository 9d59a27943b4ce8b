"""Geocoding answers during one ingest: read as they were when it began, new ones kept apart.

The resolver caches an answer under the mention and the article's top focus countries, but computes
it from the article's full context. If answers found during a run were read back by later reports,
a report's places would depend on which reports happened to be processed before it, by which worker,
and on whether an earlier run was killed half-way. Reading only the answers saved before the run
makes every report's result a function of the report and the saved answers, so a killed and re-run
ingest, or one with more workers, stores exactly what a single uninterrupted run stores.
An online geocoder is the exception: it is never asked twice, so its answers are read back at once.

Worker processes never write the answers file: they hand their new answers to the one process that
writes the store, which merges them in report order and saves them when the run ends.
"""

from __future__ import annotations

from dashboard.geocode.cache import MISSING, GeoCache
from dashboard.model import Place

Answers = dict[str, Place | None]


class SessionCache:
    """The GeoCache interface the resolver uses (get/put/save), over a snapshot of the saved answers."""

    def __init__(self, saved: GeoCache, *, read_new: bool = False) -> None:
        self.saved = saved
        self.read_new = read_new  # True with an online geocoder: its answers are reused within the run
        self.new: Answers = {}

    def __len__(self) -> int:
        return len(self.saved) + len(self.new)

    def get(self, key: str) -> Place | None | object:
        if self.read_new and key in self.new:
            return self.new[key]
        return self.saved.get(key)

    def put(self, key: str, place: Place | None) -> None:
        self.new.setdefault(key, place)

    def forget_misses(self) -> int:
        """Drop remembered misses, saved or new, so that they are tried again (`geocode --retry`)."""
        misses = [key for key, place in self.new.items() if place is None]
        for key in misses:
            del self.new[key]
        return self.saved.forget_misses() + len(misses)

    def take_new(self) -> Answers:
        """The answers found since the last call (a worker sends them to the writing process)."""
        new, self.new = self.new, {}
        return new

    def save(self) -> None:
        merge_answers(self.saved, self.take_new())
        self.saved.save()


def merge_answers(saved: GeoCache, answers: Answers, merged: set[str] | None = None) -> None:
    """Put new answers into the saved ones; with `merged`, the first answer of the run for a key wins."""
    for key, place in answers.items():
        if merged is not None:
            if key in merged:
                continue
            merged.add(key)
        saved.put(key, place)


__all__ = ["MISSING", "Answers", "SessionCache", "merge_answers"]
