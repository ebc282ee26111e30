"""Contacts and multi-agency meetings keep their rules in the aggregates; each use case records exactly its events."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic
from sqlalchemy import select

from core.errors import ValidationError
from core.events import Actor, Meta
from core.toolkit import finnish_today
from plugins.casework import service as cases
from plugins.casework.api import disclosures_of_client
from plugins.casework.domain import Case
from plugins.casework.meetings import service
from plugins.casework.meetings.domain import AgencyMeeting
from plugins.casework.meetings.projections import AgencyMeetingList, agency_meetings, disclosures
from plugins.casework.meetings.queries import contacts_of
from plugins.casework.projections import CaseList
from tests.plugins.casework.staff import register_staff, with_accounts

EMPLOYMENT = "Employment services of Helsinki"
ATTENDEES = [{"organisation": "Helsinki social services", "role": "social worker"},
             {"organisation": EMPLOYMENT, "role": "employment counsellor"}]
TRAINER = Actor("trainer.helsinki", "trainer", "helsinki")
TURKU_WORKER = Actor("worker.turku", "exit_worker", "turku")


@pytest.fixture
def store(make_store, coordinator, worker):
    store = make_store(with_accounts(CaseList(), AgencyMeetingList()))
    register_staff(store, coordinator, worker, TRAINER, TURKU_WORKER)
    return store


@pytest.fixture
def case_id(store, coordinator, worker):
    case_id = cases.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    cases.assign_worker(store, coordinator, case_id, worker.user_id)
    return case_id


def past(days: int = 1) -> date:
    return finnish_today() - timedelta(days=days)


# -- contacts ------------------------------------------------------------------

def test_a_contact_names_its_workers_and_the_actor_by_default(store, recorded, case_id, coordinator, worker):
    with recorded(store) as log:
        cases.record_meeting(store, worker, case_id, past(3), "in_prison", 90, note="visit")
        cases.record_meeting(store, worker, case_id, past(2), "in_person", 60,
                             workers=[worker.user_id, coordinator.user_id, worker.user_id])
    log.assert_events(Case.MeetingRecorded, Case.MeetingRecorded, actor=worker)
    first, second = log.events
    assert (first.workers, first.attended, first.missed_reason, first.mode) == (["worker.helsinki"], True, None,
                                                                                 "in_prison")
    assert second.workers == ["worker.helsinki", "coordinator.helsinki"]  # each once
    assert store.get(case_id).meetings == 2


@pytest.mark.parametrize("who", ["nobody.helsinki", "trainer.helsinki", "worker.turku"])
def test_a_contact_refuses_a_worker_who_is_not_staff_of_the_city(store, recorded, case_id, worker, who):
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            cases.record_meeting(store, worker, case_id, past(), "phone", 30, workers=[worker.user_id, who])
    assert set(refused.value.messages) == {"workers"} and who in refused.value.messages["workers"][0]
    log.assert_nothing()


def test_a_missed_contact_has_a_reason_and_no_length_and_is_not_counted_as_held(store, recorded, case_id, worker):
    with recorded(store) as log:
        cases.record_meeting(store, worker, case_id, past(), "in_prison", None, attended=False,
                             missed_reason="prison_visit_refused")
    [missed] = log.events
    assert (missed.attended, missed.minutes, missed.missed_reason) == (False, None, "prison_visit_refused")
    assert store.get(case_id).meetings == 0
    with store.reading() as session:
        assert session.execute(select(CaseList.tables[0].c.meetings)).scalar_one() == 0
    found, totals = contacts_of(store, case_id.hex)
    assert [c.missed_reason for c in found] == ["prison_visit_refused"]
    assert (totals.held, totals.missed, totals.minutes) == (0, 1, 0)


@pytest.mark.parametrize("minutes, attended, reason, fields", [
    (30, False, "client_cancelled", {"minutes"}),       # a missed contact has no length
    (None, False, None, {"missed_reason"}),              # and needs the reason it did not happen
    (None, False, "overslept", {"missed_reason"}),      # from the list
    (30, True, "client_cancelled", {"missed_reason"}),  # a held contact has no such reason
    (None, True, None, {"minutes"}),                    # and needs its length
])
def test_a_contact_is_either_held_with_a_length_or_missed_with_a_reason(store, recorded, case_id, worker, minutes,
                                                                         attended, reason, fields):
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            cases.record_meeting(store, worker, case_id, past(), "phone", minutes, attended=attended,
                                 missed_reason=reason)
    assert set(refused.value.messages) == fields
    log.assert_nothing()


def test_a_contact_in_the_future_is_refused(store, recorded, case_id, worker):
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="not in advance"):
            cases.record_meeting(store, worker, case_id, finnish_today() + timedelta(days=2), "phone", 30)
    log.assert_nothing()


def test_a_contact_recorded_before_workers_were_asked_still_loads(store, case_id, coordinator):
    """A version-1 event, as the log holds it from before: read as held, with no workers known."""
    version = store.get(case_id).version
    old = {"held_on": date(2026, 10, 1), "mode": "phone", "minutes": 30, "note": None,
           "timestamp": datetime.now(timezone.utc), "meta": Meta("coordinator.helsinki", "city_coordinator",
                                                                  "helsinki", uuid.uuid4().hex)}
    store.recorder.insert_events([StoredEvent(originator_id=case_id, originator_version=version + 1,
                                              topic=get_topic(Case.MeetingRecorded),
                                              state=store.mapper.transcoder.encode(old))])
    case = store.get(case_id)
    assert (case.version, case.meetings) == (version + 1, 1)
    found, totals = contacts_of(store, case_id.hex)
    assert [(c.workers, c.attended, c.missed_reason, c.minutes) for c in found] == [([], True, None, 30)]
    assert (totals.held, totals.missed, totals.minutes) == (1, 0, 30)


# -- multi-agency meetings -----------------------------------------------------

def meeting(store, worker, case_id, **changes):
    return service.record_agency_meeting(store, worker, case_id, **{
        "held_on": past(), "attendees": ATTENDEES, "client_present": True, **changes})


def test_a_meeting_is_recorded_with_decisions_actions_and_done(store, recorded, case_id, worker):
    with recorded(store) as log:
        meeting_id = meeting(store, worker, case_id)
        service.record_decision(store, worker, meeting_id, "Work trial in the spring.")
        service.agree_action(store, worker, meeting_id, "Find a work-trial place.", EMPLOYMENT, finnish_today())
        service.mark_action_done(store, worker, meeting_id, 1)
    log.assert_events(AgencyMeeting.Recorded, AgencyMeeting.DecisionRecorded, AgencyMeeting.ActionAgreed,
                      AgencyMeeting.ActionDone, actor=worker)
    found = store.get(meeting_id)
    assert found.attendees == ATTENDEES and found.client_present is True
    assert store.vault.reveal(found.decisions[0]) == "Work trial in the spring."
    [action] = found.actions
    assert (store.vault.reveal(action.what), action.owner, action.done) == ("Find a work-trial place.", EMPLOYMENT,
                                                                            True)
    with store.reading() as session:
        row = session.execute(select(agency_meetings)).one()
    assert (row.case_id, row.attendees, row.decisions, row.actions, row.actions_done, row.version) == (
        case_id.hex, 2, 1, 1, 1, 4)
    with pytest.raises(ValidationError, match="already done"):
        service.mark_action_done(store, worker, meeting_id, 1)
    with pytest.raises(ValidationError, match="no such action"):
        service.mark_action_done(store, worker, meeting_id, 2)


@pytest.mark.parametrize("changes, field", [
    ({"attendees": []}, "attendees"),
    ({"attendees": [{"organisation": "Police", "role": " "}]}, "attendees"),
    ({"held_on": finnish_today() + timedelta(days=1)}, "held_on"),
])
def test_a_meeting_needs_its_attendees_and_a_day_that_has_come(store, recorded, case_id, worker, changes, field):
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            meeting(store, worker, case_id, **changes)
    assert set(refused.value.messages) == {field}
    log.assert_nothing()


def test_a_closed_case_has_no_new_meetings(store, case_id, coordinator, worker):
    cases.close_case(store, coordinator, case_id, "lost_contact", past())
    with pytest.raises(ValidationError, match="closed case"):
        meeting(store, worker, case_id)


def test_information_is_shared_under_consent_only_with_an_organisation_the_client_consented_to(
        store, recorded, case_id, worker):
    meeting_id = meeting(store, worker, case_id)
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="has not consented to share with this organisation") as refused:
            service.record_disclosure(store, worker, meeting_id, ["case_phase"], EMPLOYMENT, "consent")
    assert set(refused.value.messages) == {"basis"}
    log.assert_nothing()
    cases.give_consent(store, worker, case_id, "sharing", past(), "written", EMPLOYMENT)
    with recorded(store) as log:
        service.record_disclosure(store, worker, meeting_id, ["case_phase", "support_plan"],
                                  "employment services of helsinki", "consent")
    log.assert_events(AgencyMeeting.InformationDisclosed, actor=worker)
    cases.withdraw_consent(store, worker, case_id, "sharing", past(), EMPLOYMENT)
    with pytest.raises(ValidationError, match="has not consented"):  # the consent as it stands now
        service.record_disclosure(store, worker, meeting_id, ["identity"], EMPLOYMENT, "consent")


@pytest.mark.parametrize("items, organisation, basis, provision, fields", [
    (["case_phase"], "Helsinki police", "good_reason", None, {"basis"}),          # no such basis
    (["case_phase"], "Helsinki police", "serious_offence_prevention", None, {"provision"}),  # names no provision
    (["case_phase"], "Helsinki police", "consent", "Act 1/2000 s. 1", {"provision", "basis"}),
    ([], "Helsinki police", "court_order", "Court order 12/2026", {"items"}),
    (["gossip"], " ", "court_order", "Court order 12/2026", {"items", "organisation"}),
])
def test_a_disclosure_without_a_valid_basis_is_refused(store, recorded, case_id, worker, items, organisation, basis,
                                                        provision, fields):
    meeting_id = meeting(store, worker, case_id)
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            service.record_disclosure(store, worker, meeting_id, items, organisation, basis, provision)
    assert set(refused.value.messages) == fields
    log.assert_nothing()


def test_every_disclosure_is_in_the_clients_access_report_and_the_table_rebuilds(store, case_id, coordinator,
                                                                                  worker):
    meeting_id = meeting(store, worker, case_id)
    cases.give_consent(store, worker, case_id, "sharing", past(), "oral", EMPLOYMENT)
    service.record_disclosure(store, worker, meeting_id, ["case_phase"], EMPLOYMENT, "consent")
    service.record_disclosure(store, coordinator, meeting_id, ["identity", "risk_information"], "Helsinki police",
                              "serious_offence_prevention", "Criminal Code 15:10")
    other = cases.open_case(store, coordinator, "helsinki", "individual", "Kaarna", "phone")
    service.record_disclosure(store, worker, meeting(store, worker, other), ["identity"], "Helsinki police",
                              "court_order", "Court order 12/2026")
    client_id = store.get(case_id).client_id
    found = disclosures_of_client(store, client_id)
    assert [(d["organisation"], d["basis"], d["provision"], d["items"], d["actor"], d["role"]) for d in found] == [
        (EMPLOYMENT, "consent", None, ["case_phase"], "worker.helsinki", "exit_worker"),
        ("Helsinki police", "serious_offence_prevention", "Criminal Code 15:10", ["identity", "risk_information"],
         "coordinator.helsinki", "city_coordinator")]
    assert {(d["case_id"], d["meeting_id"], d["client_id"], d["city"]) for d in found} == {
        (case_id.hex, meeting_id.hex, client_id.hex, "helsinki")}
    assert disclosures_of_client(store, client_id.hex) == found
    [police] = [e for e in store.events.get(meeting_id) if isinstance(e, AgencyMeeting.InformationDisclosed)
                and e.basis != "consent"]
    assert police.meta.reason == "Criminal Code 15:10"  # the provision is why it was shared

    def rows():
        with store.reading() as session:
            return [tuple(r) for table in (agency_meetings, disclosures)
                    for r in session.execute(select(table).order_by(*table.primary_key.columns)).all()]
    live = rows()
    store.runner.rebuild(store.projections["casework_agency_meetings"], batch=2)
    assert rows() == live and len(live) == 5


def test_a_closed_cases_meeting_takes_no_new_decisions_actions_or_disclosures(store, recorded, case_id, coordinator,
                                                                               worker):
    meeting_id = meeting(store, worker, case_id)
    service.agree_action(store, worker, meeting_id, "Find a work trial", EMPLOYMENT)
    cases.give_consent(store, worker, case_id, "sharing", past(), "written", EMPLOYMENT)
    cases.close_case(store, coordinator, case_id, "goals_met", past())
    with recorded(store) as log:
        for call in (lambda: service.record_decision(store, worker, meeting_id, "Work trial in the spring."),
                     lambda: service.agree_action(store, worker, meeting_id, "Find a flat", "Social services"),
                     lambda: service.record_disclosure(store, worker, meeting_id, ["case_phase"], EMPLOYMENT,
                                                       "consent")):
            with pytest.raises(ValidationError, match="the case is closed") as refused:
                call()
            assert set(refused.value.messages) == {"case"}
    log.assert_nothing()
    cases.change_phase(store, coordinator, case_id, "follow_up", "three-month review")
    with pytest.raises(ValidationError, match="closed case has no meetings"):
        meeting(store, worker, case_id)
    with recorded(store) as log:
        service.mark_action_done(store, worker, meeting_id, 1)  # what was agreed before closure may still get done
    log.assert_events(AgencyMeeting.ActionDone, actor=worker)
