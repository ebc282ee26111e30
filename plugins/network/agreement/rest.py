"""Agreements in the API under /api/v1/network/agreements."""

from __future__ import annotations

from core.toolkit import ApiBlueprint, current_store, current_user, requires
from plugins.network.agreement import service
from plugins.network.agreement.queries import agreement_list, agreement_row
from plugins.network.agreement.schemas import AgreementSchema, NewAgreementSchema, RenewalSchema, TerminationSchema
from plugins.network.agreement.views import agreement_or_404
from plugins.network.projections import unlisted
from plugins.network.queries import organisation_list
from plugins.network.web import known_cities

blp = ApiBlueprint("api_network_agreement", __name__, url_prefix="/api/v1/network/agreements",
                   description="Agreements with the network's organisations")
CONFLICT = {"schema": "Error", "description": "the agreement changed since `version`, or its reference is taken"}


def _shown(row) -> dict:
    return {**row._mapping, "parties": unlisted(row.parties)}


@blp.route("/")
@requires("network.view")
@blp.response(200, AgreementSchema(many=True))
def list_agreements():
    """The agreements, the ones ending first first."""
    return [_shown(r) for r in agreement_list(current_store())]


@blp.route("/", methods=["POST"])
@requires("network.manage")
@blp.arguments(NewAgreementSchema)
@blp.response(201, AgreementSchema)
@blp.alt_response(409, **CONFLICT)
def conclude_agreement(data):
    """Record an agreement with organisations of the network."""
    organisations = {r.organisation_id for r in organisation_list(current_store())}
    agreement_id = service.conclude_agreement(current_store(), current_user.actor(), **data,
                                              known_cities=known_cities(), known_organisations=organisations)
    return _shown(agreement_row(current_store(), agreement_id.hex))


@blp.route("/<agreement_id>")
@requires("network.view")
@blp.response(200, AgreementSchema)
def get_agreement(agreement_id):
    """One agreement."""
    return _shown(agreement_or_404(agreement_id))


def _found(view):
    from functools import wraps

    @wraps(view)
    def found(*args, agreement_id, **kwargs):
        return view(*args, row=agreement_or_404(agreement_id, changing=True), **kwargs)
    return found


@blp.route("/<agreement_id>/renewal", methods=["POST"])
@requires("network.manage")
@_found
@blp.arguments(RenewalSchema)
@blp.response(200, AgreementSchema)
@blp.alt_response(409, **CONFLICT)
def renew_agreement(data, row):
    """Extend the agreement to a later end."""
    service.renew_agreement(current_store(), current_user.actor(), row.agreement_id, data["ends_on"],
                            expected_version=data["version"])
    return _shown(agreement_row(current_store(), row.agreement_id))


@blp.route("/<agreement_id>/termination", methods=["POST"])
@requires("network.manage")
@_found
@blp.arguments(TerminationSchema)
@blp.response(200, AgreementSchema)
@blp.alt_response(409, **CONFLICT)
def terminate_agreement(data, row):
    """End the agreement before its time, with the reason."""
    service.terminate_agreement(current_store(), current_user.actor(), row.agreement_id, data["on"], data["reason"],
                                expected_version=data["version"])
    return _shown(agreement_row(current_store(), row.agreement_id))
