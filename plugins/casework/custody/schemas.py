"""The boundary of the prison pathway: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.casework.custody.domain import MAX_NAME, RECORDED, TASK_KINDS

VERSION = {"description": "the custody record's version the change is based on (0 before its first change)"}


class _Blanks(ma.Schema):
    """A form's empty optional field is no value."""

    optional: tuple[str, ...] = ()

    @ma.pre_load
    def _blanks(self, data, **kwargs):
        return {**data, **{k: None for k in self.optional if k in data and data[k] in ("", None)}}


class StatusSchema(_Blanks):
    optional = ("prison",)
    status = ma.fields.String(required=True, validate=validate.OneOf(RECORDED))
    since = Day(required=True, metadata={"description": "the day the status began"})
    prison = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_NAME),
                  metadata={"description": "the prison or unit, while in custody"})
    version = WholeNumber(required=True, metadata=VERSION)


class ReleaseDateSchema(ma.Schema):
    expected_on = Day(required=True)
    version = WholeNumber(required=True, metadata=VERSION)


class ReleaseSchema(ma.Schema):
    released_on = Day(required=True)
    version = WholeNumber(required=True, metadata=VERSION)


class AgencyContactSchema(_Blanks):
    optional = ("phone", "email")
    name = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME),
                metadata={"description": "the Criminal Sanctions Agency official (personal data, stored encrypted)"})
    phone = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_NAME))
    email = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_NAME))
    version = WholeNumber(required=True, metadata=VERSION)


class TaskSchema(_Blanks):
    optional = ("due_on",)
    kind = ma.fields.String(required=True, validate=validate.OneOf(TASK_KINDS))
    owner = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME),
                 metadata={"description": "the organisation that does it"})
    due_on = Day(load_default=None, allow_none=True,
                            metadata={"description": "omitted: the kind's default offset from the release date"})
    version = WholeNumber(required=True, metadata=VERSION)


class TaskDoneSchema(ma.Schema):
    task = WholeNumber(required=True, metadata={"description": "the task's number"})
    done_on = Day(required=True)
    version = WholeNumber(required=True, metadata=VERSION)


class StatusOutSchema(ma.Schema):
    status = ma.fields.String()
    since = Day()
    prison = ma.fields.String(allow_none=True)


class TaskOutSchema(ma.Schema):
    number = ma.fields.Integer()
    kind = ma.fields.String()
    owner = ma.fields.String()
    due_on = Day()
    done_on = Day(allow_none=True)
    follows_release = ma.fields.Boolean(metadata={"description": "the due day moves with the release date"})


class ContactOutSchema(ma.Schema):
    name = ma.fields.String()
    phone = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)


class CustodySchema(ma.Schema):
    case_id = ma.fields.String()
    status = ma.fields.String(allow_none=True, metadata={"description": "None while the case has no custody record"})
    prison = ma.fields.String(allow_none=True)
    custody_since = Day(allow_none=True)
    expected_release = Day(allow_none=True)
    release_dates = ma.fields.List(Day(), metadata={"description": "every expected date given, in order"})
    released_on = Day(allow_none=True)
    history = ma.fields.List(ma.fields.Nested(StatusOutSchema))
    contact = ma.fields.Nested(ContactOutSchema, allow_none=True)
    tasks = ma.fields.List(ma.fields.Nested(TaskOutSchema))
    version = ma.fields.Integer()
