"""Referrals out: shared only with consent or a legal basis (an override needs a reason), every disclosure in the
client's access report, and the status path from drafted to completed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.testing import followers_caught_up
from core.toolkit import ValidationError
from plugins.casework import service as cases
from plugins.casework.api import disclosures_of_client
from plugins.network import api as network_api
from plugins.network import service as network
from plugins.referrals.outgoing import service
from plugins.referrals.outgoing.domain import OutgoingReferral
from plugins.referrals.queries import outgoing_of_case, outgoing_row, overdue, overrides
from plugins.referrals.statistics import outgoing_counts
from tests.plugins.casework.staff import register_staff, with_accounts
from tests.plugins.referrals.helpers import HOUSING, MANAGER, housing_service, open_case, past, projections

PURPOSE = "Needs a flat of her own to leave the group's shared flat."


@pytest.fixture
def store(make_store, coordinator, worker):
    store = make_store(with_accounts(*projections()))
    register_staff(store, coordinator, worker)
    return store


@pytest.fixture
def case_id(store, coordinator, worker):
    return open_case(store, coordinator, worker)


@pytest.fixture
def service_id(store):
    return housing_service(store)


def draft(store, actor, case_id, service_id, **change):
    given = {"purpose": PURPOSE, "items": ["identity", "contact_details"], "basis": "consent", **change}
    return service.draft_referral(store, actor, case_id, service_id, **given)


def test_without_consent_or_a_legal_basis_nothing_is_drafted(store, recorded, worker, case_id, service_id):
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="has not consented") as no_consent:
            draft(store, worker, case_id, service_id)
        with pytest.raises(ValidationError) as no_provision:
            draft(store, worker, case_id, service_id, basis="court_order")
        with pytest.raises(ValidationError) as unknown:
            draft(store, worker, case_id, service_id, basis="it_seemed_useful")
    assert set(no_consent.value.messages) == {"basis"} and set(unknown.value.messages) == {"basis"}
    assert set(no_provision.value.messages) == {"provision"}
    log.assert_nothing()


def test_consent_to_that_organisation_or_a_legal_basis_allows_it(store, worker, case_id, service_id):
    cases.give_consent(store, worker, case_id, "sharing", past(), "written", HOUSING.upper())
    assert outgoing_row(store, draft(store, worker, case_id, service_id).hex).basis == "consent"
    legal = draft(store, worker, case_id, service_id, basis="court_order", provision="District court order 4/2026")
    assert store.get(legal).provision == "District court order 4/2026"


def test_an_override_needs_the_permission_and_a_reason_and_is_flagged(store, recorded, coordinator, worker, case_id,
                                                                     service_id):
    with recorded(store) as log:
        with pytest.raises(ValidationError) as not_allowed:
            draft(store, worker, case_id, service_id, basis="override", override_reason="urgent", may_override=False)
        with pytest.raises(ValidationError) as no_reason:
            draft(store, coordinator, case_id, service_id, basis="override", may_override=True)
    assert set(not_allowed.value.messages) == {"basis"} and set(no_reason.value.messages) == {"override_reason"}
    log.assert_nothing()
    referral_id = draft(store, coordinator, case_id, service_id, basis="override", may_override=True,
                        override_reason="She is homeless tonight and cannot be reached for consent.")
    assert [r.referral_id for r in overrides(store, "helsinki")] == [referral_id.hex]
    drafted = store.get(referral_id)
    assert (store.vault.reveal(drafted.purpose), store.vault.reveal(drafted.override_reason)) == (
        PURPOSE, "She is homeless tonight and cannot be reached for consent.")


def test_sending_records_the_chosen_items_in_the_clients_access_report(store, recorded, worker, case_id, service_id):
    cases.give_consent(store, worker, case_id, "sharing", past(), "written", HOUSING)
    referral_id = draft(store, worker, case_id, service_id, items=["identity", "support_plan"])
    with recorded(store) as log:
        version = service.send_referral(store, worker, referral_id, expected_version=1)
    assert [type(e).__name__ for e in log.events] == ["Sent", "Recorded"]
    [shared] = disclosures_of_client(store, store.get(case_id).client_id)
    assert (shared["organisation"], shared["basis"], shared["items"], shared["actor"], shared["meeting_id"],
            shared["version"], shared["case_id"]) == (HOUSING, "consent", ["identity", "support_plan"],
                                                      "worker.helsinki", referral_id.hex, version, case_id.hex)


def test_consent_withdrawn_before_sending_stops_it(store, recorded, worker, case_id, service_id):
    cases.give_consent(store, worker, case_id, "sharing", past(2), "written", HOUSING)
    referral_id = draft(store, worker, case_id, service_id)
    cases.withdraw_consent(store, worker, case_id, "sharing", past(), HOUSING)
    with recorded(store) as log, pytest.raises(ValidationError, match="no longer in force"):
        service.send_referral(store, worker, referral_id)
    log.assert_nothing()
    assert disclosures_of_client(store, store.get(case_id).client_id) == []


def test_the_status_path_with_the_services_feedback(store, worker, case_id, service_id):
    referral_id = draft(store, worker, case_id, service_id, basis="court_order", provision="Court order 4/2026")
    with pytest.raises(ValidationError, match="takes no answer"):
        service.answer_referral(store, worker, referral_id, "accepted")
    service.send_referral(store, worker, referral_id, on=past(3))
    with pytest.raises(ValidationError) as skipped:
        service.answer_referral(store, worker, referral_id, "completed")
    assert "status" in skipped.value.messages
    service.answer_referral(store, worker, referral_id, "received", on=past(2))
    service.answer_referral(store, worker, referral_id, "accepted", on=past(1), feedback="First meeting on Monday.")
    service.answer_referral(store, worker, referral_id, "completed", feedback="She has a lease.")
    assert outgoing_row(store, referral_id.hex).status == "completed"
    feedback = [e.feedback for e in store.events.get(referral_id) if isinstance(e, OutgoingReferral.Answered)]
    assert [store.vault.reveal(f) if f else None for f in feedback] == [None, "First meeting on Monday.",
                                                                         "She has a lease."]
    with pytest.raises(ValidationError):
        service.withdraw_referral(store, worker, referral_id, "too late")
    followers_caught_up(store)
    assert [(r.category, r.outcome, r.referrals) for r in outgoing_counts(store, "helsinki")] == [
        ("housing", "completed", 1)]


def test_a_decline_needs_the_services_word_and_a_withdrawal_its_reason(store, worker, case_id, service_id):
    referral_id = draft(store, worker, case_id, service_id, basis="court_order", provision="Court order 4/2026")
    service.send_referral(store, worker, referral_id)
    with pytest.raises(ValidationError) as silent:
        service.answer_referral(store, worker, referral_id, "declined")
    assert "feedback" in silent.value.messages
    with pytest.raises(ValidationError) as no_reason:
        service.withdraw_referral(store, worker, referral_id, "")
    assert "reason" in no_reason.value.messages
    service.withdraw_referral(store, worker, referral_id, "She moved to Oulu.")
    assert [r.status for r in outgoing_of_case(store, case_id.hex)] == ["withdrawn"]


def test_an_unanswered_referral_is_overdue_after_its_days(store, worker, case_id, service_id):
    referral_id = draft(store, worker, case_id, service_id, basis="court_order", provision="Court order 4/2026")
    service.send_referral(store, worker, referral_id, on=past(20))
    row = outgoing_row(store, referral_id.hex)
    assert row.answer_due == past(20) + timedelta(days=14)
    assert [r.referral_id for r in overdue(store, "helsinki", past(0))] == [referral_id.hex]
    assert overdue(store, "helsinki", past(7)) == []
    service.answer_referral(store, worker, referral_id, "accepted", on=past(1))
    assert overdue(store, "helsinki", past(0)) == []


def test_a_withdrawn_service_is_refused(store, recorded, worker, case_id, service_id):
    organisation_id = network_api.service(store, service_id).organisation_id
    network.withdraw_service(store, MANAGER, organisation_id, service_id, "Funding ended.")
    with recorded(store) as log, pytest.raises(ValidationError) as withdrawn:
        draft(store, worker, case_id, service_id, basis="court_order", provision="Court order 4/2026")
    assert set(withdrawn.value.messages) == {"service_id"}
    log.assert_nothing()


def test_a_closed_case_or_another_citys_service_is_refused(store, coordinator, worker, case_id):
    turku = housing_service(store, "turku")
    with pytest.raises(ValidationError) as elsewhere:
        draft(store, worker, case_id, turku, basis="court_order", provision="Court order 4/2026")
    assert "service_id" in elsewhere.value.messages
