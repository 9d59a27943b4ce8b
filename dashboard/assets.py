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


def inline(url: str) -> str:
    """The asset's content, for self-contained HTML files."""
    return _packaged()[url]


def inline_local(name: str) -> str:
    """The content of a locally served asset, by its local file name (for self-contained HTML)."""
    by_name = {local_name(url): content for url, content in _packaged().items()}
    return by_name[name]
