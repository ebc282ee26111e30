"""The prison pathway's read models: each case's custody and release date, and the open handover tasks."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, Integer, String, Table

from core.toolkit import TouchedProjection, TouchedRows, TouchedTables, metadata, on
from plugins.casework.custody.domain import IN_CUSTODY, Custody
from plugins.casework.domain import Case

custody = Table(
    "casework_custody",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("custody_id", String(32), nullable=False, unique=True),
    Column("city", String(40), nullable=False),
    Column("status", String(30), nullable=False),
    Column("prison", String(200), nullable=True),
    Column("expected_release", Date, nullable=True),
    Column("released_on", Date, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("casework_custody_releases", "city", "expected_release"),  # releases ahead, on the dashboard
)

handover_tasks = Table(
    "casework_handover_tasks",
    metadata,
    Column("custody_id", String(32), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("case_id", String(32), nullable=False),
    Column("city", String(40), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("owner", String(200), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("done_on", Date, nullable=True),
    Index("casework_handover_tasks_due", "city", "done_on", "due_on"),  # open tasks due soon, on the dashboard
)


class CustodyList(TouchedProjection):
    """Custody status and release date per case, and its handover tasks; the city follows a transferred case."""

    name = "casework_custody"
    tables = (custody, handover_tasks)

    def touched(self, session, events):
        # Custody is keyed by case and its events name the custody record; a transfer changes all the case's tasks.
        rows = TouchedTables(TouchedRows(custody, by=("custody_id",)), TouchedRows(handover_tasks, by=("case_id",)))
        custody_ids = [e.originator_id.hex for e in events if isinstance(e, Custody.Event)
                       and not isinstance(e, Custody.Started)]
        moved = [e.originator_id.hex for e in events if isinstance(e, Case.TransferAccepted)]
        rows[custody].read(session, custody.c.custody_id, custody_ids)
        rows[custody].read(session, custody.c.case_id, moved)
        rows[handover_tasks].read(session, handover_tasks.c.custody_id, [
            e.originator_id.hex for e in events if isinstance(e, (Custody.TaskRedated, Custody.TaskDone))])
        rows[handover_tasks].read(session, handover_tasks.c.case_id, moved)
        return rows

    @on(Custody.Started)
    def started(self, rows, e):
        rows[custody].add({"case_id": e.case_id.hex, "custody_id": e.originator_id.hex, "city": e.city,
                           "status": "not_in_custody", "prison": None, "expected_release": None,
                           "released_on": None, "updated_at": e.timestamp, "version": e.originator_version})

    def _touch(self, rows, e, **values):
        kept = rows[custody].found("custody_id", e.originator_id.hex)
        if kept is not None:  # as an UPDATE of no row
            rows[custody].change(kept["case_id"], updated_at=e.timestamp, version=e.originator_version, **values)

    @on(Custody.StatusRecorded)
    def status(self, rows, e):
        values = {} if e.status in IN_CUSTODY else {"expected_release": None}
        self._touch(rows, e, status=e.status, prison=e.prison, **values)

    @on(Custody.ReleaseDateSet)
    def release_date(self, rows, e):
        self._touch(rows, e, expected_release=e.expected_on)

    @on(Custody.Released)
    def released(self, rows, e):
        self._touch(rows, e, status="released", released_on=e.released_on, expected_release=None, prison=None)

    @on(Custody.AgencyContactRecorded)
    def contact(self, rows, e):
        self._touch(rows, e)

    @on(Custody.TaskAdded)
    def task_added(self, rows, e):
        kept = rows[custody].found("custody_id", e.originator_id.hex)
        if kept is None:  # as the query for its case would
            raise LookupError(f"no custody record {e.originator_id.hex} for its handover task")
        rows[handover_tasks].add({"custody_id": e.originator_id.hex, "number": e.number,
                                  "case_id": kept["case_id"], "city": kept["city"], "kind": e.kind,
                                  "owner": e.owner, "due_on": e.due_on, "done_on": None})
        self._touch(rows, e)

    @on(Custody.TaskRedated)
    def task_redated(self, rows, e):
        self._task(rows, e, due_on=e.due_on)

    @on(Custody.TaskDone)
    def task_done(self, rows, e):
        self._task(rows, e, done_on=e.done_on)

    def _task(self, rows, e, **values):
        rows[handover_tasks].change(e.originator_id.hex, e.number, **values)
        self._touch(rows, e)

    @on(Case.TransferAccepted)
    def transferred(self, rows, e):
        rows[custody].change(e.originator_id.hex, city=e.to_city)
        for task in rows[handover_tasks].having("case_id", e.originator_id.hex):
            rows[handover_tasks].change(task["custody_id"], task["number"], city=e.to_city)
