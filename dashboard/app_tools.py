"""Streamlit layout for sharing and bringing in: snapshots, exports, uploads, pasted reports, corrections.

Layout only, like `app.py`: every piece of work is a call into a plain module (`snapshots`,
`export`, `uploads`, `corrections`, `views.standalone`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import snapshots
from dashboard.export import to_string
from dashboard.filters import prepare
from dashboard.state import ViewState
from dashboard.store import Store
from dashboard.views.map import build_map, map_layers
from dashboard.views.standalone import snapshot_html
from dashboard.views.table import table_frame
from dashboard.views.timeline import pick_bin, timeline_chart

UPLOAD_TYPES = ["txt", "md", "html", "htm", "jsonl", "ndjson", "csv", "rss", "atom", "xml"]
EXPORTS = {"csv": "text/csv", "geojson": "application/geo+json", "jsonl": "application/x-ndjson"}


def full_events(store: Store, shown: pd.DataFrame) -> pd.DataFrame:
    """The complete stored records (every export field) of the events a view shows."""
    ids = set(shown["event_id"].astype(str)) if "event_id" in shown else set()
    every = store.events_frame()
    return every[every["event_id"].isin(ids)].reset_index(drop=True)


def _app_link(base: str, query: str) -> str:
    return base.split("?", 1)[0] + ("?" + query if query else "")


# -- share: snapshots and exports ----------------------------------------------------------------
def share_controls(store: Store, shown: pd.DataFrame, view: ViewState, base_url: str) -> None:
    """Freeze the view under a link; download the view's events; both only on request (cheap reruns)."""
    if st.button("Create snapshot link", key="make_snapshot", help="Freeze this view and its events"):
        frozen = full_events(store, shown)
        snapshot_id = snapshots.create(store.con, view.with_changes(snapshot=None), frozen)
        st.session_state["_snapshot"] = snapshot_id
    if made := st.session_state.get("_snapshot"):
        st.caption("Snapshot link (shows the same events whatever is ingested later):")
        st.code(_app_link(base_url, f"snapshot={made}"), language=None)
    prepared_for = (view.filter_key(), store.version())
    if st.button("Prepare downloads of this view", key="prepare_exports"):
        frame = full_events(store, shown)  # read and written once per click, not again on every rerun
        media = store.media_names()
        st.session_state["_exports"] = (
            prepared_for,
            len(frame),
            {fmt: to_string(frame, fmt, media) for fmt in EXPORTS},
        )
    prepared = st.session_state.get("_exports")
    if prepared and prepared[0] == prepared_for:
        _, count, texts = prepared
        for fmt, mime in EXPORTS.items():
            st.download_button(
                f"Download {fmt.upper()} ({count} events)",
                texts[fmt],
                f"activity-map.{fmt}",
                mime=mime,
                key=f"download_{fmt}",
            )


def snapshot_page(store: Store, snapshot_id: str, base_url: str) -> bool:
    """Draw a snapshot (map, timeline, table exactly as frozen); False when no snapshot has that id."""
    snap = snapshots.load(store.con, snapshot_id)
    if snap is None:
        st.warning(f"No snapshot has the id '{snapshot_id}': showing the live view instead.", icon="⚠️")
        return False
    from streamlit_folium import st_folium

    events = prepare(snap.events) if not snap.events.empty else snap.events
    live_query = snap.view.with_changes(snapshot=None).query_string()
    st.info(
        f"Snapshot taken {snap.created_at}: {len(events)} frozen event(s). Reports ingested since do not change it. "
        f"[Open the live view with the same filters]({_app_link(base_url, live_query) or '?'})",
        icon="🧊",
    )
    with st.sidebar:
        st.header("Activity Map")
        st.caption(f"Snapshot `{snap.id}`" + (f": {snap.title}" if snap.title else ""))
        st.caption(f"Filters: `{live_query or 'none'}`")
        st.download_button(
            "Download as one HTML file",
            snapshot_html(events, snap.view, snap.title, snap.created_at, snap.id),
            f"activity-map-snapshot-{snap.id}.html",
            mime="text/html",
            key="snapshot_html",
        )
    layers = map_layers(events, snap.view.actors)
    st.subheader(f"{len(events)} event(s) at {layers.places} place(s)")
    st_folium(
        build_map(layers, lat=snap.view.lat, lon=snap.view.lon, zoom=snap.view.zoom),
        key="snapshot_map",
        height=560,
        use_container_width=True,
        returned_objects=[],
    )
    if not events.empty:
        legend = [name for name, _ in layers.legend]
        st.altair_chart(timeline_chart(events, legend, snap.view.bin or pick_bin(events)), width="stretch")
    st.dataframe(table_frame(events), hide_index=True, width="stretch", column_config={"event": None})
    return True


# -- bring reports in ----------------------------------------------------------------------------
def _report(summary) -> None:
    st.session_state["_ingest_report"] = {
        "line": summary.line(),
        "errors": [str(e) for e in summary.errors],
        "warnings": [str(w) for w in summary.warnings],
    }


def show_ingest_report() -> None:
    report = st.session_state.pop("_ingest_report", None)
    if not report:
        return
    (st.error if report["errors"] else st.success)(report["line"])
    for error in report["errors"]:
        st.error(f"Not read: {error}")
    for warning in report["warnings"]:
        st.warning(warning)


def bring_reports(store: Store, pipeline_factory: Callable[[], object]) -> None:
    """Upload files or paste a report; a progress bar while the pipeline runs; then the new points show."""
    from dashboard.ingest_run import IngestSummary, ingest_articles
    from dashboard.uploads import ingest_uploads, pasted_article

    with st.expander("Add reports"):
        files = st.file_uploader(
            "Report files",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key="uploads",
            help="Plain text, HTML, JSONL/CSV exports (a `text` field or column), RSS/Atom feeds.",
        )
        if st.button("Read the uploaded files", key="read_uploads", disabled=not files):
            bar = st.progress(0.0, text="Reading the uploaded reports ...")
            summary = ingest_uploads(
                [(f.name, f.getvalue()) for f in files or []],
                store,
                pipeline_factory,
                lambda done, total, msg: bar.progress(done / total if total else 1.0, text=f"{done}/{total} {msg}"),
            )
            bar.empty()
            _report(summary)
            st.rerun()
        with st.form("paste", clear_on_submit=True):
            text = st.text_area("Or paste a report's text", height=140)
            title = st.text_input("Title")
            published = st.date_input("Published", value=None, format="YYYY-MM-DD")
            source = st.text_input("Source")
            url = st.text_input("Link to the report")
            if st.form_submit_button("Add the pasted report"):
                article = pasted_article(text, title, published if isinstance(published, date) else None, source, url)
                summary = IngestSummary()
                if hasattr(article, "reason"):
                    summary.errors.append(article)
                else:
                    with st.spinner("Reading the report ..."):
                        ingest_articles([article], store, pipeline_factory, summary)
                _report(summary)
                st.rerun()


# -- corrections ---------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _resolver():
    from dashboard import settings
    from dashboard.geocode.gazetteer import Gazetteer, ensure_index
    from dashboard.geocode.resolve import Resolver

    return Resolver(Gazetteer(ensure_index(settings.geocache_dir(), settings.data_dir() / "places.csv")))


def correction_controls(store: Store, event_id: str) -> None:
    """Pick another gazetteer place, or set the point by hand, for every event with this mention in context."""
    from dashboard.corrections import analyst_place, candidates_for
    from dashboard.model import Place

    stored = store.event(event_id)
    if not stored or not stored.get("place_key"):
        return
    with st.expander(f"Correct the place of '{stored['mention']}'"):
        choices = candidates_for(_resolver(), stored["place_key"])
        labels = [
            f"{p.name} ({p.feature}, {p.country_code or '-'}; {p.latitude:.3f}, {p.longitude:.3f})" for p in choices
        ]
        pick = st.selectbox(
            "Another place from the gazetteer",
            range(len(choices)),
            format_func=labels.__getitem__,
            index=None,
            key=f"candidate_{event_id}",
            placeholder="choose a place",
        )
        cols = st.columns(2)
        lat = cols[0].number_input("or latitude", -90.0, 90.0, value=None, format="%.5f", key=f"lat_{event_id}")
        lon = cols[1].number_input("longitude", -180.0, 180.0, value=None, format="%.5f", key=f"lon_{event_id}")
        note = st.text_input("Why (kept with the correction)", key=f"note_{event_id}")
        place = None
        if lat is not None and lon is not None:
            place = Place(stored["mention"], lat, lon, "point", "analyst point")
        elif pick is not None:
            place = choices[pick]
        if st.button("Apply to every such mention", key=f"apply_{event_id}", disabled=place is None):
            changed = store.add_override(stored["place_key"], stored["mention"], analyst_place(place), note)
            st.session_state["_ingest_report"] = {
                "line": f"'{stored['mention']}' now means {place.name}: {changed} event(s) updated.",
                "errors": [],
                "warnings": [],
            }
            st.rerun()
