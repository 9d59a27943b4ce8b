"""One self-contained HTML file for a snapshot: map, timeline, table and sources, no server, no network.

The map is the dashboard's own folium map with every script and stylesheet inlined and no tile
layer (tiles would be requests); the timeline is inline SVG, so nothing needs a JavaScript CDN.
"""

from __future__ import annotations

import html
import re
from collections import Counter

import pandas as pd

from dashboard.assets import STATIC_URL, inline_local
from dashboard.state import ViewState
from dashboard.views.map import build_map, map_layers

# Nothing may be fetched: scripts and styles inline only, images as data: URLs.
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; frame-src about:"
STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222} table{border-collapse:collapse;font-size:13px} "
    "td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left} "
    "iframe{width:100%;height:560px;border:1px solid #ccc}"
)
_SCRIPT = re.compile(r'<script src="' + re.escape(STATIC_URL) + r'/([^"]+)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="' + re.escape(STATIC_URL) + r'/([^"]+)"/?>')


def _inline(page: str) -> str:
    """Replace links to the locally served assets with the assets themselves."""

    def script(match: re.Match) -> str:
        return "<script>" + inline_local(match.group(1)).replace("</script", "<\\/script") + "</script>"

    page = _SCRIPT.sub(script, page)
    return _STYLESHEET.sub(lambda m: "<style>" + inline_local(m.group(1)) + "</style>", page)


def map_html(events: pd.DataFrame, view: ViewState) -> str:
    """The dashboard's map as a full HTML document: assets and basemap inlined, no tiles, nothing fetched."""
    layers = map_layers(events, view.actors)
    fmap = build_map(layers, lat=view.lat, lon=view.lon, zoom=view.zoom, standalone=True)
    return _inline(fmap.get_root().render())


def timeline_svg(events: pd.DataFrame, width: int = 900, height: int = 160) -> str:
    """Events per day (per month when the span is long) as an inline SVG bar chart."""
    dates = pd.to_datetime(events["event_date"].dropna(), errors="coerce").dropna()
    if dates.empty:
        return "<p>No dated events.</p>"
    monthly = (dates.max() - dates.min()).days > 180
    keys = dates.dt.strftime("%Y-%m" if monthly else "%Y-%m-%d")
    counts = Counter(keys)
    labels = sorted(counts)
    peak = max(counts.values())
    bar = max(2.0, (width - 40) / max(len(labels), 1))
    bars = []
    for i, label in enumerate(labels):
        h = (height - 30) * counts[label] / peak
        x, y = 30 + i * bar, height - 20 - h
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar * 0.8:.1f}" height="{h:.1f}" fill="#b2182b">'
            f"<title>{html.escape(label)}: {counts[label]} event(s)</title></rect>"
        )
    axis = (
        f'<text x="30" y="{height - 4}" font-size="11">{html.escape(labels[0])}</text>'
        f'<text x="{width - 10}" y="{height - 4}" font-size="11" text-anchor="end">{html.escape(labels[-1])}</text>'
        f'<text x="2" y="12" font-size="11">{peak}</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="events per {"month" if monthly else "day"}">{"".join(bars)}{axis}</svg>'
    )


def _table(events: pd.DataFrame) -> str:
    e = html.escape
    head = "<tr><th>date</th><th>place</th><th>actors</th><th>activity</th><th>sentence</th><th>source</th></tr>"
    rows = []
    for row in events.sort_values("event_date", ascending=False, kind="stable").itertuples(index=False):
        actors = ", ".join(row.actors) if isinstance(row.actors, list) else ""
        source = e(str(row.source or row.title or "report"))
        link = f"<a href='{e(row.url)}' rel='noopener noreferrer'>{source}</a>" if row.url else source
        rows.append(
            f"<tr><td>{e(str(row.event_date or ''))} <small>{e(str(row.date_precision))}</small></td>"
            f"<td>{e(str(row.place_name or '(unresolved)'))}</td><td>{e(actors)}</td>"
            f"<td>{e(str(row.activity or ''))}</td><td>{e(str(row.sentence))}</td><td>{link}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _sources(events: pd.DataFrame) -> str:
    e = html.escape
    articles = events.drop_duplicates("article_id")
    items = []
    for row in articles.itertuples(index=False):
        label = e(str(row.title or row.source or row.article_id))
        source = f" — {e(str(row.source))}" if row.source else ""
        url = f" <small>{e(row.url)}</small>" if row.url else ""
        items.append(f"<li>{label}{source}{url}</li>")
    return f"<ul>{''.join(items)}</ul>"


def snapshot_html(events: pd.DataFrame, view: ViewState, title: str, created_at: str, snapshot_id: str) -> str:
    """The whole snapshot as one HTML document."""
    e = html.escape
    frame = map_html(events, view)
    srcdoc = e(frame, quote=True)
    filters = e(view.with_changes(snapshot=None).query_string() or "no filter")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title or "Activity Map snapshot")}</title>
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<style>{STYLE}</style>
</head><body>
<h1>{e(title or "Activity Map snapshot")}</h1>
<p>Snapshot <code>{e(snapshot_id)}</code>, taken {e(created_at)} · {len(events)} event(s) ·
filters: <code>{filters}</code></p>
<iframe id="map" title="map" sandbox="allow-scripts" srcdoc="{srcdoc}"></iframe>
<h2>Timeline</h2>{timeline_svg(events)}
<h2>Events</h2>{_table(events)}
<h2>Sources</h2>{_sources(events)}
<p><small>Places © GeoNames (CC BY 4.0); map data © OpenStreetMap contributors; airfields: airportsdata.</small></p>
</body></html>
"""
