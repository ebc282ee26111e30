"""Read-side questions about support plans: reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from plugins.casework.plan.domain import OPEN_ACTIONS
from plugins.casework.plan.projections import plan_actions, plans
from plugins.casework.projections import cases


def plan_row(store, case_id: str):
    """Return a case's plan row, or None while the case has no plan."""
    with store.reading() as session:
        return session.execute(select(plans).where(plans.c.case_id == case_id)).first()


def actions_of(store, case_id: str) -> list:
    """A plan's actions in the order they were added."""
    with store.reading() as session:
        return session.execute(select(plan_actions).where(plan_actions.c.case_id == case_id)
                               .order_by(plan_actions.c.number)).all()


@dataclass(frozen=True)
class Due:
    """What the dashboard lists: open actions past their due date, and reviews due by a day; no personal data."""

    actions: list
    reviews: list


def due_on_caseload(store, account, today: date, reviews_by: date, limit: int = 20) -> Due:
    """The overdue actions and the plan reviews due by a day on the account's caseload (its own cases for a worker,
    the city's for a coordinator), oldest first; closed cases are left out."""
    mine = [cases.c.city == account.city]
    if "city_coordinator" not in account.roles:
        mine.append(or_(cases.c.worker_id == account.username, cases.c.second_worker_id == account.username))
    actions = (select(plan_actions.c.case_id, plan_actions.c.number, plan_actions.c.domain, plan_actions.c.owner,
                      plan_actions.c.due_on, plan_actions.c.status, cases.c.kind, cases.c.worker_id)
               .join(cases, cases.c.case_id == plan_actions.c.case_id)
               .where(plan_actions.c.city == account.city, plan_actions.c.case_open.is_(True),
                      plan_actions.c.status.in_(OPEN_ACTIONS), plan_actions.c.due_on < today, *mine)
               .order_by(plan_actions.c.due_on, plan_actions.c.case_id, plan_actions.c.number).limit(limit))
    reviews = (select(plans.c.case_id, plans.c.next_review, cases.c.kind, cases.c.worker_id)
               .join(cases, cases.c.case_id == plans.c.case_id)
               .where(plans.c.city == account.city, plans.c.case_open.is_(True), plans.c.next_review <= reviews_by,
                      *mine)
               .order_by(plans.c.next_review, plans.c.case_id).limit(limit))
    with store.reading() as session:
        return Due(session.execute(actions).all(), session.execute(reviews).all())
