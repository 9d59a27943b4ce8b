"""Running the pipeline over chunks of articles: in this process, or in N worker processes.

Each worker builds its own pipeline once (model, registry, the read-only gazetteer index on disk)
and returns, per chunk, each article's events and the geocoding answers it found. Only the calling
process writes: the store and the answers file. Results come back in the order the chunks were
given, so what is stored does not depend on the number of workers or on which one was faster.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from dashboard.answers import Answers
from dashboard.model import Actor, Article, Event


@dataclass
class Result:
    """One article's outcome as it travels between processes (without the article's text)."""

    index: int  # position in its chunk
    events: list[Event] = field(default_factory=list)
    new_actors: list[Actor] = field(default_factory=list)
    unresolved: int = 0
    failure: str = ""  # why the article could not be processed, if it could not


@dataclass
class ChunkResult:
    results: list[Result]
    answers: Answers  # geocoding answers found while processing the chunk
    parsed: int  # documents the language model parsed


def process_chunk(pipeline, articles: list[Article]) -> ChunkResult:
    """Every article of a chunk through the pipeline; a failing article is reported, not raised."""
    from dashboard.pipeline import Failed

    results = []
    for index, outcome in enumerate(pipeline.process_each(articles)):
        if isinstance(outcome, Failed):
            results.append(Result(index, failure=outcome.reason))
        else:
            results.append(Result(index, outcome.events, list(outcome.new_actors.values()), len(outcome.unresolved)))
    cache = pipeline.resolver.cache
    answers = cache.take_new() if hasattr(cache, "take_new") else {}
    return ChunkResult(results, answers, len(articles))


class InProcess:
    """The pipeline in this process: no start-up cost beyond one model, the choice for small batches."""

    workers = 1

    def __init__(self, factory: Callable[[], object]) -> None:
        self.pipeline = factory()
        self.registry = self.pipeline.registry  # type: ignore[attr-defined]
        cache = self.pipeline.resolver.cache  # type: ignore[attr-defined]
        self.answers_path: Path | None = getattr(getattr(cache, "saved", cache), "path", None)

    def run(self, chunks: Iterable[list[Article]]) -> Iterator[tuple[list[Article], ChunkResult]]:
        for chunk in chunks:
            yield chunk, process_chunk(self.pipeline, chunk)

    def close(self, abort: bool = False) -> None:
        """Save what the pipeline's own cache holds (nothing, with a SessionCache: its answers were
        handed over chunk by chunk); the pipeline stays usable, the caller may keep it for the next run."""
        self.pipeline.close()  # type: ignore[attr-defined]


_worker_pipeline = None


def _die_with_parent() -> None:
    """Linux: a worker is killed when the process that started it dies, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    except OSError:
        pass


def _exit_at_once() -> None:
    """A finished worker leaves without tearing down its heap (the model, the caches: about a second
    of garbage collection); it holds nothing that needs closing, and has sent all its results."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()
    os._exit(0)


def _start_worker(factory: Callable[[], object]) -> None:
    global _worker_pipeline
    _die_with_parent()
    atexit.register(_exit_at_once)  # registered last, run first at exit
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the ingest process: it stops the workers
    _worker_pipeline = factory()


def _work(articles: list[Article]) -> ChunkResult:
    return process_chunk(_worker_pipeline, articles)


class WorkerPool:
    """N worker processes, each with its own pipeline; at most two chunks per worker in flight."""

    def __init__(self, factory: Callable[[], object], workers: int, registry, answers_path: Path | None) -> None:
        self.workers = workers
        self.registry = registry
        self.answers_path = answers_path
        # spawn: a fresh interpreter, so a worker shares no SQLite handle or thread with this process
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("spawn"), initializer=_start_worker, initargs=(factory,)
        )

    def run(self, chunks: Iterable[list[Article]]) -> Iterator[tuple[list[Article], ChunkResult]]:
        """(chunk, its result) in the order given; chunks are read from `chunks` only as workers free up."""
        pending: deque[tuple[list[Article], Future]] = deque()
        source = iter(chunks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.workers:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append((chunk, self.pool.submit(_work, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            yield chunk, future.result()

    def close(self, abort: bool = False) -> None:
        """Stop the workers; `abort`: now, dropping the chunks they are working on (after Ctrl-C)."""
        if abort:
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
        self.pool.shutdown(wait=not abort, cancel_futures=True)


def chunked(
    articles: Iterable[Article], max_articles: int, max_words: int, total: int = 0, workers: int = 1
) -> Iterator[list[Article]]:
    """Consecutive chunks of at most `max_articles` articles and about `max_words` words.

    Given the `total` number of articles, chunks shrink towards the end (each at most a
    `2 * workers`-th of what is left), so that the workers finish together instead of one
    parsing a last full chunk while the others wait.
    """
    chunk: list[Article] = []
    words = 0
    left = total
    limit = _limit(max_articles, left, workers)
    for article in articles:
        size = article.text.count(" ") + 1
        if chunk and (len(chunk) >= limit or words + size > max_words):
            yield chunk
            left -= len(chunk)
            limit = _limit(max_articles, left, workers)
            chunk, words = [], 0
        chunk.append(article)
        words += size
    if chunk:
        yield chunk


def _limit(max_articles: int, left: int, workers: int) -> int:
    """The most articles the next chunk may take, with `left` articles still to come."""
    if left <= 0 or workers <= 1:
        return max_articles
    return max(1, min(max_articles, left // (2 * workers)))
