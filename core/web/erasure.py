"""The data-protection officer's page of erasure requests: record one, refused with the reasons or carried out."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user

from core.days import finnish_today
from core.erasure import AlreadyErasedError
from core.erasure_requests import recent_requests, request_erasure
from core.errors import ValidationError
from core.web.disclosure import purpose, reveal
from core.web.guard import exitfi, requires
from core.web.i18n import gettext
from core.web.security import form_input
from core.web.templating import render

bp = Blueprint("erasure", __name__, url_prefix="/audit/erasure-requests")


@bp.route("", methods=["GET", "POST"])
@requires("audit.handle_erasure")
def erasure_requests():
    """List the erasure requests; record a new one, which is refused with the reasons or carried out at once."""
    typed, errors = form_input(), {}
    if request.method == "GET" and request.args.get("person_id"):  # followed from the person's access report
        typed["person_id"] = request.args["person_id"]
    if request.method == "POST":
        errors = _checked(typed)
        if not errors:
            try:
                done = _request(typed)
            except ValidationError as e:
                errors = {**e.messages, "person_id": "unknown"} if "person_id" in e.messages else e.messages
            except AlreadyErasedError:
                errors = {"person_id": "erased"}
            else:
                if done.state == "refused":
                    flash(gettext("The request is recorded and refused: the data must still be kept."), "warning")
                else:
                    flash(gettext("The request is recorded and carried out: the person's data is erased."), "info")
                return redirect(url_for("erasure.erasure_requests"))
    purpose("erasure requests (GDPR Art. 17)")
    rows = recent_requests(exitfi().store)
    shown = [(row, reveal(row.requester, row.request_id)) for row in rows]
    return render("core/erasure_requests.html", requests=shown, typed=typed, errors=errors,
                  today=finnish_today().isoformat()), (422 if errors else 200)


def _checked(typed: dict) -> dict:
    """What the form cannot even pass on: an id that is not one, a day that is not a date (the template says why)."""
    errors = {}
    try:
        uuid.UUID(typed.get("person_id", "").strip())
    except ValueError:
        errors["person_id"] = True
    try:
        date.fromisoformat(typed.get("received_on", ""))
    except ValueError:
        errors["received_on"] = True
    return errors


def _request(typed: dict):
    app = exitfi()
    return request_erasure(app.store, app.host, app.settings, current_user.actor(), typed["person_id"].strip(),
                           typed.get("requester", ""), date.fromisoformat(typed["received_on"]),
                           typed.get("received_by", "").strip() or current_user.username)
