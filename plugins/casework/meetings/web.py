"""What the meeting pages and API share: the meeting in the user's scope, and the form's fields as the schema's."""

from __future__ import annotations

from flask import request

from core.toolkit import NotFoundError, current_store, form_input, in_scope, showing
from plugins.casework.meetings.queries import meeting_row
from plugins.casework.meetings.schemas import FORM_ROWS
from plugins.casework.queries import case_row


def meeting_in_scope(meeting_id: str):
    """Return the meeting's row and its case's row if the user may open the case (404 or 403 otherwise).

    The glass is broken on the meeting itself: the record its page names.
    """
    row = meeting_row(current_store(), meeting_id)
    case = case_row(current_store(), row.case_id) if row else None
    if case is None:
        raise NotFoundError(f"no meeting {meeting_id}")
    in_scope(case.city, (case.worker_id, case.second_worker_id), row.meeting_id)
    showing(case.case_id)
    return row, case


def meeting_input() -> dict:
    """The meeting form's fields as the schema takes them: the attendee rows filled in, as a list."""
    form = form_input()
    rows = [{"organisation": form.get(f"organisation-{i}", ""), "role": form.get(f"role-{i}", "")}
            for i in range(FORM_ROWS)]
    data = {"held_on": form.get("held_on", ""),
            "attendees": [r for r in rows if r["organisation"].strip() or r["role"].strip()]}
    if "client_present" in form:
        data["client_present"] = form["client_present"]
    return data


def disclosure_input() -> dict:
    """The disclosure form's fields, with every item ticked (a field the form sends once per item)."""
    return {**form_input(), "items": request.form.getlist("items")}
