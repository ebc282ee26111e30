"""The referrals' read models rebuild from the log row for row; an erased person's referral reads as erased."""

from __future__ import annotations

from sqlalchemy import select

from core.erasure import erase_person
from core.testing import database_text, followers_caught_up
from core.toolkit import Actor
from plugins.casework import service as cases
from plugins.referrals.incoming import service as incoming
from plugins.referrals.incoming.projections import incoming as incoming_table
from plugins.referrals.outgoing import service as outgoing
from plugins.referrals.outgoing.projections import outgoing as outgoing_table
from plugins.referrals.statistics import stats_in, stats_out
from tests.plugins.casework.staff import register_staff, with_accounts
from tests.plugins.referrals.helpers import IN, HOUSING, housing_service, open_case, past, projections, referral_in

OPERATOR = Actor("cli:operator", "operator")
PROJECTIONS = {"referrals_incoming": (incoming_table,), "referrals_outgoing": (outgoing_table,),
               "referrals_statistics": (stats_in, stats_out)}


def rows(store, tables):
    with store.reading() as session:
        return [sorted(tuple(r) for r in session.execute(select(table))) for table in tables]


def test_every_read_model_rebuilds_as_it_was_kept_live(make_store, coordinator, worker):
    store = make_store(with_accounts(*projections()))
    register_staff(store, coordinator, worker)
    service_id = housing_service(store)
    incoming.accept_referral(store, coordinator, referral_in(store, worker))
    incoming.decline_referral(store, coordinator, referral_in(store, worker, urgency="urgent"), "not exit work")
    referred = referral_in(store, worker, source="school", received_on=past(40))
    incoming.refer_on(store, coordinator, referred, service_id, "housing first")
    incoming.give_feedback(store, coordinator, referred, "Told the school.")
    case_id = open_case(store, coordinator, worker)
    cases.give_consent(store, worker, case_id, "sharing", past(), "written", HOUSING)
    sent = outgoing.draft_referral(store, worker, case_id, service_id, "A home.", ["identity"], "consent")
    outgoing.send_referral(store, worker, sent)
    outgoing.answer_referral(store, worker, sent, "declined", feedback="Full until spring.")
    outgoing.withdraw_referral(store, worker, outgoing.draft_referral(
        store, coordinator, case_id, service_id, "Now.", ["identity"], "override", override_reason="Tonight.",
        may_override=True), "Found another way.")
    followers_caught_up(store)  # the statistics are kept by a follower
    for name, tables in PROJECTIONS.items():
        live = rows(store, tables)
        assert all(live), name
        store.runner.rebuild(store.projections[name], batch=3)
        assert rows(store, tables) == live, name


def test_an_erased_persons_referral_reads_as_erased(browser, instance):
    worker = Actor("worker.helsinki", "exit_worker", "helsinki")
    referral_id = incoming.receive_referral(instance.store, worker, "helsinki", **IN)
    person_id = instance.store.get(referral_id).person_id
    erase_person(instance.store, person_id, "The person asked for erasure on 2026-11-28 (GDPR Art. 17).", OPERATOR)
    coordinator = browser("coordinator.helsinki")
    assert coordinator.post("/language", {"language": "en", "next": "/"}).status_code == 302
    page = coordinator.get(f"/referrals/{referral_id.hex}")
    assert page.status_code == 200 and IN["person"] not in page.text and "[erased]" in page.text
    assert IN["concern"].encode() not in database_text(instance.store)
