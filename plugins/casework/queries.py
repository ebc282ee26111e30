"""Read-side questions about cases, answered from the case list."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from core.web.guard import exitfi
from plugins.casework.projections import cases


def open_case_count(account) -> int:
    """How many open cases the account sees on its caseload."""
    q = select(func.count()).select_from(cases).where(cases.c.city == account.city, cases.c.phase != "closed")
    if "city_coordinator" not in account.roles:
        q = q.where(cases.c.worker_id == account.username)
    with exitfi().store.reading() as session:
        return session.execute(q).scalar_one()


def locate_case(record_id: str):
    """Return (city, url, permission to open it) of a case, or None when the id is not a case."""
    with exitfi().store.reading() as session:
        city = session.execute(select(cases.c.city).where(cases.c.case_id == record_id)).scalar_one_or_none()
    return (city, url_for("casework.case", case_id=record_id), "casework.view_case") if city else None
