"""Read-side questions about the directory: reads only."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from plugins.network.projections import contacts, organisations, services


def _contains(column, code: str):
    return column.like(f"%,{code},%")


def organisation_row(store, organisation_id: str):
    """Return an organisation's row, or None."""
    with store.reading() as session:
        return session.execute(select(organisations).where(organisations.c.organisation_id == organisation_id)
                               ).first()


def organisation_list(store, city: str | None = None, type: str | None = None, text: str | None = None,
                      member: bool | None = None) -> list:
    """Organisations by name, narrowed by a city they cover, their type, a part of their name or membership."""
    query = select(organisations).order_by(organisations.c.name_key)
    if city:
        query = query.where(_contains(organisations.c.cities, city))
    if type:
        query = query.where(organisations.c.type == type)
    if text:
        query = query.where(organisations.c.name_key.contains(text.casefold(), autoescape=True))
    if member is not None:
        query = query.where(organisations.c.member == member)
    with store.reading() as session:
        return session.execute(query).all()


def service_search(store, city: str | None = None, category: str | None = None, language: str | None = None,
                   text: str | None = None, active: bool | None = True) -> list:
    """Services with their organisation's name, by organisation and service name, narrowed as asked."""
    query = (select(services, organisations.c.name.label("organisation"))
             .join(organisations, organisations.c.organisation_id == services.c.organisation_id)
             .order_by(organisations.c.name_key, services.c.name, services.c.service_id))
    if active is not None:
        query = query.where(services.c.active == active)
    if city:
        query = query.where(_contains(services.c.cities, city))
    if category:
        query = query.where(services.c.category == category)
    if language:
        query = query.where(_contains(services.c.languages, language))
    for word in (text or "").casefold().split():
        query = query.where(or_(services.c.search.contains(word, autoescape=True),
                                organisations.c.name_key.contains(word, autoescape=True)))
    with store.reading() as session:
        return session.execute(query).all()


def service_row(store, service_id: str):
    """Return a service's row with its organisation's name, or None."""
    with store.reading() as session:
        return session.execute(
            select(services, organisations.c.name.label("organisation"))
            .join(organisations, organisations.c.organisation_id == services.c.organisation_id)
            .where(services.c.service_id == service_id)).first()


def services_of(store, organisation_id: str) -> list:
    """An organisation's services, active ones first."""
    with store.reading() as session:
        return session.execute(select(services).where(services.c.organisation_id == organisation_id)
                               .order_by(services.c.active.desc(), services.c.name)).all()


def contacts_of(store, organisation_id: str) -> list:
    """An organisation's contact persons, in the order they were added."""
    with store.reading() as session:
        return session.execute(select(contacts).where(contacts.c.organisation_id == organisation_id,
                                                      contacts.c.removed_on.is_(None))
                               .order_by(contacts.c.contact_id)).all()


def contact_row(store, organisation_id: str, contact_id: str):
    """Return a contact person's row if the organisation has them, or None."""
    with store.reading() as session:
        return session.execute(select(contacts).where(and_(contacts.c.contact_id == contact_id,
                                                           contacts.c.organisation_id == organisation_id,
                                                           contacts.c.removed_on.is_(None)))).first()
