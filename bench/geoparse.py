"""Geoparsing accuracy and gazetteer cost on the shared evaluation corpora. Prints a table; asserts nothing.

Reads ../shared/eval/{geowebnews,lgl,tr-news,geovirus}/*.normalized.jsonl. A gold toponym counts when it
has `eval: true` and coordinates; annotations that do not count (no coordinates, or `eval: false`) count
neither way: a predicted span overlapping one is neither a hit nor a false positive.

Per corpus it prints
  (a) resolution with the gold spans given: accuracy within 161 km, median and mean error in km. The spans
      are resolved the way the pipeline resolves mentions: in the context of the article's other mentions
      and actors (`Geoparser.resolve_spans_doc`). An unresolved span counts as 20,038 km (half the globe).
  (b) end to end (`Geoparser.parse_doc`): toponym recognition precision, recall and F1, a predicted span
      matching a gold span when they overlap (one to one), and the hit rate: gold toponyms found with an
      overlapping span *and* resolved within 161 km.
and the gazetteer's cost: index build time, median lookup time, and resident memory the gazetteer adds.

    python bench/geoparse.py --limit 20          # quick: first 20 articles of each corpus
    python bench/geoparse.py                     # everything (a few minutes on 2 cores)
    python bench/geoparse.py --build             # also rebuild the index in a temporary folder, timed
    python bench/geoparse.py --errors /tmp/e.jsonl   # write every miss (far, fp, fn; "miss": found but placed far)
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVAL = ROOT.parent / "shared" / "eval"
if not EVAL.exists():
    EVAL = Path("/work/shared/eval")
CORPORA = ("geowebnews", "lgl", "tr-news", "geovirus")
KM = 161.0
HALF_GLOBE_KM = 20038.0


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def load(corpus: str, limit: int | None) -> list[dict]:
    folder = EVAL / corpus
    rows: list[dict] = []
    for path in sorted(folder.glob("*.normalized.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    return rows
    return rows


def counts(toponym: dict) -> bool:
    return bool(toponym.get("eval")) and toponym.get("lat") is not None and toponym.get("lon") is not None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def gazetteer_cost(names: list[str], build: bool) -> dict[str, float]:
    """Build time (a fresh build when asked, else the one recorded in the index), lookup median, RSS added."""
    before = rss_mb()
    from dashboard import settings
    from dashboard.geocode.gazetteer import Gazetteer, ensure_index

    places_csv = settings.data_dir() / "places.csv"
    index = ensure_index(settings.geocache_dir(), places_csv, progress=lambda m: print(m, file=sys.stderr))
    out: dict[str, float] = {}
    if build:
        import subprocess

        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            target = Path(tmp) / index.name
            command = [sys.executable, "-m", "dashboard.geocode.gazetteer", str(target), str(places_csv)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            out["build_s"] = time.perf_counter() - started
            out["index_mb"] = target.stat().st_size / 2**20
    else:
        gaz = Gazetteer(index)
        out["build_s"] = float(gaz.meta().get("built_seconds", "nan"))
        out["index_mb"] = index.stat().st_size / 2**20
        gaz.close()
    from dashboard.geocode.query import PlaceQuery
    from dashboard.geocode.resolve import Resolver

    gazetteer = Gazetteer(index)
    resolver = Resolver(gazetteer)
    sample = random.Random(7).sample(names, min(2000, len(names)))
    timings = []
    for name in sample:
        started = time.perf_counter()
        gazetteer.lookup(name)
        timings.append(time.perf_counter() - started)
    out["lookup_ms"] = statistics.median(timings) * 1000
    out["lookup_p95_ms"] = sorted(timings)[int(len(timings) * 0.95)] * 1000
    started = time.perf_counter()
    for name in sample[:500]:
        resolver.resolve([PlaceQuery(name, name)])
    out["resolve_ms"] = (time.perf_counter() - started) * 1000 / min(500, len(sample))
    out["rss_added_mb"] = rss_mb() - before
    return out


def evaluate(corpus: str, rows: list[dict], geoparser, errors) -> dict[str, float]:
    from dashboard.geocode.query import haversine_km

    dists: list[float] = []
    tp = fp = fn = hits = 0
    docs = geoparser.nlp.pipe((row["text"] for row in rows), batch_size=16)
    for row, doc in zip(rows, docs, strict=True):
        gold = [t for t in row["toponyms"] if counts(t)]
        neutral = [(t["start"], t["end"]) for t in row["toponyms"] if not counts(t)]
        # (a) gold spans given
        url = row.get("url") or row.get("domain") or ""  # the report's address: its publisher's country
        places = geoparser.resolve_spans_doc(doc, [(t["start"], t["end"]) for t in gold], url)
        for t, place in zip(gold, places, strict=True):
            km = haversine_km(t["lat"], t["lon"], place.latitude, place.longitude) if place else HALF_GLOBE_KM
            dists.append(km)
            if km > KM and errors is not None:
                errors.write(
                    json.dumps(
                        {
                            "corpus": corpus,
                            "kind": "far",
                            "doc": row["doc_id"],
                            "phrase": t["phrase"],
                            "gold": [t["lat"], t["lon"], t.get("type"), t.get("name"), t.get("country")],
                            "got": [
                                place.name,
                                place.latitude,
                                place.longitude,
                                place.country_code,
                                place.feature,
                                place.resolved_by,
                            ]
                            if place
                            else None,
                            "km": round(km),
                            "context": row["text"][max(0, t["start"] - 80) : t["end"] + 80].replace("\n", " "),
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        # (b) end to end
        found = geoparser.parse_doc(doc, url)
        matched: set[int] = set()
        for top in found:
            span = (top.start, top.end)
            match = next(
                (i for i, t in enumerate(gold) if i not in matched and overlaps(span, (t["start"], t["end"]))), None
            )
            if match is None:
                if not any(overlaps(span, n) for n in neutral) and not any(
                    overlaps(span, (t["start"], t["end"])) for t in gold
                ):
                    fp += 1
                    if errors is not None:
                        errors.write(json.dumps({"corpus": corpus, "kind": "fp", "phrase": top.text}) + "\n")
                continue
            matched.add(match)
            tp += 1
            t = gold[match]
            if top.place and haversine_km(t["lat"], t["lon"], top.place.latitude, top.place.longitude) <= KM:
                hits += 1
            elif errors is not None:  # found, but placed too far (or not at all): a miss of the hit rate only
                got = [top.place.name, top.place.country_code] if top.place else None
                around = row["text"][max(0, t["start"] - 60) : t["end"] + 60].replace("\n", " ")
                errors.write(
                    json.dumps({"corpus": corpus, "kind": "miss", "phrase": top.text, "got": got, "context": around})
                    + "\n"
                )
        fn += len(gold) - len(matched)
        if errors is not None:
            for i, t in enumerate(gold):
                if i not in matched:
                    around = row["text"][max(0, t["start"] - 60) : t["end"] + 60].replace("\n", " ")
                    errors.write(
                        json.dumps({"corpus": corpus, "kind": "fn", "phrase": t["phrase"], "context": around}) + "\n"
                    )
    n = len(dists)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "articles": len(rows),
        "toponyms": n,
        "acc161": sum(d <= KM for d in dists) / n if n else 0.0,
        "median_km": statistics.median(dists) if n else 0.0,
        "mean_km": statistics.fmean(dists) if n else 0.0,
        "unresolved": sum(d == HALF_GLOBE_KM for d in dists),
        "P": precision,
        "R": recall,
        "F1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "hit161": hits / n if n else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N articles of each corpus")
    parser.add_argument("--corpus", action="append", choices=CORPORA, help="only this corpus (repeatable)")
    parser.add_argument("--build", action="store_true", help="rebuild the index in a temporary folder, timed")
    parser.add_argument("--errors", help="write the misses to this JSONL file (far, fp, fn; miss: found, placed far)")
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"no evaluation data at {EVAL}", file=sys.stderr)
        return 0
    corpora = {c: load(c, args.limit) for c in args.corpus or CORPORA}
    names = sorted({t["phrase"] for rows in corpora.values() for r in rows for t in r["toponyms"] if counts(t)})
    cost = gazetteer_cost(names, args.build)

    from dashboard.geocode.geoparse import Geoparser

    with tempfile.TemporaryDirectory() as tmp:
        geoparser = Geoparser.create(cache_path=Path(tmp) / "answers.jsonl")
        errors = open(args.errors, "w", encoding="utf-8") if args.errors else None  # noqa: SIM115
        results = {}
        started = time.perf_counter()
        for corpus, rows in corpora.items():
            results[corpus] = evaluate(corpus, rows, geoparser, errors)
            print(f"  {corpus}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if errors:
            errors.close()

    print()
    print(f"Geoparsing on {EVAL}" + (f" (first {args.limit} articles of each corpus)" if args.limit else ""))
    head = (
        f"{'corpus':<11} {'docs':>5} {'gold':>5} | {'acc@161':>7} {'median km':>9} {'mean km':>8} {'unres':>5} |"
        f" {'P':>5} {'R':>5} {'F1':>5} {'hit@161':>7}"
    )
    print(head)
    print("-" * len(head))
    for corpus, r in results.items():
        print(
            f"{corpus:<11} {r['articles']:>5} {r['toponyms']:>5} | {r['acc161']:>7.3f} {r['median_km']:>9.1f} "
            f"{r['mean_km']:>8.0f} {r['unresolved']:>5} | {r['P']:>5.3f} {r['R']:>5.3f} {r['F1']:>5.3f} "
            f"{r['hit161']:>7.3f}"
        )
    print("(a) acc@161/median/mean: gold spans given; (b) P/R/F1 with overlapping spans; hit@161: span and <=161 km")
    print()
    print(
        f"Gazetteer: index {cost['index_mb']:.0f} MB built in {cost['build_s']:.1f} s"
        f"{' (fresh build)' if args.build else ' (as recorded at build time)'}; "
        f"lookup median {cost['lookup_ms']:.3f} ms (p95 {cost['lookup_p95_ms']:.3f} ms); "
        f"one-mention resolve {cost['resolve_ms']:.2f} ms; RSS added {cost['rss_added_mb']:.0f} MB "
        f"(2 shared cores: indicative)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
