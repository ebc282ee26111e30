"""The boundary of safety: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.casework.safety.domain import LEGAL_BASES, MAX_TEXT, RECIPIENTS

VERSION = {"description": "the safety record's version the change is based on (0 before its first change)"}
PERSONAL = "(personal data, stored encrypted)"


class SafetyPlanSchema(ma.Schema):
    warning_signs = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_TEXT),
                         metadata={"description": f"signs that danger is near {PERSONAL}"})
    coping = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_TEXT),
                  metadata={"description": f"what helps: the client's own ways of coping {PERSONAL}"})
    contacts = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_TEXT),
                    metadata={"description": f"people and services to contact {PERSONAL}"})
    measures = Text(required=True, validate=validate.Length(max=MAX_TEXT),
                    metadata={"description": f"the measures agreed {PERSONAL}"})
    reviewed_on = Day(required=True)
    version = WholeNumber(required=True, metadata=VERSION)


class EscalationSchema(ma.Schema):
    recipient = ma.fields.String(required=True, validate=validate.OneOf(RECIPIENTS))
    escalated_on = Day(required=True)
    prompted_by = Text(required=True, validate=validate.Length(max=MAX_TEXT),
                       metadata={"description": f"what prompted the escalation {PERSONAL}"})
    legal_basis = ma.fields.String(load_default=None, allow_none=True,
                                   metadata={"description": "one of " + ", ".join(LEGAL_BASES)})
    version = WholeNumber(required=True, metadata=VERSION)

    @ma.pre_load
    def _no_basis(self, data, **kwargs):
        return {**data, "legal_basis": data.get("legal_basis") or None} if "legal_basis" in data else data


class AcknowledgementSchema(ma.Schema):
    escalation = WholeNumber(required=True, metadata={"description": "the escalation's number"})
    version = WholeNumber(required=True, metadata=VERSION)


class PlanOutSchema(ma.Schema):
    warning_signs = ma.fields.String(allow_none=True)
    coping = ma.fields.String(allow_none=True)
    contacts = ma.fields.String(allow_none=True)
    measures = ma.fields.String()
    reviewed_on = Day()


class EscalationOutSchema(ma.Schema):
    number = ma.fields.Integer()
    recipient = ma.fields.String()
    escalated_on = Day()
    prompted_by = ma.fields.String()
    legal_basis = ma.fields.String()
    provision = ma.fields.String(metadata={"description": "the provision the legal basis rests on"})
    escalated_by = ma.fields.String()
    acknowledged_by = ma.fields.String(allow_none=True)


class SafetySchema(ma.Schema):
    case_id = ma.fields.String()
    plan = ma.fields.Nested(PlanOutSchema, allow_none=True, metadata={"description": "the latest revision"})
    revisions = ma.fields.Integer()
    escalations = ma.fields.List(ma.fields.Nested(EscalationOutSchema))
    version = ma.fields.Integer()


class WaitingSchema(ma.Schema):
    case_id = ma.fields.String()
    number = ma.fields.Integer()
    recipient = ma.fields.String()
    legal_basis = ma.fields.String()
    escalated_on = Day()
    escalated_by = ma.fields.String()
    kind = ma.fields.String()
