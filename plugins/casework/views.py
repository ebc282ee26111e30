"""Casework pages: the caseload, a case with its timeline, opening a case, recording a meeting."""

from __future__ import annotations

from datetime import datetime, timezone

import marshmallow as ma
from flask import Blueprint, flash, redirect, request, url_for

from core.toolkit import (ConflictError, ValidationError, city_hook, current_store, current_user, form_input,
                          gettext, prefetch, purpose, render, requires, shown)
from plugins.casework import service
from plugins.casework.commands import COMMANDS
from plugins.casework.domain import CHANNELS, CLOSING_REASONS, CONSENT_FORMS, CONSENT_SCOPES, KINDS, MEETING_MODES
from plugins.casework.hookspecs import CASE_FACTS
from plugins.casework.queries import caseload as caseload_of
from plugins.casework.schemas import MeetingSchema, NewCaseSchema
from plugins.casework.timeline import timeline_of
from plugins.casework.web import case_in_scope
from plugins.casework.workflow import workflow_of

bp = Blueprint("casework", __name__, url_prefix="/cases")


@bp.get("/")
@requires("casework.view_case")
def caseload():
    """The user's caseload: assigned cases for workers, the whole city for coordinators."""
    rows = caseload_of(current_store(), current_user, limit=200)
    prefetch([r.pseudonym for r in rows])
    purpose("caseload")
    workflow = workflow_of(city_hook())
    return render("casework/caseload.html", rows=rows, step_label=workflow.label)


@bp.route("/new", methods=["GET", "POST"])
@requires("casework.open_case")
def new_case():
    """Open a case; the form keeps what was typed when something is wrong."""
    form, errors = request.form, {}
    if request.method == "POST":
        try:
            data = NewCaseSchema().load(form_input())
            case_id = service.open_case(current_store(), current_user.actor(), current_user.city, **data)
        except (ma.ValidationError, ValidationError) as e:
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
        data = MeetingSchema().load(form_input())
        version = data.pop("version")
        service.record_meeting(current_store(), current_user.actor(), row.case_id, expected_version=version, **data)
    except (ma.ValidationError, ValidationError) as e:
        errors = e.messages
    except ConflictError as e:
        conflict = e
    else:
        flash(gettext("The meeting was recorded."), "info")
        return redirect(url_for("casework.case", case_id=row.case_id))
    since = conflict.expected_version if conflict else None
    return _case_page(case_in_scope(case_id), since=since, form=form, errors=errors, conflict=conflict), \
        (409 if conflict else 422)


def _command_page(command):
    """A page endpoint for one command on a case: the form keeps what was typed when something is wrong."""

    @requires("casework.manage_case")
    def run(case_id):
        row = case_in_scope(case_id)
        try:
            data = command.schema().load(form_input())
            command.run(current_store(), current_user.actor(), row.case_id, data, workflow_of(city_hook()))
        except (ma.ValidationError, ValidationError) as e:
            return _case_page(row, form=form_input(), errors=e.messages, command=command.name), 422
        except ConflictError as e:
            return _case_page(case_in_scope(case_id), since=e.expected_version, form=form_input(), errors={},
                              conflict=e, command=command.name), 409
        flash(str(command.done), "info")
        return redirect(url_for("casework.case", case_id=row.case_id))

    run.__name__ = run.__qualname__ = command.name
    run.__doc__ = getattr(service, command.name).__doc__
    bp.add_url_rule(f"/<case_id>/{command.path}", endpoint=command.name, view_func=run, methods=["POST"])


for _command in COMMANDS:
    _command_page(_command)


def _case_page(row, since: int | None = None, **context):
    """Render a case with its timeline and the panels and entries that the city's plugins add to it."""
    case = {name: _aware(getattr(row, name)) for name in CASE_FACTS}
    hook = city_hook()
    workflow = workflow_of(hook)
    added = [entry for answer in hook.case_timeline(case=case) for entry in answer]
    context.setdefault("command", "record_meeting")
    return render("casework/case.html", row=row, modes=MEETING_MODES, workflow=workflow,
                  step_label=workflow.label,
                  next_steps=[s for s in workflow.next_steps(row.phase) if s != "closed"],
                  scopes=CONSENT_SCOPES, consent_forms=CONSENT_FORMS, closing_reasons=CLOSING_REASONS,
                  timeline=timeline_of(current_store(), row.case_id, since=since, added=added),
                  panels=shown(hook.case_panels(case=case)), **context)


def _aware(value):
    """A stored time with its time zone (SQLite hands back naive UTC), other values as they are."""
    return value.replace(tzinfo=timezone.utc) if isinstance(value, datetime) and value.tzinfo is None else value
