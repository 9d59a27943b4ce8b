"""JSON Lines exports: one report object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from dashboard.ingest.base import IngestError, read_text_file
from dashboard.ingest.records import article_from_record
from dashboard.model import Article


def read_jsonl(path: Path) -> Iterator[Article | IngestError]:
    text, problems = read_text_file(path)
    yield from problems
    if text is None:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield IngestError(str(path), f"invalid JSON ({err.msg} at column {err.colno})", number)
            continue
        if not isinstance(record, dict):
            yield IngestError(str(path), "a line must hold a JSON object", number)
            continue
        yield article_from_record(record, str(path), number)
