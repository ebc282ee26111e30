"""The prison pathway's JSON API under /api/v1/cases/<case_id>/custody."""

from __future__ import annotations

from core.toolkit import ApiBlueprint, current_store, current_user, requires
from plugins.casework.custody import service
from plugins.casework.custody.schemas import (AgencyContactSchema, CustodySchema, ReleaseDateSchema, ReleaseSchema,
                                              StatusSchema, TaskDoneSchema, TaskSchema)
from plugins.casework.custody.web import custody_data
from plugins.casework.web import case_in_scope, found_first

blp = ApiBlueprint("api_casework_custody", __name__, url_prefix="/api/v1", description="Prison pathway")
CONFLICT = {"schema": "Error", "description": "the custody record changed since `version`"}


case_first = found_first(lambda case_id: case_in_scope(case_id).case_id, "case_id", "case_id")


def _acting():
    return current_store(), current_user.actor()


@blp.route("/cases/<case_id>/custody")
@requires("casework.view_case")
@blp.response(200, CustodySchema)
def get_custody(case_id):
    """Return the case's custody status and history, release dates, agency contact and handover tasks."""
    return custody_data(case_in_scope(case_id).case_id)


@blp.route("/cases/<case_id>/custody/status", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(StatusSchema)
@blp.response(200, CustodySchema)
@blp.alt_response(409, **CONFLICT)
def record_status(data, case_id):
    """Record the custody status from a day on; `version` is 0 for a case's first one."""
    service.record_status(*_acting(), case_id, data["status"], data["since"], data["prison"],
                          expected_version=data["version"])
    return custody_data(case_id)


@blp.route("/cases/<case_id>/custody/release-date", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(ReleaseDateSchema)
@blp.response(200, CustodySchema)
@blp.alt_response(409, **CONFLICT)
def set_release_date(data, case_id):
    """Set or move the expected release date; open tasks that follow it move with it."""
    service.set_release_date(*_acting(), case_id, data["expected_on"], expected_version=data["version"])
    return custody_data(case_id)


@blp.route("/cases/<case_id>/custody/release", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(ReleaseSchema)
@blp.response(200, CustodySchema)
@blp.alt_response(409, **CONFLICT)
def record_release(data, case_id):
    """Record the day the client was released."""
    service.record_release(*_acting(), case_id, data["released_on"], expected_version=data["version"])
    return custody_data(case_id)


@blp.route("/cases/<case_id>/custody/contact", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(AgencyContactSchema)
@blp.response(200, CustodySchema)
@blp.alt_response(409, **CONFLICT)
def record_contact(data, case_id):
    """Record the Criminal Sanctions Agency's contact person for the client."""
    service.record_contact(*_acting(), case_id, data["name"], data["phone"], data["email"],
                           expected_version=data["version"])
    return custody_data(case_id)


@blp.route("/cases/<case_id>/custody/tasks", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(TaskSchema)
@blp.response(200, CustodySchema)
@blp.alt_response(409, **CONFLICT)
def add_task(data, case_id):
    """Add a handover task, due on a day or by its kind's default offset from the release date."""
    service.add_task(*_acting(), case_id, data["kind"], data["owner"], data["due_on"],
                     expected_version=data["version"])
    return custody_data(case_id)


@blp.route("/cases/<case_id>/custody/tasks/done", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(TaskDoneSchema)
@blp.response(200, CustodySchema)
@blp.alt_response(409, **CONFLICT)
def complete_task(data, case_id):
    """Mark a handover task done."""
    service.complete_task(*_acting(), case_id, data["task"], data["done_on"], expected_version=data["version"])
    return custody_data(case_id)
