"""Reports that arrive as records (JSONL lines, CSV rows): fields `text`, `id`, `title`, `published`,
`url`, `source` as in DESIGN.md."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from dashboard.ingest.base import IngestError, parse_published, report_too_long
from dashboard.ingest.cleanup import clean_report
from dashboard.model import Article, text_id


def read_record(record: Mapping[str, object], path: str, line: int) -> Iterator[Article | IngestError]:
    """One record as an Article (or an IngestError naming the file and line), after its warnings.

    A `published` value that is no date, or an impossible one (31 February), costs the report its
    publication date, not its place in the store: it is kept, with a warning.
    """
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        yield IngestError(path, "no 'text' field" if text is None else "'text' is empty or not a string", line)
        return
    too_long = report_too_long(text)
    if too_long:
        yield IngestError(path, too_long, line)
        return
    try:
        published = parse_published(record.get("published"))
    except ValueError as err:
        published = None
        yield IngestError(path, f"'published': {err}; stored without a publication date", line, warning=True)
    cleaned = clean_report(text)
    for offset, message in cleaned.warnings:
        yield IngestError(path, f"{message} (line {offset} of its text)", line, warning=True)
    body = cleaned.text or text.strip()
    given_id = record.get("id")
    yield Article(
        id=str(given_id) if given_id not in (None, "") else text_id(body),
        text=body,
        title=str(record.get("title") or cleaned.title or ""),
        published=published or cleaned.published,
        url=str(record.get("url") or ""),
        source=str(record.get("source") or ""),
        removed=tuple(cleaned.removed),
        origin=f"{path}:{line}",
    )


def article_from_record(record: Mapping[str, object], path: str, line: int) -> Article | IngestError:
    """One record as an Article, or an IngestError naming the file and line (warnings dropped)."""
    *_, last = read_record(record, path, line)
    return last
