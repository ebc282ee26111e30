"""A case's workers and its move to another city: a second worker shares the case; a transfer needs consent and
the receiving coordinator's yes, and then access moves with the case."""

from __future__ import annotations

from datetime import date

import pytest

from core.auth.service import register_user
from core.demo import SETUP_ACTOR, demo_actors
from core.testing import PASSWORD
from core.toolkit import ValidationError
from plugins.casework import service
from plugins.casework.domain import Case
from tests.plugins.casework.helpers import case_row, in_english

HELSINKI, TURKU = demo_actors("helsinki")["coordinator"], demo_actors("turku")["coordinator"]


@pytest.fixture
def case_id(instance):
    case_id = service.open_case(instance.store, HELSINKI, "helsinki", "individual", "Kajo", "self")
    service.assign_worker(instance.store, HELSINKI, case_id, "worker.helsinki")
    return case_id.hex


def test_a_second_worker_shares_the_case_until_removed(browser, instance, case_id):
    register_user(instance.store, SETUP_ACTOR, "tyyni.helsinki", "Tyyni", PASSWORD, "helsinki", roles=["exit_worker"])
    second = browser("tyyni.helsinki")
    assert second.get(f"/cases/{case_id}").status_code == 403
    service.choose_second_worker(instance.store, HELSINKI, case_id, "tyyni.helsinki")
    assert second.get(f"/cases/{case_id}").status_code == 200
    assert "Kajo" in second.get("/cases/").text
    with pytest.raises(ValidationError, match="not an active exit worker of helsinki"):
        service.choose_second_worker(instance.store, HELSINKI, case_id, "worker.turku")
    service.reassign(instance.store, HELSINKI, case_id, "tyyni.helsinki")  # the second becomes the case's own
    assert (case_row(instance, case_id).worker_id, case_row(instance, case_id).second_worker_id) == (
        "tyyni.helsinki", None)
    assert browser("worker.helsinki").get(f"/cases/{case_id}").status_code == 403


def test_a_transfer_needs_consent_and_the_receiving_coordinators_yes(browser, instance, case_id, recorded):
    cities = instance.settings.cities
    with pytest.raises(ValidationError, match="needs the client's consent to take part"):
        service.request_transfer(instance.store, HELSINKI, case_id, "turku", "The client moves to Turku", cities)
    with pytest.raises(ValidationError, match="another city of the programme"):
        service.request_transfer(instance.store, HELSINKI, case_id, "helsinki", "stays", cities)
    service.give_consent(instance.store, HELSINKI, case_id, "participation", date(2026, 11, 2), "written")
    with recorded(instance.store) as log:
        service.request_transfer(instance.store, HELSINKI, case_id, "turku", "The client moves to Turku", cities)
    log.assert_events(Case.TransferRequested, actor=HELSINKI, reason="The client moves to Turku")

    turku = in_english(browser, "coordinator.turku")
    assert turku.get(f"/cases/{case_id}").status_code == 404  # not Turku's until Turku says yes
    listing = turku.get("/cases/transfers").text
    assert "Helsinki" in listing and "Kajo" not in listing  # no personal data before accepting
    version = str(case_row(instance, case_id).version)
    declined = turku.post(f"/cases/transfers/{case_id}", {"accept": "false", "reason": "", "version": version})
    assert declined.status_code == 422 and "Say why the transfer is declined." in declined.text
    accepted = turku.post(f"/cases/transfers/{case_id}", {"accept": "true", "version": version})
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(f"/cases/{case_id}")

    row = case_row(instance, case_id)
    assert (row.city, row.worker_id, row.transfer_to) == ("turku", None, None)
    assert turku.get(f"/cases/{case_id}").status_code == 200 and "Kajo" in turku.get(f"/cases/{case_id}").text
    assert browser("coordinator.helsinki").get(f"/cases/{case_id}").status_code == 404
    assert browser("worker.helsinki").get(f"/cases/{case_id}").status_code == 404
    assert turku.post(f"/cases/transfers/{case_id}", {"accept": "true", "version": version}).status_code == 404


def test_a_declined_transfer_leaves_the_case_where_it_was(api, instance, case_id):
    service.record_legal_basis(instance.store, HELSINKI, case_id, "Child Welfare Act 417/2007, s. 36")
    helsinki = api("coordinator.helsinki")
    asked = helsinki.post(f"/api/v1/cases/{case_id}/transfer", json={
        "to_city": "oulu", "reason": "Family in Oulu", "version": case_row(instance, case_id).version})
    assert asked.status_code == 200 and asked.get_json()["transfer_to"] == "oulu"
    oulu = api("coordinator.oulu")
    assert [t["case_id"] for t in oulu.get("/api/v1/cases/transfers").get_json()] == [case_id]
    assert api("coordinator.turku").get("/api/v1/cases/transfers").get_json() == []
    stale = oulu.post(f"/api/v1/cases/transfers/{case_id}", json={"accept": False, "reason": "no", "version": 1})
    assert stale.status_code == 409
    answer = oulu.post(f"/api/v1/cases/transfers/{case_id}", json={
        "accept": False, "reason": "No exit worker free before spring", "version": case_row(instance, case_id).version})
    assert answer.status_code == 200 and answer.get_json()["city"] == "helsinki"
    assert case_row(instance, case_id).transfer_to is None
    assert api("worker.oulu").get("/api/v1/cases/transfers").status_code == 403
