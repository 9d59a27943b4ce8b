"""`activity-map`: ingest reports, export events, list unresolved places, serve the dashboard."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from dashboard import settings
from dashboard.export import FORMATS, write
from dashboard.filters import EventFilter, apply_filter
from dashboard.ingest_run import COMMIT_EVERY, IngestSummary, ingest_paths
from dashboard.store import Store


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (use YYYY-MM-DD)") from err


class ConsoleProgress:
    """A progress bar with reports/s and time left on a terminal; nothing otherwise (the summary says it all)."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.started: float | None = None
        self.shown = False

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.stream.isatty():
            return
        now = time.monotonic()
        if done == 0 or self.started is None:
            self.started = now
            self.stream.write(f"\r{message} ...\033[K")
            self.stream.flush()
            return
        self.stream.write("\r" + progress_line(done, total, now - self.started, message) + "\033[K")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
        self.shown = True


def progress_line(done: int, total: int, elapsed: float, message: str = "", width: int = 24) -> str:
    """`[#####.....] 120/1100 reports  9.8/s  ETA 1m40s  title`: the rate is over the whole run so far."""
    filled = int(width * done / total) if total else width
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate else 0.0
    eta = f"{int(left // 60)}m{int(left % 60):02d}s" if rate else "--"
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} reports {rate:5.1f}/s ETA {eta} {message[:40]}"


def _pipeline_factory(geocoder: str | None):
    from dashboard.pipeline_config import PipelineConfig

    return PipelineConfig(online_geocoder=geocoder)


def cmd_ingest(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise ValueError("--workers must be at least 1")
    started = time.monotonic()
    with Store(args.db) as store:
        summary: IngestSummary = ingest_paths(
            args.paths,
            store,
            _pipeline_factory(args.geocoder),
            ConsoleProgress(),
            workers=args.workers,
            commit_every=args.commit_every,
        )
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in summary.errors:
        print(f"error: {error}", file=sys.stderr)
    elapsed = time.monotonic() - started
    workers = f", {summary.workers} worker(s)" if summary.workers else ""
    print(f"{summary.line()} ({summary.parsed} parsed in {elapsed:.1f} s{workers})")
    if summary.interrupted:
        return 130
    return 1 if summary.failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        frame = store.events_frame()
    frame = apply_filter(frame, EventFilter(tuple(args.actor or ()), args.since, args.until, args.q or ""))
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = write(frame, args.format, out)
        print(f"{count} event(s) written to {args.output}", file=sys.stderr)
    else:
        write(frame, args.format, sys.stdout)
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        table = store.unresolved()
    if table.empty:
        print("every place mention is resolved")
        return 0
    for row in table.itertuples():
        print(f"{row.count:6d}  {row.mention}")
    print(f"{len(table)} unresolved name(s), {int(table['count'].sum())} mention(s)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    app = Path(__file__).with_name("app.py")
    env = dict(os.environ, ACTIVITY_MAP_DB=args.db)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.host,
        "--server.enableStaticServing",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.headless",
        "true" if args.headless else "false",
        "--server.fileWatcherType",
        "none",
    ]
    print(f"Activity Map on http://{args.host}:{args.port}  (store: {args.db})", file=sys.stderr)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="activity-map", description="Who did what, where and when, from news reports."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", default=settings.db_url(), help="store path or sqlite:/// URL (default: %(default)s)")
        return p

    ingest = with_db(sub.add_parser("ingest", help="read reports into the store (files, folders or globs)"))
    ingest.add_argument("paths", nargs="+", help=".txt .html .jsonl .csv .rss/.xml files, folders or globs")
    ingest.add_argument(
        "--geocoder",
        default=settings.get("geocoder"),
        help="'offline' (default) or an online geopy service such as 'nominatim' (opt-in, cached)",
    )
    ingest.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes that run the language model in parallel (default: the machine's cores, %(default)s)",
    )
    ingest.add_argument(
        "--commit-every",
        type=int,
        default=COMMIT_EVERY,
        metavar="N",
        help="reports per store transaction (default: %(default)s; at least every 2 s)",
    )
    ingest.set_defaults(func=cmd_ingest)

    export = with_db(sub.add_parser("export", help="write the stored events (all, or filtered)"))
    export.add_argument("--format", choices=FORMATS, default="jsonl")
    export.add_argument("--actor", action="append", help="events involving this actor (repeatable: any of them)")
    export.add_argument("--since", type=_date_arg, help="events on or after this date (YYYY-MM-DD)")
    export.add_argument("--until", type=_date_arg, help="events on or before this date (YYYY-MM-DD)")
    export.add_argument("--q", help="text the sentence, place or actors contain")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)

    places = with_db(sub.add_parser("places", help="list place mentions nothing could resolve"))
    places.add_argument("--unresolved", action="store_true", default=True, help="(the default listing)")
    places.set_defaults(func=cmd_places)

    serve = with_db(
        sub.add_parser("serve", help="start the dashboard; an empty store is filled from data/reports first")
    )
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--headless", action="store_true", help="do not open a browser")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ValueError as err:  # bad store URL, bad data file: a message, not a traceback
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `activity-map export | head`
        sys.stderr.close()
        return 0
