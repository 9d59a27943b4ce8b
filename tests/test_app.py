"""Issue 2, acceptance 3: the dashboard's URL contract through Streamlit's AppTest (no browser)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ingest import read_paths
from dashboard.store import Store

from .conftest import SEED

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory, pipeline) -> str:
    db = str(tmp_path_factory.mktemp("app") / "app.db")
    with Store(db) as store:
        for result in pipeline.process(list(read_paths([SEED]))):
            store.save(result.article, result.events, result.new_actors.values())
    return db


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
