"""Support plans and their actions as rows: the next review and the actions' owners, due dates and statuses, for
the dashboard's list of what is overdue; no personal data."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table, and_, true, update

from core.toolkit import Projection, metadata, on
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


class PlanList(Projection):
    """Each case's plan with its next review, and each action with its owner, due date and status."""

    name = "casework_plans"
    tables = (plans, plan_actions)

    @on(SupportPlan.DrawnUp)
    def drawn_up(self, session, e):
        session.execute(plans.insert().values(
            case_id=e.case_id.hex, plan_id=e.originator_id.hex, city=e.city, drawn_up_on=e.drawn_up_on,
            drawn_up_by=e.meta.actor_id, next_review=e.next_review, goals=0, actions=0, updated_at=e.timestamp,
            version=e.originator_version, case_open=True))  # a plan is drawn up for an open case only

    def _touch(self, session, e, **values):
        session.execute(update(plans).where(plans.c.plan_id == e.originator_id.hex).values(
            updated_at=e.timestamp, version=e.originator_version, **values))

    def _case_of(self, session, e) -> tuple[str, str]:
        row = session.execute(plans.select().with_only_columns(plans.c.case_id, plans.c.city)
                              .where(plans.c.plan_id == e.originator_id.hex)).one()
        return row.case_id, row.city

    @on(SupportPlan.GoalAdded)
    def goal_added(self, session, e):
        self._touch(session, e, goals=plans.c.goals + 1)

    @on(SupportPlan.GoalAchieved, SupportPlan.GoalDropped)
    def goal_closed(self, session, e):
        self._touch(session, e)

    @on(SupportPlan.ActionAdded)
    def action_added(self, session, e):
        case_id, city = self._case_of(session, e)
        session.execute(plan_actions.insert().values(
            case_id=case_id, number=e.number, city=city, goal=e.goal, domain=e.domain, owner=e.owner,
            due_on=e.due_on, status="planned", updated_at=e.timestamp, case_open=True))
        self._touch(session, e, actions=plans.c.actions + 1)

    @on(SupportPlan.ActionStatusChanged)
    def action_moved(self, session, e):
        case_id, _city = self._case_of(session, e)
        session.execute(update(plan_actions).where(and_(plan_actions.c.case_id == case_id,
                                                        plan_actions.c.number == e.number))
                        .values(status=e.status, updated_at=e.timestamp))
        self._touch(session, e)

    @on(SupportPlan.Reviewed)
    def reviewed(self, session, e):
        self._touch(session, e, last_review=e.held_on, next_review=e.next_review)

    @on(Case.TransferAccepted)
    def transferred(self, session, e):
        # The plan follows its case to the new city, so the new city's dashboard lists what is due.
        for table in (plans, plan_actions):
            session.execute(update(table).where(table.c.case_id == e.originator_id.hex).values(city=e.to_city))

    @on(Case.PhaseChanged)
    def moved(self, session, e):
        self._case_is_open(session, e, is_open_phase(e.phase))

    @on(Case.Closed, Case.FollowUpEnded)
    def closed(self, session, e):
        self._case_is_open(session, e, False)

    @on(Case.Reopened)
    def reopened(self, session, e):
        self._case_is_open(session, e, True)

    def _case_is_open(self, session, e, is_open: bool) -> None:
        # The dashboard lists what is due on open cases: without this, a closed case's actions stay overdue for
        # ever, and the list had to look up every one of them in the case list to leave them out.
        for table in (plans, plan_actions):
            session.execute(update(table).where(table.c.case_id == e.originator_id.hex).values(case_open=is_open))

