"""What the safety page and API share: the case's safety record as it stands, read for one response."""

from __future__ import annotations

from core.toolkit import NotFoundError, current_store, reveal
from plugins.casework.safety.domain import PLAN_PARTS, PROVISIONS, plan_id


def safety_record(case_id: str):
    """The case's SafetyPlan aggregate, or None while the case has no safety record."""
    try:
        return current_store().get(plan_id(case_id))
    except NotFoundError:
        return None


def revealed_plan(record, case_id: str) -> dict | None:
    """The latest revision of the plan in plain text (each part's view logged), or None."""
    if record is None or record.plan is None:
        return None
    return {**{name: reveal(record.plan[name], case_id) if record.plan[name] else None for name in PLAN_PARTS},
            "reviewed_on": record.plan["reviewed_on"]}


def safety_data(case_id: str) -> dict:
    """The case's safety record as the API answers it."""
    record = safety_record(case_id)
    if record is None:
        return {"case_id": case_id, "plan": None, "revisions": 0, "escalations": [], "version": 0}
    return {"case_id": case_id, "plan": revealed_plan(record, case_id), "revisions": record.revisions,
            "escalations": [{**vars(e), "prompted_by": reveal(e.prompted_by, case_id),
                             "provision": PROVISIONS[e.legal_basis]}
                            for e in sorted(record.escalations.values(), key=lambda e: -e.number)],
            "version": record.version}
