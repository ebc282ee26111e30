"""The duplicate check at intake: a client's identity and its blind index, read without telling whose case matched."""

from __future__ import annotations

from sqlalchemy import Column, String, Table, select

from core.toolkit import PersonalText, Projection, blind_index, blind_matches, metadata, on
from plugins.casework.domain import Case
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
)


class CaseIdentities(Projection):
    """The full name, birth date and blind index of the cases that have them (never an anonymous one)."""

    name = "casework_identities"
    tables = (identities,)

    @on(Case.Opened)
    def opened(self, session, e):
        if e.full_name or e.birth_date:
            session.execute(identities.insert().values(
                case_id=e.originator_id.hex, client_id=e.client_id.hex, full_name=e.full_name,
                birth_date=e.birth_date, identity_index=e.identity_index))


def identity_of(store, case_id: str):
    """A case's full name and birth date (encrypted), or None when it has neither."""
    with store.reading() as session:
        return session.execute(select(identities).where(identities.c.case_id == case_id)).first()


def index_of(store, kind: str, full_name: str | None, birth_date) -> str | None:
    """The blind index of a client's identity, or None when the case has none to index."""
    parts = Case.identity(kind, full_name, birth_date)
    return blind_index(store, *parts) if parts else None


def possible_duplicates(store, city: str, value: str) -> list:
    """(opened_at, phase) of the city's cases whose blind index equals `value`: nothing that tells whose they are."""
    q = (select(cases.c.opened_at, cases.c.phase, identities.c.identity_index)
         .join(identities, identities.c.case_id == cases.c.case_id)
         .where(cases.c.city == city, identities.c.identity_index.is_not(None)))
    with store.reading() as session:
        rows = session.execute(q).all()
    found = blind_matches(store, value, [r.identity_index for r in rows])
    return [(r.opened_at, r.phase) for r, match in zip(rows, found) if match]
