"""One date expression to (date, period), as dateparser reads it, asking dateparser only when needed.

dateparser costs about 0.3 ms a call and a report asks it a few times; much of what news asks is
a bare year, a weekday, "last week", "yesterday", a date written out ("March 16, 2018"), or a word
that names no date at all ("night", "annual"). The common forms are answered here directly, with
exactly dateparser's answer (tests compare the two over every form and several base dates), an
answer is remembered per (text, base, preference), and a text dateparser could not read is not
asked again: whether a text parses does not depend on the base date, only what it parses to does.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_BARE_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
_RELATIVE = re.compile(r"^(last|this|next)\s+(week|month|year)$")
_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")  # "March 16, 2018"
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})$")  # "16 March 2018"
_MONTH_YEAR = re.compile(r"^([A-Za-z]+),?\s+(\d{4})$")  # "March 2018"
_STEP = {"last": -1, "this": 0, "next": 1}
_UNREADABLE_MAX = 50_000
_unreadable: set[str] = set()


@lru_cache(maxsize=8)
def _parser(base: date | None, future: bool):
    from dateparser.date import DateDataParser  # slow to import: only when a text needs it

    settings = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
    }
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _common(text: str, base: date | None, future: bool) -> tuple[date, str] | None:
    """The forms answered without dateparser; dates as dateparser gives them (not yet `start_of`)."""
    year = _BARE_YEAR.match(text)
    if year:  # dateparser keeps the base's month (or today's) and takes its first day
        month = (base or date.today()).month
        return date(int(year.group(1)), month, 1), "year"
    absolute = _absolute(text)
    if absolute is not None:
        return absolute
    if base is None:
        return None
    lowered = " ".join(text.lower().split()).removeprefix("on ")
    if lowered in WEEKDAYS:  # the nearest such day strictly before the base, or after it with `future`
        ahead = (WEEKDAYS.index(lowered) - base.weekday()) % 7 or 7
        back = (base.weekday() - WEEKDAYS.index(lowered)) % 7 or 7
        return base + timedelta(days=ahead if future else -back), "day"
    if lowered in _DAYS:
        return base + timedelta(days=_DAYS[lowered]), "day"
    relative = _RELATIVE.match(lowered)
    if relative:
        step, unit = _STEP[relative.group(1)], relative.group(2)
        if unit == "week":
            return base + timedelta(weeks=step), "week"
        total = base.year * 12 + base.month - 1 + step * (12 if unit == "year" else 1)
        return date(total // 12, total % 12 + 1, 1), unit
    return None


def _absolute(text: str) -> tuple[date, str] | None:
    """A full date or a month with its year, month names written out; an impossible date is left to dateparser."""
    found = _MONTH_DAY_YEAR.match(text)
    if found:
        month, day, year = found.group(1), found.group(2), found.group(3)
    else:
        found = _DAY_MONTH_YEAR.match(text)
        if found:
            day, month, year = found.group(1), found.group(2), found.group(3)
        else:
            found = _MONTH_YEAR.match(text)
            if not found or found.group(1).lower() not in MONTHS or int(found.group(2)) < 1000:
                return None
            return date(int(found.group(2)), MONTHS.index(found.group(1).lower()) + 1, 1), "month"
    if month.lower() not in MONTHS or int(year) < 1000:
        return None
    try:
        return date(int(year), MONTHS.index(month.lower()) + 1, int(day)), "day"
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _dateparser(text: str, base: date | None, future: bool) -> tuple[date, str | None] | None:
    data = _parser(base, future).get_date_data(text)
    return (data.date_obj.date(), data.period) if data.date_obj is not None else None


def parse_date(text: str, base: date | None, future: bool) -> tuple[date, str | None] | None:
    """(date, period) as dateparser reads `text` relative to `base` (None: today), or None."""
    common = _common(text, base, future)
    if common is not None:
        return common
    if text in _unreadable:
        return None
    found = _dateparser(text, base, future)
    if found is None:
        if len(_unreadable) >= _UNREADABLE_MAX:
            _unreadable.clear()
        _unreadable.add(text)
    return found
