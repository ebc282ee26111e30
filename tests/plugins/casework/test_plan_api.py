"""Support plan's API: draw up, add goals and actions, move statuses, review; 422 per field, 409 for a second plan
and a stale version, 404 without a plan or outside the city."""

from __future__ import annotations

from datetime import timedelta

from core.testing import api_error, head
from core.toolkit import finnish_today
from plugins.casework import service as cases
from tests.plugins.casework.helpers import city_rows

SOON = (finnish_today() + timedelta(days=20)).isoformat()
LATER = (finnish_today() + timedelta(days=90)).isoformat()
TODAY = finnish_today().isoformat()


def open_case(instance, coordinator) -> str:
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Vyrkkä", "phone")
    cases.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    return case_id.hex


def test_a_worker_draws_up_a_plan_and_works_it_through(api, instance, coordinator):
    worker = api("worker.helsinki")
    case_id = open_case(instance, coordinator)
    path = f"/api/v1/cases/{case_id}/plan"
    api_error(worker.get(path), 404, "not_found")
    created = worker.post(path, json={"next_review": SOON})
    assert created.status_code == 201, created.text
    plan = created.get_json()
    assert (plan["case_id"], plan["next_review"], plan["drawn_up_by"], plan["goals"], plan["version"]) == (
        case_id, SOON, "worker.helsinki", [], 1)
    plan = worker.post(f"{path}/goals", json={"domain": "housing", "text": "A flat of my own", "version": 1}).get_json()
    added = worker.post(f"{path}/actions", json={"goal": 1, "what": "Apply for a flat", "owner": "Helsinki youth "
                                                 "services", "due_on": SOON, "version": plan["version"]})
    assert added.status_code == 201, added.text
    moved = worker.post(f"{path}/action-statuses", json={"action": 1, "status": "in_progress", "version": 3})
    assert moved.status_code == 200, moved.text
    assert moved.get_json()["goals"] == [{"number": 1, "domain": "housing", "text": "A flat of my own",
                                          "status": "open", "reason": None,
                                          "actions": [{"number": 1, "what": "Apply for a flat",
                                                       "owner": "Helsinki youth services", "due_on": SOON,
                                                       "status": "in_progress", "overdue": False}]}]
    reviewed = worker.post(f"{path}/reviews", json={"held_on": TODAY, "summary": "Going well", "next_review": LATER,
                                                    "version": 4})
    assert reviewed.status_code == 201, reviewed.text
    plan = reviewed.get_json()
    assert (plan["next_review"], plan["last_review"], plan["reviews"]) == (
        LATER, TODAY, [{"held_on": TODAY, "summary": "Going well", "next_review": LATER}])
    worker.post(f"{path}/action-statuses", json={"action": 1, "status": "cancelled", "version": 5})
    dropped = worker.post(f"{path}/goal-statuses", json={"goal": 1, "status": "dropped", "reason": "Moved away",
                                                         "version": 6})
    assert dropped.status_code == 200, dropped.text
    assert dropped.get_json()["goals"][0]["status"] == "dropped"
    assert worker.get(path).get_json()["goals"][0]["reason"] == "Moved away"


def test_bad_input_answers_422_per_field_a_second_plan_and_a_stale_version_409(api, instance, coordinator):
    worker = api("worker.helsinki")
    case_id = open_case(instance, coordinator)
    path = f"/api/v1/cases/{case_id}/plan"
    before = head(instance.store)
    error = api_error(worker.post(path, json={"next_review": TODAY}), 422, "validation")
    assert set(error["fields"]) == {"next_review"}
    api_error(worker.post(f"{path}/goals", json={"domain": "housing", "text": "x", "version": 1}), 404)
    assert head(instance.store) == before
    assert worker.post(path, json={"next_review": SOON}).status_code == 201
    error = api_error(worker.post(path, json={"next_review": LATER}), 409, "conflict")
    assert error["current_version"] == 1
    before = head(instance.store)
    past = (finnish_today() - timedelta(days=1)).isoformat()
    for url, body, fields in [
        ("goals", {}, {"domain", "text", "version"}),
        ("goals", {"domain": "astrology", "text": "", "version": 1}, {"domain", "text"}),
        ("actions", {"goal": 1, "what": "Apply", "owner": "Kela", "due_on": SOON, "version": 1}, {"goal"}),
        ("action-statuses", {"action": 1, "status": "done", "version": 1}, {"action"}),
        ("goal-statuses", {"goal": 1, "status": "maybe", "version": 1}, {"status"}),
        ("reviews", {"held_on": SOON, "summary": "Ahead", "next_review": LATER, "version": 1}, {"held_on"}),
        ("reviews", {"held_on": TODAY, "summary": " ", "next_review": TODAY, "version": 1}, {"summary"}),
    ]:
        error = api_error(worker.post(f"{path}/{url}", json=body), 422, "validation")
        assert set(error["fields"]) == fields, (url, body, error)
    assert head(instance.store) == before
    assert worker.post(f"{path}/goals", json={"domain": "housing", "text": "A flat", "version": 1}).status_code == 201
    error = api_error(worker.post(f"{path}/actions", json={"goal": 1, "what": "Apply", "owner": "Kela",
                                                           "due_on": past, "version": 2}), 422, "validation")
    assert "has already passed" in error["fields"]["due_on"][0]
    stale = api_error(worker.post(f"{path}/goals", json={"domain": "family", "text": "Sister", "version": 1}), 409)
    assert stale["current_version"] == 2


def test_the_demo_plans_answer_with_their_overdue_action_and_other_cities_do_not_see_them(api, instance):
    planned = [r for r in city_rows(instance, "helsinki") if r.phase in ("support_plan", "active_support",
                                                                         "reintegration")]
    worker = api("worker.helsinki")
    for row in planned:
        plan = worker.get(f"/api/v1/cases/{row.case_id}/plan").get_json()
        overdue = [a for g in plan["goals"] for a in g["actions"] if a["overdue"]]
        assert [(a["owner"], a["status"]) for a in overdue] == [("Housing services of Helsinki", "in_progress")]
        assert {g["domain"] for g in plan["goals"]} == {"housing", "work_and_education", "ideology_and_mentoring",
                                                         "mental_health"}
        assert len(plan["reviews"]) == 1
        api_error(api("worker.turku").get(f"/api/v1/cases/{row.case_id}/plan"), 404)
