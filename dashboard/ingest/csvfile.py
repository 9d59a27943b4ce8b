"""CSV exports: a header row naming at least a `text` column, one report per row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from dashboard.ingest.base import IngestError, read_text_file
from dashboard.ingest.records import article_from_record
from dashboard.model import Article


def read_csv(path: Path) -> Iterator[Article | IngestError]:
    text, problems = read_text_file(path)
    yield from problems
    if text is None:
        return
    csv.field_size_limit(50 * 1024 * 1024)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    except csv.Error as err:
        yield IngestError(str(path), f"unreadable CSV header ({err})", 1)
        return
    if "text" not in fields:
        yield IngestError(str(path), f"no 'text' column (columns: {', '.join(fields) or 'none'})", 1)
        return
    reader.fieldnames = fields
    start = 2
    try:
        for row in reader:
            yield article_from_record(row, str(path), start)
            start = reader.line_num + 1
    except csv.Error as err:
        yield IngestError(str(path), f"malformed CSV ({err})", reader.line_num)
