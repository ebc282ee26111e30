"""The case list: one row per case, read by caseloads and the city's case register."""

from __future__ import annotations

import json

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text, update

from core.projections import Projection, on
from core.tables import metadata
from plugins.casework.domain import Case

cases = Table(
    "casework_cases",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("city", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("phase", String(20), nullable=False),
    Column("worker_id", String(64), nullable=True),
    Column("client_id", String(32), nullable=False, index=True),
    Column("pseudonym", Text, nullable=False),  # the vault token (ciphertext), never plaintext
    Column("meetings", Integer, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # Caseloads: one worker's cases, or the whole city's, most recently changed first; open cases counted.
    Index("casework_cases_caseload", "city", "worker_id", "updated_at"),
    Index("casework_cases_city_recent", "city", "updated_at"),
    Index("casework_cases_city_phase", "city", "phase"),
)


def token_text(field) -> str | None:
    """Serialise a personal field's token deterministically, so rebuilt rows equal live ones."""
    return None if field is None else json.dumps(field.token, sort_keys=True)


class CaseList(Projection):
    """Cases with their city, phase, worker and encrypted pseudonym."""

    name = "casework_cases"
    tables = (cases,)

    @on(Case.Opened)
    def opened(self, session, e):
        session.execute(cases.insert().values(
            case_id=e.originator_id.hex, city=e.city, kind=e.kind, phase="first_contact", worker_id=None,
            client_id=e.client_id.hex, pseudonym=token_text(e.pseudonym), meetings=0,
            opened_at=e.timestamp, updated_at=e.timestamp, version=e.originator_version,
        ))

    def _touch(self, session, e, **values):
        session.execute(update(cases).where(cases.c.case_id == e.originator_id.hex).values(
            updated_at=e.timestamp, version=e.originator_version, **values))

    @on(Case.WorkerAssigned)
    def assigned(self, session, e):
        self._touch(session, e, worker_id=e.worker_id)

    @on(Case.MeetingRecorded)
    def met(self, session, e):
        self._touch(session, e, meetings=cases.c.meetings + 1)

    @on(Case.PhaseChanged)
    def moved(self, session, e):
        self._touch(session, e, phase=e.phase)
