"""Demonstration outcome measurements: invented figures that improve from baseline to closure."""

from __future__ import annotations

from datetime import date, timedelta

from plugins.casework.outcomes import service
from plugins.casework.outcomes.measures import DEFAULT_MEASURES

# measure: (baseline, review, closure); None where the worker did not know at the time
FIGURES = {
    "contact_with_group": (3, 1, 0),
    "violence_or_offending": (1, 0, 0),
    "attitude_to_violence": (2, 1, 0),
    "housing": (1, 2, 3),
    "work_or_education": (0, 1, 2),
    "social_network": (1, 2, 3),
    "mental_health_engagement": (None, 1, 2),
    "workers_judgement": (2, 3, 4),
    "clients_own_rating": (4, 6, 8),
}
NOTES = ("Figures from the first two meetings; the client did not want to talk about care yet.",
         "The client has a lease and goes to a course; sees one old friend from the group by chance.",
         "Works part time and lives alone; says life is steadier than in years.")


def _ratings(stage: int) -> dict:
    return {name: figures[stage] for name, figures in FIGURES.items()}


def add_demo_outcomes(store, worker, case_id, day: date, review: bool) -> None:
    """Give an open demo case its baseline, and a review some weeks later where the work has gone on."""
    service.record_measurement(store, worker, case_id, DEFAULT_MEASURES, "baseline", day, _ratings(0), NOTES[0])
    if review:
        service.record_measurement(store, worker, case_id, DEFAULT_MEASURES, "review", day + timedelta(days=21),
                                   _ratings(1), NOTES[1])


def add_demo_closure(store, worker, case_id, day: date) -> None:
    """Give a closed demo case its closure measurement."""
    service.record_measurement(store, worker, case_id, DEFAULT_MEASURES, "closure", day, _ratings(2), NOTES[2])
