"""Shared fixtures: one loaded pipeline per session, stores in temporary folders, no network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import settings
from dashboard.geocode.gazetteer import ensure_index

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "reports" / "haftar-russia.txt"
_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def run_cli(env, *args, check=True):
    """`activity-map ARGS` in a child process with `env`; a failure shows its stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", *args], env=env, capture_output=True, text=True, timeout=600
    )
    if check and result.returncode != 0:
        raise AssertionError(f"activity-map {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Any connection that leaves this machine fails the test that made it."""
    original = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in _LOOPBACK and not host.startswith("/"):
            raise AssertionError(f"a test tried to reach the network: {address!r}")
        return original(self, address)

    socket.socket.connect = guarded
    yield
    socket.socket.connect = original


@pytest.fixture(scope="session")
def gazetteer_index() -> Path:
    return ensure_index(settings.geocache_dir(), settings.data_dir() / "places.csv", progress=print)


@pytest.fixture(scope="session")
def pipeline(gazetteer_index, tmp_path_factory):
    from dashboard.pipeline import Pipeline

    return Pipeline.create(cache_path=tmp_path_factory.mktemp("geocache") / "answers.jsonl")


@pytest.fixture
def isolated_env(tmp_path, gazetteer_index, monkeypatch) -> dict[str, str]:
    """Environment for a CLI subprocess: its own store and geocache, sharing the built gazetteer index."""
    cache = tmp_path / "geocache"
    cache.mkdir()
    (cache / gazetteer_index.name).symlink_to(gazetteer_index)
    env = dict(os.environ, ACTIVITY_MAP_GEOCACHE=str(cache), ACTIVITY_MAP_DB=str(tmp_path / "store.db"))
    for key in ("ACTIVITY_MAP_GEOCACHE", "ACTIVITY_MAP_DB"):
        monkeypatch.setenv(key, env[key])
    return env
