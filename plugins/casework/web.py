"""What the pages and the API share: the case in the user's scope."""

from __future__ import annotations

from functools import wraps

from core.toolkit import NotFoundError, current_store, current_user, in_scope, showing
from plugins.casework.queries import case_row, incoming_transfers


def case_in_scope(case_id: str):
    """Return the case-list row if the user may open it (404 or 403 otherwise), noted as the record shown."""
    row = case_row(current_store(), case_id)
    if row is None:
        raise NotFoundError(f"no case {case_id}")
    in_scope(row.city, (row.worker_id, row.second_worker_id), row.case_id)
    showing(row.case_id)
    return row


def transfer_waiting(case_id: str) -> list:
    """Refuse (404, as for no case at all) a case no transfer waits for in the user's city; return those that wait."""
    waiting = incoming_transfers(current_store(), current_user.city)
    if case_id not in {r.case_id for r in waiting}:
        raise NotFoundError(f"no transfer of {case_id} waits for {current_user.city}")
    return waiting


def found_first(lookup, key: str, name: str = "found"):
    """A decorator for an API view: look `key` up with `lookup` before the body is read, so that a record outside
    the caller's scope answers 404 or 403, never a 422; the view gets what was found as `name`."""

    def decorator(view):
        @wraps(view)
        def scoped(*args, **kwargs):
            kwargs[name] = lookup(kwargs.pop(key))
            return view(*args, **kwargs)

        return scoped

    return decorator


case_first = found_first(case_in_scope, "case_id", "case")
