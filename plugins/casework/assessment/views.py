"""Assessment pages: a case's assessments and their comparison, one assessment with its ratings and forms."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, url_for

from core.toolkit import (ConflictError, ValidationError, can, current_store, current_user, form_input, gettext,
                          render, requires)
from plugins.casework.assessment import service
from plugins.casework.assessment.domain import RELIABILITIES, SOURCES, changes
from plugins.casework.assessment.queries import assessments_of, last_two_finalised
from plugins.casework.assessment.schemas import ApprovalSchema, FinalisationSchema, RatingSchema, StartSchema
from plugins.casework.assessment.web import (approval_required, assessment_in_scope, instrument_of, instruments,
                                             rater_trained)
from plugins.casework.web import case_in_scope

bp = Blueprint("casework_assessment", __name__)


@bp.get("/cases/<case_id>/assessments")
@requires("casework.view_case")
def assessments(case_id):
    """A case's assessments, and what changed between the last two finalised ones."""
    return _list_page(case_in_scope(case_id), form={}, errors={})


@bp.post("/cases/<case_id>/assessments")
@requires("casework.assess")
def start_assessment(case_id):
    """Start an assessment of the case on one of the city's instruments."""
    case = case_in_scope(case_id)
    try:
        data = StartSchema().load(form_input())
        instrument = instruments().get(data["instrument"])
        if instrument is None:
            raise ValidationError({"instrument": ["the city offers no such instrument"]})
        assessment_id = service.start_assessment(current_store(), current_user.actor(), case.case_id, instrument,
                                                 approval_required())
    except (ma.ValidationError, ValidationError) as e:
        return _list_page(case, form=form_input(), errors=e.messages), 422
    flash(gettext("The assessment was started."), "info")
    return redirect(url_for("casework_assessment.assessment", assessment_id=assessment_id.hex))


@bp.get("/assessments/<assessment_id>")
@requires("casework.view_case")
def assessment(assessment_id):
    """One assessment: its ratings with what each rests on, and the forms to rate, finalise and approve."""
    row, case = assessment_in_scope(assessment_id)
    return _assessment_page(row, case, form={}, errors={})


def _assessment_command(name: str, path: str, permission: str, schema, run, done):
    """A page endpoint for one command on an assessment: the form keeps what was typed when something is wrong."""

    @requires(permission)
    def command(assessment_id):
        row, case = assessment_in_scope(assessment_id)
        try:
            data = schema().load(form_input())
            run(row, data)
        except (ma.ValidationError, ValidationError) as e:
            return _assessment_page(row, case, form=form_input(), errors=e.messages, command=name), 422
        except ConflictError as e:
            row, case = assessment_in_scope(assessment_id)
            return _assessment_page(row, case, form=form_input(), errors={}, conflict=e, command=name), 409
        flash(str(done()), "info")
        return redirect(url_for("casework_assessment.assessment", assessment_id=row.assessment_id))

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name).__doc__
    bp.add_url_rule(f"/assessments/<assessment_id>/{path}", endpoint=name, view_func=command, methods=["POST"])


_assessment_command(
    "rate", "ratings", "casework.assess", RatingSchema,
    lambda row, d: service.rate(current_store(), current_user.actor(), row.assessment_id, instrument_of(row),
                                d["indicator"], d["rating"], d["evidence"], d["source"], d["reliability"],
                                d["reasoning"], expected_version=d["version"], trained=rater_trained(row.instrument)),
    lambda: gettext("The rating was recorded."))
_assessment_command(
    "finalise", "finalisation", "casework.assess", FinalisationSchema,
    lambda row, d: service.finalise(current_store(), current_user.actor(), row.assessment_id, d["reasoning"],
                                    expected_version=d["version"]),
    lambda: gettext("The assessment was finalised."))
_assessment_command(
    "approve", "approval", "casework.approve_assessment", ApprovalSchema,
    lambda row, d: service.approve(current_store(), current_user.actor(), row.assessment_id,
                                   expected_version=d["version"]),
    lambda: gettext("The assessment was approved."))


def _list_page(case, **context):
    rows = assessments_of(current_store(), case.case_id)
    pair = last_two_finalised(rows)
    comparison = None
    if pair:
        earlier, later = pair
        instrument = instruments().get(later.instrument)
        if instrument:
            comparison = {"earlier": earlier, "later": later, "indicators": {i.name: i for i in instrument.indicators},
                          "changes": changes(current_store().get(earlier.assessment_id),
                                             current_store().get(later.assessment_id), instrument)}
    return render("casework/assessments.html", case=case, rows=rows, comparison=comparison,
                  instruments=instruments().values() if can("casework.assess") else (), **context)


def _assessment_page(row, case, **context):
    instrument = instrument_of(row)
    context.setdefault("command", "rate")
    return render("casework/assessment.html", row=row, case=case, instrument=instrument,
                  assessment=current_store().get(row.assessment_id), scale=dict(instrument.scale),
                  sources=SOURCES, reliabilities=RELIABILITIES, **context)
