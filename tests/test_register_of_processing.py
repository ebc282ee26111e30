"""The bundled plugins store no personal data of a category they do not declare for the register of processing."""

from __future__ import annotations

from core.processing import undeclared_personal_data


def test_the_bundled_plugins_demo_stores_only_declared_personal_data(instance):
    """Every city runs every bundled plugin with its demo data; each personal field in the log is declared."""
    found = undeclared_personal_data(instance.store, instance.host)
    assert found == [], "\n".join(map(str, found))
