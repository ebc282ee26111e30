"""Read-side questions about agreements: reads only."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from plugins.network.agreement.projections import agreements


def agreement_row(store, agreement_id: str):
    with store.reading() as session:
        return session.execute(select(agreements).where(agreements.c.agreement_id == agreement_id)).first()


def agreement_list(store, city: str | None = None, organisation_id: str | None = None) -> list:
    """Agreements, the ones ending first first, narrowed by city or by a party."""
    query = select(agreements).order_by(agreements.c.ends_on, agreements.c.reference)
    if city:
        query = query.where(agreements.c.city == city)
    if organisation_id:
        query = query.where(agreements.c.parties.like(f"%,{organisation_id},%"))
    with store.reading() as session:
        return session.execute(query).all()


def up_for_renewal(store, city: str | None, today: date) -> list:
    """The city's agreements in force that are up for renewal (or ended within the last 30 days unrenewed)."""
    query = (select(agreements).where(agreements.c.terminated_on.is_(None), agreements.c.renew_by <= today,
                                      agreements.c.ends_on >= today - timedelta(days=30))
             .order_by(agreements.c.ends_on))
    if city:
        query = query.where(agreements.c.city == city)
    with store.reading() as session:
        return session.execute(query).all()
