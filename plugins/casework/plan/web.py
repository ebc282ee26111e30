"""What the plan pages and the API share: the case in the user's scope with its plan."""

from __future__ import annotations

from core.toolkit import NotFoundError, current_store
from plugins.casework.plan.domain import plan_id_of
from plugins.casework.plan.queries import plan_row
from plugins.casework.web import case_in_scope


def plan_in_scope(case_id: str, required: bool = True):
    """Return the case's row, its plan's row and the plan if the user may open the case (404 or 403 otherwise);
    a case without a plan is a 404 where one is required, and (row, None, None) where it is not."""
    case = case_in_scope(case_id)
    row = plan_row(current_store(), case.case_id)
    if row is None:
        if required:
            raise NotFoundError(f"case {case.case_id} has no support plan")
        return case, None, None
    return case, row, current_store().get(plan_id_of(case.case_id))
