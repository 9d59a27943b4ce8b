"""Ingest throughput on the article texts of the evaluation corpora: the whole pipeline beside raw spaCy.

For the same texts it prints: words/s of raw spaCy `nlp.pipe` over the whole texts (every component
the model ships enabled, as spaCy ships them, plus our entity ruler; the pipeline's batch size) in 1
and N processes; which components each side runs (the ingest runs the same ones, with table versions
of the attribute ruler and lemmatizer that give the same annotations); words/s of the whole ingest (read the JSONL,
parse, extract, geocode, store) with 1 and N workers, and its ratio to raw spaCy; the peak resident
memory of the whole process tree (the ingest process and its workers, summed); and how much faster a
re-run over the unchanged reports is than the first run. `--ablate` also shows, per spaCy component,
its share of parse time and how many extracted events change without it.

Every measurement runs in a fresh child process with its own temporary store and geocoding answers.
The texts are written to a temporary JSONL file outside the project, deleted at the end.
Figures are indicative on a shared machine: they say what the load was when they were taken.

    python bench/ingest.py                      # all ~1,100 reports once, 1 and 2 workers
    python bench/ingest.py --repeat 3           # a longer run: the texts three times, as new reports
    python bench/ingest.py --limit 5            # 5 reports per corpus: a smoke run
    python bench/ingest.py --ablate --limit 40  # which spaCy components the results need
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
CORPORA = [
    "geowebnews/geowebnews.normalized.jsonl",
    "lgl/lgl.normalized.jsonl",
    "tr-news/tr-news.normalized.jsonl",
    "geovirus/geovirus.normalized.jsonl",
]
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


# --- the texts -------------------------------------------------------------------------------------


def write_corpus(target: Path, limit: int | None, repeat: int) -> tuple[int, int]:
    """The corpora's reports as one ingest JSONL file; returns (reports, words)."""
    reports = words = 0
    with target.open("w", encoding="utf-8") as out:
        for copy in range(repeat):
            for name in CORPORA:
                with (EVAL / name).open(encoding="utf-8") as handle:
                    for number, line in enumerate(handle):
                        if limit is not None and number >= limit:
                            break
                        record = json.loads(line)
                        date = str(record.get("date") or "")
                        suffix = f"#{copy}" if copy else ""
                        out.write(
                            json.dumps(
                                {
                                    "id": f"{record['dataset']}-{record['doc_id']}{suffix}",
                                    "text": record["text"],
                                    "title": record.get("title") or "",
                                    "url": record.get("url") or "",
                                    "published": date[:10] if _ISO.match(date) else "",
                                }
                            )
                            + "\n"
                        )
                        reports += 1
                        words += len(record["text"].split())
    return reports, words


def read_texts(corpus: Path) -> list[str]:
    with corpus.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


# --- children: one measurement each ----------------------------------------------------------------


def _load_nlp(numpy_blas: bool = True):
    """Raw spaCy: every component the model ships enabled, as it ships them, plus our entity ruler;
    its matrix products as the ingest does them (numpy's BLAS), or with `numpy_blas=False` as thinc
    does them by default (blis)."""
    from dashboard import settings
    from dashboard.extract.nlp import build_pipeline
    from dashboard.pipeline import place_patterns
    from dashboard.pipeline_config import load_registry

    patterns = place_patterns(settings.data_dir() / "places.csv")
    return build_pipeline(
        load_registry().ruler_patterns(), patterns, table_attributes=False, numpy_blas=numpy_blas, repairs=False
    )


def _components(nlp) -> list[str]:
    return [f"{name} ({type(component).__name__})" for name, component in nlp.pipeline]


def _parse(nlp, texts: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) to parse the texts, consuming each Doc as the pipeline would."""
    from dashboard.pipeline_config import NLP_BATCH

    wall, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=NLP_BATCH):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def _parse_share(args: tuple[str, int, int, object]) -> tuple[float, float]:
    """Worker of the raw run: load the model, wait for the others, parse every `step`-th text."""
    corpus, start, step, barrier = args
    nlp = _load_nlp()
    texts = read_texts(Path(corpus))[start::step]
    barrier.wait()  # type: ignore[attr-defined]
    return _parse(nlp, texts)


def child_raw(corpus: Path, processes: int, numpy_blas: bool = True, texts_once: int = 0) -> dict:
    """Raw spaCy, parse time only (model loading excluded): wall time of the slowest process, CPU of all."""
    import multiprocessing

    from dashboard.pipeline_config import NLP_BATCH

    if not numpy_blas:  # a reference figure: the texts once, however often the run repeats them
        texts = read_texts(corpus)[: texts_once or None]
        wall, cpu = _parse(_load_nlp(numpy_blas=False), texts)
        return {"seconds": wall, "cpu": cpu, "words": sum(len(t.split()) for t in texts)}
    if processes == 1:
        from dashboard.pipeline import Pipeline

        nlp = _load_nlp()
        wall, cpu = _parse(nlp, read_texts(corpus))
        ours = Pipeline.create(cache_path=Path(tempfile.mkdtemp()) / "answers.jsonl").nlp
        return {
            "seconds": wall,
            "cpu": cpu,
            "components": _components(nlp),
            "ours": _components(ours),
            "batch": NLP_BATCH,
        }
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(processes)
        with context.Pool(processes) as pool:
            times = pool.map(_parse_share, [(str(corpus), i, processes, barrier) for i in range(processes)])
    return {"seconds": max(w for w, _ in times), "cpu": sum(c for _, c in times)}


def _cpu(who: int) -> float:
    import resource

    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def child_ingest(corpus: Path, db: Path, answers: Path, workers: int) -> dict:
    """The whole ingest, as `activity-map ingest` runs it, timed from the call to its return.

    CPU time counts this process and its (finished) workers, model loading included.
    """
    import resource

    from dashboard.ingest_run import ingest_paths
    from dashboard.pipeline_config import PipelineConfig
    from dashboard.store import Store

    marks: dict[str, float] = {}

    def progress(done: int, total: int, message: str) -> None:
        if done and "first" not in marks:
            marks["first"] = time.perf_counter()

    cpu_self, cpu_children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    with Store(str(db)) as store:
        summary = ingest_paths([corpus], store, PipelineConfig(cache_path=answers), progress, workers=workers)
    ended = time.perf_counter()
    main = _cpu(resource.RUSAGE_SELF) - cpu_self
    return {
        "seconds": ended - began,
        "cpu": main + _cpu(resource.RUSAGE_CHILDREN) - cpu_children,
        "cpu_main": main,
        "first_chunk": marks.get("first", ended) - began,
        "parsed": summary.parsed,
        "stored": summary.stored,
        "unchanged": summary.unchanged,
        "errors": len(summary.errors),
        "workers": summary.workers,
    }


# --- the parent: run children, watch their memory ---------------------------------------------------


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, in KB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            stat = (proc / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            status = (proc / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        pid = int(proc.name)
        children.setdefault(ppid, []).append(pid)
        found = re.search(r"VmRSS:\s+(\d+)", status)
        rss[pid] = int(found.group(1)) if found else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_child(args: list[str], env: dict[str, str]) -> tuple[dict, float]:
    """(the child's JSON result, peak resident memory of its process tree in GB)."""
    command = [sys.executable, __file__, "--child", *args]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            stop.wait(0.1)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = process.communicate()
    stop.set()
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"bench child {' '.join(args)} failed:\n{err}")
    return json.loads(out.strip().splitlines()[-1]), peak / 2**20


def _geocache(folder: Path) -> Path:
    """A fresh geocache folder sharing the project's built gazetteer index."""
    from dashboard import settings
    from dashboard.geocode.gazetteer import ensure_index

    index = ensure_index(settings.geocache_dir(), settings.data_dir() / "places.csv", print)
    folder.mkdir(parents=True)
    (folder / index.name).symlink_to(index)
    return folder


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def bench(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        corpus = work / "reports.jsonl"
        reports, words = write_corpus(corpus, args.limit, args.repeat)
        cores = os.cpu_count()
        print(f"{reports} reports, {words:,} words ({args.repeat}x the article texts of {EVAL})")
        print(f"machine: {cores} cores, load average {_load()} at start (shared: figures are indicative)")
        counts = [int(w) for w in args.workers.split(",")]
        shipped, _ = run_child(["raw-blis", str(corpus), "1", str(reports // args.repeat)], dict(os.environ))
        blis_rate = shipped["words"] / shipped["seconds"]
        print(
            f"raw spaCy nlp.pipe, 1 process, thinc's default blis: {blis_rate:8,.0f} words/s (for reference: "
            "below, spaCy and the ingest both use numpy's BLAS, see dashboard/extract/nlp.py)"
        )

        firsts: dict[int, tuple[float, Path, Path]] = {}
        for workers in counts:  # raw spaCy just before the ingest it is compared with: the load drifts
            raw, _ = run_child(["raw", str(corpus), str(workers)], dict(os.environ))
            if workers == 1:
                print(f"raw spaCy components: {', '.join(raw['components'])}; nlp.pipe batch size {raw['batch']}")
                print(f"ingest's components:  {', '.join(raw['ours'])}")
            print(
                f"raw spaCy nlp.pipe, {workers} process(es): {words / raw['seconds']:8,.0f} words/s, "
                f"{words / raw['cpu']:6,.0f} words per CPU second (parse only, model loading excluded)"
            )
            cache = _geocache(work / f"geocache-{workers}")
            db = work / f"store-{workers}.db"
            env = dict(os.environ, ACTIVITY_MAP_GEOCACHE=str(cache))
            result, peak = run_child(["ingest", str(corpus), str(db), str(cache / "answers.jsonl"), str(workers)], env)
            print(
                f"whole ingest,   {workers} worker(s):   {words / result['seconds']:8,.0f} words/s = "
                f"{raw['seconds'] / result['seconds']:.2f}x raw; {words / result['cpu']:6,.0f} words per CPU second = "
                f"{raw['cpu'] / result['cpu']:.2f}x raw (all processes, model loading included; this process "
                f"{100 * result['cpu_main'] / result['cpu']:.0f}%)"
            )
            print(
                f"    {result['seconds']:.1f} s, first results after {result['first_chunk']:.1f} s; "
                f"{result['stored']} stored, {result['errors']} failed; peak RSS {peak:.2f} GB (all processes)"
            )
            firsts[workers] = (result["seconds"], db, cache)

        workers = max(firsts)
        first, db, cache = firsts[workers]
        env = dict(os.environ, ACTIVITY_MAP_GEOCACHE=str(cache))
        again, _ = run_child(["ingest", str(corpus), str(db), str(cache / "answers.jsonl"), str(workers)], env)
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "dashboard", "ingest", str(corpus), "--db", str(db)],
            env=env,
            check=True,
            capture_output=True,
        )
        cli = time.perf_counter() - began
        print(
            f"re-run over unchanged reports: {again['seconds']:.2f} s ({again['parsed']} parsed, "
            f"{again['unchanged']} unchanged) vs first run {first:.1f} s: {first / again['seconds']:,.0f}x faster; "
            f"as a command including Python start-up: {cli:.2f} s ({first / cli:,.0f}x)"
        )
        print(f"load average at end: {_load()}")
        if args.ablate:
            ablate(corpus)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- which spaCy components the results need ---------------------------------------------------------


def _signature(processed) -> list[tuple]:
    return [
        (
            e.char_start,
            e.char_end,
            e.place.name if e.place else None,
            tuple(e.actors),
            str(e.event_date),
            e.date_precision,
            e.activity,
        )
        for e in processed.events
    ]


def ablate(corpus: Path) -> None:
    from dashboard.ingest.records import read_record
    from dashboard.model import Article
    from dashboard.pipeline import Pipeline
    from dashboard.pipeline_config import NLP_BATCH

    articles = []
    with corpus.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            articles += [a for a in read_record(json.loads(line), str(corpus), number) if isinstance(a, Article)]
    warnings.filterwarnings("ignore", message=r"\[W108\]")  # the lemmatizer, when the tagger is left out
    pipeline = Pipeline.create(cache_path=Path(tempfile.mkdtemp()) / "answers.jsonl")
    nlp = pipeline.nlp
    texts = [a.text for a in articles]
    reference = [_signature(p) for p in pipeline.process(articles)]
    total = sum(len(r) for r in reference)
    print(f"\nablation on {len(articles)} reports, {total} events:")
    docs = [nlp.make_doc(t) for t in texts]
    spent: dict[str, float] = {}
    for name, component in nlp.pipeline:
        began = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=NLP_BATCH))
        spent[name] = time.perf_counter() - began
    whole = sum(spent.values())
    for name in nlp.pipe_names:
        try:
            with nlp.select_pipes(disable=[name]):
                changed = sum(
                    1
                    for ref, p in zip(reference, pipeline.process(articles), strict=True)
                    for _ in set(ref) ^ set(_signature(p))
                )
            verdict = f"{changed} event difference(s) without it"
        except Exception as err:  # noqa: BLE001 - a component others listen to cannot go alone
            verdict = f"cannot go alone ({type(err).__name__})"
        print(f"  {name:16s} {100 * spent[name] / whole:5.1f}% of parse time; {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="reports per corpus file (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="ingest the texts this many times, as new reports")
    parser.add_argument("--workers", default="1,2", help="worker counts to measure (default: %(default)s)")
    parser.add_argument("--ablate", action="store_true", help="also measure which spaCy components can go")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind in ("raw", "raw-blis"):
            once = int(rest[2]) if len(rest) > 2 else 0
            result = child_raw(Path(rest[0]), int(rest[1]), numpy_blas=kind == "raw", texts_once=once)
        else:
            result = child_ingest(Path(rest[0]), Path(rest[1]), Path(rest[2]), int(rest[3]))
        print(json.dumps(result))
        return
    if not EVAL.is_dir():
        raise SystemExit(f"no evaluation corpora at {EVAL}")
    bench(args)


if __name__ == "__main__":
    main()
