"""The case list: one row per case, read by caseloads and the city's case register."""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table, bindparam, case, false, update

from core.toolkit import PersonalText, Prepared, Projection, TouchedRows, metadata, on
from plugins.casework.domain import Case

cases = Table(
    "casework_cases",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("city", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("phase", String(20), nullable=False),
    Column("worker_id", String(64), nullable=True),
    Column("client_id", String(32), nullable=False, index=True),
    Column("pseudonym", PersonalText, nullable=False),
    Column("meetings", Integer, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("participation", Boolean, nullable=False, server_default=false()),  # consent to take part, in force
    Column("legal_basis", Boolean, nullable=False, server_default=false()),    # the work may go on without it
    Column("closing_reason", String(30), nullable=True),
    Column("next_follow_up", Date, nullable=True),
    Column("second_worker_id", String(64), nullable=True),
    Column("transfer_to", String(40), nullable=True),  # a city asked to take the case over
    Column("referral_source", String(40), nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),  # the retention period runs from here
    Column("minor", Boolean, nullable=False, server_default=false()),  # the guardian consents for the client
    Column("guardian_consent", Boolean, nullable=False, server_default=false()),  # a minor's guardian's, in force
    # Caseloads: one worker's cases, or the whole city's, most recently changed first; open cases counted.
    Index("casework_cases_caseload", "city", "worker_id", "updated_at"),
    Index("casework_cases_city_recent", "city", "updated_at"),
    # The list narrowed by phase or kind, newest first, without sorting a third of the city (bench.pages).
    Index("casework_cases_city_phase", "city", "phase", "updated_at"),
    Index("casework_cases_city_kind", "city", "kind", "updated_at"),
    Index("casework_cases_follow_ups", "city", "next_follow_up"),  # the reviews due, on the dashboard
    Index("casework_cases_second_worker", "city", "second_worker_id"),
    Index("casework_cases_transfers", "transfer_to"),
)


class CaseList(Projection):
    """Cases with their city, phase, worker and encrypted pseudonym."""

    name = "casework_cases"
    tables = (cases,)

    @on(Case.Opened)
    def opened(self, session, e):
        row = _UNSET | {
            "case_id": e.originator_id.hex, "city": e.city, "kind": e.kind, "phase": "first_contact", "worker_id": None,
            "client_id": e.client_id.hex, "pseudonym": e.pseudonym, "meetings": 0, "participation": False,
            "legal_basis": False, "referral_source": e.referral_source, "minor": e.minor, "guardian_consent": False,
            "opened_at": e.timestamp, "updated_at": e.timestamp, "version": e.originator_version,
        }
        batch = _batch.get()
        if batch is not None:
            batch.add(row)
        else:
            session.execute(_OPEN, row)

    def process_batch(self, session, items):
        """Apply a batch (a rebuild's) to its cases' rows in memory: read at once, written back at once.

        A command's events each run a statement instead: one UPDATE, where the batch's way reads the row first.
        """
        batch = TouchedRows(cases)
        opened = {e.originator_id.hex for e, _ in items if isinstance(e, Case.Opened)}
        batch.read(session, cases.c.case_id, {e.originator_id.hex for e, _ in items} - opened)  # the others exist
        token = _batch.set(batch)
        try:
            super().process_batch(session, items)
            batch.write(session)
        finally:
            _batch.reset(token)

    def _touch(self, session, e, _statement=None, **values):
        """Set values on the event's case, with its time and version; the statement is built once per column set.

        Every handler after the opening changes the case through here, so that in a batch the case's row is
        changed in memory.
        """
        batch = _batch.get()
        if batch is not None:
            row = batch.get(e.originator_id.hex)
            if row is None:  # as an UPDATE of no row
                return
            if _statement is _ASSIGN and row["second_worker_id"] == values["worker_id"]:
                values["second_worker_id"] = None
            elif _statement is _MET:
                values["meetings"] = row["meetings"] + 1
            batch.change(e.originator_id.hex, updated_at=e.timestamp, version=e.originator_version, **values)
            return
        statement = _statement if _statement is not None else _touching(tuple(sorted(values)))
        statement.rows(session, {"_case": e.originator_id.hex, "_at": e.timestamp, "_version": e.originator_version,
                                    **{f"_{k}": v for k, v in values.items()}})

    @on(Case.WorkerAssigned)
    def assigned(self, session, e):
        self._touch(session, e, _ASSIGN, worker_id=e.worker_id)

    @on(Case.MeetingRecorded)
    def met(self, session, e):
        # The count is of contacts held; a missed one still changes the case.
        self._touch(session, e, _MET if e.attended else None)

    @on(Case.PhaseChanged)
    def moved(self, session, e):
        # Closed cases move only to follow-up; any other move is to an open phase, where no review is due.
        after_closure = {} if e.phase == "follow_up" else {"next_follow_up": None, "closing_reason": None,
                                                            "closed_at": None}
        self._touch(session, e, phase=e.phase, **after_closure)

    @on(Case.ConsentGiven)
    def consented(self, session, e):
        self._touch(session, e, **_participation(e, True))

    @on(Case.ConsentWithdrawn)
    def withdrawn(self, session, e):
        self._touch(session, e, **_participation(e, False))

    @on(Case.LegalBasisRecorded)
    def based(self, session, e):
        self._touch(session, e, legal_basis=True)

    @on(Case.Closed)
    def closed(self, session, e):
        self._touch(session, e, phase="closed", closing_reason=e.closing_reason, closed_at=e.timestamp,
                    next_follow_up=min(e.follow_ups) if e.follow_ups else None)

    @on(Case.FollowUpReviewed)
    def reviewed(self, session, e):
        self._touch(session, e, next_follow_up=min(e.still_due) if e.still_due else None)

    @on(Case.FollowUpEnded)
    def follow_up_ended(self, session, e):
        self._touch(session, e, phase="closed", next_follow_up=None)

    @on(Case.Reopened)
    def reopened(self, session, e):
        self._touch(session, e, phase="assessment", closing_reason=None, next_follow_up=None, closed_at=None)

    @on(Case.SecondWorkerChosen)
    def second(self, session, e):
        self._touch(session, e, second_worker_id=e.worker_id)

    @on(Case.TransferRequested)
    def transfer_requested(self, session, e):
        self._touch(session, e, transfer_to=e.to_city)

    @on(Case.TransferAccepted)
    def transferred(self, session, e):
        self._touch(session, e, city=e.to_city, worker_id=None, second_worker_id=None, transfer_to=None)

    @on(Case.TransferDeclined)
    def transfer_declined(self, session, e):
        self._touch(session, e, transfer_to=None)


def _participation(e, in_force: bool) -> dict:
    """The column a consent to take part changes: the client's own, or a minor's guardian's."""
    if e.scope != "participation":
        return {}
    return {"guardian_consent" if e.by_guardian else "participation": in_force}


# Built once: a rebuild runs these for every case event of the log, and building a statement costs more than running it.
_OPEN = cases.insert()
_UNSET = dict.fromkeys(cases.columns.keys())  # a batch inserts its rows at once: each names every column
# In a batch: the rows of its cases, in memory (per thread: a page may write while a follower runs).
_batch: ContextVar[TouchedRows | None] = ContextVar("casework_cases_batch", default=None)
_built: dict[tuple, object] = {}


def _touching(columns: tuple, **expressions):
    """UPDATE casework_cases SET the columns (bound as _column), updated_at and version WHERE case_id = :_case."""
    key = (columns, tuple(sorted(expressions)))
    if key not in _built:
        _built[key] = Prepared(update(cases).where(cases.c.case_id == bindparam("_case")).values(
            updated_at=bindparam("_at"), version=bindparam("_version"),
            **{c: bindparam(f"_{c}") for c in columns}, **expressions))
    return _built[key]


# A worker assigned who was the second worker stops being the second.
_ASSIGN = _touching(("worker_id",), second_worker_id=case(
    (cases.c.second_worker_id == bindparam("_worker_id"), None), else_=cases.c.second_worker_id))
_MET = _touching((), meetings=cases.c.meetings + 1)
