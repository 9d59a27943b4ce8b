"""The map: one marker per place, sized by its events and coloured by actor, clustered in the browser.

Pure: `map_layers(events)` turns events into a compact, cacheable description of the markers (one
row per place, popups as escaped HTML); `build_map(layers, ...)` wraps it in a folium Map whose
JavaScript builds the markers from that data (FastMarkerCluster-style), so the page stays fast with
many thousands of places. Places known only to a region or a country are drawn as a hollow ring
with a dashed circle for their uncertainty, never as an exact dot. Markers are DOM nodes (DivIcons),
so a browser test can see them. Leaflet, the clustering plugin and the country outlines of the
offline basemap are served locally (see `dashboard.assets`).
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from functools import cache

import folium
import numpy as np
import pandas as pd
from folium.elements import JSCSSMixin
from folium.template import Template

from dashboard.assets import local_url, outlines_geojson, outlines_url
from dashboard.filters import COORD_DIGITS, PLACE_NUMBER, actor_pairs, column, place_numbers
from dashboard.views.evidence import PRECISION_NOTES, event_html

AREA_PRECISIONS = {"region", "country", "continent"}
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f")
OTHER_COLOUR = "#8c8c8c"
LEGEND_SIZE = len(PALETTE)
POPUP_EVENTS = 5  # events listed in one place's popup at most
POPUP_BUDGET = 600  # events listed in all popups together: beyond it, popups summarise and the panel lists
REGION_RADIUS_M = 100_000
CONTINENT_RADIUS_M = 1_500_000
COUNTRY_RADIUS_M = (50_000, 800_000)  # bounds for a country's uncertainty circle
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
DATA_ATTRIBUTION = (
    'places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) · airfields: airportsdata · '
    "outlines: countryinfo"
)
PLACE_KEY = ("place_name", "latitude", "longitude", "geo_precision")


@dataclass(frozen=True)
class MapLayers:
    """What the map draws, ready to embed: one JSON row per place, the legend, the bounds."""

    rows: str  # JSON array, see `map_layers`
    legend: tuple[tuple[str, str], ...]  # (actor, colour)
    places: int
    events: int
    bounds: tuple[tuple[float, float], tuple[float, float]] | None


def legend_actors(
    events: pd.DataFrame, chosen: tuple[str, ...] = (), size: int = LEGEND_SIZE, pairs: pd.Series | None = None
) -> list[str]:
    """The actors that get a colour: the chosen ones first, then the busiest of the events."""
    names = [a for a in chosen if a][:size]
    if len(names) < size:
        busiest = (actor_pairs(events) if pairs is None else pairs).value_counts()
        names += [a for a in busiest.index if a not in names][: size - len(names)]
    return names


@cache
def _country_areas() -> dict[str, float]:
    """ISO alpha-2 -> area in km², from the installed countryinfo package."""
    from importlib import resources

    areas: dict[str, float] = {}
    for entry in (resources.files("countryinfo") / "data").iterdir():
        if not entry.name.endswith(".json"):
            continue
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            code = ((data.get("ISO") or {}).get("alpha2") or "").upper()
            if code and data.get("area"):
                areas[code] = float(data["area"])
        except (ValueError, TypeError):
            continue
    return areas


def uncertainty_m(precision: str, country_code: str) -> int:
    """How far from its point a place of this precision may really be, in metres (0: exact enough)."""
    if precision == "region":
        return REGION_RADIUS_M
    if precision == "continent":
        return CONTINENT_RADIUS_M
    if precision == "country":
        area = _country_areas().get((country_code or "").upper())
        if not area:
            return COUNTRY_RADIUS_M[1] // 2
        low, high = COUNTRY_RADIUS_M
        return int(min(max(math.sqrt(area / math.pi) * 1000 * 0.7, low), high))
    return 0


def marker_px(count: int) -> int:
    """Marker diameter in pixels: grows with the logarithm of the place's events."""
    return int(min(12 + 4 * math.log2(max(count, 1)), 44))


def place_ids(events: pd.DataFrame) -> pd.Series:
    """For each located event, a number shared by the events at the same place (name, point, precision)."""
    numbers = events[PLACE_NUMBER].to_numpy() if PLACE_NUMBER in events.columns else place_numbers(events)
    keep = numbers >= 0
    return pd.Series(numbers[keep], index=events.index[keep])


def aggregate_places(events: pd.DataFrame, ids: pd.Series | None = None) -> pd.DataFrame:
    """One row per located place: its number, name, point, precision, country, events and dates, busiest first."""
    cols = ["place", *PLACE_KEY, "country_code", "count", "first", "last"]
    ids = place_ids(events) if ids is None else ids
    if ids.empty:
        return pd.DataFrame(columns=cols)
    at = events.index.get_indexer(ids.index)  # positions: a take by position, not a label lookup per column

    def values(name: str, default: object) -> np.ndarray:
        return column(events, name).to_numpy(dtype=object, na_value=default)[at]

    frame = pd.DataFrame(
        {
            "place": ids.to_numpy(),
            "latitude": events["latitude"].to_numpy(dtype=float)[at].round(COORD_DIGITS),
            "longitude": events["longitude"].to_numpy(dtype=float)[at].round(COORD_DIGITS),
            "event_date": values("event_date", ""),
        }
    )
    grouped = frame.groupby("place", sort=False)
    table = grouped.agg(
        latitude=("latitude", "first"),
        longitude=("longitude", "first"),
        count=("place", "size"),
        first=("event_date", "min"),
        last=("event_date", "max"),
    ).reset_index()
    # the text fields of a place are the same for all its events: take them from one event each
    one = pd.Series(at, index=frame["place"].to_numpy()).groupby(level=0, sort=False).first()
    firsts = one.reindex(table["place"]).to_numpy()
    for name, default in (("place_name", ""), ("geo_precision", "city"), ("country_code", "")):
        table[name] = column(events, name).to_numpy(dtype=object, na_value=default)[firsts]
        table[name] = table[name].fillna(default).astype(str)
    table["first"] = table["first"].fillna("").astype(str)
    table["last"] = table["last"].fillna("").astype(str)
    order = ["count", "place_name", "latitude", "longitude"]
    return table.sort_values(order, ascending=[False, True, True, True], kind="stable").reset_index(drop=True)[cols]


def _place_actor_counts(where: pd.Series, pairs: pd.Series) -> pd.DataFrame:
    """(place, actor, events) for every actor at every place."""
    placed = pairs[pairs.index.isin(where.index)]
    frame = pd.DataFrame({"place": where.reindex(placed.index).to_numpy(), "actor": placed.to_numpy()})
    return frame.groupby(["place", "actor"], sort=False).size().reset_index(name="n")


def map_layers(events: pd.DataFrame, chosen_actors: tuple[str, ...] = (), pairs: pd.Series | None = None) -> MapLayers:
    """The markers for `events`: one per place, its colour the legend actor with most events there.

    `rows` is a JSON object `{"actors": [...], "rows": [...]}`; each row is
    `[lat, lon, count, colour, area, diameter_px, uncertainty_m, name, precision, first, last, top, events]`:
    `colour` indexes the legend (its length: "other actors"), `top` is `[actor index, events, ...]` for the
    place's three busiest actors, `events` the escaped HTML of its newest events (while the whole map stays
    within POPUP_BUDGET of them). Every text in it is HTML-escaped; the browser assembles popups from it.
    `pairs` may pass `actor_pairs(events)` when the caller has it already.
    """
    pairs = actor_pairs(events) if pairs is None else pairs
    legend = legend_actors(events, chosen_actors, pairs=pairs)
    where = place_ids(events)
    places = aggregate_places(events, where)
    if places.empty:
        return MapLayers(
            _script_json({"actors": [], "rows": []}), tuple(zip(legend, PALETTE, strict=False)), 0, 0, None
        )
    counts = _place_actor_counts(where, pairs)
    rank = {name: i for i, name in enumerate(legend)}
    counts["rank"] = counts["actor"].map(rank)
    in_legend = counts.dropna(subset=["rank"]).sort_values(["place", "n", "rank"], ascending=[True, False, True])
    colour = in_legend.drop_duplicates("place").set_index("place")["rank"].astype(int).to_dict()
    busiest = counts.sort_values(["place", "n", "actor"], ascending=[True, False, True]).groupby("place").head(3)
    names: dict[str, int] = {}
    top: dict[int, list[int]] = {}
    for place, actor, n in zip(busiest["place"], busiest["actor"], busiest["n"], strict=True):
        top.setdefault(int(place), []).extend([names.setdefault(str(actor), len(names)), int(n)])
    per_place = min(POPUP_EVENTS, POPUP_BUDGET // max(len(places), 1))
    listed: dict[int, str] = {}
    if per_place:
        located = events.loc[where.index].assign(_place=where.to_numpy())
        recent = located.sort_values("event_date", ascending=False, na_position="last", kind="stable")
        newest = recent.groupby("_place", sort=False).head(per_place)  # one pass, not one per place
        parts: dict[int, list[str]] = {}
        for row in newest.to_dict("records"):
            parts.setdefault(int(row["_place"]), []).append(event_html(row))
        listed = {place: "".join(items) for place, items in parts.items()}
    e = html.escape
    rows = []
    for number, name, lat, lon, precision, code, count, first, last in zip(
        places["place"],
        places["place_name"],
        places["latitude"],
        places["longitude"],
        places["geo_precision"],
        places["country_code"],
        places["count"],
        places["first"],
        places["last"],
        strict=True,
    ):
        area = precision in AREA_PRECISIONS
        rows.append(
            [
                lat,
                lon,
                int(count),
                int(colour.get(number, len(legend))),
                1 if area else 0,
                marker_px(int(count)),
                uncertainty_m(precision, code) if area else 0,
                e(name),
                e(PRECISION_NOTES.get(precision, precision)),
                e(first),
                e(last),
                top.get(int(number), []),
                listed.get(int(number), 0),
            ]
        )
    bounds = (
        (float(places["latitude"].min()), float(places["longitude"].min())),
        (float(places["latitude"].max()), float(places["longitude"].max())),
    )
    return MapLayers(
        rows=_script_json({"actors": [e(a) for a in names], "rows": rows}),
        legend=tuple(zip(legend, PALETTE, strict=False)),
        places=len(places),
        events=int(places["count"].sum()),
        bounds=bounds,
    )


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script>: no '</' sequence can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def legend_html(legend: tuple[tuple[str, str], ...], other: bool = True) -> str:
    """The legend as escaped HTML: a folding box, so that it never hides the map for long."""
    e = html.escape
    items = "".join(
        f"<div><i class='am-swatch' style='background:{colour}'></i>{e(name)}</div>" for name, colour in legend
    )
    if other:
        items += f"<div><i class='am-swatch' style='background:{OTHER_COLOUR}'></i>other actors</div>"
    return (
        "<details><summary>Legend</summary>"
        "<div class='am-legend-title'>Colour: the actor with most events at the place</div>"
        + items
        + "<div class='am-legend-key'><i class='am-dot-key'></i>town, city or exact point</div>"
        "<div class='am-legend-key'><i class='am-ring-key'></i>region or country only "
        "(dashed: how far off it may be)</div></details>"
    )


CSS = """
<style>
.leaflet-container { background: #d9e6ee; font: 13px/1.35 system-ui, sans-serif; }
.am-place span { display: block; width: 100%; height: 100%; border-radius: 50%; box-sizing: border-box; }
.am-exact span { border: 1.5px solid #222; opacity: 0.88; }
.am-area span { border: 3px dashed; background: rgba(255,255,255,0.35); }
.am-cluster div { background: rgba(60,60,60,0.25); }
.am-cluster span { color: #111; font-weight: 600; }
.am-selected span { display: block; width: 100%; height: 100%; border-radius: 50%; box-sizing: border-box;
  border: 4px solid #111; box-shadow: 0 0 0 3px #ffd400; }
.am-legend { background: rgba(255,255,255,0.92); padding: 4px 8px; border-radius: 4px; max-width: 240px;
  max-height: 300px; overflow-y: auto; box-shadow: 0 1px 4px rgba(0,0,0,0.3); font-size: 12px; }
.am-legend summary { cursor: pointer; font-weight: 600; }
.am-legend div { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.am-legend-title { font-weight: 600; white-space: normal !important; }
.am-legend-key { white-space: normal !important; color: #444; font-size: 12px; }
.am-swatch, .am-dot-key, .am-ring-key { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  margin-right: 5px; vertical-align: -1px; }
.am-dot-key { background: #777; border: 1.5px solid #222; }
.am-ring-key { border: 2px dashed #555; }
.am-popup { max-height: 320px; overflow-y: auto; }
.am-popup .am-event { border-top: 1px solid #ddd; margin-top: 5px; padding-top: 4px; }
.am-meta, .am-where, .am-source { color: #444; font-size: 12px; }
.am-more { color: #555; font-style: italic; margin-top: 4px; }
.am-offline { background: rgba(255,255,255,0.9); padding: 2px 6px; font-size: 11px; }
mark { background: #ffe66d; padding: 0 1px; }
</style>
"""


class PlacesLayer(JSCSSMixin, folium.MacroElement):
    """The places, clustered in the browser from one data array (no per-marker Python objects)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}"""
        + CSS
        + """{% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var data = {{ this.rows }}, rows = data.rows, actors = data.actors;
            var colours = {{ this.colours }};
            // Every text in `data` is HTML-escaped already; numbers are numbers.
            function popup(r) {
                var who = [];
                for (var k = 0; k < r[11].length; k += 2) { who.push(actors[r[11][k]] + ' (' + r[11][k + 1] + ')'); }
                var span = r[9] ? (r[9] === r[10] ? r[9] : r[9] + ' – ' + r[10]) : '';
                var shown = r[12] ? (r[12].match(/class='am-event'/g) || []).length : 0;
                var more = r[2] - shown;
                return "<div class='am-popup'><div class='am-title'><b>" + r[7] + '</b> <small>(' + r[8] +
                    ")</small></div><div class='am-meta'>" + r[2] + ' event(s)' + (span ? ' · ' + span : '') +
                    "</div><div class='am-meta'>" + (who.join(', ') || 'no actor named') + '</div>' + (r[12] || '') +
                    (more > 0 ? "<div class='am-more'>" + more +
                        ' more event(s): the panel beside the map lists them once you click the place.</div>' : '') +
                    '</div>';
            }
            var cluster = L.markerClusterGroup({
                maxClusterRadius: 40, showCoverageOnHover: false, chunkedLoading: true,
                iconCreateFunction: function (c) {
                    var n = 0;
                    c.getAllChildMarkers().forEach(function (m) { n += m.options.count || 1; });
                    var size = n < 10 ? 'small' : (n < 100 ? 'medium' : 'large');
                    return L.divIcon({
                        html: '<div data-places="' + c.getChildCount() + '"><span>' + n + '</span></div>',
                        className: 'marker-cluster marker-cluster-' + size + ' am-cluster',
                        iconSize: L.point(40, 40)
                    });
                }
            });
            var areas = L.featureGroup();
            var exact = [];
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i], ll = [r[0], r[1]], d = r[5], colour = colours[r[3]];
                var icon = L.divIcon({
                    className: 'am-place ' + (r[4] ? 'am-area' : 'am-exact'),
                    html: '<span style="' + (r[4] ? 'border-color:' : 'background:') + colour + '"></span>',
                    iconSize: [d, d]
                });
                var m = L.marker(ll, {icon: icon, count: r[2], riseOnHover: true, row: r});
                m.bindTooltip(r[7] + ' · ' + r[2] + ' event(s)');
                m.bindPopup(function (layer) { return popup(layer.options.row); }, {maxWidth: 460, minWidth: 260});
                if (r[4]) {
                    L.circle(ll, {radius: r[6], color: colour, weight: 1.5, dashArray: '6 6', fill: false,
                                  interactive: false, className: 'am-uncertainty'}).addTo(areas);
                    m.addTo(areas);
                } else {
                    exact.push(m);
                }
            }
            cluster.addLayers(exact);
            areas.addTo(map);
            cluster.addTo(map);
            window.amPlaces = {rows: rows.length, cluster: cluster, areas: areas, popup: popup};
        })();
        {% endmacro %}
        """
    )

    def __init__(self, layers: MapLayers) -> None:
        super().__init__()
        self._name = "PlacesLayer"
        self.rows = layers.rows
        self.colours = json.dumps([c for _, c in layers.legend] + [OTHER_COLOUR])
        self.default_js = [("markerclusterjs", local_url(_CLUSTER_JS))]
        self.default_css = [
            ("markerclustercss", local_url(_CLUSTER_CSS)),
            ("markerclusterdefaultcss", local_url(_CLUSTER_DEFAULT_CSS)),
        ]


_CLUSTER_JS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js"
_CLUSTER_CSS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css"
_CLUSTER_DEFAULT_CSS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css"


class Basemap(folium.MacroElement):
    """Country outlines drawn from a locally served file beneath everything; OpenStreetMap tiles on top
    only when asked for, dropped again (outlines remain) when they cannot be loaded."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.createPane('am-outlines');
            map.getPane('am-outlines').style.zIndex = 150;
            map.getPane('am-outlines').style.pointerEvents = 'none';
            function draw(g) {
                L.geoJSON(g, {pane: 'am-outlines', interactive: false,
                              style: {color: '#8a969e', weight: 0.8, fillColor: '#f4f2ec', fillOpacity: 1}}).addTo(map);
            }
            {% if this.inline %}
            draw({{ this.inline }});
            {% else %}
            fetch({{ this.outlines|tojson }}).then(function (r) { return r.json(); }).then(draw).catch(function () {});
            {% endif %}
            map.attributionControl.addAttribution({{ this.data_attribution|tojson }});
            {% if this.osm %}
            var tiles = L.tileLayer({{ this.tiles|tojson }},
                                    {maxZoom: 19, attribution: {{ this.osm_attribution|tojson }}});
            var loaded = false, failed = 0;
            tiles.on('tileload', function () { loaded = true; });
            tiles.on('tileerror', function () {
                failed += 1;
                if (!loaded && failed >= 4 && map.hasLayer(tiles)) {
                    map.removeLayer(tiles);
                    var note = L.control({position: 'bottomleft'});
                    note.onAdd = function () {
                        var div = L.DomUtil.create('div', 'am-offline');
                        div.textContent = 'OpenStreetMap tiles are unreachable: showing the offline outlines.';
                        return div;
                    };
                    note.addTo(map);
                }
            });
            tiles.addTo(map);
            {% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, osm: bool = False, inline: bool = False) -> None:
        """`inline`: carry the outlines in the page itself (self-contained files fetch nothing)."""
        super().__init__()
        self._name = "Basemap"
        self.osm = osm
        self.outlines = outlines_url()
        self.inline = _script_json(outlines_geojson()) if inline else ""
        self.tiles = OSM_TILES
        self.osm_attribution = OSM_ATTRIBUTION
        self.data_attribution = DATA_ATTRIBUTION


class Legend(folium.MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'am-legend');
                div.innerHTML = {{ this.html }};
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, legend: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = _script_json(legend_html(legend))


class SelectedEvent(folium.MacroElement):
    """A ring around the selected event's place and its evidence in an open popup."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var ring = L.marker({{ this.location }}, {
                icon: L.divIcon({className: 'am-selected', html: '<span></span>',
                                 iconSize: [{{ this.size }}, {{ this.size }}]}),
                interactive: false, keyboard: false, zIndexOffset: 1000
            });
            ring.bindPopup({{ this.html }}, {maxWidth: 460, minWidth: 260, className: 'am-selected-popup'});
            ring.addTo(group);
            {% if this.open %}setTimeout(function () { if (ring._map) { ring.openPopup(); } }, 0);{% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, latitude: float, longitude: float, popup: str, size: int = 34, open: bool = True) -> None:
        super().__init__()
        self._name = "SelectedEvent"
        self.open = open
        self.location = json.dumps([round(float(latitude), COORD_DIGITS), round(float(longitude), COORD_DIGITS)])
        self.html = _script_json(popup)
        self.size = int(size)


def selection_group(event: dict, open_popup: bool = True) -> folium.FeatureGroup | None:
    """The selected event as a layer st_folium adds to the live map (no reload); None when it has no place.

    Its popup opens by itself unless the analyst has just clicked the place (its own popup is open then).
    """
    lat, lon = event.get("latitude"), event.get("longitude")
    if lat is None or lon is None or (isinstance(lat, float) and math.isnan(lat)):
        return None
    group = folium.FeatureGroup(name="selected event", control=False)
    body = "<div class='am-popup'><div class='am-title'><b>Selected event</b></div>" + event_html(event) + "</div>"
    SelectedEvent(lat, lon, body, open=open_popup).add_to(group)
    return group


def build_map(
    layers: MapLayers,
    *,
    lat: float | None = None,
    lon: float | None = None,
    zoom: int | None = None,
    osm: bool = False,
    height: int = 560,
    standalone: bool = False,
) -> folium.Map:
    """A folium Map of `layers`: at the given view, else fitted to the places."""
    fmap = folium.Map(
        location=[lat if lat is not None else 25.0, lon if lon is not None else 15.0],
        zoom_start=zoom or 3,
        tiles=None,
        control_scale=True,
        minZoom=1,
        maxZoom=18,  # MarkerCluster needs it on the map when there is no tile layer
        height=height,
    )
    fmap.default_js = [(n, local_url(u)) for n, u in fmap.default_js if n == "leaflet"]
    fmap.default_css = [(n, local_url(u)) for n, u in fmap.default_css if n == "leaflet_css"]
    Basemap(osm=osm and not standalone, inline=standalone).add_to(fmap)
    PlacesLayer(layers).add_to(fmap)
    Legend(layers.legend).add_to(fmap)
    if (lat is None or lon is None) and layers.bounds:
        (south, west), (north, east) = layers.bounds
        fmap.fit_bounds([[south, west], [north, east]], padding=(30, 30), max_zoom=8)
    return fmap


def events_at(events: pd.DataFrame, lat: float, lon: float) -> pd.DataFrame:
    """The events of the place a click landed on (a marker reports its own position), newest first."""
    if events.empty or "latitude" not in events.columns:
        return events.iloc[0:0]
    here = (events["latitude"].round(COORD_DIGITS) == round(float(lat), COORD_DIGITS)) & (
        events["longitude"].round(COORD_DIGITS) == round(float(lon), COORD_DIGITS)
    )
    return events[here].sort_values("event_date", ascending=False, na_position="last", kind="stable")
