"""Casework pages: the caseload, a case with its timeline, opening a case, recording a meeting."""

from __future__ import annotations

from datetime import date, datetime, timezone

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_login import current_user

from core.errors import ConflictError, ValidationError
from core.web.disclosure import prefetch
from core.web.guard import exitfi, requires
from core.web.hooks import city_hook, shown
from core.web.i18n import gettext
from core.web.templating import render
from plugins.casework import service
from plugins.casework.domain import CHANNELS, KINDS, MEETING_MODES
from plugins.casework.hookspecs import CASE_FACTS
from plugins.casework.queries import case_in_scope, pseudonym_of
from plugins.casework.queries import caseload as caseload_of
from plugins.casework.timeline import timeline_of

bp = Blueprint("casework", __name__, url_prefix="/cases")


@bp.get("/")
@requires("casework.view_case")
def caseload():
    """The user's caseload: assigned cases for workers, the whole city for coordinators."""
    rows = caseload_of(current_user, limit=200)
    prefetch([pseudonym_of(r) for r in rows])
    g.purpose = "caseload"
    return render("casework/caseload.html", rows=rows, pseudonym_of=pseudonym_of)


@bp.route("/new", methods=["GET", "POST"])
@requires("casework.open_case")
def new_case():
    """Open a case; the form keeps what was typed when something is wrong."""
    form, errors = request.form, {}
    if request.method == "POST":
        try:
            case_id = service.open_case(exitfi().store, current_user.actor(), current_user.city,
                                        form.get("kind", ""), form.get("pseudonym", ""), form.get("channel", ""))
        except ValidationError as e:
            errors = e.messages
        else:
            flash(gettext("The case was opened."), "info")
            return redirect(url_for("casework.case", case_id=case_id.hex))
    return render("casework/new_case.html", form=form, errors=errors, kinds=KINDS, channels=CHANNELS), \
        (422 if errors else 200)


@bp.get("/<case_id>")
@requires("casework.view_case")
def case(case_id):
    """A case with its timeline: who did what, when and why."""
    return _case_page(case_in_scope(case_id), form={}, errors={})


@bp.post("/<case_id>/meetings")
@requires("casework.record_meeting")
def record_meeting(case_id):
    """Record a meeting; a stale version shows what changed and keeps the input to re-apply."""
    row = case_in_scope(case_id)
    form, errors, conflict = request.form, {}, None
    try:
        held_on = date.fromisoformat(form.get("held_on", ""))
    except ValueError:
        errors["held_on"] = [gettext("Give the date as YYYY-MM-DD.")]
    minutes = form.get("minutes", "")
    if not minutes.isdigit():
        errors["minutes"] = [gettext("Give the length in whole minutes.")]
    if not errors:
        try:
            service.record_meeting(exitfi().store, current_user.actor(), row.case_id, held_on,
                                   form.get("mode", ""), int(minutes), note=form.get("note") or None,
                                   expected_version=_version(form))
        except ValidationError as e:
            errors = e.messages
        except ConflictError as e:
            conflict = e
        else:
            flash(gettext("The meeting was recorded."), "info")
            return redirect(url_for("casework.case", case_id=row.case_id))
    return _case_page(case_in_scope(case_id), since=_version(form) if conflict else None,
                      form=form, errors=errors, conflict=conflict), 409 if conflict else 422


def _case_page(row, since: int | None = None, **context):
    """Render a case with its timeline and the panels and entries that the city's plugins add to it."""
    case = {name: _aware(getattr(row, name)) for name in CASE_FACTS}
    hook = city_hook()
    added = [entry for answer in hook.case_timeline(case=case) for entry in answer]
    return render("casework/case.html", row=row, pseudonym=pseudonym_of(row), modes=MEETING_MODES,
                  timeline=timeline_of(exitfi().store, row.case_id, since=since, added=added),
                  panels=shown(hook.case_panels(case=case)), **context)


def _aware(value):
    """A stored time with its time zone (SQLite hands back naive UTC), other values as they are."""
    return value.replace(tzinfo=timezone.utc) if isinstance(value, datetime) and value.tzinfo is None else value


def _version(form) -> int:
    """The case version the form was based on (a tampered value counts as none, and so conflicts)."""
    value = form.get("version", "")
    return int(value) if value.isdigit() else 0
