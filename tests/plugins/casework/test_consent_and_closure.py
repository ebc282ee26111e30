"""Consent, the legal basis, closure, follow-up and reopening: the rules the Case keeps, and what the case list shows."""

from __future__ import annotations

from datetime import date

import pytest

from core.toolkit import Guard, ValidationError, WorkflowStep, finnish_today
from plugins.casework import service
from plugins.casework.domain import Case
from plugins.casework.projections import CaseList
from plugins.casework.queries import case_row
from plugins.casework.workflow import with_city_steps

NOV = date(2026, 11, 20)


@pytest.fixture
def store(make_store):
    return make_store([CaseList()])


def planned_case(store, coordinator):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.change_phase(store, coordinator, case_id, "screening", "first talk held")
    service.screen_case(store, coordinator, case_id, "screened_in", "fits exit work")
    service.change_phase(store, coordinator, case_id, "support_plan", "assessed")
    return case_id


def test_active_support_needs_consent_to_take_part_or_a_legal_basis(store, coordinator, recorded):
    case_id = planned_case(store, coordinator)
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="needs the client's consent to take part, or a recorded legal basis"):
            service.change_phase(store, coordinator, case_id, "active_support", "plan agreed")
    log.assert_nothing()
    with recorded(store) as log:
        service.give_consent(store, coordinator, case_id, "participation", NOV, "written")
        service.change_phase(store, coordinator, case_id, "active_support", "plan agreed")
    log.assert_events(Case.ConsentGiven, Case.PhaseChanged, actor=coordinator)
    assert case_row(store, case_id.hex).participation is True


def test_a_legal_basis_lets_support_go_on_and_survives_withdrawal(store, coordinator, recorded):
    case_id = planned_case(store, coordinator)
    service.record_legal_basis(store, coordinator, case_id, "Child Welfare Act 417/2007, section 36")
    service.change_phase(store, coordinator, case_id, "active_support", "order of the court")
    service.give_consent(store, coordinator, case_id, "participation", NOV, "oral")
    with recorded(store) as log:
        service.withdraw_consent(store, coordinator, case_id, "participation", NOV)
    log.assert_events(Case.ConsentWithdrawn)
    assert (case_row(store, case_id.hex).phase, case_row(store, case_id.hex).legal_basis) == ("active_support", True)


def test_withdrawing_from_taking_part_closes_the_case_as_withdrawn(store, coordinator, worker, recorded):
    case_id = planned_case(store, coordinator)
    service.give_consent(store, coordinator, case_id, "participation", NOV, "written")
    with recorded(store) as log:
        service.withdraw_consent(store, worker, case_id, "participation", NOV)
    log.assert_events(Case.ConsentWithdrawn, Case.Closed, actor=worker)
    assert log.events[1].closing_reason == "withdrawn" and log.events[1].follow_ups == []
    row = case_row(store, case_id.hex)
    assert (row.phase, row.closing_reason, row.participation, row.next_follow_up) == ("closed", "withdrawn", False, None)


@pytest.mark.parametrize(("call", "field"), [
    (lambda s, a, c: service.give_consent(s, a, c, "sharing", NOV, "written"), "organisation"),
    (lambda s, a, c: service.give_consent(s, a, c, "participation", NOV, "telepathy"), "form"),
    (lambda s, a, c: service.give_consent(s, a, c, "everything", NOV, "oral"), "scope"),
    (lambda s, a, c: service.withdraw_consent(s, a, c, "participation", NOV), "scope"),
    (lambda s, a, c: service.withdraw_consent(s, a, c, "sharing", NOV, "City of Oulu social services"), "organisation"),
    (lambda s, a, c: service.record_legal_basis(s, a, c, "law"), "basis"),
    (lambda s, a, c: service.close_case(s, a, c, "bored", NOV), "closing_reason"),
    (lambda s, a, c: service.reopen_case(s, a, c, "again"), "phase"),
    (lambda s, a, c: service.change_phase(s, a, c, "closed", "done"), "phase"),
])
def test_each_consent_and_closure_rule_refuses_by_field_and_records_nothing(store, coordinator, recorded, call, field):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            call(store, coordinator, case_id)
    assert field in refused.value.messages
    log.assert_nothing()


def test_sharing_consent_is_kept_per_organisation(store, coordinator):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.give_consent(store, coordinator, case_id, "sharing", NOV, "written", "Probation office of Helsinki")
    assert store.get(case_id).sharing == {"Probation office of Helsinki"}
    service.withdraw_consent(store, coordinator, case_id, "sharing", NOV, "Probation office of Helsinki")
    assert store.get(case_id).sharing == set()


def test_closing_schedules_follow_ups_and_reopening_starts_again_from_an_assessment(store, coordinator, recorded):
    case_id = planned_case(store, coordinator)
    with recorded(store) as log:
        service.close_case(store, coordinator, case_id, "goals_met", date(2026, 8, 31), "Back at work and school.")
    log.assert_events(Case.Closed, actor=coordinator)
    assert log.events[0].closing_reason == "goals_met"
    assert log.events[0].follow_ups == [date(2026, 11, 30), date(2027, 2, 28), date(2027, 8, 31)]
    assert log.events[0].summary.category == "note"  # the summary is the client's personal data
    row = case_row(store, case_id.hex)
    assert (row.phase, row.closing_reason, row.next_follow_up) == ("closed", "goals_met", date(2026, 11, 30))
    with pytest.raises(ValidationError, match="not open"):
        service.close_case(store, coordinator, case_id, "goals_met", NOV)
    service.change_phase(store, coordinator, case_id, "follow_up", "three-month review")
    with recorded(store) as log:
        service.reopen_case(store, coordinator, case_id, "Contact with the group again")
    log.assert_events(Case.Reopened, reason="Contact with the group again")
    row = case_row(store, case_id.hex)
    assert (row.phase, row.closing_reason, row.next_follow_up) == ("assessment", None, None)


def test_a_city_adds_a_step_renames_one_and_adds_a_rule_without_touching_casework(store, coordinator):
    workflow = with_city_steps(
        [WorkflowStep("anchor_review", "Anchor team review", after="screening"),
         WorkflowStep("screening", "First screening", after="")],
        [Guard("meeting first", lambda case, step: "meet the client before closing"
               if step == "closed" and case["meetings"] == 0 else None)])
    assert workflow.labels == {"anchor_review": "Anchor team review", "screening": "First screening"}
    case_id = service.open_case(store, coordinator, "oulu", "individual", "Routa", "self")
    service.change_phase(store, coordinator, case_id, "screening", "fits", workflow=workflow)
    with pytest.raises(ValidationError, match="leaves screening with the screening decision"):
        service.change_phase(store, coordinator, case_id, "assessment", "skip the team", workflow=workflow)
    service.screen_case(store, coordinator, case_id, "screened_in", "to the team", workflow=workflow)
    assert store.get(case_id).phase == "anchor_review"
    with pytest.raises(ValidationError, match="can move to assessment, closed, not to support_plan"):
        service.change_phase(store, coordinator, case_id, "support_plan", "skip ahead", workflow=workflow)
    service.change_phase(store, coordinator, case_id, "assessment", "team agreed", workflow=workflow)
    with pytest.raises(ValidationError, match="meet the client before closing"):
        service.close_case(store, coordinator, case_id, "not_suitable", NOV, workflow=workflow)
    assert store.get(case_id).phase == "assessment"


def test_the_case_list_rebuilt_from_the_log_equals_the_live_one(store, coordinator):
    from sqlalchemy import select

    from plugins.casework.projections import cases
    planned = planned_case(store, coordinator)
    service.give_consent(store, coordinator, planned, "participation", NOV, "written")
    service.close_case(store, coordinator, planned, "lost_contact", NOV)
    with store.reading() as session:
        live = session.execute(select(cases).order_by(cases.c.case_id)).all()
    store.runner.rebuild(store.projections["casework_cases"])
    with store.reading() as session:
        assert session.execute(select(cases).order_by(cases.c.case_id)).all() == live


def test_a_contact_found_not_suitable_closes_and_says_where_it_was_referred(store, coordinator, recorded):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone",
                                referral_source="school")
    service.change_phase(store, coordinator, case_id, "screening", "first talk held")
    with pytest.raises(ValidationError, match="only a contact found not suitable is referred on"):
        service.screen_case(store, coordinator, case_id, "screened_in", "fits", referred_to="Youth services")
    with recorded(store) as log:
        service.screen_case(store, coordinator, case_id, "not_suitable", "No tie to violent extremism",
                            referred_to="Youth services of Helsinki")
    log.assert_events(Case.Screened, Case.Closed, actor=coordinator, reason="No tie to violent extremism")
    assert (log.events[0].decision, log.events[0].referred_to) == ("not_suitable", "Youth services of Helsinki")
    row = case_row(store, case_id.hex)
    assert (row.phase, row.closing_reason, row.referral_source, row.next_follow_up) == (
        "closed", "not_suitable", "school", None)


@pytest.mark.parametrize(("call", "field"), [
    (lambda s, a, c, day: service.close_case(s, a, c, "goals_met", day), "closed_on"),
    (lambda s, a, c, day: service.give_consent(s, a, c, "participation", day, "written"), "given_on"),
    (lambda s, a, c, day: service.withdraw_consent(s, a, c, "sharing", day, "Probation office of Helsinki"),
     "withdrawn_on"),
])
def test_a_closure_a_consent_or_a_withdrawal_ahead_of_its_day_is_refused(store, coordinator, recorded, call, field):
    from datetime import timedelta
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.give_consent(store, coordinator, case_id, "sharing", finnish_today(), "written",
                         "Probation office of Helsinki")
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            call(store, coordinator, case_id, finnish_today() + timedelta(days=1))
    assert set(refused.value.messages) == {field}
    log.assert_nothing()
    call(store, coordinator, case_id, finnish_today())  # today is not ahead
