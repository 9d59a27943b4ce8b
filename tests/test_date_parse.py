"""The common date forms answered without dateparser give exactly dateparser's answer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashboard.extract import date_parse
from dashboard.extract.date_parse import WEEKDAYS, _common, _parser, parse_date

BASES = [date(2009, 3, 23) + timedelta(days=n) for n in range(8)] + [date(2020, 2, 29), date(2019, 12, 31)]
FORMS = [
    *WEEKDAYS,
    *(f"on {day.title()}" for day in WEEKDAYS),
    "Friday",
    "yesterday",
    "Today",
    "tomorrow",
    *(f"{when} {unit}" for when in ("last", "this", "next", "Last") for unit in ("week", "month", "year")),
    "1805",
    "2009",
    "2031",
    "March 16, 2018",
    "March 16 2018",
    "December 31st, 1999",
    "16 March 2018",
    "1st May 2011",
    "March 2018",
    "september 1990",
    "June, 2016",
]


def _dateparser(text: str, base: date, future: bool) -> tuple[date, str | None] | None:
    """dateparser itself, asked directly."""
    data = _parser(base, future).get_date_data(text)
    return (data.date_obj.date(), data.period) if data.date_obj else None


@pytest.mark.parametrize("future", [False, True])
@pytest.mark.parametrize("base", BASES, ids=str)
def test_common_forms_read_as_dateparser_reads_them(base: date, future: bool) -> None:
    for text in FORMS:
        assert _common(text, base, future) is not None, text  # the form is one of the fast ones
        assert parse_date(text, base, future) == _dateparser(text, base, future), (text, base, future)


def test_other_texts_go_to_dateparser() -> None:
    base = date(2021, 6, 15)
    assert _common("March 16", base, False) is None
    assert _common("February 30, 2020", base, False) is None  # impossible: dateparser says what it says
    assert parse_date("February 30, 2020", base, False) == _dateparser("February 30, 2020", base, False)
    assert _common("Sept. 5, 2020", base, False) is None
    assert parse_date("March 16", base, False) == _dateparser("March 16", base, False)
    assert parse_date("March 16", base, True) == _dateparser("March 16", base, True)


def test_an_unreadable_text_is_remembered_and_not_asked_again(monkeypatch) -> None:
    monkeypatch.setattr(date_parse, "_unreadable", set())
    assert parse_date("the night shift", date(2021, 6, 15), False) is None
    assert "the night shift" in date_parse._unreadable
    monkeypatch.setattr(date_parse, "_dateparser", lambda *_: pytest.fail("dateparser asked again"))
    assert parse_date("the night shift", date(2022, 1, 1), True) is None
