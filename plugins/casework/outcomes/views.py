"""The outcome page: a case's measures by occasion with the change from baseline, and the form to record one."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, url_for

from core.toolkit import (ConflictError, NotFoundError, ValidationError, can, current_store, current_user,
                          form_input, gettext, render, requires)
from plugins.casework.outcomes import service
from plugins.casework.outcomes.domain import OCCASIONS, outcomes_id
from plugins.casework.outcomes.schemas import MeasurementSchema
from plugins.casework.outcomes.web import city_measures, outcomes_of
from plugins.casework.web import case_in_scope

bp = Blueprint("casework_outcomes", __name__)


@bp.get("/cases/<case_id>/outcomes")
@requires("casework.view_case")
def outcomes(case_id):
    """A case's outcome measures at baseline, reviews and closure, and how each moved from the baseline."""
    return _page(case_in_scope(case_id), form={}, errors={})


@bp.post("/cases/<case_id>/outcomes")
@requires("casework.manage_case")
def record_measurement(case_id):
    """Record one occasion's outcome ratings; the form keeps what was typed when something is wrong."""
    case = case_in_scope(case_id)
    try:
        data = MeasurementSchema().load(form_input())
        service.record_measurement(current_store(), current_user.actor(), case.case_id, city_measures(),
                                   data["occasion"], data["measured_on"], data["ratings"], data["note"],
                                   expected_version=data["version"])
    except (ma.ValidationError, ValidationError) as e:
        return _page(case, form=form_input(), errors=e.messages), 422
    except ConflictError as e:
        return _page(case_in_scope(case_id), form=form_input(), errors={}, conflict=e), 409
    flash(gettext("The outcome measurement was recorded."), "info")
    return redirect(url_for("casework_outcomes.outcomes", case_id=case.case_id))


def _notes(case_id: str) -> list:
    """Each measurement's note, if any, in order (the notes live in the log, encrypted)."""
    try:
        return [m.note for m in current_store().get(outcomes_id(case_id)).measurements]
    except NotFoundError:
        return []


def _page(case, **context):
    found = outcomes_of(case.case_id)
    return render("casework/outcomes.html", case=case, occasions=OCCASIONS, notes=_notes(case.case_id),
                  recording=can("casework.manage_case"), **found, **context)
