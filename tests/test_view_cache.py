"""The dashboard's view file: the same events as SQLite gives, never stale, and never in the way."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from dashboard import view_cache
from dashboard.filters import PLACE_NUMBER, place_numbers, prepare
from dashboard.model import Article, Event, Place
from dashboard.store import Store


def _report(n: int, place: Place, actors: list[str]) -> tuple[Article, list[Event]]:
    article = Article(id=f"r{n}", text=f"Report {n}.", title=f"Report {n}", published=date(2024, 5, n), url="")
    event = Event(
        event_id=f"r{n}-e",
        article_id=article.id,
        sentence=f"Report {n} about {place.name}.",
        mention=place.name,
        char_start=0,
        char_end=len(place.name),
        place=place,
        actors=actors,
        event_date=date(2024, 5, n),
        date_precision="day",
    )
    return article, [event]


HILLTOWN = Place("Hilltown", 10.0, 20.0, "city", "city", "AA")
RIVERSIDE = Place("Riverside", -5.5, 30.25, "city", "city", "BB")


def _store(tmp_path) -> Store:
    store = Store(str(tmp_path / "events.db"))
    store.save(*_report(1, HILLTOWN, ["Blue Party", "Red Army"]))
    store.save(*_report(2, RIVERSIDE, []))
    return store


def test_the_view_file_gives_what_sqlite_gives_and_is_then_used(tmp_path, monkeypatch):
    with _store(tmp_path) as store:
        first = view_cache.prepared_events(store)
        path = view_cache.cache_path(store)
        assert path is not None and path.exists()
        expected = prepare(store.view_frame())
        monkeypatch.setattr(Store, "view_frame", lambda self: (_ for _ in ()).throw(AssertionError("read SQLite")))
        again = view_cache.prepared_events(store)  # from the file: SQLite is not read
    for frame in (first, again):
        pd.testing.assert_frame_equal(frame, expected, check_dtype=False)
    assert again["actors"].tolist() == [["Blue Party", "Red Army"], []]


def test_a_new_report_or_a_correction_makes_the_file_old(tmp_path):
    with _store(tmp_path) as store:
        assert len(view_cache.prepared_events(store)) == 2
        before = store.version()
        store.save(*_report(3, HILLTOWN, ["Red Army"]))
        assert store.version() != before and len(view_cache.prepared_events(store)) == 3
        before = store.version()
        moved = Place("Hilltown", 11.0, 21.0, "city", "analyst point", "AA")
        store.update_event_place("r1-e", moved)  # what `geocode --retry` and corrections do
        assert store.version() != before
        frame = view_cache.prepared_events(store)
        assert frame.loc[frame["event_id"] == "r1-e", "latitude"].item() == 11.0


def test_an_unreadable_or_unwritable_view_file_falls_back_to_sqlite(tmp_path):
    with _store(tmp_path) as store:
        path = view_cache.cache_path(store)
        path.write_bytes(b"not an arrow file")
        assert len(view_cache.prepared_events(store)) == 2  # and the file is rewritten
        assert view_cache.prepared_events(store)["event_id"].tolist() == ["r1-e", "r2-e"]
        path.unlink()
        path.mkdir()  # a name the file cannot take
        assert len(view_cache.prepared_events(store)) == 2


def test_place_numbers_group_events_by_name_point_and_precision():
    frame = pd.DataFrame(
        {
            "place_name": ["A", "A", "A", "B", "A", None],
            "latitude": [1.0, 1.000001, 1.0, 1.0, 1.0, np.nan],
            "longitude": [2.0, 2.0, 2.0, 2.0, 2.0, 3.0],
            "geo_precision": ["city", "city", "region", "city", None, "city"],
        }
    )
    numbers = place_numbers(frame)
    assert numbers[0] == numbers[1]  # the same point to five decimals
    assert len({numbers[0], numbers[2], numbers[3]}) == 3  # another precision, another name
    assert numbers[4] == numbers[0]  # no precision reads as a town
    assert numbers[5] == -1  # no point: no place on the map
    assert (prepare(frame)[PLACE_NUMBER].to_numpy() == numbers).all()
