"""Agreements: cooperation and data sharing with organisations of the network, for a period; renewal reminders on
the dashboard of those who manage the network; a renewal ends later, a terminated agreement is not renewed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.testing import api_error
from core.toolkit import Actor, ConflictError, NotFoundError, ValidationError
from plugins.network import service as organisations
from plugins.network.agreement import service
from plugins.network.agreement.domain import agreement_id_for
from plugins.network.agreement.projections import AgreementList
from plugins.network.agreement.queries import agreement_row, up_for_renewal
from plugins.network.demo import demo_reference
from plugins.network.projections import Directory
from tests.plugins.casework.helpers import in_english

MANAGER = Actor("network_manager.turku", "network_manager", "turku")
CITIES = ("helsinki", "turku", "oulu")


@pytest.fixture
def store(make_store):
    return make_store([Directory(), AgreementList()])


@pytest.fixture
def party(store):
    return organisations.register_organisation(store, MANAGER, "Sopimuskumppani ry", "civil_society", ["turku"],
                                               CITIES).hex


def concluded(store, party, reference="TKU-1", kind="cooperation", ends_on=date(2027, 1, 31), legal_basis=""):
    return service.conclude_agreement(store, MANAGER, reference, kind, "Cooperation", "turku", [party],
                                      date(2026, 2, 1), ends_on, legal_basis, CITIES, [party])


@pytest.mark.parametrize("change, field", [
    ({"kind": "data_sharing"}, "legal_basis"), ({"parties": ["f" * 32]}, "parties"), ({"parties": []}, "parties"),
    ({"ends_on": date(2026, 1, 1)}, "ends_on"), ({"city": "atlantis"}, "city"), ({"reference": " "}, "reference")])
def test_an_agreement_needs_parties_in_the_directory_a_period_and_for_data_sharing_a_legal_basis(
        store, party, recorded, change, field):
    given = {"reference": "TKU-1", "kind": "cooperation", "title": "Cooperation", "city": "turku",
             "parties": [party], "starts_on": date(2026, 2, 1), "ends_on": date(2027, 1, 31), "legal_basis": "",
             **change}
    with recorded(store) as log, pytest.raises(ValidationError) as refused:
        service.conclude_agreement(store, MANAGER, **given, known_cities=CITIES, known_organisations=[party])
    assert field in refused.value.messages
    log.assert_nothing()


def test_a_reference_is_filed_once(store, party):
    concluded(store, party)
    with pytest.raises(ConflictError):
        concluded(store, party, reference="tku-1")


def test_renewal_moves_the_reminder_and_termination_ends_it(store, party):
    agreement_id = concluded(store, party, ends_on=date(2026, 12, 31))
    assert [r.reference for r in up_for_renewal(store, "turku", date(2026, 10, 15))] == ["TKU-1"]
    assert up_for_renewal(store, "turku", date(2026, 9, 15)) == [] and up_for_renewal(store, "oulu",
                                                                                       date(2026, 10, 15)) == []
    with pytest.raises(ValidationError):
        service.renew_agreement(store, MANAGER, agreement_id, date(2026, 6, 1))
    version = service.renew_agreement(store, MANAGER, agreement_id, date(2028, 12, 31), expected_version=1)
    assert up_for_renewal(store, "turku", date(2026, 10, 15)) == []
    service.terminate_agreement(store, MANAGER, agreement_id, date(2027, 3, 1), "The association closed.",
                                expected_version=version)
    assert agreement_row(store, agreement_id.hex).terminated_on == date(2027, 3, 1)
    with pytest.raises(ValidationError, match="terminated"):
        service.renew_agreement(store, MANAGER, agreement_id, date(2030, 1, 1))


def test_the_dashboard_reminds_the_manager_of_the_demo_agreement(browser):
    manager = in_english(browser, "network_manager.helsinki")
    page = manager.get("/")
    assert "Agreements up for renewal" in page.text and "HELSINKI-2026-1" in page.text
    assert "Agreements up for renewal" not in in_english(browser, "worker.helsinki").get("/").text


def test_pages_record_renew_and_keep_refused_input(browser):
    manager = in_english(browser, "network_manager.helsinki")
    page = manager.get("/network/agreements/")
    refused = manager.post("/network/agreements/", {"reference": "HEL-9", "kind": "data_sharing",
                                                    "title": "Sharing", "city": "helsinki", "parties": [],
                                                    "starts_on": "2026-01-01", "ends_on": "2027-01-01"})
    assert page.status_code == 200 and "HELSINKI-2026-2" in page.text
    assert refused.status_code == 422 and 'value="HEL-9"' in refused.text and "agreement-parties-error" in refused.text


def test_the_api_records_and_refuses(api):
    manager = api("network_manager.helsinki")
    party = manager.get("/api/v1/network/organisations").get_json()[0]["organisation_id"]
    body = {"reference": "HEL-API-1", "kind": "cooperation", "title": "Cooperation", "city": "helsinki",
            "parties": [party], "starts_on": "2026-01-01", "ends_on": "2027-01-01"}
    made = manager.post("/api/v1/network/agreements/", json=body)
    assert made.status_code == 201
    assert made.get_json()["renew_by"] == (date(2027, 1, 1) - timedelta(days=90)).isoformat()
    api_error(manager.post("/api/v1/network/agreements/", json=body), 409)
    error = api_error(manager.post("/api/v1/network/agreements/", json={**body, "reference": "HEL-API-2",
                                                                        "kind": "data_sharing"}), 422)
    assert set(error["fields"]) == {"legal_basis"}
    path = f"/api/v1/network/agreements/{made.get_json()['agreement_id']}"
    api_error(manager.post(f"{path}/renewal", json={"ends_on": "2026-06-01", "version": 1}), 422)
    renewed = manager.post(f"{path}/renewal", json={"ends_on": "2028-01-01", "version": 1})
    assert renewed.status_code == 200 and renewed.get_json()["ends_on"] == "2028-01-01"


def test_a_city_concludes_and_changes_only_its_own_agreements(store, party, recorded):
    agreement_id = concluded(store, party)
    oulu = Actor("coordinator.oulu", "city_coordinator", "oulu")
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            service.conclude_agreement(store, oulu, "OULU-9", "cooperation", "Cooperation", "turku", [party],
                                       date(2026, 2, 1), date(2027, 1, 31), "", CITIES, [party])
        with pytest.raises(NotFoundError):
            service.renew_agreement(store, oulu, agreement_id, date(2030, 1, 1), expected_version=1)
        with pytest.raises(NotFoundError):
            service.terminate_agreement(store, oulu, agreement_id, date(2026, 6, 1), "Not ours.", expected_version=1)
    assert set(refused.value.messages) == {"city"}
    log.assert_nothing()


def test_another_citys_agreement_answers_404_to_changes_and_its_city_is_refused(api, browser):
    turku = api("network_manager.turku")
    helsinki = agreement_id_for(demo_reference("helsinki", 1)).hex
    path = f"/api/v1/network/agreements/{helsinki}"
    assert turku.get(path).status_code == 200  # the network reads every city's agreements
    api_error(turku.post(f"{path}/termination", json={"on": "2026-06-01", "reason": "Not ours.", "version": 1}),
              404)
    api_error(turku.post(f"{path}/renewal", json={"ends_on": "2040-01-01", "version": 1}), 404)
    party = turku.get("/api/v1/network/organisations").get_json()[0]["organisation_id"]
    error = api_error(api("coordinator.oulu").post("/api/v1/network/agreements/", json={
        "reference": "OULU-FOR-HELSINKI", "kind": "cooperation", "title": "Cooperation", "city": "helsinki",
        "parties": [party], "starts_on": "2026-01-01", "ends_on": "2027-01-01"}), 422)
    assert set(error["fields"]) == {"city"}
    page = in_english(browser, "network_manager.turku")
    assert page.post(f"/network/agreements/{helsinki}/termination",
                     {"on": "2026-06-01", "reason": "Not ours.", "version": "1"}).status_code == 404
    assert "/termination" not in page.get(f"/network/agreements/{helsinki}").text
    assert api("network_manager.helsinki").get(path).get_json()["terminated_on"] is None
