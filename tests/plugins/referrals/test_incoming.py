"""Referrals in: what they record, the triage queue's order, and accepting into exactly one linked case."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from core.testing import database_text
from core.toolkit import ConflictError, ValidationError
from plugins.casework import api as casework
from plugins.casework.domain import Case
from plugins.casework.projections import cases
from plugins.casework.queries import case_row
from plugins.referrals.incoming import service
from plugins.referrals.incoming.domain import IncomingReferral
from plugins.referrals.queries import incoming_row, referral_of_case, triage_queue
from tests.plugins.casework.staff import register_staff, with_accounts
from tests.plugins.referrals.helpers import IN, housing_service, past, projections, referral_in


@pytest.fixture
def store(make_store, coordinator, worker):
    store = make_store(with_accounts(*projections()))
    register_staff(store, coordinator, worker)
    return store


def test_a_referral_in_keeps_the_persons_details_in_the_vault(store, recorded, worker):
    with recorded(store) as log:
        referral_id = referral_in(store, worker)
    log.assert_events(IncomingReferral.Received, actor=worker)
    row = incoming_row(store, referral_id.hex)
    assert (row.source, row.organisation, row.urgency, row.status, row.person_knows) == (
        "police", "Helsingin poliisi", "soon", "received", True)
    text = database_text(store)
    for secret in (IN["person"], IN["concern"], "0401234567"):
        assert secret.encode() not in text


@pytest.mark.parametrize("change, field", [
    ({"source": "rumour"}, "source"), ({"organisation": " "}, "organisation"), ({"person": ""}, "person"),
    ({"urgency": "yesterday"}, "urgency"), ({"person_knows": False}, "person_consents"),
    ({"referrer_contact": ""}, "referrer_contact"), ({"received_on": date(2999, 1, 1)}, "received_on")])
def test_bad_input_is_refused_with_its_field_and_writes_nothing(store, recorded, worker, change, field):
    with recorded(store) as log, pytest.raises(ValidationError) as refused:
        referral_in(store, worker, **change)
    assert field in refused.value.messages
    log.assert_nothing()


def test_a_self_referral_names_no_organisation_or_referrer(store, worker):
    referral_id = referral_in(store, worker, source="self_referral", organisation=None, referrer_contact=None)
    assert incoming_row(store, referral_id.hex).organisation is None


def test_the_queue_puts_the_most_urgent_first_then_the_oldest(store, worker, coordinator):
    routine_old = referral_in(store, worker, urgency="routine", received_on=past(30))
    soon_new = referral_in(store, worker, urgency="soon", received_on=past(1))
    urgent = referral_in(store, worker, urgency="urgent", received_on=past(2))
    soon_old = referral_in(store, worker, urgency="soon", received_on=past(9))
    referral_in(store, worker.__class__("worker.turku", "exit_worker", "turku"))
    service.decline_referral(store, coordinator, referral_in(store, worker, urgency="urgent"), "not exit work")
    assert [r.referral_id for r in triage_queue(store, "helsinki")] == [
        urgent.hex, soon_old.hex, soon_new.hex, routine_old.hex]


def test_accepting_opens_one_case_linked_both_ways(store, recorded, coordinator, worker):
    referral_id = referral_in(store, worker)
    with recorded(store) as log:
        case_id = service.accept_referral(store, coordinator, referral_id, expected_version=1)
    log.assert_events(Case.Opened, IncomingReferral.Accepted, actor=coordinator)
    case = store.get(case_id)
    referral = store.get(referral_id)
    assert (referral.case_id, case.client_id, case.referral_source) == (case_id, referral.person_id, "police")
    assert store.vault.reveal(case.pseudonym) == IN["person"]
    assert referral_of_case(store, case_id.hex).referral_id == referral_id.hex
    with pytest.raises(ValidationError, match="already accepted"):
        service.decline_referral(store, coordinator, referral_id, "changed my mind")


def test_two_coordinators_accepting_at_once_open_one_case_and_one_gets_a_conflict(make_store, store, coordinator,
                                                                                     worker, monkeypatch):
    referral_id = referral_in(store, worker)
    both_loaded = threading.Barrier(2, timeout=3)
    opening = casework.open_case

    def open_together(*args, **kwargs):
        try:
            both_loaded.wait()  # on PostgreSQL both have read version 1 here; SQLite lets one writer in at a time
        except threading.BrokenBarrierError:
            pass
        return opening(*args, **kwargs)

    monkeypatch.setattr(casework, "open_case", open_together)
    answers = []

    def click(own_store):
        try:
            answers.append(service.accept_referral(own_store, coordinator, referral_id, expected_version=1))
        except ConflictError as e:
            answers.append(e)

    clicks = [threading.Thread(target=click, args=(make_store(with_accounts(*projections())),)) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    [case_id] = [a for a in answers if not isinstance(a, ConflictError)]
    assert sum(isinstance(a, ConflictError) for a in answers) == 1
    assert store.get(referral_id).case_id == case_id and case_row(store, case_id.hex) is not None
    with store.reading() as session:
        opened = session.execute(select(cases.c.case_id).where(cases.c.client_id == store.get(referral_id)
                                                               .person_id.hex)).all()
    assert opened == [(case_id.hex,)]  # the refused click's case was rolled back with it


def test_declining_needs_a_reason_and_referring_on_an_active_service(store, recorded, coordinator, worker):
    referral_id = referral_in(store, worker)
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            service.decline_referral(store, coordinator, referral_id, "  ")
        with pytest.raises(ValidationError) as unknown:
            service.refer_on(store, coordinator, referral_id, "0" * 32, "housing first")
    assert "reason" in refused.value.messages and "service_id" in unknown.value.messages
    log.assert_nothing()
    service_id = housing_service(store)
    service.refer_on(store, coordinator, referral_id, service_id, "Needs a home before anything else.")
    row = incoming_row(store, referral_id.hex)
    assert (row.status, row.service_id, row.referred_to) == ("referred_on", service_id, "Asuntopolku ry")


def test_the_referrers_feedback_is_recorded_with_its_day(store, recorded, coordinator, worker):
    referral_id = referral_in(store, worker, received_on=past(5))
    service.decline_referral(store, coordinator, referral_id, "Not exit work; youth services instead.")
    with recorded(store) as log:
        service.give_feedback(store, coordinator, referral_id, "Told the constable we declined and why.", past(1))
    [told] = log.events
    assert (type(told), told.on, store.vault.reveal(told.told)) == (
        IncomingReferral.FeedbackGiven, past(1), "Told the constable we declined and why.")
    assert incoming_row(store, referral_id.hex).feedback_on == past(1)
    with pytest.raises(ValidationError) as early:
        service.give_feedback(store, coordinator, referral_id, "before it came", past(9))
    assert "on" in early.value.messages


def test_the_referrer_is_an_organisation_and_contact_of_the_directory_or_a_free_entry(store, recorded, worker):
    from plugins.network import service as network
    from tests.plugins.referrals.helpers import CITIES, MANAGER
    police = network.register_organisation(store, MANAGER, "Kuvitelman poliisi", "police", ["helsinki"], CITIES)
    constable = network.add_contact(store, MANAGER, police, "Konstaapeli Keksitty", "Constable", "", "k@example.org",
                                    ["helsinki"])
    referral_id = referral_in(store, worker, organisation_id=police.hex, contact_id=constable.hex, organisation="")
    row = incoming_row(store, referral_id.hex)
    assert (row.organisation_id, row.organisation) == (police.hex, "Kuvitelman poliisi")
    assert store.get(referral_id).contact_id == constable.hex
    with recorded(store) as log:
        with pytest.raises(ValidationError) as unknown:
            referral_in(store, worker, organisation_id="0" * 32)
        with pytest.raises(ValidationError) as stranger:
            referral_in(store, worker, organisation_id=police.hex, contact_id="f" * 32)
        with pytest.raises(ValidationError) as loose:
            referral_in(store, worker, contact_id=constable.hex)
    assert "organisation_id" in unknown.value.messages
    assert "contact_id" in stranger.value.messages and "contact_id" in loose.value.messages
    log.assert_nothing()
