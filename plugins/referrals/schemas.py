"""The referrals' boundary: one marshmallow schema per command, shared by the forms and the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.casework.api import ITEMS
from plugins.referrals.incoming.domain import SOURCES, STATUSES, URGENCIES
from plugins.referrals.outgoing.domain import ANSWERS, BASES, MAX_PROVISION
from plugins.referrals.outgoing.domain import STATUSES as OUT_STATUSES
from plugins.referrals.rules import MAX_NAME, MAX_TEXT

ANSWER_STATUSES = tuple(dict.fromkeys(s for answers in ANSWERS.values() for s in answers))
ID = validate.Length(max=36)


def version(required: bool = True):
    about = {"description": "the referral's version the change is based on"}
    return WholeNumber(required=True, metadata=about) if required else \
        WholeNumber(load_default=None, allow_none=True, metadata=about)


def personal(required: bool = True, limit: int = MAX_TEXT, about: str = "personal data, stored encrypted"):
    if required:
        return Text(required=True, validate=validate.Length(min=1, max=limit), metadata={"description": about})
    return Text(load_default="", validate=validate.Length(max=limit), metadata={"description": about})


class IncomingReferralSchema(ma.Schema):
    source = ma.fields.String(required=True, validate=validate.OneOf(SOURCES))
    organisation_id = ma.fields.String(load_default=None, allow_none=True, validate=ID,
                                       metadata={"description": "an organisation of the network's directory"})
    organisation = Text(load_default="", validate=validate.Length(max=MAX_NAME),
                        metadata={"description": "the referring organisation when it is not in the directory"})
    contact_id = ma.fields.String(load_default=None, allow_none=True, validate=ID,
                                  metadata={"description": "the directory's contact person who referred"})
    person = personal(limit=MAX_NAME, about="the referred person's name or pseudonym (personal data)")
    concern = personal(about="what worries the referrer (personal data)")
    urgency = ma.fields.String(required=True, validate=validate.OneOf(URGENCIES))
    person_knows = ma.fields.Boolean(load_default=False)
    person_consents = ma.fields.Boolean(load_default=False)
    referrer_contact = personal(required=False, limit=MAX_NAME,
                                about="how to reach the referrer for feedback (personal data)")
    received_on = Day(load_default=None, allow_none=True)


class ReferralAcceptSchema(ma.Schema):
    pseudonym = Text(load_default="", validate=validate.Length(max=MAX_NAME),
                     metadata={"description": "the case's pseudonym; the referred person's name if empty"})
    version = version()


class ReferralDeclineSchema(ma.Schema):
    reason = personal()
    version = version()


class ReferralOnSchema(ma.Schema):
    service_id = ma.fields.String(required=True, validate=validate.Length(min=1, max=36))
    reason = personal()
    version = version()


class ReferrerFeedbackSchema(ma.Schema):
    told = personal(about="what the referrer was told (personal data)")
    on = Day(load_default=None, allow_none=True)
    version = version()


class OutgoingReferralSchema(ma.Schema):
    service_id = ma.fields.String(required=True, validate=validate.Length(min=1, max=36))
    purpose = personal(about="why the client is referred (personal data)")
    items = ma.fields.List(ma.fields.String(validate=validate.OneOf(ITEMS)), required=True,
                           metadata={"description": "what is shared with the service"})
    basis = ma.fields.String(required=True, validate=validate.OneOf(BASES))
    provision = Text(load_default="", validate=validate.Length(max=MAX_PROVISION))
    override_reason = personal(required=False, about="why it is sent without consent or a legal basis")


class ReferralSendSchema(ma.Schema):
    on = Day(load_default=None, allow_none=True)
    version = version()


class ReferralAnswerSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=validate.OneOf(ANSWER_STATUSES))
    on = Day(load_default=None, allow_none=True)
    feedback = personal(required=False, about="what the receiving service said (personal data)")
    version = version()


class ReferralWithdrawSchema(ma.Schema):
    reason = personal()
    version = version()


# ---------------------------------------------------------------------------------------------- answers


class IncomingReferralOutSchema(ma.Schema):
    referral_id = ma.fields.String()
    city = ma.fields.String()
    source = ma.fields.String(validate=validate.OneOf(SOURCES))
    organisation_id = ma.fields.String(allow_none=True)
    organisation = ma.fields.String(allow_none=True)
    person = ma.fields.String()
    concern = ma.fields.String()
    referrer_contact = ma.fields.String()
    urgency = ma.fields.String()
    person_knows = ma.fields.Boolean()
    person_consents = ma.fields.Boolean()
    received_on = Day()
    days_waiting = ma.fields.Integer()
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    case_id = ma.fields.String(allow_none=True)
    referred_to = ma.fields.String(allow_none=True)
    feedback_on = Day(allow_none=True)
    version = ma.fields.Integer()


class ReferralAcceptedSchema(IncomingReferralOutSchema):
    case_id = ma.fields.String()


class OutgoingReferralOutSchema(ma.Schema):
    referral_id = ma.fields.String()
    case_id = ma.fields.String()
    city = ma.fields.String()
    service_id = ma.fields.String()
    organisation = ma.fields.String()
    category = ma.fields.String()
    purpose = ma.fields.String()
    items = ma.fields.List(ma.fields.String())
    basis = ma.fields.String()
    provision = ma.fields.String(allow_none=True)
    overridden = ma.fields.Boolean()
    status = ma.fields.String(validate=validate.OneOf(OUT_STATUSES))
    sent_on = Day(allow_none=True)
    answer_due = Day(allow_none=True)
    version = ma.fields.Integer()
