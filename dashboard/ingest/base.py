"""What every report reader shares: the error it reports and how it decodes bytes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from dashboard.model import Article

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class IngestError:
    """A report that could not be read: which file, which line (if any), and why."""

    path: str
    reason: str
    line: int | None = None
    warning: bool = False  # True: the report was still read, but the analyst should know

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


class Reader(Protocol):
    """One report format: yields the Articles a file holds, and an IngestError for each bad part."""

    def __call__(self, path: Path) -> Iterator[Article | IngestError]: ...


def looks_binary(data: bytes) -> bool:
    """NUL bytes or mostly control characters: not a text report."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def read_text_file(path: Path) -> tuple[str | None, list[IngestError]]:
    """Decode a file as text; returns (None, [error]) for what is not a text report.

    UTF-8 first (with or without BOM); a file that is not UTF-8 but has no control bytes is decoded
    as Windows-1252 with a warning, since that is what such news exports almost always are.
    """
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        return None, [IngestError(name, f"cannot read file ({err.strerror or err})")]
    if size == 0:
        return None, [IngestError(name, "empty file")]
    if size > MAX_BYTES:
        return None, [
            IngestError(name, f"file is {size // 2**20} MB; reports over {MAX_BYTES // 2**20} MB are rejected")
        ]
    data = path.read_bytes()
    if looks_binary(data):
        return None, [IngestError(name, "binary file, not a text report")]
    try:
        text = data.decode("utf-8-sig")
        warnings: list[IngestError] = []
    except UnicodeDecodeError as err:
        text = data.decode("cp1252", errors="replace")
        line = data[: err.start].count(b"\n") + 1
        warnings = [IngestError(name, "not valid UTF-8; decoded as Windows-1252", line=line, warning=True)]
    if not text.strip():
        return None, [IngestError(name, "file holds only whitespace")]
    return text, warnings


def parse_published(value: object) -> date | None:
    """An ISO date or datetime (string or date) as a date; None for empty; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return date.fromisoformat(text[:10])
