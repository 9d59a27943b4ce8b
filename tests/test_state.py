"""The URL contract: every parameter round-trips; bad values are dropped with a notice, never raised."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs

from dashboard.state import ViewState, as_lists, from_params


def test_full_state_round_trips_through_the_query_string():
    state = ViewState(
        actors=("Khalifa Haftar", "Russia"),
        date_from=date(2024, 2, 1),
        date_to=date(2024, 3, 4),
        q="air base",
        lat=32.1,
        lon=20.25,
        zoom=6,
        event="abc123",
    )
    query = state.query_string()
    assert query == (
        "actor=Khalifa+Haftar&actor=Russia&from=2024-02-01&to=2024-03-04&q=air+base"
        "&lat=32.1000&lon=20.2500&z=6&event=abc123"
    )
    back, notices = from_params(parse_qs(query), {"Khalifa Haftar", "Russia"})
    assert back == state and notices == []


def test_empty_state_has_no_parameters():
    assert ViewState().to_params() == {}
    assert from_params({}) == (ViewState(), [])


def test_bad_values_are_dropped_with_notices():
    state, notices = from_params(
        {"actor": ["Nobody", "Russia"], "from": "2024-13-01", "to": "yesterday", "z": "99", "lat": "95", "lon": "10"},
        {"Russia"},
    )
    assert state == ViewState(actors=("Russia",))
    assert len(notices) == 5
    assert any("Nobody" in n for n in notices) and any("99" in n for n in notices)


def test_swapped_dates_are_put_in_order():
    state, notices = from_params({"from": "2024-03-04", "to": "2024-02-01"})
    assert (state.date_from, state.date_to) == (date(2024, 2, 1), date(2024, 3, 4))
    assert notices


def test_fractional_zoom_is_refused_and_as_lists_normalises():
    assert from_params({"z": "5.5"})[0].zoom is None
    assert as_lists({"actor": "A", "q": ["x"]}) == {"actor": ["A"], "q": ["x"]}
