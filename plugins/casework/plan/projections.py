"""Support plans and their actions as rows: the next review and the actions' owners, due dates and statuses, for
the dashboard's list of what is overdue; no personal data."""

from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, DateTime, Index, Integer, String, Table, and_, bindparam, select, true,
                        update)

from core.toolkit import TouchedProjection, insert_rows, metadata, on
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
    to the rows they touch, read in two queries, and the rows are written back at once.
    """

    name = "casework_plans"
    tables = (plans, plan_actions)

    def touched(self, session, events):
        return _Rows.touched_by(session, events)

    @on(SupportPlan.DrawnUp)
    def drawn_up(self, rows, e):
        rows.add_plan({
            "case_id": e.case_id.hex, "plan_id": e.originator_id.hex, "city": e.city, "drawn_up_on": e.drawn_up_on,
            "drawn_up_by": e.meta.actor_id, "next_review": e.next_review, "last_review": None, "goals": 0,
            "actions": 0, "updated_at": e.timestamp, "version": e.originator_version,
            "case_open": True})  # a plan is drawn up for an open case only

    @on(SupportPlan.GoalAdded)
    def goal_added(self, rows, e):
        rows.touch(e, goals=rows.plan(e)["goals"] + 1)

    @on(SupportPlan.GoalAchieved, SupportPlan.GoalDropped)
    def goal_closed(self, rows, e):
        rows.touch(e)

    @on(SupportPlan.ActionAdded)
    def action_added(self, rows, e):
        plan = rows.plan(e)
        rows.add_action({
            "case_id": plan["case_id"], "number": e.number, "city": plan["city"], "goal": e.goal, "domain": e.domain,
            "owner": e.owner, "due_on": e.due_on, "status": "planned", "updated_at": e.timestamp, "case_open": True})
        rows.touch(e, actions=plan["actions"] + 1)

    @on(SupportPlan.ActionStatusChanged)
    def action_moved(self, rows, e):
        rows.change_action(rows.plan(e)["case_id"], e.number, status=e.status, updated_at=e.timestamp)
        rows.touch(e)

    @on(SupportPlan.Reviewed)
    def reviewed(self, rows, e):
        rows.touch(e, last_review=e.held_on, next_review=e.next_review)

    @on(Case.TransferAccepted)
    def transferred(self, rows, e):
        # The plan follows its case to the new city, so the new city's dashboard lists what is due.
        rows.change_case(e.originator_id.hex, city=e.to_city)

    @on(Case.PhaseChanged)
    def moved(self, rows, e):
        rows.change_case(e.originator_id.hex, case_open=is_open_phase(e.phase))

    @on(Case.Closed, Case.FollowUpEnded)
    def closed(self, rows, e):
        rows.change_case(e.originator_id.hex, case_open=False)

    @on(Case.Reopened)
    def reopened(self, rows, e):
        rows.change_case(e.originator_id.hex, case_open=True)


# A case's events reach a plan through its case; these need the case's actions too, as do an action's changes.
_CASE_EVENTS = (Case.TransferAccepted, Case.PhaseChanged, Case.Closed, Case.FollowUpEnded, Case.Reopened)
_PLAN_CHANGES = ("city", "next_review", "last_review", "goals", "actions", "updated_at", "version", "case_open")
_ACTION_CHANGES = ("city", "status", "updated_at", "case_open")
_SET_PLAN = update(plans).where(plans.c.plan_id == bindparam("key_plan_id")).values(
    {c: bindparam(f"new_{c}") for c in _PLAN_CHANGES})
_SET_ACTION = update(plan_actions).where(and_(
    plan_actions.c.case_id == bindparam("key_case_id"), plan_actions.c.number == bindparam("key_number"))).values(
    {c: bindparam(f"new_{c}") for c in _ACTION_CHANGES})
_CHUNK = 500  # ids in one IN list


class _Rows:
    """The plan and action rows a batch of events touches, in memory, and which of them are new or changed."""

    def __init__(self):
        self.plans: dict[str, dict] = {}  # by plan id
        self.plan_of_case: dict[str, str] = {}
        self.actions: dict[tuple[str, int], dict] = {}  # by (case id, number)
        self.actions_of_case: dict[str, list[tuple[str, int]]] = {}
        # In the order the batch made them (dicts, not sets): rows are written in log order, every run alike.
        self.new: dict = {}
        self.changed: dict = {}

    @classmethod
    def touched_by(cls, session, events) -> _Rows:
        """Read the rows the events touch: their plans, and the actions of the cases whose actions they change."""
        rows = cls()
        plan_ids = sorted({e.originator_id.hex for e in events if not isinstance(e, _CASE_EVENTS)})
        case_ids = sorted({e.originator_id.hex for e in events if isinstance(e, _CASE_EVENTS)})
        for column, ids in ((plans.c.plan_id, plan_ids), (plans.c.case_id, case_ids)):
            for chunk in _chunks(ids):
                for row in session.execute(select(plans).where(column.in_(chunk))).mappings():
                    rows.plans[row["plan_id"]] = dict(row)
                    rows.plan_of_case[row["case_id"]] = row["plan_id"]
        moving = {e.originator_id.hex for e in events if isinstance(e, SupportPlan.ActionStatusChanged)}
        wanted = sorted({p["case_id"] for p in rows.plans.values() if p["plan_id"] in moving}
                        | (set(case_ids) & rows.plan_of_case.keys()))
        for chunk in _chunks(wanted):
            for row in session.execute(select(plan_actions).where(plan_actions.c.case_id.in_(chunk))).mappings():
                rows._keep_action(dict(row))
        return rows

    def _keep_action(self, row: dict) -> tuple[str, int]:
        key = (row["case_id"], row["number"])
        self.actions[key] = row
        self.actions_of_case.setdefault(row["case_id"], []).append(key)
        return key

    def plan(self, e) -> dict:
        """The event's plan; a plan's event without its plan is a log this read model cannot follow."""
        return self.plans[e.originator_id.hex]

    def add_plan(self, row: dict) -> None:
        self.plans[row["plan_id"]] = row
        self.plan_of_case[row["case_id"]] = row["plan_id"]
        self.new["plan", row["plan_id"]] = None

    def add_action(self, row: dict) -> None:
        self.new["action", self._keep_action(row)] = None

    def touch(self, e, **values) -> None:
        """Change the event's plan, with the event's time and version."""
        self.plan(e).update(values, updated_at=e.timestamp, version=e.originator_version)
        self.changed["plan", e.originator_id.hex] = None

    def change_action(self, case_id: str, number: int, **values) -> None:
        if (case_id, number) in self.actions:  # as an UPDATE of a row that is not there, nothing
            self.actions[case_id, number].update(values)
            self.changed["action", (case_id, number)] = None

    def change_case(self, case_id: str, **values) -> None:
        """Change the case's plan and all its actions, if it has a plan."""
        plan_id = self.plan_of_case.get(case_id)
        if plan_id is None:
            return
        self.plans[plan_id].update(values)
        self.changed["plan", plan_id] = None
        for key in self.actions_of_case.get(case_id, ()):
            self.change_action(*key, **values)

    def write(self, session) -> None:
        """Insert the new rows and update the changed ones, a statement per table and kind."""
        insert_rows(session, plans, [self.plans[k] for kind, k in self.new if kind == "plan"])
        insert_rows(session, plan_actions, [self.actions[k] for kind, k in self.new if kind == "action"])
        changed = [k for k in self.changed if k not in self.new]
        plan_rows = [self.plans[k] for kind, k in changed if kind == "plan"]
        if plan_rows:
            session.execute(_SET_PLAN, [{"key_plan_id": r["plan_id"], **{f"new_{c}": r[c] for c in _PLAN_CHANGES}}
                                        for r in plan_rows])
        action_rows = [self.actions[k] for kind, k in changed if kind == "action"]
        if action_rows:
            session.execute(_SET_ACTION, [{"key_case_id": r["case_id"], "key_number": r["number"],
                                           **{f"new_{c}": r[c] for c in _ACTION_CHANGES}} for r in action_rows])


def _chunks(ids: list) -> list[list]:
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
