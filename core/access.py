"""The access log (who viewed whose data, when, where, why) and emergency access ("break the glass")."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import Column, DateTime, Index, String, Table, Text, select

from core import signals
from core.errors import ValidationError
from core.events import Actor, Aggregate, event
from core.projections import Projection, on
from core.tables import metadata

EMERGENCY_MINUTES = 60


class AccessEntry(Aggregate):
    """One response that showed personal data to one user: sealed in the log like any event."""

    class PersonalDataViewed(Aggregate.Created):
        persons: list  # [{"person_id": hex, "record_id": str | None}, ...]: one response may show many
        page: str
        purpose: str

        @property
        def shown(self) -> list[tuple[uuid.UUID, str | None]]:
            """The persons shown, with the record each was shown in."""
            return [(uuid.UUID(p["person_id"]), p["record_id"]) for p in self.persons]

    @event(PersonalDataViewed)
    def __init__(self, persons: list, page: str, purpose: str):
        self.persons = persons


class EmergencyAccess(Aggregate):
    """Access outside one's scope, granted to oneself with a reason and flagged to the coordinator."""

    class GlassBroken(Aggregate.Created):
        record_id: str
        record_city: str
        reason: str
        until: datetime

    @event(GlassBroken)
    def __init__(self, record_id: str, record_city: str, reason: str, until: datetime):
        self.record_id = record_id


access_log = Table(
    "exitfi_access_log", metadata,
    Column("entry_id", String(32), primary_key=True),
    Column("person_id", String(32), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("user_id", String(64), nullable=False, index=True),
    Column("role", String(40), nullable=False),
    Column("city", String(40), nullable=True),
    Column("record_id", String(64), nullable=True),
    Index("exitfi_access_log_person", "person_id", "at"),
    Column("page", String(200), nullable=False),
    Column("purpose", Text, nullable=False),
)

emergency_access = Table(
    "exitfi_emergency_access", metadata,
    Column("grant_id", String(32), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_id", String(64), nullable=False, index=True),
    Column("record_id", String(64), nullable=False, index=True),
    Column("record_city", String(40), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("until", DateTime(timezone=True), nullable=False),
)


class AccessRegister(Projection):
    """The access log and the emergency grants, for auditors, coordinators and the person."""

    name = "exitfi_access"
    tables = (access_log, emergency_access)

    @on(AccessEntry.PersonalDataViewed)
    def viewed(self, session, e):
        session.execute(access_log.insert(), [dict(
            entry_id=e.originator_id.hex, at=e.timestamp, user_id=e.meta.actor_id, role=e.meta.role,
            city=e.meta.city, person_id=p["person_id"], record_id=p["record_id"], page=e.page, purpose=e.purpose)
            for p in e.persons])

    @on(EmergencyAccess.GlassBroken)
    def glass_broken(self, session, e):
        session.execute(emergency_access.insert().values(
            grant_id=e.originator_id.hex, at=e.timestamp, user_id=e.meta.actor_id, record_id=e.record_id,
            record_city=e.record_city, reason=e.reason, until=e.until))


def record_views(store, actor: Actor, shown: dict, page: str, purpose: str, request_id: str | None = None) -> None:
    """Write one access-log event for a response, naming every person shown and the record they were shown in."""
    persons = [{"person_id": uuid.UUID(str(p)).hex, "record_id": r} for p, r in sorted(shown.items())]
    with store.acting(actor, reason=purpose, request_id=request_id):
        store.save(AccessEntry(persons=persons, page=page[:200], purpose=purpose))
    for person_id in shown:
        signals.personal_data_viewed.send(store, person_id=person_id, user_id=actor.user_id, page=page, purpose=purpose)


def break_glass(store, actor: Actor, record_id: str, record_city: str, reason: str,
                now: datetime | None = None) -> datetime:
    """Grant the actor emergency access to one record for an hour; the reason is required."""
    if not reason or len(reason.strip()) < 10:
        raise ValidationError({"reason": ["say why you need access now (at least 10 characters)"]})
    until = (now or datetime.now(timezone.utc)) + timedelta(minutes=EMERGENCY_MINUTES)
    with store.acting(actor, reason=reason.strip()):
        store.save(EmergencyAccess(record_id=str(record_id), record_city=record_city, reason=reason.strip(), until=until))
    return until


def has_emergency_access(store, user_id: str, record_id: str, now: datetime | None = None) -> bool:
    """Whether the user holds a live emergency grant for the record."""
    now = now or datetime.now(timezone.utc)
    with store.reading() as session:
        rows = session.execute(select(emergency_access.c.until).where(
            emergency_access.c.user_id == user_id, emergency_access.c.record_id == str(record_id))).all()
    return any(_aware(r.until) > now for r in rows)


def emergency_grants(store, city: str | None, limit: int = 50):
    """Recent emergency grants in a city (all cities for None), newest first."""
    q = select(emergency_access).order_by(emergency_access.c.at.desc()).limit(limit)
    if city:
        q = q.where(emergency_access.c.record_city == city)
    with store.reading() as session:
        return session.execute(q).all()


def access_entries(store, person_id=None, user_id=None, day_from=None, day_to=None, limit: int = 500):
    """Access-log entries filtered by person, user and date range, newest first."""
    q = select(access_log).order_by(access_log.c.at.desc()).limit(limit)
    if person_id:
        q = q.where(access_log.c.person_id == uuid.UUID(str(person_id)).hex)
    if user_id:
        q = q.where(access_log.c.user_id == user_id)
    if day_from:
        q = q.where(access_log.c.at >= datetime.combine(day_from, datetime.min.time(), timezone.utc))
    if day_to:
        q = q.where(access_log.c.at < datetime.combine(day_to + timedelta(days=1), datetime.min.time(), timezone.utc))
    with store.reading() as session:
        return session.execute(q).all()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def access_report(store, person_id) -> list[dict]:
    """A person's own access report (Act 703/2023): who viewed their data, when, where and why."""
    return [{"at": e.at.isoformat(), "user": e.user_id, "role": e.role, "city": e.city, "page": e.page,
             "purpose": e.purpose} for e in access_entries(store, person_id=person_id, limit=100_000)]
