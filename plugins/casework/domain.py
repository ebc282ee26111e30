"""The Case aggregate and its events: what happened in a piece of exit work, and the rules it keeps."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Collection
from datetime import date

from core.toolkit import N_, Aggregate, Personal, ValidationError, event, finnish_today, normalised
from core.toolkit import lazy_gettext as _l
from plugins.casework.workflow import DEFAULT, Workflow

# Code values, stored as they are and shown through _(value): N_ marks them for the catalogs.
KINDS = (N_("individual"), N_("family"), N_("anonymous"), N_("consultation"))
CHANNELS = (N_("phone"), N_("email"), N_("messaging"), N_("self"), N_("family"), N_("agency"))
MEETING_MODES = (N_("in_person"), N_("phone"), N_("online"), N_("in_prison"))
MISSED_REASONS = (N_("client_cancelled"), N_("client_did_not_come"), N_("worker_cancelled"),
                  N_("prison_visit_refused"), N_("other"))
MAX_WORKERS = 10
REFERRAL_SOURCES = (N_("self_referral"), N_("family_member"), N_("police"), N_("social_services"), N_("health_care"),
                    N_("school"), N_("criminal_sanctions_agency"), N_("ngo"), N_("other_source"))
SCREENING_DECISIONS = (N_("screened_in"), N_("not_suitable"))
CONSENT_SCOPES = (N_("participation"), N_("sharing"))
CONSENT_FORMS = (N_("written"), N_("oral"), N_("electronic"))
CLOSING_REASONS = (N_("goals_met"), N_("withdrawn"), N_("moved_to_other_service"), N_("not_suitable"),
                   N_("lost_contact"))
FOLLOW_UP_MONTHS = (3, 6, 12)  # reviews after closure, unless the city says otherwise
FOLLOW_UP_ENDINGS = (N_("reviews_done"), N_("client_declined_follow_up"), N_("lost_contact"),
                     N_("moved_to_other_service"))
MAX_MINUTES = 24 * 60
MAX_NOTE = 4000
MAX_NAME = 200
CLIENT_INDEX = "casework.client"  # the blind index of a client's full name and birth date


def bucket_of(identity_index: str | None) -> str | None:
    """The first 8 bits of a blind index (two hex digits): one in 256 clients shares it, so the check decrypts only
    the city's cases in the same bucket, and the bucket left in the log after an erasure identifies no one."""
    return identity_index[:2] if identity_index else None


class PossibleDuplicate(ValidationError):
    """A case of the city may concern the same person: a new one opens only when the worker confirms."""

    def __init__(self, found: list):
        super().__init__({"open_anyway": ["a case that may concern the same person exists in the city; "
                                          "ask the coordinator, or confirm to open this one anyway"]})
        self.found = found  # the matching cases: the pages show only when each was opened and its phase


class Case(Aggregate):
    """One person's (or family's) exit-work case in one city."""

    class Opened(Aggregate.Created):
        class_version = 4
        city: str
        kind: str
        client_id: uuid.UUID
        pseudonym: Personal
        channel: str
        referral_source: str | None  # who sent the client, where someone did
        full_name: Personal | None
        birth_date: Personal | None     # ISO date
        identity_index: Personal | None  # blind index of full name and birth date, encrypted like them
        identity_bucket: str | None      # its first 8 bits in clear: narrows the check, names no one
        duplicate_confirmed: bool       # the worker was warned of a possible duplicate and opened anyway
        minor: bool                     # the client is under 18: the guardian consents to the work

        @staticmethod
        def upcast_v1_v2(state):
            state["referral_source"] = None  # cases opened before intake asked for it

        @staticmethod
        def upcast_v2_v3(state):
            state.update(full_name=None, birth_date=None, identity_index=None, identity_bucket=None,
                         duplicate_confirmed=False)

        @staticmethod
        def upcast_v3_v4(state):
            state["minor"] = False  # cases opened before intake asked

    class Screened(Aggregate.Event):
        decision: str                # screened_in, not_suitable
        referred_to: str | None      # where an unsuitable contact was referred on

    class WorkerAssigned(Aggregate.Event):
        worker_id: str

    class MeetingRecorded(Aggregate.Event):
        """A contact with the client: held (with its length), or missed (with the reason it did not happen)."""

        class_version = 2
        held_on: date
        mode: str
        minutes: int | None       # None: the contact did not happen
        note: Personal | None
        workers: list             # the usernames of the workers there (or who were to be)
        attended: bool
        missed_reason: str | None

        @staticmethod
        def upcast_v1_v2(state):
            # Contacts recorded before the log asked: held, and who was there is not known.
            state["workers"] = []
            state["attended"] = True
            state["missed_reason"] = None

    class PhaseChanged(Aggregate.Event):
        phase: str
        reason: str

    class ConsentGiven(Aggregate.Event):
        scope: str                # participation, or sharing with one organisation
        given_on: date
        form: str                 # written, oral, electronic
        organisation: str | None  # whom data may be shared with (scope "sharing")
        by_guardian: bool         # a minor's guardian gave it

    class ConsentWithdrawn(Aggregate.Event):
        class_version = 2
        scope: str
        withdrawn_on: date
        organisation: str | None
        by_guardian: bool         # a minor's guardian withdrew the consent they gave

        @staticmethod
        def upcast_v1_v2(state):
            state["by_guardian"] = False

    class LegalBasisRecorded(Aggregate.Event):
        basis: str                # the provision that lets the work go on without consent

    class Closed(Aggregate.Event):
        class_version = 2
        closing_reason: str
        summary: Personal | None
        follow_ups: list          # dates of the reviews after closure
        closed_on: date | None    # the day the work ended (None: closed at screening, or before it was kept)

        @staticmethod
        def upcast_v1_v2(state):
            state["closed_on"] = None  # closures recorded before the day was kept

    class FollowUpReviewed(Aggregate.Event):
        """A follow-up review after closure was held: the one due on `due_on`, with what it found."""

        reviewed_on: date
        due_on: date              # the scheduled review it answers
        summary: Personal         # how the client is doing: the client's personal data
        still_due: list           # the reviews still to come

    class FollowUpEnded(Aggregate.Event):
        """Follow-up is over: its last review was held, or the reviews left were dropped for a reason."""

        reason: str               # one of FOLLOW_UP_ENDINGS
        dropped: list             # the reviews that will not be held

    class Reopened(Aggregate.Event):
        reason: str

    class SecondWorkerChosen(Aggregate.Event):
        worker_id: str | None     # None: the case has one worker again

    class TransferRequested(Aggregate.Event):
        to_city: str
        reason: str

    class TransferAccepted(Aggregate.Event):
        from_city: str
        to_city: str

    class TransferDeclined(Aggregate.Event):
        to_city: str
        reason: str

    @staticmethod
    def identity(kind: str, full_name: str | None, birth_date: date | None) -> tuple[str, ...] | None:
        """What a client's blind index is made of: full name and birth date, never for an anonymous case."""
        if kind == "anonymous" or not isinstance(full_name, str) or not full_name.strip() \
                or not isinstance(birth_date, date):
            return None
        # Word order is free: registers write the surname first, people often last.
        return CLIENT_INDEX, " ".join(sorted(normalised(full_name).split())), birth_date.isoformat()

    @classmethod
    def open(cls, city: str, kind: str, pseudonym: str, channel: str, client_id: uuid.UUID | None = None,
             referral_source: str | None = None, full_name: str | None = None, birth_date: date | None = None,
             identity_index: str | None = None, duplicates: list = (), open_anyway: bool = False,
             kinds: tuple[str, ...] = KINDS, minor: bool = False) -> Case:
        """Open a case of one of the city's kinds for a client known, if need be, by a pseudonym only; `duplicates`
        are the cases of the city whose blind index equals `identity_index`, and a case opens beside them only when
        the worker confirms."""
        errors = {}
        full_name = full_name.strip() if isinstance(full_name, str) and full_name.strip() else None
        if kind == "anonymous" and full_name:
            errors["full_name"] = ["an anonymous case keeps no name but its pseudonym"]
        if kind == "anonymous" and birth_date is not None:
            errors["birth_date"] = ["an anonymous case keeps no birth date"]
        if full_name and len(full_name) > MAX_NAME:
            errors["full_name"] = [f"at most {MAX_NAME} characters"]
        if birth_date is not None and (not isinstance(birth_date, date) or not date(1900, 1, 1) <= birth_date
                                       <= finnish_today()):
            errors["birth_date"] = ["give a date from 1900 to today, as YYYY-MM-DD"]
        if referral_source is not None and referral_source not in REFERRAL_SOURCES:
            errors["referral_source"] = [f"must be one of {', '.join(REFERRAL_SOURCES)}"]
        if kind not in kinds:
            errors["kind"] = [f"must be one of {', '.join(kinds)}"]
        if channel not in CHANNELS:
            errors["channel"] = [f"must be one of {', '.join(CHANNELS)}"]
        if not isinstance(pseudonym, str) or not pseudonym.strip():
            errors["pseudonym"] = ["is required"]
        if not city:
            errors["city"] = ["a case belongs to a city"]
        _refuse(errors)
        if (identity_index is None) != (cls.identity(kind, full_name, birth_date) is None):
            raise ValueError("a blind index is made exactly when the case has a full name and a birth date")
        if duplicates and not open_anyway:
            raise PossibleDuplicate(sorted(duplicates, key=lambda match: match[0]))
        client_id = client_id or uuid.uuid4()

        def personal(value):
            return Personal(client_id, "identity", value) if value else None

        return cls(city=city, kind=kind, client_id=client_id, referral_source=referral_source,
                   pseudonym=personal(pseudonym.strip()), channel=channel, full_name=personal(full_name),
                   birth_date=personal(birth_date.isoformat() if birth_date else None),
                   identity_index=personal(identity_index), identity_bucket=bucket_of(identity_index),
                   duplicate_confirmed=bool(duplicates), minor=bool(minor))

    @event(Opened)
    def __init__(self, city: str, kind: str, client_id: uuid.UUID, pseudonym: Personal, channel: str,
                 referral_source: str | None, full_name: Personal | None, birth_date: Personal | None,
                 identity_index: Personal | None, identity_bucket: str | None, duplicate_confirmed: bool,
                 minor: bool):
        self.city = city
        self.kind = kind
        self.client_id = client_id
        self.pseudonym = pseudonym
        self.channel = channel
        self.referral_source = referral_source
        self.phase = "first_contact"
        self.worker_id = None
        self.meetings = 0
        self.minor = minor
        self.participation = False  # the client's own consent to take part, given and not withdrawn
        self.guardian_consent = False  # a minor's guardian's consent to take part, given and not withdrawn
        self.sharing: set[str] = set()  # organisations the client consented to share with
        self.legal_basis = None
        self.follow_ups: list[date] = []  # the follow-up reviews still to hold
        self.closed_on = None
        self.second_worker_id = None
        self.transfer_to = None       # the city a transfer waits in, until its coordinator answers

    def assign(self, worker_id: str) -> None:
        """Give the case to an exit worker."""
        if not worker_id or not worker_id.strip():
            raise ValidationError({"worker_id": ["name the worker"]})
        self._assigned(worker_id=worker_id.strip())

    @event(WorkerAssigned)
    def _assigned(self, worker_id: str):
        self.worker_id = worker_id
        if self.second_worker_id == worker_id:
            self.second_worker_id = None

    def choose_second_worker(self, worker_id: str | None) -> None:
        """Give the case a second exit worker beside its own, or none."""
        worker_id = (worker_id or "").strip() or None
        if worker_id is not None and worker_id == self.worker_id:
            raise ValidationError({"worker_id": [_l("the second worker is someone other than the case's own")]})
        self._second(worker_id=worker_id)

    @event(SecondWorkerChosen)
    def _second(self, worker_id: str | None):
        self.second_worker_id = worker_id

    def request_transfer(self, to_city: str, reason: str, cities) -> None:
        """Ask another city to take the case over; it needs the client's consent (or a legal basis) to move."""
        errors = {}
        if to_city == self.city or to_city not in cities:
            errors["to_city"] = [f"must be another city of the programme: {', '.join(c for c in cities if c != self.city)}"]
        if not reason or not reason.strip():
            errors["reason"] = ["say why the case moves"]
        _refuse(errors)
        if self.transfer_to:
            raise ValidationError({"to_city": [_l("a transfer to %(city)s waits for an answer", city=self.transfer_to.title())]})
        if not is_open_phase(self.phase):
            raise ValidationError({"phase": [_l("only an open case moves to another city")]})
        if not self.may_take_part:
            raise ValidationError({"to_city": [_l("moving the case needs the client's consent to take part (a "
                                                  "minor's, their guardian's), or a recorded legal basis")]})
        self._transfer_requested(to_city=to_city, reason=reason.strip())

    @event(TransferRequested)
    def _transfer_requested(self, to_city: str, reason: str):
        self.transfer_to = to_city

    def answer_transfer(self, city: str, accept: bool, reason: str = "") -> None:
        """The receiving city's coordinator takes the case over, or declines with a reason."""
        if self.transfer_to is None or self.transfer_to != city:
            raise ValidationError({"transfer": [_l("no transfer of this case waits for your city")]})
        if accept:
            self._transfer_accepted(from_city=self.city, to_city=city)
        else:
            if not reason or not reason.strip():
                raise ValidationError({"reason": ["say why the transfer is declined"]})
            self._transfer_declined(to_city=city, reason=reason.strip())

    @event(TransferAccepted)
    def _transfer_accepted(self, from_city: str, to_city: str):
        # The case and its access move: the receiving coordinator gives it to a worker of the new city.
        self.city = to_city
        self.worker_id = None
        self.second_worker_id = None
        self.transfer_to = None

    @event(TransferDeclined)
    def _transfer_declined(self, to_city: str, reason: str):
        self.transfer_to = None

    def record_meeting(self, held_on: date, mode: str, minutes: int | None, note: str | None = None,
                       workers: list[str] = (), attended: bool = True, missed_reason: str | None = None,
                       staff: Collection[str] = (), today: date | None = None) -> None:
        """Record a contact with the client: held, with its length, or missed, with the reason it did not happen.

        The workers must be among `staff`, the active exit workers and coordinators of the case's city; the note
        is the client's personal data.
        """
        errors = {}
        if not isinstance(held_on, date):
            errors["held_on"] = ["give the date as YYYY-MM-DD"]
        elif today is not None and held_on > today:
            errors["held_on"] = ["a contact is recorded once its day has come, not in advance"]
        if mode not in MEETING_MODES:
            errors["mode"] = [f"must be one of {', '.join(MEETING_MODES)}"]
        if attended:
            if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= MAX_MINUTES:
                errors["minutes"] = [f"must be a whole number from 1 to {MAX_MINUTES}"]
            if missed_reason is not None:
                errors["missed_reason"] = ["a contact that was held has no reason for not happening"]
        else:
            if minutes is not None:
                errors["minutes"] = ["a contact that did not happen has no length"]
            if missed_reason not in MISSED_REASONS:
                errors["missed_reason"] = [f"say why the contact did not happen: one of {', '.join(MISSED_REASONS)}"]
        workers = list(dict.fromkeys(w.strip() for w in workers if isinstance(w, str) and w.strip()))
        if not workers:
            errors["workers"] = ["name the workers at the contact"]
        elif len(workers) > MAX_WORKERS:
            errors["workers"] = [f"at most {MAX_WORKERS} workers"]
        elif strangers := [w for w in workers if w not in staff]:
            errors["workers"] = [f"not an active exit worker or coordinator of {self.city}: {', '.join(strangers)}"]
        if note is not None and len(note) > MAX_NOTE:
            errors["note"] = [f"at most {MAX_NOTE} characters"]
        _refuse(errors)
        self._met(held_on=held_on, mode=mode, minutes=minutes if attended else None, workers=workers,
                  attended=bool(attended), missed_reason=None if attended else missed_reason,
                  note=Personal(self.client_id, "note", note) if note else None)

    @event(MeetingRecorded)
    def _met(self, held_on: date, mode: str, minutes: int | None, note: Personal | None, workers: list,
             attended: bool, missed_reason: str | None):
        if attended:
            self.meetings += 1  # contacts held; missed ones are counted in the contact log

    @property
    def may_take_part(self) -> bool:
        """Whether the work may go on: a recorded legal basis, else the consent to take part, for a minor their
        guardian's (the minor's own is recorded beside it and heard, but a guardian decides for a minor)."""
        return bool(self.legal_basis) or (self.guardian_consent if self.minor else self.participation)

    def facts(self) -> dict:
        """What a city's rules may look at: the case without its personal data."""
        return {"city": self.city, "kind": self.kind, "phase": self.phase, "worker_id": self.worker_id,
                "second_worker_id": self.second_worker_id, "minor": self.minor,
                "participation": self.participation, "guardian_consent": self.guardian_consent,
                "legal_basis": self.legal_basis, "meetings": self.meetings}

    def move_to(self, phase: str, reason: str, workflow: Workflow = DEFAULT) -> None:
        """Move the case along its city's path, with the reason; a move the path or its rules do not allow is refused."""
        if phase not in workflow.steps:
            raise ValidationError({"phase": [f"must be one of {', '.join(workflow.steps)}"]})
        if phase == "closed" and self.phase == "follow_up":
            raise ValidationError({"phase": [_l("follow-up ends with its last review, or by ending it with a reason "
                                                "(end_follow_up)")]})
        if phase == "closed":
            raise ValidationError({"phase": [_l("close a case with its closing reason (close)")]})
        if phase == "follow_up" and not self.follow_ups:
            raise ValidationError({"phase": [_l("no follow-up review of the case is pending")]})
        if self.phase == "screening":
            raise ValidationError({"phase": [_l("a case leaves screening with the screening decision (screen)")]})
        if phase not in workflow.next_steps(self.phase):
            allowed = workflow.next_steps(self.phase)
            raise ValidationError({"phase": [_l("a case in %(phase)s can move to %(allowed)s, not to %(target)s",
                                                phase=_l(self.phase), allowed=allowed, target=_l(phase))]})
        if phase == "active_support" and not self.may_take_part:
            raise ValidationError({"phase": [_l("active support for a minor needs their guardian's consent to take "
                                                "part, or a recorded legal basis") if self.minor else
                                             _l("active support needs the client's consent to take part, "
                                                "or a recorded legal basis")]})
        if refused := workflow.refusals(self.facts(), phase):
            raise ValidationError({"phase": refused})
        if not reason or not reason.strip():
            raise ValidationError({"reason": ["a phase change needs a reason"]})
        self._moved(phase=phase, reason=reason.strip())

    @event(PhaseChanged)
    def _moved(self, phase: str, reason: str):
        if is_open_phase(phase):  # back in support from follow-up: the reviews after closure are not held
            self.follow_ups = []
            self.closed_on = None
        self.phase = phase

    def screen(self, decision: str, reason: str, referred_to: str | None = None, workflow: Workflow = DEFAULT) -> None:
        """Decide whether the contact is exit work: screened in, it goes on to the city's next step; not suitable,
        the case closes and records where the person was referred on."""
        if self.phase != "screening":
            raise ValidationError({"phase": [_l("a case is screened in screening, not in %(phase)s", phase=_l(self.phase))]})
        if decision not in SCREENING_DECISIONS:
            raise ValidationError({"decision": [f"must be one of {', '.join(SCREENING_DECISIONS)}"]})
        if not reason or not reason.strip():
            raise ValidationError({"reason": ["a screening decision needs its reason"]})
        referred_to = (referred_to or "").strip()[:200] or None
        if decision == "screened_in" and referred_to:
            raise ValidationError({"referred_to": [_l("only a contact found not suitable is referred on")]})
        onward = next(s for s in workflow.next_steps("screening") if s != "closed")
        if decision == "screened_in" and (refused := workflow.refusals(self.facts(), onward)):
            raise ValidationError({"decision": refused})
        self._screened(decision=decision, referred_to=referred_to)
        if decision == "screened_in":
            self._moved(phase=onward, reason=reason.strip())
        else:
            self._closed(closing_reason="not_suitable", summary=None, follow_ups=[], closed_on=None)

    @event(Screened)
    def _screened(self, decision: str, referred_to: str | None):
        pass

    def give_consent(self, scope: str, given_on: date, form: str, organisation: str | None = None,
                     by_guardian: bool = False, today: date | None = None) -> None:
        """Record the client's consent: to take part, or to share data with one named organisation."""
        errors = {}
        if scope not in CONSENT_SCOPES:
            errors["scope"] = [f"must be one of {', '.join(CONSENT_SCOPES)}"]
        if form not in CONSENT_FORMS:
            errors["form"] = [f"must be one of {', '.join(CONSENT_FORMS)}"]
        if not isinstance(given_on, date):
            errors["given_on"] = ["give the date as YYYY-MM-DD"]
        elif today is not None and given_on > today:
            errors["given_on"] = [_l("a consent is recorded once it was given, not in advance")]
        organisation = (organisation or "").strip() or None
        if scope == "sharing" and not organisation:
            errors["organisation"] = ["name the organisation the client agrees to share with"]
        if scope == "participation" and organisation:
            errors["organisation"] = ["consent to take part names no organisation"]
        if by_guardian and not self.minor:
            errors["by_guardian"] = [_l("a guardian consents for a minor only; the client is not recorded as one")]
        _refuse(errors)
        if scope == "participation" and by_guardian and self.guardian_consent:
            raise ValidationError({"scope": [_l("the guardian's consent to take part is already recorded")]})
        if scope == "participation" and not by_guardian and self.participation:
            raise ValidationError({"scope": [_l("the client's consent to take part is already recorded")]})
        self._consented(scope=scope, given_on=given_on, form=form, organisation=organisation,
                        by_guardian=bool(by_guardian))

    @event(ConsentGiven)
    def _consented(self, scope: str, given_on: date, form: str, organisation: str | None, by_guardian: bool):
        if scope == "participation" and by_guardian:
            self.guardian_consent = True
        elif scope == "participation":
            self.participation = True
        else:
            self.sharing.add(organisation)

    def withdraw_consent(self, scope: str, withdrawn_on: date, organisation: str | None = None,
                         by_guardian: bool = False, today: date | None = None) -> None:
        """Record a withdrawal, the client's or a minor's guardian's; withdrawing from taking part closes the case
        ("withdrawn") unless a legal basis lets the work go on."""
        organisation = (organisation or "").strip() or None
        if by_guardian and not self.minor:
            raise ValidationError({"by_guardian": [_l("a guardian consents for a minor only; the client is not "
                                                      "recorded as one")]})
        if scope == "participation" and by_guardian and not self.guardian_consent:
            raise ValidationError({"scope": [_l("there is no guardian's consent to take part to withdraw")]})
        if scope == "participation" and not by_guardian and not self.participation:
            raise ValidationError({"scope": [_l("there is no consent to take part to withdraw")]})
        if scope == "sharing" and organisation not in self.sharing:
            raise ValidationError({"organisation": [_l("the client has not consented to share with this organisation")]})
        if scope not in CONSENT_SCOPES:
            raise ValidationError({"scope": [f"must be one of {', '.join(CONSENT_SCOPES)}"]})
        if not isinstance(withdrawn_on, date):
            raise ValidationError({"withdrawn_on": ["give the date as YYYY-MM-DD"]})
        if today is not None and withdrawn_on > today:
            raise ValidationError({"withdrawn_on": [_l("a withdrawal is recorded once it was made, not in advance")]})
        # The work is voluntary: whoever withdraws, the minor or their guardian, it stops without a legal basis.
        self._withdrawn(scope=scope, withdrawn_on=withdrawn_on, organisation=organisation,
                        by_guardian=bool(by_guardian))
        if scope == "participation" and not self.legal_basis and is_open_phase(self.phase):
            self._closed(closing_reason="withdrawn", summary=None, follow_ups=[], closed_on=withdrawn_on)

    @event(ConsentWithdrawn)
    def _withdrawn(self, scope: str, withdrawn_on: date, organisation: str | None, by_guardian: bool):
        if scope == "participation" and by_guardian:
            self.guardian_consent = False
        elif scope == "participation":
            self.participation = False
        else:
            self.sharing.discard(organisation)

    def record_legal_basis(self, basis: str) -> None:
        """Record the provision under which the work goes on without the client's consent."""
        if not isinstance(basis, str) or len(basis.strip()) < 5:
            raise ValidationError({"basis": ["name the provision (for example, the act and section)"]})
        self._based(basis=basis.strip()[:300])

    @event(LegalBasisRecorded)
    def _based(self, basis: str):
        self.legal_basis = basis

    def close(self, closing_reason: str, closed_on: date, summary: str | None = None,
              follow_up_months: tuple[int, ...] = FOLLOW_UP_MONTHS, workflow: Workflow = DEFAULT,
              today: date | None = None) -> None:
        """Close an open case with its reason and summary; follow-up reviews are scheduled from the closing day."""
        if not is_open_phase(self.phase):
            raise ValidationError({"phase": [_l("a case in %(phase)s is not open", phase=_l(self.phase))]})
        if closing_reason not in CLOSING_REASONS:
            raise ValidationError({"closing_reason": [f"must be one of {', '.join(CLOSING_REASONS)}"]})
        if not isinstance(closed_on, date):
            raise ValidationError({"closed_on": ["give the date as YYYY-MM-DD"]})
        if today is not None and closed_on > today:
            raise ValidationError({"closed_on": [_l("a case is closed on the day the work ended, not in advance")]})
        if refused := workflow.refusals({**self.facts(), "closing_reason": closing_reason}, "closed"):
            raise ValidationError({"phase": refused})
        if summary is not None and len(summary) > MAX_NOTE:
            raise ValidationError({"summary": [f"at most {MAX_NOTE} characters"]})
        follow_ups = [] if closing_reason in ("withdrawn", "not_suitable") else \
            [_months_after(closed_on, m) for m in sorted(set(follow_up_months))]
        self._closed(closing_reason=closing_reason, follow_ups=follow_ups, closed_on=closed_on,
                     summary=Personal(self.client_id, "note", summary.strip()) if summary and summary.strip() else None)

    @event(Closed)
    def _closed(self, closing_reason: str, summary: Personal | None, follow_ups: list, closed_on: date | None):
        self.phase = "closed"
        self.follow_ups = list(follow_ups)
        self.closed_on = closed_on

    def record_follow_up(self, reviewed_on: date, summary: str, today: date | None = None) -> None:
        """Record a follow-up review after closure, held on or before today: it answers the earliest review still
        due, and the last one ends follow-up (the case rests closed and its retention period runs)."""
        # Reviews are held in order, a little early or late as the client can; one held counts for the next due.
        errors = {}
        if not isinstance(reviewed_on, date):
            errors["reviewed_on"] = ["give the date as YYYY-MM-DD"]
        elif today is not None and reviewed_on > today:
            errors["reviewed_on"] = [_l("a review is recorded once it was held, not in advance")]
        elif self.closed_on is not None and reviewed_on < self.closed_on:
            errors["reviewed_on"] = [_l("a follow-up review comes after the case closed (%(day)s)",
                                        day=self.closed_on.isoformat())]
        summary = summary.strip() if isinstance(summary, str) else ""
        if not summary:
            errors["summary"] = ["say what the review found"]
        elif len(summary) > MAX_NOTE:
            errors["summary"] = [f"at most {MAX_NOTE} characters"]
        _refuse(errors)
        self._refuse_without_follow_up()
        due_on, *still_due = self.follow_ups
        self._reviewed(reviewed_on=reviewed_on, due_on=due_on, still_due=still_due,
                       summary=Personal(self.client_id, "note", summary))
        if not still_due:
            self._follow_up_ended(reason="reviews_done", dropped=[])

    def _refuse_without_follow_up(self) -> None:
        if is_open_phase(self.phase):
            raise ValidationError({"phase": [_l("a case is followed up after it closes")]})
        if not self.follow_ups:
            raise ValidationError({"phase": [_l("no follow-up review of the case is pending")]})

    @event(FollowUpReviewed)
    def _reviewed(self, reviewed_on: date, due_on: date, summary: Personal, still_due: list):
        self.follow_ups = list(still_due)

    def end_follow_up(self, reason: str) -> None:
        """End follow-up before its last review (the client declines it, contact is lost, another service took
        over): the reviews left are dropped and the case rests closed. To work with the client again, reopen."""
        if reason not in FOLLOW_UP_ENDINGS or reason == "reviews_done":
            raise ValidationError({"reason": [f"must be one of {', '.join(FOLLOW_UP_ENDINGS[1:])}"]})
        self._refuse_without_follow_up()
        self._follow_up_ended(reason=reason, dropped=list(self.follow_ups))

    @event(FollowUpEnded)
    def _follow_up_ended(self, reason: str, dropped: list):
        self.phase = "closed"
        self.follow_ups = []

    def reopen(self, reason: str) -> None:
        """Open a closed case again, with the reason; the work starts again from an assessment."""
        if is_open_phase(self.phase):
            raise ValidationError({"phase": [_l("the case is open")]})
        if not reason or not reason.strip():
            raise ValidationError({"reason": ["say why the case is opened again"]})
        self._reopened(reason=reason.strip())

    @event(Reopened)
    def _reopened(self, reason: str):
        self.phase = "assessment"
        self.follow_ups = []
        self.closed_on = None


def is_open_phase(phase: str) -> bool:
    """Whether a case in `phase` is being worked on (a city's own steps are open ones)."""
    return phase not in ("closed", "follow_up")


def _months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
