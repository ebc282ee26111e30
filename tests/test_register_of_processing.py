"""The bundled plugins store no personal field that their declarations for the register of processing do not name."""

from __future__ import annotations

from core.processing import undeclared_personal_data, unmatched_declarations


def test_the_bundled_plugins_demo_stores_only_declared_personal_data(instance):
    """Every city runs every bundled plugin with its demo data; each personal field in the log is declared."""
    found = undeclared_personal_data(instance.store, instance.host)
    assert found == [], "\n".join(map(str, found))


def test_every_personal_attribute_of_the_bundled_events_is_declared_and_every_declared_field_exists(instance):
    """The events the demo never records (a password changed, a referral withdrawn) are declared all the same."""
    found = unmatched_declarations(instance.host)
    assert found == [], "\n".join(map(str, found))
