"""The referrals' API: a referral in triaged into a case, a referral out sent and completed with its disclosure in
the access report; bad input answers 422 with its fields and writes nothing, a stale version 409."""

from __future__ import annotations

from core.testing import api_error, database_text
from plugins.casework.api import disclosures_of_client
from plugins.referrals.queries import outgoing_row
from tests.plugins.referrals.routes import REFERRAL_IN, SERVICE

OUT = {"service_id": SERVICE, "purpose": "Wants to get back to school.", "items": ["identity", "case_phase"],
       "basis": "court_order", "provision": "District court order 4/2026"}


def received(api) -> dict:
    made = api("worker.helsinki").post("/api/v1/referrals/incoming", json=REFERRAL_IN)
    assert made.status_code == 201, made.text
    return made.get_json()


def test_a_referral_in_is_triaged_into_a_case_and_one_sent_out_is_completed(api, instance):
    referral = received(api)
    coordinator = api("coordinator.helsinki")
    queue = coordinator.get("/api/v1/referrals/incoming").get_json()
    mine = next(r for r in queue if r["referral_id"] == referral["referral_id"])
    assert (mine["person"], mine["days_waiting"], mine["status"]) == ("Matti Matriisi", 0, "received")
    assert b"Matti Matriisi" not in database_text(instance.store)
    path = f"/api/v1/referrals/incoming/{referral['referral_id']}"
    accepted = coordinator.post(f"{path}/acceptance", json={"version": referral["version"]})
    assert accepted.status_code == 201, accepted.text
    case_id = accepted.get_json()["case_id"]
    assert coordinator.get(f"/api/v1/cases/{case_id}").status_code == 200
    told = coordinator.post(f"{path}/feedback", json={"told": "A case was opened.",
                                                      "version": accepted.get_json()["version"]})
    assert told.status_code == 200 and told.get_json()["feedback_on"]

    drafted = coordinator.post(f"/api/v1/referrals/cases/{case_id}/outgoing", json=OUT)
    assert drafted.status_code == 201, drafted.text
    out = drafted.get_json()
    at = f"/api/v1/referrals/outgoing/{out['referral_id']}"
    sent = coordinator.post(f"{at}/sending", json={"version": out["version"]}).get_json()
    assert sent["status"] == "sent" and sent["answer_due"]
    version = sent["version"]
    for status in ("received", "accepted", "completed"):
        answer = coordinator.post(f"{at}/answers", json={"status": status, "feedback": f"{status}.",
                                                         "version": version})
        assert answer.status_code == 200, answer.text
        version = answer.get_json()["version"]
    assert coordinator.get(f"/api/v1/referrals/cases/{case_id}/outgoing").get_json()[0]["status"] == "completed"
    client_id = outgoing_row(instance.store, out["referral_id"]).client_id
    [shared] = [d for d in disclosures_of_client(instance.store, client_id) if d["meeting_id"] == out["referral_id"]]
    assert (shared["basis"], shared["provision"], shared["items"], shared["actor"]) == (
        "court_order", "District court order 4/2026", ["identity", "case_phase"], "coordinator.helsinki")


def test_bad_input_answers_422_with_its_fields_and_writes_nothing(api, instance):
    worker = api("worker.helsinki")
    error = api_error(worker.post("/api/v1/referrals/incoming", json={**REFERRAL_IN, "urgency": "whenever",
                                                                      "person": ""}), 422)
    assert set(error["fields"]) >= {"urgency", "person"}
    error = api_error(worker.post("/api/v1/referrals/incoming", json={**REFERRAL_IN, "person_knows": False}), 422)
    assert set(error["fields"]) == {"person_consents"}
    referral = received(api)
    coordinator = api("coordinator.helsinki")
    case_id = coordinator.post(f"/api/v1/referrals/incoming/{referral['referral_id']}/acceptance",
                               json={"version": referral["version"]}).get_json()["case_id"]
    error = api_error(coordinator.post(f"/api/v1/referrals/cases/{case_id}/outgoing",
                                       json={**OUT, "basis": "consent", "provision": ""}), 422)
    assert set(error["fields"]) == {"basis"}  # the client has not consented to share with that organisation
    error = api_error(coordinator.post(f"/api/v1/referrals/cases/{case_id}/outgoing",
                                       json={**OUT, "basis": "override", "provision": ""}), 422)
    assert set(error["fields"]) == {"override_reason"}
    assert coordinator.get(f"/api/v1/referrals/cases/{case_id}/outgoing").get_json() == []


def test_an_override_by_the_coordinator_is_flagged_on_the_dashboard(api, browser):
    referral = received(api)
    coordinator = api("coordinator.helsinki")
    case_id = coordinator.post(f"/api/v1/referrals/incoming/{referral['referral_id']}/acceptance",
                               json={"version": referral["version"]}).get_json()["case_id"]
    made = coordinator.post(f"/api/v1/referrals/cases/{case_id}/outgoing",
                            json={**OUT, "basis": "override", "provision": "",
                                  "override_reason": "He is in danger tonight."})
    assert made.status_code == 201 and made.get_json()["overridden"] is True
    assert f"/referrals/cases/{case_id}" in browser("coordinator.helsinki").get("/").text


def test_two_coordinators_accepting_the_same_version_one_gets_409(api, instance):
    referral = received(api)
    path = f"/api/v1/referrals/incoming/{referral['referral_id']}/acceptance"
    first = api("coordinator.helsinki").post(path, json={"version": referral["version"]})
    assert first.status_code == 201
    error = api_error(api("coordinator.helsinki").post(path, json={"version": referral["version"]}), 409)
    assert error["current_version"] == first.get_json()["version"]


def test_another_citys_referral_is_404_before_the_body_is_read(api):
    referral = received(api)
    api_error(api("coordinator.turku").post(f"/api/v1/referrals/incoming/{referral['referral_id']}/decline",
                                            json={}), 404)
    api_error(api("worker.helsinki").get(f"/api/v1/referrals/incoming/{referral['referral_id']}"), 403)
