"""Training requests and sessions: the aggregates whose commands hold every rule of the training programme."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import date

from core.toolkit import N_, Aggregate, Personal, ValidationError, event

KINDS = (N_("training"), N_("practical_support"))
FORMATS = (N_("in_person"), N_("online"), N_("e_learning"))
LEVELS = (N_("introductory"), N_("intermediate"), N_("advanced"))
SECTORS = (N_("social_services"), N_("health_care"), N_("education"), N_("youth_work"), N_("police"),
           N_("prison_and_probation"), N_("civil_society"), N_("other_sector"))
REQUEST_STATES = (N_("open"), N_("accepted"), N_("scheduled"), N_("declined"))
PARTICIPANT_STATES = (N_("registered"), N_("waiting"), N_("cancelled"))
PARTICIPANT = N_("participant")  # the role the log names a participant by, who answers without an account
SCORES = (1, 2, 3, 4, 5)
MAX_SHORT, MAX_TEXT = 120, 2000
MAX_MINUTES, MAX_CAPACITY, MAX_LIST = 5 * 8 * 60, 500, 10


def code_hash(code: str) -> str:
    """The digest a feedback code is looked up by: the code itself is kept only encrypted."""
    return hashlib.sha256(code.encode()).hexdigest()


def _text(errors: dict, name: str, value, limit: int, required: bool = True) -> str:
    """Check one text field into `errors`; return it stripped."""
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        errors[name] = ["must be text"]
    elif required and not text:
        errors[name] = ["this field is required"]
    elif len(text) > limit:
        errors[name] = [f"at most {limit} characters"]
    return text


def _choice(errors: dict, name: str, value, choices) -> None:
    if value not in choices:
        errors[name] = [f"must be one of {', '.join(choices)}"]


def _score(errors: dict, name: str, value) -> None:
    if isinstance(value, bool) or value not in SCORES:
        errors[name] = ["must be a whole number from 1 to 5"]


def check_organisation(errors: dict, name, sector) -> str:
    """Check an organisation as entered (a name and its sector); return the name stripped."""
    _choice(errors, "sector", sector, SECTORS)
    return _text(errors, "organisation", name, MAX_SHORT)


class TrainingRequest(Aggregate):
    """An organisation's request for training or practical support, until a trainer answers it."""

    class Made(Aggregate.Created):
        city: str
        organisation: str
        sector: str
        kind: str
        needs: str
        audience: str
        preferred_dates: str

    class Accepted(Aggregate.Event):
        trainer: str

    class Declined(Aggregate.Event):
        trainer: str
        reason: str

    class Scheduled(Aggregate.Event):
        trainer: str
        session_id: uuid.UUID

    @classmethod
    def make(cls, city: str, organisation: str, sector: str, kind: str, needs: str, audience: str,
             preferred_dates: str) -> TrainingRequest:
        """Record a request: who asks (organisation and sector), for what, for whom and when."""
        errors: dict = {}
        organisation = check_organisation(errors, organisation, sector)
        _choice(errors, "kind", kind, KINDS)
        needs = _text(errors, "needs", needs, MAX_TEXT)
        audience = _text(errors, "audience", audience, MAX_SHORT)
        preferred_dates = _text(errors, "preferred_dates", preferred_dates, MAX_SHORT, required=False)
        if errors:
            raise ValidationError(errors)
        return cls(city=city, organisation=organisation, sector=sector, kind=kind, needs=needs, audience=audience,
                   preferred_dates=preferred_dates)

    @event(Made)
    def __init__(self, city, organisation, sector, kind, needs, audience, preferred_dates):
        self.city = city
        self.organisation = organisation
        self.sector = sector
        self.kind = kind
        self.needs = needs
        self.audience = audience
        self.preferred_dates = preferred_dates
        self.state = "open"  # one of REQUEST_STATES
        self.session_id = None

    def accept(self, trainer: str) -> None:
        """Accept an open request: the trainer will plan a session for it."""
        if self.state != "open":
            raise ValidationError({"state": [f"a request that is {self.state} cannot be accepted"]})
        self._accepted(trainer=trainer)

    @event(Accepted)
    def _accepted(self, trainer):
        self.state = "accepted"

    def decline(self, trainer: str, reason: str) -> None:
        """Decline a request that has no session yet, saying why (the organisation is told)."""
        if self.state not in ("open", "accepted"):
            raise ValidationError({"state": [f"a request that is {self.state} cannot be declined"]})
        errors: dict = {}
        reason = _text(errors, "reason", reason, MAX_TEXT)
        if errors:
            raise ValidationError({"reason": ["a request is declined with a reason"]} if not reason else errors)
        self._declined(trainer=trainer, reason=reason)

    @event(Declined)
    def _declined(self, trainer, reason):
        self.state = "declined"

    def schedule(self, trainer: str, session: TrainingSession) -> None:
        """Answer the request with a session planned for it, in the request's city."""
        if self.state not in ("open", "accepted"):
            raise ValidationError({"state": [f"a request that is {self.state} cannot be scheduled"]})
        if session.city != self.city:
            raise ValidationError({"city": ["the session is held in the request's city"]})
        self._scheduled(trainer=trainer, session_id=session.id)

    @event(Scheduled)
    def _scheduled(self, trainer, session_id):
        self.state = "scheduled"
        self.session_id = session_id


@dataclass
class Participant:
    """One person registered for a session: always their organisation, sector and role."""

    participant_id: uuid.UUID
    organisation: str
    sector: str
    role: str
    name: Personal | None
    contact: Personal | None
    status: str                 # one of PARTICIPANT_STATES
    attended: bool | None = None
    answered: bool = False


class TrainingSession(Aggregate):
    """One session of training: its plan, its participants with the waiting list, attendance and feedback."""

    class Planned(Aggregate.Created):
        city: str
        title: str
        held_on: date
        format: str
        duration_minutes: int
        topics: list
        level: str
        trainers: list
        capacity: int
        funding_line: str
        materials: str
        request_id: str | None
        retention_months: int

    class Registered(Aggregate.Event):
        participant_id: uuid.UUID
        organisation: str
        sector: str
        role: str
        name: Personal | None
        contact: Personal | None
        code: Personal
        code_hash: str
        waiting: bool

    class Cancelled(Aggregate.Event):
        participant_id: uuid.UUID
        promoted: uuid.UUID | None

    class AttendanceMarked(Aggregate.Event):
        participant_id: uuid.UUID
        attended: bool

    class FeedbackGiven(Aggregate.Event):
        participant_id: uuid.UUID
        usefulness: int
        knowledge_before: int
        knowledge_after: int
        comments: Personal | None

    @classmethod
    def plan(cls, city: str, title: str, held_on: date, format: str, duration_minutes: int, topics, level: str,
             trainers, capacity: int, funding_line: str = "", materials: str = "", request_id: str | None = None,
             retention_months: int = 12) -> TrainingSession:
        """Plan a session with its date, format, length, topics, level, trainers, capacity and funding line."""
        errors: dict = {}
        title = _text(errors, "title", title, MAX_SHORT)
        if not isinstance(held_on, date):
            errors["held_on"] = ["a date is required"]
        _choice(errors, "format", format, FORMATS)
        _choice(errors, "level", level, LEVELS)
        if isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int) or not (
                15 <= duration_minutes <= MAX_MINUTES):
            errors["duration_minutes"] = [f"from 15 to {MAX_MINUTES} minutes"]
        if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
            errors["capacity"] = [f"from 1 to {MAX_CAPACITY} participants"]
        topics, trainers = _names(errors, "topics", topics), _names(errors, "trainers", trainers)
        funding_line = _text(errors, "funding_line", funding_line, MAX_SHORT, required=False)
        materials = _text(errors, "materials", materials, MAX_TEXT, required=False)
        if errors:
            raise ValidationError(errors)
        return cls(city=city, title=title, held_on=held_on, format=format, duration_minutes=duration_minutes,
                   topics=topics, level=level, trainers=trainers, capacity=capacity, funding_line=funding_line,
                   materials=materials, request_id=request_id, retention_months=retention_months)

    @event(Planned)
    def __init__(self, city, title, held_on, format, duration_minutes, topics, level, trainers, capacity,
                 funding_line, materials, request_id, retention_months):
        self.city = city
        self.title = title
        self.held_on = held_on
        self.format = format
        self.duration_minutes = duration_minutes
        self.topics = list(topics)
        self.level = level
        self.trainers = list(trainers)
        self.capacity = capacity
        self.funding_line = funding_line
        self.materials = materials
        self.request_id = request_id
        self.retention_months = retention_months
        self.participants: dict[uuid.UUID, Participant] = {}  # in the order they registered

    def seated(self) -> list[Participant]:
        return [p for p in self.participants.values() if p.status == "registered"]

    def waiting(self) -> list[Participant]:
        return [p for p in self.participants.values() if p.status == "waiting"]

    def register(self, organisation: str, sector: str, role: str, name: str = "", contact: str = "",
                 today: date | None = None) -> tuple[uuid.UUID, str]:
        """Register a participant, on the waiting list once the session is full; return their id and feedback code.

        Name and contact are asked only where needed (a certificate, a reminder) and kept encrypted.
        """
        if today is not None and today > self.held_on:
            raise ValidationError({"held_on": ["registration closes when the session has been held"]})
        errors: dict = {}
        organisation = check_organisation(errors, organisation, sector)
        role = _text(errors, "role", role, MAX_SHORT)
        name = _text(errors, "name", name or "", MAX_SHORT, required=False)
        contact = _text(errors, "contact", contact or "", MAX_SHORT, required=False)
        if errors:
            raise ValidationError(errors)
        participant_id, code = uuid.uuid4(), secrets.token_urlsafe(18)
        self._registered(participant_id=participant_id, organisation=organisation, sector=sector, role=role,
                         name=Personal(participant_id, "identity", name) if name else None,
                         contact=Personal(participant_id, "contact", contact) if contact else None,
                         code=Personal(participant_id, "credential", code), code_hash=code_hash(code),
                         waiting=len(self.seated()) >= self.capacity)
        return participant_id, code

    @event(Registered)
    def _registered(self, participant_id, organisation, sector, role, name, contact, code, code_hash, waiting):
        self.participants[participant_id] = Participant(participant_id, organisation, sector, role, name, contact,
                                                        "waiting" if waiting else "registered")

    def _participant(self, participant_id) -> Participant:
        found = self.participants.get(uuid.UUID(str(participant_id))) if _is_id(participant_id) else None
        if found is None:
            raise ValidationError({"participant_id": ["no such participant in this session"]})
        return found

    def cancel(self, participant_id, today: date | None = None) -> uuid.UUID | None:
        """Cancel a registration; a freed seat goes to the first on the waiting list, whose id is returned."""
        participant = self._participant(participant_id)
        if participant.status == "cancelled":
            raise ValidationError({"participant_id": ["this registration is already cancelled"]})
        if today is not None and today > self.held_on:
            raise ValidationError({"held_on": ["a held session's registrations stay; mark attendance instead"]})
        waiting = self.waiting()
        promoted = waiting[0].participant_id if participant.status == "registered" and waiting else None
        self._cancelled(participant_id=participant.participant_id, promoted=promoted)
        return promoted

    @event(Cancelled)
    def _cancelled(self, participant_id, promoted):
        self.participants[participant_id].status = "cancelled"
        if promoted is not None:
            self.participants[promoted].status = "registered"

    def mark_attendance(self, participant_id, attended: bool, today: date) -> None:
        """Mark whether a registered participant attended, once the session has been held (not before)."""
        if today < self.held_on:
            raise ValidationError({"attendance": ["attendance is marked once the session has been held"]})
        participant = self._participant(participant_id)
        if participant.status != "registered":
            raise ValidationError({"participant_id": [f"a participant who is {participant.status} has no seat"]})
        if not isinstance(attended, bool):
            raise ValidationError({"attended": ["must be true or false"]})
        self._attendance_marked(participant_id=participant.participant_id, attended=attended)

    @event(AttendanceMarked)
    def _attendance_marked(self, participant_id, attended):
        self.participants[participant_id].attended = attended

    def give_feedback(self, participant_id, usefulness: int, knowledge_before: int, knowledge_after: int,
                      comments: str, today: date) -> None:
        """Record a participant's one answer: usefulness and knowledge before and after (1-5), and comments."""
        participant = self._participant(participant_id)
        if participant.answered:
            raise ValidationError({"feedback": ["this participant has already answered; each answers once"]})
        if participant.status != "registered":
            raise ValidationError({"feedback": ["only a participant with a seat gives feedback"]})
        if today < self.held_on:
            raise ValidationError({"feedback": ["feedback opens once the session has been held"]})
        errors: dict = {}
        for name, value in (("usefulness", usefulness), ("knowledge_before", knowledge_before),
                            ("knowledge_after", knowledge_after)):
            _score(errors, name, value)
        comments = _text(errors, "comments", comments or "", MAX_TEXT, required=False)
        if errors:
            raise ValidationError(errors)
        self._feedback_given(participant_id=participant.participant_id, usefulness=usefulness,
                             knowledge_before=knowledge_before, knowledge_after=knowledge_after,
                             comments=Personal(participant.participant_id, "note", comments) if comments else None)

    @event(FeedbackGiven)
    def _feedback_given(self, participant_id, usefulness, knowledge_before, knowledge_after, comments):
        self.participants[participant_id].answered = True


def _names(errors: dict, field: str, values) -> list[str]:
    """Check a short list of names (topics, trainers): at least one, each short."""
    if isinstance(values, str):
        values = [v for v in values.replace("\n", ";").split(";")]
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        errors[field] = ["must be a list of names"]
        return []
    names = [v.strip() for v in values if v.strip()]
    if not names:
        errors[field] = ["name at least one"]
    elif len(names) > MAX_LIST or any(len(n) > MAX_SHORT for n in names):
        errors[field] = [f"at most {MAX_LIST}, each at most {MAX_SHORT} characters"]
    return names


def _is_id(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class StaffTraining(Aggregate):
    """The assessment instruments one staff member has been trained in (casework may restrict rating to them)."""

    class Started(Aggregate.Created):
        username: str
        city: str

    class Trained(Aggregate.Event):
        username: str  # repeated from Started, so that each row of the register comes from one event
        city: str
        instrument: str
        trained_on: date

    @classmethod
    def create_id(cls, username: str, **_) -> uuid.UUID:
        return staff_training_id(username)

    @classmethod
    def start(cls, username: str, city: str, staff: set[str]) -> StaffTraining:
        """Start the record of an active staff member of the city."""
        if username not in staff:
            raise ValidationError({"username": ["no such staff member in the city"]})
        return cls(username=username, city=city)

    @event(Started)
    def __init__(self, username: str, city: str):
        self.username = username
        self.city = city
        self.instruments: dict[str, date] = {}

    def record(self, instrument: str, trained_on: date, known: set[str], today: date) -> None:
        """Record training in an instrument the city offers, once, on a day that has come."""
        if instrument not in known:
            raise ValidationError({"instrument": ["the city offers no such instrument"]})
        if instrument in self.instruments:
            raise ValidationError({"instrument": ["this training is already recorded"]})
        if not isinstance(trained_on, date) or trained_on > today:
            raise ValidationError({"trained_on": ["a day that has come"]})
        self._trained(username=self.username, city=self.city, instrument=instrument, trained_on=trained_on)

    @event(Trained)
    def _trained(self, username, city, instrument, trained_on):
        self.instruments[instrument] = trained_on


STAFF_NAMESPACE = uuid.UUID("6b3c2f0e-7a51-4b8e-9d0a-2c1f5e4d3b71")


def staff_training_id(username: str) -> uuid.UUID:
    """One record of instrument training per staff member, found from the username."""
    return uuid.uuid5(STAFF_NAMESPACE, username.lower())
