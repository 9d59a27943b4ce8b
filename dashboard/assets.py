"""Leaflet and plugin assets served by Streamlit itself, so the map draws with no internet.

The files come from the installed `folium-offline` package (never from the repository or a CDN)
and are written once under `dashboard/static/vendor/`, which Streamlit serves at
`/app/static/vendor/` when `server.enableStaticServing` is on.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).with_name("static") / "vendor"
STATIC_URL = "/app/static/vendor"


@cache
def _packaged() -> dict[str, str]:
    """CDN URL -> file content, as folium-offline ships them."""
    from offlinefolium.elements import _res

    return dict(_res)


def local_name(url: str) -> str:
    """A stable local file name for a CDN URL (its last path part, with the library to keep them apart)."""
    parts = [p for p in url.split("/") if p]
    return "-".join(parts[-2:]) if len(parts) >= 2 else parts[-1]


def local_url(url: str, base: str = STATIC_URL) -> str:
    """The local URL for a CDN asset, written to the static folder if it is not there yet."""
    content = _packaged().get(url)
    if content is None:
        raise KeyError(f"folium-offline does not ship {url}")
    name = local_name(url)
    target = STATIC_DIR / name
    if not target.exists():
        STATIC_DIR.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".partial")
        partial.write_text(content, encoding="utf-8")
        partial.replace(target)
    return f"{base}/{name}"


def inline_local(name: str) -> str:
    """The content of a locally served asset, by its local file name (for self-contained HTML)."""
    by_name = {local_name(url): content for url, content in _packaged().items()}
    return by_name[name]


OUTLINES_NAME = "country-outlines.json"


def _rounded(coords: object, digits: int) -> object:
    if isinstance(coords, (int, float)):
        return round(float(coords), digits)
    return [_rounded(c, digits) for c in coords]  # type: ignore[union-attr]


def outlines_geojson(digits: int = 2) -> dict:
    """Country outlines from the installed countryinfo package, as one GeoJSON FeatureCollection.

    The offline basemap: coordinates rounded to `digits` decimals (about 1 km) keep it small.
    """
    import json
    from importlib import resources

    features = []
    for entry in sorted((resources.files("countryinfo") / "data").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except ValueError:
            continue
        for feature in (data.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry") or {}
            if geometry.get("type") in ("Polygon", "MultiPolygon"):
                features.append(
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {
                            "type": geometry["type"],
                            "coordinates": _rounded(geometry["coordinates"], digits),
                        },
                    }
                )
    return {"type": "FeatureCollection", "features": features}


def outlines_url(base: str = STATIC_URL) -> str:
    """The local URL of the offline basemap, written to the static folder if it is not there yet."""
    import json

    target = STATIC_DIR / OUTLINES_NAME
    if not target.exists():
        STATIC_DIR.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.write_text(json.dumps(outlines_geojson(), separators=(",", ":")), encoding="utf-8")
        partial.replace(target)
    return f"{base}/{OUTLINES_NAME}"
