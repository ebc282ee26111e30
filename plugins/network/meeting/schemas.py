"""The boundary of meetings: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.network.domain import MAX_NAME, MAX_TEXT
from plugins.network.meeting.domain import KINDS


class NewNetworkMeetingSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    title = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME))
    city = ma.fields.String(required=True, validate=validate.Length(max=40))
    held_on = Day(required=True)
    attending = ma.fields.List(ma.fields.String(validate=validate.Length(max=32)), required=True,
                               metadata={"description": "ids of the organisations that attend"})
    topics = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


class MeetingOutcomesSchema(ma.Schema):
    outcomes = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    version = WholeNumber(required=True)


class NewFollowUpSchema(ma.Schema):
    action = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    owner = ma.fields.String(load_default="", validate=validate.Length(max=32),
                             metadata={"description": "an attending organisation's id, or empty for the programme"})
    due_on = Day(required=True)
    version = WholeNumber(required=True)


class FollowUpDoneSchema(ma.Schema):
    number = WholeNumber(required=True)
    version = WholeNumber(required=True)


class FollowUpOutSchema(ma.Schema):
    number = ma.fields.Integer()
    action = ma.fields.String()
    owner = ma.fields.String()
    due_on = Day()
    done = ma.fields.Boolean()


class NetworkMeetingSchema(ma.Schema):
    meeting_id = ma.fields.String()
    kind = ma.fields.String()
    title = ma.fields.String()
    city = ma.fields.String()
    held_on = Day()
    attending = ma.fields.List(ma.fields.String())
    topics = ma.fields.String()
    outcomes = ma.fields.String()
    open_follow_ups = ma.fields.Integer()
    follow_ups = ma.fields.List(ma.fields.Nested(FollowUpOutSchema))
    version = ma.fields.Integer()
