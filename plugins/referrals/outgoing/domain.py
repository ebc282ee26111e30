"""The OutgoingReferral aggregate: a client referred from a case to a service, and what the service answered.

Information leaves the programme only with the client's consent to share with that organisation, or on a legal
basis of the fixed list with its provision; a holder of ``referrals.override`` may send without either, with a
reason, and the coordinator sees it flagged.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from core.toolkit import N_, Aggregate, Personal, event
from plugins.casework.api import CONSENT, ITEMS, LEGAL_BASES, OVERRIDE
from plugins.referrals.rules import MAX_TEXT, day, one_of, refuse, text

BASES = (CONSENT, *LEGAL_BASES, OVERRIDE)
STATUSES = (N_("drafted"), N_("sent"), N_("received"), N_("accepted"), N_("declined"), N_("completed"),
            N_("withdrawn"))
ANSWERS = {"sent": ("received", "accepted", "declined"), "received": ("accepted", "declined"),
           "accepted": ("completed",)}  # what the receiving service may answer, by where the referral stands
OPEN = ("drafted", "sent", "received", "accepted")
ANSWER_DAYS = 14  # days a service has to answer a referral before it shows as overdue
MIN_PROVISION = 5
MAX_PROVISION = 300


class OutgoingReferral(Aggregate):
    """A referral from a case to a service of the network's directory, with what is shared and on which basis."""

    class Drafted(Aggregate.Created):
        case_id: uuid.UUID
        client_id: uuid.UUID
        city: str
        service_id: str
        organisation_id: str
        organisation: str
        category: str
        purpose: Personal           # why the client is referred
        items: list                 # what is shared: casework's ITEMS
        basis: str                  # consent, a legal basis, or override
        provision: str | None       # the act and section of a legal basis
        override_reason: Personal | None

    class Sent(Aggregate.Event):
        on: date
        answer_due: date

    class Answered(Aggregate.Event):
        status: str                 # received, accepted, declined or completed
        on: date
        feedback: Personal | None   # what the receiving service said
        answer_due: date | None

    class Withdrawn(Aggregate.Event):
        reason: Personal

    @classmethod
    def draft(cls, case: dict, sharing, service, purpose: str, items, basis: str, provision: str | None,
              override_reason: str | None, may_override: bool) -> OutgoingReferral:
        """Draft a referral of an open case's client to an active service (plugins.network.api.Service); the basis
        is checked against `sharing`, the organisations the client consented to share with."""
        errors: dict = {}
        if service is None or not service.active:
            errors["service_id"] = ["choose an active service of the network's directory"]
        elif case["city"] not in service.cities:
            errors["service_id"] = ["the service does not work in the case's city"]
        if case["phase"] == "closed":
            errors["case"] = ["a closed case refers no one; open it again first"]
        purpose = text(errors, "purpose", purpose)
        items = list(dict.fromkeys(items or ()))
        if not items:
            errors["items"] = ["choose what is shared with the service"]
        elif unknown := [i for i in items if i not in ITEMS]:
            errors["items"] = [f"unknown: {', '.join(map(str, unknown))}; choose from {', '.join(ITEMS)}"]
        organisation = service.organisation if service is not None else ""
        provision, reason = _basis(errors, basis, provision, override_reason, may_override, organisation, sharing)
        refuse(errors)
        client_id = uuid.UUID(case["client_id"])
        return cls(case_id=uuid.UUID(case["case_id"]), client_id=client_id, city=case["city"],
                   service_id=service.service_id, organisation_id=service.organisation_id, organisation=organisation,
                   category=service.category, purpose=Personal(client_id, "note", purpose), items=items,
                   basis=basis, provision=provision,
                   override_reason=Personal(client_id, "note", reason) if reason else None)

    @event(Drafted)
    def __init__(self, case_id, client_id, city, service_id, organisation_id, organisation, category, purpose, items,
                 basis, provision, override_reason):
        self.case_id, self.client_id, self.city = case_id, client_id, city
        self.service_id, self.organisation, self.category = service_id, organisation, category
        self.items, self.basis, self.provision = list(items), basis, provision
        self.purpose, self.override_reason = purpose, override_reason
        self.status = "drafted"
        self.answer_due: date | None = None

    def send(self, sharing, on: date, today: date) -> None:
        """Send the drafted referral; consent is checked again, as the case stands now."""
        errors: dict = {}
        if self.status != "drafted":
            errors["status"] = [f"only a drafted referral is sent; this one is {self.status}"]
        elif self.basis == CONSENT and not _consented(self.organisation, sharing):
            errors["basis"] = ["the client's consent to share with this organisation is no longer in force"]
        day(errors, "on", on, today)
        refuse(errors)
        self._sent(on=on, answer_due=on + timedelta(days=ANSWER_DAYS))

    @event(Sent)
    def _sent(self, on, answer_due):
        self.status, self.sent_on, self.answer_due = "sent", on, answer_due

    def answer(self, status: str, on: date, feedback: str | None, today: date) -> None:
        """Record what the receiving service answered (received, accepted, declined, completed), with its feedback."""
        errors: dict = {}
        allowed = ANSWERS.get(self.status, ())
        if not allowed:
            errors["status"] = [f"a referral that is {self.status} takes no answer"]
        else:
            one_of(errors, "status", status, allowed)
        day(errors, "on", on, today)
        if isinstance(on, date) and getattr(self, "sent_on", None) and on < self.sent_on:
            errors["on"] = ["an answer comes on or after the day the referral was sent"]
        feedback = text(errors, "feedback", feedback, MAX_TEXT, required=status == "declined")
        refuse(errors)
        due = on + timedelta(days=ANSWER_DAYS) if status == "received" else None
        self._answered(status=status, on=on, answer_due=due,
                       feedback=Personal(self.client_id, "note", feedback) if feedback else None)

    @event(Answered)
    def _answered(self, status, on, feedback, answer_due):
        self.status, self.answer_due = status, answer_due

    def withdraw(self, reason: str) -> None:
        """Withdraw the referral, with the reason; one that was answered for good is not withdrawn."""
        errors: dict = {}
        if self.status not in OPEN:
            errors["status"] = [f"a referral that is {self.status} is not withdrawn"]
        reason = text(errors, "reason", reason)
        refuse(errors)
        self._withdrawn(reason=Personal(self.client_id, "note", reason))

    @event(Withdrawn)
    def _withdrawn(self, reason):
        self.status, self.answer_due = "withdrawn", None


def _consented(organisation: str, sharing) -> bool:
    return organisation.casefold() in {o.casefold() for o in sharing}


def _basis(errors, basis, provision, override_reason, may_override, organisation, sharing):
    """Check the basis of sharing; return the provision and the override's reason as they are kept."""
    provision = (provision or "").strip() or None
    reason = (override_reason or "").strip() or None
    if basis not in BASES:
        errors["basis"] = [f"information is shared only under the client's consent or a legal basis: one of "
                           f"{', '.join(BASES)}"]
    elif basis == CONSENT:
        if organisation and not _consented(organisation, sharing):
            errors["basis"] = ["the client has not consented to share with this organisation: record the consent "
                               "on the case first, or name the legal basis that allows sharing without it"]
    elif basis == OVERRIDE:
        if not may_override:
            errors["basis"] = ["only a holder of the override permission sends a referral without consent or a "
                               "legal basis"]
        elif not reason:
            errors["override_reason"] = ["an override needs its reason"]
        elif len(reason) > MAX_TEXT:
            errors["override_reason"] = [f"at most {MAX_TEXT} characters"]
    elif not provision or len(provision) < MIN_PROVISION:
        errors["provision"] = ["name the provision of the legal basis (for example, the act and section)"]
    elif len(provision) > MAX_PROVISION:
        errors["provision"] = [f"at most {MAX_PROVISION} characters"]
    if basis != OVERRIDE and reason:
        errors["override_reason"] = ["a reason to override is given only with the basis override"]
    if basis == CONSENT and provision:
        errors["provision"] = ["sharing under consent names no provision"]
    return (provision if basis in LEGAL_BASES else None), (reason if basis == OVERRIDE else None)
