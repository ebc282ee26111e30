"""Training's read models: requests, sessions with their counts, participants, feedback and staff training."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table, Text

from core.toolkit import PersonalText, TouchedProjection, TouchedTables, metadata, on
from plugins.training.domain import StaffTraining, TrainingRequest, TrainingSession

requests = Table(
    "training_requests",
    metadata,
    Column("request_id", String(32), primary_key=True),
    Column("city", String(40), nullable=False),
    Column("organisation", String(120), nullable=False),
    Column("sector", String(40), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("needs", Text, nullable=False),
    Column("audience", String(120), nullable=False),
    Column("preferred_dates", String(120), nullable=False),
    Column("state", String(20), nullable=False),  # open, accepted, scheduled, declined
    Column("answered_by", String(64), nullable=True),
    Column("decline_reason", Text, nullable=True),
    Column("session_id", String(32), nullable=True),
    Column("made_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("training_requests_city", "city", "made_at"),
)

sessions = Table(
    "training_sessions",
    metadata,
    Column("session_id", String(32), primary_key=True),
    Column("city", String(40), nullable=False),
    Column("title", String(120), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("format", String(20), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("topics", Text, nullable=False),      # joined with "; "
    Column("level", String(20), nullable=False),
    Column("trainers", Text, nullable=False),    # joined with "; "
    Column("capacity", Integer, nullable=False),
    Column("funding_line", String(120), nullable=False),
    Column("materials", Text, nullable=False),
    Column("request_id", String(32), nullable=True),
    Column("retention_months", Integer, nullable=False),
    Column("registered", Integer, nullable=False),
    Column("waiting", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Index("training_sessions_city", "city", "held_on"),
)

participants = Table(
    "training_participants",
    metadata,
    Column("participant_id", String(32), primary_key=True),
    Column("session_id", String(32), nullable=False),
    Column("city", String(40), nullable=False),
    Column("position", Integer, nullable=False),  # the order of registration, which the waiting list follows
    Column("organisation", String(120), nullable=False),
    Column("sector", String(40), nullable=False),
    Column("role", String(120), nullable=False),
    Column("name", PersonalText, nullable=True),
    Column("contact", PersonalText, nullable=True),
    Column("code", PersonalText, nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("status", String(20), nullable=False),  # registered, waiting, cancelled
    Column("attended", Boolean, nullable=True),
    Column("erase_after", Date, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Index("training_participants_session", "session_id", "position"),
    Index("training_participants_code", "code_hash", unique=True),  # a feedback link finds its participant
)

feedback = Table(
    "training_feedback",
    metadata,
    Column("participant_id", String(32), primary_key=True),
    Column("session_id", String(32), nullable=False),
    Column("city", String(40), nullable=False),
    Column("usefulness", Integer, nullable=False),
    Column("knowledge_before", Integer, nullable=False),
    Column("knowledge_after", Integer, nullable=False),
    Column("comments", PersonalText, nullable=True),
    Index("training_feedback_session", "session_id"),
)

qualifications = Table(
    "training_qualifications",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("instrument", String(60), primary_key=True),
    Column("city", String(40), nullable=False),
    Column("trained_on", Date, nullable=False),
)


def months_after(day, months: int):
    """The same day `months` later (the month's last day where it is shorter)."""
    from calendar import monthrange
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


class TrainingRegister(TouchedProjection):
    """Requests, sessions with their counts, participants and feedback, and the instruments staff are trained in."""

    name = "training"
    tables = (requests, sessions, participants, feedback, qualifications)

    def touched(self, session, events):
        rows = TouchedTables(*self.tables)
        rows[requests].read(session, requests.c.request_id, [
            e.originator_id.hex for e in events if isinstance(e, _ANSWERS)])
        rows[sessions].read(session, sessions.c.session_id, [
            e.originator_id.hex for e in events if isinstance(e, _OF_A_SESSION)])
        rows[participants].read(session, participants.c.participant_id, [
            p.hex for e in events if isinstance(e, _OF_A_PARTICIPANT) for p in _participants_of(e)])
        return rows

    @on(TrainingRequest.Made)
    def made(self, rows, e):
        rows[requests].add({
            "request_id": e.originator_id.hex, "city": e.city, "organisation": e.organisation, "sector": e.sector,
            "kind": e.kind, "needs": e.needs, "audience": e.audience, "preferred_dates": e.preferred_dates,
            "state": "open", "answered_by": None, "decline_reason": None, "session_id": None, "made_at": e.timestamp,
            "version": e.originator_version})

    def _request(self, rows, e, **values):
        rows[requests].change(e.originator_id.hex, version=e.originator_version, answered_by=e.trainer, **values)

    @on(TrainingRequest.Accepted)
    def accepted(self, rows, e):
        self._request(rows, e, state="accepted")

    @on(TrainingRequest.Declined)
    def declined(self, rows, e):
        self._request(rows, e, state="declined", decline_reason=e.reason)

    @on(TrainingRequest.Scheduled)
    def scheduled(self, rows, e):
        self._request(rows, e, state="scheduled", session_id=e.session_id.hex)

    @on(TrainingSession.Planned)
    def planned(self, rows, e):
        rows[sessions].add({
            "session_id": e.originator_id.hex, "city": e.city, "title": e.title, "held_on": e.held_on,
            "format": e.format, "duration_minutes": e.duration_minutes, "topics": "; ".join(e.topics),
            "level": e.level, "trainers": "; ".join(e.trainers), "capacity": e.capacity,
            "funding_line": e.funding_line, "materials": e.materials, "request_id": e.request_id,
            "retention_months": e.retention_months, "registered": 0, "waiting": 0, "version": e.originator_version})

    def _session(self, rows, e, **values) -> dict:
        return rows[sessions].change(e.originator_id.hex, version=e.originator_version, **values)

    def _of(self, rows, e) -> dict:
        row = rows[sessions].get(e.originator_id.hex)
        if row is None:  # as the statement it replaces would have been refused: a session's events follow its plan
            raise LookupError(f"no training session {e.originator_id.hex} for {type(e).__qualname__}")
        return row

    @on(TrainingSession.Registered)
    def registered(self, rows, e):
        row = self._of(rows, e)
        rows[participants].add({
            "participant_id": e.participant_id.hex, "session_id": row["session_id"], "city": row["city"],
            "position": e.originator_version, "organisation": e.organisation, "sector": e.sector, "role": e.role,
            "name": e.name, "contact": e.contact, "code": e.code, "code_hash": e.code_hash,
            "status": "waiting" if e.waiting else "registered", "attended": None,
            "erase_after": months_after(row["held_on"], row["retention_months"]), "registered_at": e.timestamp})
        counted = "waiting" if e.waiting else "registered"
        self._session(rows, e, **{counted: row[counted] + 1})

    @on(TrainingSession.Cancelled)
    def cancelled(self, rows, e):
        row = self._of(rows, e)
        was = rows[participants].get(e.participant_id.hex)["status"]
        rows[participants].change(e.participant_id.hex, status="cancelled")
        if e.promoted is not None:
            rows[participants].change(e.promoted.hex, status="registered")
        if was == "waiting" or e.promoted is not None:  # the waiting list is one shorter either way
            self._session(rows, e, waiting=row["waiting"] - 1)
        else:
            self._session(rows, e, registered=row["registered"] - 1)

    @on(TrainingSession.AttendanceMarked)
    def attendance(self, rows, e):
        rows[participants].change(e.participant_id.hex, attended=e.attended)
        self._session(rows, e)

    @on(TrainingSession.FeedbackGiven)
    def feedback_given(self, rows, e):
        rows[feedback].add({
            "participant_id": e.participant_id.hex, "session_id": e.originator_id.hex,
            "city": self._of(rows, e)["city"], "usefulness": e.usefulness, "knowledge_before": e.knowledge_before,
            "knowledge_after": e.knowledge_after, "comments": e.comments})
        self._session(rows, e)

    @on(StaffTraining.Trained)
    def trained(self, rows, e):
        rows[qualifications].add({"username": e.username, "instrument": e.instrument, "city": e.city,
                                  "trained_on": e.trained_on})


# The events that change a row made by an earlier one: their rows are read for a batch.
_ANSWERS = (TrainingRequest.Accepted, TrainingRequest.Declined, TrainingRequest.Scheduled)
_OF_A_SESSION = (TrainingSession.Registered, TrainingSession.Cancelled, TrainingSession.AttendanceMarked,
                 TrainingSession.FeedbackGiven)
_OF_A_PARTICIPANT = (TrainingSession.Cancelled, TrainingSession.AttendanceMarked)


def _participants_of(e) -> list:
    promoted = getattr(e, "promoted", None)
    return [e.participant_id] if promoted is None else [e.participant_id, promoted]
