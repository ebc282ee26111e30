"""The access log: who was shown whose personal data, when, where and why."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import Column, DateTime, Index, String, Table, Text, select

from core import signals
from core.events import Actor, Aggregate, event
from core.keyset import after, place, read_place
from core.projections import on
from core.touched import TouchedProjection, TouchedRows
from core.tables import metadata
from core.topics import formerly


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


# Entries recorded while the access log shared core/access.py with emergency access carry these topics.
formerly("core.access:AccessEntry", AccessEntry)
formerly("core.access:AccessEntry.PersonalDataViewed", AccessEntry.PersonalDataViewed)

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


class AccessLog(TouchedProjection):
    """One row per person shown in a response, for auditors and for the person's own report."""

    name = "exitfi_access"
    tables = (access_log,)

    def touched(self, session, events):
        return TouchedRows(access_log)  # rows are only added: none is read

    @on(AccessEntry.PersonalDataViewed)
    def viewed(self, rows, e):
        # One row per person shown, fifty for a page of a list, on every page view: a batch's written at once.
        for p in e.persons:
            rows.add({"entry_id": e.originator_id.hex, "at": e.timestamp, "user_id": e.meta.actor_id,
                      "role": e.meta.role, "city": e.meta.city, "person_id": p["person_id"],
                      "record_id": p["record_id"], "page": e.page, "purpose": e.purpose})


def record_views(store, actor: Actor, shown: dict, page: str, purpose: str, request_id: str | None = None) -> None:
    """Write one access-log event for a response, naming every person shown and the record they were shown in."""
    persons = [{"person_id": uuid.UUID(str(p)).hex, "record_id": r} for p, r in sorted(shown.items())]
    with store.acting(actor, reason=purpose, request_id=request_id):
        store.save(AccessEntry(persons=persons, page=page[:200], purpose=purpose))
    for person_id in shown:
        signals.personal_data_viewed.send(store, person_id=person_id, user_id=actor.user_id, page=page, purpose=purpose)


def access_entries(store, person_id=None, user_id=None, day_from=None, day_to=None, limit: int | None = 500,
                   before: tuple | None = None):
    """Access-log entries filtered by person, user and date range, newest first; `before` (an entry's place,
    `read_entry_place`) starts after that entry, so that every entry is reached a page at a time."""
    t = access_log
    q = select(t).order_by(t.c.at.desc(), t.c.entry_id.desc(), t.c.person_id.desc())
    if limit is not None:
        q = q.limit(limit)
    if person_id:
        q = q.where(t.c.person_id == uuid.UUID(str(person_id)).hex)
    if user_id:
        q = q.where(t.c.user_id == user_id)
    if day_from:
        q = q.where(t.c.at >= datetime.combine(day_from, datetime.min.time(), timezone.utc))
    if day_to:
        q = q.where(t.c.at < datetime.combine(day_to + timedelta(days=1), datetime.min.time(), timezone.utc))
    if before:
        q = q.where(after((t.c.at, t.c.entry_id, t.c.person_id), before))
    with store.reading() as session:
        return session.execute(q).all()


def entry_place(entry) -> str:
    """Where an entry stands in the log's order, as a page link names it (its time, entry and person)."""
    return place(entry.at, entry.entry_id, entry.person_id)


def read_entry_place(text: str) -> tuple | None:
    """The (time, entry, person) a page link names; None for anything `entry_place` did not write."""
    return read_place(text, 2)


def access_report(store, person_id) -> list[dict]:
    """A person's own access report (Act 703/2023): every time their data was viewed: who, when, where and why."""
    return [{"at": e.at.isoformat(), "user": e.user_id, "role": e.role, "city": e.city, "page": e.page,
             "purpose": e.purpose} for e in access_entries(store, person_id=person_id, limit=None)]
