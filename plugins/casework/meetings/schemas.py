"""The boundary of contacts and multi-agency meetings: one marshmallow schema per command, shared by form and API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.casework.meetings.domain import BASES, ITEMS, MAX_ATTENDEES, MAX_NAME, MAX_PROVISION, MAX_TEXT

FORM_ROWS = 8  # attendee rows the page's form offers


class AttendeeSchema(ma.Schema):
    organisation = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME),
                        metadata={"description": "e.g. Helsinki social services"})
    role = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME),
                metadata={"description": "e.g. social worker (a role, not a name)"})


class AgencyMeetingSchema(ma.Schema):
    held_on = Day(required=True, metadata={"description": "not later than today"})
    attendees = ma.fields.List(ma.fields.Nested(AttendeeSchema), required=True,
                               validate=validate.Length(min=1, max=MAX_ATTENDEES))
    client_present = ma.fields.Boolean(load_default=False)


class DecisionSchema(ma.Schema):
    decision = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                    metadata={"description": "personal data, stored encrypted"})
    version = WholeNumber(required=True, metadata={"description": "the meeting version the change is based on"})


class MeetingActionSchema(ma.Schema):
    what = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                metadata={"description": "what is to be done (personal data, stored encrypted)"})
    owner = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME),
                 metadata={"description": "the organisation that does it"})
    due_on = Day(load_default=None, allow_none=True)
    version = WholeNumber(required=True)

    @ma.pre_load
    def _no_due_date(self, data, **kwargs):
        return {**data, "due_on": None} if isinstance(data, dict) and data.get("due_on") == "" else data


class MeetingActionDoneSchema(ma.Schema):
    number = WholeNumber(required=True, metadata={"description": "the action's number in the meeting, from 1"})
    version = WholeNumber(required=True)


class DisclosureSchema(ma.Schema):
    items = ma.fields.List(ma.fields.String(validate=validate.OneOf(ITEMS)), required=True,
                           validate=validate.Length(min=1, max=len(ITEMS)))
    organisation = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME),
                        metadata={"description": "the organisation the information was shared with"})
    basis = ma.fields.String(required=True, validate=validate.OneOf(BASES),
                             metadata={"description": "consent (the case holds the client's consent to share with "
                                                      "the organisation) or a legal basis"})
    provision = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_PROVISION),
                     metadata={"description": "the act and section of a legal basis; none under consent"})
    version = WholeNumber(required=True)

    @ma.pre_load
    def _no_provision(self, data, **kwargs):
        return {**data, "provision": None} if isinstance(data, dict) and data.get("provision") == "" else data


class AttendeeOutSchema(ma.Schema):
    organisation = ma.fields.String()
    role = ma.fields.String()


class AgencyMeetingOutSchema(ma.Schema):
    meeting_id = ma.fields.String()
    case_id = ma.fields.String()
    held_on = Day()
    client_present = ma.fields.Boolean()
    attendees = ma.fields.Integer(metadata={"description": "how many"})
    decisions = ma.fields.Integer()
    actions = ma.fields.Integer()
    actions_done = ma.fields.Integer()
    disclosures = ma.fields.Integer()
    recorded_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class MeetingActionOutSchema(ma.Schema):
    number = ma.fields.Integer()
    what = ma.fields.String()
    owner = ma.fields.String()
    due_on = Day(allow_none=True)
    done = ma.fields.Boolean()


class DisclosureOutSchema(ma.Schema):
    items = ma.fields.List(ma.fields.String())
    organisation = ma.fields.String()
    basis = ma.fields.String()
    provision = ma.fields.String(allow_none=True)


class AgencyMeetingDetailSchema(ma.Schema):
    meeting_id = ma.fields.String()
    case_id = ma.fields.String()
    held_on = Day()
    client_present = ma.fields.Boolean()
    attendees = ma.fields.List(ma.fields.Nested(AttendeeOutSchema))
    decisions = ma.fields.List(ma.fields.String())
    actions = ma.fields.List(ma.fields.Nested(MeetingActionOutSchema))
    disclosures = ma.fields.List(ma.fields.Nested(DisclosureOutSchema))
    recorded_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class ContactSchema(ma.Schema):
    held_on = Day()
    mode = ma.fields.String()
    minutes = ma.fields.Integer(allow_none=True)
    workers = ma.fields.List(ma.fields.String())
    attended = ma.fields.Boolean()
    missed_reason = ma.fields.String(allow_none=True)
    note = ma.fields.String(allow_none=True)
    recorded_by = ma.fields.String()


class ContactLogSchema(ma.Schema):
    contacts = ma.fields.List(ma.fields.Nested(ContactSchema))
    held = ma.fields.Integer()
    missed = ma.fields.Integer()
    minutes = ma.fields.Integer(metadata={"description": "the time spent in contacts held"})
