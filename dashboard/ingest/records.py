"""Reports that arrive as records (JSONL lines, CSV rows): fields `text`, `id`, `title`, `published`,
`url`, `source` as in DESIGN.md."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.ingest.base import IngestError, parse_published
from dashboard.ingest.cleanup import clean_report
from dashboard.model import Article, text_id


def article_from_record(record: Mapping[str, object], path: str, line: int) -> Article | IngestError:
    """One record as an Article, or an IngestError naming the file and line."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return IngestError(path, "no 'text' field" if text is None else "'text' is empty or not a string", line)
    try:
        published = parse_published(record.get("published"))
    except ValueError:
        return IngestError(path, f"'published' is not an ISO date: {record.get('published')!r}", line)
    cleaned = clean_report(text)
    body = cleaned.text or text.strip()
    given_id = record.get("id")
    return Article(
        id=str(given_id) if given_id not in (None, "") else text_id(body),
        text=body,
        title=str(record.get("title") or cleaned.title or ""),
        published=published or cleaned.published,
        url=str(record.get("url") or ""),
        source=str(record.get("source") or ""),
        removed=tuple(cleaned.removed),
        origin=f"{path}:{line}",
    )
