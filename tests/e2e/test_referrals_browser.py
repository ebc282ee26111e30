"""A coordinator in a real browser: a referral in recorded, triaged and accepted into a case; from that case a
referral out drafted, sent and completed with the service's answers.

Every page state is checked with axe-core (see conftest.py); texts are checked through the app's translations.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_browser import expect, sign_in, tr

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator.turku"
PERSON = "Selma Selain"


def test_a_referral_in_becomes_a_case_that_refers_out_to_a_service(page, audit, live_server):
    assert sign_in(page, audit, COORDINATOR).status == 302
    page.goto("/referrals/new")
    audit(page, "new referral in")
    form = page.locator("main form")
    form.locator("#referral-source").select_option("school")
    form.locator("#referral-organisation").fill("Selainkoulu")
    form.locator("#referral-referrer_contact").fill("Opettaja Olematon, olematon@example.org")
    form.locator("#referral-person").fill(PERSON)
    form.locator("#referral-concern").fill("Shares a violent group's leaflets and asks how to leave it.")
    form.locator("#referral-urgency").select_option("urgent")
    form.locator("#referral-person_knows").check()
    form.locator("#referral-person_consents").check()
    form.locator("button[type=submit]").click()
    expect()(page.locator("main")).to_contain_text(tr(live_server, page, "The referral was recorded and waits "
                                                                         "for triage."))

    page.goto("/referrals/")
    audit(page, "triage queue")
    waiting = page.locator("main table").first.locator("tbody tr")
    expect()(waiting.nth(0)).to_contain_text(tr(live_server, page, "urgent"))  # the most urgent first
    waiting.filter(has_text=PERSON).locator("a").click()
    expect()(page).to_have_url(re.compile(r"/referrals/[0-9a-f]{32}$"))
    audit(page, "referral in")
    page.locator("form[action$='/acceptance'] button[type=submit]").click()
    expect()(page).to_have_url(re.compile(r"/cases/[0-9a-f]{32}$"))
    expect()(page.locator("main")).to_contain_text(tr(live_server, page, "Opened from a referral in"))
    audit(page, "case opened from the referral")

    page.locator("main a[href^='/referrals/cases/']").first.click()
    expect()(page).to_have_url(re.compile(r"/referrals/cases/[0-9a-f]{32}$"))
    audit(page, "referrals out of the case")
    out = page.locator("form[action^='/referrals/cases/']")
    out.locator("#out-service_id").select_option(index=1)
    out.locator("#out-purpose").fill("Wants to finish her studies.")
    out.locator("input[name=items][value=identity]").check()
    out.locator("#out-basis").select_option("consent")
    out.locator("button[type=submit]").click()
    expect()(page.locator("main .error").first).to_be_visible()  # no consent recorded: refused, what was typed kept
    expect()(out.locator("#out-purpose")).to_have_value("Wants to finish her studies.")
    audit(page, "referral out refused without consent")
    out.locator("#out-basis").select_option("other_statutory")
    out.locator("#out-provision").fill("Social Welfare Act 1301/2014 s. 41")
    out.locator("button[type=submit]").click()
    expect()(page.locator("main")).to_contain_text(tr(live_server, page, "The referral was drafted. Send it when "
                                                                         "it is ready."))
    page.locator("form[action$='/sending'] button[type=submit]").click()
    for status in ("received", "accepted", "completed"):
        answer = page.locator("form[action$='/answers']")
        answer.locator("select[name=status]").select_option(status)
        answer.locator("textarea[name=feedback]").fill(f"The service says: {status}.")
        answer.locator("button[type=submit]").click()
        expect()(page.locator("main")).to_contain_text(tr(live_server, page, "The referral was updated."))
    expect()(page.locator("main section").first).to_contain_text(tr(live_server, page, "completed"))
    expect()(page.locator("form[action$='/answers']")).to_have_count(0)
    audit(page, "referral out completed")
