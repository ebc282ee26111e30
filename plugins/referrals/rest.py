"""The referrals' JSON API under /api/v1/referrals: referrals in and their triage, a case's referrals out."""

from __future__ import annotations

from core.toolkit import ApiBlueprint, current_store, current_user, requires
from plugins.referrals.incoming import service as incoming
from plugins.referrals.outgoing import service as outgoing
from plugins.referrals.queries import incoming_row, outgoing_of_case, outgoing_row, triage_queue
from plugins.referrals.schemas import (IncomingReferralOutSchema, IncomingReferralSchema, OutgoingReferralOutSchema,
                                       OutgoingReferralSchema, ReferralAcceptedSchema, ReferralAcceptSchema,
                                       ReferralAnswerSchema, ReferralDeclineSchema, ReferralOnSchema,
                                       ReferralSendSchema, ReferralWithdrawSchema, ReferrerFeedbackSchema)
from plugins.referrals.web import (case_in_scope, first, incoming_detail, incoming_in_scope, may_override,
                                   outgoing_detail, outgoing_in_scope)

blp = ApiBlueprint("api_referrals", __name__, url_prefix="/api/v1/referrals", description="Referrals in and out")
CONFLICT = {"schema": "Error", "description": "the referral changed since `version`"}


def _in(referral_id) -> dict:
    return incoming_detail(incoming_row(current_store(), referral_id.hex if hasattr(referral_id, "hex")
                                        else referral_id))


def _out(referral_id) -> dict:
    return outgoing_detail(outgoing_row(current_store(), referral_id.hex if hasattr(referral_id, "hex")
                                        else referral_id))


@blp.route("/incoming")
@requires("referrals.triage")
@blp.response(200, IncomingReferralOutSchema(many=True))
def queue():
    """The city's triage queue: the most urgent first, then the oldest, with the days each has waited."""
    return [incoming_detail(r) for r in triage_queue(current_store(), current_user.city)]


@blp.route("/incoming", methods=["POST"])
@requires("referrals.receive")
@blp.arguments(IncomingReferralSchema)
@blp.response(201, IncomingReferralOutSchema)
def receive(data):
    """Record a referral in to the user's city."""
    referral_id = incoming.receive_referral(current_store(), current_user.actor(), current_user.city, **data)
    return _in(referral_id)


@blp.route("/incoming/<referral_id>")
@requires("referrals.triage")
@blp.response(200, IncomingReferralOutSchema)
def get_incoming(referral_id):
    """One referral in, with its person, concern and the referrer's contact."""
    return incoming_detail(incoming_in_scope(referral_id))


@blp.route("/incoming/<referral_id>/acceptance", methods=["POST"])
@requires("referrals.triage")
@first(incoming_in_scope, "referral_id")
@blp.arguments(ReferralAcceptSchema)
@blp.response(201, ReferralAcceptedSchema)
@blp.alt_response(409, **CONFLICT)
def accept(data, row):
    """Accept the referral: a case opens for the person, linked both ways."""
    incoming.accept_referral(current_store(), current_user.actor(), row.referral_id, data["pseudonym"],
                             expected_version=data["version"])
    return _in(row.referral_id)


@blp.route("/incoming/<referral_id>/decline", methods=["POST"])
@requires("referrals.triage")
@first(incoming_in_scope, "referral_id")
@blp.arguments(ReferralDeclineSchema)
@blp.response(200, IncomingReferralOutSchema)
@blp.alt_response(409, **CONFLICT)
def decline(data, row):
    """Decline the referral, with the reason."""
    incoming.decline_referral(current_store(), current_user.actor(), row.referral_id, data["reason"],
                              expected_version=data["version"])
    return _in(row.referral_id)


@blp.route("/incoming/<referral_id>/referral-on", methods=["POST"])
@requires("referrals.triage")
@first(incoming_in_scope, "referral_id")
@blp.arguments(ReferralOnSchema)
@blp.response(200, IncomingReferralOutSchema)
@blp.alt_response(409, **CONFLICT)
def refer_on(data, row):
    """Refer the person on to a service of the network's directory."""
    incoming.refer_on(current_store(), current_user.actor(), row.referral_id, data["service_id"], data["reason"],
                      expected_version=data["version"])
    return _in(row.referral_id)


@blp.route("/incoming/<referral_id>/feedback", methods=["POST"])
@requires("referrals.triage")
@first(incoming_in_scope, "referral_id")
@blp.arguments(ReferrerFeedbackSchema)
@blp.response(200, IncomingReferralOutSchema)
@blp.alt_response(409, **CONFLICT)
def feedback(data, row):
    """Record what the referrer was told, and when."""
    incoming.give_feedback(current_store(), current_user.actor(), row.referral_id, data["told"], data["on"],
                           expected_version=data["version"])
    return _in(row.referral_id)


@blp.route("/cases/<case_id>/outgoing")
@requires("referrals.refer_out")
@blp.response(200, OutgoingReferralOutSchema(many=True))
def list_outgoing(case_id):
    """A case's referrals out, the latest first."""
    case = case_in_scope(case_id)
    return [outgoing_detail(r) for r in outgoing_of_case(current_store(), case["case_id"])]


@blp.route("/cases/<case_id>/outgoing", methods=["POST"])
@requires("referrals.refer_out")
@first(case_in_scope, "case_id")
@blp.arguments(OutgoingReferralSchema)
@blp.response(201, OutgoingReferralOutSchema)
def draft(data, row):
    """Draft a referral of the case's client to a service, with what is shared and on which basis."""
    referral_id = outgoing.draft_referral(current_store(), current_user.actor(), row["case_id"],
                                          may_override=may_override(), **data)
    return _out(referral_id)


@blp.route("/outgoing/<referral_id>/sending", methods=["POST"])
@requires("referrals.refer_out")
@first(outgoing_in_scope, "referral_id")
@blp.arguments(ReferralSendSchema)
@blp.response(200, OutgoingReferralOutSchema)
@blp.alt_response(409, **CONFLICT)
def send(data, row):
    """Send the referral; the items shared are recorded as a disclosure in the client's access report."""
    outgoing.send_referral(current_store(), current_user.actor(), row.referral_id, data["on"],
                           expected_version=data["version"])
    return _out(row.referral_id)


@blp.route("/outgoing/<referral_id>/answers", methods=["POST"])
@requires("referrals.refer_out")
@first(outgoing_in_scope, "referral_id")
@blp.arguments(ReferralAnswerSchema)
@blp.response(200, OutgoingReferralOutSchema)
@blp.alt_response(409, **CONFLICT)
def answer(data, row):
    """Record the receiving service's answer (received, accepted, declined, completed) and feedback."""
    outgoing.answer_referral(current_store(), current_user.actor(), row.referral_id, data["status"], data["on"],
                             data["feedback"], expected_version=data["version"])
    return _out(row.referral_id)


@blp.route("/outgoing/<referral_id>/withdrawal", methods=["POST"])
@requires("referrals.refer_out")
@first(outgoing_in_scope, "referral_id")
@blp.arguments(ReferralWithdrawSchema)
@blp.response(200, OutgoingReferralOutSchema)
@blp.alt_response(409, **CONFLICT)
def withdraw(data, row):
    """Withdraw the referral, with the reason."""
    outgoing.withdraw_referral(current_store(), current_user.actor(), row.referral_id, data["reason"],
                               expected_version=data["version"])
    return _out(row.referral_id)
