"""An assessment's milestones on its case's timeline, through casework's own case_timeline hook."""

from __future__ import annotations

import uuid

from core.toolkit import TimelineEntry, current_store, lazy_gettext
from plugins.casework.assessment.domain import Assessment
from plugins.casework.assessment.queries import assessments_of

MILESTONES = {
    Assessment.Started: lazy_gettext("Assessment started"),
    Assessment.Finalised: lazy_gettext("Assessment finalised"),
    Assessment.Approved: lazy_gettext("Assessment approved"),
}


def assessment_entries(case_id: str) -> list[TimelineEntry]:
    """Each assessment of the case started, finalised and approved, with who did it."""
    store = current_store()
    return [TimelineEntry(e.timestamp, str(MILESTONES[type(e)]), e.meta.actor_id, e.meta.role, e.meta.reason,
                          f"{row.instrument} {row.instrument_version}")
            for row in assessments_of(store, case_id)
            for e in store.events.get(uuid.UUID(row.assessment_id)) if type(e) in MILESTONES]
