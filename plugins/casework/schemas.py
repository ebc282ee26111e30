"""The API boundary of casework: marshmallow schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from plugins.casework.domain import CHANNELS, KINDS, MEETING_MODES


class NewCaseSchema(ma.Schema):
    pseudonym = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    channel = ma.fields.String(required=True, validate=validate.OneOf(CHANNELS))


class MeetingSchema(ma.Schema):
    held_on = ma.fields.Date(required=True)
    mode = ma.fields.String(required=True, validate=validate.OneOf(MEETING_MODES))
    minutes = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=1440))
    note = ma.fields.String(load_default=None, validate=validate.Length(max=4000))
    version = ma.fields.Integer(required=True, metadata={"description": "the case version the change is based on"})


class CaseSchema(ma.Schema):
    case_id = ma.fields.String()
    city = ma.fields.String()
    kind = ma.fields.String()
    phase = ma.fields.String()
    worker_id = ma.fields.String(allow_none=True)
    pseudonym = ma.fields.String()
    meetings = ma.fields.Integer()
    version = ma.fields.Integer()
