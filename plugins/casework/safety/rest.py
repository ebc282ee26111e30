"""Safety's JSON API: a case's safety record under /api/v1/cases/<case_id>/safety, the city's waiting escalations."""

from __future__ import annotations

from core.toolkit import ApiBlueprint, current_store, current_user, requires
from plugins.casework.safety import service
from plugins.casework.safety.queries import awaiting_acknowledgement
from plugins.casework.safety.schemas import (AcknowledgementSchema, EscalationSchema, SafetyPlanSchema, SafetySchema,
                                             WaitingSchema)
from plugins.casework.safety.web import safety_data
from plugins.casework.web import case_in_scope, found_first

blp = ApiBlueprint("api_casework_safety", __name__, url_prefix="/api/v1", description="Safety")
CONFLICT = {"schema": "Error", "description": "the safety record changed since `version`"}


case_first = found_first(lambda case_id: case_in_scope(case_id).case_id, "case_id", "case_id")


@blp.route("/cases/<case_id>/safety")
@requires("casework.view_case")
@blp.response(200, SafetySchema)
def get_safety(case_id):
    """Return the case's safety plan as last revised and its escalations."""
    return safety_data(case_in_scope(case_id).case_id)


@blp.route("/cases/<case_id>/safety/plan", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(SafetyPlanSchema)
@blp.response(200, SafetySchema)
@blp.alt_response(409, **CONFLICT)
def revise_plan(data, case_id):
    """Record the safety plan as agreed or reviewed on a day; `version` is 0 for a case's first."""
    service.revise_plan(current_store(), current_user.actor(), case_id, data["warning_signs"], data["coping"],
                        data["contacts"], data["measures"], data["reviewed_on"], expected_version=data["version"])
    return safety_data(case_id)


@blp.route("/cases/<case_id>/safety/escalations", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(EscalationSchema)
@blp.response(200, SafetySchema)
@blp.alt_response(409, **CONFLICT)
def escalate(data, case_id):
    """Record an escalation to police or child protection; refused (422) without a legal basis that allows it."""
    service.escalate(current_store(), current_user.actor(), case_id, data["recipient"], data["escalated_on"],
                     data["prompted_by"], data["legal_basis"], expected_version=data["version"])
    return safety_data(case_id)


@blp.route("/cases/<case_id>/safety/acknowledgement", methods=["POST"])
@requires("casework.acknowledge_escalation")
@case_first
@blp.arguments(AcknowledgementSchema)
@blp.response(200, SafetySchema)
@blp.alt_response(409, **CONFLICT)
def acknowledge(data, case_id):
    """Acknowledge an escalation as the city's coordinator."""
    service.acknowledge(current_store(), current_user.actor(), case_id, data["escalation"],
                        expected_version=data["version"])
    return safety_data(case_id)


@blp.route("/escalations/waiting")
@requires("casework.acknowledge_escalation")
@blp.response(200, WaitingSchema(many=True))
def waiting_escalations():
    """The escalations of the coordinator's city that no coordinator has acknowledged yet."""
    return awaiting_acknowledgement(current_store(), current_user.city)
