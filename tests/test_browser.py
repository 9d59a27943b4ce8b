"""The dashboard in a real browser: Debian's chromium driven by Playwright against `activity-map serve`.

Offline: every request that would leave 127.0.0.1 is recorded and aborted, and each test asserts
there was none (except the OpenStreetMap tiles an analyst asks for with `tiles=osm`). The store holds
the seed report and a short report written here whose text carries a <script> and an <img onerror>.
Skipped only when chromium is not installed (`.ci/run` installs it with apt-get).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from dashboard.ingest import read_paths
from dashboard.store import Store
from dashboard.views.map import map_layers

from .conftest import SEED

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"),
]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 60_000  # the machine is shared: be patient, never sleep blindly
HOSTILE = """2024-05-02
Officials met in Tripoli <script>window.top.__pwned = "script";</script> on Tuesday to discuss the port.
The delegation then travelled to Misrata <img src=x onerror="window.top.__pwned = 'img'"> where the talks went on.
"""
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory, pipeline, gazetteer_index):
    """`activity-map serve` on a free port of 127.0.0.1, with a store filled from the seed report."""
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile-report.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    db = folder / "store.db"
    with Store(str(db)) as store:
        for result in pipeline.process(list(read_paths([SEED, hostile]))):
            store.save(result.article, result.events, result.new_actors.values())
        events = store.events_frame()
    cache = folder / "geocache"
    cache.mkdir()
    (cache / gazetteer_index.name).symlink_to(gazetteer_index)
    port = _free_port()
    env = dict(os.environ, ACTIVITY_MAP_DB=str(db), ACTIVITY_MAP_GEOCACHE=str(cache))
    log = (folder / "serve.log").open("w")
    command = [sys.executable, "-m", "dashboard", "serve", "--db", str(db), "--port", str(port), "--headless"]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start:\n{(folder / 'serve.log').read_text()}")
            time.sleep(0.3)
        yield base, events
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the CLI and the Streamlit process it started
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One browser context: its page, every request that tried to leave 127.0.0.1, and dialogs."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1400, "height": 1400})
        self.external: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        origin = base.rstrip("/")

        def guard(route) -> None:
            url = route.request.url
            if url.startswith((origin + "/", "data:", "blob:", "about:")) or url == origin:
                route.continue_()
            else:
                self.external.append(url)
                route.abort()

        self.context.route("**/*", guard)
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, query: str = "") -> Visit:
        self.page.goto(self.base + query)
        return self

    def map(self):
        return self.page.frame_locator(MAP_FRAME).last

    def map_frames(self):
        return [f for f in self.page.frames if "st_folium" in f.url]

    def drawn(self) -> dict:
        """What the newest map iframe draws: places (single markers plus those inside clusters) and more."""
        for frame in reversed(self.map_frames()):
            try:
                return frame.evaluate(
                    """() => {
                        const places = document.querySelectorAll('.am-place').length;
                        const clustered = Array.from(document.querySelectorAll('.am-cluster div'))
                            .reduce((n, d) => n + Number(d.dataset.places || 0), 0);
                        const markers = Array.from(document.querySelectorAll('.am-place, .am-cluster')).map(el => {
                            const box = el.getBoundingClientRect();
                            return [el.className.replace(/leaflet-\\S+/g, '').trim(), el.textContent,
                                    Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
                        });
                        return {places: places + clustered, markers: markers,
                                outlines: document.querySelectorAll('.leaflet-am-outlines-pane path').length,
                                attribution: (document.querySelector('.leaflet-control-attribution') || {}).textContent,
                                zoom: window.map ? window.map.getZoom() : null};
                    }"""
                )
            except Exception:  # a frame replaced while we asked
                continue
        return {"places": -1, "markers": [], "outlines": 0, "attribution": "", "zoom": None}

    def wait_for(self, test, what: str, timeout_ms: int = WAIT_MS):
        """Poll `test()` until it holds (Playwright keeps working between polls); fail with `what`."""
        deadline = time.monotonic() + timeout_ms / 1000
        last = None
        while time.monotonic() < deadline:
            last = test()
            if last:
                return last
            self.page.wait_for_timeout(300)
        raise AssertionError(f"timed out waiting for {what} (last: {last!r})")

    def settled_url(self) -> str:
        """The address once the map has reported its view (lat/lon/z) and stopped changing."""
        self.wait_for(lambda: "z=" in self.page.url, "the map view in the URL")
        previous = None
        while previous != self.page.url:
            previous = self.page.url
            self.page.wait_for_timeout(1500)
        return self.page.url

    def local_only(self) -> None:
        assert self.external == [], f"requests left 127.0.0.1: {self.external[:5]}"

    def close(self) -> None:
        self.context.close()


def same_markers(a: list, b: list, tolerance: int = 3) -> bool:
    """The same markers (kind, label) at the same spots, give or take a pixel of rounding."""
    a, b = sorted(a), sorted(b)
    return len(a) == len(b) > 0 and all(
        x[:2] == y[:2] and abs(x[2] - y[2]) <= tolerance and abs(x[3] - y[3]) <= tolerance
        for x, y in zip(a, b, strict=True)
    )


def expected_places(events, keep=None) -> int:
    return map_layers(events if keep is None else events[keep(events)]).places


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_markers_are_drawn_offline_with_local_assets(served, browser):
    base, events = served
    visit = Visit(browser, base).open()
    try:
        want = expected_places(events)
        visit.wait_for(lambda: visit.drawn()["places"] == want, f"{want} places drawn")
        visit.wait_for(lambda: visit.drawn()["outlines"] > 100, "the offline basemap of country outlines")
        drawn = visit.drawn()
        assert "GeoNames" in drawn["attribution"] and "countryinfo" in drawn["attribution"]
        assert "OpenStreetMap" not in drawn["attribution"], "no tiles were asked for, none are credited"
        assert any("/app/static/vendor/" in url and url.endswith(".js") for url in visit.requests)
        visit.local_only()
    finally:
        visit.close()


def test_an_actor_chosen_goes_into_the_url_and_the_link_opens_the_same_map(served, browser):
    base, events = served
    actor = "Khalifa Haftar"
    want = expected_places(events, lambda e: e["actors"].map(lambda names: actor in names))
    first = Visit(browser, base).open()
    second = Visit(browser, base)
    try:
        first.wait_for(lambda: first.drawn()["places"] == expected_places(events), "the whole map")
        first.page.get_by_test_id("stMultiSelect").first.click()
        first.page.keyboard.type(actor)
        first.page.keyboard.press("Enter")
        first.page.keyboard.press("Escape")
        first.page.wait_for_url(re.compile(r"actor=Khalifa\+Haftar"), timeout=WAIT_MS)
        first.wait_for(lambda: first.drawn()["places"] == want, f"{want} places for {actor}")
        link = first.settled_url()
        assert query(link)["actor"] == [actor]
        copy_frame = next(
            f for f in first.page.frames if f.url.startswith("about:srcdoc") and f.query_selector("#link")
        )
        assert copy_frame.eval_on_selector("#link", "e => e.value") == link, "the Copy link control holds the view"
        markers = first.wait_for(lambda: first.drawn()["markers"], "markers")

        second.open(link[len(base) :])
        second.wait_for(lambda: second.drawn()["places"] == want, f"{want} places in the fresh page")
        second.wait_for(lambda: same_markers(second.drawn()["markers"], markers), "the same markers at the same spots")
        assert query(second.settled_url()) == query(link), "opening the link keeps the link"
        assert actor in second.page.get_by_test_id("stMultiSelect").first.inner_text()
        first.local_only()
        second.local_only()
    finally:
        first.close()
        second.close()


def test_report_markup_executes_nothing(served, browser):
    base, events = served
    hostile = events[events["sentence"].str.contains("onerror", regex=False)].iloc[0]
    visit = Visit(browser, base).open(f"?event={hostile['event_id']}&q=delegation")
    try:
        popup = visit.map().locator(".am-selected-popup .leaflet-popup-content")
        popup.wait_for(timeout=WAIT_MS)
        assert "<img src=x onerror=" in popup.inner_text(), "the markup is shown as text"
        panel = visit.page.locator(".am-panel").first
        panel.wait_for(timeout=WAIT_MS)
        assert "<img src=x onerror=" in panel.inner_text()
        visit.map().locator(".am-place").first.hover()  # the tooltip
        visit.page.goto(base + "?q=officials+met")  # the <script> sentence, through the place popup
        place = visit.map().locator(".am-place")
        visit.wait_for(lambda: place.count() == 1, "the one place of the <script> sentence")
        place.first.click()
        text = visit.map().locator(".leaflet-popup-content").first
        text.wait_for(timeout=WAIT_MS)
        visit.wait_for(lambda: "<script>" in text.inner_text(), "the script tag shown as text")
        visit.page.wait_for_timeout(1000)
        assert visit.page.evaluate("window.__pwned") is None
        for frame in visit.page.frames:
            assert frame.evaluate("window.__pwned === undefined && !document.querySelector('img[src=\"x\"]')")
        assert visit.dialogs == []
        assert not [url for url in visit.requests if urlparse(url).path.endswith("/x")], "the <img> never loaded"
        visit.local_only()
    finally:
        visit.close()


def test_choosing_a_table_row_selects_its_event_on_the_map(served, browser):
    base, events = served
    visit = Visit(browser, base).open("?country=LY")
    try:
        visit.wait_for(lambda: visit.drawn()["places"] > 0, "the Libyan places")
        visit.settled_url()
        grid = visit.page.get_by_test_id("stDataFrame")
        grid.wait_for(timeout=WAIT_MS)
        box = grid.bounding_box()
        visit.page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's selection box
        visit.page.wait_for_url(re.compile(r"event="), timeout=WAIT_MS)
        chosen = query(visit.page.url)["event"][0]
        libyan = events[events["country_code"] == "LY"]
        newest = libyan.sort_values("event_date", ascending=False, kind="stable").iloc[0]
        assert chosen == newest["event_id"], "the first row is the newest event"
        visit.map().locator(".am-selected").wait_for(timeout=WAIT_MS)
        popup = visit.map().locator(".am-selected-popup .leaflet-popup-content")
        popup.wait_for(timeout=WAIT_MS)
        assert newest["mention"] in popup.inner_text()
        visit.local_only()
    finally:
        visit.close()


def test_dragging_across_the_timeline_sets_the_dates(served, browser):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    base, events = served
    visit = Visit(browser, base).open()
    try:
        visit.wait_for(lambda: visit.drawn()["places"] == expected_places(events), "the whole map")
        dated_url = re.compile(r"from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d")
        for attempt in range(3):  # a drag that lands while the chart is redrawn is lost, as it would be for a user
            chart = visit.page.get_by_test_id("stVegaLiteChart").locator("svg").first
            chart.wait_for(timeout=WAIT_MS)
            box = chart.bounding_box()
            y = box["y"] + box["height"] * 0.4
            visit.page.mouse.move(box["x"] + box["width"] * 0.15, y)
            visit.page.mouse.down()
            visit.page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=10)
            visit.page.mouse.up()
            try:
                visit.page.wait_for_url(dated_url, timeout=WAIT_MS // 3)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        since, until = query(visit.page.url)["from"][0], query(visit.page.url)["to"][0]
        assert since < until
        dated = events["event_date"].fillna("")
        want = expected_places(events, lambda e: (dated >= since) & (dated <= until))
        visit.wait_for(lambda: visit.drawn()["places"] == want, f"{want} places between {since} and {until}")
        visit.local_only()
    finally:
        visit.close()


def test_tiles_are_asked_for_only_when_chosen_and_the_map_survives_without_them(served, browser):
    base, events = served
    visit = Visit(browser, base).open("?tiles=osm")
    try:
        visit.map().locator(".am-offline").wait_for(timeout=WAIT_MS)  # tiles unreachable: the outlines remain
        want = expected_places(events)
        visit.wait_for(lambda: visit.drawn()["places"] == want, f"{want} places drawn without tiles")
        assert visit.external and all(urlparse(u).hostname == "tile.openstreetmap.org" for u in visit.external)
    finally:
        visit.close()


def test_the_server_was_only_asked_for_local_things(served):
    base, _ = served
    with urllib.request.urlopen(base + "app/static/vendor/country-outlines.json", timeout=10) as answer:
        outlines = json.load(answer)
    assert len(outlines["features"]) > 100
