"""Reports that arrive as records (JSONL lines, CSV rows): fields `text`, `id`, `title`, `published`,
`url`, `source` as in DESIGN.md, or the names other tools export them under (`FIELD_NAMES`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from dashboard.ingest.base import IngestError, parse_published, report_too_long
from dashboard.ingest.cleanup import clean_report, parse_date_line
from dashboard.model import Article, text_id

_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.]\d{4}")

# Each field, then the names exports commonly give it (news APIs, scrapers, spreadsheets): an analyst's
# "date" or "body" column is read, not silently dropped. Names are compared in lower case.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "story"),
    "id": ("id", "guid", "uid", "article_id"),
    "title": ("title", "headline", "heading"),
    "published": (
        "published", "date", "pubdate", "pub_date", "published_at", "publishedat", "publication_date",
        "publish_date", "datetime", "timestamp", "created_at",
    ),
    "url": ("url", "link", "href", "permalink"),
    "source": ("source", "publisher", "outlet", "site", "source_name", "feed"),
}  # fmt: skip


def field_column(names: list[str], field: str) -> str | None:
    """The first of `names` (lower case) that holds `field`, if any."""
    present = set(names)
    return next((n for n in FIELD_NAMES[field] if n in present), None)


def report_fields(record: Mapping[str, object]) -> dict[str, object]:
    """The record under DESIGN's field names: for each field, its first name present with a value."""
    lower: dict[str, object] = {}
    for key, value in record.items():
        if isinstance(key, str):
            lower.setdefault(key.strip().lower(), value)
    out: dict[str, object] = {}
    for field, names in FIELD_NAMES.items():
        present = [lower[n] for n in names if n in lower]
        filled = [v for v in present if v not in (None, "")]
        if filled or present:
            out[field] = (filled or present)[0]
    return out


def numeric_dates_day_first(values: Iterable[object]) -> bool:
    """Whether a file's numeric dates ("04/11/2026") are day first: yes, unless some have a second number
    above 12 ("11/18/2026": month first, as US spreadsheets write them) and none a first one."""
    month_first = day_first = False
    for value in values:
        found = _NUMERIC_DATE.match(str(value or "").strip())
        if found:
            first, second = int(found.group(1)), int(found.group(2))
            day_first = day_first or first > 12
            month_first = month_first or second > 12
    return day_first or not month_first


def read_record(
    record: Mapping[str, object], path: str, line: int, day_first: bool = True
) -> Iterator[Article | IngestError]:
    """One record as an Article (or an IngestError naming the file and line), after its warnings.

    A `published` value that is no date, or an impossible one (31 February), costs the report its
    publication date, not its place in the store: it is kept, with a warning.
    """
    record = report_fields(record)
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
        given = str(record.get("published"))
        published = parse_date_line(given, day_first)  # "14/11/2026", "14 November 2026"
        if published is None:
            yield IngestError(path, f"'published': {err}; stored without a publication date", line, warning=True)
        else:
            order = " (day first)" if day_first else " (month first, as other dates of the file are)"
            read = f"read as {published.isoformat()}" + (order if _NUMERIC_DATE.match(given.strip()) else "")
            yield IngestError(path, f"'published': {err}; {read}", line, warning=True)
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
