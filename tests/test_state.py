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


def test_every_new_parameter_round_trips_in_a_fixed_order():
    state = ViewState(
        actors=("Turkey",),
        activities=("meeting", "unspecified"),
        countries=("LY", "EG"),
        date_from=date(2024, 1, 1),
        q="port",
        hide_country=True,
        lat=-33.5,
        lon=151.25,
        zoom=1,
        event="e1",
        bin="week",
        tiles="osm",
    )
    query = state.query_string()
    assert query == (
        "actor=Turkey&activity=meeting&activity=unspecified&country=LY&country=EG&from=2024-01-01&q=port"
        "&hide=country&lat=-33.5000&lon=151.2500&z=1&event=e1&bin=week&tiles=osm"
    )
    back, notices = from_params(
        parse_qs(query),
        {"Turkey"},
        known_activities={"meeting", "unspecified"},
        known_countries={"LY", "EG"},
        known_events={"e1"},
    )
    assert back == state and notices == []


def test_country_codes_are_read_in_any_case_and_values_deduplicated():
    state, notices = from_params(
        {"country": ["ly", "LY", " eg "], "actor": ["A", "A"]}, {"A"}, known_countries={"LY", "EG"}
    )
    assert state.countries == ("LY", "EG") and state.actors == ("A",) and notices == []


def test_unknown_values_of_the_new_parameters_are_dropped_with_notices():
    state, notices = from_params(
        {"activity": "juggling", "country": "XX", "event": "nope", "hide": "all", "bin": "hour", "tiles": "sat"},
        known_activities={"meeting"},
        known_countries={"LY"},
        known_events={"e1"},
    )
    assert state == ViewState()
    assert len(notices) == 6
    for word in ("juggling", "XX", "nope", "all", "hour", "sat"):
        assert any(word in n for n in notices), word


def test_a_flood_of_values_is_cut_with_a_notice():
    state, notices = from_params({"actor": [f"a{i}" for i in range(80)]})
    assert len(state.actors) == 50 and any("first 50" in n for n in notices)


def test_the_filter_key_ignores_the_map_view_and_selection():
    base = ViewState(actors=("A",), q="x")
    moved = base.with_changes(lat=1.0, lon=2.0, zoom=5, event="e", bin="day", tiles="osm")
    assert base.filter_key() == moved.filter_key() == "actor=A&q=x"
    assert base.filter_key() != base.with_changes(hide_country=True).filter_key()
    f = moved.with_changes(activities=("meeting",), countries=("LY",), hide_country=True).to_filter()
    assert f.actors == ("A",) and f.activities == ("meeting",) and f.countries == ("LY",) and f.hide_country
    assert f.without_dates() == f and not f.is_empty
