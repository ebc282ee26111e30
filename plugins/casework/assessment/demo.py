"""Demonstration assessments: invented evidence about invented people, two finalised ones to compare."""

from __future__ import annotations

from plugins.casework.assessment import service
from plugins.casework.assessment.instrument import EXIT_PATHWAYS

# (indicator, first rating, second rating, evidence)
RATINGS = (
    ("contact_with_group", 3, 1, "Meets the group's members weekly; later only one old friend, by chance."),
    ("ties_outside_group", 1, 2, "A cousin and a football team; later a new circle at the course."),
    ("housing_need", 2, 2, "Lives on a friend's couch; the lease application is still pending."),
    ("motivation_to_leave", 2, 3, "Says the group took years from them; later asks for help with the past."),
)


def add_demo_assessments(store, city, coordinator, worker, case_id, finalised: int) -> None:
    """Give a demo case `finalised` finalised assessments, or an open one; where the city requires approval,
    the first is approved and the last awaits it."""
    required = bool(city.options.get("assessment_approval", False))
    for round_ in range(max(finalised, 1)):
        assessment_id = service.start_assessment(store, worker, case_id, EXIT_PATHWAYS, required)
        for indicator, first, second, evidence in RATINGS:
            service.rate(store, worker, assessment_id, EXIT_PATHWAYS, indicator, second if round_ else first,
                         evidence, "client", "probable" if round_ else "unconfirmed",
                         "Judged from two meetings and what the client told.")
        if round_ < finalised:
            service.finalise(store, worker, assessment_id,
                             "Contact with the group is falling; housing is the need to work on next.")
            if required and round_ == 0 and finalised > 1:
                service.approve(store, coordinator, assessment_id)
