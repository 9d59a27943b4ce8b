"""What it takes to build a pipeline, without loading one: cheap to import, small to send to a worker.

The process that reads reports and writes the store imports this, not `dashboard.pipeline`, so it
never loads spaCy itself; each worker builds its own pipeline from a `PipelineConfig`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard import settings
from dashboard.extract.actors import ActorRegistry
from dashboard.geocode.gazetteer import Candidate, Gazetteer, ensure_index

if TYPE_CHECKING:
    from dashboard.pipeline import Pipeline

NLP_BATCH = 64  # texts per nlp.pipe batch: fastest per CPU second for en_core_web_sm on news (32-64)


def default_answers_path() -> Path:
    return settings.geocache_dir() / "answers.jsonl"


def load_registry() -> ActorRegistry:
    """The actor registry the pipeline uses (also what the store lists as registry actors)."""
    return ActorRegistry.load(settings.data_dir() / "actors.csv")


def prepare_index(progress: Callable[[str], None] | None = None) -> Path:
    """The gazetteer index, built first if missing (once, before any worker would try to)."""
    return ensure_index(settings.geocache_dir(), settings.data_dir() / "places.csv", progress)


@dataclass(frozen=True)
class PipelineConfig:
    """A picklable pipeline factory: what a worker process needs to build its own pipeline."""

    online_geocoder: str | None = None
    cache_path: Path | None = None

    def __call__(self) -> Pipeline:
        from dashboard.pipeline import Pipeline

        return Pipeline.create(online_geocoder=self.online_geocoder, cache_path=self.cache_path)

    @property
    def answers_path(self) -> Path:
        return self.cache_path or default_answers_path()

    def prepare(self, progress: Callable[[str], None] | None = None) -> None:
        prepare_index(progress)

    def load_registry(self) -> ActorRegistry:
        return load_registry()


class MemoGazetteer(Gazetteer):
    """The read-only gazetteer with its answers remembered: news repeats the same few names.

    The index never changes while it is open, so a remembered answer is the answer. Callers get
    their own list each time (some sort or extend what they get).
    """

    def __init__(self, path: Path, size: int = 50_000) -> None:
        super().__init__(path)
        self._lookup = lru_cache(maxsize=size)(lambda name: tuple(Gazetteer.lookup(self, name)))
        self._skeleton = lru_cache(maxsize=size)(
            lambda name, codes: tuple(Gazetteer.lookup_skeleton(self, name, codes))
        )
        # every town of a country (regions: "eastern Libya"): one query per country, not per direction
        self._town_points = lru_cache(maxsize=16)(lambda code: tuple(Gazetteer.town_points(self, code)))

    def lookup(self, name: str) -> list[Candidate]:
        return list(self._lookup(name))

    def lookup_skeleton(self, name: str, country_codes) -> list[Candidate]:
        return list(self._skeleton(name, tuple(sorted(set(country_codes)))))

    def town_points(self, country_code: str) -> list[tuple[float, float, int]]:
        return list(self._town_points(country_code))
