"""What every report reader shares: the error it reports, how it decodes bytes, and the size limits.

Limits: a file that holds one report (.txt, .html) or a feed is read whole, so it may be at most
`MAX_FILE_BYTES`; JSONL and CSV exports are read a line at a time and may be of any size. Any one
report's text may be at most `MAX_REPORT_CHARS` (the language model's own limit).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from dashboard.model import Article

MAX_FILE_BYTES = 10 * 1024 * 1024  # one report, or one feed, read whole
MAX_LINE_BYTES = 10 * 1024 * 1024  # one JSONL line or CSV record
MAX_REPORT_CHARS = 1_000_000  # spaCy's max_length: beyond it the parser would need more memory than it should
_CHUNK = 1024 * 1024
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


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
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def _size_mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


@dataclass(frozen=True)
class Decoding:
    """How to decode a file (`encoding` None: it is not text), and what to tell the analyst."""

    encoding: str | None
    errors: str = "strict"
    problem: IngestError | None = None  # an error when encoding is None, else a warning


def sniff_encoding(path: Path) -> Decoding:
    """Choose a decoding for a whole file in one streaming pass, in bounded memory.

    UTF-8 (with or without BOM) and BOM-marked UTF-16 are read as they are. A file that is UTF-8 but
    for a few stray bytes is read as UTF-8 with those bytes replaced; a file with no valid UTF-8
    sequence, sparse high bytes and none that Windows-1252 leaves undefined is read as Windows-1252
    (what such news exports almost always are). Both with a warning naming the first bad line.
    Anything else is rejected: decoding it would only produce noise for the language model.
    """
    name = str(path)
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
        if not head:
            return Decoding(None, problem=IngestError(name, "empty file"))
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return Decoding("utf-16")
        if looks_binary(head):
            return Decoding(None, problem=IngestError(name, "binary file, not a text report"))
        return _sniff_stream(name, head, handle)


def _sniff_stream(name: str, head: bytes, handle: BinaryIO) -> Decoding:
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    total = high = undefined = replaced = non_ascii = lines = 0
    first_bad_line: int | None = None
    chunk = head
    while True:
        final = not chunk
        text = decoder.decode(chunk, final=final)
        bad = text.count("\ufffd") - chunk.count(b"\xef\xbf\xbd")  # a U+FFFD written in the file is no error
        if bad > 0 and first_bad_line is None:
            first_bad_line = lines + text[: text.index("\ufffd")].count("\n") + 1
        replaced += max(bad, 0)
        non_ascii += len(text) - len(text.encode("ascii", "ignore")) - max(bad, 0)
        lines += text.count("\n")
        total += len(chunk)
        high += len(chunk) - len(chunk.decode("ascii", "ignore"))
        undefined += sum(chunk.count(bytes([b])) for b in _CP1252_UNDEFINED)
        if final:
            break
        chunk = handle.read(_CHUNK)
    if not replaced:
        return Decoding("utf-8-sig")
    where = f"first at line {first_bad_line}"
    if non_ascii >= replaced:
        warning = f"{replaced} byte(s) that are not valid UTF-8 replaced with '\ufffd' ({where})"
        return Decoding("utf-8-sig", "replace", IngestError(name, warning, first_bad_line, warning=True))
    if not undefined and high <= total * 0.3:
        warning = f"not valid UTF-8 ({where}); decoded as Windows-1252"
        return Decoding("cp1252", "replace", IngestError(name, warning, first_bad_line, warning=True))
    return Decoding(
        None, problem=IngestError(name, f"not valid UTF-8 ({where}) nor plausible Windows-1252 text", first_bad_line)
    )


def read_text_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[str | None, list[IngestError]]:
    """Decode a whole file as text; returns (None, [error]) for what is not a text report."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            return None, [IngestError(name, "empty file")]
        if size > max_bytes:
            return None, [
                IngestError(
                    name,
                    f"file is {_size_mb(size)}; a {path.suffix or 'text'} file is read whole and may be at most "
                    f"{_size_mb(max_bytes)} (export many reports as JSONL or CSV, which are read a line at a time)",
                )
            ]
        decoding = sniff_encoding(path)
        if decoding.encoding is None:
            return None, [decoding.problem] if decoding.problem else []
        text = path.read_bytes().decode(decoding.encoding, errors=decoding.errors)
    except OSError as err:
        return None, [IngestError(name, f"cannot read file ({err.strerror or err})")]
    if not text.strip():
        return None, [IngestError(name, "file holds only whitespace")]
    return text, [decoding.problem] if decoding.problem else []


def read_lines(path: Path) -> Iterator[tuple[int, str] | IngestError]:
    """(line number, line) for each line of a file, one at a time; an IngestError for unreadable ones.

    Lines longer than `MAX_LINE_BYTES` are skipped with an error, without being held in memory.
    """
    name = str(path)
    decoding = sniff_encoding(path)
    if decoding.problem:
        yield decoding.problem
    if decoding.encoding is None:
        return
    if decoding.encoding == "utf-16":  # rare; small enough to read whole
        text, _ = read_text_file(path)
        for number, line in enumerate((text or "").splitlines(), start=1):
            yield number, line
        return
    with path.open("rb") as handle:
        number = 0
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(_CHUNK)
                yield IngestError(name, f"line longer than {_size_mb(MAX_LINE_BYTES)}; skipped", number)
                continue
            line = raw.decode(decoding.encoding, errors=decoding.errors)
            if number == 1:
                line = line.lstrip("\ufeff")
            yield number, line.rstrip("\r\n")


def file_date(path: Path) -> date:
    """The day a file was last written (local time): what a wire dateline without a year is read against."""
    return date.fromtimestamp(path.stat().st_mtime)


def report_too_long(text: str) -> str | None:
    """The reason a report's text is too long to parse, or None."""
    if len(text) <= MAX_REPORT_CHARS:
        return None
    return f"report text is {len(text):,} characters; a report may be at most {MAX_REPORT_CHARS:,} (split it)"


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_published(value: object) -> date | None:
    """An ISO date or datetime (string or date) as a date; None for empty; ValueError otherwise.

    The message of the ValueError says why: not ISO at all, or an impossible day ("2024-02-31").
    """
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
        pass
    if not _ISO_DATE.match(text):
        raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(text[:10])
    except ValueError as err:
        raise ValueError(f"{text[:10]!r} is not a valid date ({err})") from None
