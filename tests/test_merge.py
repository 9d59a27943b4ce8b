"""One event, many reports: the merge rules on records written for the test."""

from __future__ import annotations

import pandas as pd

from dashboard.merge import MergeRule, cluster, merge_events, merge_records

BENGHAZI = (32.1167, 20.0667)
BENINA = (32.0968, 20.2695)  # the airport, 19 km east of the city centre


def record(article, actors, when="2024-03-05", precision="day", where=BENGHAZI, activity="meeting", **extra):
    return {
        "event_id": f"{article}-{when}-{where[0]}",
        "article_id": article,
        "source": f"source {article}",
        "url": f"https://example.org/{article}",
        "title": "",
        "published": "2024-03-07",
        "event_date": when,
        "date_precision": precision,
        "place_name": "Benghazi",
        "mention": "Benghazi",
        "latitude": where[0],
        "longitude": where[1],
        "geo_precision": "city",
        "actors": list(actors),
        "activity": activity,
        "sentence": f"sentence of {article}",
        "char_start": 0,
        "char_end": 8,
        **extra,
    }


def groups(rows, **kwargs):
    return sorted(sorted(rows[i]["article_id"] for i in g) for g in cluster(rows, **kwargs))


def test_same_actors_place_and_day_from_two_reports_merge():
    rows = [record("a", ["Khalifa Haftar", "Egypt"]), record("b", ["Egypt", "Khalifa Haftar"])]
    assert groups(rows) == [["a", "b"]]


def test_one_report_never_merges_with_itself():
    rows = [record("a", ["Khalifa Haftar"]), record("a", ["Khalifa Haftar"])]
    assert groups(rows) == [["a"], ["a"]]


def test_a_report_naming_fewer_actors_still_merges_but_different_actors_do_not():
    rows = [record("a", ["Khalifa Haftar", "Egypt", "Debka"]), record("b", ["Khalifa Haftar", "Egypt"])]
    assert groups(rows) == [["a", "b"]]
    rows = [record("a", ["Khalifa Haftar", "Egypt"]), record("b", ["Khalifa Haftar", "Russia"])]
    assert groups(rows) == [["a"], ["b"]]


def test_media_that_carried_the_report_do_not_count_as_actors():
    rows = [record("a", ["Khalifa Haftar", "Debka"]), record("b", ["Khalifa Haftar", "Reuters"])]
    assert groups(rows) == [["a"], ["b"]]
    assert groups(rows, media={"Debka", "Reuters"}) == [["a", "b"]]


def test_places_a_few_km_apart_merge_and_farther_ones_do_not():
    near = (BENGHAZI[0] + 0.03, BENGHAZI[1])  # about 3 km north
    assert groups([record("a", ["X"]), record("b", ["X"], where=near)]) == [["a", "b"]]
    assert groups([record("a", ["X"]), record("b", ["X"], where=BENINA)]) == [["a"], ["b"]]
    assert groups([record("a", ["X"]), record("b", ["X"], where=BENINA)], rule=MergeRule(km=25)) == [["a", "b"]]


def test_dates_match_within_the_coarser_precision():
    rows = [record("a", ["X"]), record("b", ["X"], when="2024-03-01", precision="month")]
    assert groups(rows) == [["a", "b"]]
    rows = [record("a", ["X"]), record("b", ["X"], when="2024-02-01", precision="month")]
    assert groups(rows) == [["a"], ["b"]]
    rows = [record("a", ["X"]), record("b", ["X"], when="2024-03-04")]
    assert groups(rows) == [["a"], ["b"]]


def test_undated_reports_match_within_a_day():
    rows = [record("a", ["X"]), record("b", ["X"], when="2024-03-06", precision="none")]
    assert groups(rows) == [["a", "b"]]
    rows = [record("a", ["X"]), record("b", ["X"], when="2024-03-08", precision="none")]
    assert groups(rows) == [["a"], ["b"]]


def test_conflicting_activities_stay_apart_and_unknown_ones_do_not_conflict():
    assert groups([record("a", ["X"]), record("b", ["X"], activity="attack")]) == [["a"], ["b"]]
    assert groups([record("a", ["X"]), record("b", ["X"], activity="other")]) == [["a", "b"]]


def test_records_naming_nobody_merge_only_on_the_same_activity_and_day():
    assert groups([record("a", [], activity="attack"), record("b", [], activity="attack")]) == [["a", "b"]]
    assert groups([record("a", [], activity="other"), record("b", [], activity="other")]) == [["a"], ["b"]]


def test_groups_do_not_chain():
    # a ~ b and b ~ c, but a and c are 16 km apart: c must not join a's event through b.
    mid = (BENGHAZI[0], BENGHAZI[1] + 0.09)
    far = (BENGHAZI[0], BENGHAZI[1] + 0.18)
    rows = [record("a", ["X"]), record("b", ["X"], where=mid), record("c", ["X"], where=far)]
    assert len(cluster(rows)) == 2


def test_a_merged_event_keeps_the_most_precise_record_and_lists_every_source():
    rows = [
        record("a", ["Khalifa Haftar"], when="2024-03-01", precision="month", published="2024-03-06"),
        record("b", ["Khalifa Haftar", "Egypt"], published="2024-03-07"),
    ]
    [event] = merge_records(rows)
    assert (event["event_date"], event["date_precision"]) == ("2024-03-05", "day")
    assert event["actors"] == ["Khalifa Haftar", "Egypt"]
    assert [s["article_id"] for s in event["sources"]] == ["a", "b"]
    assert event["sources"][0]["url"] == "https://example.org/a"


def test_merge_events_on_a_frame_adds_sources():
    frame = pd.DataFrame([record("a", ["X"]), record("b", ["X"]), record("c", ["Y"])])
    merged = merge_events(frame)
    assert len(merged) == 2 and list(merged.columns) == [*frame.columns, "sources"]
    assert sorted(len(s) for s in merged["sources"]) == [1, 2]
    assert merge_events(frame.iloc[0:0]).empty
