"""The outcome page: a case's measures by occasion with the change from baseline, and the form to record one."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, url_for

from core.toolkit import (ConflictError, ValidationError, can, current_store, current_user, form_input, gettext,
                          render, requires)
from plugins.casework.outcomes import service
from plugins.casework.outcomes.domain import OCCASIONS
from plugins.casework.outcomes.schemas import MeasurementSchema, form_errors
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
        return _page(case, form=form_input(), errors=form_errors(e.messages)), 422
    except ConflictError as e:
        return _page(case_in_scope(case_id), form=form_input(), errors={}, conflict=e), 409
    flash(gettext("The outcome measurement was recorded."), "info")
    return redirect(url_for("casework_outcomes.outcomes", case_id=case.case_id))


def _page(case, **context):
    return render("casework/outcomes.html", case=case, occasions=OCCASIONS, recording=can("casework.manage_case"),
                  **outcomes_of(case.case_id), **context)
