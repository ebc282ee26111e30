"""Each outcome measurement on its case's timeline, through casework's own case_timeline hook."""

from __future__ import annotations

from core.toolkit import TimelineEntry, current_store, gettext
from plugins.casework.outcomes.domain import Outcomes, outcomes_id

SHOWN = frozenset({Outcomes.Measured})
# Started with the first measurement, which the timeline shows: a line of its own would say nothing more.
QUIET = frozenset({Outcomes.Started})


def outcome_entries(case_id: str) -> list[TimelineEntry]:
    """Each measurement: its occasion and day, who recorded it, and how many of the set's measures it rated."""
    return [TimelineEntry(e.timestamp, gettext("Outcome measures: %(occasion)s", occasion=gettext(e.occasion)),
                          e.meta.actor_id, e.meta.role, e.meta.reason,
                          gettext("%(day)s · %(rated)s of %(measures)s measures rated", day=e.measured_on.isoformat(),
                                  rated=sum(v is not None for v in e.ratings.values()), measures=len(e.ratings)))
            for e in current_store().events.get(outcomes_id(case_id)) if type(e) in SHOWN]
