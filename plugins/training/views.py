"""Training pages: the calendar, requests, sessions with their participants, certificates, reports and feedback."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import marshmallow as ma
from flask import Blueprint, Response, abort, flash, redirect, send_from_directory, url_for
from flask import request as http

from core.toolkit import (ConflictError, NotFoundError, ValidationError, can, current_cities, current_store,
                          current_user, finnish_today, form_input, gettext, list_accounts, public, render, requires,
                          reveal)
from plugins.training import queries, service
from plugins.training.domain import FORMATS, KINDS, LEVELS, SECTORS, code_hash
from plugins.training.organisations import from_directory, organisation_choices
from plugins.training.reports import (ATTENDANCE_COLUMNS, SESSION_COLUMNS, as_csv, feedback_by_city, figures,
                                      suppress_table)
from plugins.training.schemas import (AttendanceSchema, CancellationSchema, DeclineSchema, FeedbackSchema,
                                      QualificationSchema, RegistrationSchema, RequestSchema, ScheduleSchema,
                                      SessionSchema, VersionSchema)
from plugins.training.web import (instruments, report_cities, request_in_city, retention, session_in_city,
                                  small)

bp = Blueprint("training", __name__)
CHOICES = {"kinds": KINDS, "sectors": SECTORS, "formats": FORMATS, "levels": LEVELS}
STATIC = Path(__file__).parent / "static"


def _invalid(e) -> dict:
    return e.messages if isinstance(e.messages, dict) else {"_": e.messages}


@bp.get("/training")
@requires("training.view")
def index():
    """The calendar of upcoming sessions, month by month, and the requests waiting for an answer."""
    today = finnish_today()
    upcoming = queries.sessions_of(current_store(), current_user.city, from_day=today)
    months: dict = {}
    for row in upcoming:
        months.setdefault(row.held_on.replace(day=1), []).append(row)
    return render("training/index.html", months=months, today=today,
                  requests=queries.requests_of(current_store(), current_user.city, open_only=True),
                  past=[r for r in queries.sessions_of(current_store(), current_user.city,
                                                       from_day=today - timedelta(days=365)) if r.held_on < today])


# ------------------------------------------------------------------------------------------------ requests


@bp.route("/training/requests/new", methods=["GET", "POST"])
@requires("training.request")
def new_request():
    """Record an organisation's request for training or practical support."""
    form, errors = form_input(), {}
    if http.method == "POST":
        try:
            data = from_directory(current_store(), current_user.city, RequestSchema().load(form))
            request_id = service.make_request(current_store(), current_user.actor(), current_user.city, **data)
        except (ma.ValidationError, ValidationError) as e:
            errors = _invalid(e)
        else:
            flash(gettext("The request was recorded."), "info")
            return redirect(url_for("training.request", request_id=request_id.hex))
    page = render("training/new_request.html", form=form, errors=errors,
                  organisations=organisation_choices(current_store(), current_user.city), **CHOICES)
    return page, 422 if errors else 200


@bp.get("/training/requests/<request_id>")
@requires("training.view")
def request(request_id):
    """One request, with the trainer's answers: accept, schedule a session, or decline with a reason."""
    return _request_page(request_in_city(request_id), form={}, errors={})


def _request_page(row, **context):
    context.setdefault("command", "")
    return render("training/request.html", row=row, **CHOICES, **context)


def _request_command(name: str, path: str, schema, run, done):
    """A page endpoint for one answer to a request: the form keeps what was typed when something is wrong.

    `run` may return the page to land on (else the request's own).
    """

    @requires("training.manage")
    def command(request_id):
        row = request_in_city(request_id)
        try:
            data = schema().load(form_input())
            target = run(row, data)
        except (ma.ValidationError, ValidationError) as e:
            return _request_page(row, form=form_input(), errors=_invalid(e), command=name), 422
        except ConflictError as e:
            return _request_page(request_in_city(request_id), form=form_input(), errors={}, conflict=e,
                                 command=name), 409
        flash(str(done()), "info")
        return redirect(target or url_for("training.request", request_id=row.request_id))

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name).__doc__
    bp.add_url_rule(f"/training/requests/<request_id>/{path}", endpoint=name, view_func=command, methods=["POST"])


def _accept(row, data) -> None:
    service.accept_request(current_store(), current_user.actor(), row.request_id, expected_version=data["version"])


def _decline(row, data) -> None:
    service.decline_request(current_store(), current_user.actor(), row.request_id, data["reason"],
                            expected_version=data["version"])


def _schedule(row, data) -> str:
    """Plan the session for the request; the trainer lands on the new session."""
    version = data.pop("version")
    session_id = service.schedule_request(current_store(), current_user.actor(), row.request_id, retention(),
                                          expected_version=version, **data)
    return url_for("training.session", session_id=session_id.hex)


_request_command("accept_request", "acceptance", VersionSchema, _accept,
                 lambda: gettext("The request was accepted."))
_request_command("decline_request", "decline", DeclineSchema, _decline,
                 lambda: gettext("The request was declined."))
_request_command("schedule_request", "session", ScheduleSchema, _schedule,
                 lambda: gettext("The session was planned for the request."))


# ------------------------------------------------------------------------------------------------ sessions


@bp.route("/training/sessions/new", methods=["GET", "POST"])
@requires("training.manage")
def new_session():
    """Plan a session: date, format, length, topics, level, trainers, capacity, funding line and materials."""
    form, errors = form_input(), {}
    if http.method == "POST":
        try:
            data = SessionSchema().load(form)
            session_id = service.plan_session(current_store(), current_user.actor(), current_user.city, retention(),
                                              **data)
        except (ma.ValidationError, ValidationError) as e:
            errors = _invalid(e)
        else:
            flash(gettext("The session was planned."), "info")
            return redirect(url_for("training.session", session_id=session_id.hex))
    return render("training/new_session.html", form=form, errors=errors, **CHOICES), 422 if errors else 200


@bp.get("/training/sessions/<session_id>")
@requires("training.view")
def session(session_id):
    """One session: its plan, its participants and waiting list, attendance and the feedback's figures."""
    return _session_page(session_in_city(session_id), form={}, errors={})


def _session_page(row, **context):
    context.setdefault("command", "")
    people = queries.participants_of(current_store(), row.session_id)
    answers = queries.feedback_of(current_store(), row.session_id)
    summary, today = figures(answers, small()), finnish_today()
    return render("training/session.html", row=row, people=people, summary=summary,
                  comments=[a.comments for a in answers if a.comments] if summary.answers else [],
                  held=row.held_on <= today, open=row.held_on >= today,  # on the day itself, both
                  names=can("training.manage"), small_count=small(),
                  organisations=organisation_choices(current_store(), row.city), **CHOICES, **context)


def _session_command(name: str, path: str, schema, run, done):
    """A page endpoint for one command on a session: the form keeps what was typed when something is wrong."""

    @requires("training.manage")
    def command(session_id):
        row = session_in_city(session_id)
        try:
            data = schema().load(form_input())
            run(row, from_directory(current_store(), row.city, data) if "organisation_id" in data else data)
        except (ma.ValidationError, ValidationError) as e:
            return _session_page(row, form=form_input(), errors=_invalid(e), command=name), 422
        except ConflictError as e:
            return _session_page(session_in_city(session_id), form=form_input(), errors={}, conflict=e,
                                 command=name), 409
        flash(str(done()), "info")
        return redirect(url_for("training.session", session_id=row.session_id))

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name).__doc__
    bp.add_url_rule(f"/training/sessions/<session_id>/{path}", endpoint=name, view_func=command, methods=["POST"])


_session_command("register", "participants", RegistrationSchema,
                 lambda row, d: service.register(current_store(), current_user.actor(), row.session_id,
                                                 d["organisation"], d["sector"], d["role"], d["name"], d["contact"],
                                                 expected_version=d["version"]),
                 lambda: gettext("The participant was registered."))
_session_command("cancel", "cancellation", CancellationSchema,
                 lambda row, d: service.cancel(current_store(), current_user.actor(), row.session_id,
                                               d["participant_id"], expected_version=d["version"]),
                 lambda: gettext("The registration was cancelled."))
_session_command("mark_attendance", "attendance", AttendanceSchema,
                 lambda row, d: service.mark_attendance(current_store(), current_user.actor(), row.session_id,
                                                        d["participant_id"], d["attended"],
                                                        expected_version=d["version"]),
                 lambda: gettext("The attendance was marked."))


@bp.get("/training/sessions/<session_id>/certificates/<participant_id>")
@requires("training.manage")
def certificate(session_id, participant_id):
    """A printable certificate of attendance, for a participant marked as attended."""
    row = session_in_city(session_id)
    person = next((p for p in queries.participants_of(current_store(), row.session_id)
                   if p.participant_id == participant_id and p.attended), None)
    if person is None:
        raise NotFoundError(f"no attendance {participant_id} in the session")
    return render("training/certificate.html", row=row, person=person,
                  holder=reveal(person.name, row.session_id) if person.name else "")


@bp.get("/training/print.css")
@public
def print_css():
    """The style sheet of printed certificates."""
    return send_from_directory(STATIC, "training.css", mimetype="text/css")


# ------------------------------------------------------------------------------------------------ feedback


def _link(code: str):
    """The participant a feedback code belongs to, while training runs in their session's city and they are not
    erased (their code, kept encrypted, then no longer reads back); else 404."""
    found = queries.participant_by_code(current_store(), code_hash(code)) if len(code) <= 64 else None
    city = current_cities().get(found.city) if found else None
    if city is None or "training" not in city.plugins or reveal(found.code) != code:
        abort(404)
    return found


@bp.route("/training/feedback/<code>", methods=["GET", "POST"])
@public
def feedback(code):
    """A participant's feedback form, opened from their own link without an account; one answer each."""
    found = _link(code)
    if found.held_on > finnish_today():
        return render("training/feedback.html", found=found, not_yet=True, form={}, errors={}), (
            422 if http.method == "POST" else 200)
    if queries.has_answered(current_store(), found.participant_id):
        page = render("training/feedback.html", found=found, answered=True, form={}, errors={})
        return page, 409 if http.method == "POST" else 200
    form, errors = form_input(), {}
    if http.method == "POST":
        try:
            data = FeedbackSchema().load(form)
            service.give_feedback(current_store(), found.city, found.session_id, found.participant_id, **data)
        except (ma.ValidationError, ValidationError) as e:
            errors = _invalid(e)
        else:
            return render("training/feedback.html", found=found, thanks=True, form={}, errors={})
    page = render("training/feedback.html", found=found, form=form, errors=errors)
    return page, 422 if errors else 200


# ------------------------------------------------------------------------------------------------ reports


@bp.get("/training/reports")
@requires("training.report")
def reports():
    """Sessions, participants by sector and city, usefulness and knowledge gain, small counts hidden."""
    cities = report_cities()
    sessions = [r for city in cities for r in queries.sessions_of(current_store(), city)]
    attended = [r for city in cities for r in queries.attendance(current_store(), city) if r.attended]
    counts: dict = {}
    for r in attended:
        counts[r.sector, r.city] = counts.get((r.sector, r.city), 0) + 1
    table = suppress_table(counts, SECTORS, cities, small())
    answers = [a for city in cities for a in queries.answers(current_store(), city)]
    by_city, total = feedback_by_city(answers, cities, small())
    return render("training/reports.html", cities=cities, sessions=sessions, table=table, sectors=SECTORS,
                  by_city=by_city, total=total, small=small(),
                  formats={f: sum(1 for s in sessions if s.format == f) for f in FORMATS})


@bp.get("/training/reports/sessions.csv")
@requires("training.report")
def sessions_csv():
    """Every session of the covered cities as CSV."""
    rows = [r for city in report_cities() for r in queries.sessions_of(current_store(), city)]
    return _csv("training-sessions.csv", as_csv(SESSION_COLUMNS, rows))


@bp.get("/training/reports/attendance.csv")
@requires("training.report")
def attendance_csv():
    """Every registration as CSV without name, contact, organisation or role: session, sector and attendance."""
    rows = [r for city in report_cities() for r in queries.attendance(current_store(), city)]
    return _csv("training-attendance.csv", as_csv(ATTENDANCE_COLUMNS, rows))


def _csv(filename: str, text: str) -> Response:
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ------------------------------------------------------------------------------------------------ instruments


@bp.get("/training/qualifications")
@requires("training.view")
def qualifications():
    """Which staff members of the city are trained in which assessment instrument."""
    return _qualifications_page(form={}, errors={})


@bp.post("/training/qualifications")
@requires("training.manage")
def record_qualification():
    """Record that a staff member of the city was trained in an assessment instrument."""
    try:
        data = QualificationSchema().load(form_input())
        service.record_instrument_training(current_store(), current_user.actor(), data["username"],
                                           current_user.city, data["instrument"], data["trained_on"],
                                           set(instruments()), {a.username for a in _staff()})
    except (ma.ValidationError, ValidationError) as e:
        return _qualifications_page(form=form_input(), errors=_invalid(e)), 422
    flash(gettext("The training was recorded."), "info")
    return redirect(url_for("training.qualifications"))


ASSESSING_ROLES = {"exit_worker", "city_coordinator"}  # the roles that rate clients on an assessment instrument


def _staff():
    """The city's active staff who assess clients, and so may be trained in an instrument."""
    return [a for a in list_accounts(current_store(), current_user.city) if a.active and a.roles & ASSESSING_ROLES]


def _qualifications_page(**context):
    return render("training/qualifications.html", rows=queries.qualifications_of(current_store(), current_user.city),
                  staff=_staff() if can("training.manage") else [], instruments=instruments(),
                  today=finnish_today(), **context)
