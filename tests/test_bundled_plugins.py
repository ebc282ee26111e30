"""The plugins shipped with the platform are installed through the entry-point group, like any other."""

from __future__ import annotations

from core.plugins import discover

BUNDLED = {"casework", "referrals", "network", "training", "city_helsinki", "city_turku", "city_oulu"}


def test_bundled_plugins_are_found_through_entry_points():
    found = discover()
    assert BUNDLED <= set(found)
    assert found["referrals"].requires == ("casework", "network")
    assert found["casework"].version == "0.1.0"
