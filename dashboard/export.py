"""Export of events in the CLI contract's schema: CSV, JSON Lines or GeoJSON."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Collection
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import pandas as pd

EXPORT_FIELDS = [
    "event_id",
    "article_id",
    "source",
    "url",
    "title",
    "published",
    "event_date",
    "date_precision",
    "place_name",
    "mention",
    "latitude",
    "longitude",
    "geo_precision",
    "feature",
    "country_code",
    "actors",
    "activity",
    "future",
    "sentence",
    "char_start",
    "char_end",
    "sources",
    "resolved_by",
]
FORMATS = ("csv", "jsonl", "geojson")


def _clean(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _value(key: str, value: object) -> object:
    if key == "actors":
        return list(value) if isinstance(value, list | tuple) else []
    if key == "sources":
        return [{k: _clean(v) for k, v in s.items()} for s in value] if isinstance(value, list | tuple) else []
    if key == "future":
        return bool(_clean(value))
    return _clean(value)


def records(frame: pd.DataFrame, media: Collection[str] = ()) -> list[dict]:
    """One dict per event with exactly the export fields, JSON-ready.

    Records of one event from several reports are merged first (unless `frame` is merged already),
    so each event appears once and lists its reports under `sources`.
    """
    if "sources" not in frame.columns:
        from dashboard.merge import merge_events  # pandas: imported by the commands that export, not by ingest

        frame = merge_events(frame, media=media)
    rows = frame.reindex(columns=EXPORT_FIELDS).to_dict("records")
    return [{k: _value(k, v) for k, v in row.items()} for row in rows]


def source_label(source: dict) -> str:
    """One report in a CSV cell: its source (else title, else id), and its address when it has one."""
    name = source.get("source") or source.get("title") or source.get("article_id") or ""
    return f"{name} <{source['url']}>" if source.get("url") else str(name)


def write(frame: pd.DataFrame, fmt: str, out: TextIO, media: Collection[str] = ()) -> int:
    """Write the events to `out` in `fmt`; returns how many were written.

    `media`: actor names that are media (`Store.media_names()`), left aside when merging reports.
    """
    rows = records(frame, media)
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {**row, "actors": "; ".join(row["actors"]), "sources": "; ".join(map(source_label, row["sources"]))}
            )
    elif fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "geometry": None
                if row["latitude"] is None
                else {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": row,
            }
            for row in rows
        ]
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
    else:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return len(rows)


def to_string(frame: pd.DataFrame, fmt: str, media: Collection[str] = ()) -> str:
    buffer = io.StringIO()
    write(frame, fmt, buffer, media)
    return buffer.getvalue()
