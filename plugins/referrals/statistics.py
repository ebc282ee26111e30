"""The referrals' statistics: in by source, city and month; out by service category and outcome. No personal data.

One row per referral keeps the projection rebuildable event by event; the figures are counts over those rows.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, func, select

from core.toolkit import TouchedProjection, TouchedTables, metadata, on
from plugins.referrals.incoming.domain import IncomingReferral
from plugins.referrals.outgoing.domain import OutgoingReferral

stats_in = Table(
    "referrals_stats_in",
    metadata,
    Column("referral_id", String(32), primary_key=True),
    Column("city", String(40), nullable=False),
    Column("month", String(7), nullable=False),        # YYYY-MM of the day it came
    Column("source", String(40), nullable=False),
    Column("outcome", String(20), nullable=False),
    Index("referrals_stats_in_month", "month", "city"),
)

stats_out = Table(
    "referrals_stats_out",
    metadata,
    Column("referral_id", String(32), primary_key=True),
    Column("city", String(40), nullable=False),
    Column("month", String(7), nullable=False),        # YYYY-MM of the day it was drafted
    Column("category", String(30), nullable=False),
    Column("outcome", String(20), nullable=False),     # where the referral stands
    Index("referrals_stats_out_month", "month", "city"),
)


class ReferralStatistics(TouchedProjection):
    """Counts of referrals in by source, city and month, and out by service category and outcome."""

    name = "referrals_statistics"
    tables = (stats_in, stats_out)
    # Figures over months that nobody reads right after writing: kept by `exitfi projections follow`, off the
    # writers' transactions.
    live = False

    def touched(self, session, events):
        rows = TouchedTables(stats_in, stats_out)
        for table, kind, first in ((stats_in, IncomingReferral, IncomingReferral.Received),
                                   (stats_out, OutgoingReferral, OutgoingReferral.Drafted)):
            rows[table].read(session, table.c.referral_id, [e.originator_id.hex for e in events
                                                            if isinstance(e, kind.Event) and not isinstance(e, first)])
        return rows

    @on(IncomingReferral.Received)
    def received(self, rows, e):
        rows[stats_in].add({"referral_id": e.originator_id.hex, "city": e.city,
                            "month": e.received_on.strftime("%Y-%m"), "source": e.source, "outcome": "received"})

    @on(IncomingReferral.Accepted, IncomingReferral.Declined, IncomingReferral.ReferredOn)
    def decided(self, rows, e):
        outcome = {IncomingReferral.Accepted: "accepted", IncomingReferral.Declined: "declined",
                   IncomingReferral.ReferredOn: "referred_on"}[type(e)]
        rows[stats_in].change(e.originator_id.hex, outcome=outcome)

    @on(OutgoingReferral.Drafted)
    def drafted(self, rows, e):
        rows[stats_out].add({"referral_id": e.originator_id.hex, "city": e.city,
                             "month": e.timestamp.strftime("%Y-%m"), "category": e.category, "outcome": "drafted"})

    def _outcome(self, rows, e, outcome):
        rows[stats_out].change(e.originator_id.hex, outcome=outcome)

    @on(OutgoingReferral.Sent)
    def sent(self, rows, e):
        self._outcome(rows, e, "sent")

    @on(OutgoingReferral.Answered)
    def answered(self, rows, e):
        self._outcome(rows, e, e.status)

    @on(OutgoingReferral.Withdrawn)
    def withdrawn(self, rows, e):
        self._outcome(rows, e, "withdrawn")


def incoming_counts(store, city: str | None = None) -> list:
    """Referrals in counted by month, city and source (and how they were decided)."""
    query = (select(stats_in.c.month, stats_in.c.city, stats_in.c.source, func.count().label("referrals"))
             .group_by(stats_in.c.month, stats_in.c.city, stats_in.c.source)
             .order_by(stats_in.c.month, stats_in.c.city, stats_in.c.source))
    if city:
        query = query.where(stats_in.c.city == city)
    with store.reading() as session:
        return session.execute(query).all()


def outgoing_counts(store, city: str | None = None) -> list:
    """Referrals out counted by service category and outcome."""
    query = (select(stats_out.c.category, stats_out.c.outcome, func.count().label("referrals"))
             .group_by(stats_out.c.category, stats_out.c.outcome)
             .order_by(stats_out.c.category, stats_out.c.outcome))
    if city:
        query = query.where(stats_out.c.city == city)
    with store.reading() as session:
        return session.execute(query).all()
