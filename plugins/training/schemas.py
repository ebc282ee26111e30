"""The boundary of training: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

from datetime import timezone

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.training.domain import FORMATS, KINDS, LEVELS, MAX_SHORT, MAX_TEXT, SCORES, SECTORS


class Names(ma.fields.Field):
    """A short list of names: a JSON list, or a form's text with one name per line or separated by semicolons."""

    default_error_messages = {"invalid": "Give a list of names."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = value.replace("\n", ";").split(";")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.make_error("invalid")
        return [v.strip() for v in value if v.strip()]


class Moment(ma.fields.DateTime):
    """A moment of the log, always with its offset (SQLite gives back UTC without one)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


def _short(required: bool = True, **kwargs):
    return Text(required=required, validate=validate.Length(min=1 if required else 0, max=MAX_SHORT), **kwargs)


class _Organisation(ma.Schema):
    """The organisation: typed in, or chosen from the network's directory where the city runs it."""

    organisation = _short(required=False, load_default="", metadata={"description": "the organisation's name"})
    organisation_id = Text(load_default="", validate=validate.Length(max=64), metadata={
        "description": "an organisation of the network's directory (its name is then taken from there)"})

    @ma.validates_schema
    def _named(self, data, **kwargs):
        if not data.get("organisation") and not data.get("organisation_id"):
            raise ma.ValidationError("Name the organisation or choose it from the directory.", "organisation")


class RequestSchema(_Organisation):
    sector = ma.fields.String(required=True, validate=validate.OneOf(SECTORS))
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    needs = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                 metadata={"description": "what the organisation needs (about the work, never about a person)"})
    audience = _short(metadata={"description": "who would take part"})
    preferred_dates = _short(required=False, load_default="")


class VersionSchema(ma.Schema):
    version = WholeNumber(required=True, metadata={"description": "the version the change is based on"})


class DeclineSchema(VersionSchema):
    reason = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


class SessionSchema(ma.Schema):
    title = _short()
    held_on = Day(required=True)
    format = ma.fields.String(required=True, validate=validate.OneOf(FORMATS))
    duration_minutes = WholeNumber(required=True)
    topics = Names(required=True)
    level = ma.fields.String(required=True, validate=validate.OneOf(LEVELS))
    trainers = Names(required=True)
    capacity = WholeNumber(required=True)
    funding_line = _short(required=False, load_default="")
    materials = Text(load_default="", validate=validate.Length(max=MAX_TEXT))


class ScheduleSchema(SessionSchema, VersionSchema):
    """A session planned for a request, against the request's version."""


class RegistrationSchema(VersionSchema, _Organisation):
    sector = ma.fields.String(required=True, validate=validate.OneOf(SECTORS))
    role = _short(metadata={"description": "the participant's role at work"})
    name = _short(required=False, load_default="",
                  metadata={"description": "only where needed (a certificate); personal data, stored encrypted"})
    contact = _short(required=False, load_default="",
                     metadata={"description": "only where needed (a reminder); personal data, stored encrypted"})


class CancellationSchema(VersionSchema):
    participant_id = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))


class AttendanceSchema(CancellationSchema):
    attended = ma.fields.Boolean(required=True)


class FeedbackSchema(ma.Schema):
    usefulness = WholeNumber(required=True, validate=validate.OneOf(SCORES))
    knowledge_before = WholeNumber(required=True, validate=validate.OneOf(SCORES))
    knowledge_after = WholeNumber(required=True, validate=validate.OneOf(SCORES))
    comments = Text(load_default="", validate=validate.Length(max=MAX_TEXT))


class QualificationSchema(ma.Schema):
    username = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
    instrument = ma.fields.String(required=True, validate=validate.Length(min=1, max=60))
    trained_on = Day(required=True)


class RequestOutSchema(ma.Schema):
    request_id = ma.fields.String()
    city = ma.fields.String()
    organisation = ma.fields.String()
    sector = ma.fields.String()
    kind = ma.fields.String()
    needs = ma.fields.String()
    audience = ma.fields.String()
    preferred_dates = ma.fields.String()
    state = ma.fields.String(metadata={"description": "open, accepted, scheduled or declined"})
    answered_by = ma.fields.String(allow_none=True)
    decline_reason = ma.fields.String(allow_none=True)
    session_id = ma.fields.String(allow_none=True)
    made_at = Moment()
    version = ma.fields.Integer()


class ParticipantOutSchema(ma.Schema):
    participant_id = ma.fields.String()
    organisation = ma.fields.String()
    sector = ma.fields.String()
    role = ma.fields.String()
    status = ma.fields.String(metadata={"description": "registered, waiting or cancelled"})
    attended = ma.fields.Boolean(allow_none=True)
    erase_after = Day(metadata={"description": "when name and contact are erased"})


class SessionOutSchema(ma.Schema):
    session_id = ma.fields.String()
    city = ma.fields.String()
    title = ma.fields.String()
    held_on = Day()
    format = ma.fields.String()
    duration_minutes = ma.fields.Integer()
    topics = ma.fields.String()
    level = ma.fields.String()
    trainers = ma.fields.String()
    capacity = ma.fields.Integer()
    funding_line = ma.fields.String()
    materials = ma.fields.String()
    request_id = ma.fields.String(allow_none=True)
    registered = ma.fields.Integer()
    waiting = ma.fields.Integer()
    version = ma.fields.Integer()


class SessionDetailSchema(SessionOutSchema):
    participants = ma.fields.List(ma.fields.Nested(ParticipantOutSchema))


class RegisteredSchema(ma.Schema):
    participant_id = ma.fields.String()
    waiting = ma.fields.Boolean()
    feedback_code = ma.fields.String(metadata={"description": "the participant's code for the feedback link"})
    version = ma.fields.Integer()
