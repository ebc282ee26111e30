"""Emergency access ("break the glass"): one record outside one's scope, for an hour, with a reason."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import Column, DateTime, String, Table, Text, select

from core.errors import ValidationError
from core.events import Actor, Aggregate, event
from core.keyset import after, place, read_place
from core.projections import Projection, on
from core.tables import metadata
from core.topics import formerly

EMERGENCY_MINUTES = 60


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


# Grants recorded while emergency access shared core/access.py with the access log carry these topics.
formerly("core.access:EmergencyAccess", EmergencyAccess)
formerly("core.access:EmergencyAccess.GlassBroken", EmergencyAccess.GlassBroken)

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


class EmergencyGrants(Projection):
    """The emergency grants, for the guard, the coordinator's dashboard and auditors."""

    name = "exitfi_emergency"
    tables = (emergency_access,)
    decides_access = True

    @on(EmergencyAccess.GlassBroken)
    def glass_broken(self, session, e):
        session.execute(emergency_access.insert().values(
            grant_id=e.originator_id.hex, at=e.timestamp, user_id=e.meta.actor_id, record_id=e.record_id,
            record_city=e.record_city, reason=e.reason, until=e.until))


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


def emergency_grants(store, city: str | None, limit: int = 50, before: tuple | None = None):
    """Emergency grants in a city (all cities for None), newest first; `before` (a grant's place, `grant_place`)
    starts after that grant, so that a review reaches every one a page at a time."""
    t = emergency_access
    q = select(t).order_by(t.c.at.desc(), t.c.grant_id.desc()).limit(limit)
    if city:
        q = q.where(t.c.record_city == city)
    if before:
        q = q.where(after((t.c.at, t.c.grant_id), before))
    with store.reading() as session:
        return session.execute(q).all()


def grant_place(grant) -> str:
    """Where a grant stands, newest first, as a page link names it."""
    return place(grant.at, grant.grant_id)


def read_grant_place(text: str) -> tuple | None:
    """The (time, grant) a page link names; None for anything `grant_place` did not write."""
    return read_place(text, 1)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
