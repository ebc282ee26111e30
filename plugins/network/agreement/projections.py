"""The agreements: one row each, with the day it is up for renewal, for the list and the dashboard."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, Text, update

from core.toolkit import Projection, metadata, on
from plugins.network.agreement.domain import Agreement, renew_by
from plugins.network.projections import listed

agreements = Table(
    "network_agreements",
    metadata,
    Column("agreement_id", String(32), primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("title", String(200), nullable=False),
    Column("city", String(40), nullable=False),
    Column("parties", Text, nullable=False),         # ",organisation_id,...,"
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("renew_by", Date, nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("terminated_on", Date, nullable=True),
    Column("version", Integer, nullable=False),
    Index("network_agreements_renewal", "city", "renew_by"),
)


class AgreementList(Projection):
    """Agreements with their parties, period and the day each is up for renewal."""

    name = "network_agreements"
    tables = (agreements,)

    @on(Agreement.Concluded)
    def concluded(self, session, e):
        session.execute(agreements.insert().values(
            agreement_id=e.originator_id.hex, reference=e.reference, kind=e.kind, title=e.title, city=e.city,
            parties=listed(e.parties), starts_on=e.starts_on, ends_on=e.ends_on, renew_by=renew_by(e.ends_on),
            legal_basis=e.legal_basis, version=e.originator_version))

    def _touch(self, session, e, **values):
        session.execute(update(agreements).where(agreements.c.agreement_id == e.originator_id.hex)
                        .values(version=e.originator_version, **values))

    @on(Agreement.Renewed)
    def renewed(self, session, e):
        self._touch(session, e, ends_on=e.ends_on, renew_by=renew_by(e.ends_on))

    @on(Agreement.Terminated)
    def terminated(self, session, e):
        self._touch(session, e, terminated_on=e.on)
