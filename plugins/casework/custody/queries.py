"""Read-side questions about the prison pathway: reads only, none of them personal data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from plugins.casework.custody.projections import custody, handover_tasks
from plugins.casework.projections import cases


def custody_row(store, case_id: str):
    """A case's custody row, or None while the case has no prison pathway."""
    with store.reading() as session:
        return session.execute(select(custody).where(custody.c.case_id == case_id)).first()


def tasks_of(store, case_id: str) -> list:
    """A case's handover tasks, open ones first, each by its due day."""
    with store.reading() as session:
        return session.execute(select(handover_tasks).where(handover_tasks.c.case_id == case_id).order_by(
            handover_tasks.c.done_on.is_not(None), handover_tasks.c.due_on, handover_tasks.c.number)).all()


def releases_ahead(store, account, today: date, until: date, limit: int = 20) -> list:
    """The expected releases from today to a day on the account's caseload (a coordinator's: the city's)."""
    q = (select(custody.c.case_id, custody.c.expected_release, custody.c.status, cases.c.kind, cases.c.worker_id)
         .join(cases, cases.c.case_id == custody.c.case_id)
         .where(custody.c.city == account.city, custody.c.expected_release >= today,
                custody.c.expected_release <= until)
         .order_by(custody.c.expected_release))
    return _read(store, _caseload(q, account), limit)


def tasks_due(store, account, by: date, limit: int = 20) -> list:
    """The open handover tasks due by a day, overdue ones first, on the account's caseload."""
    q = (select(handover_tasks.c.case_id, handover_tasks.c.kind, handover_tasks.c.owner, handover_tasks.c.due_on,
                cases.c.worker_id)
         .join(cases, cases.c.case_id == handover_tasks.c.case_id)
         .where(handover_tasks.c.city == account.city, handover_tasks.c.done_on.is_(None),
                handover_tasks.c.due_on <= by)
         .order_by(handover_tasks.c.due_on, handover_tasks.c.case_id, handover_tasks.c.number))
    return _read(store, _caseload(q, account), limit)


def _caseload(q, account):
    if "city_coordinator" in account.roles:
        return q
    return q.where(or_(cases.c.worker_id == account.username, cases.c.second_worker_id == account.username))


def _read(store, q, limit):
    with store.reading() as session:
        return session.execute(q.limit(limit)).all()
