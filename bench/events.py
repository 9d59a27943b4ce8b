"""Who, when and where against labelled news: dates, actors, places and merging. Prints figures; asserts nothing.

Two sources under ../shared/eval (read here only, never copied into the project):

- mena-timelines: the Libya entries (topics crisis-libya, tl17-libya), each a few sentences with the date
  it is filed under. Each entry is run as a report. By default it is "published" on its label date (a
  timeline entry is written for its day), so relative expressions resolve against it; `--published none`
  runs them without a date. Printed: how many entries give events, dates, actors and places; for events
  dated from their own words (precision other than "none"), how many fall on the label's day and month;
  the precisions; the actors most found and how many came from the registry; and how merging across
  entries behaves: entries of the same day from different agencies often tell one event, so merged
  groups spanning one label date are the plausible merges and groups spanning several dates the doubtful
  ones.
- UCDP GED sample: every row with a `source_headline`; each headline is a report published on its
  `source_date`. Printed: dates found, how many fall within [date_start, date_end] and in date_start's
  month; side_a / side_b found among the actors (by registry name, alias, or "Government of X" -> X);
  the distance from the nearest located event to the UCDP coordinates (median, within 25/50/161 km).

    python bench/events.py --limit 50        # quick: first 50 of each
    python bench/events.py                   # everything (about a minute on 2 cores)
    python bench/events.py --only ucdp       # one source
    python bench/events.py --examples 20     # also print what was found, to judge it by eye
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVAL = ROOT.parent / "shared" / "eval"
if not EVAL.exists():
    EVAL = Path("/work/shared/eval")
TIMELINES = EVAL / "mena-timelines" / "timelines.normalized.jsonl"
UCDP = EVAL / "ucdp-ged-sample" / "ucdp_ged_v23_sample1000.csv"


def pct(part: int, whole: int) -> str:
    return f"{part:5d}/{whole:<5d} {100 * part / whole:5.1f}%" if whole else f"{part:5d}/0"


def load_timelines(limit: int | None) -> list[dict]:
    rows = []
    with TIMELINES.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if "libya" in row["topic"]:
                rows.append(row)
    return rows[:limit] if limit else rows


def load_ucdp(limit: int | None) -> list[dict]:
    """UCDP rows with a headline; each headline paired with its own source date."""
    rows = []
    with UCDP.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            headlines = [h.strip() for h in (row.get("source_headline") or "").split(";")]
            dates = [d.strip() for d in (row.get("source_date") or "").split(";")]
            pairs = [(h, dates[i] if i < len(dates) else "") for i, h in enumerate(headlines) if h and h != "NA"]
            if pairs:
                rows.append({**row, "pairs": pairs})
    return rows[:limit] if limit else rows


def as_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def run(pipeline, articles):
    return list(pipeline.process(articles))


def bench_timelines(pipeline, limit: int | None, published_mode: str, examples: int = 0) -> None:
    from dashboard.merge import cluster
    from dashboard.model import Article

    rows = load_timelines(limit)
    articles = [
        Article(
            id=f"tl{i}",
            text=row["text"],
            published=as_date(row["date"]) if published_mode == "label" else None,
            source=row["timeline_source"],
        )
        for i, row in enumerate(rows)
    ]
    started = time.perf_counter()
    results = run(pipeline, articles)
    elapsed = time.perf_counter() - started
    labels = {f"tl{i}": as_date(row["date"]) for i, row in enumerate(rows)}
    events = [e for r in results for e in r.events]
    with_events = sum(1 for r in results if r.events)
    with_actors = sum(1 for r in results if any(e.actors for e in r.events))
    located = [e for e in events if e.place is not None]
    dated = [e for e in events if e.date_precision != "none" and e.event_date]
    same_day = sum(1 for e in dated if e.event_date == labels[e.article_id])
    same_month = sum(
        1
        for e in dated
        if (e.event_date.year, e.event_date.month) == (labels[e.article_id].year, labels[e.article_id].month)
    )
    entries_dated = len({e.article_id for e in dated})
    precisions = Counter(e.date_precision for e in events)
    activities = Counter(e.activity for e in events)
    actor_counts = Counter(a for e in events for a in e.actors)
    registered = sum(c for a, c in actor_counts.items() if a in pipeline.registry.actors)
    new_actors = Counter(a for r in results for a in r.new_actors)
    print(f"\n== mena-timelines, Libya entries (published = {published_mode}) ==")
    print(f"entries                       {len(rows)}   ({elapsed:.1f} s, indicative: 2 shared cores)")
    print(f"entries with an event         {pct(with_events, len(rows))}")
    print(f"entries with an actor         {pct(with_actors, len(rows))}")
    print(f"events                        {len(events)}   located: {pct(len(located), len(events))}")
    in_libya = sum(1 for e in located if e.place.country_code == "LY")
    print(f"located events in Libya       {pct(in_libya, len(located))}")
    print(f"entries dated from the text   {pct(entries_dated, len(rows))}")
    print(f"events dated from the text    {pct(len(dated), len(events))}")
    print(f"  ... on the label's day      {pct(same_day, len(dated))}")
    print(f"  ... in the label's month    {pct(same_month, len(dated))}")
    if examples:
        print("examples of dates from the text: label | found (precision) | sentence")
        for e in dated[:examples]:
            print(f"  {labels[e.article_id]} | {e.event_date} ({e.date_precision}) | {e.sentence[:90]}")
    print(f"precisions                    {dict(precisions.most_common())}")
    print(f"future events                 {sum(1 for e in events if e.future)}")
    print(f"activities                    {dict(activities.most_common())}")
    total_mentions = sum(actor_counts.values())
    print(f"actor mentions from registry  {pct(registered, total_mentions)}")
    print(f"top actors                    {', '.join(f'{a} ({c})' for a, c in actor_counts.most_common(15))}")
    print(f"new actors (top)              {', '.join(f'{a} ({c})' for a, c in new_actors.most_common(15))}")
    # Merging across entries: same-day entries from different agencies are the ones that may merge.
    records = [
        {
            "article_id": e.article_id,
            "actors": e.actors,
            "event_date": e.event_date,
            "date_precision": e.date_precision,
            "published": articles[int(e.article_id[2:])].published,
            "activity": e.activity,
            "latitude": e.place.latitude if e.place else None,
            "longitude": e.place.longitude if e.place else None,
            "geo_precision": e.place.geo_precision if e.place else "",
            "place_name": e.place.name if e.place else None,
            "mention": e.mention,
        }
        for e in events
    ]
    groups = [g for g in cluster(records) if len(g) > 1]
    one_date = sum(1 for g in groups if len({labels[records[i]["article_id"]] for i in g}) == 1)
    print(
        f"merged events                 {len(events)} records -> {len(events) - sum(len(g) - 1 for g in groups)} events"
    )
    print(f"  merged groups, one label date  {pct(one_date, len(groups))}   (the rest span several label dates)")


def side_found(side: str, actors: set[str], registry, lenient: bool = False) -> bool:
    """Whether a UCDP side is among the actors: by name or registry alias, "Government of X" by X.

    `lenient` also accepts another transliteration ("Taleban" / "Taliban", by consonant skeleton).
    """
    from dashboard.extract.actors import name_skeleton

    side = side.split("(")[0].strip()
    if not side or side == "NA":
        return False
    if side.lower().startswith("government of "):
        side = side[len("government of ") :]
    if side in actors or side.casefold() in {a.casefold() for a in actors}:
        return True
    actor = registry.match(side)
    if actor is not None and actor.name in actors:
        return True
    if lenient:
        key = name_skeleton(side)
        return len(key) >= 3 and any(name_skeleton(a) == key for a in actors)
    return False


def bench_ucdp(pipeline, limit: int | None, examples: int = 0) -> None:
    from dashboard.geocode.query import haversine_km
    from dashboard.model import Article

    rows = load_ucdp(limit)
    articles, owner = [], []
    for i, row in enumerate(rows):
        for j, (headline, published) in enumerate(row["pairs"]):
            articles.append(Article(id=f"u{i}-{j}", text=headline, published=as_date(published)))
            owner.append(i)
    started = time.perf_counter()
    results = run(pipeline, articles)
    elapsed = time.perf_counter() - started
    per_row: dict[int, list] = {}
    for index, result in zip(owner, results, strict=True):
        per_row.setdefault(index, []).extend(result.events)
    dated = in_range = in_month = side_a = side_b = loose_a = loose_b = located = 0
    distances, shown = [], []
    for i, row in enumerate(rows):
        events = per_row.get(i, [])
        start, end = as_date(row["date_start"]), as_date(row["date_end"])
        text_dates = [e.event_date for e in events if e.date_precision != "none" and e.event_date]
        if text_dates:
            dated += 1
            when = text_dates[0]
            in_range += bool(start and end and start <= when <= end)
            in_month += bool(start and (when.year, when.month) == (start.year, start.month))
        actors = {a for e in events for a in e.actors}
        side_a += side_found(row["side_a"], actors, pipeline.registry)
        side_b += side_found(row["side_b"], actors, pipeline.registry)
        loose_a += side_found(row["side_a"], actors, pipeline.registry, lenient=True)
        loose_b += side_found(row["side_b"], actors, pipeline.registry, lenient=True)
        if examples and len(shown) < examples and actors:
            shown.append(f"  {row['side_a']} | {row['side_b']} || {sorted(actors)} || {row['pairs'][0][0][:70]}")
        points = [e.place for e in events if e.place is not None]
        if points:
            located += 1
            lat, lon = float(row["latitude"]), float(row["longitude"])
            distances.append(min(haversine_km(lat, lon, p.latitude, p.longitude) for p in points))
    n = len(rows)
    print("\n== UCDP GED sample, rows with source headlines ==")
    print(f"rows / headlines              {n} / {len(articles)}   ({elapsed:.1f} s, indicative: 2 shared cores)")
    print(f"rows with an event            {pct(sum(1 for i in range(n) if per_row.get(i)), n)}")
    print(f"rows dated from the headline  {pct(dated, n)}")
    print(f"  ... within date_start..end  {pct(in_range, dated)}")
    print(f"  ... in date_start's month   {pct(in_month, dated)}")
    print(f"side_a among the actors       {pct(side_a, n)}   any spelling: {pct(loose_a, n)}")
    print(f"side_b among the actors       {pct(side_b, n)}   any spelling: {pct(loose_b, n)}")
    print(f"rows with a located event     {pct(located, n)}")
    if distances:
        print(f"distance to UCDP point (km)   median {statistics.median(distances):.0f}")
        for km in (25, 50, 161):
            print(f"  ... within {km:3d} km          {pct(sum(1 for d in distances if d <= km), len(distances))}")
    if shown:
        print("examples: side_a | side_b || actors found || headline")
        print("\n".join(shown))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="first N entries / rows of each source")
    parser.add_argument("--only", choices=("timelines", "ucdp"), help="run one source")
    parser.add_argument("--published", choices=("label", "none"), default="label", help="timeline entries' date")
    parser.add_argument("--examples", type=int, default=0, metavar="N", help="print N examples of what was found")
    args = parser.parse_args(argv)
    if not EVAL.exists():
        print(f"no evaluation data at {EVAL}", file=sys.stderr)
        return 2
    from dashboard.pipeline import Pipeline

    with tempfile.TemporaryDirectory() as scratch:  # geocoding answers stay out of the project
        pipeline = Pipeline.create(cache_path=Path(scratch) / "answers.jsonl", progress=print)
        if args.only in (None, "timelines"):
            bench_timelines(pipeline, args.limit, args.published, args.examples)
        if args.only in (None, "ucdp"):
            bench_ucdp(pipeline, args.limit, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
