"""An assessment's milestones on its case's timeline, through casework's own case_timeline hook."""

from __future__ import annotations

import uuid

from core.toolkit import TimelineEntry, current_store, gettext, lazy_gettext
from plugins.casework.assessment.domain import Assessment
from plugins.casework.assessment.queries import assessments_of
from plugins.casework.assessment.web import instruments

MILESTONES = {
    Assessment.Started: lazy_gettext("Assessment started"),
    Assessment.Rated: lazy_gettext("Indicator rated"),
    Assessment.Finalised: lazy_gettext("Assessment finalised"),
    Assessment.Approved: lazy_gettext("Assessment approved"),
}
SHOWN = frozenset(MILESTONES)


def assessment_entries(case_id: str) -> list[TimelineEntry]:
    """Each assessment of the case started, each indicator rated (its value; the evidence and reasoning stay on the
    assessment's page), finalised and approved, with who did it."""
    store, offered = current_store(), instruments()
    return [TimelineEntry(e.timestamp, str(MILESTONES[type(e)]), e.meta.actor_id, e.meta.role, e.meta.reason,
                          _detail(e, row, offered.get(row.instrument)))
            for row in assessments_of(store, case_id)
            for e in store.events.get(uuid.UUID(row.assessment_id)) if type(e) in MILESTONES]


def _detail(e, row, instrument) -> str:
    on = f"{row.instrument} {row.instrument_version}"
    if not isinstance(e, Assessment.Rated):
        return on
    # The indicator by its label where the city still offers the instrument, else by its name.
    labels = {i.name: i.label for i in instrument.indicators} if instrument else {}
    indicator = gettext(labels[e.indicator]) if e.indicator in labels else e.indicator
    return f"{on} · {indicator}: {e.rating}"
