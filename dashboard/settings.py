"""Every setting in one declared place: name, default, help. Environment variables override them.

`ACTIVITY_MAP_<NAME>` sets a setting (e.g. `ACTIVITY_MAP_DB=/tmp/x.db`). The README's settings
table is checked against this list by a test, so none goes undocumented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return f"ACTIVITY_MAP_{self.name.upper()}"


def _project_home() -> Path:
    """The checkout the package runs from (editable install), else the working directory."""
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").exists() else Path.cwd()


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting("home", str(_project_home()), "Folder holding data/ and geocache/."),
        Setting("db", "", "Store URL or path; empty means <home>/data/activity.db."),
        Setting(
            "reports", "", "Folder of bundled reports loaded into an empty store; empty means <home>/data/reports."
        ),
        Setting("geocache", "", "Folder for the gazetteer index and the geocoding cache; empty means <home>/geocache."),
        Setting("geocoder", "offline", "Geocoder: 'offline' (default, no network) or 'nominatim' (opt-in, online)."),
        Setting("user_agent", "activity-map", "User agent sent to an online geocoder (Nominatim requires one)."),
    ]
}


def get(name: str) -> str:
    setting = SETTINGS[name]
    return os.environ.get(setting.env, setting.default)


def home() -> Path:
    return Path(get("home"))


def db_url() -> str:
    return get("db") or str(home() / "data" / "activity.db")


def reports_dir() -> Path:
    return Path(get("reports") or home() / "data" / "reports")


def geocache_dir() -> Path:
    return Path(get("geocache") or home() / "geocache")


def data_dir() -> Path:
    return home() / "data"
