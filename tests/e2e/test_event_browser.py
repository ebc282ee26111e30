"""An auditor in a real browser: find a case's opening in the event log, open its personal data with a reason,
find that view in the access log, and read the register of processing.

Every page state is checked with axe-core (see conftest.py); texts are checked through the app's translations.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_browser import expect, sign_in, tr

pytestmark = pytest.mark.e2e

AUDITOR = "auditor.national"
REASON = "Complaint 2026-77 about the handling of this case"


def a_case_opening(instance):
    """A demo case's Opened event: its position, record and the client's pseudonym in plaintext."""
    store = instance.store
    with store.reading():
        for n in store.recorder.select_notifications(1, 100_000):
            if n.topic.endswith(":Case.Opened"):
                opened = store.mapper.to_domain_event(n)
                return n.id, opened.originator_id.hex, store.vault.reveal(opened.pseudonym)
    raise AssertionError("the demo opens no case")


def test_an_auditor_opens_an_events_personal_data_with_a_reason(page, audit, live_server):
    position, record, pseudonym = a_case_opening(live_server.instance)
    assert sign_in(page, audit, AUDITOR).status == 302
    page.goto("/audit/events/")
    audit(page, "event log")
    filters = page.locator("main form.filters")
    filters.locator("#record").fill(record)
    filters.locator("button[type=submit]").click()
    expect()(page).to_have_url(re.compile(r"/audit/events/\?"))
    row = page.locator(f"main table tbody tr:has(a[href$='/audit/events/{position}'])")
    expect()(row).to_contain_text("Case.Opened")
    audit(page, "event log of one record")

    row.locator("a").first.click()
    expect()(page).to_have_url(re.compile(rf"/audit/events/{position}$"))
    expect()(page.locator("main")).not_to_contain_text(pseudonym)
    audit(page, "event with placeholders")
    form = page.locator("main form.reveal")
    form.locator("button[type=submit]").click()  # no reason: refused, nothing opened
    expect()(page.locator("#reason-error")).to_have_text(tr(live_server, page, "Say why you open the personal data (at least 10 characters)."))
    expect()(page.locator("main")).not_to_contain_text(pseudonym)
    audit(page, "event: reason missing")
    form.locator("#reason").fill(REASON)
    form.locator("button[type=submit]").click()
    expect()(page.locator("main .content")).to_contain_text(pseudonym)
    audit(page, "event opened")

    page.goto("/audit/access-log?user=" + AUDITOR)
    entry = page.locator("main table tbody tr", has_text=REASON)
    expect()(entry).to_have_count(1)
    expect()(entry).to_contain_text(f"/audit/events/{position}")


def test_an_auditor_reads_the_register_of_processing(page, audit, live_server):
    assert sign_in(page, audit, AUDITOR).status == 302
    page.goto("/audit/register/")
    expect()(page.locator("h1")).to_have_text(tr(live_server, page, "Register of processing"))
    expect()(page.locator("main")).to_contain_text("casework.client_name")
    audit(page, "register of processing")
    with page.expect_download() as download:
        page.locator("main a[href$='export.csv']").click()
    assert download.value.suggested_filename.startswith("register-of-processing-")
