"""Meeting pages: the list with the form to record one, and one meeting with its outcomes and follow-ups."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, request, url_for

from core.toolkit import (ConflictError, NotFoundError, ValidationError, current_store, current_user, finnish_today,
                          gettext, render, requires, showing)
from plugins.network.meeting import service
from plugins.network.meeting.domain import KINDS
from plugins.network.meeting.queries import meeting_list, meeting_row
from plugins.network.meeting.schemas import (FollowUpDoneSchema, NewFollowUpSchema, NewNetworkMeetingSchema,
                                             MeetingOutcomesSchema)
from plugins.network.queries import organisation_list
from plugins.network.web import city_names, known_cities, own_city, typed, typed_form

bp = Blueprint("network_meeting", __name__, url_prefix="/network/meetings")
REFUSED = (ma.ValidationError, ValidationError)


def organisations() -> dict:
    return {r.organisation_id: r.name for r in organisation_list(current_store())}


def _list_page(form=None, errors=None, conflict=False, status=200):
    return render("network/meetings.html", rows=meeting_list(current_store()), form=form or {},
                  errors=errors or {}, conflict=conflict, kinds=KINDS, cities=city_names(),
                  organisations=organisations()), status


@bp.get("/")
@requires("network.view")
def meetings():
    """Network meetings and community dialogue events, the latest first, with the form to record one."""
    return _list_page()


@bp.post("/")
@requires("network.manage")
def record_meeting():
    """Record a meeting; the form keeps what was typed when something is wrong."""
    form = {**typed_form(), "attending": request.form.getlist("attending")}
    try:
        data = NewNetworkMeetingSchema().load({**typed(), "attending": request.form.getlist("attending")})
        meeting_id = service.record_meeting(current_store(), current_user.actor(), **data,
                                            known_cities=known_cities(), known_organisations=organisations())
    except REFUSED as e:
        return _list_page(form, e.messages, status=422)
    except ConflictError:
        return _list_page(form, {}, True, 409)
    flash(gettext("The meeting was recorded."), "info")
    return redirect(url_for("network_meeting.meeting", meeting_id=meeting_id.hex))


def meeting_or_404(meeting_id: str, changing: bool = False):
    """The meeting's row, or 404; one to change must be of the user's city (another city's answers 404)."""
    row = meeting_row(current_store(), meeting_id)
    if row is None:
        raise NotFoundError(f"no meeting {meeting_id}")
    if changing:
        own_city(row.city, "meeting", meeting_id)
    showing(row.meeting_id)
    return row


def _page(row, command=None, form=None, errors=None, conflict=None, status=200):
    meeting = current_store().get(row.meeting_id)
    return render("network/meeting.html", row=row, follow_ups=list(meeting.follow_ups.values()), command=command,
                  form=form or {}, errors=errors or {}, conflict=conflict, organisations=organisations(),
                  cities=city_names()), status


@bp.get("/<meeting_id>")
@requires("network.view")
def meeting(meeting_id):
    """One meeting: who attended, the topics, the outcomes and the actions agreed."""
    return _page(meeting_or_404(meeting_id))


def _command(name, path, schema, run, done):
    @requires("network.manage")
    def command(meeting_id):
        row = meeting_or_404(meeting_id, changing=True)
        try:
            run(row, schema().load(typed()))
        except REFUSED as e:
            return _page(row, name, typed_form(), e.messages, status=422)
        except ConflictError as e:
            return _page(meeting_or_404(meeting_id, changing=True), name, typed_form(), conflict=e, status=409)
        flash(str(done()), "info")
        return redirect(url_for("network_meeting.meeting", meeting_id=row.meeting_id))

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name).__doc__
    bp.add_url_rule(f"/<meeting_id>/{path}", endpoint=name, view_func=command, methods=["POST"])


_command("record_outcomes", "outcomes", MeetingOutcomesSchema,
         lambda row, d: service.record_outcomes(current_store(), current_user.actor(), row.meeting_id, d["outcomes"],
                                                finnish_today(), expected_version=d["version"]),
         lambda: gettext("The outcomes were recorded."))
_command("agree_follow_up", "follow-ups", NewFollowUpSchema,
         lambda row, d: service.agree_follow_up(current_store(), current_user.actor(), row.meeting_id, d["action"],
                                                d["owner"], d["due_on"], expected_version=d["version"]),
         lambda: gettext("The action was agreed."))
_command("mark_done", "follow-ups/done", FollowUpDoneSchema,
         lambda row, d: service.mark_done(current_store(), current_user.actor(), row.meeting_id, d["number"],
                                          expected_version=d["version"]),
         lambda: gettext("The action was marked done."))
