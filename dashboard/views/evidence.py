"""The evidence behind an event, as escaped HTML: when (with its precision), who, what, the sentence, the source.

Used by the map popups and the side panel. Every text that comes from a report goes through
`html.escape`; the only markup is the one written here. Links are only made for http(s) URLs.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from urllib.parse import urlparse

SENTENCE_CHARS = 400  # a sentence longer than this is cut around the mention

PRECISION_NOTES = {
    "point": "exact point",
    "city": "town or city",
    "region": "region only",
    "country": "country only",
    "continent": "continent only",
}


def _text(value: object) -> str:
    """A cell as text: None, NaN and pandas' missing values become ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    return "" if text in ("nan", "None", "<NA>", "NaT") else text


def format_when(event_date: object, precision: object) -> str:
    """A date as precise as the report made it: '2024-03-04', 'February 2024 (month)', '1980s (decade)'."""
    day, how = _text(event_date), _text(precision) or "none"
    if not day:
        return "undated"
    year, month = day[:4], day[5:7]
    if how == "day":
        return day
    if how == "week":
        return f"week of {day}"
    if how == "month":
        return f"{year}-{month} (month)"
    if how == "year":
        return f"{year} (year)"
    if how == "decade":
        return f"{year[:3]}0s (decade)"
    if how == "none":  # the sentence gives no date: the extractor falls back on the report's date
        return f"{day} (report date; the sentence gives none)"
    return f"{day} ({how})"


def highlight(sentence: object, mention: object) -> str:
    """The sentence escaped, its first occurrence of the mention marked, cut around it when long."""
    text, name = _text(sentence), _text(mention)
    at = text.find(name) if name else -1
    if at < 0:
        return html.escape(_cut(text, 0, 0))
    lo, hi = _window(len(text), at, at + len(name))
    before, after = text[lo:at], text[at + len(name) : hi]
    return (
        ("… " if lo > 0 else "")
        + html.escape(before)
        + "<mark>"
        + html.escape(name)
        + "</mark>"
        + html.escape(after)
        + (" …" if hi < len(text) else "")
    )


def _window(length: int, start: int, end: int) -> tuple[int, int]:
    if length <= SENTENCE_CHARS:
        return 0, length
    spare = max(SENTENCE_CHARS - (end - start), 0)
    lo = max(0, start - spare // 2)
    hi = min(length, lo + max(SENTENCE_CHARS, end - lo))
    return lo, hi


def _cut(text: str, start: int, end: int) -> str:
    lo, hi = _window(len(text), start, end)
    return ("… " if lo > 0 else "") + text[lo:hi] + (" …" if hi < len(text) else "")


def safe_link(url: object, label: object) -> str:
    """An escaped link to a report when its URL is http(s); the escaped label alone otherwise."""
    href, text = _text(url), _text(label) or "report"
    if href and urlparse(href).scheme in ("http", "https"):
        return (
            f"<a href='{html.escape(href, quote=True)}' target='_blank' rel='noopener noreferrer'>"
            f"{html.escape(text)}</a>"
        )
    return html.escape(text)


def event_html(row: Mapping[str, object]) -> str:
    """One event: when, who, what, the sentence with the place marked, and where it was reported."""
    e = html.escape
    actors = row.get("actors")
    who = ", ".join(_text(a) for a in actors) if isinstance(actors, (list, tuple)) else ""
    activity = _text(row.get("activity"))
    source = _text(row.get("source")) or _text(row.get("title")) or "report"
    title = _text(row.get("title"))
    published = _text(row.get("published"))
    where = _text(row.get("place_name")) or _text(row.get("mention")) or "unplaced"
    precision = PRECISION_NOTES.get(_text(row.get("geo_precision")), _text(row.get("geo_precision")))
    meta = f"{e(format_when(row.get('event_date'), row.get('date_precision')))} · {e(who) or 'no actor named'}"
    if activity:
        meta += f" · <b>{e(activity)}</b>"
    place = f"{e(where)}" + (f" <small>({e(precision)})</small>" if precision else "")
    report = safe_link(row.get("url"), source)
    if title and title != source:
        report += f" — {e(title)}"
    if published:
        report += f" <small>({e(published)})</small>"
    return (
        f"<div class='am-event'><div class='am-meta'>{meta}</div>"
        f"<div class='am-where'>{place}</div>"
        f"<div class='am-sentence'>{highlight(row.get('sentence'), row.get('mention'))}</div>"
        f"<div class='am-source'>{report}</div></div>"
    )
