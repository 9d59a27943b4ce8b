"""When: date expressions resolved against the report's publication date, with their precision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_DECADE = re.compile(r"\b(?:the\s+)?(?:(1[0-9]|20)(\d)0|'?(\d)0)'?s\b", re.IGNORECASE)
_LEADING = re.compile(
    r"^(?:during|in|on|at|around|since|over|by|from|until|till|for|of|throughout|within|the|early|late|mid)\s+",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FUTURE = re.compile(r"\b(?:next|coming|upcoming|tomorrow|later this)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class ResolvedDate:
    value: date
    precision: str  # day | week | month | year | decade
    future: bool = False


@lru_cache(maxsize=64)
def _parser(base: date | None):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first"}
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _start_of(value: date, precision: str) -> date:
    if precision == "week":
        return value - timedelta(days=value.weekday())
    if precision == "month":
        return value.replace(day=1)
    if precision == "year":
        return value.replace(month=1, day=1)
    return value


def resolve_date(text: str, published: date | None) -> ResolvedDate | None:
    """A date expression as (date, precision), or None when it names no usable date.

    Relative expressions ("last Sunday", "last month") need `published`; a bare weekday equal to the
    publication weekday is read as the publication day itself (news reports their own day so).
    """
    text = " ".join(text.split())
    decade = _DECADE.search(text)
    if decade:
        if decade.group(1):
            year = int(decade.group(1) + decade.group(2) + "0")
        else:
            year = (1900 if int(decade.group(3)) >= 3 else 2000) + int(decade.group(3)) * 10
        return ResolvedDate(date(year, 1, 1), "decade")
    relative = not _YEAR.search(text)
    if relative and published is None:
        return None
    lowered = text.lower().strip(" ,.")
    if (
        published
        and lowered.removeprefix("on ") in _WEEKDAYS
        and _WEEKDAYS.index(lowered.removeprefix("on ")) == published.weekday()
    ):
        return ResolvedDate(published, "day")
    parser = _parser(published)
    candidate = text
    for _ in range(3):
        data = parser.get_date_data(candidate)
        if data.date_obj is not None:
            precision = data.period if data.period in ("day", "week", "month", "year") else "day"
            value = _start_of(data.date_obj.date(), precision)
            future = bool(_FUTURE.search(text)) or (published is not None and value > published)
            return ResolvedDate(value, precision, future)
        stripped = _LEADING.sub("", candidate)
        if stripped == candidate:
            break
        candidate = stripped
    return None
