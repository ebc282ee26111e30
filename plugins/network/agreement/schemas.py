"""The boundary of agreements: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.network.agreement.domain import KINDS
from plugins.network.domain import MAX_NAME, MAX_TEXT


class NewAgreementSchema(ma.Schema):
    reference = Text(required=True, validate=validate.Length(min=1, max=40),
                     metadata={"description": "the programme's record number of the agreement"})
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    title = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME))
    city = ma.fields.String(required=True, validate=validate.Length(max=40))
    parties = ma.fields.List(ma.fields.String(validate=validate.Length(max=32)), required=True,
                             metadata={"description": "organisation ids"})
    starts_on = Day(required=True)
    ends_on = Day(required=True)
    legal_basis = Text(load_default="", validate=validate.Length(max=MAX_TEXT),
                       metadata={"description": "required for a data-sharing agreement"})


class RenewalSchema(ma.Schema):
    ends_on = Day(required=True)
    version = WholeNumber(required=True)


class TerminationSchema(ma.Schema):
    on = Day(required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    version = WholeNumber(required=True)


class AgreementSchema(ma.Schema):
    agreement_id = ma.fields.String()
    reference = ma.fields.String()
    kind = ma.fields.String()
    title = ma.fields.String()
    city = ma.fields.String()
    parties = ma.fields.List(ma.fields.String())
    starts_on = Day()
    ends_on = Day()
    renew_by = Day(metadata={"description": "from this day the agreement is up for renewal"})
    legal_basis = ma.fields.String()
    terminated_on = Day(allow_none=True)
    version = ma.fields.Integer()
