"""The dashboard's events as an Arrow file beside the store, so that a cold start reads them in a blink.

Reading 100k events out of SQLite into pandas takes about a second; the same columns read back from
an Arrow file take a tenth of that. The file records the store version it was made from and is only
used while the store still has that version, so it can never show stale events. It is written
atomically (a temporary file, then a rename) by `activity-map ingest` when it has stored reports and
by the first reader that finds it missing or old. A store that cannot have one (in memory, a
read-only folder) is simply read from SQLite.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pandas as pd

from dashboard.filters import prepare
from dashboard.store import Store

FORMAT = "1"  # bump when the file's columns change: an older file is then rebuilt
_VERSION_KEY = b"activity-map-store-version"


def cache_path(store: Store) -> Path | None:
    """Where the store's view file lives: beside the database, or None for a store in memory."""
    name = str(store.path)
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        return None
    return store.path.with_name(store.path.name + ".view.arrow")


def _stamp(store: Store) -> str:
    return f"{FORMAT}|{store.version()}"


def _read(path: Path, stamp: str) -> pd.DataFrame | None:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    try:
        with pa.memory_map(str(path)) as source:
            table = ipc.open_file(source).read_all()
    except (OSError, pa.ArrowInvalid):
        return None
    if (table.schema.metadata or {}).get(_VERSION_KEY, b"").decode() != stamp:
        return None
    actors = table.column("actors").to_pylist()  # lists, as the store gives them
    frame = table.drop_columns(["actors"]).to_pandas()
    frame.insert(list(table.column_names).index("actors"), "actors", [a or [] for a in actors])
    return frame


def _write(path: Path, frame: pd.DataFrame, stamp: str) -> None:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({_VERSION_KEY: stamp.encode()})
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out, ipc.new_file(out, table.schema) as writer:
            writer.write_table(table)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def prepared_events(store: Store) -> pd.DataFrame:
    """The store's events as the dashboard filters them (`filters.prepare`), from the view file when current."""
    path = cache_path(store)
    began = not store.con.in_transaction
    if began:  # the version and the events from one snapshot of the store, whatever a writer does meanwhile
        store.con.execute("BEGIN")
    try:
        stamp = _stamp(store)
        frame = _read(path, stamp) if path is not None and path.exists() else None
        if frame is not None:
            return frame
        frame = prepare(store.view_frame()).reset_index(drop=True)
    finally:
        if began:
            store.con.execute("COMMIT")
    if path is not None:
        # a read-only folder, a full disk, a value Arrow cannot hold: the dashboard still works from SQLite
        with contextlib.suppress(OSError, ValueError, TypeError):
            _write(path, frame, stamp)
    return frame


def refresh(store: Store) -> None:
    """Write the view file for the store as it is now (ingest calls this after storing reports)."""
    prepared_events(store)
