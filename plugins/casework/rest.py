"""Casework's JSON API under /api/v1/cases."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from flask_smorest import Blueprint

from core.web.disclosure import prefetch, reveal
from core.web.guard import exitfi, requires
from plugins.casework import service
from plugins.casework.queries import case_in_scope, caseload, pseudonym_of
from plugins.casework.schemas import CaseSchema, MeetingSchema, NewCaseSchema

blp = Blueprint("api_casework", __name__, url_prefix="/api/v1/cases", description="Cases")


def _out(row) -> dict:
    data = dict(row._mapping)
    data["pseudonym"] = reveal(pseudonym_of(row), row.case_id)
    return data


@blp.route("/")
@blp.response(200, CaseSchema(many=True))
@requires("casework.view_case")
def list_cases():
    """List the caller's caseload (assigned cases; the whole city for coordinators)."""
    rows = caseload(current_user, limit=500)
    prefetch([pseudonym_of(r) for r in rows])
    g.purpose = "caseload (API)"
    return [_out(r) for r in rows]


@blp.route("/", methods=["POST"])
@blp.arguments(NewCaseSchema)
@blp.response(201, CaseSchema)
@requires("casework.open_case")
def create_case(data):
    """Open a case in the caller's city."""
    case_id = service.open_case(exitfi().store, current_user.actor(), current_user.city, **data)
    return _out(case_in_scope(case_id.hex))


@blp.route("/<case_id>")
@blp.response(200, CaseSchema)
@requires("casework.view_case")
def get_case(case_id):
    """Return one case."""
    return _out(case_in_scope(case_id))


@blp.route("/<case_id>/meetings", methods=["POST"])
@blp.arguments(MeetingSchema)
@blp.response(201, CaseSchema)
@blp.alt_response(409, schema="Error", description="the case changed since `version`")
@requires("casework.record_meeting")
def add_meeting(data, case_id):
    """Record a meeting; a stale `version` answers 409 with the current version."""
    row = case_in_scope(case_id)
    version = data.pop("version")
    service.record_meeting(exitfi().store, current_user.actor(), row.case_id, expected_version=version, **data)
    return _out(case_in_scope(case_id))
