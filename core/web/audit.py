"""Audit screens: the access log by person, user and date; emergency grants; sign-in attempts; the seal chain."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, current_app, request

from core import replay
from core.auth import throttle
from core.access_log import access_entries
from core.emergency import emergency_grants
from core.web.guard import exitfi, requires
from core.web.templating import render

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/access-log")
@requires("audit.read_access_log")
def access_log():
    """List who viewed personal data, filtered by person, user and dates."""
    person, errors = request.args.get("person", "").strip(), {}
    if person:
        try:
            uuid.UUID(person)
        except ValueError:
            errors["person"] = True
    entries = [] if errors else access_entries(
        exitfi().store, person_id=person or None, user_id=request.args.get("user", "").strip() or None,
        day_from=_day("from"), day_to=_day("to"))
    return render("core/access_log.html", entries=entries, errors=errors, args=request.args)


@bp.get("/emergency-access")
@requires("emergency.review")
def emergency():
    """List emergency access granted in the user's city (all cities for auditors)."""
    from flask_login import current_user
    return render("core/emergency.html", grants=emergency_grants(exitfi().store, current_user.city, limit=200))


@bp.get("/sign-in-attempts")
@requires("users.manage")
def sign_in_attempts():
    """Show the sign-in attempts of the last day by address and username, busiest first."""
    return render("core/sign_in_attempts.html", rows=throttle.recent(exitfi().store),
                  limits=current_app.config["EXITFI_SIGN_IN_LIMITS"])


@bp.get("/verify")
@requires("audit.verify_log")
def verify():
    """Recompute the seal chain and show the result."""
    store = exitfi().store
    report = store.verify()
    return render("core/verify.html", report=report, beside=replay.all_differences(store) if report.ok else [])
