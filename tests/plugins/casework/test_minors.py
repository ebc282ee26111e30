"""A minor's case: the guardian's consent to take part (or a legal basis) comes before active support, and the
minor's own consent is recorded beside it; from the aggregate, the service, the API and the pages."""

from __future__ import annotations

from datetime import date

import pytest

from core.demo import demo_actors
from core.testing import api_error, head
from core.toolkit import ValidationError
from plugins.casework import service
from plugins.casework.domain import Case
from plugins.casework.projections import CaseList
from plugins.casework.queries import case_row
from tests.plugins.casework.helpers import case_row as row_of
from tests.plugins.casework.helpers import in_english

DAY = date(2026, 11, 2)


@pytest.fixture
def store(make_store):
    return make_store([CaseList()])


def planned(minor: bool) -> Case:
    case = Case.open("helsinki", "individual", "Lumi", "phone", minor=minor)
    case.move_to("screening", "first talk")
    case.screen("screened_in", "fits")
    case.move_to("support_plan", "assessed")
    return case


def test_a_minor_needs_the_guardians_consent_before_active_support_not_only_their_own():
    case = planned(minor=True)
    case.give_consent("participation", DAY, "oral")  # the minor's own: recorded and heard, not enough alone
    with pytest.raises(ValidationError, match="active support for a minor needs their guardian's consent"):
        case.move_to("active_support", "plan agreed")
    case.give_consent("participation", DAY, "written", by_guardian=True)
    assert (case.participation, case.guardian_consent) == (True, True)
    case.move_to("active_support", "plan agreed")
    assert case.phase == "active_support"


def test_a_legal_basis_lets_support_for_a_minor_go_on_without_the_guardian():
    case = planned(minor=True)
    case.record_legal_basis("Child Welfare Act 417/2007, section 36")
    case.move_to("active_support", "decision of child protection")
    assert case.phase == "active_support"


def test_each_consent_is_recorded_once_and_a_guardian_consents_only_for_a_minor():
    adult = planned(minor=False)
    with pytest.raises(ValidationError) as refused:
        adult.give_consent("participation", DAY, "written", by_guardian=True)
    assert set(refused.value.messages) == {"by_guardian"}
    with pytest.raises(ValidationError) as refused:
        adult.withdraw_consent("participation", DAY, by_guardian=True)
    assert set(refused.value.messages) == {"by_guardian"}
    minor = planned(minor=True)
    minor.give_consent("participation", DAY, "written", by_guardian=True)
    with pytest.raises(ValidationError, match="the guardian's consent to take part is already recorded"):
        minor.give_consent("participation", DAY, "written", by_guardian=True)
    with pytest.raises(ValidationError, match="no consent to take part to withdraw"):
        minor.withdraw_consent("participation", DAY)  # the minor's own was never given


def test_the_guardian_withdrawing_closes_a_minors_case_as_withdrawn():
    case = planned(minor=True)
    case.give_consent("participation", DAY, "written", by_guardian=True)
    case.move_to("active_support", "plan agreed")
    case.withdraw_consent("participation", DAY, by_guardian=True)
    withdrawn, closed = case.collect_events()[-2:]
    assert withdrawn.by_guardian is True and closed.closing_reason == "withdrawn"
    assert (case.guardian_consent, case.phase) == (False, "closed")


def test_a_minors_transfer_needs_the_guardians_consent():
    case = planned(minor=True)
    case.give_consent("participation", DAY, "oral")
    with pytest.raises(ValidationError, match="guardian"):
        case.request_transfer("turku", "the family moves", ("helsinki", "turku"))
    case.give_consent("participation", DAY, "written", by_guardian=True)
    case.request_transfer("turku", "the family moves", ("helsinki", "turku"))
    assert case.transfer_to == "turku"


def test_the_case_list_keeps_the_minor_and_each_consent_apart(store, coordinator, recorded):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone", minor=True)
    assert (case_row(store, case_id.hex).minor, case_row(store, case_id.hex).guardian_consent) == (True, False)
    with recorded(store) as log:
        service.give_consent(store, coordinator, case_id, "participation", DAY, "written", by_guardian=True)
    log.assert_events(Case.ConsentGiven, actor=coordinator)
    row = case_row(store, case_id.hex)
    assert (row.guardian_consent, row.participation) == (True, False)
    service.give_consent(store, coordinator, case_id, "participation", DAY, "oral")
    service.record_legal_basis(store, coordinator, case_id, "Child Welfare Act 417/2007, section 36")
    service.withdraw_consent(store, coordinator, case_id, "participation", DAY, by_guardian=True)
    row = case_row(store, case_id.hex)
    assert (row.guardian_consent, row.participation, row.phase) == (False, True, "first_contact")
    live = row
    store.runner.rebuild(store.projections["casework_cases"])
    assert case_row(store, case_id.hex) == live
    adult = service.open_case(store, coordinator, "helsinki", "individual", "Routa", "phone")
    assert case_row(store, adult.hex).minor is False


def test_the_api_opens_a_minors_case_and_refuses_a_guardian_for_an_adult(api, instance):
    client = api("worker.helsinki")
    opened = client.post("/api/v1/cases/", json={"pseudonym": "Nuori", "kind": "individual", "channel": "family",
                                                  "minor": True})
    assert opened.status_code == 201 and opened.get_json()["minor"] is True
    case_id, version = opened.get_json()["case_id"], opened.get_json()["version"]
    given = client.post(f"/api/v1/cases/{case_id}/consent", json={
        "scope": "participation", "given_on": "2026-11-02", "form": "written", "by_guardian": True, "version": version})
    assert (given.get_json()["guardian_consent"], given.get_json()["participation"]) == (True, False)
    adult = client.post("/api/v1/cases/", json={"pseudonym": "Aikuinen", "kind": "individual", "channel": "self"})
    before = head(instance.store)
    refused = client.post(f"/api/v1/cases/{adult.get_json()['case_id']}/consent", json={
        "scope": "participation", "given_on": "2026-11-02", "form": "written", "by_guardian": True,
        "version": adult.get_json()["version"]})
    assert "by_guardian" in api_error(refused, 422, "validation")["fields"]
    assert head(instance.store) == before


def test_intake_asks_whether_the_client_is_a_minor_and_the_case_page_shows_the_guardians_consent(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    assert 'name="minor"' in worker.get("/cases/new").text
    opened = worker.post("/cases/new", {"pseudonym": "Nuori", "kind": "individual", "channel": "family",
                                        "minor": "true"})
    assert opened.status_code == 302
    case_id = opened.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    page = worker.get(f"/cases/{case_id}").text
    assert "The client is a minor" in page and "No consent of the guardian is in force." in page
    assert 'name="by_guardian"' in page
    given = worker.post(f"/cases/{case_id}/consent", {"scope": "participation", "given_on": "2026-11-02",
                                                       "form": "written", "by_guardian": "on",
                                                       "version": str(row_of(instance, case_id).version)})
    assert given.status_code == 302
    assert "The guardian has consented to the client taking part." in worker.get(f"/cases/{case_id}").text
    coordinator = demo_actors("helsinki")["coordinator"]
    adult = service.open_case(instance.store, coordinator, "helsinki", "individual", "Routa", "self").hex
    adults_page = in_english(browser, "coordinator.helsinki").get(f"/cases/{adult}").text
    assert 'name="scope"' in adults_page and 'name="by_guardian"' not in adults_page
