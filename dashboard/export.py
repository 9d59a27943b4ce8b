"""Export of events in the CLI contract's schema: CSV, JSON Lines or GeoJSON."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import TextIO

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
    "sentence",
    "char_start",
    "char_end",
    "resolved_by",
]
FORMATS = ("csv", "jsonl", "geojson")


def _clean(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    """One dict per event with exactly the export fields, JSON-ready."""
    rows = frame.reindex(columns=EXPORT_FIELDS).to_dict("records")
    return [{k: (list(v) if k == "actors" else _clean(v)) for k, v in row.items()} for row in rows]


def write(frame: pd.DataFrame, fmt: str, out: TextIO) -> int:
    """Write the events to `out` in `fmt`; returns how many were written."""
    rows = records(frame)
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "actors": "; ".join(row["actors"] or [])})
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


def to_string(frame: pd.DataFrame, fmt: str) -> str:
    buffer = io.StringIO()
    write(frame, fmt, buffer)
    return buffer.getvalue()
