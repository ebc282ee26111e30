"""Support-plan use cases: each takes the store and the acting person, and returns ids or simple values.

`today` is the day the worker records the change on (Finnish days; the demo records its history on past days).
"""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import Actor, ConflictError, NotFoundError, finnish_today
from plugins.casework.plan.domain import SupportPlan, plan_id_of


def draw_up_plan(store, actor: Actor, case_id, next_review: date, today: date | None = None) -> uuid.UUID:
    """Draw up the plan of an open case; a case has one plan, so a second is refused as a conflict."""
    case = store.get(case_id)
    try:
        existing = store.get(plan_id_of(case.id))
    except NotFoundError:
        existing = None
    if existing is not None:
        raise ConflictError(existing.id, 0, existing.version)
    plan = SupportPlan.draw_up(case, next_review, today or finnish_today())
    with store.acting(actor):
        store.save(plan)
    return plan.id


def add_goal(store, actor: Actor, case_id, domain: str, text: str, expected_version: int | None = None) -> int:
    """Add a goal in a life domain; return its number."""
    with store.acting(actor):
        case, plan = _load(store, case_id, expected_version)
        number = plan.add_goal(case, domain, text)
        store.save(plan)
    return number


def set_goal_status(store, actor: Actor, case_id, goal: int, status: str, reason: str | None = None,
                    expected_version: int | None = None) -> int:
    """Mark a goal achieved, or dropped with its reason; return the plan's new version."""
    with store.acting(actor):  # the reason is personal data: it stays in the event, not in the log's reason
        case, plan = _load(store, case_id, expected_version)
        plan.set_goal_status(case, goal, status, reason)
        store.save(plan)
    return plan.version


def add_action(store, actor: Actor, case_id, goal: int, what: str, owner: str, due_on: date,
               expected_version: int | None = None, today: date | None = None) -> int:
    """Add an action towards a goal, owned by an organisation and due on a day; return its number."""
    with store.acting(actor):
        case, plan = _load(store, case_id, expected_version)
        number = plan.add_action(case, goal, what, owner, due_on, today or finnish_today())
        store.save(plan)
    return number


def set_action_status(store, actor: Actor, case_id, action: int, status: str,
                      expected_version: int | None = None) -> int:
    """Move an action to another status; return the plan's new version."""
    with store.acting(actor):
        case, plan = _load(store, case_id, expected_version)
        plan.set_action_status(case, action, status)
        store.save(plan)
    return plan.version


def review_plan(store, actor: Actor, case_id, held_on: date, summary: str, next_review: date,
                expected_version: int | None = None, today: date | None = None) -> int:
    """Record a review of the plan and the day of the next one; return the plan's new version."""
    with store.acting(actor):
        case, plan = _load(store, case_id, expected_version)
        plan.review(case, held_on, summary, next_review, today or finnish_today())
        store.save(plan)
    return plan.version


def _load(store, case_id, expected_version):
    case = store.get(case_id)
    try:
        plan = store.get(plan_id_of(case.id), expected_version)
    except NotFoundError:
        raise NotFoundError(f"case {case.id.hex} has no support plan") from None
    return case, plan
