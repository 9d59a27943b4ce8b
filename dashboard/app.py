"""Streamlit layout only: read the view from the URL, draw the widgets, call the views, write the URL back.

The URL is the view (see `dashboard.state`). Widgets start from it once per session and write it
back on every run. The map's centre and zoom come back from the browser; a place clicked on the map
or a row chosen in the table becomes the selected event. Store queries, filtering and map layers are
cached per store version and filter, so a rerun (a pan, a click) costs little.
"""

from __future__ import annotations

import threading
from datetime import date
from urllib.parse import urlparse

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import app_tools, settings
from dashboard.filters import UNSPECIFIED, Catalog, EventFilter, catalog
from dashboard.state import ViewState, as_lists, from_params
from dashboard.store import Store
from dashboard.view_cache import prepared_events
from dashboard.views.evidence import event_html
from dashboard.views.map import build_map, events_at, map_layers, selection_group
from dashboard.views.table import selected_event, table_frame
from dashboard.views.timeline import BINS, brush_cleared, brush_dates, drawable, pick_bin, timeline_chart

CREDITS = (
    "Places © [GeoNames](https://www.geonames.org/) (CC BY 4.0) · airfields: airportsdata (MIT) · "
    "country outlines: countryinfo · map tiles, when switched on: © "
    "[OpenStreetMap](https://www.openstreetmap.org/copyright) contributors"
)
MAP_HEIGHT = 560
PANEL_EVENTS = 30
BASEMAPS = {"offline": "Country outlines (offline)", "osm": "OpenStreetMap tiles (online)"}
COPY_LINK = """
<div style="display:flex;gap:6px;font:14px system-ui,sans-serif">
<input id="link" readonly style="flex:1;min-width:0;padding:4px;border:1px solid #ccc;border-radius:4px">
<button id="copy" style="padding:4px 10px;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer">
Copy link</button></div>
<script>
var link = __LINK__;
var input = document.getElementById("link"), button = document.getElementById("copy");
input.value = link;
button.addEventListener("click", function () {
  function done() {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = "Copy link"; }, 1500);
  }
  function fallback() { input.select(); document.execCommand("copy"); done(); }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(link).then(done, fallback);
  } else { fallback(); }
});
</script>
"""


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


@st.cache_resource(show_spinner=False)
def _fill_lock() -> threading.Lock:
    return threading.Lock()


@st.cache_resource(show_spinner="Loading the language model and gazetteer ...")
def _pipeline():
    from dashboard.pipeline import Pipeline

    return Pipeline.create()


@st.cache_resource(show_spinner="Reading the store ...", max_entries=2)
def _catalog(url: str, version: str) -> Catalog:
    return catalog(prepared_events(_store(url)))


@st.cache_resource(show_spinner=False, max_entries=6)
def _filtered(url: str, version: str, key: str, _filter: EventFilter) -> pd.DataFrame:
    """The events passing a filter; `key` is the filter as a query string (the cache key)."""
    return _catalog(url, version).select(_filter)


def _shown(url: str, version: str, view: ViewState) -> pd.DataFrame:
    return _filtered(url, version, view.filter_key(), view.to_filter())


def _around(url: str, version: str, view: ViewState) -> pd.DataFrame:
    """The view's events over all dates: what the timeline shows around the chosen interval."""
    undated = view.with_changes(date_from=None, date_to=None)
    return _filtered(url, version, undated.filter_key(), undated.to_filter())


@st.cache_resource(show_spinner=False, max_entries=8)
def _layers(url: str, version: str, key: str, _view: ViewState):
    shown = _shown(url, version, _view)
    return map_layers(shown, _view.actors, _catalog(url, version).pairs_of(shown))


@st.cache_resource(show_spinner=False, max_entries=8)
def _timeline_facts(url: str, version: str, key: str, _view: ViewState) -> tuple[str, int]:
    """The bin that suits the events around the view, and how many are too coarsely dated to draw."""
    around = _around(url, version, _view)
    coarse = int((around["event_date"].notna() & ~drawable(around)).sum()) if "event_date" in around else 0
    return pick_bin(around), coarse


@st.cache_resource(show_spinner=False, max_entries=8)
def _timeline_spec(
    url: str, version: str, key: str, _view: ViewState, bin_: str, legend: tuple[str, ...], picked: tuple | None
) -> dict:
    """The timeline's Vega-Lite spec (built and validated once per view, not on every rerun)."""
    return timeline_chart(_around(url, version, _view), list(legend), bin_, picked).to_dict()


@st.cache_resource(show_spinner=False, max_entries=8)
def _table(url: str, version: str, key: str, _view: ViewState) -> pd.DataFrame:
    return table_frame(_shown(url, version, _view))


def _fill_if_empty(store: Store) -> None:
    """First start: read the bundled reports, showing progress in the page."""
    with _fill_lock():
        if store.count("articles"):
            return
        from dashboard.ingest_run import ingest_paths

        bar = st.progress(0.0, text="First start: reading the bundled reports ...")

        def progress(done: int, total: int, message: str) -> None:
            bar.progress(done / total if total else 0.0, text=f"Reading reports: {done}/{total} {message}")

        summary = ingest_paths([settings.reports_dir()], store, _pipeline, progress)
        bar.empty()
        for error in summary.errors:
            st.warning(f"Could not read {error}")


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}  # noqa: SIM118


def _country_name(code: str) -> str:
    try:
        from dashboard.geocode.countries import by_code

        country = by_code().get(code)
    except Exception:  # a missing package must not break a filter label
        country = None
    return f"{country.name} ({code})" if country else code


def _start_session(data: Catalog) -> None:
    """Once per session: the widgets, the map view and the selected event start from the URL."""
    if st.session_state.get("_started"):
        return
    state, notices = from_params(
        _url_params(),
        set(data.actors.index),
        known_activities=set(data.activities.index),
        known_countries=set(data.countries.index),
        known_events=data.positions,
    )
    first, last = data.first or date.today(), data.last or date.today()
    lo, hi = min(first, state.date_from or first), max(last, state.date_to or last)  # a link may look further
    st.session_state.update(
        _started=True,
        _notices=notices,
        _span=(lo, hi),
        _map_view=(state.lat, state.lon, state.zoom),
        _event=state.event,
        _event_source="link",
        _anchor=None,
        actors=list(state.actors),
        activities=list(state.activities),
        countries=list(state.countries),
        dates=(state.date_from or lo, state.date_to or hi),
        q=state.q,
        hide_country=state.hide_country,
        bin=state.bin or "auto",
        tiles=state.tiles or "offline",
    )


def _on_map() -> None:
    """The browser moved the map or clicked a place: keep the view, remember the click."""
    value = st.session_state.get("map") or {}
    center, zoom = value.get("center"), value.get("zoom")
    if isinstance(center, dict) and isinstance(zoom, (int, float)) and center.get("lat") is not None:
        st.session_state["_map_view"] = (round(center["lat"], 4), round(center["lng"], 4), int(zoom))
    clicked, clicks = value.get("last_object_clicked"), value.get("last_object_clicked_count") or 0
    if isinstance(clicked, dict) and clicks != st.session_state.get("_clicks"):  # a new click, even on the same place
        st.session_state["_clicks"] = clicks
        st.session_state["_pending_click"] = clicked


def _on_table() -> None:
    state = st.session_state.get("table")
    rows = list(getattr(getattr(state, "selection", None), "rows", []) or [])
    event = selected_event(st.session_state.get("_table", pd.DataFrame(columns=["event"])), rows)
    if event:
        st.session_state.update(_event=event, _event_source="table", _pan=True)


def _on_timeline() -> None:
    state = st.session_state.get("timeline")
    selection = getattr(state, "selection", None)
    picked = brush_dates(selection)
    lo, hi = st.session_state["_span"]
    if picked is not None:
        st.session_state["dates"] = (max(lo, min(picked[0], hi)), min(hi, max(picked[1], lo)))
    elif brush_cleared(selection):
        st.session_state["dates"] = (lo, hi)


def _clear_event() -> None:
    st.session_state.update(_event=None, _event_source=None)


def _sidebar(data: Catalog, store: Store) -> None:
    lo, hi = st.session_state["_span"]
    with st.sidebar:
        st.header("Activity Map")
        st.multiselect(
            "Actors",
            options=list(data.actors.index),
            key="actors",
            format_func=lambda name: f"{name} ({data.actors.get(name, 0)})",
            placeholder="All actors (type to search)",
            help="Events involving any of the chosen actors. The number is how many events name the actor.",
        )
        st.multiselect(
            "Activity",
            options=list(data.activities.index),
            key="activities",
            format_func=lambda name: f"{name} ({data.activities.get(name, 0)})",
            placeholder="All activity types",
            help=f"'{UNSPECIFIED}': events whose sentence names no activity.",
        )
        st.multiselect(
            "Countries",
            options=list(data.countries.index),
            key="countries",
            format_func=lambda code: f"{_country_name(code)} ({data.countries.get(code, 0)})",
            placeholder="All countries",
        )
        st.date_input("Event dates", key="dates", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        st.text_input("Search the evidence", key="q", placeholder="a word in the sentence, place or actor")
        st.checkbox(
            "Hide country-level points",
            key="hide_country",
            help="Leave out events placed only at a country or a continent, not at a town or region.",
        )
        st.radio("Basemap", options=list(BASEMAPS), key="tiles", format_func=BASEMAPS.get)
        st.caption(f"{len(data.events)} events from {store.count('articles')} report(s) in the store.")


def _current_view(data: Catalog) -> ViewState:
    """The view the widgets and the map show now."""
    first, last = data.first, data.last
    picked = st.session_state.get("dates") or ()
    start, end = (tuple(picked) + (None, None))[:2] if isinstance(picked, (tuple, list)) else (picked, None)
    lat, lon, zoom = st.session_state.get("_map_view") or (None, None, None)
    bin_ = st.session_state.get("bin")
    tiles = st.session_state.get("tiles")
    return ViewState(
        actors=tuple(st.session_state.get("actors") or ()),
        activities=tuple(st.session_state.get("activities") or ()),
        countries=tuple(st.session_state.get("countries") or ()),
        date_from=start if start and start != first else None,  # the whole span needs no parameter
        date_to=end if end and end != last else None,
        q=(st.session_state.get("q") or "").strip()[:200],
        hide_country=bool(st.session_state.get("hide_country")),
        lat=lat,
        lon=lon,
        zoom=zoom,
        event=st.session_state.get("_event"),
        bin=bin_ if bin_ in BINS else None,
        tiles=tiles if tiles == "osm" else None,
    )


def _anchor(view: ViewState) -> tuple[float | None, float | None, int | None]:
    """The view the map is built at: kept while only the map moves, reset to 'fit the markers' when the
    filter changes (a new selection deserves to be seen whole)."""
    key = (view.filter_key(), view.tiles)
    anchor = st.session_state.get("_anchor")
    if anchor is None:  # session start: the link's view, if it has one
        anchor = (key, (view.lat, view.lon, view.zoom))
    elif anchor[0] != key:  # a new map: its clicks count from zero again
        st.session_state.pop("_clicks", None)
        refit = anchor[0][0] != key[0]
        anchor = (key, (None, None, None) if refit else (view.lat, view.lon, view.zoom))
        if refit:
            st.session_state["_map_view"] = (None, None, None)
    st.session_state["_anchor"] = anchor
    return anchor[1]


def _panel(data: Catalog, shown: pd.DataFrame, selected: dict | None, store: Store) -> None:
    if selected is None:
        st.markdown("**Evidence**")
        st.caption("Click a place on the map, or a row in the table, to read the sentences behind it.")
        return
    st.markdown("**Selected event**")
    st.html(f"<div class='am-panel'>{event_html(selected)}</div>")
    st.button("Clear the selection", on_click=_clear_event, key="clear_event")
    app_tools.correction_controls(store, str(selected.get("event_id")))
    lat, lon = selected.get("latitude"), selected.get("longitude")
    if lat is None or pd.isna(lat):
        st.caption("This event has no place on the map (its place name was not resolved).")
        return
    here = events_at(shown, lat, lon)
    others = here[here["event_id"] != selected.get("event_id")]
    if not shown["event_id"].eq(selected.get("event_id")).any():
        st.caption("The selected event is outside the current filters.")
    if not others.empty:
        st.markdown(f"**{len(others)} other event(s) here under the current filters**")
        body = "".join(event_html(row) for row in others.head(PANEL_EVENTS).to_dict("records"))
        more = len(others) - PANEL_EVENTS
        if more > 0:
            body += f"<p><i>and {more} more: narrow the filters or use the table.</i></p>"
        st.html(f"<div class='am-panel'>{body}</div>")


PANEL_CSS = """<style>
.am-panel { max-height: 540px; overflow-y: auto; font-size: 14px; }
.am-panel .am-event { border-bottom: 1px solid #e4e4e4; padding: 6px 0; }
.am-panel .am-meta, .am-panel .am-where, .am-panel .am-source { color: #555; font-size: 13px; }
.am-panel mark { background: #ffe66d; }
</style>"""


def main() -> None:
    st.set_page_config(page_title="Activity Map", page_icon="🗺️", layout="wide")
    url = settings.db_url()
    store = _store(url)
    _fill_if_empty(store)
    snapshot_id = (_url_params().get("snapshot") or [""])[-1]
    if snapshot_id and app_tools.snapshot_page(store, snapshot_id, st.context.url or ""):
        return
    app_tools.show_ingest_report()
    version = store.version()
    data = _catalog(url, version)
    _start_session(data)
    for notice in st.session_state["_notices"]:
        st.warning(notice, icon="⚠️")
    _sidebar(data, store)

    view = _current_view(data)
    anchor = _anchor(view)
    view = _current_view(data)  # the anchor may have reset the map view
    key = view.filter_key()
    shown = _shown(url, version, view)

    pending = st.session_state.pop("_pending_click", None)
    if pending:  # a place clicked on the map: select its newest event there
        here = events_at(shown, pending.get("lat", 0.0), pending.get("lng", 0.0))
        if not here.empty:
            st.session_state.update(_event=str(here["event_id"].iloc[0]), _event_source="map")
            view = view.with_changes(event=st.session_state["_event"])
    selected = data.event(view.event)

    if as_lists(view.to_params()) != _url_params():
        st.query_params.from_dict(view.to_params())

    layers = _layers(url, version, key, view)
    unplaced = len(shown) - layers.events
    st.subheader(f"{len(shown)} event(s) at {layers.places} place(s)")
    if shown.empty:
        st.info("No event matches these filters. Clear a filter in the sidebar to see more.")
    elif unplaced:
        st.caption(f"{unplaced} of them have no place on the map (unresolved place names); the table lists them.")

    with st.sidebar:
        link = _link(st.context.url or "", view)
        st.iframe(COPY_LINK.replace("__LINK__", _js_string(link)), height=44)
        app_tools.share_controls(store, shown, view, st.context.url or "")
        app_tools.bring_reports(store, _pipeline)
        st.caption(CREDITS)

    st.html(PANEL_CSS)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        pan = st.session_state.pop("_pan", False) and selected and selected.get("latitude") is not None
        st_folium(
            build_map(layers, lat=anchor[0], lon=anchor[1], zoom=anchor[2], osm=view.tiles == "osm", height=MAP_HEIGHT),
            key="map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["last_object_clicked", "last_object_clicked_count", "center", "zoom"],
            feature_group_to_add=(
                selection_group(selected, open_popup=st.session_state.get("_event_source") != "map")
                if selected
                else None
            ),
            center=(selected["latitude"], selected["longitude"]) if pan else None,
            zoom=max(view.zoom or 0, 6) if pan else None,
            on_change=_on_map,
            wrap_longitude=True,
        )
    with right:
        _panel(data, shown, selected, store)

    undated_key = view.with_changes(date_from=None, date_to=None).filter_key()
    auto_bin, coarse = _timeline_facts(url, version, undated_key, view)
    bin_ = view.bin or auto_bin
    lo, hi = st.session_state["_span"]
    picked = (view.date_from or lo, view.date_to or hi) if (view.date_from or view.date_to) else None
    legend = tuple(name for name, _ in layers.legend)
    st.vega_lite_chart(
        _timeline_spec(url, version, undated_key, view, bin_, legend, picked),
        width="stretch",
        key="timeline",
        on_select=_on_timeline,
        selection_mode="brush",
    )
    if coarse:
        st.caption(
            f"{coarse} event(s) dated only to a year or a decade are left off the timeline; "
            "the map and table show them."
        )
    st.radio(
        "Timeline bins",
        options=["auto", *BINS],
        key="bin",
        horizontal=True,
        format_func=lambda b: f"auto ({auto_bin})" if b == "auto" else f"per {b}",
        help="Drag across the timeline to choose the dates; click it once to clear the choice.",
    )

    table = _table(url, version, key, view)
    st.session_state["_table"] = table
    if len(shown) > len(table):
        st.caption(f"The table lists the newest {len(table)} of {len(shown)} events; narrow the filters to see others.")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="table",
        on_select=_on_table,
        selection_mode="single-row",
        column_config={
            "link": st.column_config.LinkColumn("link"),
            "sentence": st.column_config.TextColumn(width="large"),
            "event": None,
        },
    )


def _link(base: str, view: ViewState) -> str:
    """The address of this view: the app's URL as the browser sees it, and the view's query."""
    if base and not urlparse(base).path:
        base += "/"
    return base + ("?" + view.query_string() if view.to_params() else "")


def _js_string(text: str) -> str:
    import json

    return json.dumps(text).replace("</", "<\\/")


main()
