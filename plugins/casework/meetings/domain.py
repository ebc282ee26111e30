"""The AgencyMeeting aggregate: one multi-agency meeting about a case, with what it decided and what it shared."""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import N_, Aggregate, Personal, ValidationError, event

# What may be shared about the client, and the legal bases that allow it without the client's consent:
# code values shown through _(value).
ITEMS = (N_("identity"), N_("contact_details"), N_("case_phase"), N_("assessment_summary"), N_("support_plan"),
         N_("risk_information"), N_("other"))
CONSENT = N_("consent")
LEGAL_BASES = (N_("child_welfare_notification"), N_("serious_offence_prevention"), N_("court_order"),
               N_("other_statutory"))
BASES = (CONSENT, *LEGAL_BASES)
MAX_TEXT = 4000
MAX_NAME = 200       # an organisation or a role
MAX_ATTENDEES = 30
MAX_PROVISION = 300


class AgencyMeeting(Aggregate):
    """A meeting of the agencies working with a client: who came, what was decided, who does what, what was shared."""

    class Recorded(Aggregate.Created):
        case_id: uuid.UUID
        client_id: uuid.UUID
        city: str
        held_on: date
        attendees: list        # [{"organisation": ..., "role": ...}]: professionals, not personal data
        client_present: bool

    class DecisionRecorded(Aggregate.Event):
        decision: Personal

    class ActionAgreed(Aggregate.Event):
        number: int            # the action's place in the meeting's list, from 1
        what: Personal
        owner: str             # the organisation that does it
        due_on: date | None

    class ActionDone(Aggregate.Event):
        number: int

    class InformationDisclosed(Aggregate.Event):
        items: list            # ITEMS
        organisation: str      # who received it
        basis: str             # consent, or one of LEGAL_BASES
        provision: str | None  # the act and section of a legal basis

    @classmethod
    def record(cls, case, held_on: date, attendees: list[dict], client_present: bool, today: date) -> AgencyMeeting:
        """Record a meeting of an open case that has been held, with each attendee's organisation and role."""
        errors = {}
        if not isinstance(held_on, date):
            errors["held_on"] = ["give the date as YYYY-MM-DD"]
        elif held_on > today:
            errors["held_on"] = ["a meeting is recorded once it has been held, not in advance"]
        people = []
        for attendee in attendees or ():
            organisation = _plain(attendee.get("organisation")) if isinstance(attendee, dict) else ""
            role = _plain(attendee.get("role")) if isinstance(attendee, dict) else ""
            if not organisation or not role:
                errors["attendees"] = ["give each attendee's organisation and role"]
            elif len(organisation) > MAX_NAME or len(role) > MAX_NAME:
                errors["attendees"] = [f"an organisation or a role has at most {MAX_NAME} characters"]
            else:
                people.append({"organisation": organisation, "role": role})
        if not attendees and "attendees" not in errors:
            errors["attendees"] = ["name at least one attendee, with organisation and role"]
        elif len(attendees) > MAX_ATTENDEES:
            errors["attendees"] = [f"at most {MAX_ATTENDEES} attendees"]
        if not isinstance(client_present, bool):
            errors["client_present"] = ["say whether the client was there"]
        _refuse(errors)
        _refuse_closed(case, "a closed case has no meetings; open it again first")
        return cls(case_id=case.id, client_id=case.client_id, city=case.city, held_on=held_on, attendees=people,
                   client_present=client_present)

    @event(Recorded)
    def __init__(self, case_id, client_id, city, held_on, attendees, client_present):
        self.case_id = case_id
        self.client_id = client_id
        self.city = city
        self.held_on = held_on
        self.attendees = [dict(a) for a in attendees]
        self.client_present = client_present
        self.decisions: list[Personal] = []
        self.actions: list[Action] = []
        self.disclosures: list[Disclosure] = []

    @property
    def organisations(self) -> list[str]:
        """The organisations at the meeting, each once, in the order they were named."""
        return list(dict.fromkeys(a["organisation"] for a in self.attendees))

    def decide(self, case, decision: str) -> None:
        """Record one decision of the meeting while its case is open; it is about the client, so it is the client's
        personal data."""
        _refuse_closed(case, "the case is closed: its meetings take no new decisions; open it again first")
        text = _plain(decision)
        if not text:
            raise ValidationError({"decision": ["write the decision"]})
        if len(text) > MAX_TEXT:
            raise ValidationError({"decision": [f"at most {MAX_TEXT} characters"]})
        self._decided(decision=Personal(self.client_id, "note", text))

    @event(DecisionRecorded)
    def _decided(self, decision):
        self.decisions.append(decision)

    def agree_action(self, case, what: str, owner: str, due_on: date | None = None) -> None:
        """Record an action agreed at the meeting while its case is open: what is done (personal data), by which
        organisation, by when."""
        _refuse_closed(case, "the case is closed: its meetings take no new actions; open it again first")
        errors = {}
        text, owner = _plain(what), _plain(owner)
        if not text:
            errors["what"] = ["write what is to be done"]
        elif len(text) > MAX_TEXT:
            errors["what"] = [f"at most {MAX_TEXT} characters"]
        if not owner:
            errors["owner"] = ["name the organisation that does it"]
        elif len(owner) > MAX_NAME:
            errors["owner"] = [f"at most {MAX_NAME} characters"]
        if due_on is not None and not isinstance(due_on, date):
            errors["due_on"] = ["give the date as YYYY-MM-DD"]
        elif due_on is not None and isinstance(self.held_on, date) and due_on < self.held_on:
            errors["due_on"] = ["an action is due on the day of the meeting or later"]
        _refuse(errors)
        self._agreed(number=len(self.actions) + 1, what=Personal(self.client_id, "note", text), owner=owner,
                     due_on=due_on)

    @event(ActionAgreed)
    def _agreed(self, number, what, owner, due_on):
        self.actions.append(Action(number, what, owner, due_on))

    def mark_done(self, number: int) -> None:
        """Mark an agreed action done."""
        if isinstance(number, bool) or not isinstance(number, int) or not 0 < number <= len(self.actions):
            raise ValidationError({"number": ["no such action at this meeting"]})
        if self.actions[number - 1].done:
            raise ValidationError({"number": ["the action is already done"]})
        self._done(number=number)

    @event(ActionDone)
    def _done(self, number):
        self.actions[number - 1].done = True

    def disclose(self, case, items: list[str], organisation: str, basis: str, provision: str | None) -> None:
        """Record what was shared about the client while the case is open, with whom, and under which basis: the
        client's consent to share with that organisation (as the case holds it now), or a legal basis with its
        provision."""
        _refuse_closed(case, "the case is closed: record what was shared once it is opened again")
        sharing = case.sharing
        errors = {}
        items = list(dict.fromkeys(items or ()))
        if not items:
            errors["items"] = ["choose what was shared"]
        elif any(i not in ITEMS for i in items):
            errors["items"] = [f"each item must be one of {', '.join(ITEMS)}"]
        organisation = _plain(organisation)
        if not organisation:
            errors["organisation"] = ["name the organisation the information was shared with"]
        elif len(organisation) > MAX_NAME:
            errors["organisation"] = [f"at most {MAX_NAME} characters"]
        provision = _plain(provision) or None
        if basis not in BASES:
            errors["basis"] = [f"information is shared only under the client's consent or a legal basis: one of "
                               f"{', '.join(BASES)}"]
        elif basis == CONSENT:
            if provision:
                errors["provision"] = ["sharing under consent names no provision"]
            if organisation and organisation.casefold() not in {o.casefold() for o in sharing}:
                errors["basis"] = ["the client has not consented to share with this organisation: record the consent "
                                   "first, or name the legal basis that allows sharing without it"]
        elif not provision or len(provision) < 5:
            errors["provision"] = ["name the provision of the legal basis (for example, the act and section)"]
        elif len(provision) > MAX_PROVISION:
            errors["provision"] = [f"at most {MAX_PROVISION} characters"]
        _refuse(errors)
        self._disclosed(items=items, organisation=organisation, basis=basis, provision=provision)

    @event(InformationDisclosed)
    def _disclosed(self, items, organisation, basis, provision):
        self.disclosures.append(Disclosure(list(items), organisation, basis, provision))


class Action:
    """One action agreed at a meeting; `done` once it is marked so."""

    def __init__(self, number: int, what: Personal, owner: str, due_on: date | None):
        self.number, self.what, self.owner, self.due_on, self.done = number, what, owner, due_on, False


class Disclosure:
    """What was shared with one organisation, under which basis."""

    def __init__(self, items: list[str], organisation: str, basis: str, provision: str | None):
        self.items, self.organisation, self.basis, self.provision = items, organisation, basis, provision


def _plain(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _refuse_closed(case, message: str) -> None:
    """Refuse a change to a meeting of a case closed (or in follow-up after closure): the work on it has ended."""
    if case.phase in ("closed", "follow_up"):
        raise ValidationError({"case": [message]})


def _refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
