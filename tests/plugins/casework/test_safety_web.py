"""The safety page and API: the plan and its revisions, escalations refused without a legal basis, the
coordinator's dashboard list and acknowledgement; refusals keep the input; 409 when stale; the timeline."""

from __future__ import annotations

import re

from core.demo import demo_actors
from core.testing import api_error, database_text, events_after, head
from plugins.casework import service as cases
from plugins.casework.safety.domain import SafetyPlan
from plugins.casework.safety.queries import awaiting_acknowledgement, safety_row
from tests.plugins.casework.helpers import case_ids, in_english

HELSINKI = demo_actors("helsinki")["coordinator"]
MEASURES = "The sister takes the children to school; no visits to Kallio."
PROMPTED = "A former member followed the children home from the park."


def new_case(instance) -> str:
    case_id = cases.open_case(instance.store, HELSINKI, "helsinki", "family", "Turva", "family")
    cases.assign_worker(instance.store, HELSINKI, case_id, "worker.helsinki")
    return case_id.hex


def version_of(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def escalation(version, **changes) -> dict:
    return {"recipient": "child_protection", "escalated_on": "2026-11-20", "legal_basis": "child_welfare_notification",
            "prompted_by": PROMPTED, "version": version, **changes}


def test_a_worker_records_the_plan_and_an_escalation_that_the_coordinator_acknowledges(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance)
    path = f"/cases/{case_id}/safety"
    assert path in worker.get(f"/cases/{case_id}").text
    page = worker.get(path)
    assert "The case has no safety plan yet." in page.text and "Acknowledge" not in page.text
    assert worker.post(f"{path}/plan", {"warning_signs": "Calls at night", "coping": "", "contacts": "The sister",
                                        "measures": MEASURES, "reviewed_on": "2026-11-01", "version": "0"}
                       ).status_code == 302
    page = worker.get(path)
    assert MEASURES in page.text and "Calls at night" in page.text and "1 revision" in page.text
    assert f">{MEASURES}</textarea>" in page.text  # the next revision starts from the plan in force
    assert worker.post(f"{path}/plan", {"measures": "A new phone number.", "reviewed_on": "2026-11-15",
                                        "version": version_of(page.text)}).status_code == 302
    page = worker.get(path)
    assert "A new phone number." in page.text and MEASURES not in page.text and "2 revisions" in page.text
    assert worker.post(f"{path}/escalations", escalation(version_of(page.text))).status_code == 302
    page = worker.get(path)
    assert PROMPTED in page.text and "Child Welfare Act 417/2007, section 25" in page.text
    assert "awaiting acknowledgement" in page.text and "Acknowledge</button>" not in page.text
    assert PROMPTED.encode() not in database_text(instance.store)

    coordinator = in_english(browser, "coordinator.helsinki")
    assert path in coordinator.get("/").text  # on the coordinator's dashboard until acknowledged
    page = coordinator.get(path)
    acknowledged = coordinator.post(f"{path}/acknowledgement", {"escalation": "1", "version": version_of(page.text)})
    assert acknowledged.status_code == 302
    assert "Acknowledged by coordinator.helsinki" in coordinator.get(path).text
    assert path not in coordinator.get("/").text
    timeline = worker.get(f"/cases/{case_id}").text
    for entry in ("Safety plan recorded", "Escalation recorded", "Escalation acknowledged by the coordinator",
                  "Child protection · 2026-11-20", "A new phone number.",
                  "Child welfare notification (Child Welfare Act 417/2007, section 25: the duty to notify)"):
        assert entry in timeline


def test_refusals_keep_what_was_typed_and_write_nothing(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance)
    path = f"/cases/{case_id}/safety"
    before = head(instance.store)
    no_basis = worker.post(f"{path}/escalations", escalation("0", legal_basis=""))
    assert no_basis.status_code == 422 and "Choose the legal basis that allows telling this recipient." in no_basis.text
    assert f">{PROMPTED}</textarea>" in no_basis.text and 'id="legal_basis" name="legal_basis" aria-invalid="true"' \
        in no_basis.text
    wrong = worker.post(f"{path}/escalations", escalation("0", legal_basis="serious_offence_prevention"))
    assert wrong.status_code == 422 and "Choose the legal basis that allows telling this recipient." in wrong.text
    assert '<option value="serious_offence_prevention" selected>' in wrong.text
    no_measures = worker.post(f"{path}/plan", {"warning_signs": "Calls at night", "measures": "",
                                               "reviewed_on": "2026-11-01", "version": "0"})
    assert no_measures.status_code == 422 and ">Calls at night</textarea>" in no_measures.text
    assert not any(isinstance(e, SafetyPlan.Event) for e in events_after(instance.store, before))
    assert worker.post(f"{path}/escalations", escalation("0")).status_code == 302
    stale = worker.post(f"{path}/escalations", escalation("0", prompted_by="Again at the park."))
    assert stale.status_code == 409 and "Someone else changed the safety record" in stale.text
    assert ">Again at the park.</textarea>" in stale.text
    assert browser("worker.helsinki").post(f"{path}/acknowledgement", {"escalation": "1", "version": "2"}
                                           ).status_code == 403


def test_the_demo_shows_each_city_coordinator_an_escalation_to_acknowledge(browser, instance):
    for city in ("helsinki", "turku", "oulu"):
        [waiting] = awaiting_acknowledgement(instance.store, city)
        assert (waiting.recipient, waiting.legal_basis) == ("child_protection", "child_welfare_notification")
        assert f"/cases/{waiting.case_id}/safety" in browser(f"coordinator.{city}").get("/").text
        assert safety_row(instance.store, waiting.case_id).revisions == 2
    assert "/safety" not in browser("worker.helsinki").get("/").text  # the list is the coordinators'


def test_the_api_records_the_plan_and_escalations_422_and_409(api, instance):
    worker = api("worker.helsinki")
    case_id = new_case(instance)
    path = f"/api/v1/cases/{case_id}/safety"
    assert worker.get(path).get_json() == {"case_id": case_id, "plan": None, "revisions": 0, "escalations": [],
                                           "version": 0}
    error = api_error(worker.post(f"{path}/escalations", json={**escalation(0), "legal_basis": None}), 422,
                      "validation")
    assert "legal_basis" in str(error)
    body = worker.post(f"{path}/plan", json={"measures": MEASURES, "reviewed_on": "2026-11-01", "version": 0})
    assert body.status_code == 200, body.text
    assert body.get_json()["plan"] == {"warning_signs": None, "coping": None, "contacts": None, "measures": MEASURES,
                                       "reviewed_on": "2026-11-01"}
    api_error(worker.post(f"{path}/escalations", json=escalation(0)), 409, "conflict")
    body = worker.post(f"{path}/escalations", json=escalation(2, recipient="police", legal_basis="imminent_danger"))
    [sent] = body.get_json()["escalations"]
    assert sent == {"number": 1, "recipient": "police", "escalated_on": "2026-11-20", "prompted_by": PROMPTED,
                    "legal_basis": "imminent_danger", "escalated_by": "worker.helsinki", "acknowledged_by": None,
                    "provision": "A threat to someone's life or health that cannot otherwise be averted"}
    assert worker.get("/api/v1/escalations/waiting").status_code == 403
    coordinator = api("coordinator.helsinki")
    assert case_id in {w["case_id"] for w in coordinator.get("/api/v1/escalations/waiting").get_json()}
    api_error(coordinator.post(f"{path}/acknowledgement", json={"escalation": 2, "version": 3}), 422, "validation")
    done = coordinator.post(f"{path}/acknowledgement", json={"escalation": 1, "version": 3}).get_json()
    assert done["escalations"][0]["acknowledged_by"] == "coordinator.helsinki"


def test_another_citys_safety_record_is_not_found(browser, api, instance):
    turku_case = case_ids(instance, "turku")[0]
    assert browser("worker.helsinki").get(f"/cases/{turku_case}/safety").status_code == 404
    api_error(api("coordinator.helsinki").post(f"/api/v1/cases/{turku_case}/safety/acknowledgement",
                                               json={"escalation": 1, "version": 1}), 404, "not_found")
