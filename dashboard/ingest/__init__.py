"""Readers for every report format, chosen by file extension, and the expansion of paths to files."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from dashboard.ingest.base import IngestError, Reader
from dashboard.ingest.csvfile import read_csv
from dashboard.ingest.feed import read_feed
from dashboard.ingest.html import read_html
from dashboard.ingest.jsonl import read_jsonl
from dashboard.ingest.text import read_txt
from dashboard.model import Article

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_txt,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".html": read_html,
    ".htm": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}

__all__ = ["READERS", "IngestError", "expand_paths", "read_file", "read_paths"]


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[IngestError]]:
    """Files, folders (recursively, known extensions only) and globs, sorted, each once."""
    files: dict[Path, None] = {}
    errors: list[IngestError] = []
    for raw in paths:
        path = Path(raw)
        matches = [Path(p) for p in sorted(glob.glob(str(raw), recursive=True))] if glob.has_magic(str(raw)) else [path]
        if not matches:
            errors.append(IngestError(str(raw), "no file matches this pattern"))
        for match in matches:
            if match.is_dir():
                for child in sorted(match.rglob("*")):
                    if child.is_file() and not child.name.startswith("."):
                        files[child] = None
            elif match.exists():
                files[match] = None
            else:
                errors.append(IngestError(str(raw), "no such file or folder"))
    return list(files), errors


def read_file(path: Path) -> Iterator[Article | IngestError]:
    """Every report in one file, and an IngestError for each part that could not be read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        yield IngestError(str(path), f"unknown report format '{path.suffix or '(none)'}' (known: {known})")
        return
    try:
        yield from reader(path)
    except OSError as err:
        yield IngestError(str(path), f"cannot read file ({err.strerror or err})")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Article | IngestError]:
    files, errors = expand_paths(paths)
    yield from errors
    for path in files:
        yield from read_file(path)
