"""Read-side questions about support plans: reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from plugins.casework.plan.domain import OPEN_ACTIONS
from plugins.casework.plan.projections import plan_actions, plans
from plugins.casework.projections import cases
from plugins.casework.queries import own_cases


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
    with store.reading() as session:
        # A worker's few cases first, then their plans by key: walking the city's due-date index for them read
        # most of the city's overdue actions before finding a worker's twenty.
        theirs = own_cases(session, account)
        actions_in, plans_in = ((), ()) if theirs is None else ((plan_actions.c.case_id.in_(theirs),),
                                                                 (plans.c.case_id.in_(theirs),))
        # One query per open status, each walking its part of the due-date index oldest first and stopping at
        # `limit`: with both statuses in one query, every overdue action of the city was read and sorted.
        actions = [select(plan_actions.c.case_id, plan_actions.c.number, plan_actions.c.domain, plan_actions.c.owner,
                          plan_actions.c.due_on, plan_actions.c.status, cases.c.kind, cases.c.worker_id)
                   .join(cases, cases.c.case_id == plan_actions.c.case_id)
                   .where(plan_actions.c.city == account.city, plan_actions.c.case_open.is_(True),
                          plan_actions.c.status == status, plan_actions.c.due_on < today, *actions_in)
                   .order_by(plan_actions.c.due_on, plan_actions.c.case_id, plan_actions.c.number).limit(limit)
                   for status in OPEN_ACTIONS]
        reviews = (select(plans.c.case_id, plans.c.next_review, cases.c.kind, cases.c.worker_id)
                   .join(cases, cases.c.case_id == plans.c.case_id)
                   .where(plans.c.city == account.city, plans.c.case_open.is_(True),
                          plans.c.next_review <= reviews_by, *plans_in)
                   .order_by(plans.c.next_review, plans.c.case_id).limit(limit))
        overdue = sorted((row for query in actions for row in session.execute(query)),
                         key=lambda row: (row.due_on, row.case_id, row.number))
        return Due(overdue[:limit], session.execute(reviews).all())
