"""Read-side questions about cases, answered from the case list: reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select

from plugins.casework.custody.projections import custody, handover_tasks
from plugins.casework.plan.domain import OPEN_ACTIONS
from plugins.casework.plan.projections import plan_actions, plans
from plugins.casework.projections import cases


def case_row(store, case_id: str):
    """Return a case-list row, or None."""
    with store.reading() as session:
        return session.execute(select(cases).where(cases.c.case_id == case_id)).first()


@dataclass(frozen=True)
class CaseFilter:
    """What a case list is narrowed to; `after` is the last row of the page before (its time and id)."""

    phase: str | None = None
    kind: str | None = None
    worker: str | None = None
    due_by: date | None = None  # follow-up reviews due by this day (overdue ones included)
    after: tuple[datetime, str] | None = None
    overdue_on: date | None = None  # something of the case was due before this day and is not done


def caseload(store, account, limit: int, narrowed: CaseFilter = CaseFilter()) -> list:
    """The cases an account works on (assigned ones for workers, the whole city for coordinators), most recently
    changed first, a page at a time: the next page starts after the last row of this one."""
    q = select(cases).where(caseload_of(account)).order_by(cases.c.updated_at.desc(), cases.c.case_id.desc())
    if narrowed.phase:
        q = q.where(cases.c.phase == narrowed.phase)
    if narrowed.kind:
        q = q.where(cases.c.kind == narrowed.kind)
    if narrowed.worker:
        q = q.where(or_(cases.c.worker_id == narrowed.worker, cases.c.second_worker_id == narrowed.worker))
    if narrowed.due_by:
        q = q.where(cases.c.next_follow_up <= narrowed.due_by)
    if narrowed.overdue_on:
        q = q.where(_overdue(account.city, narrowed.overdue_on))
    if narrowed.after:
        moment, case_id = narrowed.after
        q = q.where(or_(cases.c.updated_at < moment, and_(cases.c.updated_at == moment, cases.c.case_id < case_id)))
    with store.reading() as session:
        return session.execute(q.limit(limit)).all()


def follow_ups_due(store, account, by: date, limit: int = 20) -> list:
    """The follow-up reviews due by a day (overdue first) on the account's caseload: no personal data."""
    with store.reading() as session:
        theirs = own_cases(session, account)
        # A worker's few cases by key: ordered by the due date, the query walked the city's reviews due for them.
        scope = cases.c.city == account.city if theirs is None else cases.c.case_id.in_(theirs)
        q = (select(cases.c.case_id, cases.c.kind, cases.c.next_follow_up, cases.c.worker_id)
             .where(scope, cases.c.next_follow_up <= by).order_by(cases.c.next_follow_up))
        return session.execute(q.limit(limit)).all()


def open_case_count(store, account) -> int:
    """How many open cases the account sees on its caseload."""
    q = select(func.count()).select_from(cases).where(caseload_of(account), cases.c.phase != "closed")
    with store.reading() as session:
        return session.execute(q).scalar_one()


def city_of_case(store, case_id: str) -> str | None:
    """The city a case belongs to, or None when there is no such case."""
    with store.reading() as session:
        return session.execute(select(cases.c.city).where(cases.c.case_id == case_id)).scalar_one_or_none()


def incoming_transfers(store, city: str) -> list:
    """The cases other cities ask this city to take over: no personal data, only what deciding needs."""
    q = select(cases.c.case_id, cases.c.city, cases.c.kind, cases.c.phase, cases.c.version).where(
        cases.c.transfer_to == city).order_by(cases.c.updated_at)
    with store.reading() as session:
        return session.execute(q).all()


def own_cases(session, account) -> list[str] | None:
    """The ids of an exit worker's cases (their own or as the second worker); None for a coordinator, whose lists
    cover the whole city. A worker's dashboard lists start from these, found by the caseload indexes."""
    if "city_coordinator" in account.roles:
        return None
    return session.execute(select(cases.c.case_id).where(caseload_of(account))).scalars().all()


def caseload_of(account):
    """The cases on an account's caseload: the whole city for a coordinator, else the city's cases the exit worker
    works on, as their own worker or as the second one."""
    if "city_coordinator" in account.roles:
        return cases.c.city == account.city
    # The city in each branch: each is then one index's search (SQLite reads them as a MULTI-INDEX OR); written
    # as `city = ? AND (worker OR second worker)` it walks every case of the city in the order of the list.
    return or_(and_(cases.c.city == account.city, cases.c.worker_id == account.username),
               and_(cases.c.city == account.city, cases.c.second_worker_id == account.username))


def _overdue(city: str, today: date):
    """Cases with something past its day: a follow-up review, or while the case is open a plan action or review, or
    a release handover task. Each set is found through its own due-date index, never by reading the whole city."""
    actions = select(plan_actions.c.case_id).where(plan_actions.c.city == city, plan_actions.c.case_open.is_(True),
                                                   plan_actions.c.status.in_(OPEN_ACTIONS),
                                                   plan_actions.c.due_on < today)
    reviews = select(plans.c.case_id).where(plans.c.city == city, plans.c.case_open.is_(True),
                                            plans.c.next_review < today)
    tasks = (select(custody.c.case_id).join(custody, custody.c.custody_id == handover_tasks.c.custody_id)
             .where(handover_tasks.c.city == city, handover_tasks.c.done_on.is_(None), handover_tasks.c.due_on < today))
    return or_(cases.c.next_follow_up < today, cases.c.case_id.in_(tasks), cases.c.case_id.in_(actions),
               cases.c.case_id.in_(reviews))
