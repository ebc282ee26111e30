"""The auditor's page of any record as it stood at the end of a day, with the events recorded since."""

from __future__ import annotations

import json
import uuid
from datetime import date

from flask import Blueprint, request

from core import history
from core.errors import NotFoundError
from core.web.disclosure import purpose, reveal, showing
from core.web.guard import can, exitfi, requires
from core.web.i18n import gettext
from core.web.templating import render

bp = Blueprint("history", __name__, url_prefix="/audit")


@bp.get("/as-of")
@requires("audit.verify_log")
def record_as_of():
    """A record (a case, an organisation, an account) at the end of a chosen day, and every event since."""
    args, errors, found = request.args, {}, None
    record_id, day_text = args.get("record", "").strip(), args.get("date", "").strip()
    if record_id or day_text:
        try:
            uuid.UUID(record_id)
        except ValueError:
            errors["record"] = "format"
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            errors["date"] = True
        if not errors:
            try:
                found = history.as_of(exitfi().store, record_id, day)
            except NotFoundError:
                errors["record"] = "missing"
    state = _shown(found) if found and found.record is not None else []
    status = 404 if errors.get("record") == "missing" else 422 if errors else 200
    return render("core/record_as_of.html", found=found, state=state, errors=errors, args=args), status


def _shown(found) -> list[tuple[str, str, bool]]:
    """The record's attributes as (name, text, whether the text is nested JSON), personal fields as permitted."""
    store, record_id = exitfi().store, found.record_id.hex
    showing(record_id)
    purpose(f"audit: record as of {found.day.isoformat()}")
    placeholders, may_reveal = history.Placeholders(store), can("audit.read_event_content")

    def personal(field):
        if may_reveal and field.category not in history.NEVER_SHOWN:
            return reveal(field, record_id)  # decrypted, and the view goes to the access log
        if placeholders(field) == "[erased]":
            return gettext("[erased]")
        return gettext("[personal data: %(category)s]", category=field.category)

    shown = []
    for name, value in history.state_of(found.record, personal).items():
        nested = isinstance(value, (dict, list))
        text = json.dumps(value, indent=2, ensure_ascii=False) if nested else "" if value is None else str(value)
        shown.append((name, text, nested))
    return shown
