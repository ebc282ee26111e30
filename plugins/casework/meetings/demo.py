"""Demonstration contacts and a multi-agency meeting: invented people and agencies' roles, never real ones."""

from __future__ import annotations

from datetime import timedelta

from plugins.casework import service as cases
from plugins.casework.meetings import service


def add_demo_contacts(store, coordinator, worker, case_id, day) -> None:
    """Give a demo case contacts with two workers, one in prison, and one that did not happen."""
    both = [worker.user_id, coordinator.user_id]
    cases.record_meeting(store, worker, case_id, day + timedelta(days=3), "in_prison", 90, workers=both,
                         note="Visit at the prison; talked about life after release.")
    cases.record_meeting(store, worker, case_id, day + timedelta(days=10), "phone", None, attended=False,
                         missed_reason="client_did_not_come")
    cases.record_meeting(store, coordinator, case_id, day + timedelta(days=12), "online", 45, workers=both,
                         note="Planned housing and work with the client.")


def add_demo_agency_meeting(store, city, worker, case_id, day) -> None:
    """A multi-agency meeting with a decision, an action and information shared under the client's consent."""
    employment = f"Employment services of {city.name}"
    meeting_id = service.record_agency_meeting(store, worker, case_id, day + timedelta(days=14), [
        {"organisation": f"{city.name} social services", "role": "social worker"},
        {"organisation": employment, "role": "employment counsellor"},
        {"organisation": f"Exit work of {city.name}", "role": "exit worker"},
    ], client_present=True)
    service.record_decision(store, worker, meeting_id, "The client starts a work trial in the spring.")
    service.agree_action(store, worker, meeting_id, "Find a work-trial place near the client's home.", employment,
                         day + timedelta(days=45))
    service.record_disclosure(store, worker, meeting_id, ["case_phase", "support_plan"], employment, "consent")
