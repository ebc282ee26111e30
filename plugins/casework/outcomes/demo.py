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


def _ratings(stage: int, measures) -> dict:
    return {m.name: FIGURES.get(m.name, _steadier(m))[stage] for m in measures}


def _steadier(measure) -> tuple:
    """Figures for a city's own measure: a step up from the worse end, then better, then the best."""
    values = measure.values if measure.higher_is_better else measure.values[::-1]
    return values[1], values[-2], values[-1]


def add_demo_outcomes(store, worker, case_id, day: date, review: bool, measures=DEFAULT_MEASURES) -> None:
    """Give an open demo case its baseline, and a review some weeks later where the work has gone on."""
    service.record_measurement(store, worker, case_id, measures, "baseline", day, _ratings(0, measures), NOTES[0])
    if review:
        service.record_measurement(store, worker, case_id, measures, "review", day + timedelta(days=21),
                                   _ratings(1, measures), NOTES[1])


def add_demo_closure(store, worker, case_id, day: date, measures=DEFAULT_MEASURES) -> None:
    """Give a closed demo case its closure measurement."""
    service.record_measurement(store, worker, case_id, measures, "closure", day, _ratings(2, measures), NOTES[2])
