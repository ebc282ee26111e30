"""Support-plan pages: a case's plan by life domain with its actions and reviews, and the forms that change it."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, url_for

from core.toolkit import (ConflictError, ValidationError, current_store, current_user, finnish_today, form_input,
                          gettext, render, requires)
from plugins.casework.plan import service
from plugins.casework.plan.domain import ACTION_MOVES, DOMAINS, GOAL_MOVES
from plugins.casework.plan.schemas import (ActionSchema, ActionStatusSchema, DrawUpSchema, GoalSchema,
                                           GoalStatusSchema, ReviewSchema)
from plugins.casework.plan.web import plan_in_scope

bp = Blueprint("casework_plan", __name__)


@bp.get("/cases/<case_id>/plan")
@requires("casework.view_case")
def plan(case_id):
    """A case's support plan: goals by life domain with their actions, owners, due dates and statuses, and reviews."""
    return _page(*plan_in_scope(case_id, required=False), form={}, errors={})


@bp.post("/cases/<case_id>/plan")
@requires("casework.manage_case")
def draw_up_plan(case_id):
    """Draw up the case's support plan, with the day of its first review."""
    case, row, found = plan_in_scope(case_id, required=False)
    try:
        data = DrawUpSchema().load(form_input())
        service.draw_up_plan(current_store(), current_user.actor(), case.case_id, data["next_review"], finnish_today())
    except (ma.ValidationError, ValidationError) as e:
        return _page(case, row, found, form=form_input(), errors=e.messages, command="draw_up_plan"), 422
    except ConflictError as e:
        return _page(*plan_in_scope(case_id, required=False), form=form_input(), errors={}, conflict=e,
                     command="draw_up_plan"), 409
    flash(gettext("The support plan was drawn up."), "info")
    return redirect(url_for("casework_plan.plan", case_id=case.case_id))


def _plan_command(name: str, path: str, schema, run, done):
    """A page endpoint for one command on a plan: the form keeps what was typed when something is wrong."""

    @requires("casework.manage_case")
    def command(case_id):
        case, row, found = plan_in_scope(case_id)
        try:
            run(case.case_id, schema().load(form_input()))
        except (ma.ValidationError, ValidationError) as e:
            return _page(case, row, found, form=form_input(), errors=e.messages, command=name), 422
        except ConflictError as e:
            return _page(*plan_in_scope(case_id), form=form_input(), errors={}, conflict=e, command=name), 409
        flash(str(done()), "info")
        return redirect(url_for("casework_plan.plan", case_id=case.case_id))

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name).__doc__
    bp.add_url_rule(f"/cases/<case_id>/plan/{path}", endpoint=name, view_func=command, methods=["POST"])


_plan_command(
    "add_goal", "goals", GoalSchema,
    lambda case_id, d: service.add_goal(current_store(), current_user.actor(), case_id, d["domain"], d["text"],
                                        expected_version=d["version"]),
    lambda: gettext("The goal was added."))
_plan_command(
    "set_goal_status", "goal-statuses", GoalStatusSchema,
    lambda case_id, d: service.set_goal_status(current_store(), current_user.actor(), case_id, d["goal"],
                                               d["status"], d["reason"], expected_version=d["version"]),
    lambda: gettext("The goal's status was changed."))
_plan_command(
    "add_action", "actions", ActionSchema,
    lambda case_id, d: service.add_action(current_store(), current_user.actor(), case_id, d["goal"], d["what"],
                                          d["owner"], d["due_on"], expected_version=d["version"], today=finnish_today()),
    lambda: gettext("The action was added."))
_plan_command(
    "set_action_status", "action-statuses", ActionStatusSchema,
    lambda case_id, d: service.set_action_status(current_store(), current_user.actor(), case_id, d["action"],
                                                 d["status"], expected_version=d["version"]),
    lambda: gettext("The action's status was changed."))
_plan_command(
    "review_plan", "reviews", ReviewSchema,
    lambda case_id, d: service.review_plan(current_store(), current_user.actor(), case_id, d["held_on"],
                                           d["summary"], d["next_review"], expected_version=d["version"],
                                           today=finnish_today()),
    lambda: gettext("The review was recorded."))


def _page(case, row, found, **context):
    context.setdefault("command", None)
    return render("casework/plan.html", case=case, row=row, plan=found, today=finnish_today(), domains=DOMAINS,
                  goal_moves=GOAL_MOVES, action_moves=ACTION_MOVES, **context)
