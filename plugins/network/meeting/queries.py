"""Read-side questions about meetings: reads only."""

from __future__ import annotations

from sqlalchemy import select

from plugins.network.meeting.projections import meetings


def meeting_row(store, meeting_id: str):
    with store.reading() as session:
        return session.execute(select(meetings).where(meetings.c.meeting_id == meeting_id)).first()


def meeting_list(store, city: str | None = None, organisation_id: str | None = None) -> list:
    """Meetings, the latest first, narrowed by city or by an organisation that attended."""
    query = select(meetings).order_by(meetings.c.held_on.desc(), meetings.c.title)
    if city:
        query = query.where(meetings.c.city == city)
    if organisation_id:
        query = query.where(meetings.c.attending.like(f"%,{organisation_id},%"))
    with store.reading() as session:
        return session.execute(query).all()
