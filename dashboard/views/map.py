"""The map: one marker per place (sized by its events), popups with the evidence, assets served locally.

Pure: `build_map(events, state)` returns a folium Map and touches nothing else. Every text that
comes from a report is HTML-escaped before it reaches the page.
"""

from __future__ import annotations

import html
import math

import folium
import pandas as pd
from folium.plugins import MarkerCluster

from dashboard.assets import local_url
from dashboard.state import ViewState

AREA_PRECISIONS = {"region", "country", "continent"}
POPUP_EVENTS = 15
ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors · '
    'places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)


def aggregate_places(events: pd.DataFrame) -> pd.DataFrame:
    """One row per located place: how many events, which actors, over which dates."""
    located = events.dropna(subset=["latitude", "longitude"])
    if located.empty:
        return pd.DataFrame(
            columns=["place_name", "latitude", "longitude", "geo_precision", "count", "actors", "first", "last"]
        )
    grouped = located.groupby(["place_name", "latitude", "longitude", "geo_precision"], dropna=False, sort=False)
    table = grouped.agg(
        count=("event_id", "size"),
        actors=("actors", lambda col: sorted({a for names in col for a in names})),
        first=("event_date", "min"),
        last=("event_date", "max"),
    ).reset_index()
    return table.sort_values("count", ascending=False, kind="stable")


def _highlight(sentence: str, mention: str) -> str:
    """The sentence escaped, with the first occurrence of the mention marked."""
    at = sentence.find(mention) if mention else -1
    if at < 0:
        return html.escape(sentence)
    return (
        html.escape(sentence[:at])
        + "<mark>"
        + html.escape(mention)
        + "</mark>"
        + html.escape(sentence[at + len(mention) :])
    )


def popup_html(place: pd.Series, events: pd.DataFrame) -> str:
    """The evidence for one place: each event's date, actors, activity, sentence and source."""
    e = html.escape
    head = (
        f"<div class='am-popup'><b>{e(str(place['place_name']))}</b> "
        f"<small>({e(str(place['geo_precision']))}; {int(place['count'])} event(s))</small><ol>"
    )
    items = []
    for row in events.head(POPUP_EVENTS).itertuples(index=False):
        when = e(str(row.event_date or "undated")) + (
            "" if row.date_precision in ("day", "none") else f" ({e(row.date_precision)})"
        )
        who = e(", ".join(row.actors)) or "no actor named"
        what = f" · {e(row.activity)}" if row.activity else ""
        source = e(str(row.source or row.title or "report"))
        link = f"<a href='{e(row.url)}' target='_blank' rel='noopener noreferrer'>{source}</a>" if row.url else source
        items.append(
            f"<li><small>{when} · {who}{what}</small><br>{_highlight(row.sentence, row.mention)}"
            f"<br><small>{link}</small></li>"
        )
    more = len(events) - POPUP_EVENTS
    tail = f"<p><small>and {more} more in the table</small></p>" if more > 0 else ""
    return head + "".join(items) + "</ol>" + tail + "</div>"


def _localise(element: folium.Element, keep_js: tuple[str, ...], keep_css: tuple[str, ...]) -> None:
    """Point an element's JS/CSS at the locally served copies, keeping only what it needs."""
    element.default_js = [(n, local_url(u)) for n, u in element.default_js if n in keep_js]
    element.default_css = [(n, local_url(u)) for n, u in element.default_css if n in keep_css]


def build_map(events: pd.DataFrame, state: ViewState, height: int = 560) -> folium.Map:
    places = aggregate_places(events)
    fmap = folium.Map(
        location=[state.lat or 25.0, state.lon or 15.0],
        zoom_start=state.zoom or 3,
        tiles=None,
        max_zoom=18,
        control_scale=True,
        prefer_canvas=True,
        height=height,
    )
    _localise(fmap, ("leaflet",), ("leaflet_css",))
    folium.TileLayer("OpenStreetMap", attr=ATTRIBUTION, name="OpenStreetMap", max_zoom=18).add_to(fmap)
    cluster = MarkerCluster(name="events", options={"maxClusterRadius": 40, "showCoverageOnHover": False})
    _localise(cluster, ("markerclusterjs",), ("markerclustercss", "markerclusterdefaultcss"))
    cluster.add_to(fmap)
    by_place = events.groupby(["place_name", "latitude", "longitude"], sort=False) if not events.empty else None
    for place in places.itertuples(index=False):
        rows = (
            by_place.get_group((place.place_name, place.latitude, place.longitude)) if by_place is not None else events
        )
        area = place.geo_precision in AREA_PRECISIONS
        radius = 6 + 3 * math.log2(place.count)
        folium.CircleMarker(
            location=[place.latitude, place.longitude],
            radius=radius,
            color="#b2182b",
            weight=2,
            fill=not area,
            fill_opacity=0.7,
            dash_array="4 4" if area else None,
            tooltip=html.escape(f"{place.place_name}: {place.count} event(s)"),
            popup=folium.Popup(popup_html(pd.Series(place._asdict()), rows), max_width=460, lazy=True),
        ).add_to(cluster)
    if state.lat is None and not places.empty:
        south, north = places["latitude"].min(), places["latitude"].max()
        west, east = places["longitude"].min(), places["longitude"].max()
        fmap.fit_bounds([[south, west], [north, east]], padding=(30, 30), max_zoom=8)
    return fmap
