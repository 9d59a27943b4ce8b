"""One event, many reports: records of the same happening from different reports become one event.

GDELT counts one kidnapping many times because it never merges reports of the same event. Two
records are the same event when they come from different reports and have
- the same actors (the shorter list contained in the longer, media that carried it left aside),
- the same place (within `km` of each other; areas such as countries by name), and
- the same date within the coarser of their two precisions (a report that gives no date, precision
  "none", matches dates within `none_days`),
and no conflicting activity. Records that name no actor at all only merge when they tell the same
kind of activity on the same day. Two meetings in different cities stay two. Each merged event keeps
the most precise record (date first, then place) and lists every report under `sources`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from dashboard.extract.dates import PRECISION_ORDER, coarser, start_of

AREA_PRECISIONS = {"region", "country", "continent"}
GEO_ORDER = {"point": 0, "city": 1, "region": 2, "country": 3, "continent": 4}
DATE_ORDER = {p: i for i, p in enumerate((*PRECISION_ORDER, "none"))}
WILDCARD_ACTIVITIES = {None, "", "other"}
SOURCE_FIELDS = ("article_id", "event_id", "source", "url", "title", "published", "sentence")
_KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class MergeRule:
    km: float = 10.0
    none_days: int = 1  # reports that give no date: published on the same or the next day


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT


def _as_date(value: object) -> date | None:
    if _missing(value) or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class _Record:
    index: int
    article_id: str
    actors: frozenset[str]
    when: date | None
    published: date | None
    precision: str
    activity: str | None
    lat: float | None
    lon: float | None
    geo_precision: str
    place_key: str
    _months: list[tuple[int, int]] | None = None

    @property
    def is_area(self) -> bool:
        return self.lat is None or self.geo_precision in AREA_PRECISIONS

    def months(self) -> list[tuple[int, int]]:
        """The months this record's date could fall in: where a record it can merge with must also fall."""
        if self._months is None:
            self._months = self._compute_months()
        return self._months

    def _compute_months(self) -> list[tuple[int, int]]:
        when = self.when or self.published
        if when is None:
            return [(0, 0)]
        if self.precision in ("year", "decade"):
            first = start_of(when, self.precision).year
            years = range(first, first + (10 if self.precision == "decade" else 1))
            return [(year, month) for year in years for month in range(1, 13)]
        days = {"none": (-1, 1), "week": (0, 6)}.get(self.precision, (0, 0))
        ends = [start_of(when, self.precision) + timedelta(days=d) for d in days]
        return sorted({(d.year, d.month) for d in ends})

    def cells(self, size: float) -> list[tuple]:
        """The blocking cell (`size` degrees square) this record is filed under."""
        if self.is_area:
            return [("name", self.place_key)]
        return [("cell", math.floor(self.lat / size), math.floor(self.lon / size))]  # type: ignore[operator]

    def probe_cells(self, size: float) -> list[tuple]:
        """Every cell that may hold a point within `size` degrees of latitude (wider in longitude)."""
        if self.is_area:
            return self.cells(size)
        x, y = math.floor(self.lat / size), math.floor(self.lon / size)  # type: ignore[operator]
        reach = math.ceil(1 / max(math.cos(math.radians(self.lat)), 0.05))  # type: ignore[arg-type]
        return [("cell", x + dx, y + dy) for dx in (-1, 0, 1) for dy in range(-reach, reach + 1)]


def _record(index: int, row: dict, media: Collection[str]) -> _Record:
    lat, lon = row.get("latitude"), row.get("longitude")
    has_point = not (_missing(lat) or _missing(lon))
    place = row.get("place_name")
    place_key = str(place if not _missing(place) and place else row.get("mention") or "").casefold().strip()
    actors = row.get("actors")
    actors = [] if _missing(actors) else list(actors)
    activity = row.get("activity")
    return _Record(
        index=index,
        article_id=str(row.get("article_id")),
        actors=frozenset(a for a in actors if a not in media),
        when=_as_date(row.get("event_date")),
        published=_as_date(row.get("published")),
        precision=str(row.get("date_precision") or "none"),
        activity=None if _missing(activity) else activity,
        lat=float(lat) if has_point else None,
        lon=float(lon) if has_point else None,
        geo_precision=str(row.get("geo_precision") or ""),
        place_key=place_key,
    )


def same_actors(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a and not b:
        return True
    if not a or not b:
        return False
    return a <= b or b <= a


def same_date(a: _Record, b: _Record, rule: MergeRule) -> bool:
    if a.when is None or b.when is None:
        return False
    precision = coarser(a.precision, b.precision)
    if precision == "none":
        return abs((a.when - b.when).days) <= rule.none_days
    return start_of(a.when, precision) == start_of(b.when, precision)


def _same_day(a: _Record, b: _Record) -> bool:
    return a.when is not None and a.when == b.when and a.precision in ("day", "none") and b.precision in ("day", "none")


def same_place(a: _Record, b: _Record, rule: MergeRule) -> bool:
    if a.is_area or b.is_area:
        return a.is_area and b.is_area and a.place_key == b.place_key and a.geo_precision == b.geo_precision
    return _haversine_km(a.lat, a.lon, b.lat, b.lon) <= rule.km  # type: ignore[arg-type]


def same_event(a: _Record, b: _Record, rule: MergeRule = MergeRule()) -> bool:
    """Whether two records from different reports tell of one event."""
    if a.article_id == b.article_id:
        return False
    if not same_actors(a.actors, b.actors):
        return False
    if not a.actors and (a.activity in WILDCARD_ACTIVITIES or a.activity != b.activity or not _same_day(a, b)):
        return False  # with nobody named, only the same kind of thing at the same place on the same day
    if a.activity not in WILDCARD_ACTIVITIES and b.activity not in WILDCARD_ACTIVITIES and a.activity != b.activity:
        return False
    return same_date(a, b, rule) and same_place(a, b, rule)


def cluster(rows: Iterable[dict], media: Collection[str] = (), rule: MergeRule = MergeRule()) -> list[list[int]]:
    """Groups of row positions that are one event; every row is in exactly one group.

    A record joins the first earlier group it matches every member of and that holds no record of
    its own report yet, so one report never merges with itself and groups do not chain.
    """
    records = [_record(i, row, media) for i, row in enumerate(rows)]
    size = max(rule.km, 0.1) / _KM_PER_DEGREE  # a cell is at least `km` high: neighbours cover the reach
    order = sorted(records, key=lambda r: (r.when or date.min, r.published or date.min, r.article_id, r.index))
    groups: list[list[_Record]] = []
    articles: list[set[str]] = []
    index: dict[tuple, list[int]] = {}
    for record in order:
        chosen = None
        seen: set[int] = set()
        for key in _probe_keys(record, size):
            for g in index.get(key, ()):
                if g in seen:
                    continue
                seen.add(g)
                if record.article_id in articles[g]:
                    continue
                if all(same_event(record, member, rule) for member in groups[g]):
                    chosen = g
                    break
            if chosen is not None:
                break
        if chosen is None:
            chosen = len(groups)
            groups.append([])
            articles.append(set())
        groups[chosen].append(record)
        articles[chosen].add(record.article_id)
        for key in _keys(record, size):
            bucket = index.setdefault(key, [])
            if not bucket or bucket[-1] != chosen:
                bucket.append(chosen)
    return [[r.index for r in group] for group in groups]


def _actor_keys(record: _Record) -> list[str]:
    return sorted(record.actors) or [""]


def _coarse(record: _Record) -> bool:
    return record.precision in ("year", "decade")


def _years(record: _Record) -> list[int]:
    return sorted({year for year, _ in record.months()})


def _keys(record: _Record, size: float) -> list[tuple]:
    """Where a record is filed: by month (fine dates), by year (every record, and coarse ones apart)."""
    actors = _actor_keys(record)
    periods: list[tuple] = [("all", year) for year in _years(record)]
    if _coarse(record):
        periods += [("coarse", year) for year in _years(record)]
    else:
        periods += [("month", month) for month in record.months()]
    return [(cell, actor, period) for cell in record.cells(size) for actor in actors for period in periods]


def _probe_keys(record: _Record, size: float) -> list[tuple]:
    """Where the records a record may merge with are filed: a coarse date looks at its whole years."""
    actors = _actor_keys(record)
    if _coarse(record):
        periods: list[tuple] = [("all", year) for year in _years(record)]
    else:
        periods = [("month", month) for month in record.months()] + [("coarse", y) for y in _years(record)]
    return [(cell, actor, period) for cell in record.probe_cells(size) for actor in actors for period in periods]


def _best(rows: list[dict]) -> dict:
    """The record to show for a merged event: the most precise date, then place, then the earliest report."""

    def key(row: dict) -> tuple:
        return (
            DATE_ORDER.get(row.get("date_precision") or "none", 9),
            GEO_ORDER.get(row.get("geo_precision") or "", 9),
            str(row.get("published") or "9999"),
            str(row.get("article_id")),
            row.get("char_start") or 0,
        )

    return min(rows, key=key)


def _source(row: dict) -> dict:
    return {f: (None if _missing(row.get(f)) else row.get(f)) for f in SOURCE_FIELDS}


def merge_records(rows: list[dict], media: Collection[str] = (), rule: MergeRule = MergeRule()) -> list[dict]:
    """One dict per event: the best record's fields, every actor, and `sources` (one per report)."""
    merged = []
    for group in cluster(rows, media, rule):
        members = [rows[i] for i in group]
        best = dict(_best(members))
        best["actors"] = list(dict.fromkeys(a for m in [best, *members] for a in (m.get("actors") or [])))
        if "future" in best:
            best["future"] = all(bool(m.get("future")) for m in members)
        ordered = sorted(members, key=lambda m: (str(m.get("published") or ""), str(m.get("article_id"))))
        best["sources"] = [_source(m) for m in ordered]
        merged.append(best)
    return merged


def merge_events(frame: pd.DataFrame, media: Collection[str] = (), rule: MergeRule = MergeRule()) -> pd.DataFrame:
    """The events of `frame` with records of one event from several reports merged (`sources` added)."""
    if frame.empty:
        out = frame.copy()
        out["sources"] = pd.Series([], dtype="object")
        return out
    rows = frame.to_dict("records")
    merged = merge_records(rows, media, rule)
    out = pd.DataFrame(merged, columns=[*frame.columns, "sources"])
    return out.sort_values(["event_date", "article_id", "char_start"], na_position="last", kind="stable").reset_index(
        drop=True
    )
