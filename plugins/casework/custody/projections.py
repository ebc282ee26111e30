"""The prison pathway's read models: each case's custody and release date, and the open handover tasks."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, Integer, String, Table, select, update

from core.toolkit import Projection, metadata, on
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


class CustodyList(Projection):
    """Custody status and release date per case, and its handover tasks; the city follows a transferred case."""

    name = "casework_custody"
    tables = (custody, handover_tasks)

    @on(Custody.Started)
    def started(self, session, e):
        session.execute(custody.insert().values(case_id=e.case_id.hex, custody_id=e.originator_id.hex, city=e.city,
                                                status="not_in_custody",
                                                updated_at=e.timestamp, version=e.originator_version))

    def _touch(self, session, e, **values):
        session.execute(update(custody).where(custody.c.custody_id == e.originator_id.hex).values(
            updated_at=e.timestamp, version=e.originator_version, **values))

    @on(Custody.StatusRecorded)
    def status(self, session, e):
        values = {} if e.status in IN_CUSTODY else {"expected_release": None}
        self._touch(session, e, status=e.status, prison=e.prison, **values)

    @on(Custody.ReleaseDateSet)
    def release_date(self, session, e):
        self._touch(session, e, expected_release=e.expected_on)

    @on(Custody.Released)
    def released(self, session, e):
        self._touch(session, e, status="released", released_on=e.released_on, expected_release=None, prison=None)

    @on(Custody.AgencyContactRecorded)
    def contact(self, session, e):
        self._touch(session, e)

    @on(Custody.TaskAdded)
    def task_added(self, session, e):
        case_id, city = session.execute(select(custody.c.case_id, custody.c.city)
                                        .where(custody.c.custody_id == e.originator_id.hex)).one()
        session.execute(handover_tasks.insert().values(custody_id=e.originator_id.hex, number=e.number,
                                                       case_id=case_id, city=city, kind=e.kind, owner=e.owner,
                                                       due_on=e.due_on))
        self._touch(session, e)

    @on(Custody.TaskRedated)
    def task_redated(self, session, e):
        self._task(session, e, due_on=e.due_on)

    @on(Custody.TaskDone)
    def task_done(self, session, e):
        self._task(session, e, done_on=e.done_on)

    def _task(self, session, e, **values):
        session.execute(update(handover_tasks).where(handover_tasks.c.custody_id == e.originator_id.hex,
                                                     handover_tasks.c.number == e.number).values(**values))
        self._touch(session, e)

    @on(Case.TransferAccepted)
    def transferred(self, session, e):
        for table in (custody, handover_tasks):
            session.execute(update(table).where(table.c.case_id == e.originator_id.hex).values(city=e.to_city))

