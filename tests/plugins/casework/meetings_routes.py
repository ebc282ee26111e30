"""The contact and meeting routes' rows of the authorization matrix (joined to casework's in routes.py)."""

from __future__ import annotations

from datetime import date

from core.testing.matrix import Records, Route
from plugins.casework import service as cases
from plugins.casework.meetings import service
from plugins.casework.meetings.queries import meeting_row

ORGANISATION = "Employment services of the matrix"


class AgencyMeetings(Records):
    """A multi-agency meeting, recorded by the coordinator, of a case assigned to the given exit worker; the client
    consented to share with the meeting's organisation and it holds one open action."""

    noun, key = "agency meeting", "meeting_id"

    def create(self, world, city, assignee):
        coordinator = world.account(f"coordinator.{city}").actor()
        case_id = cases.open_case(world.store, coordinator, city, "individual", "Matriisi", "agency")
        cases.assign_worker(world.store, coordinator, case_id, assignee)
        cases.give_consent(world.store, coordinator, case_id, "sharing", date(2026, 11, 2), "written", ORGANISATION)
        meeting_id = service.record_agency_meeting(world.store, coordinator, case_id, date(2026, 11, 2),
                                                   [{"organisation": ORGANISATION, "role": "counsellor"}], False)
        service.agree_action(world.store, coordinator, meeting_id, "Find a place", ORGANISATION)
        return meeting_id.hex

    def version(self, world, meeting_id):
        row = meeting_row(world.store, meeting_id)
        return row.version if row else 0


AGENCY_MEETINGS = AgencyMeetings()
MEETING = {"held_on": "2026-11-02", "attendees": [{"organisation": ORGANISATION, "role": "counsellor"}]}
MEETING_FORM = {"held_on": "2026-11-02", "organisation-0": ORGANISATION, "role-0": "counsellor"}


def decision(user: str, version: int) -> dict:
    return {"decision": f"Agreed with {user}", "version": version}


def action(user: str, version: int) -> dict:
    return {"what": f"Call {user}", "owner": ORGANISATION, "version": version}


def disclosure(user: str, version: int) -> dict:
    """Shared under the consent every matrix meeting's case holds: the write always lands."""
    return {"items": ["case_phase"], "organisation": ORGANISATION, "basis": "consent", "version": version}


def form(body):
    return lambda user, version: {**body(user, version), "version": str(version)}


# Marking the one action done would shut it to every later cell: it is sent with a number no action has (422 for
# an allowed user). Its success is tested in test_meetings_web.py.
def no_such_action(page: bool):
    return lambda user, version: {"number": "99" if page else 99, "version": str(version) if page else version}


def meeting_rows(cases_records) -> dict:
    """The rows, with casework's cases as the records of the case-keyed routes."""
    return {
        "casework_meetings.contacts": Route("casework.view_case", {"GET": 200}, scope=cases_records),
        "casework_meetings.agency_meetings": Route("casework.view_case", {"GET": 200}, scope=cases_records),
        "casework_meetings.record_agency_meeting": Route("casework.record_meeting", {"POST": 302},
                                                         scope=cases_records, lands=True, body=MEETING_FORM),
        "casework_meetings.agency_meeting": Route("casework.view_case", {"GET": 200}, scope=AGENCY_MEETINGS),
        "casework_meetings.record_decision": Route("casework.record_meeting", {"POST": 302}, scope=AGENCY_MEETINGS,
                                                   lands=True, body=form(decision)),
        "casework_meetings.agree_action": Route("casework.record_meeting", {"POST": 302}, scope=AGENCY_MEETINGS,
                                                lands=True, body=form(action)),
        "casework_meetings.record_disclosure": Route("casework.record_meeting", {"POST": 302},
                                                     scope=AGENCY_MEETINGS, lands=True, body=form(disclosure)),
        "casework_meetings.mark_action_done": Route("casework.record_meeting", {"POST": 422}, scope=AGENCY_MEETINGS,
                                                    body=no_such_action(True)),
        "api_casework_meetings.list_contacts": Route("casework.view_case", {"GET": 200}, scope=cases_records),
        "api_casework_meetings.list_agency_meetings": Route("casework.view_case", {"GET": 200}, scope=cases_records),
        "api_casework_meetings.record_agency_meeting": Route("casework.record_meeting", {"POST": 201},
                                                             scope=cases_records, body=MEETING),
        "api_casework_meetings.get_agency_meeting": Route("casework.view_case", {"GET": 200},
                                                          scope=AGENCY_MEETINGS),
        "api_casework_meetings.record_decision": Route("casework.record_meeting", {"POST": 200},
                                                       scope=AGENCY_MEETINGS, body=decision),
        "api_casework_meetings.agree_action": Route("casework.record_meeting", {"POST": 200}, scope=AGENCY_MEETINGS,
                                                    body=action),
        "api_casework_meetings.record_disclosure": Route("casework.record_meeting", {"POST": 200},
                                                         scope=AGENCY_MEETINGS, body=disclosure),
        "api_casework_meetings.mark_action_done": Route("casework.record_meeting", {"POST": 422},
                                                        scope=AGENCY_MEETINGS, body=no_such_action(False)),
    }
