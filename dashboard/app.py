"""Streamlit layout only: read the view from the URL, draw the widgets, call the views, write the URL back."""

from __future__ import annotations

import threading
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import settings
from dashboard.filters import apply_filter
from dashboard.ingest_run import ingest_paths
from dashboard.state import ViewState, as_lists, from_params
from dashboard.store import Store
from dashboard.views.map import build_map
from dashboard.views.table import table_frame
from dashboard.views.timeline import timeline_chart

CREDITS = (
    "Map tiles © [OpenStreetMap](https://www.openstreetmap.org/copyright) contributors · "
    "places © [GeoNames](https://www.geonames.org/) (CC BY 4.0) · airfields: airportsdata (MIT) · "
    "countries: countryinfo"
)


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


@st.cache_data(show_spinner=False, max_entries=4)
def _events(url: str, version: str) -> pd.DataFrame:
    return _store(url).events_frame()


def _fill_if_empty(store: Store) -> None:
    """First start: read the bundled reports, showing progress in the page."""
    with _fill_lock():
        if store.count("articles"):
            return
        bar = st.progress(0.0, text="First start: reading the bundled reports ...")

        def progress(done: int, total: int, message: str) -> None:
            bar.progress(done / total if total else 0.0, text=f"Reading reports: {done}/{total} {message}")

        summary = ingest_paths([settings.reports_dir()], store, _pipeline, progress)
        bar.empty()
        for error in summary.errors:
            st.warning(f"Could not read {error}")


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}  # noqa: SIM118


def _init_widgets(state: ViewState, lo: date, hi: date) -> None:
    """Widgets start from the URL, once per session; afterwards they hold the analyst's choices."""
    if st.session_state.get("_from_url"):
        return
    st.session_state["_from_url"] = True
    st.session_state["actors"] = list(state.actors)
    st.session_state["dates"] = (state.date_from or lo, state.date_to or hi)
    st.session_state["q"] = state.q


def main() -> None:
    st.set_page_config(page_title="Activity Map", page_icon="🗺️", layout="wide")
    url = settings.db_url()
    store = _store(url)
    _fill_if_empty(store)
    events = _events(url, store.version())

    counts = pd.Series([a for names in events["actors"] for a in names], dtype="object").value_counts()
    state, notices = from_params(_url_params(), set(counts.index))
    if "_notices" not in st.session_state:
        st.session_state["_notices"] = notices
    for notice in st.session_state["_notices"]:
        st.warning(notice, icon="⚠️")

    dated = events["event_date"].dropna()
    first = date.fromisoformat(dated.min()) if not dated.empty else date.today()
    last = date.fromisoformat(dated.max()) if not dated.empty else date.today()
    lo, hi = min(first, state.date_from or first), max(last, state.date_to or last)  # a link may look further
    _init_widgets(state, lo, hi)

    with st.sidebar:
        st.header("Activity Map")
        chosen = st.multiselect(
            "Actors",
            options=list(counts.index),
            key="actors",
            format_func=lambda name: f"{name} ({counts.get(name, 0)})",
            placeholder="All actors",
            help="Events involving any of the chosen actors",
        )
        picked = st.date_input("Event dates", key="dates", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        q = st.text_input("Search the evidence", key="q", placeholder="a word in the sentence, place or actor")
        st.caption(f"{len(events)} events from {store.count('articles')} report(s) in the store.")

    start, end = (tuple(picked) + (None, None))[:2] if isinstance(picked, (tuple, list)) else (picked, None)
    view = state.with_changes(
        actors=tuple(chosen),
        date_from=start if start and start != first else None,  # the whole span needs no parameter
        date_to=end if end and end != last else None,
        q=q.strip(),
    )
    if as_lists(view.to_params()) != _url_params():
        st.query_params.from_dict(view.to_params())

    shown = apply_filter(events, view.to_filter())
    located = shown.dropna(subset=["latitude"])
    st.subheader(f"{len(shown)} event(s) at {located['place_name'].nunique()} place(s)")
    if shown.empty:
        st.info("No event matches these filters. Clear a filter in the sidebar to see more.")
    st_folium(build_map(shown, view), height=560, width="stretch", returned_objects=[], key="map")
    st.altair_chart(timeline_chart(shown), width="stretch")
    st.dataframe(
        table_frame(shown),
        hide_index=True,
        width="stretch",
        column_config={
            "link": st.column_config.LinkColumn("link"),
            "sentence": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(CREDITS)


main()
