"""Meetings in the API under /api/v1/network/meetings."""

from __future__ import annotations

from dataclasses import asdict
from functools import wraps

from core.toolkit import ApiBlueprint, current_store, current_user, finnish_today, requires
from plugins.network.meeting import service
from plugins.network.meeting.queries import meeting_list, meeting_row
from plugins.network.meeting.schemas import (FollowUpDoneSchema, NetworkMeetingSchema, NewFollowUpSchema,
                                             NewNetworkMeetingSchema, MeetingOutcomesSchema)
from plugins.network.meeting.views import meeting_or_404, organisations
from plugins.network.projections import unlisted
from plugins.network.web import known_cities

blp = ApiBlueprint("api_network_meeting", __name__, url_prefix="/api/v1/network/meetings",
                   description="Network meetings and community dialogue events")
CONFLICT = {"schema": "Error", "description": "the meeting changed since `version`, or it is already recorded"}


def _shown(row, full: bool = True) -> dict:
    shown = {**row._mapping, "attending": unlisted(row.attending)}
    if full:
        shown["follow_ups"] = [asdict(f) for f in current_store().get(row.meeting_id).follow_ups.values()]
    return shown


def _found(view):
    @wraps(view)
    def found(*args, meeting_id, **kwargs):
        return view(*args, row=meeting_or_404(meeting_id, changing=True), **kwargs)
    return found


@blp.route("/")
@requires("network.view")
@blp.response(200, NetworkMeetingSchema(many=True))
def list_meetings():
    """Network meetings and community dialogue events, the latest first."""
    return [_shown(r, full=False) for r in meeting_list(current_store())]


@blp.route("/", methods=["POST"])
@requires("network.manage")
@blp.arguments(NewNetworkMeetingSchema)
@blp.response(201, NetworkMeetingSchema)
@blp.alt_response(409, **CONFLICT)
def record_meeting(data):
    """Record a meeting with the organisations that attend and the topics."""
    meeting_id = service.record_meeting(current_store(), current_user.actor(), **data, known_cities=known_cities(),
                                        known_organisations=organisations())
    return _shown(meeting_row(current_store(), meeting_id.hex))


@blp.route("/<meeting_id>")
@requires("network.view")
@blp.response(200, NetworkMeetingSchema)
def get_meeting(meeting_id):
    """One meeting with its outcomes and follow-up actions."""
    return _shown(meeting_or_404(meeting_id))


@blp.route("/<meeting_id>/outcomes", methods=["POST"])
@requires("network.manage")
@_found
@blp.arguments(MeetingOutcomesSchema)
@blp.response(200, NetworkMeetingSchema)
@blp.alt_response(409, **CONFLICT)
def record_outcomes(data, row):
    """Record what came of the meeting."""
    service.record_outcomes(current_store(), current_user.actor(), row.meeting_id, data["outcomes"], finnish_today(),
                            expected_version=data["version"])
    return _shown(meeting_row(current_store(), row.meeting_id))


@blp.route("/<meeting_id>/follow-ups", methods=["POST"])
@requires("network.manage")
@_found
@blp.arguments(NewFollowUpSchema)
@blp.response(200, NetworkMeetingSchema)
@blp.alt_response(409, **CONFLICT)
def agree_follow_up(data, row):
    """Agree a follow-up action."""
    service.agree_follow_up(current_store(), current_user.actor(), row.meeting_id, data["action"], data["owner"],
                            data["due_on"], expected_version=data["version"])
    return _shown(meeting_row(current_store(), row.meeting_id))


@blp.route("/<meeting_id>/follow-ups/done", methods=["POST"])
@requires("network.manage")
@_found
@blp.arguments(FollowUpDoneSchema)
@blp.response(200, NetworkMeetingSchema)
@blp.alt_response(409, **CONFLICT)
def mark_done(data, row):
    """Mark a follow-up action done."""
    service.mark_done(current_store(), current_user.actor(), row.meeting_id, data["number"],
                      expected_version=data["version"])
    return _shown(meeting_row(current_store(), row.meeting_id))
