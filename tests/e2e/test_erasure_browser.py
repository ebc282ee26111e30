"""The data-protection officer in a real browser: an erasure request refused while a case's retention runs, with
the reason on the page, and one for an id no record holds, refused with what to check. Every page state is checked
with axe-core."""

from __future__ import annotations

import uuid

import pytest

from core.events import Actor
from core.toolkit import finnish_today
from plugins.casework import service
from tests.e2e.test_browser import change_language, expect, sign_in

pytestmark = pytest.mark.e2e


def closed_family_case(instance) -> uuid.UUID:
    coordinator = Actor("coordinator.helsinki", "city_coordinator", "helsinki")
    case_id = service.open_case(instance.store, coordinator, "helsinki", "family", "Selain", "self")
    service.close_case(instance.store, coordinator, case_id, "withdrawn", finnish_today())
    return instance.store.get(case_id).client_id


def ask(page, person_id, requester: str):
    form = page.locator("main form")
    form.locator("#person_id").fill(str(person_id))
    form.locator("#requester").fill(requester)
    form.locator("#received_on").fill(finnish_today().isoformat())
    form.locator("button[type=submit]").click()


def test_the_officer_sees_a_request_refused_with_its_reason_and_a_mistyped_id_caught(page, audit, live_server):
    client = closed_family_case(live_server.instance)
    sign_in(page, audit, "data_protection_officer.national")
    change_language(page, "en")
    page.locator("nav a", has_text="Erasure requests").click()
    expect()(page.locator("h1")).to_have_text("Erasure requests")
    audit(page, "erasure requests")

    ask(page, "not an id", "the client, by phone")
    expect()(page.locator("#person_id")).to_have_attribute("aria-invalid", "true")
    expect()(page.locator("#requester")).to_have_value("the client, by phone")
    audit(page, "erasure request with an error")

    ask(page, client, "the client, by phone")
    expect()(page.locator(".flash")).to_contain_text("The request is recorded and refused")
    row = page.locator("main table tr", has_text=client.hex)
    expect()(row).to_contain_text("kept 30 years after closure")
    audit(page, "erasure request refused")
    assert not live_server.instance.store.vault.is_erased(client)

    mistyped = uuid.uuid4()  # an id no record holds is not "erased" while the person's data stays
    ask(page, mistyped, "by letter")
    expect()(page.locator("#person_id-error")).to_contain_text("No personal data is held under this person id")
    expect()(page.locator("#requester")).to_have_value("by letter")
    assert not live_server.instance.store.vault.is_erased(mistyped)
    audit(page, "erasure request for an id no record holds")
    change_language(page, "fi")  # the officer's own language again, as the other browser tests expect
