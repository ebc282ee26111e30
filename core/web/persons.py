"""Access requests: the data-protection officer finds the person, reads their report and hands it over.

The person is found by name and birth date through the plugins' blind indexes (``find_persons``), or
followed from the event browser; never by typing an id. Every report shown writes the person to the
access log; every report handed over is recorded with the parts withheld and why.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

from flask import Blueprint, Response, abort, g, request
from flask_login import current_user

from core.access_reports import issue_report
from core.errors import ValidationError
from core.person_report import person_report
from core.web.disclosure import purpose, reveal
from core.web.guard import exitfi, requires
from core.web.i18n import gettext
from core.web.security import form_input
from core.web.templating import render

bp = Blueprint("persons", __name__, url_prefix="/audit/persons")

WHY = "access request (GDPR Art. 15)"
TYPES = {"html": "text/html; charset=utf-8", "json": "application/json"}


@bp.route("/", methods=["GET", "POST"])
@requires("audit.answer_access_requests")
def find():
    """Find the person who asks for their data by the name and birth date they give."""
    # Posted, not asked in the address: a name and a birth date in a URL end up in server and proxy logs and in
    # the browser's history.
    form = form_input() if request.method == "POST" else {}
    asked = {"full_name": form.get("full_name", "").strip(), "birth_date": form.get("birth_date", "")}
    errors, found = {}, None
    if request.method == "POST":
        if not asked["full_name"]:
            errors["full_name"] = [gettext("Give the name the person gave.")]
        try:
            born = date.fromisoformat(asked["birth_date"])
        except ValueError:
            errors["birth_date"] = [gettext("Give the birth date as YYYY-MM-DD.")]
        if not errors:
            store = exitfi().store
            found = [f for answer in exitfi().host.all.hook.find_persons(
                store=store, full_name=asked["full_name"], birth_date=born) for f in answer]
            # Listing who matched tells the officer the programme holds the person: the access log keeps that.
            g.setdefault("shown_persons", {}).update({f.person_id: f.record_id for f in found})
            purpose(WHY + ": finding the person")
    return render("core/persons.html", asked=asked, errors=errors, found=found), 422 if errors else 200


def _person(person_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(hex=person_id)
    except ValueError:
        abort(404)


def _report(person: uuid.UUID):
    purpose(WHY)
    return person_report(exitfi().store, exitfi().host, person, reveal)


@bp.get("/<person_id>")
@requires("audit.answer_access_requests")
def person(person_id):
    """Everything held about the person, who viewed it and to whom it was disclosed, before it is handed over."""
    person = _person(person_id)
    return render("core/person.html", report=_report(person), form={}, errors={})


@bp.post("/<person_id>")
@requires("audit.answer_access_requests")
def issue(person_id):
    """Hand the report over as a page, an HTML file or JSON; the parts ticked are withheld with their reasons."""
    person = _person(person_id)
    report = _report(person)
    form = form_input()
    ticked = request.form.getlist("withhold")
    withheld = {part: form.get(f"reason:{part}", "") for part in ticked}
    fmt = form.get("format", "")
    handed = report.as_json(withheld)
    # Made before it is recorded as issued: a report that fails to render must not stand in the log as handed over.
    if fmt == "json":
        body = json.dumps(handed, ensure_ascii=False, indent=2)
    else:
        body = render("core/person_report_file.html" if fmt == "html" else "core/person_report.html",
                      report=report, handed=handed)
    try:
        issue_report(exitfi().store, current_user.actor(), person, fmt, report.parts(), withheld)
    except ValidationError as e:
        return render("core/person.html", report=report, form={**form, "withhold": ticked},
                      errors=e.messages), 422
    return _download(body, fmt, report) if fmt in ("json", "html") else body


def _download(body: str, kind: str, report) -> Response:
    name = f"access-report-{report.made_at.date().isoformat()}.{kind}"
    return Response(body, mimetype=TYPES[kind], headers={"Content-Disposition": f'attachment; filename="{name}"'})
