"""Assessment's JSON API: a case's assessments under /api/v1/cases, one assessment under /api/v1/assessments."""

from __future__ import annotations

from core.toolkit import (ApiBlueprint, NotFoundError, ValidationError, current_store, current_user, requires,
                          reveal)
from plugins.casework.assessment import service
from plugins.casework.assessment.domain import changes
from plugins.casework.assessment.queries import assessment_row, assessments_of, last_two_finalised
from plugins.casework.assessment.schemas import (ApprovalSchema, AssessmentDetailSchema, AssessmentSchema,
                                                 ComparisonSchema, FinalisationSchema, RatingSchema, StartSchema)
from plugins.casework.assessment.web import (approval_required, assessment_in_scope, instrument_of, instruments,
                                             rater_trained)
from plugins.casework.web import case_first, case_in_scope, found_first

blp = ApiBlueprint("api_casework_assessment", __name__, url_prefix="/api/v1", description="Assessments")
CONFLICT = {"schema": "Error", "description": "the assessment changed since `version`"}


def _detail(row, case) -> dict:
    assessment = current_store().get(row.assessment_id)
    return {**row._mapping, "reasoning": reveal(assessment.reasoning, case.case_id) or None,
            "ratings": [{"indicator": name, "rating": r.rating, "source": r.source, "reliability": r.reliability,
                         "evidence": reveal(r.evidence, case.case_id), "reasoning": reveal(r.reasoning, case.case_id)}
                        for name, r in assessment.ratings.items()]}


assessment_first = found_first(assessment_in_scope, "assessment_id", "found")



@blp.route("/cases/<case_id>/assessments")
@requires("casework.view_case")
@blp.response(200, AssessmentSchema(many=True))
def list_assessments(case_id):
    """List a case's assessments, the latest first."""
    return assessments_of(current_store(), case_in_scope(case_id).case_id)


@blp.route("/cases/<case_id>/assessments", methods=["POST"])
@requires("casework.assess")
@case_first
@blp.arguments(StartSchema)
@blp.response(201, AssessmentSchema)
def start_assessment(data, case):
    """Start an assessment of the case on one of the city's instruments."""
    instrument = instruments().get(data["instrument"])
    if instrument is None:
        raise ValidationError({"instrument": ["the city offers no such instrument"]})
    assessment_id = service.start_assessment(current_store(), current_user.actor(), case.case_id, instrument,
                                             approval_required())
    return assessment_row(current_store(), assessment_id.hex)


@blp.route("/cases/<case_id>/assessments/comparison")
@requires("casework.view_case")
@blp.response(200, ComparisonSchema)
def compare_assessments(case_id):
    """Compare the case's last two finalised assessments, indicator by indicator (404 while there are fewer)."""
    pair = last_two_finalised(assessments_of(current_store(), case_in_scope(case_id).case_id))
    if pair is None:
        raise NotFoundError("the case has fewer than two finalised assessments")
    earlier, later = pair
    found = changes(current_store().get(earlier.assessment_id), current_store().get(later.assessment_id),
                    instrument_of(later))
    return {"earlier": earlier.assessment_id, "later": later.assessment_id,
            "changes": [{**vars(c), "changed": c.changed} for c in found]}


@blp.route("/assessments/<assessment_id>")
@requires("casework.view_case")
@blp.response(200, AssessmentDetailSchema)
def get_assessment(assessment_id):
    """Return one assessment with its ratings, their evidence and reasoning."""
    return _detail(*assessment_in_scope(assessment_id))


@blp.route("/assessments/<assessment_id>/ratings", methods=["POST"])
@requires("casework.assess")
@assessment_first
@blp.arguments(RatingSchema)
@blp.response(200, AssessmentDetailSchema)
@blp.alt_response(409, **CONFLICT)
def rate(data, found):
    """Rate one indicator; a stale `version` answers 409 with the current version."""
    row, case = found
    service.rate(current_store(), current_user.actor(), row.assessment_id, instrument_of(row), data["indicator"],
                 data["rating"], data["evidence"], data["source"], data["reliability"], data["reasoning"],
                 expected_version=data["version"], trained=rater_trained(row.instrument))
    return _detail(*assessment_in_scope(row.assessment_id))


@blp.route("/assessments/<assessment_id>/finalisation", methods=["POST"])
@requires("casework.assess")
@assessment_first
@blp.arguments(FinalisationSchema)
@blp.response(200, AssessmentDetailSchema)
@blp.alt_response(409, **CONFLICT)
def finalise(data, found):
    """Finalise the assessment with the overall reasoning."""
    service.finalise(current_store(), current_user.actor(), found[0].assessment_id, data["reasoning"],
                     expected_version=data["version"])
    return _detail(*assessment_in_scope(found[0].assessment_id))


@blp.route("/assessments/<assessment_id>/approval", methods=["POST"])
@requires("casework.approve_assessment")
@assessment_first
@blp.arguments(ApprovalSchema)
@blp.response(200, AssessmentDetailSchema)
@blp.alt_response(409, **CONFLICT)
def approve(data, found):
    """Approve a finalised assessment, where the city requires it."""
    service.approve(current_store(), current_user.actor(), found[0].assessment_id, expected_version=data["version"])
    return _detail(*assessment_in_scope(found[0].assessment_id))
