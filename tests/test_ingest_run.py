"""Issue 7: incremental, crash-safe ingest with workers, and a batch of hard inputs that sinks nothing.

The CLI tests run the real `activity-map ingest` in a subprocess, each with its own store and
geocoding answers (the built gazetteer index is shared).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.ingest_run import IngestSummary, collect, ingest_paths
from dashboard.store import Store

from .conftest import run_cli

CITIES = ["Nairobi", "Lima", "Hanoi", "Warsaw", "Tbilisi", "Manila", "Quito", "Accra", "Oslo", "Kabul"]
ACTIONS = ["Protesters gathered in {c}", "Talks were held in {c}", "Flooding hit {c}", "Police raided offices in {c}"]


def report(i: int) -> str:
    city = CITIES[i % len(CITIES)]
    action = ACTIONS[i % len(ACTIONS)].format(c=city)
    return f"{action} on Monday, officials said. Report number {i} added that {i % 7 + 2} people were hurt.\n"


def write_reports(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"r{i:03d}.txt").write_text(report(i), encoding="utf-8")


def export(env, db) -> list[str]:
    out = run_cli(env, "export", "--db", db, "--format", "jsonl").stdout
    return sorted(out.splitlines())


class CountingFactory:
    def __init__(self, pipeline) -> None:
        self.pipeline = pipeline
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.pipeline


def test_reingesting_an_unchanged_folder_stores_and_parses_nothing(tmp_path, pipeline):
    folder = tmp_path / "reports"
    write_reports(folder, 5)
    factory = CountingFactory(pipeline)
    with Store(str(tmp_path / "s.db")) as store:
        first = ingest_paths([folder], store, factory)
        assert (first.stored, first.parsed, first.unchanged, factory.calls) == (5, 5, 0, 1)
        events = store.count("events")

        again = ingest_paths([folder], store, factory)
        assert (again.stored, again.parsed, again.unchanged, factory.calls) == (0, 0, 5, 1)
        assert store.count("events") == events and store.count("articles") == 5

        (folder / "r002.txt").write_text("Protesters gathered in Lima on Friday.\n", encoding="utf-8")
        changed = ingest_paths([folder], store, factory)
        assert (changed.stored, changed.parsed, changed.unchanged) == (1, 1, 4)
        assert store.count("articles") == 6  # a changed text is a new report (its id is its text's hash)


def test_a_report_that_breaks_extraction_is_named_and_the_others_are_stored(tmp_path, pipeline, monkeypatch):
    folder = tmp_path / "reports"
    write_reports(folder, 3)
    original = pipeline.process_doc

    def fragile(doc, article):
        if "number 1 " in article.text:
            raise RuntimeError("odd data")
        return original(doc, article)

    monkeypatch.setattr(pipeline, "process_doc", fragile)
    with Store(str(tmp_path / "s.db")) as store:
        summary = ingest_paths([folder], store, lambda: pipeline)
        assert summary.stored == 2 and store.count("articles") == 2
    [error] = summary.errors
    assert error.path.endswith("r001.txt") and "extraction failed (RuntimeError: odd data)" in error.reason


def test_a_batch_is_stored_whole_or_not_at_all(tmp_path, pipeline):
    folder = tmp_path / "reports"
    write_reports(folder, 2)
    summary = IngestSummary()
    articles = collect([folder], summary)
    results = list(pipeline.process(articles))
    broken = results[1].events[0]
    broken.article_id = "no such article"  # violates the store's foreign key, mid-transaction
    with Store(str(tmp_path / "s.db")) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.save_many([(r.article, r.events, r.new_actors.values()) for r in results])
        assert store.count("articles") == 0 and store.count("events") == 0


def test_progress_line_shows_rate_and_time_left():
    from dashboard.cli import progress_line

    line = progress_line(50, 200, 10.0, "Floods")
    assert "50/200 reports" in line and "5.0/s" in line and "ETA 0m30s" in line and line.endswith("Floods")


def test_ingest_killed_mid_batch_and_run_again_stores_what_one_run_stores(tmp_path, isolated_env, gazetteer_index):
    total = 160
    folder = tmp_path / "reports"
    write_reports(folder, total)

    reference = str(tmp_path / "reference.db")
    run_cli(isolated_env, "ingest", str(folder), "--db", reference, "--workers", "1")

    # A second run with its own geocoding answers, started afresh like the reference run.
    cache = tmp_path / "geocache-killed"
    cache.mkdir()
    (cache / gazetteer_index.name).symlink_to(gazetteer_index)
    env = dict(isolated_env, ACTIVITY_MAP_GEOCACHE=str(cache))
    killed = str(tmp_path / "killed.db")
    command = [sys.executable, "-m", "dashboard", "ingest", str(folder), "--db", killed, "--workers", "2"]
    process = subprocess.Popen(
        [*command, "--commit-every", "3"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    stored_at_kill = 0
    deadline = time.monotonic() + 300
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if Path(killed).exists():
                with sqlite3.connect(f"file:{killed}?mode=ro", uri=True, timeout=5) as con:
                    try:
                        stored_at_kill = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                    except sqlite3.OperationalError:  # the schema is not there yet
                        stored_at_kill = 0
                if stored_at_kill:
                    os.kill(process.pid, signal.SIGKILL)
                    break
            time.sleep(0.01)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert 0 < stored_at_kill < total
    assert _no_process_with(f"ACTIVITY_MAP_GEOCACHE={cache}"), "a worker outlived the killed ingest"

    again = run_cli(env, "ingest", str(folder), "--db", killed, "--workers", "2")
    with sqlite3.connect(killed) as con:
        kept = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert f"{total - kept_before(again)} report(s) stored, {kept_before(again)} unchanged" in again.stdout
    assert kept == total
    assert export(env, killed) == export(isolated_env, reference)
    assert _no_process_with(f"ACTIVITY_MAP_GEOCACHE={cache}"), "a worker outlived the killed ingest"


def kept_before(result) -> int:
    """The number of reports the re-run found stored already (from its summary line)."""
    line = result.stdout.strip().splitlines()[-1]
    return int(line.split(" unchanged")[0].rsplit(" ", 1)[-1])


def _processes_with(marker: str) -> list[str]:
    """Ids of live processes whose environment holds this marker (a killed run's workers would)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().split(") ", 1)[1][0]
        except (OSError, IndexError):
            continue
        if marker.encode() in environ and state != "Z":
            found.append(proc.name)
    return found


def _no_process_with(marker: str) -> bool:
    deadline = time.monotonic() + 10
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not _processes_with(marker)


HTML_NOISE = (
    "<html><head><title>Budget talks</title>"
    + "<script>var tracking = 'Benghazi Tripoli Misrata'; function f(){return 1}</script>" * 30
    + "<style>.nav{color:red}</style></head><body>"
    + "<nav><ul>"
    + "<li><a href='/x'>Home</a></li><li><a href='/y'>World news from Paris</a></li>" * 20
    + "</ul></nav>"
    + "<article><h1>Budget talks</h1><p>"
    + "Ministers met in Valletta on Tuesday to discuss the budget and the fishing quotas of the island. " * 3
    + "</p></article><footer>Subscribe · Privacy · Cookies</footer>"
    + "<script>document.write('Sirte Derna');</script></body></html>"
)


def hard_inputs(folder: Path) -> dict[str, str]:
    """Every kind of hard input in one folder; returns {bad file name: what its message must say}."""
    folder.mkdir()
    (folder / "good.txt").write_text("Protesters gathered in Nairobi on Monday.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "latin.txt").write_bytes("Talks in Montréal ended on Tuesday.\n".encode("cp1252"))
    (folder / "garbled.txt").write_bytes(bytes([0x81, 0x8D, 0xFE, 0xC3, 0x28, 0xA0, 0xFF, 0x9D, 0x20]) * 100)
    with (folder / "huge.txt").open("wb") as out:  # 50 MB of text
        chunk = report(1).encode() * 4096
        while out.tell() < 50 * 1024 * 1024:
            out.write(chunk)
    (folder / "columns.csv").write_text("title,notes\nFloods,Rain in Dhaka.\n", encoding="utf-8")
    lines = [
        json.dumps({"id": "j1", "text": "Strikes were reported near Mosul.", "published": "2024-03-01"}),
        '{"id": "j2", "text": "unterminated',
        json.dumps({"id": "j3", "text": "Talks in Doha.", "published": "2024-02-31"}),
        "[1, 2]",
        json.dumps({"id": "j4", "title": "no text"}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "page.html").write_text(HTML_NOISE, encoding="utf-8")
    (folder / "dated.txt").write_text(
        "31 February 2024\n\nClashes were reported in Sabha on 31 February 2024.\n", encoding="utf-8"
    )
    (folder / "nowhere.txt").write_text("The committee said the vote would be held later.\n", encoding="utf-8")
    return {
        "empty.txt": "empty file",
        "binary.txt": "binary file",
        "garbled.txt:1": "not valid UTF-8",
        "huge.txt": "file is 50 MB",
        "columns.csv:1": "no 'text' column",
        "feed.jsonl:2": "invalid JSON",
        "feed.jsonl:4": "a line must hold a JSON object",
        "feed.jsonl:5": "no 'text' field",
    }


def test_hard_inputs_in_one_folder_each_named_and_every_good_report_stored_once(tmp_path, isolated_env):
    folder = tmp_path / "hard"
    bad = hard_inputs(folder)
    db = str(tmp_path / "hard.db")
    result = run_cli(isolated_env, "ingest", str(folder), "--db", db, check=False)
    assert result.returncode == 1
    messages = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    for where, reason in bad.items():
        assert any(f"{folder / where}: " in m and reason in m for m in messages), f"{where}: {reason}"
    assert len(messages) == len(bad), "\n".join(messages)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    for where, reason in [
        ("latin.txt:1", "decoded as Windows-1252"),
        ("feed.jsonl:3", "'2024-02-31' is not a valid date"),
        ("dated.txt:1", "not a valid one"),
        ("nowhere.txt", "no place found"),
    ]:
        assert any(f"{folder / where}: " in w and reason in w for w in warnings), f"{where}: {reason}"

    good = {"good.txt", "latin.txt", "page.html", "dated.txt", "nowhere.txt", "feed.jsonl:1", "feed.jsonl:3"}
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT origin, text, published FROM articles").fetchall()
    assert sorted(Path(origin).name for origin, _, _ in rows) == sorted(good)
    texts = {Path(origin).name: (text, published) for origin, text, published in rows}
    assert "Valletta" in texts["page.html"][0]
    assert not any(word in texts["page.html"][0] for word in ("tracking", "Sirte", "Subscribe", "Paris"))
    assert "Montréal" in texts["latin.txt"][0]
    assert texts["feed.jsonl:3"][1] is None and texts["dated.txt"][1] is None
    assert "7 report(s) stored" in result.stdout

    again = run_cli(isolated_env, "ingest", str(folder), "--db", db, check=False)
    assert "0 report(s) stored, 7 unchanged" in again.stdout and "(0 parsed" in again.stdout
