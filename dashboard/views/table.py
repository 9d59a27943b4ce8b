"""The table: the filtered events with their evidence, newest first, capped so the page stays light."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.views.evidence import format_when

TABLE_ROWS = 1000  # rows sent to the browser at most; the rest are a filter or an export away
COLUMNS = {
    "when": "date",
    "place_name": "place",
    "geo_precision": "place precision",
    "country_code": "country",
    "actors": "actors",
    "activity": "activity",
    "sentence": "sentence",
    "source": "source",
    "url": "link",
    "event_id": "event",
}


def table_frame(events: pd.DataFrame, limit: int = TABLE_ROWS) -> pd.DataFrame:
    """The newest `limit` events as display columns; the `event` column holds each row's event id."""
    newest = (
        events.sort_values("event_date", ascending=False, na_position="last", kind="stable").head(limit)
        if "event_date" in events.columns
        else events.head(limit)
    )
    table = newest.reindex(columns=[c for c in COLUMNS if c != "when"]).copy()
    table.insert(
        0,
        "when",
        [
            format_when(d, p)
            for d, p in zip(
                newest.get("event_date", pd.Series(index=newest.index)),
                newest.get("date_precision", pd.Series(index=newest.index)),
                strict=True,
            )
        ],
    )
    table["actors"] = table["actors"].map(lambda names: ", ".join(names) if isinstance(names, list) else "")
    table["place_name"] = table["place_name"].fillna("(unresolved)")
    table["url"] = table["url"].where(table["url"].astype(str).str.match(r"https?://"), None)
    return table.rename(columns=COLUMNS).reset_index(drop=True)


def selected_event(table: pd.DataFrame, rows: Sequence[int]) -> str | None:
    """The event id of the row chosen in the table (Streamlit reports positions in the data given)."""
    if not rows:
        return None
    row = rows[0]
    if not isinstance(row, int) or not 0 <= row < len(table):
        return None
    return str(table["event"].iloc[row])
