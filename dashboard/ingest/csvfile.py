"""CSV exports: a header row naming at least a `text` column (or another name for it: `records.FIELD_NAMES`),
one report per row, read a row at a time."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from dashboard.ingest.base import MAX_LINE_BYTES, Decoding, IngestError, sniff_encoding
from dashboard.ingest.records import FIELD_NAMES, field_column, numeric_dates_day_first, read_record
from dashboard.model import Article


def read_csv(path: Path) -> Iterator[Article | IngestError]:
    decoding = sniff_encoding(path)
    if decoding.problem:
        yield decoding.problem
    if decoding.encoding is None:
        return
    csv.field_size_limit(MAX_LINE_BYTES)
    with path.open(encoding=decoding.encoding, errors=decoding.errors, newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        except csv.Error as err:
            yield IngestError(str(path), f"unreadable CSV header ({err})", 1)
            return
        if not fields:
            yield IngestError(str(path), "file holds only whitespace")
            return
        if field_column(fields, "text") is None:
            also = ", ".join(FIELD_NAMES["text"][1:])
            message = f"no 'text' column (nor {also}; columns: {', '.join(fields) or 'none'})"
            yield IngestError(str(path), message, 1)
            return
        reader.fieldnames = fields
        day_first = _dates_day_first(path, decoding, fields)
        start = 2
        try:
            for row in reader:
                if None in row:  # more cells than the header names
                    row.pop(None)
                yield from read_record(row, str(path), start, day_first)
                start = reader.line_num + 1
        except csv.Error as err:
            yield IngestError(str(path), f"malformed CSV ({err}); the rest of the file is skipped", reader.line_num)


def _dates_day_first(path: Path, decoding: Decoding, fields: list[str]) -> bool:
    """Whether the file's numeric dates are day first, from all of its date column (a first pass, read a
    row at a time): "11/04/2026" is 4 November in a file that also has "11/18/2026"."""
    column = field_column(fields, "published")
    if column is None:
        return True
    with path.open(encoding=decoding.encoding, errors=decoding.errors, newline="") as handle:
        reader = csv.reader(handle)
        try:
            next(reader, None)
            index = fields.index(column)
            return numeric_dates_day_first(row[index] for row in reader if len(row) > index)
        except csv.Error:
            return True  # (the main pass reports the malformed row)
