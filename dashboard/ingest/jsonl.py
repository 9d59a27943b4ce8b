"""JSON Lines exports: one report object per line, read a line at a time (files of any size)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from dashboard.ingest.base import IngestError, read_lines
from dashboard.ingest.records import read_record
from dashboard.model import Article


def read_jsonl(path: Path) -> Iterator[Article | IngestError]:
    seen_any = False  # a line with something on it, or a file-level error
    for item in read_lines(path):
        if isinstance(item, IngestError):
            seen_any = seen_any or not item.warning
            yield item
            continue
        number, line = item
        if not line.strip():
            continue
        seen_any = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield IngestError(str(path), f"invalid JSON ({err.msg} at column {err.colno})", number)
            continue
        if not isinstance(record, dict):
            yield IngestError(str(path), "a line must hold a JSON object", number)
            continue
        yield from read_record(record, str(path), number)
    if not seen_any:
        yield IngestError(str(path), "file holds only whitespace")
