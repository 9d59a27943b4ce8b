"""The store: articles, events and actors in SQLite; queries return pandas DataFrames.

A report is written whole or not at all (reports are committed in transactions of whole reports),
and is identified by its id and content hash, so ingesting the same report again changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from dashboard.model import Actor, Article, Event, Place

if TYPE_CHECKING:
    import pandas as pd

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, url TEXT, source TEXT, title TEXT, published TEXT,
    text TEXT NOT NULL, removed TEXT, origin TEXT, ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    place_name TEXT, mention TEXT NOT NULL, latitude REAL, longitude REAL, geo_precision TEXT, feature TEXT,
    country_code TEXT, gazetteer_id TEXT, resolved_by TEXT, confidence REAL, actors TEXT NOT NULL,
    event_date TEXT, date_precision TEXT NOT NULL, activity TEXT, sentence TEXT NOT NULL,
    char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, place_key TEXT
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_date ON events(event_date);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE, actor TEXT NOT NULL,
    PRIMARY KEY (event_id, actor)
);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor);
CREATE TABLE IF NOT EXISTS event_details (
    event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE, future INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS actors (
    name TEXT PRIMARY KEY, kind TEXT NOT NULL, aliases TEXT, affiliation TEXT, country TEXT, origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS place_overrides (
    place_key TEXT PRIMARY KEY, mention TEXT NOT NULL, place TEXT NOT NULL, note TEXT, created_at TEXT NOT NULL
);
"""

EVENT_COLUMNS = [
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
    "confidence",
    "gazetteer_id",
    "future",
    "place_key",
]


def sqlite_path(url: str) -> Path:
    """A store URL (`sqlite:///path`, or a plain path) as a file path."""
    if "://" not in url:
        return Path(url)
    parsed = urlparse(url)
    if parsed.scheme != "sqlite":
        raise ValueError(
            f"unsupported store URL scheme {parsed.scheme!r}: this version stores in SQLite (sqlite:///path)"
        )
    # SQLAlchemy's form: sqlite:///relative/path.db, sqlite:////absolute/path.db
    return Path(unquote(parsed.path[1:]))


class Store:
    """One SQLite database. Open one per thread; every method commits its own transaction."""

    def __init__(self, url: str) -> None:
        self.path = sqlite_path(url)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self.con.execute("PRAGMA foreign_keys = ON")
        self.con.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL: a committed transaction survives the process being killed; only a power cut
        # may lose the last commits, never half of one.
        self.con.execute("PRAGMA synchronous = NORMAL")
        self.con.executescript(SCHEMA)
        columns = {row[1] for row in self.con.execute("PRAGMA table_info(events)")}
        if "place_key" not in columns:  # stores made before corrections existed
            self.con.execute("ALTER TABLE events ADD COLUMN place_key TEXT")
        self.con.execute("CREATE INDEX IF NOT EXISTS events_place_key ON events(place_key)")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------
    def is_current(self, article: Article) -> bool:
        """True when this exact report (same id, same content) is stored already."""
        return self.stored_hashes([article.id]).get(article.id) == article.content_hash

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """The content hash stored for each of these article ids that is stored at all."""
        ids = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            found.update(self.con.execute(f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", part))
        return found

    def save(self, article: Article, events: Iterable[Event], new_actors: Iterable[Actor] = ()) -> None:
        """Replace the article and its events in one transaction."""
        self.save_many([(article, events, new_actors)])

    def save_many(self, reports: Iterable[tuple[Article, Iterable[Event], Iterable[Actor]]]) -> None:
        """Replace each article and its events, all in one transaction: every report whole, or none.

        Reports are written in the order given; an actor extracted from two of them keeps the
        description it had first.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        articles, events, actors = [], [], []
        for article, its_events, its_actors in reports:
            articles.append(article)
            events.extend(its_events)
            actors.extend(its_actors)
        if not articles:
            return
        from dashboard.corrections import apply_overrides  # brings the resolver: not needed by a re-run

        events = apply_overrides(events, self.overrides())
        with self.con:
            self.con.executemany("DELETE FROM articles WHERE id = ?", [(a.id,) for a in articles])
            self.con.executemany(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)", [_article_row(a, now) for a in articles]
            )
            self.con.executemany(
                "INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [_event_row(e) for e in events],
            )
            self.con.executemany(
                "INSERT OR IGNORE INTO event_actors VALUES (?,?)", [(e.event_id, a) for e in events for a in e.actors]
            )
            self.con.executemany(
                "INSERT OR IGNORE INTO actors VALUES (?,?,?,?,?,?)",
                [(a.name, a.kind, ";".join(a.aliases), a.affiliation, a.country, "extracted") for a in actors],
            )
            save_event_details(self.con, events)
            self._changed()

    def sync_registry(self, actors: Iterable[Actor]) -> None:
        """Registry actors, so that the filter can show kinds; extracted ones are left as they are."""
        with self.con:
            self.con.executemany(
                "INSERT OR REPLACE INTO actors VALUES (?,?,?,?,?,?)",
                [(a.name, a.kind, ";".join(a.aliases), a.affiliation, a.country, "registry") for a in actors],
            )

    # -- reading ------------------------------------------------------------------------------
    def count(self, table: str = "events") -> int:
        if table not in ("events", "articles", "actors", "event_actors"):
            raise ValueError(table)
        return self.con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def version(self) -> str:
        """Changes whenever events are stored, replaced or re-placed: the cache key for derived views."""
        articles, latest = self.con.execute("SELECT COUNT(*), MAX(ingested_at) FROM articles").fetchone()
        revision = self.con.execute("SELECT COALESCE(MAX(n), 0) FROM revision").fetchone()[0]
        return f"{articles}:{latest}:{self.count('events')}:{revision}"

    def _changed(self) -> None:
        """Count a change to the events (inside the writer's transaction), so that `version` moves."""
        self.con.execute("INSERT INTO revision VALUES (1, 1) ON CONFLICT(id) DO UPDATE SET n = n + 1")

    def events_frame(self) -> pd.DataFrame:
        """Every event with its article's source, url, title and date; `actors` as a list."""
        import pandas as pd  # here, not at the top: ingest, which reads no frame, starts without pandas

        sql = """SELECT e.event_id, e.article_id, a.source, a.url, a.title, a.published, e.event_date, e.date_precision,
                        e.place_name, e.mention, e.latitude, e.longitude, e.geo_precision, e.feature, e.country_code,
                        e.actors, e.activity, e.sentence, e.char_start, e.char_end, e.resolved_by, e.confidence,
                        e.gazetteer_id, e.place_key, COALESCE(d.future, 0) AS future
                 FROM events e JOIN articles a ON a.id = e.article_id
                 LEFT JOIN event_details d ON d.event_id = e.event_id
                 ORDER BY e.event_date, e.article_id, e.char_start"""
        frame = pd.read_sql_query(sql, self.con)
        frame["actors"] = frame["actors"].map(json.loads)
        frame["future"] = frame["future"].astype(bool)
        return frame

    def media_names(self) -> set[str]:
        """Actors that are media: they carry reports, so merging reports leaves them aside."""
        return {name for (name,) in self.con.execute("SELECT name FROM actors WHERE kind = 'media'")}

    def merged_events_frame(self) -> pd.DataFrame:
        """Events with the records of one event from several reports merged, each with its `sources`."""
        from dashboard.merge import merge_events

        return merge_events(self.events_frame(), media=self.media_names())

    VIEW_COLUMNS = (
        "event_id", "article_id", "source", "url", "title", "published", "event_date", "date_precision",
        "place_name", "mention", "latitude", "longitude", "geo_precision", "country_code", "actors", "activity",
        "sentence",
    )  # fmt: skip

    def view_frame(self) -> pd.DataFrame:
        """The columns the dashboard shows, in `events_frame`'s rows and order, loaded a good deal faster.

        SQLite hands each column over as one JSON array (parsed in C), instead of 100k Python row
        tuples; a store whose `actors` field is not valid JSON falls back to reading rows.
        """
        import numpy as np
        import pandas as pd

        source = """SELECT e.event_id, e.article_id, a.source, a.url, a.title, a.published, e.event_date,
                           e.date_precision, e.place_name, e.mention, e.latitude, e.longitude, e.geo_precision,
                           e.country_code, e.actors, e.activity, e.sentence
                    FROM events e JOIN articles a ON a.id = e.article_id
                    ORDER BY e.event_date, e.article_id, e.char_start"""
        arrays = ", ".join(
            "json_group_array(json(actors))" if name == "actors" else f"json_group_array({name})"
            for name in self.VIEW_COLUMNS
        )
        try:
            row = self.con.execute(f"SELECT {arrays} FROM ({source})").fetchone()
            columns = [json.loads(text) for text in row]
        except (sqlite3.OperationalError, ValueError):  # malformed JSON in a row, or no JSON support
            rows = self.con.execute(source).fetchall()
            columns = [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in self.VIEW_COLUMNS]
            at = self.VIEW_COLUMNS.index("actors")
            columns[at] = [_actor_list(v) for v in columns[at]]
        data: dict[str, object] = {}
        for name, values in zip(self.VIEW_COLUMNS, columns, strict=True):
            if name in ("latitude", "longitude"):
                data[name] = np.array(values, dtype=float)  # None becomes NaN
            elif name == "actors":
                data[name] = [v if isinstance(v, list) else [] for v in values]
            else:
                data[name] = pd.array(values, dtype="str")
        return pd.DataFrame(data, columns=list(self.VIEW_COLUMNS))

    def actors_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.read_sql_query(
            "SELECT name, kind, aliases, affiliation, country, origin FROM actors ORDER BY name", self.con
        )

    def article(self, article_id: str) -> dict | None:
        return self._row("SELECT * FROM articles WHERE id = ?", article_id)

    def unresolved(self) -> pd.DataFrame:
        """Mentions nothing could place, with how often each occurs."""
        import pandas as pd

        return pd.read_sql_query(
            "SELECT mention, COUNT(*) AS count FROM events WHERE latitude IS NULL "
            "GROUP BY mention ORDER BY count DESC, mention",
            self.con,
        )

    def guessed(self) -> pd.DataFrame:
        """Mentions no gazetteer knows that were placed only by their article's context (low confidence)."""
        import pandas as pd

        return pd.read_sql_query(
            "SELECT mention, place_name, COUNT(*) AS count FROM events WHERE resolved_by = 'article context' "
            "GROUP BY mention, place_name ORDER BY count DESC, mention",
            self.con,
        )

    # -- `activity-map geocode --retry` (issue 3) ----------------------------------------------
    def unresolved_events(self) -> pd.DataFrame:
        """Events whose place nothing could resolve yet: event_id, article_id, mention."""
        import pandas as pd

        return pd.read_sql_query(
            "SELECT event_id, article_id, mention FROM events WHERE latitude IS NULL ORDER BY article_id, char_start",
            self.con,
        )

    def update_event_place(self, event_id: str, place: Place) -> None:
        """Give a stored event the place a later geocoding attempt found."""
        with self.con:
            self.con.execute(f"UPDATE events SET {_PLACE_SET} WHERE event_id = ?", (*_place_values(place), event_id))
            self._changed()

    # -- analyst corrections (issue 6) --------------------------------------------------------
    def overrides(self) -> dict[str, Place]:
        """place_key -> the analyst's place."""
        rows = self.con.execute("SELECT place_key, place FROM place_overrides").fetchall()
        return {key: Place(**json.loads(place)) for key, place in rows}

    def add_override(self, place_key: str, mention: str, place: Place, note: str = "") -> int:
        """Store a correction and apply it to every stored event with that key; returns how many changed."""
        with self.con:
            self.con.execute(
                "INSERT OR REPLACE INTO place_overrides VALUES (?,?,?,?,?)",
                (place_key, mention, json.dumps(asdict(place), ensure_ascii=False), note, _correction_time()),
            )
            cur = self.con.execute(
                f"UPDATE events SET {_PLACE_SET} WHERE place_key = ?", (*_place_values(place), place_key)
            )
            self._changed()
        return cur.rowcount

    def event(self, event_id: str) -> dict | None:
        """One stored event row (with its `place_key`), or None."""
        return self._row("SELECT * FROM events WHERE event_id = ?", event_id)

    def _row(self, sql: str, *args: object) -> dict | None:
        cur = self.con.execute(sql, args)
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None


_PLACE_SET = (
    "place_name = ?, latitude = ?, longitude = ?, geo_precision = ?, feature = ?, country_code = ?, "
    "gazetteer_id = ?, resolved_by = ?, confidence = ?"
)


def _place_values(place: Place) -> tuple:
    return (
        place.name,
        place.latitude,
        place.longitude,
        place.geo_precision,
        place.feature,
        place.country_code,
        place.gazetteer_id,
        place.resolved_by,
        place.confidence,
    )


def save_event_details(con: sqlite3.Connection, events: list[Event]) -> None:
    """What the events table has no column for (the future flag), inside the caller's transaction."""
    con.executemany(
        "INSERT OR REPLACE INTO event_details (event_id, future) VALUES (?, ?)",
        [(e.event_id, int(e.future)) for e in events],
    )


def _actor_list(value: str | None) -> list[str]:
    try:
        names = json.loads(value) if value else []
    except ValueError:
        return []
    return names if isinstance(names, list) else []


def _article_row(article: Article, now: str) -> tuple:
    return (
        article.id,
        article.content_hash,
        article.url,
        article.source,
        article.title,
        article.published.isoformat() if article.published else None,
        article.text,
        json.dumps(list(article.removed), ensure_ascii=False),
        article.origin,
        now,
    )


def _event_row(e: Event) -> tuple:
    p = e.place
    place = asdict(p) if p else {}
    return (
        e.event_id,
        e.article_id,
        place.get("name"),
        e.mention,
        place.get("latitude"),
        place.get("longitude"),
        place.get("geo_precision"),
        place.get("feature"),
        place.get("country_code"),
        place.get("gazetteer_id"),
        place.get("resolved_by"),
        place.get("confidence"),
        json.dumps(e.actors, ensure_ascii=False),
        e.event_date.isoformat() if isinstance(e.event_date, date) else None,
        e.date_precision,
        e.activity,
        e.sentence,
        e.char_start,
        e.char_end,
        e.place_key or None,
    )


def _correction_time() -> str:
    from dashboard.corrections import now

    return now()
