"""HTML pages: trafilatura finds the main text, title and date; scripts and navigation are dropped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dashboard.ingest.base import IngestError, file_date, parse_published, read_text_file, report_too_long
from dashboard.ingest.cleanup import clean_report
from dashboard.model import Article, text_id


def article_from_html(
    html: str, origin: str, url: str = "", reference: date | None = None, warnings: list[IngestError] | None = None
) -> Article | IngestError:
    """The page's article; `reference` and `warnings` as for `clean_report` (the page's own date comes first)."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, favor_precision=True
    )
    if document is None:
        return IngestError(origin, "no article text found in the HTML")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = (data.get("text") or "").strip()
    if not text:
        return IngestError(origin, "no article text found in the HTML")
    cleaned = clean_report(text, reference=reference)
    try:
        published = parse_published(data.get("date"))
    except ValueError:
        published = None
    if published is None and warnings is not None:
        warnings.extend(IngestError(origin, message, warning=True) for _, message in cleaned.warnings)
    body = cleaned.text or text
    too_long = report_too_long(body)
    if too_long:
        return IngestError(origin, too_long)
    return Article(
        id=text_id(body),
        text=body,
        title=data.get("title") or cleaned.title or "",
        published=published or cleaned.published,
        url=data.get("url") or url,
        source=data.get("sitename") or data.get("hostname") or Path(origin).stem,  # (as for a text file)
        removed=tuple(cleaned.removed),
        origin=origin,
    )


def read_html(path: Path) -> Iterator[Article | IngestError]:
    text, problems = read_text_file(path)
    yield from problems
    if text is None:
        return
    warnings: list[IngestError] = []
    article = article_from_html(text, str(path), reference=file_date(path), warnings=warnings)
    yield from warnings
    yield article
