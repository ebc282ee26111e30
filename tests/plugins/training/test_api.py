"""Training's API: requests and sessions of the caller's city; 422 with field messages, 409 when stale, 404 for
another city's record; registrations answer the feedback code and whether the person waits."""

from __future__ import annotations

from datetime import timedelta

from core.testing import api_error
from core.toolkit import finnish_today

SESSION = {"title": "Online basics", "held_on": (finnish_today() + timedelta(days=20)).isoformat(), "format": "e_learning",
           "duration_minutes": 60, "topics": ["what exit work is"], "level": "introductory",
           "trainers": ["trainer.helsinki"], "capacity": 1}
PERSON = {"organisation": "Demo Social Services", "sector": "social_services", "role": "social worker"}
REQUEST = {"organisation": "Harjula School", "sector": "education", "kind": "training",
           "needs": "An introduction for teachers.", "audience": "teachers"}


def test_a_session_is_planned_filled_and_its_waiting_list_moves_up(api):
    trainer = api("trainer.helsinki")
    for wrong in ({"format": "fax"}, {"capacity": 0}, {"topics": [1, 2]}, {"held_on": "someday"}):
        refused = api_error(trainer.post("/api/v1/training/sessions", json={**SESSION, **wrong}), 422)
        assert set(refused["fields"]) == set(wrong), refused
    made = trainer.post("/api/v1/training/sessions", json=SESSION)
    assert made.status_code == 201, made.text
    session = made.get_json()
    assert (session["capacity"], session["registered"], session["participants"]) == (1, 0, [])
    path = f"/api/v1/training/sessions/{session['session_id']}"
    first = trainer.post(f"{path}/participants", json={**PERSON, "version": session["version"]}).get_json()
    assert first["waiting"] is False and len(first["feedback_code"]) >= 24
    stale = api_error(trainer.post(f"{path}/participants", json={**PERSON, "version": session["version"]}), 409)
    assert stale["current_version"] == first["version"]
    second = trainer.post(f"{path}/participants", json={**PERSON, "version": first["version"]}).get_json()
    assert second["waiting"] is True
    bad = api_error(trainer.post(f"{path}/attendance", json={"participant_id": first["participant_id"],
                                                             "attended": True, "version": second["version"]}), 422)
    assert bad["fields"] == {"attendance": ["attendance is marked once the session has been held"]}
    cancelled = trainer.post(f"{path}/cancellation", json={"participant_id": first["participant_id"],
                                                           "version": second["version"]})
    assert cancelled.status_code == 200, cancelled.text
    assert [(p["participant_id"], p["status"]) for p in cancelled.get_json()["participants"]] == [
        (first["participant_id"], "cancelled"), (second["participant_id"], "registered")]
    assert "name" not in cancelled.get_json()["participants"][0]


def test_a_request_is_made_accepted_and_scheduled_through_the_api(api):
    worker, trainer = api("worker.helsinki"), api("trainer.helsinki")
    api_error(worker.post("/api/v1/training/requests", json={**REQUEST, "kind": "lecture"}), 422)
    request = worker.post("/api/v1/training/requests", json=REQUEST).get_json()
    path = f"/api/v1/training/requests/{request['request_id']}"
    api_error(worker.post(f"{path}/acceptance", json={"version": request["version"]}), 403)
    accepted = trainer.post(f"{path}/acceptance", json={"version": request["version"]}).get_json()
    assert accepted["state"] == "accepted" and accepted["answered_by"] == "trainer.helsinki"
    api_error(trainer.post(f"{path}/decline", json={"reason": "", "version": accepted["version"]}), 422)
    scheduled = trainer.post(f"{path}/session", json={**SESSION, "version": accepted["version"]})
    assert scheduled.status_code == 201, scheduled.text
    assert scheduled.get_json()["request_id"] == request["request_id"]
    assert trainer.get(path).get_json()["state"] == "scheduled"
    api_error(api("trainer.turku").get(path), 404)
    api_error(api("national_coordinator.national").get(path), 403)
    assert request["request_id"] in {r["request_id"] for r in worker.get("/api/v1/training/requests").get_json()}
    assert request["request_id"] not in {r["request_id"] for r in
                                         api("worker.turku").get("/api/v1/training/requests").get_json()}
