"""Contact and meeting pages: a case's contact log, its multi-agency meetings, one meeting with its forms."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, url_for

from core.toolkit import (ConflictError, ValidationError, current_store, current_user, form_input, gettext, render,
                          requires)
from plugins.casework.domain import MISSED_REASONS
from plugins.casework.meetings import service
from plugins.casework.meetings.domain import BASES, ITEMS, LEGAL_BASES
from plugins.casework.meetings.queries import contacts_of, meetings_of
from plugins.casework.meetings.schemas import (FORM_ROWS, AgencyMeetingSchema, DecisionSchema, DisclosureSchema,
                                               MeetingActionDoneSchema, MeetingActionSchema)
from plugins.casework.meetings.web import disclosure_input, meeting_in_scope, meeting_input
from plugins.casework.web import case_in_scope

bp = Blueprint("casework_meetings", __name__)


@bp.get("/cases/<case_id>/contacts")
@requires("casework.view_case")
def contacts(case_id):
    """A case's contact log: each contact held or missed, with the workers there, and the totals."""
    case = case_in_scope(case_id)
    found, totals = contacts_of(current_store(), case.case_id)
    return render("casework/contacts.html", case=case, contacts=found, totals=totals, missed_reasons=MISSED_REASONS)


@bp.get("/cases/<case_id>/agency-meetings")
@requires("casework.view_case")
def agency_meetings(case_id):
    """A case's multi-agency meetings, and the form to record one."""
    return _list_page(case_in_scope(case_id), form={}, errors={})


@bp.post("/cases/<case_id>/agency-meetings")
@requires("casework.record_meeting")
def record_agency_meeting(case_id):
    """Record a multi-agency meeting with its attendees; the form keeps what was typed when something is wrong."""
    case = case_in_scope(case_id)
    try:
        data = AgencyMeetingSchema().load(meeting_input())
        meeting_id = service.record_agency_meeting(current_store(), current_user.actor(), case.case_id, **data)
    except (ma.ValidationError, ValidationError) as e:
        return _list_page(case, form=form_input(), errors=e.messages), 422
    flash(gettext("The meeting was recorded."), "info")
    return redirect(url_for("casework_meetings.agency_meeting", meeting_id=meeting_id.hex))


@bp.get("/agency-meetings/<meeting_id>")
@requires("casework.view_case")
def agency_meeting(meeting_id):
    """One multi-agency meeting: attendees, decisions, actions and what was shared, with the forms to add them."""
    row, case = meeting_in_scope(meeting_id)
    return _meeting_page(row, case, form={}, errors={})


def _meeting_command(name: str, path: str, schema, read, run, done):
    """A page endpoint for one command on a meeting: the form keeps what was typed when something is wrong."""

    @requires("casework.record_meeting")
    def command(meeting_id):
        row, case = meeting_in_scope(meeting_id)
        typed = read()
        try:
            run(row, schema().load(typed))
        except (ma.ValidationError, ValidationError) as e:
            return _meeting_page(row, case, form=typed, errors=e.messages, command=name), 422
        except ConflictError as e:
            row, case = meeting_in_scope(meeting_id)
            return _meeting_page(row, case, form=typed, errors={}, conflict=e, command=name), 409
        flash(str(done()), "info")
        return redirect(url_for("casework_meetings.agency_meeting", meeting_id=row.meeting_id))

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name).__doc__
    bp.add_url_rule(f"/agency-meetings/<meeting_id>/{path}", endpoint=name, view_func=command, methods=["POST"])


_meeting_command(
    "record_decision", "decisions", DecisionSchema, form_input,
    lambda row, d: service.record_decision(current_store(), current_user.actor(), row.meeting_id, d["decision"],
                                           expected_version=d["version"]),
    lambda: gettext("The decision was recorded."))
_meeting_command(
    "agree_action", "actions", MeetingActionSchema, form_input,
    lambda row, d: service.agree_action(current_store(), current_user.actor(), row.meeting_id, d["what"],
                                        d["owner"], d["due_on"], expected_version=d["version"]),
    lambda: gettext("The action was recorded."))
_meeting_command(
    "mark_action_done", "actions/done", MeetingActionDoneSchema, form_input,
    lambda row, d: service.mark_action_done(current_store(), current_user.actor(), row.meeting_id, d["number"],
                                            expected_version=d["version"]),
    lambda: gettext("The action is marked done."))
_meeting_command(
    "record_disclosure", "disclosures", DisclosureSchema, disclosure_input,
    lambda row, d: service.record_disclosure(current_store(), current_user.actor(), row.meeting_id, d["items"],
                                             d["organisation"], d["basis"], d["provision"],
                                             expected_version=d["version"]),
    lambda: gettext("The disclosure was recorded."))


def _list_page(case, **context):
    return render("casework/agency_meetings.html", case=case, rows=meetings_of(current_store(), case.case_id),
                  form_rows=range(FORM_ROWS), **context)


def _meeting_page(row, case, **context):
    context.setdefault("command", "record_decision")
    meeting = current_store().get(row.meeting_id)
    consented = sorted(current_store().get(case.case_id).sharing)
    return render("casework/agency_meeting.html", row=row, case=case, meeting=meeting, items=ITEMS, bases=BASES,
                  legal_bases=LEGAL_BASES, consented=consented,
                  organisations=list(dict.fromkeys([*meeting.organisations, *consented])), **context)
