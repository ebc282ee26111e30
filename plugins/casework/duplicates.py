"""The duplicate check at intake: a client's identity and its blind index, read without telling whose case matched."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Column, Index, String, Table, select

from core.toolkit import (N_, Personal, PersonalText, PersonFound, TouchedProjection, TouchedRows, blind_index,
                          blind_matches, lazy_gettext, metadata, on, purpose, reveal)
from plugins.casework.domain import Case, bucket_of
from plugins.casework.projections import cases

identities = Table(
    "casework_identities",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("client_id", String(32), nullable=False),
    Column("full_name", PersonalText, nullable=True),
    Column("birth_date", PersonalText, nullable=True),
    # Encrypted with the client's key like the rest: erasing the client leaves a value nobody can compare.
    Column("identity_index", PersonalText, nullable=True),
    Column("identity_bucket", String(2), nullable=True),
    Index("casework_identities_bucket", "identity_bucket"),  # the check reads one bucket, not the whole city
)


class CaseIdentities(TouchedProjection):
    """The full name, birth date and blind index of the cases that have them (never an anonymous one)."""

    name = "casework_identities"
    tables = (identities,)

    def touched(self, session, events):
        return TouchedRows(identities)  # rows are only added: none is read

    @on(Case.Opened)
    def opened(self, rows, e):
        if e.full_name or e.birth_date:
            rows.add({"case_id": e.originator_id.hex, "client_id": e.client_id.hex, "full_name": e.full_name,
                      "birth_date": e.birth_date, "identity_index": e.identity_index,
                      "identity_bucket": e.identity_bucket})


def identity_of(store, case_id: str):
    """A case's full name and birth date (encrypted), or None when it has neither."""
    with store.reading() as session:
        return session.execute(select(identities).where(identities.c.case_id == case_id)).first()


def index_of(store, kind: str, full_name: str | None, birth_date) -> str | None:
    """The blind index of a client's identity, or None when the case has none to index."""
    parts = Case.identity(kind, full_name, birth_date)
    return blind_index(store, *parts) if parts else None


class Match(NamedTuple):
    """A case that may concern the same person: its month and phase are shown, its id and index only logged."""

    opened_at: datetime
    phase: str
    case_id: str
    identity_index: Personal


def _matching(store, value: str, *columns, city: str | None = None) -> list:
    """The cases whose blind index equals `value` (of one city, or of every city): those in its bucket are
    decrypted and compared."""
    q = (select(*columns).join(identities, identities.c.case_id == cases.c.case_id)
         .where(identities.c.identity_bucket == bucket_of(value), identities.c.identity_index.is_not(None)))
    if city is not None:
        q = q.where(cases.c.city == city)
    with store.reading() as session:
        rows = session.execute(q).all()
    found = blind_matches(store, value, [r.identity_index for r in rows])
    return [r for r, match in zip(rows, found) if match]


def possible_duplicates(store, city: str, value: str) -> list[Match]:
    """The city's cases whose blind index equals `value`."""
    return [Match(*r) for r in _matching(store, value, cases.c.opened_at, cases.c.phase, cases.c.case_id,
                                         identities.c.identity_index, city=city)]


def clients_named(store, full_name: str, birth_date) -> list[PersonFound]:
    """The clients of every city whose blind index matches a name and birth date (an access or erasure request)."""
    value = index_of(store, "individual", full_name, birth_date)
    rows = _matching(store, value, cases.c.case_id, cases.c.client_id, cases.c.city, cases.c.kind,
                     cases.c.opened_at, identities.c.identity_index) if value else []
    return [PersonFound(r.client_id, r.case_id, r.city, lazy_gettext(
                "A case (%(kind)s) opened on %(day)s", kind=(r.kind,), day=r.opened_at.date().isoformat()))
            for r in rows]


def log_warning(found: list[Match]) -> None:
    """Write the warning to the access log as a view of each matching case: it tells the user that the city works
    with the person, and typing names to learn that must leave a trace."""
    for match in found:
        reveal(match.identity_index, match.case_id)  # never shown: noted for the access log only
    purpose(N_("possible duplicate at intake"))
