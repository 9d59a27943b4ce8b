"""RSS 2.0 and Atom feeds: one report per item, its HTML content reduced to text."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

from dashboard.ingest.base import IngestError, parse_published, read_text_file, report_too_long
from dashboard.model import Article, text_id

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6])\b[^>]*>", re.IGNORECASE)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(item: ET.Element, *names: str) -> str:
    for child in item:
        if _local(child.tag) in names:
            if child.get("href"):
                return child.get("href", "")
            return (child.text or "").strip()
    return ""


def html_to_text(fragment: str) -> str:
    """Markup to plain text with paragraph breaks; entities decoded."""
    text = _BLOCK.sub("\n\n", fragment)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def _date(value: str):
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        try:
            return parse_published(value)
        except ValueError:
            return None


def read_feed(path: Path) -> Iterator[Article | IngestError]:
    text, problems = read_text_file(path)
    yield from problems
    if text is None:
        return
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as err:
        yield IngestError(str(path), f"not well-formed XML ({err})", err.position[0])
        return
    channel_title = ""
    for el in root.iter():
        if _local(el.tag) in ("channel", "feed"):
            channel_title = _child_text(el, "title")
            break
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    if not items:
        yield IngestError(str(path), "no <item> or <entry> in the feed")
        return
    for number, item in enumerate(items, start=1):
        content = _child_text(item, "encoded", "content") or _child_text(item, "description", "summary")
        body = html_to_text(content)
        if not body:
            yield IngestError(str(path), f"feed item {number} has no text")
            continue
        too_long = report_too_long(body)
        if too_long:
            yield IngestError(str(path), f"feed item {number}: {too_long}")
            continue
        yield Article(
            id=_child_text(item, "guid", "id") or text_id(body),
            text=body,
            title=html_to_text(_child_text(item, "title")),
            published=_date(_child_text(item, "pubdate", "published", "updated", "date")),
            url=_child_text(item, "link"),
            source=channel_title,
            origin=f"{path}#item{number}",
        )
