"""Casework's JSON API under /api/v1/cases: it only translates between JSON and the use cases."""

from __future__ import annotations

from functools import wraps

from core.toolkit import (N_, ApiBlueprint, ValidationError, api_error, city_hook, current_store, current_user,
                          prefetch, purpose, requires, reveal)
from plugins.casework import service
from plugins.casework.domain import PossibleDuplicate
from plugins.casework.duplicates import log_warning
from plugins.casework.queries import case_row, caseload, incoming_transfers
from plugins.casework.schemas import (CaseFilterSchema, CasePageSchema, CaseSchema, MeetingSchema, NewCaseSchema,
                                      TransferAnswerSchema, TransferSchemaOut, cursor)
from plugins.casework.commands import COMMANDS, setting
from plugins.casework.kinds import kinds_of
from plugins.casework.web import case_in_scope, transfer_waiting

blp = ApiBlueprint("api_casework", __name__, url_prefix="/api/v1/cases", description="Cases")


def _out(row) -> dict:
    data = dict(row._mapping)
    data["pseudonym"] = reveal(row.pseudonym, row.case_id)
    return data


def transfer_first(view):
    """Answer 404 for a case no transfer waits for in the caller's city, before the body is read."""

    @wraps(view)
    def waiting(*args, case_id, **kwargs):
        transfer_waiting(case_id)
        return view(*args, case_id=case_id, **kwargs)

    return waiting


def case_first(view):
    """Refuse a case outside the caller's scope before the body is read (404 or 403, never a 422)."""

    @wraps(view)
    def scoped(*args, case_id, **kwargs):
        return view(*args, row=case_in_scope(case_id), **kwargs)

    return scoped


@blp.route("/")
@requires("casework.view_case")
@blp.arguments(CaseFilterSchema, location="query", as_kwargs=False)
@blp.response(200, CasePageSchema)
def list_cases(narrowed):
    """List the caller's caseload (assigned cases; the whole city for coordinators), most recently changed first,
    narrowed as the case list page is, a page at a time: `next` is the `after` of the page after this one."""
    kinds = kinds_of(city_hook()).names
    if narrowed.kind and narrowed.kind not in kinds:
        raise ValidationError({"kind": [f"must be one of {', '.join(kinds)}"]})
    rows = caseload(current_store(), current_user, API_PAGE + 1, narrowed)
    page = rows[:API_PAGE]
    prefetch([r.pseudonym for r in page])
    purpose(N_("caseload (API)"))
    return {"cases": [_out(r) for r in page], "next": cursor(page[-1]) if len(rows) > API_PAGE else None}


API_PAGE = 200


@blp.route("/", methods=["POST"])
@requires("casework.open_case")
@blp.arguments(NewCaseSchema)
@blp.response(201, CaseSchema)
@blp.alt_response(409, schema="Error", description="possible_duplicate: a case of the city may concern the same "
                  "person; send `open_anyway: true` to open this one all the same")
def create_case(data):
    """Open a case in the caller's city; a possible duplicate (same full name and birth date) answers 409."""
    case_id = service.open_case(current_store(), current_user.actor(), current_user.city, **data,
                                kinds=kinds_of(city_hook()).names)
    return _out(case_in_scope(case_id.hex))


@blp.errorhandler(PossibleDuplicate)
def possible_duplicate(e):
    """The warning names no case, client or worker: only when each matching case was opened and where it is now."""
    log_warning(e.found)
    return api_error(409, "possible_duplicate", "a case of your city may concern the same person (same full name "
                     "and birth date); ask your coordinator, or send open_anyway: true to open this one anyway",
                     cases=[{"opened": m.opened_at.strftime("%Y-%m"), "phase": m.phase} for m in e.found])


@blp.route("/<case_id>")
@requires("casework.view_case")
@blp.response(200, CaseSchema)
def get_case(case_id):
    """Return one case."""
    return _out(case_in_scope(case_id))


@blp.route("/<case_id>/meetings", methods=["POST"])
@requires("casework.record_meeting")
@case_first
@blp.arguments(MeetingSchema)
@blp.response(201, CaseSchema)
@blp.alt_response(409, schema="Error", description="the case changed since `version`")
def add_meeting(data, row):
    """Record a contact with the client, held or missed; a stale `version` answers 409 with the current version."""
    version = data.pop("version")
    service.record_meeting(current_store(), current_user.actor(), row.case_id, expected_version=version, **data)
    return _out(case_in_scope(row.case_id))


def _command_endpoint(command):
    """An API endpoint for one command on a case; a stale `version` answers 409 with the current version."""

    def run(data, row):
        command.run(current_store(), current_user.actor(), row.case_id, data, setting())
        return _out(case_in_scope(row.case_id))

    run.__name__ = run.__qualname__ = f"api_{command.name}"
    run.__doc__ = getattr(service, command.name).__doc__
    endpoint = blp.alt_response(409, schema="Error", description="the case changed since `version`")(run)
    endpoint = blp.response(200, CaseSchema)(endpoint)
    endpoint = blp.arguments(command.schema)(endpoint)
    endpoint = requires(command.permission)(case_first(endpoint))
    blp.route(f"/<case_id>/{command.path}", methods=["POST"], endpoint=command.name)(endpoint)


for _command in COMMANDS:
    _command_endpoint(_command)


@blp.route("/transfers")
@requires("casework.transfer")
@blp.response(200, TransferSchemaOut(many=True))
def list_transfers():
    """The cases other cities ask the caller's city to take over (no personal data before they are accepted)."""
    return [dict(r._mapping) for r in incoming_transfers(current_store(), current_user.city)]


@blp.route("/transfers/<case_id>", methods=["POST"])
@requires("casework.transfer")
@transfer_first
@blp.arguments(TransferAnswerSchema)
@blp.response(200, TransferSchemaOut)
@blp.alt_response(409, schema="Error", description="the case changed since `version`")
def answer_transfer(data, case_id):
    """Take a case over from another city (it becomes the caller's city's), or decline it with a reason."""
    service.answer_transfer(current_store(), current_user.actor(), case_id, data["accept"], data["reason"],
                            expected_version=data["version"])
    row = case_row(current_store(), case_id)
    return {"case_id": row.case_id, "city": row.city, "kind": row.kind, "phase": row.phase, "version": row.version}
