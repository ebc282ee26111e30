"""What the assessment pages and API share: the assessment in the user's scope, its instrument, the city's rule."""

from __future__ import annotations

from core.toolkit import (NotFoundError, by_name, city_hook, city_settings, current_store, current_user, in_scope,
                          showing)
from plugins.casework.assessment.queries import assessment_row
from plugins.casework.options import rating_requires_training
from plugins.casework.queries import case_row


def instruments() -> dict:
    """The instruments the user's city offers, by name."""
    return by_name(city_hook().assessment_instruments(), "instrument")


def instrument_of(row):
    """The instrument an assessment was started on, as the city offers it (404 once it no longer does)."""
    instrument = instruments().get(row.instrument)
    if instrument is None:
        raise NotFoundError(f"no instrument {row.instrument}")
    return instrument


def approval_required() -> bool:
    """Whether the user's city has a coordinator approve each finalised assessment (its configuration says)."""
    settings = city_settings()
    return bool(settings and settings.options.get("assessment_approval", False))


def rater_trained(instrument: str) -> bool | None:
    """Whether the user is trained in an instrument their city lets only trained staff rate (None: anyone may)."""
    if instrument not in rating_requires_training(city_settings()):
        return None
    return any(city_hook().trained_in(store=current_store(), username=current_user.username, instrument=instrument))


def assessment_in_scope(assessment_id: str):
    """Return the assessment's row and its case's row if the user may open the case (404 or 403 otherwise).

    The glass is broken on the assessment itself: the record its page names.
    """
    row = assessment_row(current_store(), assessment_id)
    case = case_row(current_store(), row.case_id) if row else None
    if case is None:
        raise NotFoundError(f"no assessment {assessment_id}")
    in_scope(case.city, (case.worker_id, case.second_worker_id), row.assessment_id)
    showing(case.case_id)
    return row, case
