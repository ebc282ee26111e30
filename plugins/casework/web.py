"""What the pages and the API share: the case in the user's scope."""

from __future__ import annotations

from functools import wraps

import marshmallow as ma
from flask import flash, redirect, url_for

from core.toolkit import (ConflictError, NotFoundError, ValidationError, current_store, current_user, form_input,
                          in_scope, requires, showing)
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


def case_page_command(bp, page, landing: str, service, name: str, path: str, permission: str, schema, run, done):
    """Add a page endpoint, POST /cases/<case_id>/<path>, for one command on a record of a case: the form keeps what
    was typed when something is wrong (422), a stale version answers 409, and success goes back to `landing`."""

    @requires(permission)
    def command(case_id):
        case = case_in_scope(case_id)
        try:
            data = schema().load(form_input())
            run(case.case_id, data)
        except (ma.ValidationError, ValidationError) as e:
            return page(case, form=form_input(), errors=e.messages, command=name), 422
        except ConflictError:
            return page(case, form=form_input(), errors={}, conflict=True, command=name), 409
        flash(str(done), "info")
        return redirect(url_for(f"{bp.name}.{landing}", case_id=case.case_id))

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name).__doc__
    bp.add_url_rule(f"/cases/<case_id>/{path}", endpoint=name, view_func=command, methods=["POST"])
