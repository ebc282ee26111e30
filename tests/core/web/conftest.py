"""Helpers of the core's web tests; the fixtures (instance, app, browser, api) come from the test kit."""

from __future__ import annotations

from core.testing import PASSWORD, Browser, events_after, head  # noqa: F401 (used by the web tests)
from tests.core.specimen.projections import notebook_row, notebooks_of


def notebook_ids(instance, city: str) -> list[str]:
    """The demo notebooks of a city, by id."""
    return sorted(r.notebook_id for r in notebooks_of(instance.store, city))


def notebook(instance, notebook_id: str):
    """A notebook's row."""
    row = notebook_row(instance.store, notebook_id)
    assert row is not None, f"no notebook {notebook_id}"
    return row


def in_english(browser, username):
    """Sign in and switch to English, so that texts do not depend on the translations."""
    user = browser(username)
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user
