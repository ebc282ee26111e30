"""The data-protection officer answers an access request in a real browser: finds the person by name and birth
date, reads the report, is refused a withheld part without a reason, and prints the report with the part withheld.
Every page state is checked with axe-core."""

from __future__ import annotations

from datetime import date

import pytest

from core.events import Actor
from plugins.casework import service
from tests.e2e.test_browser import change_language, expect, sign_in

pytestmark = pytest.mark.e2e

NAME, BORN = "Selma Virtanen", date(1999, 2, 3)


def test_the_officer_finds_the_person_and_hands_over_the_report_with_a_part_withheld(page, audit, live_server):
    coordinator = Actor("coordinator.helsinki", "city_coordinator", "helsinki")
    case_id = service.open_case(live_server.instance.store, coordinator, "helsinki", "individual", "Kuutamo", "phone",
                                full_name=NAME, birth_date=BORN)
    sign_in(page, audit, "data_protection_officer.national")
    change_language(page, "en")
    page.locator("nav a", has_text="Access requests").click()
    expect()(page.locator("h1")).to_have_text("Access requests")
    audit(page, "access requests")

    form = page.locator("main form")
    form.locator("#full_name").fill("virtanen selma")
    form.locator("#birth_date").fill(BORN.isoformat())
    form.locator("button[type=submit]").click()
    found = page.locator("ul.found a")
    expect()(found).to_have_count(1)
    audit(page, "access requests, the person found")
    found.click()
    expect()(page.locator("h1")).to_have_text("Access report")
    expect()(page.locator("main")).to_contain_text(NAME)
    expect()(page.locator("main")).to_contain_text(case_id.hex)
    audit(page, "access report")

    page.locator("#withhold-views").check()
    page.locator("#reason-views").fill("short")
    page.locator("#format-page").check()
    page.locator("main form button[type=submit]").click()
    expect()(page.locator("#reason-views")).to_have_attribute("aria-invalid", "true")
    expect()(page.locator("#reason-views")).to_have_value("short")
    expect()(page.locator("#withhold-views")).to_be_checked()
    audit(page, "access report, a withheld part without its reason")

    why = "The views name a colleague's ongoing inquiry."
    page.locator("#reason-views").fill(why)
    page.locator("main form button[type=submit]").click()
    expect()(page.locator("main")).to_contain_text(f"Withheld: {why}")
    expect()(page.locator("main")).to_contain_text(NAME)
    audit(page, "access report handed over")
    change_language(page, "fi")  # the officer's own language again, as the other browser tests expect
