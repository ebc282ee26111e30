"""Erasure requests (GDPR Art. 17): recorded, refused while the data must be kept, carried out otherwise."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Column, Date, DateTime, String, Table, Text, select, update

from core import signals
from core.columns import PersonalText
from core.days import FIRST_DAY, finnish_today
from core.erasure import AlreadyErasedError, record_erasure, scrub_destroyed_keys
from core.errors import ValidationError
from core.events import Actor, Aggregate, event
from core.projections import Projection, on
from core.retention import holds
from core.tables import metadata
from core.vault import Personal

MAX_REQUESTER = 300


class ErasureRequest(Aggregate):
    """One person's request to have their data erased, and what was decided."""

    class Received(Aggregate.Created):
        person_id: uuid.UUID
        requester: Personal      # who asked and how (the person themself by letter, a guardian), under the person's key
        received_on: date
        received_by: str         # the staff member who took the request in

    class Refused(Aggregate.Event):
        reasons: list            # what holds the data, and on what ground (no personal data)

    class CarriedOut(Aggregate.Event):
        erasure_id: uuid.UUID

    @classmethod
    def receive(cls, person_id, requester: str, received_on: date, received_by: str,
                today: date) -> ErasureRequest:
        """Record a request as it came in; who asked, when and to whom are all required."""
        errors = {}
        if not requester or not requester.strip():
            errors["requester"] = ["say who asked and how (for example: the person themself, by letter)"]
        elif len(requester) > MAX_REQUESTER:
            errors["requester"] = [f"at most {MAX_REQUESTER} characters"]
        if not isinstance(received_on, date):
            errors["received_on"] = ["give the date as YYYY-MM-DD"]
        elif received_on > today:
            errors["received_on"] = ["a request cannot be received in the future"]
        elif received_on < FIRST_DAY:
            errors["received_on"] = ["give a date from 1900 on"]
        if not received_by or not received_by.strip():
            errors["received_by"] = ["name the staff member who received the request"]
        if errors:
            raise ValidationError(errors)
        person_id = uuid.UUID(str(person_id))
        return cls(person_id=person_id, requester=Personal(person_id, "identity", requester.strip()),
                   received_on=received_on, received_by=received_by.strip())

    @event(Received)
    def __init__(self, person_id: uuid.UUID, requester: Personal, received_on: date, received_by: str):
        self.person_id = person_id
        self.requester = requester
        self.received_on = received_on
        self.received_by = received_by
        self.state = "received"
        self.reasons: list[str] = []
        self.erasure_id: uuid.UUID | None = None

    def refuse(self, reasons: list[str]) -> None:
        """Refuse the request with every reason the data must be kept."""
        self._undecided()
        if not reasons or not all(r and r.strip() for r in reasons):
            raise ValidationError({"reasons": ["a request is refused only with the reason the data must be kept"]})
        self._refused(reasons=[r.strip() for r in reasons])

    @event(Refused)
    def _refused(self, reasons: list):
        self.state = "refused"
        self.reasons = list(reasons)

    def carry_out(self, erasure_id: uuid.UUID) -> None:
        """Note the erasure that answered the request."""
        self._undecided()
        self._carried_out(erasure_id=erasure_id)

    @event(CarriedOut)
    def _carried_out(self, erasure_id: uuid.UUID):
        self.state = "carried_out"
        self.erasure_id = erasure_id

    def _undecided(self) -> None:
        if self.state != "received":
            raise ValidationError({"state": [f"the request is already {self.state.replace('_', ' ')}"]})


def request_erasure(store, host, settings, actor: Actor, person_id, requester: str, received_on: date,
                    received_by: str, today: date | None = None) -> ErasureRequest:
    """Record a request and decide it at once: refused with the reasons while anything holds the data, else erased."""
    today = today or finnish_today()
    person_id = uuid.UUID(str(person_id))
    kept = store.vault.key_state(person_id)
    if kept == "erased":
        raise AlreadyErasedError(f"person {person_id} was already erased")
    request = ErasureRequest.receive(person_id, requester, received_on, received_by, today)
    if kept is None:  # a mistyped id would be "erased" while the person's data stays
        raise ValidationError({"person_id": ["no personal data is held under this person id: check it"]})
    reason = f"erasure request {request.id} received {received_on.isoformat()}"
    with store.acting(actor, reason=reason) as session:
        store.save(request)
        # Decided inside the transaction that erases, so that a case reopened meanwhile holds the person.
        if found := holds(store, host, settings, person_id, today):
            request.refuse([f"{h.record}: {h.reason}" for h in found])
        else:
            erasure = record_erasure(store, session, person_id, f"{reason}; no retention period or other basis applies")
            request.carry_out(erasure.id)
        store.save(request)
    if request.state == "refused":
        return request
    scrub_destroyed_keys(store)
    signals.person_erased.send(store, person_id=person_id)
    return request


erasure_requests = Table(
    "exitfi_erasure_requests", metadata,
    Column("request_id", String(32), primary_key=True),
    Column("person_id", String(32), nullable=False, index=True),
    Column("requester", PersonalText, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("received_by", String(64), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, index=True),
    Column("state", String(20), nullable=False),  # received, refused, carried_out
    Column("reasons", Text, nullable=True),        # the holds' reasons, one a line
)


class ErasureRequests(Projection):
    """The erasure requests and what was decided, newest first, for the data-protection officer."""

    name = "exitfi_erasure_requests"
    tables = (erasure_requests,)

    @on(ErasureRequest.Received)
    def received(self, session, e):
        session.execute(erasure_requests.insert().values(
            request_id=e.originator_id.hex, person_id=e.person_id.hex, requester=e.requester,
            received_on=e.received_on, received_by=e.received_by, recorded_by=e.meta.actor_id,
            recorded_at=e.timestamp, state="received"))

    @on(ErasureRequest.Refused)
    def refused(self, session, e):
        session.execute(update(erasure_requests).where(erasure_requests.c.request_id == e.originator_id.hex)
                        .values(state="refused", reasons="\n".join(e.reasons)))

    @on(ErasureRequest.CarriedOut)
    def carried_out(self, session, e):
        session.execute(update(erasure_requests).where(erasure_requests.c.request_id == e.originator_id.hex)
                        .values(state="carried_out"))


def recent_requests(store, limit: int = 200) -> list:
    """The latest erasure requests, newest first."""
    with store.reading() as session:
        return session.execute(select(erasure_requests).order_by(erasure_requests.c.recorded_at.desc())
                               .limit(limit)).all()
