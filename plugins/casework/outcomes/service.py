"""Outcome use cases: each takes the store and the acting person, and returns simple values."""

from __future__ import annotations

from datetime import date

from core.toolkit import Actor, ConflictError, NotFoundError
from plugins.casework.outcomes.domain import Outcomes, outcomes_id
from plugins.casework.outcomes.measures import Measure


def record_measurement(store, actor: Actor, case_id, measures: tuple[Measure, ...], occasion: str,
                       measured_on: date, ratings: dict, note: str | None = None,
                       expected_version: int | None = None) -> int:
    """Record one occasion's outcome ratings of a case; return the new version of its outcomes.

    `expected_version` is the version the caller saw, 0 before the case's first measurement.
    """
    with store.acting(actor):  # the note is personal data: it stays in the event, not in the log's reason
        case = store.get(case_id)
        try:
            outcomes = store.get(outcomes_id(case.id))
        except NotFoundError:
            outcomes = None
        current = outcomes.version if outcomes else 0
        if expected_version is not None and expected_version != current:
            raise ConflictError(outcomes_id(case.id), expected_version, current)
        outcomes = outcomes or Outcomes.start(case)
        outcomes.record(case, measures, occasion, measured_on, ratings, note)
        store.save(outcomes)
    return outcomes.version
