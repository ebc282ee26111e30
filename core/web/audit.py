"""Audit screens: the access log by person, user and date; emergency grants; sign-in attempts; the seal chain."""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, request

from core import replay
from core.access_log import access_entries, entry_place, read_entry_place
from core.auth import throttle
from core.emergency import emergency_grants, grant_place, read_grant_place
from core.keyset import cut
from core.web.filters import read_days
from core.web.guard import exitfi, requires
from core.web.i18n import lazy_gettext as _l
from core.web.templating import render

bp = Blueprint("audit", __name__, url_prefix="/audit")


PAGE = 100  # rows a page of the access log or of the emergency grants shows; "Older" goes on from the last


@bp.get("/access-log")
@requires("audit.read_access_log")
def access_log():
    """List who viewed personal data, filtered by person, user and dates, a page at a time, newest first."""
    args, errors = request.args, {}
    person = args.get("person", "").strip()
    if person:
        try:
            uuid.UUID(person)
        except ValueError:
            errors["person"] = [_l("A person id is 32 hexadecimal digits, as the pages show it.")]
    day_from, day_to = read_days(args, errors)
    before = None
    if text := args.get("before", "").strip():
        if (before := read_entry_place(text)) is None:
            errors["before"] = [_l("This page link was not made by the access log: start again from the newest.")]
    entries, following = ([], None) if errors else cut(access_entries(
        exitfi().store, person_id=person or None, user_id=args.get("user", "").strip() or None,
        day_from=day_from, day_to=day_to, limit=PAGE + 1, before=before), PAGE, entry_place)
    onward = {k: v for k, v in args.items() if k in ("person", "user", "from", "to") and v}
    return render("core/access_log.html", entries=entries, errors=errors, args=args, following=following,
                  onward=onward), 422 if errors else 200


@bp.get("/emergency-access")
@requires("emergency.review")
def emergency():
    """List emergency access granted in the user's city (all cities for auditors), a page at a time, newest first."""
    from flask_login import current_user
    before, errors = None, {}
    if text := request.args.get("before", "").strip():
        if (before := read_grant_place(text)) is None:
            errors["before"] = [_l("This page link was not made by this list: start again from the newest.")]
    grants, following = ([], None) if errors else cut(
        emergency_grants(exitfi().store, current_user.city, limit=PAGE + 1, before=before), PAGE, grant_place)
    return render("core/emergency.html", grants=grants, errors=errors, following=following,
                  newest=bool(text)), 422 if errors else 200


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
