"""The outcome routes' rows of the authorization matrix (joined to casework's in routes.py)."""

from __future__ import annotations

from datetime import date

from core.testing.matrix import Records, Route
from plugins.casework.outcomes import service
from plugins.casework.outcomes.measures import DEFAULT_MEASURES
from plugins.casework.outcomes.queries import outcomes_version

DAY = date(2026, 11, 2)


class MeasuredCases(Records):
    """Casework's cases with a baseline, so that a review always lands: reviews may follow one another on one day."""

    noun, key = "case", "case_id"

    def __init__(self, cases: Records):
        self.cases = cases

    # The matrix asks for the rows more than once: each answer's records must be the same kind of record.
    def __eq__(self, other):
        return isinstance(other, MeasuredCases) and other.cases is self.cases

    def __hash__(self):
        return hash((MeasuredCases, id(self.cases)))

    def create(self, world, city, assignee):
        case_id = self.cases.create(world, city, assignee)
        coordinator = world.account(f"coordinator.{city}").actor()
        service.record_measurement(world.store, coordinator, case_id, DEFAULT_MEASURES, "baseline", DAY,
                                   {"housing": 1})
        return case_id

    def version(self, world, case_id):
        return outcomes_version(world.store, case_id)


def review(user: str, version: int) -> dict:
    return {"occasion": "review", "measured_on": DAY.isoformat(), "ratings": {"housing": 2}, "version": version}


def review_form(user: str, version: int) -> dict:
    return {"occasion": "review", "measured_on": DAY.isoformat(), "ratings.housing": "2", "version": str(version)}


def outcome_rows(cases_records: Records) -> dict:
    """The rows, on casework's cases given a baseline."""
    measured = MeasuredCases(cases_records)
    return {
        "casework_outcomes.outcomes": Route("casework.view_case", {"GET": 200}, scope=measured),
        "casework_outcomes.record_measurement": Route("casework.manage_case", {"POST": 302}, scope=measured,
                                                      lands=True, body=review_form),
        "api_casework_outcomes.get_outcomes": Route("casework.view_case", {"GET": 200}, scope=measured),
        "api_casework_outcomes.record_measurement": Route("casework.manage_case", {"POST": 201}, scope=measured,
                                                          body=review),
    }
