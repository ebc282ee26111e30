"""What the training pages and API share: records of the user's city, the city's options and instruments."""

from __future__ import annotations

from flask import abort

from core.toolkit import (NotFoundError, Widget, by_name, city_hook, city_settings, current_cities, current_store,
                          current_user, gettext, showing)
from plugins.training import options
from plugins.training.queries import request_row, session_row


def own_city(record_city: str) -> None:
    """Refuse a record outside the user's city: 404 for another city's, 403 for national roles.

    Training records are the city's, not a caseload's: every holder of the permission in the city opens them.
    """
    if current_user.city is None:
        abort(403)  # national roles see the reports' figures, not records
    if record_city != current_user.city:
        abort(404)  # another city's record: its existence must not leak


def session_in_city(session_id: str):
    """The session's row if it is of the user's city (404 or 403 otherwise)."""
    row = session_row(current_store(), session_id)
    if row is None:
        raise NotFoundError(f"no session {session_id}")
    own_city(row.city)
    showing(row.session_id)
    return row


def request_in_city(request_id: str):
    """The request's row if it is of the user's city (404 or 403 otherwise)."""
    row = request_row(current_store(), request_id)
    if row is None:
        raise NotFoundError(f"no request {request_id}")
    own_city(row.city)
    return row


def report_cities() -> tuple[str, ...]:
    """The cities a report covers: the user's own, or every city running training for national roles."""
    if current_user.city:
        return (current_user.city,)
    return tuple(slug for slug, city in current_cities().items() if "training" in city.plugins)


def retention() -> int:
    return options.retention_months(city_settings())


def small() -> int:
    """The smallest count a report shows: the strictest of the covered cities' settings."""
    return max((options.small_count(current_cities().get(city)) for city in report_cities()),
               default=options.SMALL_COUNT)


def instruments() -> dict:
    """The assessment instruments the user's city offers, by name."""
    return by_name(city_hook().assessment_instruments(), "instrument")


def case_panel(case) -> Widget:
    """The panel that says in which assessment instruments the case's workers are trained."""
    def context():
        from plugins.training.queries import qualifications_of
        store, offered = current_store(), instruments()
        named = [w for w in (case.get("worker_id"), case.get("second_worker_id")) if w]
        return {"workers": [(w, [gettext(offered[q.instrument].label) if q.instrument in offered else q.instrument
                                 for q in qualifications_of(store, username=w)]) for w in named]}
    return Widget("training/case_panel.html", "training.view", context)
