"""`activity-map`: ingest reports, export events, list unresolved places, serve the dashboard."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from dashboard import settings
from dashboard.export import FORMATS, write
from dashboard.ingest_run import COMMIT_EVERY, IngestSummary, ingest_paths
from dashboard.store import Store

if TYPE_CHECKING:
    from dashboard.state import ViewState

# The commands import what needs pandas (filters, snapshots) when they run: `ingest`, which a feed runs
# again and again, starts without it.


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


def _view_from_args(args: argparse.Namespace) -> ViewState:
    from dashboard.state import ViewState

    return ViewState(actors=tuple(args.actor or ()), date_from=args.since, date_to=args.until, q=args.q or "")


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard.filters import apply_filter

    with Store(args.db) as store:
        frame = store.events_frame()
        media = store.media_names()  # media report events; they do not keep reports of one event apart
    frame = apply_filter(frame, _view_from_args(args).to_filter())
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = write(frame, args.format, out, media)
        print(f"{count} event(s) written to {args.output}", file=sys.stderr)
    else:
        write(frame, args.format, sys.stdout, media)
    return 0


def cmd_snapshot_create(args: argparse.Namespace) -> int:
    from dashboard import snapshots
    from dashboard.filters import apply_filter

    view = _view_from_args(args)
    with Store(args.db) as store:
        frame = apply_filter(store.events_frame(), view.to_filter())
        snapshot_id = snapshots.create(store.con, view, frame, args.title)
    print(snapshot_id)
    print(f"{args.base_url.rstrip('/')}/?{urlencode({'snapshot': snapshot_id})}")
    print(f"{len(frame)} event(s) frozen", file=sys.stderr)
    return 0


def cmd_snapshot_export(args: argparse.Namespace) -> int:
    from dashboard import snapshots
    from dashboard.views.standalone import snapshot_html

    with Store(args.db) as store:
        snap = snapshots.load(store.con, args.id)
    if snap is None:
        print(f"error: no snapshot with id {args.id!r} in {args.db}", file=sys.stderr)
        return 1
    page = snapshot_html(snap.events, snap.view, snap.title, snap.created_at, snap.id)
    Path(args.html).write_text(page, encoding="utf-8")
    print(f"snapshot {snap.id} ({len(snap.events)} event(s)) written to {args.html}", file=sys.stderr)
    return 0


def cmd_snapshot_list(args: argparse.Namespace) -> int:
    from dashboard import snapshots

    with Store(args.db) as store:
        table = snapshots.listing(store.con)
    for row in table.itertuples():
        print(f"{row.id}  {row.created_at}  {row.event_count:6d} event(s)  {row.title or ''}  ?{row.view}")
    return 0


def _stored_event(store: Store, event_id: str) -> dict:
    event = store.event(event_id)
    if event is None:
        raise ValueError(f"no event with id {event_id!r} in {store.path}")
    if not event.get("place_key"):
        raise ValueError(f"event {event_id} was stored before corrections existed; ingest its report again")
    return event


def cmd_candidates(args: argparse.Namespace) -> int:
    from dashboard.corrections import candidates_for
    from dashboard.pipeline import Pipeline

    with Store(args.db) as store:
        event = _stored_event(store, args.event_id)
    resolver = Pipeline.create().resolver
    print(f"{event['mention']!r} is now {event['place_name']} ({event['latitude']}, {event['longitude']})")
    for number, place in enumerate(candidates_for(resolver, event["place_key"]), start=1):
        where = f"{place.latitude:.4f}, {place.longitude:.4f}"
        print(f"{number:3d}. {place.name} [{place.feature}, {place.country_code or '-'}] {where}")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from dashboard.corrections import analyst_place, candidates_for
    from dashboard.model import Place

    with Store(args.db) as store:
        event = _stored_event(store, args.event_id)
        if args.candidate is not None:
            from dashboard.pipeline import Pipeline

            choices = candidates_for(Pipeline.create().resolver, event["place_key"])
            if not 1 <= args.candidate <= len(choices):
                raise ValueError(f"choose a candidate from 1 to {len(choices)} (see `activity-map candidates`)")
            place = choices[args.candidate - 1]
        elif args.lat is not None and args.lon is not None:
            if not (-90 <= args.lat <= 90 and -180 <= args.lon <= 180):
                raise ValueError("latitude must be within -90..90 and longitude within -180..180")
            place = Place(args.name or event["mention"], args.lat, args.lon, args.precision, "analyst point")
        else:
            raise ValueError("give --candidate N, or --lat and --lon")
        changed = store.add_override(event["place_key"], event["mention"], analyst_place(place), args.note or "")
    print(f"{event['mention']!r} -> {place.name} ({place.latitude}, {place.longitude}); {changed} event(s) updated")
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        table = store.unresolved()
        guessed = store.guessed()
    for row in table.itertuples():
        print(f"{row.count:6d}  {row.mention}")
    if table.empty:
        print("every place mention is resolved")
    else:
        print(f"{len(table)} unresolved name(s), {int(table['count'].sum())} mention(s)")
    if not guessed.empty:  # unknown names placed at their article's main town: worth an analyst's look
        for row in guessed.itertuples():
            print(f"{row.count:6d}  {row.mention}  ~ guessed at {row.place_name} (article context)")
        print(f"{len(guessed)} unknown name(s) placed only by their article's context")
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    if not args.retry:
        print("nothing to do: `activity-map geocode --retry` tries the unresolved place mentions again")
        return 0
    from dashboard.geocode.retry import retry_unresolved

    with Store(args.db) as store:
        if store.unresolved_events().empty:
            print("every place mention is resolved")
            return 0
        summary = retry_unresolved(store, _pipeline_factory(args.geocoder)())
    print(summary.line())
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
    sys.stderr.flush()
    if os.name == "posix":  # become Streamlit, so that a signal to this process reaches the server itself
        os.execve(sys.executable, command, env)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="activity-map", description="Who did what, where and when, from news reports."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def with_filters(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--actor", action="append", help="events involving this actor (repeatable: any of them)")
        p.add_argument("--since", type=_date_arg, help="events on or after this date (YYYY-MM-DD)")
        p.add_argument("--until", type=_date_arg, help="events on or before this date (YYYY-MM-DD)")
        p.add_argument("--q", help="text the sentence, place or actors contain")
        return p

    def with_geocoder(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--geocoder",
            default=settings.get("geocoder"),
            help="'offline' (default) or an online geopy service such as 'nominatim' (opt-in, cached)",
        )
        return p

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", default=settings.db_url(), help="store path or sqlite:/// URL (default: %(default)s)")
        return p

    ingest = with_db(sub.add_parser("ingest", help="read reports into the store (files, folders or globs)"))
    ingest.add_argument("paths", nargs="+", help=".txt .html .jsonl .csv .rss/.xml files, folders or globs")
    with_geocoder(ingest)
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

    export = with_filters(with_db(sub.add_parser("export", help="write the stored events (all, or filtered)")))
    export.add_argument("--format", choices=FORMATS, default="jsonl")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)

    snapshot = sub.add_parser("snapshot", help="freeze a view and its events under an unguessable link")
    snap = snapshot.add_subparsers(dest="snapshot_command", required=True)
    create = with_filters(with_db(snap.add_parser("create", help="freeze the events the filters select")))
    create.add_argument("--title", default="", help="a title shown with the snapshot")
    create.add_argument("--base-url", default="http://127.0.0.1:8501", help="dashboard address for the printed link")
    create.set_defaults(func=cmd_snapshot_create)
    export_html = with_db(snap.add_parser("export", help="write a snapshot as one self-contained HTML file"))
    export_html.add_argument("id", help="the snapshot id")
    export_html.add_argument("--html", required=True, help="file to write")
    export_html.set_defaults(func=cmd_snapshot_export)
    listing = with_db(snap.add_parser("list", help="list the snapshots in the store"))
    listing.set_defaults(func=cmd_snapshot_list)

    places = with_db(sub.add_parser("places", help="list place mentions nothing could resolve"))
    places.add_argument("--unresolved", action="store_true", default=True, help="(the default listing)")
    places.set_defaults(func=cmd_places)

    geocode = with_db(sub.add_parser("geocode", help="geocode again the place mentions stored unresolved"))
    geocode.add_argument("--retry", action="store_true", help="re-resolve unresolved mentions (misses are retried)")
    with_geocoder(geocode)
    geocode.set_defaults(func=cmd_geocode)

    candidates = with_db(sub.add_parser("candidates", help="list the gazetteer's places for an event's mention"))
    candidates.add_argument("event_id")
    candidates.set_defaults(func=cmd_candidates)

    correct = with_db(sub.add_parser("correct", help="set the place an event's mention means (kept across ingests)"))
    correct.add_argument("event_id")
    correct.add_argument("--candidate", type=int, help="number from `activity-map candidates EVENT_ID`")
    correct.add_argument("--lat", type=float, help="latitude of a point set by hand")
    correct.add_argument("--lon", type=float, help="longitude of a point set by hand")
    correct.add_argument("--name", help="name for a point set by hand (default: the mention)")
    correct.add_argument("--precision", default="point", choices=["point", "city", "region", "country"])
    correct.add_argument("--note", help="why, for the record")
    correct.set_defaults(func=cmd_correct)

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
