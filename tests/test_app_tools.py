"""Issue 6 in the page (AppTest): snapshot links, view exports, uploads with errors named, corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ingest import read_paths
from dashboard.ingest.records import article_from_record
from dashboard.store import Store

from .conftest import SEED
from .test_app import marker_points

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
LATER = "Khalifa Haftar met Italian envoys in Benghazi on Sunday to discuss migration."


@pytest.fixture
def db(tmp_path, pipeline, monkeypatch, isolated_env) -> str:
    """A store of the seed report of this test's own (the page writes to it)."""
    path = str(tmp_path / "page.db")
    with Store(path) as store:
        for result in pipeline.process(list(read_paths([SEED]))):
            store.save(result.article, result.events, result.new_actors.values())
    monkeypatch.setenv("ACTIVITY_MAP_DB", path)
    return path


def page(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_a_snapshot_link_shows_the_same_events_after_another_report(db, pipeline):
    live = page(actor="Khalifa Haftar")
    live.button(key="make_snapshot").click().run()
    snapshot_id = live.session_state["_snapshot"]
    frozen_points = sorted(marker_points(live))

    later = article_from_record({"text": LATER, "published": "2024-03-11"}, "test", 1)
    [result] = list(pipeline.process([later]))
    with Store(db) as store:
        store.save(result.article, result.events, result.new_actors.values())

    snapshot = page(snapshot=snapshot_id)
    assert not snapshot.exception
    assert sorted(marker_points(snapshot)) == frozen_points
    assert any("Snapshot taken" in i.value for i in snapshot.info)
    assert len(sorted(marker_points(page(actor="Khalifa Haftar")))) > len(frozen_points)  # the live view shows more


def test_an_unknown_snapshot_gives_a_notice_and_the_live_view(db):
    at = page(snapshot="not-a-real-id")
    assert not at.exception
    assert any("not-a-real-id" in w.value for w in at.warning)
    assert marker_points(at)
    assert "snapshot" not in at.query_params


def test_the_view_downloads_in_every_export_format(db):
    at = page(actor="Aqeela Saleh")
    at.button(key="prepare_exports").click().run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert [label.split()[1] for label in labels] == ["CSV", "GEOJSON", "JSONL"]
    assert all("(1 events)" in label or "(2 events)" in label for label in labels), labels


def test_an_uploaded_jsonl_keeps_the_good_report_and_names_line_2(db):
    good = json.dumps({"id": "up-1", "text": "Officials met in Sabha on Monday.", "published": "2024-04-01"})
    at = page()
    at.file_uploader(key="uploads").set_value(("field.jsonl", (good + "\n{broken\n").encode(), "application/json"))
    at.run()
    at.button(key="read_uploads").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "field.jsonl:2" in errors and "invalid JSON" in errors
    with Store(db) as store:
        assert store.article("up-1") is not None
        assert store.count("articles") == 2


def test_a_correction_in_the_page_moves_the_point(db):
    with Store(db) as store:
        cairo = store.events_frame().query("mention == 'Cairo'").iloc[0]
    at = page(event=cairo["event_id"])
    at.number_input(key=f"lat_{cairo['event_id']}").set_value(30.1)
    at.number_input(key=f"lon_{cairo['event_id']}").set_value(31.3)
    at.run()
    at.button(key=f"apply_{cairo['event_id']}").click().run()
    assert not at.exception
    with Store(db) as store:
        moved = store.events_frame().query("mention == 'Cairo'")
    assert (moved["resolved_by"] == "analyst").all() and (moved["latitude"] == 30.1).all()
