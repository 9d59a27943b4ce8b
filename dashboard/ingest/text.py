"""Plain-text reports: one report per file, as saved from a news page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dashboard.ingest.base import IngestError, file_date, read_text_file, report_too_long
from dashboard.ingest.cleanup import clean_report
from dashboard.model import Article, text_id


def read_txt(path: Path) -> Iterator[Article | IngestError]:
    text, problems = read_text_file(path)
    yield from problems
    if text is None:
        return
    cleaned = clean_report(text, reference=file_date(path))
    for line, message in cleaned.warnings:
        yield IngestError(str(path), message, line=line, warning=True)
    if not cleaned.text:
        yield IngestError(str(path), "no report text left after removing the page furniture")
        return
    too_long = report_too_long(cleaned.text)
    if too_long:
        yield IngestError(str(path), too_long)
        return
    yield Article(
        id=text_id(cleaned.text),
        text=cleaned.text,
        title=cleaned.title,
        published=cleaned.published,
        source=path.stem,
        removed=tuple(cleaned.removed),
        origin=str(path),
    )
