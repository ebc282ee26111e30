"""Safety use cases: each takes the store, the acting person and the case, and returns the new version."""

from __future__ import annotations

from datetime import date

from core.toolkit import Actor, ConflictError, NotFoundError
from plugins.casework.safety.domain import SafetyPlan, plan_id


def safety_of(store, case_id, expected_version: int | None = None) -> SafetyPlan:
    """The case's safety record; a new one (version 0) where the case has none yet."""
    try:
        return store.get(plan_id(case_id), expected_version)
    except NotFoundError:
        if expected_version not in (None, 0):
            raise ConflictError(plan_id(case_id), expected_version, 0) from None
        return SafetyPlan.start(store.get(case_id))


def revise_plan(store, actor: Actor, case_id, warning_signs: str | None, coping: str | None, contacts: str | None,
                measures: str, reviewed_on: date, expected_version: int | None = None) -> int:
    """Record the safety plan as agreed or reviewed on a day."""
    with store.acting(actor):  # the plan is personal data: it stays in the event, never in the log's reason
        plan = safety_of(store, case_id, expected_version)
        plan.revise(warning_signs, coping, contacts, measures, reviewed_on)
        store.save(plan)
    return plan.version


def escalate(store, actor: Actor, case_id, recipient: str, escalated_on: date, prompted_by: str,
             legal_basis: str | None, expected_version: int | None = None) -> int:
    """Record an escalation to police or child protection with its legal basis; the log's reason names the basis."""
    with store.acting(actor, reason=legal_basis):
        plan = safety_of(store, case_id, expected_version)
        plan.escalate(recipient, escalated_on, prompted_by, legal_basis, actor.user_id)
        store.save(plan)
    return plan.version


def acknowledge(store, actor: Actor, case_id, number: int, expected_version: int | None = None) -> int:
    """Acknowledge an escalation as the city's coordinator."""
    with store.acting(actor):
        plan = safety_of(store, case_id, expected_version)
        plan.acknowledge(number, actor.user_id, actor.role)
        store.save(plan)
    return plan.version
