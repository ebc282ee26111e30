"""Training's read models: requests, sessions with their counts, participants, feedback and staff training."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table, Text, update

from core.toolkit import PersonalText, Projection, metadata, on
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


class TrainingRegister(Projection):
    """Requests, sessions with their counts, participants and feedback, and the instruments staff are trained in."""

    name = "training"
    tables = (requests, sessions, participants, feedback, qualifications)

    @on(TrainingRequest.Made)
    def made(self, session, e):
        session.execute(requests.insert().values(
            request_id=e.originator_id.hex, city=e.city, organisation=e.organisation, sector=e.sector, kind=e.kind,
            needs=e.needs, audience=e.audience, preferred_dates=e.preferred_dates, state="open", made_at=e.timestamp,
            version=e.originator_version))

    def _request(self, session, e, **values):
        session.execute(update(requests).where(requests.c.request_id == e.originator_id.hex).values(
            version=e.originator_version, answered_by=e.trainer, **values))

    @on(TrainingRequest.Accepted)
    def accepted(self, session, e):
        self._request(session, e, state="accepted")

    @on(TrainingRequest.Declined)
    def declined(self, session, e):
        self._request(session, e, state="declined", decline_reason=e.reason)

    @on(TrainingRequest.Scheduled)
    def scheduled(self, session, e):
        self._request(session, e, state="scheduled", session_id=e.session_id.hex)

    @on(TrainingSession.Planned)
    def planned(self, session, e):
        session.execute(sessions.insert().values(
            session_id=e.originator_id.hex, city=e.city, title=e.title, held_on=e.held_on, format=e.format,
            duration_minutes=e.duration_minutes, topics="; ".join(e.topics), level=e.level,
            trainers="; ".join(e.trainers), capacity=e.capacity, funding_line=e.funding_line, materials=e.materials,
            request_id=e.request_id, retention_months=e.retention_months, registered=0, waiting=0,
            version=e.originator_version))

    def _session(self, session, e, **values):
        session.execute(update(sessions).where(sessions.c.session_id == e.originator_id.hex).values(
            version=e.originator_version, **values))

    def _status(self, session, participant_id, status):
        session.execute(update(participants).where(participants.c.participant_id == participant_id.hex)
                        .values(status=status))

    @on(TrainingSession.Registered)
    def registered(self, session, e):
        row = session.execute(sessions.select().where(sessions.c.session_id == e.originator_id.hex)).one()
        session.execute(participants.insert().values(
            participant_id=e.participant_id.hex, session_id=row.session_id, city=row.city,
            position=e.originator_version, organisation=e.organisation, sector=e.sector, role=e.role, name=e.name,
            contact=e.contact, code=e.code, code_hash=e.code_hash, status="waiting" if e.waiting else "registered",
            erase_after=months_after(row.held_on, row.retention_months), registered_at=e.timestamp))
        counted = sessions.c.waiting if e.waiting else sessions.c.registered
        self._session(session, e, **{counted.name: counted + 1})

    @on(TrainingSession.Cancelled)
    def cancelled(self, session, e):
        was = session.execute(participants.select().where(participants.c.participant_id == e.participant_id.hex)
                              ).one().status
        self._status(session, e.participant_id, "cancelled")
        if e.promoted is not None:
            self._status(session, e.promoted, "registered")
        if was == "waiting" or e.promoted is not None:  # the waiting list is one shorter either way
            self._session(session, e, waiting=sessions.c.waiting - 1)
        else:
            self._session(session, e, registered=sessions.c.registered - 1)

    @on(TrainingSession.AttendanceMarked)
    def attendance(self, session, e):
        session.execute(update(participants).where(participants.c.participant_id == e.participant_id.hex)
                        .values(attended=e.attended))
        self._session(session, e)

    @on(TrainingSession.FeedbackGiven)
    def feedback_given(self, session, e):
        city = session.execute(sessions.select().where(sessions.c.session_id == e.originator_id.hex)).one().city
        session.execute(feedback.insert().values(
            participant_id=e.participant_id.hex, session_id=e.originator_id.hex, city=city, usefulness=e.usefulness,
            knowledge_before=e.knowledge_before, knowledge_after=e.knowledge_after, comments=e.comments))
        self._session(session, e)

    @on(StaffTraining.Trained)
    def trained(self, session, e):
        session.execute(qualifications.insert().values(username=e.username, instrument=e.instrument, city=e.city,
                                                       trained_on=e.trained_on))
