"""The IncomingReferral aggregate: a person referred to the programme, and the coordinator's triage."""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import N_, Aggregate, Personal, ValidationError, event
from plugins.referrals.rules import MAX_NAME, MAX_TEXT, day, one_of, refuse, text

# Where a referral comes from: the same codes as a case's referral source, so an accepted one carries it over.
SOURCES = (N_("self_referral"), N_("family_member"), N_("police"), N_("social_services"), N_("health_care"),
           N_("school"), N_("criminal_sanctions_agency"), N_("ngo"), N_("other_source"))
NO_ORGANISATION = ("self_referral", "family_member")  # sources that are people, not organisations
URGENCIES = (N_("urgent"), N_("soon"), N_("routine"))  # most urgent first: the queue's order
STATUSES = (N_("received"), N_("accepted"), N_("declined"), N_("referred_on"))


class IncomingReferral(Aggregate):
    """A referral to the programme: from whom, about what, how urgent, whether the person knows and consents."""

    class Received(Aggregate.Created):
        city: str
        source: str
        organisation_id: str | None   # in the network's directory, else None (a free entry or a person)
        organisation: str | None      # the organisation's name as it was when the referral came
        contact_id: str | None        # a contact person of the directory, if the referrer is one
        person_id: uuid.UUID          # the referred person; becomes the client of an accepted referral's case
        person: Personal              # a name or pseudonym
        concern: Personal
        urgency: str
        person_knows: bool
        person_consents: bool
        referrer_id: uuid.UUID
        referrer_contact: Personal | None  # how to reach the referrer for feedback
        received_on: date
        name_index: Personal | None   # blind index of the name, encrypted like it (an access or erasure request)
        name_bucket: str | None       # its first two hex digits: a search decrypts one bucket, not every referral
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state):
            state.update(name_index=None, name_bucket=None)  # referrals received before the name was indexed

    class Accepted(Aggregate.Event):
        case_id: uuid.UUID

    class Declined(Aggregate.Event):
        reason: Personal

    class ReferredOn(Aggregate.Event):
        service_id: str
        organisation: str
        reason: Personal

    class FeedbackGiven(Aggregate.Event):
        told: Personal       # what the referrer was told
        on: date

    @classmethod
    def receive(cls, city: str, source: str, organisation_id: str | None, directory, organisation: str | None,
                contact_id: str | None, person: str, concern: str, urgency: str, person_knows: bool,
                person_consents: bool, referrer_contact: str | None, received_on: date,
                today: date, name_index: str | None = None) -> IncomingReferral:
        """Record a referral in; an organisation is named unless a person referred themself or a family member:
        `organisation_id` of the directory (`directory` is what plugins.network.api found under it, or None), with
        one of its contact persons if the referrer is one, or a free entry `organisation` not yet in it."""
        errors: dict = {}
        one_of(errors, "source", source, SOURCES)
        if organisation_id and directory is None:
            errors["organisation_id"] = ["no such organisation in the network's directory"]
        elif directory is not None:
            organisation_id, organisation = directory.organisation_id, directory.name
        if contact_id and (directory is None or contact_id not in directory.contact_ids):
            errors["contact_id"] = ["choose a contact person of the organisation chosen from the directory"]
        organisation = text(errors, "organisation", organisation, MAX_NAME, required=source not in NO_ORGANISATION)
        person = text(errors, "person", person, MAX_NAME)
        concern = text(errors, "concern", concern)
        one_of(errors, "urgency", urgency, URGENCIES)
        for field, value in (("person_knows", person_knows), ("person_consents", person_consents)):
            if not isinstance(value, bool):
                errors[field] = ["say yes or no"]
        if person_consents is True and person_knows is False:
            errors["person_consents"] = ["a person who does not know of the referral cannot have consented to it"]
        referrer_contact = text(errors, "referrer_contact", referrer_contact, MAX_NAME,
                                required=source != "self_referral")
        day(errors, "received_on", received_on, today)
        if not city:
            errors["city"] = ["a referral comes to a city"]
        refuse(errors)
        person_id, referrer_id = uuid.uuid4(), uuid.uuid4()
        return cls(city=city, source=source, organisation_id=organisation_id or None,
                   organisation=organisation or None, contact_id=contact_id or None, person_id=person_id,
                   person=Personal(person_id, "identity", person), concern=Personal(person_id, "note", concern),
                   urgency=urgency, person_knows=person_knows, person_consents=person_consents,
                   referrer_id=referrer_id,
                   referrer_contact=Personal(referrer_id, "contact", referrer_contact) if referrer_contact else None,
                   received_on=received_on,
                   name_index=Personal(person_id, "identity", name_index) if name_index else None,
                   name_bucket=name_index[:2] if name_index else None)

    @event(Received)
    def __init__(self, city, source, organisation_id, organisation, contact_id, person_id, person, concern, urgency,
                 person_knows, person_consents, referrer_id, referrer_contact, received_on, name_index,
                 name_bucket):
        self.city, self.source, self.urgency = city, source, urgency
        self.organisation_id, self.organisation, self.contact_id = organisation_id, organisation, contact_id
        self.person_id, self.person, self.referrer_id = person_id, person, referrer_id
        self.received_on = received_on
        self.status = "received"
        self.case_id: uuid.UUID | None = None

    def ensure_undecided(self) -> None:
        """Refuse a decision on a referral already decided."""
        if self.status != "received":
            raise ValidationError({"status": [f"the referral is already {self.status}"]})

    def accept(self, case_id: uuid.UUID) -> None:
        """Accept the referral into the case opened for it."""
        self.ensure_undecided()
        self._accepted(case_id=case_id)

    @event(Accepted)
    def _accepted(self, case_id):
        self.status, self.case_id = "accepted", case_id

    def decline(self, reason: str) -> None:
        """Decline the referral, with the reason."""
        self.ensure_undecided()
        errors: dict = {}
        reason = text(errors, "reason", reason)
        refuse(errors)
        self._declined(reason=Personal(self.person_id, "note", reason))

    @event(Declined)
    def _declined(self, reason):
        self.status = "declined"

    def refer_on(self, service, reason: str) -> None:
        """Refer the person on to an active service of the network's directory (plugins.network.api.Service)."""
        self.ensure_undecided()
        errors: dict = {}
        if service is None or not service.active:
            errors["service_id"] = ["choose an active service of the network's directory"]
        reason = text(errors, "reason", reason)
        refuse(errors)
        self._referred_on(service_id=service.service_id, organisation=service.organisation,
                          reason=Personal(self.person_id, "note", reason))

    @event(ReferredOn)
    def _referred_on(self, service_id, organisation, reason):
        self.status = "referred_on"

    def give_feedback(self, told: str, on: date, today: date) -> None:
        """Record what the referrer was told, and on which day; a self-referral has no referrer to tell."""
        errors: dict = {}
        if self.source == "self_referral":
            errors["told"] = ["a person who referred themself gets their answer in person"]
        told = text(errors, "told", told, MAX_TEXT)
        day(errors, "on", on, today)
        if isinstance(on, date) and on < self.received_on:
            errors["on"] = ["feedback is given on or after the day the referral came"]
        refuse(errors)
        self._feedback(told=Personal(self.person_id, "note", told), on=on)

    @event(FeedbackGiven)
    def _feedback(self, told, on):
        pass
