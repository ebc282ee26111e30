"""Safety's read models: each case's safety plan at a glance, and the escalations a coordinator has to see."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, Integer, String, Table

from core.toolkit import TouchedProjection, TouchedRows, TouchedTables, metadata, on
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


class SafetyList(TouchedProjection):
    """Safety plans and escalations per case; the city follows a transferred case."""

    name = "casework_safety"
    tables = (safety_plans, escalations)

    def touched(self, session, events):
        # Plans are keyed by case and a plan's events name the plan; a transfer changes all the case's escalations.
        rows = TouchedTables(TouchedRows(safety_plans, by=("plan_id",)), TouchedRows(escalations, by=("case_id",)))
        moved = [e.originator_id.hex for e in events if isinstance(e, Case.TransferAccepted)]
        rows[safety_plans].read(session, safety_plans.c.plan_id, [
            e.originator_id.hex for e in events if isinstance(e, SafetyPlan.Event)
            and not isinstance(e, SafetyPlan.Started)])
        rows[safety_plans].read(session, safety_plans.c.case_id, moved)
        rows[escalations].read(session, escalations.c.plan_id, [
            e.originator_id.hex for e in events if isinstance(e, SafetyPlan.Acknowledged)])
        rows[escalations].read(session, escalations.c.case_id, moved)
        return rows

    @on(SafetyPlan.Started)
    def started(self, rows, e):
        rows[safety_plans].add({"case_id": e.case_id.hex, "plan_id": e.originator_id.hex, "city": e.city,
                                "revisions": 0, "reviewed_on": None, "updated_at": e.timestamp,
                                "version": e.originator_version})

    def _touch(self, rows, e, **values):
        plan = rows[safety_plans].found("plan_id", e.originator_id.hex)
        if plan is not None:  # as an UPDATE of no row
            rows[safety_plans].change(plan["case_id"], updated_at=e.timestamp, version=e.originator_version, **values)

    @on(SafetyPlan.Revised)
    def revised(self, rows, e):
        plan = rows[safety_plans].found("plan_id", e.originator_id.hex)
        if plan is not None:
            self._touch(rows, e, revisions=plan["revisions"] + 1, reviewed_on=e.reviewed_on)

    @on(SafetyPlan.Escalated)
    def escalated(self, rows, e):
        plan = rows[safety_plans].found("plan_id", e.originator_id.hex)
        if plan is None:  # as the query for its case would
            raise LookupError(f"no safety plan {e.originator_id.hex} for its escalation")
        rows[escalations].add({
            "plan_id": e.originator_id.hex, "number": e.number, "case_id": plan["case_id"], "city": plan["city"],
            "recipient": e.recipient, "legal_basis": e.legal_basis, "escalated_on": e.escalated_on,
            "escalated_by": e.escalated_by, "acknowledged_by": None, "acknowledged_at": None})
        self._touch(rows, e)

    @on(SafetyPlan.Acknowledged)
    def acknowledged(self, rows, e):
        rows[escalations].change(e.originator_id.hex, e.number, acknowledged_by=e.coordinator,
                                 acknowledged_at=e.timestamp)
        self._touch(rows, e)

    @on(Case.TransferAccepted)
    def transferred(self, rows, e):
        rows[safety_plans].change(e.originator_id.hex, city=e.to_city)
        for escalation in rows[escalations].having("case_id", e.originator_id.hex):
            rows[escalations].change(escalation["plan_id"], escalation["number"], city=e.to_city)
