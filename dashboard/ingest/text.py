"""Plain-text reports: one report per file, as saved from a news page; or several, when a pasted digest
separates its stories with rule lines ("-----")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dashboard.ingest.base import IngestError, file_date, read_text_file, report_too_long
from dashboard.ingest.cleanup import clean_report
from dashboard.model import Article, text_id

# A line that is only a rule: ten or more dashes, equals signs, underscores, asterisks or tildes.
_RULE = re.compile(r"^[ \t]*(?:[-=_*~][ \t]*){10,}$", re.MULTILINE)
STORY_WORDS = 30  # a part between rules shorter than this is no story of its own (a digest's header, a footer)


def read_txt(path: Path) -> Iterator[Article | IngestError]:
    text, problems = read_text_file(path)
    yield from problems
    if text is None:
        return
    header, stories = split_stories(text)
    reference = file_date(path)
    for number, (first_line, story) in enumerate(stories, start=1):
        origin = f"{path}#{number}" if len(stories) > 1 else str(path)
        yield from _read_story(path, story, origin, first_line, reference, header if number == 1 else "")


def split_stories(text: str) -> tuple[str, list[tuple[int, str]]]:
    """A digest's header and the (first line number, text) of each of its stories, when rule lines separate
    two or more; else ("", the whole text). A short part (a header, a footer, a note between stories) is
    no story: before the first story it is the header (kept apart, as page furniture), after one it goes
    with it."""
    parts: list[tuple[int, str]] = []
    start, line = 0, 1
    for rule in _RULE.finditer(text):
        parts.append((line, text[start : rule.start()]))
        line += text.count("\n", start, rule.end())
        start = rule.end()
    parts.append((line, text[start:]))
    header = ""
    stories: list[tuple[int, str]] = []
    for first, part in parts:
        if len(part.split()) >= STORY_WORDS:
            stories.append((first, part))
        elif stories:
            stories[-1] = (stories[-1][0], stories[-1][1] + "\n\n" + part)
        else:
            header = (header + "\n" + part).strip()
    if len(stories) < 2:
        return "", [(1, text)]
    return header, stories


def _read_story(
    path: Path, text: str, origin: str, first_line: int, reference: date, header: str = ""
) -> Iterator[Article | IngestError]:
    cleaned = clean_report(text, reference=reference)
    if header:
        cleaned.removed.insert(0, header)
    for line, message in cleaned.warnings:
        yield IngestError(str(path), message, line=line + first_line - 1, warning=True)
    if not cleaned.text:
        yield IngestError(origin, "no report text left after removing the page furniture")
        return
    too_long = report_too_long(cleaned.text)
    if too_long:
        yield IngestError(origin, too_long)
        return
    yield Article(
        id=text_id(cleaned.text),
        text=cleaned.text,
        title=cleaned.title,
        published=cleaned.published,
        source=path.stem,
        removed=tuple(cleaned.removed),
        origin=origin,
    )
