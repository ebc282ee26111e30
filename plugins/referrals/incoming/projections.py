"""Referrals in, one row each: the triage queue and each referral's page read them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table

from core.toolkit import PersonalText, TouchedProjection, TouchedRows, metadata, on
from plugins.referrals.incoming.domain import URGENCIES, IncomingReferral

incoming = Table(
    "referrals_incoming",
    metadata,
    Column("referral_id", String(32), primary_key=True),
    Column("city", String(40), nullable=False),
    Column("source", String(40), nullable=False),
    Column("organisation_id", String(32), nullable=True),
    Column("organisation", String(200), nullable=True),
    Column("person_id", String(32), nullable=False),
    Column("person", PersonalText, nullable=False),
    Column("urgency", String(20), nullable=False),
    Column("urgency_rank", Integer, nullable=False),   # 0 most urgent: the queue's first order
    Column("person_knows", Boolean, nullable=False),
    Column("person_consents", Boolean, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("case_id", String(32), nullable=True),
    Column("service_id", String(32), nullable=True),   # referred on to
    Column("referred_to", String(200), nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("feedback_on", Date, nullable=True),        # the last day the referrer was told
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # Encrypted with the person's key like the name: erasing the person leaves a value nobody can compare.
    Column("name_index", PersonalText, nullable=True),
    Column("name_bucket", String(2), nullable=True),
    Index("referrals_incoming_queue", "city", "status", "urgency_rank", "received_on"),
    Index("referrals_incoming_name", "name_bucket"),  # a search by name reads one bucket
    Index("referrals_incoming_case", "case_id"),
)


class IncomingList(TouchedProjection):
    """Referrals in with their source, urgency, status and the case or service they went to."""

    name = "referrals_incoming"
    tables = (incoming,)

    def touched(self, session, events):
        rows = TouchedRows(incoming)
        rows.read(session, incoming.c.referral_id,
                  [e.originator_id.hex for e in events if not isinstance(e, IncomingReferral.Received)])
        return rows

    @on(IncomingReferral.Received)
    def received(self, rows, e):
        rows.add({
            "referral_id": e.originator_id.hex, "city": e.city, "source": e.source,
            "organisation_id": e.organisation_id, "organisation": e.organisation, "person_id": e.person_id.hex,
            "person": e.person, "urgency": e.urgency, "urgency_rank": URGENCIES.index(e.urgency),
            "person_knows": e.person_knows, "person_consents": e.person_consents, "received_on": e.received_on,
            "status": "received", "case_id": None, "service_id": None, "referred_to": None, "decided_at": None,
            "feedback_on": None, "updated_at": e.timestamp, "version": e.originator_version,
            "name_index": e.name_index, "name_bucket": e.name_bucket})

    def _touch(self, rows, e, **values):
        rows.change(e.originator_id.hex, version=e.originator_version, updated_at=e.timestamp, **values)

    @on(IncomingReferral.Accepted)
    def accepted(self, rows, e):
        self._touch(rows, e, status="accepted", case_id=e.case_id.hex, decided_at=e.timestamp)

    @on(IncomingReferral.Declined)
    def declined(self, rows, e):
        self._touch(rows, e, status="declined", decided_at=e.timestamp)

    @on(IncomingReferral.ReferredOn)
    def referred_on(self, rows, e):
        self._touch(rows, e, status="referred_on", service_id=e.service_id, referred_to=e.organisation,
                    decided_at=e.timestamp)

    @on(IncomingReferral.FeedbackGiven)
    def feedback(self, rows, e):
        self._touch(rows, e, feedback_on=e.on)
