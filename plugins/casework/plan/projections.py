"""Support plans and their actions as rows: the next review and the actions' owners, due dates and statuses, for
the dashboard's list of what is overdue; no personal data."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table, true

from core.toolkit import TouchedProjection, TouchedRows, TouchedTables, metadata, on
from plugins.casework.domain import Case, is_open_phase
from plugins.casework.plan.domain import SupportPlan

plans = Table(
    "casework_plans",
    metadata,
    Column("case_id", String(32), primary_key=True),  # one plan per case
    Column("plan_id", String(32), nullable=False, unique=True),
    Column("city", String(40), nullable=False),
    Column("drawn_up_on", Date, nullable=False),
    Column("drawn_up_by", String(64), nullable=False),
    Column("next_review", Date, nullable=False),
    Column("last_review", Date, nullable=True),
    Column("goals", Integer, nullable=False),
    Column("actions", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # False once the case is closed or in follow-up: its plan stays, but nothing of it is due any more.
    Column("case_open", Boolean, nullable=False, server_default=true()),
    Index("casework_plans_reviews_due", "city", "case_open", "next_review"),  # the reviews due, on the dashboard
)

plan_actions = Table(
    "casework_plan_actions",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("city", String(40), nullable=False),
    Column("goal", Integer, nullable=False),
    Column("domain", String(40), nullable=False),
    Column("owner", String(200), nullable=False),  # the organisation that owns the action
    Column("due_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("case_open", Boolean, nullable=False, server_default=true()),  # as the plan's
    # The overdue actions, on the dashboard, oldest first (the key's columns too: the order needs no table read).
    Index("casework_plan_actions_due", "city", "case_open", "status", "due_on", "case_id", "number"),
)


class PlanList(TouchedProjection):
    """Each case's plan with its next review, and each action with its owner, due date and status.

    Its handlers change rows in memory: the events of a batch (a rebuild's thousands, a command's few) are applied
    to the rows they touch, read at once, and the rows are written back at once.
    """

    name = "casework_plans"
    tables = (plans, plan_actions)

    def touched(self, session, events):
        # Plans are keyed by case and a plan's events name the plan; a case's events change all its actions.
        rows = TouchedTables(TouchedRows(plans, by=("plan_id",)), TouchedRows(plan_actions, by=("case_id",)))
        case_ids = {e.originator_id.hex for e in events if isinstance(e, _CASE_EVENTS)}
        rows[plans].read(session, plans.c.plan_id, [e.originator_id.hex for e in events
                                                     if not isinstance(e, _CASE_EVENTS)])
        rows[plans].read(session, plans.c.case_id, case_ids)
        # The actions a batch changes: those of a status change, and all of a case that moves, closes or reopens.
        moving = {e.originator_id.hex for e in events if isinstance(e, SupportPlan.ActionStatusChanged)}
        found = (rows[plans].found("plan_id", plan_id) for plan_id in moving)
        wanted = {plan["case_id"] for plan in found if plan is not None}
        rows[plan_actions].read(session, plan_actions.c.case_id,
                                wanted | {c for c in case_ids if rows[plans].get(c) is not None})
        return rows

    @on(SupportPlan.DrawnUp)
    def drawn_up(self, rows, e):
        rows[plans].add({
            "case_id": e.case_id.hex, "plan_id": e.originator_id.hex, "city": e.city, "drawn_up_on": e.drawn_up_on,
            "drawn_up_by": e.meta.actor_id, "next_review": e.next_review, "last_review": None, "goals": 0,
            "actions": 0, "updated_at": e.timestamp, "version": e.originator_version,
            "case_open": True})  # a plan is drawn up for an open case only

    @on(SupportPlan.GoalAdded)
    def goal_added(self, rows, e):
        _touch(rows, e, goals=_plan(rows, e)["goals"] + 1)

    @on(SupportPlan.GoalAchieved, SupportPlan.GoalDropped)
    def goal_closed(self, rows, e):
        _touch(rows, e)

    @on(SupportPlan.ActionAdded)
    def action_added(self, rows, e):
        plan = _plan(rows, e)
        rows[plan_actions].add({
            "case_id": plan["case_id"], "number": e.number, "city": plan["city"], "goal": e.goal, "domain": e.domain,
            "owner": e.owner, "due_on": e.due_on, "status": "planned", "updated_at": e.timestamp, "case_open": True})
        _touch(rows, e, actions=plan["actions"] + 1)

    @on(SupportPlan.ActionStatusChanged)
    def action_moved(self, rows, e):
        rows[plan_actions].change(_plan(rows, e)["case_id"], e.number, status=e.status, updated_at=e.timestamp)
        _touch(rows, e)

    @on(SupportPlan.Reviewed)
    def reviewed(self, rows, e):
        _touch(rows, e, last_review=e.held_on, next_review=e.next_review)

    @on(Case.TransferAccepted)
    def transferred(self, rows, e):
        # The plan follows its case to the new city, so the new city's dashboard lists what is due.
        _change_case(rows, e.originator_id.hex, city=e.to_city)

    @on(Case.PhaseChanged)
    def moved(self, rows, e):
        _change_case(rows, e.originator_id.hex, case_open=is_open_phase(e.phase))

    @on(Case.Closed, Case.FollowUpEnded)
    def closed(self, rows, e):
        _change_case(rows, e.originator_id.hex, case_open=False)

    @on(Case.Reopened)
    def reopened(self, rows, e):
        _change_case(rows, e.originator_id.hex, case_open=True)


# A case's events reach a plan through its case (most cases have none: then nothing is written).
_CASE_EVENTS = (Case.TransferAccepted, Case.PhaseChanged, Case.Closed, Case.FollowUpEnded, Case.Reopened)


def _plan(rows, e) -> dict:
    """The event's plan; a plan's event without its plan is a log this read model cannot follow."""
    plan = rows[plans].found("plan_id", e.originator_id.hex)
    if plan is None:
        raise LookupError(f"no support plan {e.originator_id.hex} for its {type(e).__name__}")
    return plan


def _touch(rows, e, **values) -> None:
    """Change the event's plan, with the event's time and version."""
    rows[plans].change(_plan(rows, e)["case_id"], updated_at=e.timestamp, version=e.originator_version, **values)


def _change_case(rows, case_id: str, **values) -> None:
    """Change the case's plan and all its actions, if it has a plan."""
    if rows[plans].change(case_id, **values) is not None:
        for action in rows[plan_actions].having("case_id", case_id):
            rows[plan_actions].change(case_id, action["number"], **values)
