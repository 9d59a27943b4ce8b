"""Geocoding answers kept on disk, keyed by normalised mention + context, reused across runs.

A small JSON file (sorted, one answer per line) so that the answers for the bundled reports can be
committed and reviewed; an online geocoder is never asked twice for the same thing.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict
from pathlib import Path

from dashboard.model import Place

MISSING = object()


class GeoCache:
    """Answers by key; `None` is a remembered "nothing found". Thread-safe; saved explicitly."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._answers: dict[str, dict | None] = {}
        self._dirty = False
        self._lock = threading.Lock()
        if path and path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    self._answers[record["key"]] = record["place"]

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: str) -> Place | None | object:
        """The cached Place, None for a cached miss, or MISSING."""
        with self._lock:
            if key not in self._answers:
                return MISSING
            data = self._answers[key]
        return Place(**data) if data is not None else None

    def put(self, key: str, place: Place | None) -> None:
        data = asdict(place) if place is not None else None
        with self._lock:
            if self._answers.get(key, MISSING) != data:
                self._answers[key] = data
                self._dirty = True

    def forget_misses(self) -> int:
        """Drop remembered misses so that they are tried again (`geocode --retry`)."""
        with self._lock:
            misses = [k for k, v in self._answers.items() if v is None]
            for key in misses:
                del self._answers[key]
            self._dirty = self._dirty or bool(misses)
        return len(misses)

    def save(self) -> None:
        if not self.path or not self._dirty:
            return
        with self._lock:
            lines = [
                json.dumps({"key": k, "place": v}, ensure_ascii=False, sort_keys=True)
                for k, v in sorted(self._answers.items())
            ]
            self._dirty = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
        partial.replace(self.path)
