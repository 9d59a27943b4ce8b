"""Issue 2, acceptance 1 and 2: the product owner's report through the real CLI."""

from __future__ import annotations

import json

import pytest

from dashboard.geocode.query import haversine_km

from .conftest import SEED, run_cli


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory, gazetteer_index):
    import os

    folder = tmp_path_factory.mktemp("seed")
    cache = folder / "geocache"
    cache.mkdir()
    (cache / gazetteer_index.name).symlink_to(gazetteer_index)
    env = dict(os.environ, ACTIVITY_MAP_GEOCACHE=str(cache))
    db = str(folder / "t.db")
    run_cli(env, "ingest", str(SEED), "--db", db)
    out = run_cli(env, "export", "--db", db, "--format", "jsonl").stdout
    return [json.loads(line) for line in out.splitlines()], env, db


def near(events, lat, lon, km):
    return [
        e for e in events if e["latitude"] is not None and haversine_km(lat, lon, e["latitude"], e["longitude"]) <= km
    ]


@pytest.mark.parametrize(
    ("what", "lat", "lon", "km"),
    [
        ("Benina air base", 32.097, 20.270, 25),
        ("Cairo", 30.044, 31.236, 25),
        ("Algiers", 36.754, 3.059, 25),
        ("Jufra air base", 29.198, 16.001, 50),
    ],
)
def test_seed_places_land_where_they_are(seed_events, what, lat, lon, km):
    events, _, _ = seed_events
    assert near(events, lat, lon, km), f"no event within {km} km of {what}"


def test_seed_dates_and_the_algiers_actor(seed_events):
    events, _, _ = seed_events
    assert {e["published"] for e in events} == {"2024-03-04"}
    algiers = near(events, 36.754, 3.059, 25)
    assert any("Aqeela Saleh" in e["actors"] and e["event_date"] == "2024-03-03" for e in algiers)


def test_seed_teaser_and_the_americas_stay_off_the_map(seed_events):
    events, _, _ = seed_events
    assert not near(events, 32.767, 22.639, 30), "Derna is only in the 'Check Also' teaser"
    assert not [e for e in events if e["longitude"] is not None and e["longitude"] < -30], (
        "a point landed in the Americas"
    )
    assert not any("Derna" in e["sentence"] for e in events)


def test_seed_actors(seed_events):
    events, _, _ = seed_events
    actors = {a for e in events for a in e["actors"]}
    assert {"Khalifa Haftar", "Russia", "Egypt", "Algeria", "United Arab Emirates"} <= actors


def test_export_contract_fields(seed_events):
    events, _, _ = seed_events
    from dashboard.export import EXPORT_FIELDS

    assert all(list(e) == EXPORT_FIELDS for e in events)


def test_reingesting_the_same_file_adds_nothing(seed_events):
    events, env, db = seed_events
    second = run_cli(env, "ingest", str(SEED), "--db", db)
    assert "0 report(s) stored, 1 unchanged" in second.stdout
    again = run_cli(env, "export", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert len(again) == len(events)


def test_a_folder_with_bad_files_stores_the_good_one_and_names_the_bad(tmp_path, isolated_env):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.txt").write_bytes(bytes(range(256)) * 8)
    db = str(tmp_path / "folder.db")
    result = run_cli(isolated_env, "ingest", str(folder), "--db", db, check=False)
    assert result.returncode == 1
    assert "empty.txt: empty file" in result.stderr
    assert "noise.txt: binary file" in result.stderr
    assert "1 report(s) stored" in result.stdout
    exported = run_cli(isolated_env, "export", "--db", db, "--format", "geojson").stdout
    collection = json.loads(exported)
    assert collection["type"] == "FeatureCollection" and collection["features"]
