"""When: date expressions resolved against the report's publication date, with their precision.

`resolve_date` reads one expression ("last Sunday", "in the 1980s", "two days later"); relative
ones need the publication date, and the ones that count from another date ("the next day") need
the date mentioned before them (`anchor`). `find_dates` reads every date of a parsed report in
order, and `governing_date` picks, for a word of a sentence, the date that belongs to its clause.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from dashboard.extract.date_parse import WEEKDAYS, parse_date
from dashboard.extract.doc_index import entities
from dashboard.extract.syntax import clause_verb, head_chain, is_future
from dashboard.model import DATE, Mention

PRECISION_ORDER = ("day", "week", "month", "year", "decade")
MAX_YEARS_AHEAD = 10
_DECADE = re.compile(r"\b(?:the\s+)?(?:(1[0-9]|20)(\d)0|'?(\d)0)'?s\b", re.IGNORECASE)
_LAST_DECADE = re.compile(r"\b(?:last|past|previous)\s+decade\b", re.IGNORECASE)
_LEADING = re.compile(
    r"^(?:during|in|on|at|around|since|over|by|from|until|till|for|of|throughout|within|the|early|late|mid|"
    r"earlier|later|beginning\s+of|start\s+of|end\s+of|middle\s+of|first\s+half\s+of|second\s+half\s+of)\s+",
    re.IGNORECASE,
)
_MID = re.compile(r"\bmid-", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:next|coming|upcoming|tomorrow|later this|later in the)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_YEAR_RANGE = re.compile(r"\b(1[5-9]\d\d|20\d\d)\s?[-–/]\s?(\d\d)\b(?![-/]\d)")  # "the 2019-20 war", not 2019-04-20
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s|$)|\b\d{1,2}[/.-]\d{1,2}\b",
    re.IGNORECASE,
)
_HYPHENATED = re.compile(r"\b\w+-(?:hour|day|week|month|year|decade)s?\b", re.IGNORECASE)  # "a two-month siege"
_SUM = re.compile(r"\d\s*[+=]\s*\d")  # "the 5+5 commission": a name, not 5 May
_AGE = re.compile(r"year-old|years?\s+old|\bage[ds]?\b", re.IGNORECASE)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUM = r"(\d{1,3}|" + "|".join(_NUMBERS) + r")"
_UNIT = r"(day|week|month|year|decade)s?"
_AMOUNT = rf"(?:{_NUM}(?:\s+and\s+a\s+half)?|a\s+few|several|many|half\s+a|a\s+couple\s+of)"  # "two and a half"
_DURATION = re.compile(
    rf"^(?:for|over|during|within|after|about|some|nearly|almost)?\s*(?:the\s+)?{_AMOUNT}\s+{_UNIT}$", re.I
)
_SPAN_BACK = re.compile(
    rf"^(?:in|over|during|for|within)?\s*(?:the\s+)?(?:past|last|previous)\s+{_NUM}\s+{_UNIT}$", re.I
)
_SPAN_AHEAD = re.compile(rf"^(?:in|within)\s+{_NUM}\s+{_UNIT}$|^(?:the\s+)?(?:next|coming)\s+{_NUM}\s+{_UNIT}$", re.I)
_FROM_ANCHOR = re.compile(rf"^{_NUM}\s+{_UNIT}\s+(later|after|afterwards|on|earlier|before)$", re.I)
_NEXT_ANCHOR = re.compile(
    r"^(?:on\s+)?(?:the\s+(?P<which>same|following|next|previous|preceding)|(?P<bare>same|following|preceding))\s+"
    r"(?P<unit>day|morning|evening|night|week|month|year)$"
    r"|^(?:on\s+)?that\s+(?P<that>day|morning|evening|night|week|month|year)$"
    r"|^(?:on\s+)?the\s+(?P<rel>day|week|month|year)\s+(?P<side>after|before)$",
    re.I,
)
_WEEKEND = re.compile(r"^(?:on\s+|over\s+|during\s+)?(?:the\s+|this\s+|last\s+|past\s+)?weekend$", re.I)
_FIRST_OF_RANGE = re.compile(r"\s+(?:and|or|to|through|until|till)\s+|\s*[-–]\s*(?=[A-Za-z]{3,})", re.I)
_DAY_RANGE = re.compile(r"^(\d{1,2})\s*[-–]\s*\d{1,2}\s+(.+)$")
_MONTH_DAY_RANGE = re.compile(r"^([A-Za-z]+\.?\s+\d{1,2})\s*[-–]\s*\d{1,2}\b(.*)$")


@dataclass(frozen=True)
class ResolvedDate:
    value: date
    precision: str  # day | week | month | year | decade
    future: bool = False


def coarser(a: str, b: str) -> str:
    """The less precise of two precisions ("none" is the least precise)."""
    order = {p: i for i, p in enumerate((*PRECISION_ORDER, "none"))}
    return a if order.get(a, 99) >= order.get(b, 99) else b


def start_of(value: date, precision: str) -> date:
    """The first day of the period a date stands for at a precision."""
    if precision == "week":
        return value - timedelta(days=value.weekday())
    if precision == "month":
        return value.replace(day=1)
    if precision == "year":
        return value.replace(month=1, day=1)
    if precision == "decade":
        return date(value.year - value.year % 10, 1, 1)
    return value


def shift(value: date, unit: str, count: int) -> date:
    """`value` moved by `count` days, weeks, months, years or decades (month ends are clamped)."""
    if unit == "day":
        return value + timedelta(days=count)
    if unit == "week":
        return value + timedelta(weeks=count)
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    total = value.year * 12 + value.month - 1 + months
    year, month = divmod(total, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _unit(word: str) -> str:
    return word.lower().rstrip("s")


def _from_anchor(text: str, anchor: ResolvedDate | None) -> ResolvedDate | None:
    """ "two days later", "the next day", "that week": counted from the date mentioned before."""
    if anchor is None:
        return None
    counted = _FROM_ANCHOR.match(text)
    if counted:
        count, unit, direction = _number(counted.group(1)), _unit(counted.group(2)), counted.group(3).lower()
        sign = -1 if direction in ("earlier", "before") else 1
        precision = unit if unit != "decade" else "year"
        return ResolvedDate(
            start_of(shift(anchor.value, unit, sign * count), precision), coarser(precision, anchor.precision)
        )
    named = _NEXT_ANCHOR.match(text)
    if not named:
        return None
    which = (named.group("which") or named.group("bare") or "").lower()
    unit = _unit(named.group("unit") or named.group("that") or named.group("rel"))
    if unit in ("morning", "evening", "night"):
        unit = "day"
    step = 0
    if which in ("following", "next"):
        step = 1
    elif which in ("previous", "preceding"):
        step = -1
    elif named.group("side"):
        step = 1 if named.group("side").lower() == "after" else -1
    precision = coarser(unit, anchor.precision) if step == 0 else unit
    return ResolvedDate(start_of(shift(anchor.value, unit, step), precision), precision, anchor.future)


def _spans(text: str, published: date) -> ResolvedDate | None | bool:
    """ "the past two weeks" (a period up to publication), "in three days"; False for a bare duration."""
    back = _SPAN_BACK.match(text)
    if back:
        unit = _unit(back.group(2))
        return ResolvedDate(start_of(shift(published, unit, -_number(back.group(1))), unit), unit)
    ahead = _SPAN_AHEAD.match(text)
    if ahead:
        count, unit = (ahead.group(1), ahead.group(2)) if ahead.group(1) else (ahead.group(3), ahead.group(4))
        unit = _unit(unit)
        return ResolvedDate(start_of(shift(published, unit, _number(count)), unit), unit, True)
    if _DURATION.match(text):
        return False
    return None


def _weekend(text: str, published: date) -> ResolvedDate | None:
    if not _WEEKEND.match(text):
        return None
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)
    return ResolvedDate(start_of(saturday, "week"), "week")


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;])", r"\1", text).strip(" ,.;:")
    return _MID.sub("", text)


def resolve_date(
    text: str, published: date | None, anchor: ResolvedDate | None = None, prefer_future: bool = False
) -> ResolvedDate | None:
    """A date expression as (date, precision), or None when it names no usable date.

    Relative expressions ("last Sunday", "last month") need `published`; a bare weekday equal to the
    publication weekday is read as the publication day itself (news reports their own day so), or
    the same weekday a week on when the clause speaks of the future (`prefer_future`). A bare
    duration ("for three days", "a two-month siege") and an age ("the 69-year-old", "Fatima Adam, 34,") are
    not dates.
    """
    try:
        found = _resolve(_clean(text), published, anchor, prefer_future)
    except (ValueError, OverflowError, TypeError):  # a date out of range, a parser's surprise: no date, no crash
        return None
    if found is not None and published is not None and found.value.year > published.year + MAX_YEARS_AHEAD:
        return None  # "in 9000 years" names no date a map of activity can use
    return found


_STAMP_SLACK = timedelta(days=2)  # a dateline a day or two after the date a report is filed under


def _days_after(value: date, published: date) -> date:
    """ "BEIRUT, Nov 21" in a report filed on 20 November: a day without a year read as the past lands a
    year back; when the same day this year is only a day or two after the filing date, it is that day
    (time zones, a late filing stamp), not a year ago."""
    try:
        ahead = value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value
    return ahead if published < ahead <= published + _STAMP_SLACK else value


_BARE_NUMBER = re.compile(r"\d{1,2}")


@lru_cache(maxsize=4096)
def _resolve(
    text: str, published: date | None, anchor: ResolvedDate | None, prefer_future: bool
) -> ResolvedDate | None:
    if not text or _AGE.search(text) or _HYPHENATED.search(text) or _SUM.search(text) or _BARE_NUMBER.fullmatch(text):
        return None  # (a bare "34" is an age or a count: "said Fatima Adam, 34, who ...")
    decade = _DECADE.search(text)
    if decade:
        if decade.group(1):
            year = int(decade.group(1) + decade.group(2) + "0")
        else:
            year = (1900 if int(decade.group(3)) >= 3 else 2000) + int(decade.group(3)) * 10
        return ResolvedDate(date(year, 1, 1), "decade")
    years = _YEAR_RANGE.search(text)
    if years and (int(years.group(2)) - int(years.group(1))) % 100 in range(1, 10):  # "2019-20", not "2019-04"
        start = date(int(years.group(1)), 1, 1)
        return ResolvedDate(start, "year", published is not None and start.year > published.year)
    from_anchor = _from_anchor(text, anchor)
    if from_anchor is not None:
        return from_anchor
    if _FROM_ANCHOR.match(text) or _NEXT_ANCHOR.match(text):
        return None  # counted from a date the report did not give
    relative = not _YEAR.search(text)
    if relative and published is None:
        return None
    if published is not None:
        if _LAST_DECADE.search(text):
            return ResolvedDate(date(published.year - 10, 1, 1), "decade")
        spans = _spans(text, published)
        if spans is False:
            return None
        if spans is not None:
            return spans
        weekend = _weekend(text, published)
        if weekend is not None:
            return weekend
    day_range = _DAY_RANGE.match(text)
    if day_range:
        text = f"{day_range.group(1)} {day_range.group(2)}"
    month_day_range = _MONTH_DAY_RANGE.match(text)
    if month_day_range:
        text = month_day_range.group(1) + month_day_range.group(2)
    text = _FIRST_OF_RANGE.split(text)[0].strip(" ,")
    lowered = text.lower().removeprefix("on ").strip()
    if published and lowered in WEEKDAYS and WEEKDAYS.index(lowered) == published.weekday():
        return ResolvedDate(published + timedelta(days=7) if prefer_future else published, "day", prefer_future)
    candidate = text
    for _ in range(4):
        data = parse_date(candidate, published, prefer_future)
        if data is not None:
            precision = data[1] if data[1] in PRECISION_ORDER else "day"
            value = start_of(data[0], precision)
            if relative and precision == "day" and published is not None and not prefer_future:
                stamped = _days_after(value, published)
                if stamped != value:
                    return ResolvedDate(stamped, precision, bool(_FUTURE.search(text)))
            future = bool(_FUTURE.search(text)) or (published is not None and value > published)
            return ResolvedDate(value, precision, future)
        stripped = _LEADING.sub("", candidate)
        if stripped == candidate:
            break
        candidate = stripped
    year = _YEAR.search(text)
    if year and not _MONTH.search(text):  # "the first half of 2023", "the 2011 uprising"; not "31 February"
        value = date(int(year.group(1)), 1, 1)
        return ResolvedDate(value, "year", published is not None and value.year > published.year)
    return None


DATE_LABELS = ("DATE", "TIME")
_DESCRIBES = 4  # rank of a date in a relative clause below the place's clause


def find_dates(
    doc: Doc, published: date | None, sentence_of: Callable[[int], int], paragraph_of: Callable[[int], int]
) -> list[Mention]:
    """Every date expression of a report that names a date, in text order.

    Each is resolved against `published`, and "the next day"-style ones against the nearest earlier
    date of the same paragraph. `label` is the precision, `value` the ISO date, `hint` "future" for
    a date still to come (by its words, its value, or the tense of its clause).
    """
    found: list[Mention] = []
    anchor: tuple[int, ResolvedDate] | None = None  # (paragraph, date)
    for ent in entities(doc):
        if ent.label_ not in DATE_LABELS:
            continue
        paragraph = paragraph_of(ent.start_char)
        base = anchor[1] if anchor and anchor[0] == paragraph else None
        future_clause = is_future(ent.root)
        resolved = resolve_date(ent.text, published, base, future_clause)
        if resolved is None:
            continue
        future = resolved.future or future_clause
        found.append(
            Mention(
                DATE,
                ent.text,
                ent.start_char,
                ent.end_char,
                sentence_of(ent.start_char),
                label=resolved.precision,
                value=resolved.value.isoformat(),
                hint="future" if future else "",
            )
        )
        anchor = (paragraph, ResolvedDate(resolved.value, resolved.precision, future))
    return found


def governing_date(doc: Doc, token: Token, candidates: list[Mention]) -> Mention | None:
    """Of the dates in a token's sentence, the one that belongs to its clause.

    Preferred: a date of the same clause ("met in Cairo on Monday"); then one of a clause above it
    ("said on Monday that ... in Cairo"); then one below it; ties go to the nearest. A date of a
    relative clause below an event says when something about a noun was so, not when this happened
    ("withdrew to the airport, which has been closed since 2014"): it is none. Below a clause that only
    says what the place is ("Jufra base is one of the stations ..., where it stored weapons in the
    1980s"), the relative clause is what happened there.
    """
    if not candidates:
        return None
    verb = clause_verb(token)
    above = {t.i for t in head_chain(verb)}

    def rank(mention: Mention) -> tuple[int, int]:
        span = doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
        if span is None:
            return (3, abs(mention.char_start - token.idx))
        own = clause_verb(span.root)
        if _lasting_state(span, own):
            order = _DESCRIBES
        elif own.i == verb.i:
            order = 0
        elif own.i in above:
            order = 1
        elif verb.i in {t.i for t in head_chain(own)}:
            order = _DESCRIBES if own.dep_ in ("relcl", "acl") and verb.lemma_ != "be" else 2
        else:
            order = 3
        return (order, abs(span.start - token.i))

    things = {m for m in candidates if _names_a_thing(doc, m)}
    best = min(candidates, key=lambda m: (m in things, rank(m)))
    return None if best in things or rank(best)[0] == _DESCRIBES else best


def since_date(doc: Doc, mention: Mention) -> bool:
    """ "since 2023", "since the war began in April 2023": the date a state began, which dates nothing
    that follows it."""
    span = doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    if span is None:
        return False
    if span.start > 0 and doc[span.start - 1].lower_ == "since":
        return True
    return any(child.lower_ == "since" and child.dep_ == "mark" for child in clause_verb(span.root).children)


def _lasting_state(span: Span, verb: Token) -> bool:
    """ "the crossing, closed since 2014, ...": a "since" date of a bare participle (no auxiliary) says how
    long a noun has been in a state, whatever spaCy hangs under the participle; it dates no event. (spaCy
    may tag the participle VBD; with no subject and no auxiliary it is still one.)"""
    return (
        span.root.head.lower_ == "since"
        and verb.tag_ in ("VBN", "VBD")
        and verb.dep_ in ("advcl", "acl")
        and not any(child.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for child in verb.children)
    )


_WHEN_PREPOSITIONS = {"during", "in", "since", "after", "before", "until", "throughout", "amid", "following"}
_THING_ROLES = {"dobj", "pobj", "nsubj", "nsubjpass"}  # the noun a year names is an object or a subject


def _names_a_thing(doc: Doc, mention: Mention) -> bool:
    """ "ratified the 2019 deal", "an amendment to the 2019 memorandum": a date that only names a thing (it
    modifies a noun) says when that thing was made, not when this happened; "during the 2011 uprising" does."""
    if mention.label != "year":
        return False  # ("killed Thursday night", "VDC 2014-05-05": a day is when)
    span = doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    if span is None or span.root.dep_ not in ("compound", "nummod", "amod", "nmod"):
        return False
    noun = span.root.head
    while noun.dep_ == "compound" and noun.head is not noun:  # "the 2019 maritime boundaries memorandum"
        noun = noun.head
    if noun.i in range(span.start, span.end) or noun.dep_ not in _THING_ROLES:  # (a noun, whatever its tag)
        return False
    return not (noun.dep_ == "pobj" and noun.head.lower_ in _WHEN_PREPOSITIONS)
