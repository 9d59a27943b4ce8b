"""The dashboard through Streamlit's AppTest (no browser): URL -> widgets -> filtered data -> URL.

Issue 2, acceptance 3 (the skeleton's URL contract) and issue 5 (every parameter round-trips, bad
links give notices). The store holds the seed report and a short report written here, which adds a
country-level place, a week-precise date, another actor and markup that must never reach the page raw.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.filters import EventFilter, apply_filter, catalog
from dashboard.ingest import read_paths
from dashboard.store import Store
from dashboard.views.evidence import event_html, format_when, highlight, safe_link
from dashboard.views.map import events_at, legend_actors, map_layers
from dashboard.views.table import selected_event, table_frame
from dashboard.views.timeline import brush_cleared, brush_dates, drawable, pick_bin, timeline_chart, timeline_data

from .conftest import SEED

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


EXTRA_REPORT = """2024-05-02
Turkey sent military advisers to Libya last week, officials said.
Officials met in Tripoli <script>window.__pwned = 1</script> on Tuesday to discuss the port.
The delegation then travelled to Misrata <img src=x onerror="window.__pwned = 2"> where the talks went on.
"""


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory, pipeline) -> str:
    folder = tmp_path_factory.mktemp("app")
    extra = folder / "extra-report.txt"
    extra.write_text(EXTRA_REPORT, encoding="utf-8")
    db = str(folder / "app.db")
    with Store(db) as store:
        for result in pipeline.process(list(read_paths([SEED, extra]))):
            store.save(result.article, result.events, result.new_actors.values())
    return db


@pytest.fixture(scope="module")
def stored(seeded_db) -> pd.DataFrame:
    """The stored events, read straight from the store: what the expectations are computed from."""
    with Store(seeded_db) as store:
        return store.events_frame()


@pytest.fixture
def app(seeded_db, monkeypatch) -> AppTest:
    monkeypatch.setenv("ACTIVITY_MAP_DB", seeded_db)
    return AppTest.from_file(APP, default_timeout=120)


def map_args(at: AppTest) -> dict:
    return json.loads(at.get("component_instance")[0].proto.json_args)


def marker_data(at: AppTest) -> dict:
    """What the map draws: the data its script builds the markers from."""
    script = map_args(at)["script"]
    at_data = script.find("var data = ")
    assert at_data >= 0, "the map script has no marker data"
    data, _ = json.JSONDecoder().raw_decode(script, at_data + len("var data = "))
    return data


def marker_rows(at: AppTest) -> list[list]:
    return marker_data(at)["rows"]


def marker_points(at: AppTest) -> list[tuple[float, float]]:
    return [(float(row[0]), float(row[1])) for row in marker_rows(at)]


def test_actor_in_the_url_leaves_only_its_markers(app):
    app.query_params["actor"] = "Aqeela Saleh"
    app.run()
    assert not app.exception
    points = marker_points(app)
    assert len(points) == 1
    lat, lon = points[0]
    assert abs(lat - 36.75) < 0.3 and abs(lon - 3.06) < 0.3  # Algiers


def test_no_filter_shows_every_place(app):
    app.run()
    assert not app.exception
    assert len(marker_points(app)) >= 6


def test_changing_the_actor_filter_rewrites_the_url(app):
    app.run()
    app.multiselect(key="actors").set_value(["Khalifa Haftar", "Russia"]).run()
    assert app.query_params["actor"] == ["Khalifa Haftar", "Russia"]
    app.text_input(key="q").set_value("Cairo").run()
    assert app.query_params["q"] == "Cairo"
    points = marker_points(app)  # events whose sentence names Cairo, wherever they are
    assert any(abs(lat - 30.05) < 0.3 for lat, _ in points)
    assert not any(abs(lat - 29.2) < 0.3 for lat, _ in points), "the Jufra sentence does not mention Cairo"


def test_bad_values_in_the_url_give_notices_not_errors(app):
    app.query_params["from"] = "not-a-date"
    app.query_params["z"] = "99"
    app.query_params["actor"] = "Nobody Known"
    app.run()
    assert not app.exception
    notices = " ".join(w.value for w in app.warning)
    assert "not-a-date" in notices and "99" in notices and "Nobody Known" in notices
    assert "from" not in app.query_params and "z" not in app.query_params


def test_a_date_range_in_the_url_filters_and_stays(app):
    app.query_params["from"] = "2024-03-01"
    app.query_params["to"] = "2024-03-31"
    app.run()
    assert not app.exception
    assert app.query_params["from"] == "2024-03-01"
    assert app.query_params["to"] == "2024-03-31"
    assert app.date_input(key="dates").value == (date(2024, 3, 1), date(2024, 3, 31))
    points = marker_points(app)
    assert points and not any(abs(lat - 29.2) < 0.3 for lat, _ in points), "the Jufra event is dated to the 1980s"


# -- issue 5: every parameter of the link, both ways -----------------------------------------------


def params(at: AppTest) -> dict[str, list[str]]:
    return {k: ([v] if isinstance(v, str) else list(v)) for k, v in at.query_params.items()}


def table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def place_count(events: pd.DataFrame) -> int:
    located = events.dropna(subset=["latitude"])
    return len(located.groupby(["place_name", "latitude", "longitude", "geo_precision"]))


def test_the_stored_events_cover_what_the_tests_need(stored):
    assert {"country", "region"} <= set(stored["geo_precision"])
    assert "week" in set(stored["date_precision"]) and "Turkey" in {a for names in stored["actors"] for a in names}


@pytest.mark.parametrize(
    ("query", "widget", "expected_widget", "keep"),
    [
        ({"actor": ["Khalifa Haftar", "Turkey"]}, ("multiselect", "actors"), ["Khalifa Haftar", "Turkey"],
         lambda e: e["actors"].map(lambda a: bool({"Khalifa Haftar", "Turkey"} & set(a)))),
        ({"activity": ["meeting"]}, ("multiselect", "activities"), ["meeting"], lambda e: e["activity"] == "meeting"),
        ({"country": ["DZ", "EG"]}, ("multiselect", "countries"), ["DZ", "EG"],
         lambda e: e["country_code"].isin(["DZ", "EG"])),
        ({"q": ["advisers"]}, ("text_input", "q"), "advisers", lambda e: e["sentence"].str.contains("advisers")),
        ({"hide": ["country"]}, ("checkbox", "hide_country"), True, lambda e: e["geo_precision"] != "country"),
        ({"from": ["2024-03-04"]}, None, None, lambda e: e["event_date"].fillna("") >= "2024-03-04"),
        ({"to": ["2024-02-29"]}, None, None, lambda e: e["event_date"].fillna("9") <= "2024-02-29"),
    ],
)  # fmt: skip
def test_each_filter_goes_from_the_url_to_its_widget_and_the_data_and_back(
    app, stored, query, widget, expected_widget, keep
):
    for key, values in query.items():
        app.query_params[key] = values if len(values) > 1 else values[0]
    app.run()
    assert not app.exception and not app.warning, [w.value for w in app.warning]
    if widget:
        kind, key = widget
        assert getattr(app, kind)(key=key).value == expected_widget
    expected = stored[keep(stored)]
    assert set(table(app)["event"]) == set(expected["event_id"])
    assert len(marker_rows(app)) == place_count(expected)
    assert f"{len(expected)} event(s) at {place_count(expected)} place(s)" == app.subheader[0].value
    assert params(app) == query, "the URL must stay as the link gave it"


def test_the_map_view_selected_event_bins_and_basemap_round_trip(app, stored):
    algiers = stored[stored["place_name"] == "Algiers"].iloc[0]
    query = {"lat": "32.5000", "lon": "15.2500", "z": "6", "event": algiers["event_id"], "bin": "week", "tiles": "osm"}
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception and not app.warning
    assert params(app) == {k: [v] for k, v in query.items()}
    args = map_args(app)
    assert "center: [32.5, 15.25]" in args["script"] and '"zoom": 6' in args["script"]
    assert "fitBounds" not in args["script"], "a link's own view is kept, not refitted to the markers"
    assert "tile.openstreetmap.org" in args["script"]
    selected = args["feature_group"]  # the selected event: a layer added to the live map
    assert "am-selected" in selected and "36.73225" in selected and "Selected event" in selected
    assert app.radio(key="bin").value == "week" and app.radio(key="tiles").value == "osm"
    panel = " ".join(h.proto.body for h in app.get("html"))
    assert "Algerian capital" in panel and "<mark>" in panel


def test_the_default_view_is_offline_and_fitted(app):
    app.run()
    script = map_args(app)["script"]
    assert "fitBounds" in script
    assert "openstreetmap.org/{z}" not in script and "tile.openstreetmap" not in script
    assert "country-outlines.json" in script
    assert all(link.startswith("/app/static/") for link in map_args(app)["js_links"] + map_args(app)["css_links"])
    assert params(app) == {}


def test_widgets_write_every_filter_to_the_url(app):
    app.run()
    app.multiselect(key="actors").set_value(["Turkey"]).run()
    app.multiselect(key="activities").set_value(["deployment"]).run()
    app.multiselect(key="countries").set_value(["LY"]).run()
    app.checkbox(key="hide_country").check().run()
    app.text_input(key="q").input("advisers").run()
    app.radio(key="bin").set_value("month").run()
    app.radio(key="tiles").set_value("osm").run()
    assert params(app) == {
        "actor": ["Turkey"],
        "activity": ["deployment"],
        "country": ["LY"],
        "q": ["advisers"],
        "hide": ["country"],
        "bin": ["month"],
        "tiles": ["osm"],
    }
    assert table(app).empty, "the only Turkey event is placed at a country, which is hidden"
    app.checkbox(key="hide_country").uncheck().run()
    assert "hide" not in params(app) and len(table(app)) == 1
    app.date_input(key="dates").set_value((date(2024, 4, 1), date(2024, 4, 30))).run()
    assert params(app)["from"] == ["2024-04-01"] and params(app)["to"] == ["2024-04-30"]
    assert not app.exception


def test_a_link_opens_the_same_view_in_a_new_session(seeded_db, monkeypatch):
    monkeypatch.setenv("ACTIVITY_MAP_DB", seeded_db)
    first = AppTest.from_file(APP, default_timeout=120)
    first.run()
    first.multiselect(key="actors").set_value(["Russia"]).run()
    first.multiselect(key="activities").set_value(["deployment", "meeting"]).run()
    first.text_input(key="q").input("military").run()
    link = params(first)
    second = AppTest.from_file(APP, default_timeout=120)
    for key, values in link.items():
        second.query_params[key] = values if len(values) > 1 else values[0]
    second.run()
    assert params(second) == link
    assert marker_rows(second) == marker_rows(first)
    assert table(second).equals(table(first))


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("actor", "Nobody Known", "Nobody Known"),
        ("activity", "juggling", "juggling"),
        ("country", "XX", "XX"),
        ("from", "2024-02-30", "2024-02-30"),
        ("to", "yesterday", "yesterday"),
        ("z", "99", "99"),
        ("z", "2.5", "2.5"),
        ("lat", "north", "north"),
        ("event", "no-such-event", "no-such-event"),
        ("hide", "everything", "everything"),
        ("bin", "fortnight", "fortnight"),
        ("tiles", "satellite", "satellite"),
    ],
)
def test_every_bad_value_gives_a_notice_and_is_dropped(app, key, value, says):
    app.query_params[key] = value
    app.run()
    assert not app.exception
    assert any(says in w.value for w in app.warning), [w.value for w in app.warning]
    assert key not in params(app)
    assert len(marker_rows(app)) >= 6, "the page still shows everything it can"


def test_report_markup_reaches_the_page_only_escaped(app, stored):
    hostile = stored[stored["sentence"].str.contains("onerror")].iloc[0]
    app.query_params["event"] = hostile["event_id"]
    app.run()
    args = map_args(app)
    texts = [args["script"], args["feature_group"]] + [h.proto.body for h in app.get("html")]
    for text in texts:
        assert "<script>window" not in text and "<img src=x" not in text
    panel = " ".join(h.proto.body for h in app.get("html"))
    assert "&lt;img src=x onerror=" in panel, "the analyst still reads the text, as text"
    assert "&lt;img src=x onerror=" in args["feature_group"]
    names = [row[7] for row in marker_rows(app)]
    assert any("Misrat" in name for name in names)


# -- the pure pieces behind the page --------------------------------------------------------------


def small_frame() -> pd.DataFrame:
    """Events written for the test, some fields missing as an older or partial store would have them."""
    return pd.DataFrame(
        {
            "event_id": ["a", "b", "c", "d", "e"],
            "event_date": ["2024-01-02", "2024-01-09", None, "1980-01-01", "2024-02-20"],
            "date_precision": ["day", "week", "none", "decade", "month"],
            "place_name": ["Alpha Town", "Alpha Town", "Beta Land", "Gamma", None],
            "mention": ["Alpha", "Alpha", "Beta", "Gamma", "Nowhere"],
            "latitude": [10.0, 10.0, 20.0, 30.0, None],
            "longitude": [5.0, 5.0, 6.0, 7.0, None],
            "geo_precision": ["city", "city", "country", "region", None],
            "country_code": ["AA", "AA", "BB", "cc", None],
            "actors": [["Red", "Blue"], ["Red"], [], ["Blue"], None],
            "activity": ["meeting", None, "visit", "", "meeting"],
            "sentence": [
                "Red met Blue in Alpha.",
                "Red went to Alpha.",
                "Beta <b>said</b>.",
                "Gamma then.",
                "Nowhere.",
            ],
            "title": ["t1", "t1", "t2", "t3", "t3"],
        }
    )


FILTERS = [
    EventFilter(),
    EventFilter(actors=("Red",)),
    EventFilter(actors=("Blue", "Nobody")),
    EventFilter(activities=("meeting",)),
    EventFilter(activities=("unspecified",)),
    EventFilter(countries=("cc", "AA")),
    EventFilter(hide_country=True),
    EventFilter(since=date(2024, 1, 5)),
    EventFilter(until=date(2024, 1, 5)),
    EventFilter(q="ALPHA"),
    EventFilter(q="blue"),
    EventFilter(q="<b>"),
    EventFilter(actors=("Red",), q="went", since=date(2024, 1, 1), until=date(2024, 12, 31)),
]


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_the_catalog_selects_what_apply_filter_selects(f):
    frame = small_frame()
    assert list(catalog(frame).select(f)["event_id"]) == list(apply_filter(frame, f)["event_id"])


def test_filters_read_the_small_frame_as_meant():
    frame = small_frame()
    ids = lambda f: list(apply_filter(frame, f)["event_id"])  # noqa: E731
    assert ids(EventFilter(actors=("Red",))) == ["a", "b"]
    assert ids(EventFilter(activities=("unspecified",))) == ["b", "d"]
    assert ids(EventFilter(countries=("CC",))) == ["d"]
    assert ids(EventFilter(hide_country=True)) == ["a", "b", "d", "e"]
    assert ids(EventFilter(until=date(2024, 1, 5))) == ["a", "d"], "undated events have no place in a date range"
    assert ids(EventFilter(q="blue")) == ["a", "d"], "the search looks in actors too"


def test_a_frame_without_the_newer_columns_still_filters_and_maps():
    frame = small_frame().drop(columns=["activity", "country_code", "title"])
    assert list(apply_filter(frame, EventFilter(activities=("unspecified",)))["event_id"]) == list("abcde")
    assert apply_filter(frame, EventFilter(countries=("AA",))).empty
    data = catalog(frame)
    assert data.activities.to_dict() == {"unspecified": 5} and data.countries.empty
    assert map_layers(frame).places == 3


def test_catalog_facets_count_events_and_find_events_by_id():
    data = catalog(small_frame())
    assert data.actors.to_dict() == {"Red": 2, "Blue": 2}
    assert data.countries.to_dict() == {"AA": 2, "BB": 1, "CC": 1}
    assert (data.first, data.last) == (date(1980, 1, 1), date(2024, 2, 20))
    assert data.event("c")["place_name"] == "Beta Land" and data.event("zz") is None


def test_dates_show_their_precision_and_never_a_false_day():
    assert format_when("2024-03-04", "day") == "2024-03-04"
    assert format_when("2024-02-01", "month") == "2024-02 (month)"
    assert format_when("1980-01-01", "decade") == "1980s (decade)"
    assert format_when("2023-01-01", "year") == "2023 (year)"
    assert format_when("2024-03-04", "week") == "week of 2024-03-04"
    assert "report date" in format_when("2024-03-04", "none")
    assert format_when(None, "day") == format_when(float("nan"), "none") == "undated"


def test_the_evidence_is_escaped_with_the_mention_marked():
    out = highlight('He said "<b>x</b>" in Benghazi & left.', "Benghazi")
    assert out == "He said &quot;&lt;b&gt;x&lt;/b&gt;&quot; in <mark>Benghazi</mark> &amp; left."
    assert highlight("No mention here <i>", "Cairo") == "No mention here &lt;i&gt;"
    long = "word " * 200 + "Derna" + " word" * 200
    cut = highlight(long, "Derna")
    assert "<mark>Derna</mark>" in cut and cut.startswith("… ") and cut.endswith(" …") and len(cut) < 500


def test_links_only_for_web_addresses():
    assert safe_link("https://example.org/a?b=1&c=2", "src").startswith("<a href='https://example.org/a?b=1&amp;c=2'")
    assert safe_link("javascript:alert(1)", "<src>") == "&lt;src&gt;"
    card = event_html({"sentence": "x", "mention": "x", "url": "java\\nscript:alert(1)", "source": "s", "actors": None})
    assert "href" not in card


def test_places_are_aggregated_and_area_places_drawn_as_areas():
    layers = map_layers(small_frame())
    data = json.loads(layers.rows)
    rows = {row[7]: row for row in data["rows"]}
    assert layers.places == 3 and layers.events == 4
    alpha, beta, gamma = rows["Alpha Town"], rows["Beta Land"], rows["Gamma"]
    assert alpha[2] == 2 and alpha[4] == 0 and alpha[6] == 0, "a town is an exact marker"
    assert beta[4] == 1 and beta[6] > 0 and gamma[4] == 1 and gamma[6] == 100_000, "country and region are areas"
    assert alpha[5] > beta[5], "more events, bigger marker"
    assert layers.legend[0][0] in ("Red", "Blue") and alpha[3] == 0, "Red has most events at Alpha Town"
    assert [data["actors"][i] for i in alpha[11][::2]] == ["Red", "Blue"] and alpha[11][1::2] == [2, 1]
    assert "<mark>Beta</mark> &lt;b&gt;said&lt;/b&gt;." in beta[12], "popups list the events, escaped"
    assert (alpha[9], alpha[10]) == ("2024-01-02", "2024-01-09")


def test_chosen_actors_lead_the_legend():
    assert legend_actors(small_frame(), ("Blue",))[:2] == ["Blue", "Red"]


def test_popups_stop_listing_events_when_the_map_has_many_places():
    n = 700
    frame = pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "event_date": ["2024-01-01"] * n,
            "date_precision": ["day"] * n,
            "place_name": [f"P{i}" for i in range(n)],
            "mention": [f"P{i}" for i in range(n)],
            "latitude": [i / 10 for i in range(n)],
            "longitude": [0.0] * n,
            "geo_precision": ["city"] * n,
            "actors": [["A"]] * n,
            "sentence": ["s"] * n,
        }
    )
    rows = json.loads(map_layers(frame).rows)["rows"]
    assert len(rows) == n and all(row[12] == 0 for row in rows)
    assert all(row[12] for row in json.loads(map_layers(frame.head(20)).rows)["rows"])


def test_a_click_selects_the_events_of_the_place_it_landed_on():
    here = events_at(small_frame(), 10.0000001, 5.0)
    assert list(here["event_id"]) == ["b", "a"], "newest first"
    assert events_at(small_frame(), 11.0, 5.0).empty


def test_the_timeline_draws_what_has_a_date_fine_enough_and_stacks_actors():
    frame = small_frame()
    assert list(drawable(frame)) == [True, True, False, False, True]
    data = timeline_data(frame, ["Red"], "week")
    assert set(data["actor"]) == {"Red", "other actors", "no actor named"}
    week = data[data["start"] == "2024-01-01"]
    assert list(week["actor"]) == ["Red", "other actors"] and list(week["bottom"]) == [0, 1]
    assert list(week["top"]) == [1, 2] and set(week["end"]) == {"2024-01-08"}
    assert pick_bin(frame) == "day"
    assert pick_bin(frame.assign(event_date=["2020-01-01", "2024-01-01", None, None, None])) == "month"


def test_the_brush_reads_back_as_the_days_it_covers():
    chart = timeline_chart(small_frame(), ["Red"], "day", (date(2024, 1, 2), date(2024, 1, 9))).to_dict()
    brush = next(p for p in chart["params"] if p["name"] == "brush")
    lo, hi = brush["value"]["x"]
    assert brush_dates({"brush": {"start": [lo, hi]}}) == (date(2024, 1, 2), date(2024, 1, 9))
    assert brush_dates({"brush": {"start": [hi, lo]}}) == (date(2024, 1, 2), date(2024, 1, 9))
    assert brush_dates({"brush": {"start": [None, None]}}) is None
    assert brush_cleared({}) and brush_cleared({"brush": {}}) and not brush_cleared({"brush": {"x": [1, 2]}})


def test_the_table_lists_the_newest_first_and_maps_rows_to_events():
    shown = table_frame(small_frame(), limit=3)
    assert list(shown["event"]) == ["e", "b", "a"] and shown["date"].iloc[0] == "2024-02 (month)"
    assert shown["actors"].iloc[0] == "" and shown["place"].iloc[0] == "(unresolved)"
    assert selected_event(shown, [1]) == "b" and selected_event(shown, []) is None
    assert selected_event(shown, [7]) is None


def test_the_dashboard_load_matches_the_full_read_and_survives_bad_json(seeded_db, tmp_path):
    import shutil
    import sqlite3

    with Store(seeded_db) as store:
        fast, full = store.view_frame(), store.events_frame()
    pd.testing.assert_frame_equal(fast, full[list(fast.columns)], check_dtype=False)
    broken = tmp_path / "broken.db"
    shutil.copy(seeded_db, broken)
    with sqlite3.connect(broken) as con:
        con.execute("UPDATE events SET actors = 'not json' WHERE event_id = ?", (fast["event_id"].iloc[0],))
    with Store(str(broken)) as store:
        odd = store.view_frame()
    assert (
        len(odd) == len(fast) and odd["actors"].iloc[0] == [] and odd["actors"].iloc[1:].equals(fast["actors"].iloc[1:])
    )
