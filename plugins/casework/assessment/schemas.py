"""The boundary of assessment: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Text, WholeNumber
from plugins.casework.assessment.domain import MAX_TEXT, RELIABILITIES, SOURCES


class StartSchema(ma.Schema):
    instrument = ma.fields.String(required=True, validate=validate.Length(min=1, max=60),
                                  metadata={"description": "the name of an instrument the city offers"})


class RatingSchema(ma.Schema):
    indicator = ma.fields.String(required=True, validate=validate.Length(min=1, max=60))
    rating = WholeNumber(required=True, metadata={"description": "a value of the instrument's scale"})
    evidence = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                    metadata={"description": "what the rating rests on (personal data, stored encrypted)"})
    source = ma.fields.String(required=True, validate=validate.OneOf(SOURCES))
    reliability = ma.fields.String(required=True, validate=validate.OneOf(RELIABILITIES))
    reasoning = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                     metadata={"description": "why this rating (personal data, stored encrypted)"})
    version = WholeNumber(required=True, metadata={"description": "the assessment version the change is based on"})


class FinalisationSchema(ma.Schema):
    reasoning = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                     metadata={"description": "the overall reasoning (personal data, stored encrypted)"})
    version = WholeNumber(required=True)


class ApprovalSchema(ma.Schema):
    version = WholeNumber(required=True)


class AssessmentSchema(ma.Schema):
    assessment_id = ma.fields.String()
    case_id = ma.fields.String()
    instrument = ma.fields.String()
    instrument_version = ma.fields.String()
    state = ma.fields.String(metadata={"description": "open, awaiting_approval, finalised or approved"})
    approval_required = ma.fields.Boolean()
    assessor = ma.fields.String()
    approver = ma.fields.String(allow_none=True)
    started_at = ma.fields.DateTime()
    finalised_at = ma.fields.DateTime(allow_none=True)
    approved_at = ma.fields.DateTime(allow_none=True)
    version = ma.fields.Integer()


class RatingOutSchema(ma.Schema):
    indicator = ma.fields.String()
    rating = ma.fields.Integer()
    evidence = ma.fields.String()
    source = ma.fields.String()
    reliability = ma.fields.String()
    reasoning = ma.fields.String()


class AssessmentDetailSchema(AssessmentSchema):
    ratings = ma.fields.List(ma.fields.Nested(RatingOutSchema))
    reasoning = ma.fields.String(allow_none=True, metadata={"description": "the overall reasoning, once finalised"})


class ChangeSchema(ma.Schema):
    indicator = ma.fields.String()
    before = ma.fields.Integer(allow_none=True)
    after = ma.fields.Integer(allow_none=True)
    changed = ma.fields.Boolean()


class ComparisonSchema(ma.Schema):
    earlier = ma.fields.String(metadata={"description": "the earlier assessment's id"})
    later = ma.fields.String()
    changes = ma.fields.List(ma.fields.Nested(ChangeSchema))
