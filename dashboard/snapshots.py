"""Snapshots: a view and the events it showed, frozen under an unguessable id.

A snapshot copies the event records themselves (not references), so the link shows the same map,
timeline and table after more reports arrive or events are re-extracted, edited or deleted.
"""

from __future__ import annotations

import json
import math
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs

import pandas as pd

from dashboard.state import ViewState, from_params
from dashboard.store import EVENT_COLUMNS

SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshots (
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL, view TEXT NOT NULL, title TEXT, event_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot_events (
    snapshot_id TEXT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE, position INTEGER NOT NULL,
    record TEXT NOT NULL, PRIMARY KEY (snapshot_id, position)
);
"""
ID_BYTES = 16  # 128 bits


@dataclass(frozen=True)
class Snapshot:
    id: str
    created_at: str
    view: ViewState
    title: str
    events: pd.DataFrame


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_id() -> str:
    """128 random bits, URL-safe; never starting with "-", which a command line reads as an option
    (`activity-map snapshot export -Mshp...` failed one time in 64)."""
    while True:
        snapshot_id = secrets.token_urlsafe(ID_BYTES)
        if not snapshot_id.startswith("-"):
            return snapshot_id


def _ensure(con: sqlite3.Connection) -> None:
    con.executescript(SCHEMA)


def _json_value(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def create(con: sqlite3.Connection, view: ViewState, events: pd.DataFrame, title: str = "") -> str:
    """Freeze `events` (the rows the view shows) with the view; returns the new snapshot's id."""
    _ensure(con)
    snapshot_id = new_id()
    frozen_view = view.with_changes(snapshot=None)
    rows = [
        (snapshot_id, i, json.dumps({k: _json_value(v) for k, v in record.items()}, ensure_ascii=False))
        for i, record in enumerate(events.to_dict("records"))
    ]
    with con:
        con.execute(
            "INSERT INTO snapshots VALUES (?,?,?,?,?)",
            (snapshot_id, _now(), frozen_view.query_string(), title, len(rows)),
        )
        con.executemany("INSERT INTO snapshot_events VALUES (?,?,?)", rows)
    return snapshot_id


def load(con: sqlite3.Connection, snapshot_id: str) -> Snapshot | None:
    """The snapshot, or None when no snapshot has that id."""
    _ensure(con)
    row = con.execute("SELECT created_at, view, title FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
    if row is None:
        return None
    created_at, view_query, title = row
    records = [
        json.loads(r[0])
        for r in con.execute(
            "SELECT record FROM snapshot_events WHERE snapshot_id = ? ORDER BY position", (snapshot_id,)
        )
    ]
    view, _ = from_params(parse_qs(view_query))
    events = pd.DataFrame(records) if records else pd.DataFrame(columns=EVENT_COLUMNS)
    return Snapshot(snapshot_id, created_at, view.with_changes(snapshot=snapshot_id), title or "", events)


def listing(con: sqlite3.Connection) -> pd.DataFrame:
    _ensure(con)
    return pd.read_sql_query("SELECT id, created_at, title, event_count, view FROM snapshots ORDER BY created_at", con)
