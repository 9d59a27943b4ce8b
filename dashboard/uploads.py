"""Reports brought in through the browser: uploaded files and pasted text, through the same readers.

Uploaded files are written under their own names into a private temporary folder and read like any
other input, so every format and every error message is the same as on the command line; messages
name the uploaded file, not the temporary path.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from dashboard.ingest import IngestError
from dashboard.ingest.records import article_from_record
from dashboard.ingest_run import IngestSummary, Progress, collect, ingest_articles
from dashboard.model import Article
from dashboard.store import Store


def _safe_name(name: str, index: int) -> str:
    """The upload's base name only (no folders), made unique by position."""
    base = Path(name.replace("\\", "/")).name or f"upload-{index}"
    return f"{index:03d}-{base}"


def _renamed(error: IngestError, folder: str, names: dict[str, str]) -> IngestError:
    path = error.path
    for temp, original in names.items():
        path = path.replace(temp, original)
    return replace(error, path=path.replace(folder + "/", ""))


def ingest_uploads(
    files: Iterable[tuple[str, bytes]],
    store: Store,
    pipeline_factory: Callable[[], object],
    progress: Progress | None = None,
) -> IngestSummary:
    """Store the reports in uploaded files; bad files are named with the reason, good ones kept."""
    summary = IngestSummary()
    with tempfile.TemporaryDirectory(prefix="activity-map-upload-") as folder:
        names: dict[str, str] = {}
        paths = []
        for index, (name, data) in enumerate(files):
            path = Path(folder) / _safe_name(name, index)
            path.write_bytes(data)
            names[str(path)] = Path(name).name
            paths.append(path)
        articles = collect(paths, summary)
        summary.errors = [_renamed(e, folder, names) for e in summary.errors]
        summary.warnings = [_renamed(e, folder, names) for e in summary.warnings]
        articles = [replace(a, origin=_renamed(IngestError(a.origin, ""), folder, names).path) for a in articles]
    return ingest_articles(articles, store, pipeline_factory, summary, progress)


def pasted_article(
    text: str, title: str = "", published: date | None = None, source: str = "", url: str = ""
) -> Article | IngestError:
    """A report pasted into the page, with the details the analyst typed beside it."""
    record = {
        "text": text,
        "title": title,
        "published": published.isoformat() if published else None,
        "source": source or "pasted",
        "url": url,
    }
    return article_from_record(record, "pasted text", 1)
