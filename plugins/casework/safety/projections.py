"""Safety's read models: each case's safety plan at a glance, and the escalations a coordinator has to see."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, Integer, String, Table, select, update

from core.toolkit import Projection, metadata, on
from plugins.casework.domain import Case
from plugins.casework.safety.domain import SafetyPlan

safety_plans = Table(
    "casework_safety_plans",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("plan_id", String(32), nullable=False, unique=True),
    Column("city", String(40), nullable=False),
    Column("revisions", Integer, nullable=False),
    Column("reviewed_on", Date, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

escalations = Table(
    "casework_escalations",
    metadata,
    Column("plan_id", String(32), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("case_id", String(32), nullable=False),
    Column("city", String(40), nullable=False),
    Column("recipient", String(30), nullable=False),
    Column("legal_basis", String(40), nullable=False),
    Column("escalated_on", Date, nullable=False),
    Column("escalated_by", String(64), nullable=False),
    Column("acknowledged_by", String(64), nullable=True),
    Column("acknowledged_at", DateTime(timezone=True), nullable=True),
    # The escalations of a city not yet acknowledged, on its coordinators' dashboard.
    Index("casework_escalations_waiting", "city", "acknowledged_by", "escalated_on"),
)


class SafetyList(Projection):
    """Safety plans and escalations per case; the city follows a transferred case."""

    name = "casework_safety"
    tables = (safety_plans, escalations)

    @on(SafetyPlan.Started)
    def started(self, session, e):
        session.execute(safety_plans.insert().values(case_id=e.case_id.hex, plan_id=e.originator_id.hex, city=e.city,
                                                     revisions=0, updated_at=e.timestamp,
                                                     version=e.originator_version))

    def _touch(self, session, e, **values):
        session.execute(update(safety_plans).where(safety_plans.c.plan_id == e.originator_id.hex).values(
            updated_at=e.timestamp, version=e.originator_version, **values))

    @on(SafetyPlan.Revised)
    def revised(self, session, e):
        self._touch(session, e, revisions=safety_plans.c.revisions + 1, reviewed_on=e.reviewed_on)

    @on(SafetyPlan.Escalated)
    def escalated(self, session, e):
        case_id, city = session.execute(select(safety_plans.c.case_id, safety_plans.c.city)
                                        .where(safety_plans.c.plan_id == e.originator_id.hex)).one()
        session.execute(escalations.insert().values(
            plan_id=e.originator_id.hex, number=e.number, case_id=case_id, city=city, recipient=e.recipient,
            legal_basis=e.legal_basis, escalated_on=e.escalated_on, escalated_by=e.escalated_by))
        self._touch(session, e)

    @on(SafetyPlan.Acknowledged)
    def acknowledged(self, session, e):
        session.execute(update(escalations).where(escalations.c.plan_id == e.originator_id.hex,
                                                  escalations.c.number == e.number)
                        .values(acknowledged_by=e.coordinator, acknowledged_at=e.timestamp))
        self._touch(session, e)

    @on(Case.TransferAccepted)
    def transferred(self, session, e):
        for table in (safety_plans, escalations):
            session.execute(update(table).where(table.c.case_id == e.originator_id.hex).values(city=e.to_city))
