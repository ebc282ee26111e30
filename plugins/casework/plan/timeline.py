"""A support plan's milestones on its case's timeline, through casework's own case_timeline hook."""

from __future__ import annotations

from core.toolkit import TimelineEntry, current_store, gettext, lazy_gettext
from plugins.casework.plan.domain import SupportPlan, plan_id_of
from plugins.casework.plan.queries import plan_row

MILESTONES = {
    SupportPlan.DrawnUp: lazy_gettext("Support plan drawn up"),
    SupportPlan.GoalAdded: lazy_gettext("Goal added to the plan"),
    SupportPlan.GoalAchieved: lazy_gettext("Goal achieved"),
    SupportPlan.GoalDropped: lazy_gettext("Goal dropped"),
    SupportPlan.ActionAdded: lazy_gettext("Action added to the plan"),
    SupportPlan.ActionStatusChanged: lazy_gettext("Action status changed"),
    SupportPlan.Reviewed: lazy_gettext("Support plan reviewed"),
}
SHOWN = frozenset(MILESTONES)


def plan_entries(case_id: str) -> list[TimelineEntry]:
    """The plan drawn up, each goal added, achieved or dropped (with its domain), each action added or moved on (with
    its owner and due date; what is to be done stays on the plan's page), and each review held."""
    store = current_store()
    if plan_row(store, case_id) is None:
        return []
    events = list(store.events.get(plan_id_of(case_id)))
    domains = {e.number: e.domain for e in events if isinstance(e, SupportPlan.GoalAdded)}
    return [TimelineEntry(e.timestamp, str(MILESTONES[type(e)]), e.meta.actor_id, e.meta.role, e.meta.reason,
                          _detail(e, domains)) for e in events if type(e) in MILESTONES]


def _detail(e, domains) -> str | None:
    if isinstance(e, SupportPlan.Reviewed):
        return gettext("held on %(day)s; next review %(next)s", day=e.held_on.isoformat(),
                       next=e.next_review.isoformat())
    if isinstance(e, SupportPlan.DrawnUp):
        return gettext("first review %(next)s", next=e.next_review.isoformat())
    if isinstance(e, SupportPlan.ActionAdded):
        return gettext("action %(number)s · goal %(goal)s · %(owner)s · due %(day)s", number=e.number, goal=e.goal,
                       owner=e.owner, day=e.due_on.isoformat())
    if isinstance(e, SupportPlan.ActionStatusChanged):
        return gettext("action %(number)s · %(status)s", number=e.number, status=gettext(e.status))
    if hasattr(e, "number"):
        return gettext("goal %(number)s · %(domain)s", number=e.number, domain=gettext(domains[e.number]))
    return None
