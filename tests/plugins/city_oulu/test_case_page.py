"""Oulu overrides casework's case page and still extends the original."""

from __future__ import annotations

from tests.plugins.casework.helpers import case_ids, in_english


def test_oulu_overrides_the_case_page_and_still_extends_the_original(browser, instance):
    page = in_english(browser, "coordinator.oulu").get(f"/cases/{case_ids(instance, 'oulu')[0]}")
    assert page.status_code == 200
    assert "Anchor team" in page.text
    assert '<ol class="timeline">' in page.text and "Case opened" in page.text and "coordinator.oulu" in page.text
    assert "First meeting with" in page.text and 'name="held_on"' in page.text  # the original's blocks are all there
    page = in_english(browser, "coordinator.helsinki").get(f"/cases/{case_ids(instance, 'helsinki')[0]}")
    assert page.status_code == 200
    assert "Anchor team" not in page.text
    assert '<ol class="timeline">' in page.text and "Case opened" in page.text
