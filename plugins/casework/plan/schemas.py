"""The boundary of the support plan: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.casework.plan.domain import ACTION_STATUSES, DOMAINS, GOAL_STATUSES, MAX_OWNER, MAX_TEXT

PERSONAL = "(personal data, stored encrypted)"


class DrawUpSchema(ma.Schema):
    next_review = Day(required=True, metadata={"description": "the day of the plan's first review"})


class GoalSchema(ma.Schema):
    domain = ma.fields.String(required=True, validate=validate.OneOf(DOMAINS),
                              metadata={"description": f"the life domain: {', '.join(DOMAINS)}"})
    text = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                metadata={"description": f"the goal, in the client's words {PERSONAL}"})
    version = WholeNumber(required=True, metadata={"description": "the plan version the change is based on"})


class GoalStatusSchema(ma.Schema):
    goal = WholeNumber(required=True, metadata={"description": "the goal's number in the plan"})
    status = ma.fields.String(required=True, validate=validate.OneOf(GOAL_STATUSES),
                              metadata={"description": "achieved, or dropped (with a reason)"})
    reason = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_TEXT),
                  metadata={"description": f"why a dropped goal was dropped {PERSONAL}"})
    version = WholeNumber(required=True)


class ActionSchema(ma.Schema):
    goal = WholeNumber(required=True, metadata={"description": "the number of the open goal the action serves"})
    what = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                metadata={"description": f"what is to be done {PERSONAL}"})
    owner = Text(required=True, validate=validate.Length(min=1, max=MAX_OWNER),
                 metadata={"description": "the organisation that owns the action, e.g. Helsinki youth services"})
    due_on = Day(required=True, metadata={"description": "today or later"})
    version = WholeNumber(required=True)


class ActionStatusSchema(ma.Schema):
    action = WholeNumber(required=True, metadata={"description": "the action's number in the plan"})
    status = ma.fields.String(required=True, validate=validate.OneOf(ACTION_STATUSES),
                              metadata={"description": "planned -> in_progress -> done; cancelled; done and "
                                                       "cancelled are final"})
    version = WholeNumber(required=True)


class ReviewSchema(ma.Schema):
    held_on = Day(required=True, metadata={"description": "the day the review was held (not ahead)"})
    summary = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                   metadata={"description": f"what the review found {PERSONAL}"})
    next_review = Day(required=True, metadata={"description": "after the day the review was held"})
    version = WholeNumber(required=True)


class ActionOutSchema(ma.Schema):
    number = ma.fields.Integer()
    what = ma.fields.String()
    owner = ma.fields.String()
    due_on = Day()
    status = ma.fields.String(metadata={"description": ", ".join(ACTION_STATUSES)})
    overdue = ma.fields.Boolean(metadata={"description": "still open after its due date"})


class GoalOutSchema(ma.Schema):
    number = ma.fields.Integer()
    domain = ma.fields.String()
    text = ma.fields.String()
    status = ma.fields.String(metadata={"description": ", ".join(GOAL_STATUSES)})
    reason = ma.fields.String(allow_none=True, metadata={"description": "why a dropped goal was dropped"})
    actions = ma.fields.List(ma.fields.Nested(ActionOutSchema))


class ReviewOutSchema(ma.Schema):
    held_on = Day()
    summary = ma.fields.String()
    next_review = Day()


class PlanSchema(ma.Schema):
    case_id = ma.fields.String()
    plan_id = ma.fields.String()
    city = ma.fields.String()
    drawn_up_on = Day()
    drawn_up_by = ma.fields.String()
    next_review = Day()
    last_review = Day(allow_none=True)
    version = ma.fields.Integer()
    goals = ma.fields.List(ma.fields.Nested(GoalOutSchema))
    reviews = ma.fields.List(ma.fields.Nested(ReviewOutSchema))
