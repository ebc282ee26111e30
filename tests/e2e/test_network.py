"""A network manager in a real browser: register an organisation, add its service, find it in the directory.

Every page state is checked with axe-core (see conftest.py); texts are checked through the app's translations.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_browser import expect, sign_in, tr

pytestmark = pytest.mark.e2e

MANAGER = "network_manager.helsinki"
ORGANISATION = "Selainpolku ry"
SERVICE = "Selainpaja"


def test_a_manager_adds_an_organisation_with_a_service_and_finds_it(page, audit, live_server):
    assert sign_in(page, audit, MANAGER).status == 302
    page.goto("/network/organisations/new")
    audit(page, "new organisation")
    form = page.locator("main form")
    form.locator("#new-name").fill(ORGANISATION)
    form.locator("#new-type").select_option("civil_society")
    form.locator("input[name=cities][value=helsinki]").check()
    form.locator("button[type=submit]").click()
    expect()(page).to_have_url(re.compile(r"/network/organisations/[0-9a-f]{32}$"))
    expect()(page.locator("h1")).to_have_text(ORGANISATION)
    audit(page, "organisation")

    service = page.locator("form[action$='/services']")
    service.locator("#service-name").fill(SERVICE)
    service.locator("#service-category").select_option("employment")
    service.locator("input[name=cities][value=helsinki]").check()
    service.locator("#service-eligibility").fill("Adults who look for work.")
    service.locator("#service-how_to_refer").fill("Call the workshop.")
    service.locator("input[name=languages][value=lang_fi]").check()
    service.locator("button[type=submit]").click()
    expect()(page.locator("main")).to_contain_text(tr(live_server, page, "The service was added."))
    expect()(page.locator("main table").first).to_contain_text(SERVICE)
    audit(page, "organisation with its service")

    page.goto("/network/")
    search = page.locator("main form[role=search]")
    search.locator("#search-city").select_option("helsinki")
    search.locator("#search-category").select_option("employment")
    search.locator("#search-text").fill("selain")
    search.locator("button[type=submit]").click()
    expect()(page).to_have_url(re.compile(r"/network/\?"))
    rows = page.locator("main table tbody tr")
    expect()(rows).to_have_count(1)
    expect()(rows.first).to_contain_text(SERVICE)
    expect()(rows.first).to_contain_text(ORGANISATION)
    audit(page, "directory search")
