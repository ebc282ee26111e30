"""Casework use cases: each takes the store and the acting person, and returns ids or simple values."""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import Actor, ValidationError, find_account, finnish_today, list_accounts
from plugins.casework.domain import FOLLOW_UP_MONTHS, KINDS, Case
from plugins.casework.duplicates import index_of, possible_duplicates
from plugins.casework.workflow import DEFAULT, Workflow


def open_case(store, actor: Actor, city: str, kind: str, pseudonym: str, channel: str,
              client_id: uuid.UUID | None = None, referral_source: str | None = None, full_name: str | None = None,
              birth_date: date | None = None, open_anyway: bool = False, kinds: tuple[str, ...] = KINDS,
              minor: bool = False) -> uuid.UUID:
    """Open a case of one of the city's kinds; a worker who opens it takes it on. A case of the city that may
    concern the same person (same full name and birth date) stops it unless `open_anyway` (PossibleDuplicate)."""
    value = index_of(store, kind, full_name, birth_date)
    duplicates = possible_duplicates(store, city, value) if value else []
    case = Case.open(city, kind, pseudonym, channel, client_id, referral_source, full_name, birth_date,
                     identity_index=value, duplicates=duplicates, open_anyway=open_anyway, kinds=kinds, minor=minor)
    if actor.role == "exit_worker":
        case.assign(actor.user_id)
    with store.acting(actor):
        store.save(case)
    return case.id


def assign_worker(store, actor: Actor, case_id, worker_id: str, expected_version: int | None = None) -> int:
    """Assign an exit worker to a case; return the new version."""
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        case.assign(worker_id)
        store.save(case)
    return case.version


def record_meeting(store, actor: Actor, case_id, held_on: date, mode: str, minutes: int | None,
                   note: str | None = None, workers: list[str] | None = None, attended: bool = True,
                   missed_reason: str | None = None, expected_version: int | None = None) -> int:
    """Record a contact with the client, held or missed, with the workers there (the actor unless named);
    return the new version."""
    workers = list(workers or [actor.user_id])
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        case.record_meeting(held_on, mode, minutes, note, workers, attended, missed_reason,
                            staff=_staff_of(store, case.city, actor, workers), today=finnish_today())
        store.save(case)
    return case.version


def change_phase(store, actor: Actor, case_id, phase: str, reason: str, expected_version: int | None = None,
                 workflow: Workflow = DEFAULT) -> int:
    """Move a case to another phase of its city's workflow, with the reason for it; return the new version."""
    with store.acting(actor, reason=reason):
        case = store.get(case_id, expected_version)
        case.move_to(phase, reason, workflow)
        store.save(case)
    return case.version


def give_consent(store, actor: Actor, case_id, scope: str, given_on: date, form: str, organisation: str | None = None,
                 by_guardian: bool = False, expected_version: int | None = None) -> int:
    """Record the client's consent to take part, or to share data with one organisation."""
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        case.give_consent(scope, given_on, form, organisation, by_guardian, today=finnish_today())
        store.save(case)
    return case.version


def withdraw_consent(store, actor: Actor, case_id, scope: str, withdrawn_on: date, organisation: str | None = None,
                     expected_version: int | None = None, by_guardian: bool = False) -> int:
    """Record that the client withdrew a consent; from taking part, this closes the case unless a legal basis holds."""
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        case.withdraw_consent(scope, withdrawn_on, organisation, by_guardian, today=finnish_today())
        store.save(case)
    return case.version


def record_legal_basis(store, actor: Actor, case_id, basis: str, expected_version: int | None = None) -> int:
    """Record the provision under which the work goes on without the client's consent."""
    with store.acting(actor, reason=basis):
        case = store.get(case_id, expected_version)
        case.record_legal_basis(basis)
        store.save(case)
    return case.version


def close_case(store, actor: Actor, case_id, closing_reason: str, closed_on: date, summary: str | None = None,
               follow_up_months: tuple[int, ...] = FOLLOW_UP_MONTHS, expected_version: int | None = None,
               workflow: Workflow = DEFAULT) -> int:
    """Close a case with its reason and summary, scheduling the follow-up reviews."""
    with store.acting(actor):  # the closing reason is the event's own, from a fixed list
        case = store.get(case_id, expected_version)
        case.close(closing_reason, closed_on, summary, follow_up_months, workflow, today=finnish_today())
        store.save(case)
    return case.version


def record_follow_up(store, actor: Actor, case_id, reviewed_on: date, summary: str,
                     expected_version: int | None = None) -> int:
    """Record a follow-up review of a closed case; the last one ends follow-up."""
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        case.record_follow_up(reviewed_on, summary, today=finnish_today())
        store.save(case)
    return case.version


def end_follow_up(store, actor: Actor, case_id, reason: str, expected_version: int | None = None) -> int:
    """End a closed case's follow-up before its last review, with the reason; the reviews left are dropped."""
    with store.acting(actor):  # the reason is the event's own, from a fixed list
        case = store.get(case_id, expected_version)
        case.end_follow_up(reason)
        store.save(case)
    return case.version


def reopen_case(store, actor: Actor, case_id, reason: str, expected_version: int | None = None) -> int:
    """Open a closed case again, with the reason."""
    with store.acting(actor, reason=reason):
        case = store.get(case_id, expected_version)
        case.reopen(reason)
        store.save(case)
    return case.version


def choose_second_worker(store, actor: Actor, case_id, worker_id: str | None, expected_version: int | None = None) -> int:
    """Give a case a second exit worker of its city, or none."""
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        if worker_id:
            _refuse_unless_worker_of(store, case.city, worker_id)
        case.choose_second_worker(worker_id)
        store.save(case)
    return case.version


def reassign(store, actor: Actor, case_id, worker_id: str, expected_version: int | None = None) -> int:
    """Give a case to another exit worker of its city."""
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        _refuse_unless_worker_of(store, case.city, worker_id)
        case.assign(worker_id)
        store.save(case)
    return case.version


def request_transfer(store, actor: Actor, case_id, to_city: str, reason: str, cities,
                     expected_version: int | None = None) -> int:
    """Ask another city to take a case over."""
    with store.acting(actor, reason=reason):
        case = store.get(case_id, expected_version)
        case.request_transfer(to_city, reason, cities)
        store.save(case)
    return case.version


def answer_transfer(store, actor: Actor, case_id, accept: bool, reason: str = "",
                    expected_version: int | None = None) -> int:
    """The receiving city's coordinator takes the case over, or declines it with a reason."""
    with store.acting(actor, reason=reason or None):
        case = store.get(case_id, expected_version)
        case.answer_transfer(actor.city, accept, reason)
        store.save(case)
    return case.version


def _refuse_unless_worker_of(store, city: str, username: str) -> None:
    account = find_account(store, username=username)
    if account is None or not account.active or account.city != city or "exit_worker" not in account.roles:
        raise ValidationError({"worker_id": [f"{username} is not an active exit worker of {city}"]})


def _staff_of(store, city: str, actor: Actor, workers: list) -> set[str]:
    """Who of `workers` may be at a contact: the city's active exit workers and coordinators, the one recording it
    among them (the accounts are read only when the contact names someone else)."""
    staff = set()
    if actor.city == city and actor.role in STAFF_ROLES:
        staff.add(actor.user_id)  # signed in, in that role, right now
    if set(workers) - staff:
        staff |= {a.username for a in list_accounts(store, city) if a.active and set(STAFF_ROLES) & set(a.roles)}
    return staff


STAFF_ROLES = ("exit_worker", "city_coordinator")


def screen_case(store, actor: Actor, case_id, decision: str, reason: str, referred_to: str | None = None,
                expected_version: int | None = None, workflow: Workflow = DEFAULT) -> int:
    """Record the screening decision: screened in goes on, not suitable closes the case and says where to."""
    with store.acting(actor, reason=reason):
        case = store.get(case_id, expected_version)
        case.screen(decision, reason, referred_to, workflow)
        store.save(case)
    return case.version
