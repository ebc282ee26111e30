"""Referrals out, one row each: a case's referrals, the answers overdue and the overrides the coordinator sees."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table

from core.toolkit import TouchedProjection, TouchedRows, metadata, on
from plugins.referrals.outgoing.domain import OVERRIDE, OutgoingReferral

outgoing = Table(
    "referrals_outgoing",
    metadata,
    Column("referral_id", String(32), primary_key=True),
    Column("case_id", String(32), nullable=False),
    Column("client_id", String(32), nullable=False),
    Column("city", String(40), nullable=False),
    Column("service_id", String(32), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("category", String(30), nullable=False),
    Column("basis", String(40), nullable=False),
    Column("items", String(300), nullable=False),      # comma-separated code values
    Column("overridden", Boolean, nullable=False),     # sent without consent or a legal basis: flagged
    Column("status", String(20), nullable=False),
    Column("sent_on", Date, nullable=True),
    Column("answer_due", Date, nullable=True),         # while the service owes an answer
    Column("drafted_by", String(64), nullable=False),
    Column("drafted_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("referrals_outgoing_case", "case_id", "drafted_at"),
    Index("referrals_outgoing_due", "city", "answer_due"),
)


class OutgoingList(TouchedProjection):
    """Referrals out with their case, service, basis, status and the day an answer is due."""

    name = "referrals_outgoing"
    tables = (outgoing,)

    def touched(self, session, events):
        rows = TouchedRows(outgoing)
        rows.read(session, outgoing.c.referral_id,
                  [e.originator_id.hex for e in events if not isinstance(e, OutgoingReferral.Drafted)])
        return rows

    @on(OutgoingReferral.Drafted)
    def drafted(self, rows, e):
        rows.add({
            "referral_id": e.originator_id.hex, "case_id": e.case_id.hex, "client_id": e.client_id.hex,
            "city": e.city, "service_id": e.service_id, "organisation": e.organisation, "category": e.category,
            "basis": e.basis, "items": ",".join(e.items), "overridden": e.basis == OVERRIDE, "status": "drafted",
            "sent_on": None, "answer_due": None, "drafted_by": e.meta.actor_id, "drafted_at": e.timestamp,
            "updated_at": e.timestamp, "version": e.originator_version})

    def _touch(self, rows, e, **values):
        rows.change(e.originator_id.hex, version=e.originator_version, updated_at=e.timestamp, **values)

    @on(OutgoingReferral.Sent)
    def sent(self, rows, e):
        self._touch(rows, e, status="sent", sent_on=e.on, answer_due=e.answer_due)

    @on(OutgoingReferral.Answered)
    def answered(self, rows, e):
        self._touch(rows, e, status=e.status, answer_due=e.answer_due)

    @on(OutgoingReferral.Withdrawn)
    def withdrawn(self, rows, e):
        self._touch(rows, e, status="withdrawn", answer_due=None)
