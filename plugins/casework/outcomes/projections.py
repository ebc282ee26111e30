"""A case's outcome measurements: one row per measurement, its ratings as JSON, for the page and the API."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, DateTime, Index, Integer, String, Table

from core.toolkit import TouchedProjection, TouchedTables, metadata, on
from plugins.casework.outcomes.domain import Outcomes

outcomes = Table(
    "casework_outcomes",
    metadata,
    Column("outcomes_id", String(32), primary_key=True),
    Column("case_id", String(32), nullable=False, unique=True),
    Column("city", String(40), nullable=False),
    Column("version", Integer, nullable=False),  # what a new measurement is based on
)

measurements = Table(
    "casework_outcome_measurements",
    metadata,
    Column("outcomes_id", String(32), primary_key=True),
    Column("version", Integer, primary_key=True),    # the outcomes' version this measurement made
    Column("case_id", String(32), nullable=False),
    Column("city", String(40), nullable=False),
    Column("episode", Integer, nullable=False),
    Column("occasion", String(20), nullable=False),  # baseline, review, closure
    Column("measured_on", Date, nullable=False),
    Column("ratings", JSON, nullable=False),          # measure name -> value, null where not known
    Column("measure_set", String(20), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("casework_outcome_measurements_case", "case_id", "version"),  # a case's measurements, in order
)


class OutcomeMeasurements(TouchedProjection):
    """The measurements of each case, in the order they were taken; the note stays in the log."""

    name = "casework_outcome_measurements"
    tables = (outcomes, measurements)

    def touched(self, session, events):
        rows = TouchedTables(outcomes, measurements)  # measurements are only added: none is read
        rows[outcomes].read(session, outcomes.c.outcomes_id,
                            [e.originator_id.hex for e in events if not isinstance(e, Outcomes.Started)])
        return rows

    @on(Outcomes.Started)
    def started(self, rows, e):
        rows[outcomes].add({"outcomes_id": e.originator_id.hex, "case_id": e.case_id.hex, "city": e.city,
                            "version": e.originator_version})

    @on(Outcomes.Measured)
    def measured(self, rows, e):
        key = e.originator_id.hex
        if rows[outcomes].get(key) is None:  # as the query for its case would, before anything is written
            raise LookupError(f"no outcomes {key} for a measurement of them")
        kept = rows[outcomes].change(key, version=e.originator_version)
        rows[measurements].add({
            "outcomes_id": key, "version": e.originator_version, "case_id": kept["case_id"], "city": kept["city"],
            "episode": e.episode, "occasion": e.occasion, "measured_on": e.measured_on, "ratings": dict(e.ratings),
            "measure_set": e.measure_set, "recorded_by": e.meta.actor_id, "recorded_at": e.timestamp})
