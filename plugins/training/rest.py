"""Training's JSON API under /api/v1/training: requests, sessions, participants and instrument training."""

from __future__ import annotations

from functools import wraps

from core.toolkit import ApiBlueprint, current_store, current_user, requires
from plugins.training import queries, service
from plugins.training.schemas import (AttendanceSchema, CancellationSchema, DeclineSchema, RegisteredSchema,
                                      RegistrationSchema, RequestOutSchema, RequestSchema, ScheduleSchema,
                                      SessionDetailSchema, SessionOutSchema, SessionSchema, VersionSchema)
from plugins.training.organisations import from_directory
from plugins.training.web import request_in_city, retention, session_in_city

blp = ApiBlueprint("api_training", __name__, url_prefix="/api/v1/training", description="Training")
CONFLICT = {"schema": "Error", "description": "the record changed since `version`"}


def request_first(view):
    """Refuse a request outside the caller's city before the body is read (404 or 403, never a 422)."""

    @wraps(view)
    def scoped(*args, request_id, **kwargs):
        return view(*args, found=request_in_city(request_id), **kwargs)

    return scoped


def session_first(view):
    """Refuse a session outside the caller's city before the body is read."""

    @wraps(view)
    def scoped(*args, session_id, **kwargs):
        return view(*args, found=session_in_city(session_id), **kwargs)

    return scoped


def _detail(session_id: str) -> dict:
    """A session with its participants: organisation, sector, role and status, never a name or contact."""
    row = queries.session_row(current_store(), session_id)
    return {**row._mapping, "participants": queries.participants_of(current_store(), session_id)}


@blp.route("/requests")
@requires("training.view")
@blp.response(200, RequestOutSchema(many=True))
def list_requests():
    """List the city's requests, the newest first."""
    return queries.requests_of(current_store(), current_user.city or "")


@blp.route("/requests", methods=["POST"])
@requires("training.request")
@blp.arguments(RequestSchema)
@blp.response(201, RequestOutSchema)
def make_request(data):
    """Record an organisation's request for training or practical support in the caller's city."""
    data = from_directory(current_store(), current_user.city, data)
    request_id = service.make_request(current_store(), current_user.actor(), current_user.city, **data)
    return queries.request_row(current_store(), request_id.hex)


@blp.route("/requests/<request_id>")
@requires("training.view")
@blp.response(200, RequestOutSchema)
def get_request(request_id):
    """Return one request."""
    return request_in_city(request_id)


@blp.route("/requests/<request_id>/acceptance", methods=["POST"])
@requires("training.manage")
@request_first
@blp.arguments(VersionSchema)
@blp.response(200, RequestOutSchema)
@blp.alt_response(409, **CONFLICT)
def accept_request(data, found):
    """Accept an open request; a stale `version` answers 409 with the current version."""
    service.accept_request(current_store(), current_user.actor(), found.request_id, expected_version=data["version"])
    return queries.request_row(current_store(), found.request_id)


@blp.route("/requests/<request_id>/decline", methods=["POST"])
@requires("training.manage")
@request_first
@blp.arguments(DeclineSchema)
@blp.response(200, RequestOutSchema)
@blp.alt_response(409, **CONFLICT)
def decline_request(data, found):
    """Decline a request with a reason."""
    service.decline_request(current_store(), current_user.actor(), found.request_id, data["reason"],
                            expected_version=data["version"])
    return queries.request_row(current_store(), found.request_id)


@blp.route("/requests/<request_id>/session", methods=["POST"])
@requires("training.manage")
@request_first
@blp.arguments(ScheduleSchema)
@blp.response(201, SessionDetailSchema)
@blp.alt_response(409, **CONFLICT)
def schedule_request(data, found):
    """Answer a request with a session planned for it."""
    version = data.pop("version")
    session_id = service.schedule_request(current_store(), current_user.actor(), found.request_id, retention(),
                                          expected_version=version, **data)
    return _detail(session_id.hex)


@blp.route("/sessions")
@requires("training.view")
@blp.response(200, SessionOutSchema(many=True))
def list_sessions():
    """List the city's sessions by date."""
    return queries.sessions_of(current_store(), current_user.city or "")


@blp.route("/sessions", methods=["POST"])
@requires("training.manage")
@blp.arguments(SessionSchema)
@blp.response(201, SessionDetailSchema)
def plan_session(data):
    """Plan a session in the caller's city."""
    session_id = service.plan_session(current_store(), current_user.actor(), current_user.city, retention(), **data)
    return _detail(session_id.hex)


@blp.route("/sessions/<session_id>")
@requires("training.view")
@blp.response(200, SessionDetailSchema)
def get_session(session_id):
    """Return one session with its participants (organisation, sector, role, status; no names)."""
    return _detail(session_in_city(session_id).session_id)


@blp.route("/sessions/<session_id>/participants", methods=["POST"])
@requires("training.manage")
@session_first
@blp.arguments(RegistrationSchema)
@blp.response(201, RegisteredSchema)
@blp.alt_response(409, **CONFLICT)
def register(data, found):
    """Register a participant; beyond the capacity they join the waiting list. Answers their feedback code."""
    data = from_directory(current_store(), found.city, data)
    participant_id, code, waiting = service.register(
        current_store(), current_user.actor(), found.session_id, data["organisation"], data["sector"], data["role"],
        data["name"], data["contact"], expected_version=data["version"])
    return {"participant_id": participant_id.hex, "waiting": waiting, "feedback_code": code,
            "version": queries.session_row(current_store(), found.session_id).version}


@blp.route("/sessions/<session_id>/cancellation", methods=["POST"])
@requires("training.manage")
@session_first
@blp.arguments(CancellationSchema)
@blp.response(200, SessionDetailSchema)
@blp.alt_response(409, **CONFLICT)
def cancel(data, found):
    """Cancel a registration; the first on the waiting list gets the seat."""
    service.cancel(current_store(), current_user.actor(), found.session_id, data["participant_id"],
                   expected_version=data["version"])
    return _detail(found.session_id)


@blp.route("/sessions/<session_id>/attendance", methods=["POST"])
@requires("training.manage")
@session_first
@blp.arguments(AttendanceSchema)
@blp.response(200, SessionDetailSchema)
@blp.alt_response(409, **CONFLICT)
def mark_attendance(data, found):
    """Mark whether a participant attended; refused before the session is held."""
    service.mark_attendance(current_store(), current_user.actor(), found.session_id, data["participant_id"],
                            data["attended"], expected_version=data["version"])
    return _detail(found.session_id)
