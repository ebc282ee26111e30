"""Helpers of the web tests; the fixtures (instance, app, browser, api) come from the test kit."""

from __future__ import annotations

from sqlalchemy import select

from core.testing import PASSWORD, Browser, events_after, head, settings_for  # noqa: F401 (used by the web tests)

FEATURES = ("casework", "referrals", "network", "training")


def web_settings(database_url: str, **overrides):
    """Settings for the three pilot cities running the bundled plugins."""
    cities = {slug: (*FEATURES, f"city_{slug}") for slug in ("helsinki", "turku", "oulu")}
    cities.update(overrides)
    return settings_for(database_url, cities)


def case_ids(instance, city: str) -> list[str]:
    """The demo case ids of a city."""
    from plugins.casework.projections import cases
    with instance.store.reading() as session:
        return [r.case_id for r in session.execute(select(cases.c.case_id).where(cases.c.city == city).order_by(cases.c.case_id))]


def in_english(browser, username):
    """Sign in and switch to English, so that texts do not depend on the translations."""
    user = browser(username)
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user
