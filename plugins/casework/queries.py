"""Read-side questions about cases, answered from the case list: reads only."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from plugins.casework.projections import cases


def case_row(store, case_id: str):
    """Return a case-list row, or None."""
    with store.reading() as session:
        return session.execute(select(cases).where(cases.c.case_id == case_id)).first()


def caseload(store, account, limit: int) -> list:
    """The cases an account works on: assigned ones for workers, the whole city for coordinators."""
    q = select(cases).where(cases.c.city == account.city).order_by(cases.c.updated_at.desc())
    if "city_coordinator" not in account.roles:
        q = q.where(_works_on(account))
    with store.reading() as session:
        return session.execute(q.limit(limit)).all()


def open_case_count(store, account) -> int:
    """How many open cases the account sees on its caseload."""
    q = select(func.count()).select_from(cases).where(cases.c.city == account.city, cases.c.phase != "closed")
    if "city_coordinator" not in account.roles:
        q = q.where(_works_on(account))
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


def _works_on(account):
    """The cases an exit worker works on: as their own worker or as the second one."""
    return or_(cases.c.worker_id == account.username, cases.c.second_worker_id == account.username)
