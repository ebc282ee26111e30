"""Contacts and meetings in the JSON API: a case's contact log and meetings under /api/v1/cases, one meeting under
/api/v1/agency-meetings."""

from __future__ import annotations

from core.toolkit import ApiBlueprint, current_store, current_user, requires, reveal
from plugins.casework.meetings import service
from plugins.casework.meetings.queries import contacts_of, meetings_of
from plugins.casework.meetings.schemas import (AgencyMeetingDetailSchema, AgencyMeetingOutSchema, AgencyMeetingSchema,
                                               ContactLogSchema, DecisionSchema, DisclosureSchema,
                                               MeetingActionDoneSchema, MeetingActionSchema)
from plugins.casework.meetings.web import meeting_in_scope
from plugins.casework.web import case_first, case_in_scope, found_first

blp = ApiBlueprint("api_casework_meetings", __name__, url_prefix="/api/v1", description="Contacts and meetings")
CONFLICT = {"schema": "Error", "description": "the meeting changed since `version`"}


def _detail(row, case) -> dict:
    meeting = current_store().get(row.meeting_id)
    return {**row._mapping, "attendees": meeting.attendees,
            "decisions": [reveal(d, case.case_id) for d in meeting.decisions],
            "actions": [{"number": a.number, "what": reveal(a.what, case.case_id), "owner": a.owner,
                         "due_on": a.due_on, "done": a.done} for a in meeting.actions],
            "disclosures": [vars(d) for d in meeting.disclosures]}


meeting_first = found_first(meeting_in_scope, "meeting_id", "found")



@blp.route("/cases/<case_id>/contacts")
@requires("casework.view_case")
@blp.response(200, ContactLogSchema)
def list_contacts(case_id):
    """A case's contact log, the latest first, with the contacts held and missed and the minutes of those held."""
    case = case_in_scope(case_id)
    found, totals = contacts_of(current_store(), case.case_id)
    return {"held": totals.held, "missed": totals.missed, "minutes": totals.minutes,
            "contacts": [{**vars(c), "note": reveal(c.note, case.case_id) or None} for c in found]}


@blp.route("/cases/<case_id>/agency-meetings")
@requires("casework.view_case")
@blp.response(200, AgencyMeetingOutSchema(many=True))
def list_agency_meetings(case_id):
    """List a case's multi-agency meetings, the latest first."""
    return meetings_of(current_store(), case_in_scope(case_id).case_id)


@blp.route("/cases/<case_id>/agency-meetings", methods=["POST"])
@requires("casework.record_meeting")
@case_first
@blp.arguments(AgencyMeetingSchema)
@blp.response(201, AgencyMeetingDetailSchema)
def record_agency_meeting(data, case):
    """Record a multi-agency meeting of the case with its attendees by organisation and role."""
    meeting_id = service.record_agency_meeting(current_store(), current_user.actor(), case.case_id, **data)
    return _detail(*meeting_in_scope(meeting_id.hex))


@blp.route("/agency-meetings/<meeting_id>")
@requires("casework.view_case")
@blp.response(200, AgencyMeetingDetailSchema)
def get_agency_meeting(meeting_id):
    """Return one meeting with its attendees, decisions, actions and disclosures."""
    return _detail(*meeting_in_scope(meeting_id))


@blp.route("/agency-meetings/<meeting_id>/decisions", methods=["POST"])
@requires("casework.record_meeting")
@meeting_first
@blp.arguments(DecisionSchema)
@blp.response(200, AgencyMeetingDetailSchema)
@blp.alt_response(409, **CONFLICT)
def record_decision(data, found):
    """Record a decision of the meeting; a stale `version` answers 409 with the current version."""
    service.record_decision(current_store(), current_user.actor(), found[0].meeting_id, data["decision"],
                            expected_version=data["version"])
    return _detail(*meeting_in_scope(found[0].meeting_id))


@blp.route("/agency-meetings/<meeting_id>/actions", methods=["POST"])
@requires("casework.record_meeting")
@meeting_first
@blp.arguments(MeetingActionSchema)
@blp.response(200, AgencyMeetingDetailSchema)
@blp.alt_response(409, **CONFLICT)
def agree_action(data, found):
    """Record an action agreed at the meeting, with its owner organisation and due date."""
    service.agree_action(current_store(), current_user.actor(), found[0].meeting_id, data["what"], data["owner"],
                         data["due_on"], expected_version=data["version"])
    return _detail(*meeting_in_scope(found[0].meeting_id))


@blp.route("/agency-meetings/<meeting_id>/actions/done", methods=["POST"])
@requires("casework.record_meeting")
@meeting_first
@blp.arguments(MeetingActionDoneSchema)
@blp.response(200, AgencyMeetingDetailSchema)
@blp.alt_response(409, **CONFLICT)
def mark_action_done(data, found):
    """Mark an agreed action done, by its number."""
    service.mark_action_done(current_store(), current_user.actor(), found[0].meeting_id, data["number"],
                             expected_version=data["version"])
    return _detail(*meeting_in_scope(found[0].meeting_id))


@blp.route("/agency-meetings/<meeting_id>/disclosures", methods=["POST"])
@requires("casework.record_meeting")
@meeting_first
@blp.arguments(DisclosureSchema)
@blp.response(200, AgencyMeetingDetailSchema)
@blp.alt_response(409, **CONFLICT)
def record_disclosure(data, found):
    """Record what was shared about the client, with which organisation, under consent or a legal basis."""
    service.record_disclosure(current_store(), current_user.actor(), found[0].meeting_id, data["items"],
                              data["organisation"], data["basis"], data["provision"], expected_version=data["version"])
    return _detail(*meeting_in_scope(found[0].meeting_id))
