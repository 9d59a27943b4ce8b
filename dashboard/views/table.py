"""The table: the filtered events with their evidence, newest first."""

from __future__ import annotations

import pandas as pd

COLUMNS = {
    "event_date": "date",
    "date_precision": "precision",
    "place_name": "place",
    "geo_precision": "place precision",
    "actors": "actors",
    "activity": "activity",
    "sentence": "sentence",
    "source": "source",
    "url": "link",
    "event_id": "event",
}


def table_frame(events: pd.DataFrame) -> pd.DataFrame:
    table = events.reindex(columns=list(COLUMNS)).copy()
    table["actors"] = table["actors"].map(lambda names: ", ".join(names) if isinstance(names, list) else "")
    table["place_name"] = table["place_name"].fillna("(unresolved)")
    return table.sort_values("event_date", ascending=False, kind="stable").rename(columns=COLUMNS)
