"""Issue 6: an analyst's correction applies to every event with that mention in that context,
survives re-ingest (even when the report is processed again) and shows in exports."""

from __future__ import annotations

import json
import subprocess
import sys

from dashboard.corrections import apply_overrides, correction_key
from dashboard.geocode.query import PlaceQuery
from dashboard.model import Event, Place

REPORT = (
    "Tuesday, 5 March 2024\n\nMilitia leaders met in Tripoli on Monday to discuss the ceasefire in Libya.\n\n"
    "Later, delegates travelled from Tripoli to Misrata.\n"
)


def cli(env, *args):
    done = subprocess.run([sys.executable, "-m", "dashboard", *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def export(env, db):
    return [json.loads(line) for line in cli(env, "export", "--db", db).splitlines()]


def test_a_correction_survives_reingest_and_shows_in_the_export(tmp_path, isolated_env):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    db = str(tmp_path / "c.db")
    cli(isolated_env, "ingest", str(report), "--db", db)
    tripoli = [e for e in export(isolated_env, db) if e["mention"] == "Tripoli"]
    assert len(tripoli) == 2

    out = cli(
        isolated_env,
        "correct",
        tripoli[0]["event_id"],
        "--lat",
        "32.9",
        "--lon",
        "13.18",
        "--name",
        "Tripoli (analyst)",
        "--db",
        db,
    )
    assert "2 event(s) updated" in out  # every event with that mention in that context

    cli(isolated_env, "ingest", str(report), "--db", db)  # unchanged: skipped
    report.write_text(REPORT + "\nTalks resume in Tripoli next week.\n", encoding="utf-8")
    cli(isolated_env, "ingest", str(report), "--db", db)  # changed: processed again
    corrected = [e for e in export(isolated_env, db) if e["mention"] == "Tripoli"]
    assert len(corrected) >= 3
    assert all(e["place_name"] == "Tripoli (analyst)" and e["resolved_by"] == "analyst" for e in corrected)
    assert all(abs(e["latitude"] - 32.9) < 1e-6 for e in corrected)
    assert any(e["mention"] == "Misrata" and e["resolved_by"] != "analyst" for e in export(isolated_env, db))


def test_overrides_match_by_name_hint_and_context_only():
    key = correction_key(PlaceQuery("Tripoli", "Tripoli"), "LY")
    assert (
        key
        == correction_key(PlaceQuery("tripoli", "TRIPOLI"), "LY")
        != correction_key(PlaceQuery("Tripoli", "Tripoli"), "LB")
    )
    fixed = Place("Fixed", 1.0, 2.0, resolved_by="analyst")
    events = [Event("a", "x", "s", "Tripoli", 0, 7, None, place_key=key), Event("b", "x", "s", "Sirte", 9, 14, None)]
    assert [e.place for e in apply_overrides(events, {key: fixed})] == [fixed, None]
