"""Every declared setting is documented in the README's settings table."""

from __future__ import annotations

from pathlib import Path

from dashboard.settings import SETTINGS


def test_every_setting_is_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"| `{name}` |" not in readme]
    assert not missing, f"settings missing from README.md: {missing}"
