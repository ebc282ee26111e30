"""The assessments of each case: one row per assessment, for the case page and the comparison."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table

from core.toolkit import TouchedProjection, TouchedRows, metadata, on
from plugins.casework.assessment.domain import Assessment

assessments = Table(
    "casework_assessments",
    metadata,
    Column("assessment_id", String(32), primary_key=True),
    Column("case_id", String(32), nullable=False),
    Column("city", String(40), nullable=False),
    Column("instrument", String(60), nullable=False),
    Column("instrument_version", String(20), nullable=False),
    Column("state", String(20), nullable=False),  # open, awaiting_approval, finalised, approved
    Column("approval_required", Boolean, nullable=False),
    Column("assessor", String(64), nullable=False),
    Column("approver", String(64), nullable=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finalised_at", DateTime(timezone=True), nullable=True),
    Column("approved_at", DateTime(timezone=True), nullable=True),
    Column("version", Integer, nullable=False),
    Index("casework_assessments_case", "case_id", "started_at"),  # a case's assessments, oldest first
)


class AssessmentList(TouchedProjection):
    """Assessments with their case, instrument, state and who made and approved them."""

    name = "casework_assessments"
    tables = (assessments,)

    def touched(self, session, events):
        rows = TouchedRows(assessments)
        rows.read(session, assessments.c.assessment_id,
                  [e.originator_id.hex for e in events if not isinstance(e, Assessment.Started)])
        return rows

    @on(Assessment.Started)
    def started(self, rows, e):
        rows.add({"assessment_id": e.originator_id.hex, "case_id": e.case_id.hex, "city": e.city,
                  "instrument": e.instrument, "instrument_version": e.instrument_version, "state": "open",
                  "approval_required": e.approval_required, "assessor": e.assessor, "approver": None,
                  "started_at": e.timestamp, "finalised_at": None, "approved_at": None,
                  "version": e.originator_version})

    def _touch(self, rows, e, **values):
        rows.change(e.originator_id.hex, version=e.originator_version, **values)

    @on(Assessment.Rated)
    def rated(self, rows, e):
        self._touch(rows, e)

    @on(Assessment.Finalised)
    def finalised(self, rows, e):
        row = rows.get(e.originator_id.hex)
        if row is not None:
            self._touch(rows, e, finalised_at=e.timestamp,
                        state="awaiting_approval" if row["approval_required"] else "finalised")

    @on(Assessment.Approved)
    def approved(self, rows, e):
        self._touch(rows, e, state="approved", approver=e.approver, approved_at=e.timestamp)
