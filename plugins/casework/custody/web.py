"""What the custody page and API share: the case's custody record as it stands, read for one response."""

from __future__ import annotations

from core.toolkit import NotFoundError, current_store, reveal
from plugins.casework.custody.domain import custody_id


def custody_record(case_id: str):
    """The case's Custody aggregate, or None while the case has no prison pathway."""
    try:
        return current_store().get(custody_id(case_id))
    except NotFoundError:
        return None


def custody_data(case_id: str) -> dict:
    """The case's custody as the API answers it; the agency contact revealed (and the view logged)."""
    c = custody_record(case_id)
    if c is None:
        return {"case_id": case_id, "status": None, "release_dates": [], "history": [], "contact": None, "tasks": [],
                "version": 0}
    contact = None
    if c.contact:
        name, phone, email = c.contact
        contact = {"name": reveal(name, case_id), "phone": reveal(phone, case_id) if phone else None,
                   "email": reveal(email, case_id) if email else None}
    return {"case_id": case_id, "status": c.status, "prison": c.prison, "custody_since": c.custody_since,
            "expected_release": c.expected_release, "release_dates": c.release_dates, "released_on": c.released_on,
            "history": [{"status": s, "since": d, "prison": p} for s, d, p in c.history], "contact": contact,
            "tasks": [{**vars(t), "follows_release": t.offset is not None} for t in c.tasks.values()],
            "version": c.version}
