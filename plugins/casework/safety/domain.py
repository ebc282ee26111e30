"""The SafetyPlan aggregate: a case's safety plan and its revisions, and escalations to police or child protection."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from core.toolkit import N_, Aggregate, Personal, ValidationError, event, lazy_gettext

RECIPIENTS = (N_("police"), N_("child_protection"))
# The legal bases on which information about a client goes to the police or child protection without consent,
# each with the provision it rests on (shown through _(value)), and whom it lets the worker tell.
LEGAL_BASES = (N_("child_welfare_notification"), N_("serious_offence_prevention"), N_("imminent_danger"),
               N_("court_or_authority_request"))
PROVISIONS = {
    "child_welfare_notification": N_("Child Welfare Act 417/2007, section 25: the duty to notify"),
    "serious_offence_prevention": N_("Criminal Code 39/1889, chapter 15, section 10: the duty to report a serious "
                                     "offence that is being planned"),
    "imminent_danger": N_("A threat to someone's life or health that cannot otherwise be averted"),
    "court_or_authority_request": N_("A request from a court or an authority entitled by law to the information"),
}
BASIS_RECIPIENTS = {"serious_offence_prevention": ("police",)}  # the others may go to either
PLAN_PARTS = ("warning_signs", "coping", "contacts", "measures")
MAX_TEXT = 4000
NAMESPACE = uuid.UUID("6a1f3c2e-8d4b-4f0a-b1e7-2c9d5e8f7a13")


def plan_id(case_id) -> uuid.UUID:
    """The id of a case's safety record: one per case, found from the case alone."""
    return uuid.uuid5(NAMESPACE, uuid.UUID(str(case_id)).hex)


@dataclass
class Escalation:
    """Information given to police or child protection: to whom, when, why and on what basis."""

    number: int
    recipient: str
    escalated_on: date
    prompted_by: Personal
    legal_basis: str
    escalated_by: str
    acknowledged_by: str | None = None


class SafetyPlan(Aggregate):
    """A case's safety plan, revised over time, and the escalations made about the case."""

    class Started(Aggregate.Created):
        case_id: uuid.UUID
        client_id: uuid.UUID
        city: str

    class Revised(Aggregate.Event):
        warning_signs: Personal | None
        coping: Personal | None      # what helps: the client's own ways of coping
        contacts: Personal | None    # people and services to contact
        measures: Personal           # the measures agreed
        reviewed_on: date

    class Escalated(Aggregate.Event):
        number: int
        recipient: str
        escalated_on: date
        prompted_by: Personal
        legal_basis: str
        escalated_by: str

    class Acknowledged(Aggregate.Event):
        number: int
        coordinator: str

    @classmethod
    def start(cls, case) -> SafetyPlan:
        """Start the safety record of a case (its plan or first escalation follows in the same command)."""
        return cls(case_id=case.id, client_id=case.client_id, city=case.city)

    @staticmethod
    def create_id(case_id):
        return plan_id(case_id)

    @event(Started)
    def __init__(self, case_id, client_id, city):
        self.case_id = case_id
        self.client_id = client_id
        self.city = city
        self.plan: dict | None = None        # the latest revision's parts, and its review day
        self.revisions = 0
        self.escalations: dict[int, Escalation] = {}

    def revise(self, warning_signs: str | None, coping: str | None, contacts: str | None, measures: str | None,
               reviewed_on) -> None:
        """Record the plan as agreed and reviewed on a day; the latest revision is the plan in force."""
        texts = {"warning_signs": warning_signs, "coping": coping, "contacts": contacts, "measures": measures}
        errors = {}
        for name, text in texts.items():
            if text is not None and not isinstance(text, str):
                errors[name] = ["must be text"]
            elif text and len(text) > MAX_TEXT:
                errors[name] = [f"at most {MAX_TEXT} characters"]
        if not errors.get("measures") and not (measures or "").strip():
            errors["measures"] = ["a safety plan records the measures agreed"]
        if not isinstance(reviewed_on, date):
            errors["reviewed_on"] = ["give the day the plan was agreed or reviewed"]
        elif self.plan and reviewed_on < self.plan["reviewed_on"]:
            errors["reviewed_on"] = [f"not before the last review ({self.plan['reviewed_on'].isoformat()})"]
        _refuse(errors)
        parts = {name: Personal(self.client_id, "note", text.strip()) if text and text.strip() else None
                 for name, text in texts.items()}
        self._revised(reviewed_on=reviewed_on, **parts)

    @event(Revised)
    def _revised(self, warning_signs, coping, contacts, measures, reviewed_on):
        self.plan = {"warning_signs": warning_signs, "coping": coping, "contacts": contacts, "measures": measures,
                     "reviewed_on": reviewed_on}
        self.revisions += 1

    def escalate(self, recipient: str, escalated_on, prompted_by: str, legal_basis: str | None,
                 escalated_by: str) -> None:
        """Record information given to police or child protection; refused without a legal basis that allows it."""
        errors = {}
        if recipient not in RECIPIENTS:
            errors["recipient"] = [f"must be one of {', '.join(RECIPIENTS)}"]
        if not legal_basis:
            errors["legal_basis"] = ["an escalation is recorded with its legal basis"]
        elif legal_basis not in LEGAL_BASES:
            errors["legal_basis"] = [f"must be one of {', '.join(LEGAL_BASES)}"]
        elif recipient in RECIPIENTS and recipient not in BASIS_RECIPIENTS.get(legal_basis, RECIPIENTS):
            allowed = ", ".join(BASIS_RECIPIENTS[legal_basis])
            errors["legal_basis"] = [f"{legal_basis} lets the worker tell only: {allowed}"]
        if not isinstance(escalated_on, date):
            errors["escalated_on"] = ["give the day of the escalation"]
        if not isinstance(prompted_by, str) or not prompted_by.strip():
            errors["prompted_by"] = ["say what prompted the escalation"]
        elif len(prompted_by) > MAX_TEXT:
            errors["prompted_by"] = [f"at most {MAX_TEXT} characters"]
        _refuse(errors)
        self._escalated(number=len(self.escalations) + 1, recipient=recipient, escalated_on=escalated_on,
                        prompted_by=Personal(self.client_id, "note", prompted_by.strip()), legal_basis=legal_basis,
                        escalated_by=escalated_by)

    @event(Escalated)
    def _escalated(self, number, recipient, escalated_on, prompted_by, legal_basis, escalated_by):
        self.escalations[number] = Escalation(number, recipient, escalated_on, prompted_by, legal_basis, escalated_by)

    def acknowledge(self, number: int, coordinator: str, role: str) -> None:
        """A city coordinator acknowledges having seen an escalation."""
        escalation = self.escalations.get(number)
        if escalation is None:
            raise ValidationError({"escalation": [lazy_gettext("no such escalation")]})
        if role != "city_coordinator":
            raise ValidationError({"escalation": [lazy_gettext("only a coordinator acknowledges an escalation")]})
        if escalation.acknowledged_by is not None:
            raise ValidationError({"escalation": [lazy_gettext("the escalation is already acknowledged")]})
        self._acknowledged(number=number, coordinator=coordinator)

    @event(Acknowledged)
    def _acknowledged(self, number, coordinator):
        self.escalations[number].acknowledged_by = coordinator


def _refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
