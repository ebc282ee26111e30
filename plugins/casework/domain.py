"""The Case aggregate and its events: what happened in a piece of exit work, and the rules it keeps."""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import N_, Aggregate, Personal, ValidationError, event

# Code values, stored as they are and shown through _(value): N_ marks them for the catalogs.
KINDS = (N_("individual"), N_("family"), N_("anonymous"), N_("consultation"))
PHASES = (N_("first_contact"), N_("screening"), N_("assessment"), N_("support_plan"), N_("active_support"),
          N_("reintegration"), N_("closed"), N_("follow_up"))
CHANNELS = (N_("phone"), N_("email"), N_("messaging"), N_("self"), N_("family"), N_("agency"))
MEETING_MODES = (N_("in_person"), N_("phone"), N_("online"), N_("in_prison"))
MAX_MINUTES = 24 * 60
MAX_NOTE = 4000

# The path of a case: forward one step, back to plan or assess again while support runs, closed from
# any open phase (not suitable, withdrawn, lost contact), and follow-up only after closure.
NEXT_PHASES = {
    "first_contact": ("screening", "closed"),
    "screening": ("assessment", "closed"),
    "assessment": ("support_plan", "closed"),
    "support_plan": ("active_support", "assessment", "closed"),
    "active_support": ("reintegration", "support_plan", "assessment", "closed"),
    "reintegration": ("active_support", "closed"),
    "closed": ("follow_up",),
    "follow_up": ("active_support", "closed"),
}


class Case(Aggregate):
    """One person's (or family's) exit-work case in one city."""

    class Opened(Aggregate.Created):
        city: str
        kind: str
        client_id: uuid.UUID
        pseudonym: Personal
        channel: str

    class WorkerAssigned(Aggregate.Event):
        worker_id: str

    class MeetingRecorded(Aggregate.Event):
        held_on: date
        mode: str
        minutes: int
        note: Personal | None

    class PhaseChanged(Aggregate.Event):
        phase: str
        reason: str

    @classmethod
    def open(cls, city: str, kind: str, pseudonym: str, channel: str, client_id: uuid.UUID | None = None) -> Case:
        """Open a case for a client known, if need be, by a pseudonym only."""
        errors = {}
        if kind not in KINDS:
            errors["kind"] = [f"must be one of {', '.join(KINDS)}"]
        if channel not in CHANNELS:
            errors["channel"] = [f"must be one of {', '.join(CHANNELS)}"]
        if not isinstance(pseudonym, str) or not pseudonym.strip():
            errors["pseudonym"] = ["is required"]
        if not city:
            errors["city"] = ["a case belongs to a city"]
        _refuse(errors)
        client_id = client_id or uuid.uuid4()
        return cls(city=city, kind=kind, client_id=client_id,
                   pseudonym=Personal(client_id, "identity", pseudonym.strip()), channel=channel)

    @event(Opened)
    def __init__(self, city: str, kind: str, client_id: uuid.UUID, pseudonym: Personal, channel: str):
        self.city = city
        self.kind = kind
        self.client_id = client_id
        self.pseudonym = pseudonym
        self.channel = channel
        self.phase = "first_contact"
        self.worker_id = None
        self.meetings = 0

    def assign(self, worker_id: str) -> None:
        """Give the case to an exit worker."""
        if not worker_id or not worker_id.strip():
            raise ValidationError({"worker_id": ["name the worker"]})
        self._assigned(worker_id=worker_id.strip())

    @event(WorkerAssigned)
    def _assigned(self, worker_id: str):
        self.worker_id = worker_id

    def record_meeting(self, held_on: date, mode: str, minutes: int, note: str | None = None) -> None:
        """Record a meeting with the client; the note is the client's personal data."""
        errors = {}
        if not isinstance(held_on, date):
            errors["held_on"] = ["give the date as YYYY-MM-DD"]
        if mode not in MEETING_MODES:
            errors["mode"] = [f"must be one of {', '.join(MEETING_MODES)}"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= MAX_MINUTES:
            errors["minutes"] = [f"must be a whole number from 1 to {MAX_MINUTES}"]
        if note is not None and len(note) > MAX_NOTE:
            errors["note"] = [f"at most {MAX_NOTE} characters"]
        _refuse(errors)
        self._met(held_on=held_on, mode=mode, minutes=minutes,
                  note=Personal(self.client_id, "note", note) if note else None)

    @event(MeetingRecorded)
    def _met(self, held_on: date, mode: str, minutes: int, note: Personal | None):
        self.meetings += 1

    def move_to(self, phase: str, reason: str) -> None:
        """Move the case along its path, with the reason; a step the path does not allow is refused."""
        if phase not in PHASES:
            raise ValidationError({"phase": [f"must be one of {', '.join(PHASES)}"]})
        if phase not in NEXT_PHASES[self.phase]:
            allowed = ", ".join(NEXT_PHASES[self.phase])
            raise ValidationError({"phase": [f"a case in {self.phase} can move to {allowed}, not to {phase}"]})
        if not reason or not reason.strip():
            raise ValidationError({"reason": ["a phase change needs a reason"]})
        self._moved(phase=phase, reason=reason.strip())

    @event(PhaseChanged)
    def _moved(self, phase: str, reason: str):
        self.phase = phase


def _refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
