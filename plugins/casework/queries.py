"""Read-side questions about cases, answered from the case list."""

from __future__ import annotations

import json

from flask import abort, g, url_for
from sqlalchemy import func, select

from core.extensions import RecordLocation
from core.vault import Personal
from core.web.guard import exitfi, in_scope
from plugins.casework.projections import cases


def pseudonym_of(row) -> Personal:
    """The sealed pseudonym of a case-list row."""
    return Personal(row.client_id, "identity", token=json.loads(row.pseudonym))


def case_in_scope(case_id: str):
    """Return a case-list row the current user may open (404 or 403 otherwise) and note it as the record shown."""
    with exitfi().store.reading() as session:
        row = session.execute(select(cases).where(cases.c.case_id == case_id)).first()
    if row is None:
        abort(404)
    in_scope(row.city, row.worker_id, row.case_id)
    g.record_id = row.case_id
    return row


def caseload(account, limit: int) -> list:
    """The cases an account works on: assigned ones for workers, the whole city for coordinators."""
    q = select(cases).where(cases.c.city == account.city).order_by(cases.c.updated_at.desc())
    if "city_coordinator" not in account.roles:
        q = q.where(cases.c.worker_id == account.username)
    with exitfi().store.reading() as session:
        return session.execute(q.limit(limit)).all()


def open_case_count(account) -> int:
    """How many open cases the account sees on its caseload."""
    q = select(func.count()).select_from(cases).where(cases.c.city == account.city, cases.c.phase != "closed")
    if "city_coordinator" not in account.roles:
        q = q.where(cases.c.worker_id == account.username)
    with exitfi().store.reading() as session:
        return session.execute(q).scalar_one()


def locate_case(record_id: str) -> RecordLocation | None:
    """Return where a case lives and the permission to open it, or None when the id is not a case."""
    with exitfi().store.reading() as session:
        city = session.execute(select(cases.c.city).where(cases.c.case_id == record_id)).scalar_one_or_none()
    return RecordLocation(city, url_for("casework.case", case_id=record_id), "casework.view_case") if city else None
