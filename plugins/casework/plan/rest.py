"""Support plan's JSON API under /api/v1/cases/<case_id>/plan: read it, draw it up, and change it."""

from __future__ import annotations

from core.toolkit import ApiBlueprint, current_store, current_user, finnish_today, requires, reveal
from plugins.casework.plan import service
from plugins.casework.plan.domain import OPEN_ACTIONS
from plugins.casework.plan.schemas import (ActionSchema, ActionStatusSchema, DrawUpSchema, GoalSchema,
                                           GoalStatusSchema, PlanSchema, ReviewSchema)
from plugins.casework.plan.web import plan_in_scope
from plugins.casework.web import case_first, found_first

blp = ApiBlueprint("api_casework_plan", __name__, url_prefix="/api/v1", description="Support plans")
CONFLICT = {"schema": "Error", "description": "the plan changed since `version`"}


def _detail(case, row, plan) -> dict:
    day = finnish_today()
    goals = [{"number": g.number, "domain": g.domain, "text": reveal(g.text, case.case_id), "status": g.status,
              "reason": reveal(g.reason, case.case_id) if g.reason else None,
              "actions": [{"number": a.number, "what": reveal(a.what, case.case_id), "owner": a.owner,
                           "due_on": a.due_on, "status": a.status,
                           "overdue": a.status in OPEN_ACTIONS and a.due_on < day}
                          for a in plan.actions.values() if a.goal == g.number]}
             for g in plan.goals.values()]
    reviews = [{"held_on": r.held_on, "summary": reveal(r.summary, case.case_id), "next_review": r.next_review}
               for r in plan.reviews]
    return {**row._mapping, "goals": goals, "reviews": reviews}


plan_first = found_first(plan_in_scope, "case_id", "found")



@blp.route("/cases/<case_id>/plan")
@requires("casework.view_case")
@blp.response(200, PlanSchema)
def get_plan(case_id):
    """Return the case's support plan: goals with their actions, and reviews (404 while it has none)."""
    return _detail(*plan_in_scope(case_id))


@blp.route("/cases/<case_id>/plan", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(DrawUpSchema)
@blp.response(201, PlanSchema)
@blp.alt_response(409, schema="Error", description="the case already has a support plan")
def draw_up_plan(data, case):
    """Draw up the case's support plan, with the day of its first review; a second plan answers 409."""
    service.draw_up_plan(current_store(), current_user.actor(), case.case_id, data["next_review"], finnish_today())
    return _detail(*plan_in_scope(case.case_id))


@blp.route("/cases/<case_id>/plan/goals", methods=["POST"])
@requires("casework.manage_case")
@plan_first
@blp.arguments(GoalSchema)
@blp.response(201, PlanSchema)
@blp.alt_response(409, **CONFLICT)
def add_goal(data, found):
    """Add a goal in a life domain, in the client's words."""
    service.add_goal(current_store(), current_user.actor(), found[0].case_id, data["domain"], data["text"],
                     expected_version=data["version"])
    return _detail(*plan_in_scope(found[0].case_id))


@blp.route("/cases/<case_id>/plan/goal-statuses", methods=["POST"])
@requires("casework.manage_case")
@plan_first
@blp.arguments(GoalStatusSchema)
@blp.response(200, PlanSchema)
@blp.alt_response(409, **CONFLICT)
def set_goal_status(data, found):
    """Mark an open goal achieved, or dropped with the reason."""
    service.set_goal_status(current_store(), current_user.actor(), found[0].case_id, data["goal"], data["status"],
                            data["reason"], expected_version=data["version"])
    return _detail(*plan_in_scope(found[0].case_id))


@blp.route("/cases/<case_id>/plan/actions", methods=["POST"])
@requires("casework.manage_case")
@plan_first
@blp.arguments(ActionSchema)
@blp.response(201, PlanSchema)
@blp.alt_response(409, **CONFLICT)
def add_action(data, found):
    """Add an action towards an open goal, owned by an organisation and due today or later."""
    service.add_action(current_store(), current_user.actor(), found[0].case_id, data["goal"], data["what"],
                       data["owner"], data["due_on"], expected_version=data["version"], today=finnish_today())
    return _detail(*plan_in_scope(found[0].case_id))


@blp.route("/cases/<case_id>/plan/action-statuses", methods=["POST"])
@requires("casework.manage_case")
@plan_first
@blp.arguments(ActionStatusSchema)
@blp.response(200, PlanSchema)
@blp.alt_response(409, **CONFLICT)
def set_action_status(data, found):
    """Move an action on; done and cancelled are final, and nothing goes back to planned."""
    service.set_action_status(current_store(), current_user.actor(), found[0].case_id, data["action"],
                              data["status"], expected_version=data["version"])
    return _detail(*plan_in_scope(found[0].case_id))


@blp.route("/cases/<case_id>/plan/reviews", methods=["POST"])
@requires("casework.manage_case")
@plan_first
@blp.arguments(ReviewSchema)
@blp.response(201, PlanSchema)
@blp.alt_response(409, **CONFLICT)
def review_plan(data, found):
    """Record a review of the plan, held today or before, and the day of the next one."""
    service.review_plan(current_store(), current_user.actor(), found[0].case_id, data["held_on"], data["summary"],
                        data["next_review"], expected_version=data["version"], today=finnish_today())
    return _detail(*plan_in_scope(found[0].case_id))
