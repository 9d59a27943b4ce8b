"""Ingesting reports into the store: read every file, skip what is stored already, extract, save.

- Incremental: a report whose id and content hash are stored already costs a hash, not a parse.
- Parallel: with `workers > 1` the language model runs in that many worker processes; this process
  reads the files, writes the store and the geocoding answers, so there is one writer of each.
- Crash safe: reports are written in transactions of whole reports, in the order they were read, and
  each report's result depends only on the report and the answers saved before the run
  (`dashboard.answers`). An ingest killed at any point and run again stores exactly what one
  uninterrupted run stores.
- Bad inputs never sink a batch: each is reported with its file (and line) and the good reports of
  the same batch are stored. The language pipeline is only loaded when there is something new.
"""

from __future__ import annotations

import math
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.answers import merge_answers
from dashboard.geocode.cache import GeoCache
from dashboard.ingest import IngestError, read_paths
from dashboard.model import Actor, Article, Event
from dashboard.store import Store
from dashboard.workers import InProcess, WorkerPool, chunked

Progress = Callable[[int, int, str], None]  # (done, total, message)

COMMIT_EVERY = 100  # reports per transaction at most ...
COMMIT_SECONDS = 2.0  # ... and at least this often, so that little work is lost to a crash
CHUNK_ARTICLES = 32  # articles sent to a worker at a time
CHUNK_WORDS = 12_000
MIN_REPORTS_PER_WORKER = 16  # below this a worker's start-up (loading the model) costs more than it saves
NO_PLACES = "no place found: stored, but not on the map"


@dataclass
class IngestSummary:
    stored: int = 0
    unchanged: int = 0
    parsed: int = 0  # reports the language model parsed
    events: int = 0
    unresolved: int = 0
    without_places: int = 0  # stored, but nothing to put on the map
    workers: int = 0  # worker processes used (0: nothing new to parse)
    interrupted: bool = False
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[IngestError] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors) or self.interrupted

    def line(self) -> str:
        text = (
            f"{self.stored} report(s) stored, {self.unchanged} unchanged, {self.events} event(s) added, "
            f"{self.unresolved} place mention(s) unresolved, {len(self.errors)} input(s) failed"
        )
        text += f", {len(self.warnings)} warning(s)" if self.warnings else ""
        return text + (", interrupted" if self.interrupted else "")


def collect(paths: Iterable[str | Path], summary: IngestSummary) -> list[Article]:
    """Every readable article, held in memory; errors and warnings go to the summary.

    Duplicates within the batch drop out: the first report with an id wins.
    """
    articles: dict[str, Article] = {}
    for item in read_paths(paths):
        if isinstance(item, IngestError):
            (summary.warnings if item.warning else summary.errors).append(item)
        else:
            articles.setdefault(item.id, item)
    return list(articles.values())


def _picklable(obj: object) -> bool:
    try:
        pickle.dumps(obj)
    except Exception:  # noqa: BLE001 - closures, lambdas, locally defined functions
        return False
    return True


def _start(pipeline_factory: Callable[[], object], workers: int, reports: int):
    """The runner for this batch: worker processes when they pay off and the factory can travel."""
    workers = max(1, min(workers, math.ceil(reports / MIN_REPORTS_PER_WORKER)))
    if workers == 1 or not _picklable(pipeline_factory):
        return InProcess(pipeline_factory)
    prepare = getattr(pipeline_factory, "prepare", None)
    if prepare:
        prepare()
    from dashboard.pipeline_config import load_registry

    registry = getattr(pipeline_factory, "load_registry", load_registry)()
    return WorkerPool(pipeline_factory, workers, registry, getattr(pipeline_factory, "answers_path", None))


class _Writer:
    """Whole reports, buffered and committed together: few transactions, each all or nothing."""

    def __init__(self, store: Store, summary: IngestSummary, every: int) -> None:
        self.store = store
        self.summary = summary
        self.every = max(1, every)
        self.pending: list[tuple[Article, list[Event], list[Actor]]] = []
        self.last = time.monotonic()

    def add(self, article: Article, events: list[Event], new_actors: list[Actor]) -> None:
        self.pending.append((article, events, new_actors))
        if len(self.pending) >= self.every or time.monotonic() - self.last >= COMMIT_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.save_many(self.pending)
            self.summary.stored += len(self.pending)
            self.pending = []
        self.last = time.monotonic()


def ingest_articles(
    articles: Iterable[Article],
    store: Store,
    pipeline_factory: Callable[[], object],
    summary: IngestSummary,
    progress: Progress | None = None,
    *,
    workers: int = 1,
    commit_every: int = COMMIT_EVERY,
) -> IngestSummary:
    """Extract and store every article not stored already with the same content.

    `workers > 1` needs a factory that can be sent to another process (`PipelineConfig`); another
    factory runs in this process.
    """
    articles = list(articles)
    stored = store.stored_hashes([a.id for a in articles])
    new = [a for a in articles if stored.get(a.id) != a.content_hash]
    summary.unchanged += len(articles) - len(new)
    return _extract_and_store(new, len(new), store, pipeline_factory, summary, progress, workers, commit_every)


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    pipeline_factory: Callable[[], object],
    progress: Progress | None = None,
    *,
    workers: int = 1,
    commit_every: int = COMMIT_EVERY,
) -> IngestSummary:
    """Read the paths twice, a report at a time: once to find what is new, once to process it.

    Memory stays bounded by the ids of the reports, however large the files; the second pass
    knows how many reports are coming, which is what a progress bar needs.
    """
    paths = list(paths)
    summary = IngestSummary()
    wanted = _scan(paths, store, summary)
    if not wanted:
        return summary
    return _extract_and_store(
        _wanted_articles(paths, wanted), len(wanted), store, pipeline_factory, summary, progress, workers, commit_every
    )


def _scan(paths: list[str | Path], store: Store, summary: IngestSummary) -> dict[str, str]:
    """{id: content hash} of the reports to process; errors, warnings and unchanged ones go to the summary."""
    seen: set[str] = set()
    wanted: dict[str, str] = {}
    batch: list[Article] = []

    def check() -> None:
        stored = store.stored_hashes([a.id for a in batch])
        for article in batch:
            if stored.get(article.id) == article.content_hash:
                summary.unchanged += 1
            else:
                wanted[article.id] = article.content_hash
        batch.clear()

    for item in read_paths(paths):
        if isinstance(item, IngestError):
            (summary.warnings if item.warning else summary.errors).append(item)
        elif item.id not in seen:  # the first report with an id wins, as in `collect`
            seen.add(item.id)
            batch.append(item)
            if len(batch) >= 500:
                check()
    check()
    return wanted


def _wanted_articles(paths: list[str | Path], wanted: dict[str, str]) -> Iterator[Article]:
    """The second pass: the reports the first found new, in the same order (problems were reported then)."""
    left = dict(wanted)
    for item in read_paths(paths):
        if isinstance(item, Article) and left.get(item.id) == item.content_hash:
            del left[item.id]
            yield item


def _extract_and_store(
    new: Iterable[Article],
    total: int,
    store: Store,
    pipeline_factory: Callable[[], object],
    summary: IngestSummary,
    progress: Progress | None,
    workers: int,
    commit_every: int,
) -> IngestSummary:
    if not total:
        return summary
    if progress:
        progress(0, total, "loading the language model and gazetteer")
    runner = _start(pipeline_factory, workers, total)
    summary.workers = runner.workers
    answers = GeoCache(runner.answers_path)
    merged: set[str] = set()
    writer = _Writer(store, summary, commit_every)
    store.sync_registry(runner.registry.actors.values())
    done = 0
    try:
        for chunk, outcome in runner.run(chunked(new, CHUNK_ARTICLES, CHUNK_WORDS, total, runner.workers)):
            for result in outcome.results:
                article = chunk[result.index]
                if result.failure:
                    summary.errors.append(IngestError(article.origin or article.id, result.failure))
                    continue
                writer.add(article, result.events, result.new_actors)
                summary.events += len(result.events)
                summary.unresolved += result.unresolved
                if not result.events:
                    summary.without_places += 1
                    summary.warnings.append(IngestError(article.origin or article.id, NO_PLACES, warning=True))
            merge_answers(answers, outcome.answers, merged)
            summary.parsed += outcome.parsed
            done += len(chunk)
            if progress:
                progress(done, total, chunk[-1].title or chunk[-1].origin)
        writer.flush()
    except KeyboardInterrupt:
        writer.flush()
        summary.interrupted = True
    except BrokenProcessPool as err:
        writer.flush()
        summary.errors.append(
            IngestError("ingest", f"a worker process died ({err}); {total - done} report(s) not stored, run again")
        )
    finally:
        runner.close(abort=summary.interrupted)
    answers.save()
    if summary.stored:
        from dashboard import view_cache  # pandas and Arrow: only when there is something to show

        view_cache.refresh(store)  # the dashboard's next first view reads the new events in a blink
    return summary
