"""The boundary of casework: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Text, WholeNumber
from plugins.casework.domain import CHANNELS, KINDS, MAX_MINUTES, MAX_NOTE, MEETING_MODES


class NewCaseSchema(ma.Schema):
    pseudonym = Text(required=True, validate=validate.Length(min=1, max=200),
                     metadata={"description": "the client's name or a pseudonym (personal data, stored encrypted)"})
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    channel = ma.fields.String(required=True, validate=validate.OneOf(CHANNELS),
                               metadata={"description": "how contact came"})


class MeetingSchema(ma.Schema):
    held_on = ma.fields.Date(required=True)
    mode = ma.fields.String(required=True, validate=validate.OneOf(MEETING_MODES))
    minutes = WholeNumber(required=True, validate=validate.Range(min=1, max=MAX_MINUTES))
    note = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_NOTE))
    version = WholeNumber(required=True, metadata={"description": "the case version the change is based on"})


class CaseSchema(ma.Schema):
    case_id = ma.fields.String()
    city = ma.fields.String()
    kind = ma.fields.String()
    phase = ma.fields.String()
    worker_id = ma.fields.String(allow_none=True)
    pseudonym = ma.fields.String()
    meetings = ma.fields.Integer()
    version = ma.fields.Integer()
