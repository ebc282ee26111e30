"""The Case aggregate and its events: what happened in a piece of exit work."""

from __future__ import annotations

import uuid
from datetime import date

from core.events import Aggregate, event
from core.vault import Personal

KINDS = ("individual", "family", "anonymous", "consultation")
PHASES = ("first_contact", "screening", "assessment", "support_plan", "active_support",
          "reintegration", "closed", "follow_up")
CHANNELS = ("phone", "email", "messaging", "self", "family", "agency")
MEETING_MODES = ("in_person", "phone", "online", "in_prison")


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

    @event(WorkerAssigned)
    def assign(self, worker_id: str):
        self.worker_id = worker_id

    @event(MeetingRecorded)
    def record_meeting(self, held_on: date, mode: str, minutes: int, note: Personal | None):
        self.meetings += 1

    @event(PhaseChanged)
    def move_to(self, phase: str, reason: str):
        self.phase = phase
