"""Casework pages: the caseload, a case with its timeline, opening a case, recording a meeting."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

import marshmallow as ma
from flask import Blueprint, flash, redirect, request, url_for

from core.toolkit import (N_, ConflictError, ValidationError, city_hook, current_cities, current_store, current_user,
                          day_ends, form_input, gettext, list_accounts, prefetch, purpose, render, requires, shown)
from plugins.casework import service
from plugins.casework.commands import COMMANDS, setting
from plugins.casework.domain import (CHANNELS, CLOSING_REASONS, CONSENT_FORMS, CONSENT_SCOPES, FOLLOW_UP_ENDINGS,
                                     MEETING_MODES, MISSED_REASONS, REFERRAL_SOURCES, SCREENING_DECISIONS, PossibleDuplicate)
from plugins.casework.duplicates import identity_of, log_warning
from plugins.casework.hookspecs import CASE_FACTS
from plugins.casework.kinds import kinds_of
from plugins.casework.queries import caseload as caseload_of
from plugins.casework.queries import CaseFilter, incoming_transfers
from plugins.casework.schemas import CaseFilterSchema, MeetingSchema, NewCaseSchema, TransferAnswerSchema, cursor
from plugins.casework.timeline import timeline_of, version_on
from plugins.casework.web import case_in_scope, transfer_waiting
from plugins.casework.workflow import workflow_of

bp = Blueprint("casework", __name__, url_prefix="/cases")
# The access log names the plugin as the purpose of its pages unless a page says more: shown through _().
PURPOSE = N_("casework")


@bp.get("/")
@requires("casework.view_case")
def caseload():
    """The user's caseload (assigned cases for workers, the whole city for coordinators), narrowed by phase, kind,
    worker or follow-ups due, a page at a time."""
    workflow, kinds = workflow_of(city_hook()), kinds_of(city_hook())
    try:
        narrowed, errors = CaseFilterSchema().load(request.args), {}
        if narrowed.kind and narrowed.kind not in kinds.names:
            raise ma.ValidationError({"kind": [f"must be one of {', '.join(kinds.names)}"]})
    except ma.ValidationError as e:
        narrowed, errors = CaseFilter(), e.messages
    rows = caseload_of(current_store(), current_user, PAGE + 1, narrowed)
    page, more = rows[:PAGE], len(rows) > PAGE
    prefetch([r.pseudonym for r in page])
    purpose(N_("caseload"))
    next_page = {**request.args.to_dict(), "after": cursor(page[-1])} if more else None
    workers = sorted({r.username for r in list_accounts(current_store(), current_user.city)
                      if "exit_worker" in r.roles}) if "city_coordinator" in current_user.roles else []
    return render("casework/caseload.html", rows=page, step_label=workflow.label, next_page=next_page,
                  args=request.args, errors=errors, phases=workflow.steps, kinds=kinds.names, kind_label=kinds.label,
                  workers=workers), \
        (422 if errors else 200)


PAGE = 50


@bp.route("/new", methods=["GET", "POST"])
@requires("casework.open_case")
def new_case():
    """Open a case; the form keeps what was typed when something is wrong."""
    form, errors, duplicates, kinds = request.form, {}, [], kinds_of(city_hook())
    if request.method == "POST":
        try:
            data = NewCaseSchema().load(form_input())
            case_id = service.open_case(current_store(), current_user.actor(), current_user.city, **data,
                                        kinds=kinds.names)
        except PossibleDuplicate as e:
            duplicates = [(match.opened_at, match.phase) for match in e.found]
            log_warning(e.found)
        except (ma.ValidationError, ValidationError) as e:
            errors = e.messages
        else:
            flash(gettext("The case was opened."), "info")
            return redirect(url_for("casework.case", case_id=case_id.hex))
    return render("casework/new_case.html", form=form, errors=errors, kinds=kinds.names, kind_label=kinds.label,
                  channels=CHANNELS, sources=REFERRAL_SOURCES, duplicates=duplicates,
                  step_label=workflow_of(city_hook()).label), \
        (409 if duplicates else 422 if errors else 200)


@bp.get("/<case_id>")
@requires("casework.view_case")
def case(case_id):
    """A case with its timeline: who did what, when and why."""
    return _case_page(case_in_scope(case_id), form={}, errors={})


@bp.get("/<case_id>/as-of")
@requires("casework.view_case")
def case_as_of(case_id):
    """The case as it was at the end of a chosen day: its state and its timeline up to then."""
    row = case_in_scope(case_id)
    try:
        day = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        return _case_page(row, form={}, errors={}, as_of_error=True), 422
    ends = day_ends(day)
    version = version_on(current_store(), row.case_id, ends)
    past = current_store().repository.get(uuid.UUID(row.case_id), version=version) if version else None
    # The case's own events up to that version, and what the plugins add to its timeline (plan, assessments,
    # custody, safety, outcomes, referrals...) recorded before that day ended.
    added = [entry for entry in _added(row) if entry.at < ends]
    return render("casework/case_as_of.html", row=row, day=day, past=past, step_label=workflow_of(city_hook()).label,
                  timeline=timeline_of(current_store(), row.case_id, added=added, until=version) if version else [])


@bp.post("/<case_id>/meetings")
@requires("casework.record_meeting")
def record_meeting(case_id):
    """Record a contact with the client; a stale version shows what changed and keeps the input to re-apply."""
    row = case_in_scope(case_id)
    form, errors, conflict = contact_input(), {}, None
    try:
        data = MeetingSchema().load(form)
        version = data.pop("version")
        service.record_meeting(current_store(), current_user.actor(), row.case_id, expected_version=version, **data)
    except (ma.ValidationError, ValidationError) as e:
        errors = e.messages
    except ConflictError as e:
        conflict = e
    else:
        flash(gettext("The contact was recorded."), "info")
        return redirect(url_for("casework.case", case_id=row.case_id))
    since = conflict.expected_version if conflict else None
    return _case_page(case_in_scope(case_id), since=since, form=form, errors=errors, conflict=conflict), \
        (409 if conflict else 422)


def contact_input() -> dict:
    """The contact form's fields, with every worker ticked (a field the form sends once per worker)."""
    return {**form_input(), "workers": request.form.getlist("workers")}


def _command_page(command):
    """A page endpoint for one command on a case: the form keeps what was typed when something is wrong."""

    @requires(command.permission)
    def run(case_id):
        row = case_in_scope(case_id)
        try:
            data = command.schema().load(form_input())
            command.run(current_store(), current_user.actor(), row.case_id, data, setting())
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


@bp.get("/transfers")
@requires("casework.transfer")
def transfers():
    """The cases other cities ask this city to take over (no personal data before they are accepted)."""
    return render("casework/transfers.html", rows=incoming_transfers(current_store(), current_user.city),
                  form={}, errors={})


@bp.post("/transfers/<case_id>")
@requires("casework.transfer")
def answer_transfer(case_id):
    """Take a case over from another city, or decline it with a reason."""
    transfer_waiting(case_id)
    try:
        data = TransferAnswerSchema().load(form_input())
        service.answer_transfer(current_store(), current_user.actor(), case_id, data["accept"], data["reason"],
                                expected_version=data["version"])
    except (ma.ValidationError, ValidationError, ConflictError) as e:
        conflict = isinstance(e, ConflictError)
        errors = {"version": ["the case changed meanwhile"]} if conflict else e.messages
        return render("casework/transfers.html", rows=incoming_transfers(current_store(), current_user.city),
                      form=form_input(), errors={case_id: errors}, conflict=conflict), 409 if conflict else 422
    if data["accept"]:
        flash(gettext("The case is now your city's; give it to a worker."), "info")
        return redirect(url_for("casework.case", case_id=case_id))
    flash(gettext("The transfer was declined."), "info")
    return redirect(url_for("casework.transfers"))


TIMELINE_PAGE = 100  # entries of the timeline a case page shows before "show them all"


def _case_page(row, since: int | None = None, **context):
    """Render a case with its timeline and the panels and entries that the city's plugins add to it."""
    case = {name: _aware(getattr(row, name)) for name in CASE_FACTS}
    hook = city_hook()
    workflow = workflow_of(hook)
    added = _added(row)
    context.setdefault("command", "record_meeting")
    whole = request.args.get("timeline") == "all"  # a long history shows its newest entries unless asked
    accounts = [a for a in list_accounts(current_store(), row.city) if a.active]
    workers = [a.username for a in accounts if "exit_worker" in a.roles]
    staff = [a.username for a in accounts if {"exit_worker", "city_coordinator"} & set(a.roles)]
    return render("casework/case.html", row=row, identity=identity_of(current_store(), row.case_id),
                  modes=MEETING_MODES, workflow=workflow, workers=workers, staff=staff, missed_reasons=MISSED_REASONS,
                  other_cities=[(slug, c.name) for slug, c in current_cities().items() if slug != row.city],
                  step_label=workflow.label,
                  # a case leaves screening with the screening decision, not with a plain move
                  next_steps=[] if row.phase == "screening" else [s for s in workflow.next_steps(row.phase)
                                                                   if s != "closed"],
                  decisions=SCREENING_DECISIONS,
                  scopes=CONSENT_SCOPES, consent_forms=CONSENT_FORMS, closing_reasons=CLOSING_REASONS,
                  follow_up_endings=FOLLOW_UP_ENDINGS[1:],
                  timeline=timeline_of(current_store(), row.case_id, since=since, added=added,
                                       newest=None if whole else TIMELINE_PAGE),
                  timeline_total=row.version + len(added), whole_timeline=whole,
                  panels=shown(hook.case_panels(case=case)), **context)


def _added(row) -> list:
    """The entries the city's plugins add to a case's timeline (casework's own records among them)."""
    case = {name: _aware(getattr(row, name)) for name in CASE_FACTS}
    return [entry for answer in city_hook().case_timeline(case=case) for entry in answer]


def _aware(value):
    """A stored time with its time zone (SQLite hands back naive UTC), other values as they are."""
    return value.replace(tzinfo=timezone.utc) if isinstance(value, datetime) and value.tzinfo is None else value
