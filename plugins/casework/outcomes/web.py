"""What the outcome page and API share: the city's measures, and a case's measurements with their changes."""

from __future__ import annotations

from core.toolkit import NotFoundError, city_hook, current_store
from plugins.casework.outcomes.domain import matrix, outcomes_id
from plugins.casework.outcomes.measures import measures_of
from plugins.casework.outcomes.queries import measurements_of, outcomes_version


def city_measures() -> tuple:
    """The outcome measures of the user's city: casework's first, then those its city's plugins add."""
    return measures_of(city_hook())


def outcomes_of(case_id: str) -> dict:
    """A case's measurements in order with their notes (still sealed), the city's measures, one row of cells per
    measure, and the version a new measurement is based on."""
    measures = city_measures()
    rows = measurements_of(current_store(), case_id)
    try:  # the notes are personal data: they stay in the log, encrypted, and are revealed where shown
        notes = [m.note for m in current_store().get(outcomes_id(case_id)).measurements]
    except NotFoundError:
        notes = []
    return {"rows": rows, "notes": notes, "measures": measures, "cells": matrix(rows, measures),
            "version": outcomes_version(current_store(), case_id)}
