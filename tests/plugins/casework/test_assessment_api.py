"""Assessment's API: start on a case, rate, finalise, approve where the city requires it, compare; 422 per field,
409 when stale, 404 outside the city."""

from __future__ import annotations

from core.testing import api_error, head
from plugins.casework import service as cases
from tests.plugins.casework.helpers import assessment_pages

RATING = {"indicator": "contact_with_group", "rating": 2, "evidence": "Meets two members weekly",
          "source": "client", "reliability": "probable", "reasoning": "Regular, though short, contact"}


def open_case(instance, coordinator) -> str:
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Vyrkkä", "phone")
    cases.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    return case_id.hex


def test_a_worker_rates_and_finalises_and_the_case_compares_its_last_two(api, instance, coordinator):
    worker = api("worker.helsinki")
    case_id = open_case(instance, coordinator)
    api_error(worker.get(f"/api/v1/cases/{case_id}/assessments/comparison"), 404, "not_found")
    for rating in (3, 1):
        created = worker.post(f"/api/v1/cases/{case_id}/assessments", json={"instrument": "exit_pathways"})
        assert created.status_code == 201, created.text
        assessment = created.get_json()
        assert (assessment["state"], assessment["approval_required"]) == ("open", False)
        path = f"/api/v1/assessments/{assessment['assessment_id']}"
        rated = worker.post(f"{path}/ratings", json={**RATING, "rating": rating, "version": assessment["version"]})
        assert rated.status_code == 200, rated.text
        assert rated.get_json()["ratings"] == [{**RATING, "rating": rating}]
        done = worker.post(f"{path}/finalisation", json={"reasoning": "Contact is the need", "version": 2})
        assert done.status_code == 200 and done.get_json()["state"] == "finalised"
        assert done.get_json()["reasoning"] == "Contact is the need"
    listed = worker.get(f"/api/v1/cases/{case_id}/assessments").get_json()
    assert [a["state"] for a in listed] == ["finalised", "finalised"]
    compared = worker.get(f"/api/v1/cases/{case_id}/assessments/comparison").get_json()
    assert compared["later"] == listed[0]["assessment_id"]
    [changed] = [c for c in compared["changes"] if c["changed"]]
    assert changed == {"indicator": "contact_with_group", "before": 3, "after": 1, "changed": True}


def test_bad_input_answers_422_per_field_and_a_stale_version_409(api, instance, coordinator):
    worker = api("worker.helsinki")
    case_id = open_case(instance, coordinator)
    api_error(worker.post(f"/api/v1/cases/{case_id}/assessments", json={"instrument": "tarot"}), 422, "validation")
    path = "/api/v1/assessments/" + worker.post(f"/api/v1/cases/{case_id}/assessments",
                                                 json={"instrument": "exit_pathways"}).get_json()["assessment_id"]
    before = head(instance.store)
    for body, fields in [({}, {"indicator", "rating", "evidence", "source", "reliability", "reasoning", "version"}),
                         ({**RATING, "rating": 9, "version": 1}, {"rating"}),
                         ({**RATING, "indicator": "star_sign", "version": 1}, {"indicator"}),
                         ({**RATING, "source": "rumour", "evidence": "", "version": 1}, {"source", "evidence"})]:
        error = api_error(worker.post(f"{path}/ratings", json=body), 422, "validation")
        assert set(error["fields"]) == fields, body
    error = api_error(worker.post(f"{path}/finalisation", json={"reasoning": "Too early", "version": 1}), 422)
    assert set(error["fields"]) == {"ratings"}
    assert head(instance.store) == before
    assert worker.post(f"{path}/ratings", json={**RATING, "version": 1}).status_code == 200
    stale = api_error(worker.post(f"{path}/ratings", json={**RATING, "version": 1}), 409, "conflict")
    assert stale["message"]


def test_approval_only_where_the_city_requires_it(api, instance):
    oulu = api("coordinator.oulu")
    awaiting = [a for a in (oulu.get(f"/api/v1{p}").get_json() for p in assessment_pages(instance, "oulu")
                            if p.startswith("/assessments/")) if a["state"] == "awaiting_approval"]
    [assessment] = awaiting
    path = f"/api/v1/assessments/{assessment['assessment_id']}/approval"
    api_error(api("worker.oulu").post(path, json={"version": assessment["version"]}), 403, "forbidden")
    approved = oulu.post(path, json={"version": assessment["version"]})
    assert approved.status_code == 200 and approved.get_json()["approver"] == "coordinator.oulu"
    helsinki = api("coordinator.helsinki")
    finalised = [a for a in (helsinki.get(f"/api/v1{p}").get_json() for p in assessment_pages(instance, "helsinki")
                             if p.startswith("/assessments/")) if a["state"] == "finalised"]
    error = api_error(helsinki.post(f"/api/v1/assessments/{finalised[0]['assessment_id']}/approval",
                                    json={"version": finalised[0]["version"]}), 422, "validation")
    assert "does not require approval" in error["fields"]["approval"][0]


def test_another_citys_assessments_are_not_found(api, instance):
    turku = api("worker.turku")
    before = head(instance.store)
    for page in assessment_pages(instance, "helsinki"):
        api_error(turku.get(f"/api/v1{page}"), 404, "not_found")
        if page.startswith("/assessments/"):
            api_error(turku.post(f"/api/v1{page}/ratings", json={**RATING, "version": 1}), 404, "not_found")
    assert head(instance.store) == before
