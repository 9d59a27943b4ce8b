"""Ingesting reports into the store: read every file, skip what is stored already, extract, save.

Bad inputs never sink a batch: each is reported with its file (and line) and the good reports of
the same batch are stored. The language pipeline is only loaded when there is something new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.ingest import IngestError, read_paths
from dashboard.model import Article
from dashboard.store import Store

Progress = Callable[[int, int, str], None]  # (done, total, message)


@dataclass
class IngestSummary:
    stored: int = 0
    unchanged: int = 0
    events: int = 0
    unresolved: int = 0
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[IngestError] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def line(self) -> str:
        text = (
            f"{self.stored} report(s) stored, {self.unchanged} unchanged, {self.events} event(s) added, "
            f"{self.unresolved} place mention(s) unresolved, {len(self.errors)} input(s) failed"
        )
        return text + (f", {len(self.warnings)} warning(s)" if self.warnings else "")


def collect(paths: Iterable[str | Path], summary: IngestSummary) -> list[Article]:
    """Every readable article; errors and warnings go to the summary. Duplicates within the batch drop out."""
    articles: dict[str, Article] = {}
    for item in read_paths(paths):
        if isinstance(item, IngestError):
            (summary.warnings if item.warning else summary.errors).append(item)
        else:
            articles.setdefault(item.id, item)
    return list(articles.values())


def ingest_articles(
    articles: list[Article],
    store: Store,
    pipeline_factory: Callable[[], object],
    summary: IngestSummary,
    progress: Progress | None = None,
) -> IngestSummary:
    new = [a for a in articles if not store.is_current(a)]
    summary.unchanged += len(articles) - len(new)
    if not new:
        return summary
    if progress:
        progress(0, len(new), "loading the language model and gazetteer")
    pipeline = pipeline_factory()
    store.sync_registry(pipeline.registry.actors.values())  # type: ignore[attr-defined]
    try:
        for done, result in enumerate(pipeline.process(new), start=1):  # type: ignore[attr-defined]
            store.save(result.article, result.events, result.new_actors.values())
            summary.stored += 1
            summary.events += len(result.events)
            summary.unresolved += len(result.unresolved)
            if progress:
                progress(done, len(new), result.article.title or result.article.origin)
    finally:
        pipeline.close()  # type: ignore[attr-defined]
    return summary


def ingest_paths(
    paths: Iterable[str | Path], store: Store, pipeline_factory: Callable[[], object], progress: Progress | None = None
) -> IngestSummary:
    summary = IngestSummary()
    articles = collect(paths, summary)
    return ingest_articles(articles, store, pipeline_factory, summary, progress)
