"""Safety on its case's timeline: each revision of the plan, each escalation and its acknowledgement."""

from __future__ import annotations

from core.toolkit import TimelineEntry, current_store, gettext, lazy_gettext, reveal
from plugins.casework.safety.domain import PROVISIONS, SafetyPlan, plan_id

LABELS = {
    SafetyPlan.Revised: lazy_gettext("Safety plan recorded"),
    SafetyPlan.Escalated: lazy_gettext("Escalation recorded"),
    SafetyPlan.Acknowledged: lazy_gettext("Escalation acknowledged by the coordinator"),
}
SHOWN = frozenset(LABELS)
# Started with the first plan or escalation, which the timeline shows: a line of its own would say nothing more.
QUIET = frozenset({SafetyPlan.Started})


def safety_entries(case_id: str) -> list[TimelineEntry]:
    """The case's safety-plan revisions (what was agreed, revealed and logged) and escalations."""
    def detail(e) -> str | None:
        if isinstance(e, SafetyPlan.Revised):
            return f"{e.reviewed_on.isoformat()} · {reveal(e.measures, case_id)}"
        if isinstance(e, SafetyPlan.Escalated):
            return f"{gettext(e.recipient)} · {e.escalated_on.isoformat()}"
        return None

    def reason(e) -> str | None:
        # The log's reason of an escalation is its legal basis, a code value: shown with its provision, translated.
        if isinstance(e, SafetyPlan.Escalated):
            return f"{gettext(e.legal_basis)} ({gettext(PROVISIONS[e.legal_basis])})"
        return e.meta.reason
    return [TimelineEntry(e.timestamp, str(LABELS[type(e)]), e.meta.actor_id, e.meta.role, reason(e), detail(e))
            for e in current_store().events.get(plan_id(case_id)) if type(e) in LABELS]
