"""Safety: the plan revised over time (the latest in force), escalations to police or child protection refused
without a legal basis that allows them, and the coordinator's acknowledgement."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.testing import database_text
from core.toolkit import Actor, ConflictError, ValidationError
from plugins.casework import service as cases
from plugins.casework.projections import CaseList
from plugins.casework.safety import service
from plugins.casework.safety.domain import SafetyPlan, plan_id
from plugins.casework.safety.projections import SafetyList, escalations, safety_plans
from plugins.casework.safety.queries import awaiting_acknowledgement

MEASURES = "No meetings in Kallio; the sister drives the children to school."
PROMPTED = "An old member waited at the school gate and asked about the children."


@pytest.fixture
def store(make_store):
    return make_store([CaseList(), SafetyList()])


def new_case(store, coordinator, city="helsinki"):
    return cases.open_case(store, coordinator, city, "family", "Kaarna", "family")


def refused(call, *args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as e:
        call(*args, **kwargs)
    return e.value.messages


def plan(store, worker, case_id, measures=MEASURES, reviewed_on=date(2026, 10, 1), **kwargs):
    return service.revise_plan(store, worker, case_id, kwargs.get("warning_signs", "Calls from unknown numbers."),
                               kwargs.get("coping"), kwargs.get("contacts", "The sister; 112."), measures,
                               reviewed_on, expected_version=kwargs.get("expected_version"))


def escalate(store, worker, case_id, recipient="child_protection", basis="child_welfare_notification", **kwargs):
    return service.escalate(store, worker, case_id, recipient, kwargs.get("on", date(2026, 11, 2)),
                            kwargs.get("prompted_by", PROMPTED), basis)


def test_the_latest_revision_is_the_plan_and_each_is_kept(store, coordinator, worker, recorded):
    case_id = new_case(store, coordinator)
    with recorded(store) as log:
        plan(store, worker, case_id, expected_version=0)
    log.assert_events(SafetyPlan.Started, SafetyPlan.Revised, actor=worker)
    plan(store, worker, case_id, measures="A new phone number.", reviewed_on=date(2026, 11, 1), coping="Running.")
    record = store.get(plan_id(case_id))
    assert record.revisions == 2 and record.plan["reviewed_on"] == date(2026, 11, 1)
    assert store.vault.reveal(record.plan["measures"]) == "A new phone number."
    assert store.vault.reveal(record.plan["coping"]) == "Running."
    revised = [e for e in store.events.get(plan_id(case_id)) if isinstance(e, SafetyPlan.Revised)]
    assert [store.vault.reveal(e.measures) for e in revised] == [MEASURES, "A new phone number."]
    assert MEASURES.encode() not in database_text(store)
    with store.reading() as session:
        found = session.execute(select(safety_plans).where(safety_plans.c.case_id == case_id.hex)).one()
    assert (found.revisions, found.reviewed_on, found.version) == (2, date(2026, 11, 1), record.version)


def test_plan_rules(store, coordinator, worker):
    case_id = new_case(store, coordinator)
    assert refused(plan, store, worker, case_id, measures="  ") == {
        "measures": ["a safety plan records the measures agreed"]}
    assert refused(plan, store, worker, case_id, reviewed_on=None) == {
        "reviewed_on": ["give the day the plan was agreed or reviewed"]}
    plan(store, worker, case_id)
    assert refused(plan, store, worker, case_id, reviewed_on=date(2026, 9, 1)) == {
        "reviewed_on": ["not before the last review (2026-10-01)"]}
    assert store.get(plan_id(case_id)).revisions == 1


def test_an_escalation_needs_a_legal_basis_that_allows_telling_its_recipient(store, coordinator, worker, recorded):
    case_id = new_case(store, coordinator)
    assert refused(escalate, store, worker, case_id, basis=None) == {
        "legal_basis": ["an escalation is recorded with its legal basis"]}
    assert "legal_basis" in refused(escalate, store, worker, case_id, basis="gut_feeling")
    assert refused(escalate, store, worker, case_id, basis="serious_offence_prevention") == {
        "legal_basis": ["serious_offence_prevention lets the worker tell only: police"]}
    assert set(refused(escalate, store, worker, case_id, recipient="newspaper", prompted_by=" ")) == {
        "recipient", "prompted_by"}
    assert not list(store.events.get(plan_id(case_id)))  # nothing refused was written
    with recorded(store) as log:
        escalate(store, worker, case_id)
    log.assert_events(SafetyPlan.Started, SafetyPlan.Escalated, actor=worker, reason="child_welfare_notification")
    escalate(store, worker, case_id, recipient="police", basis="serious_offence_prevention")
    record = store.get(plan_id(case_id))
    assert [(x.number, x.recipient, x.legal_basis, x.escalated_by) for x in record.escalations.values()] == [
        (1, "child_protection", "child_welfare_notification", "worker.helsinki"),
        (2, "police", "serious_offence_prevention", "worker.helsinki")]
    assert store.vault.reveal(record.escalations[1].prompted_by) == PROMPTED
    assert PROMPTED.encode() not in database_text(store)


def test_a_coordinator_acknowledges_each_escalation_once(store, coordinator, worker, recorded):
    case_id = new_case(store, coordinator)
    version = escalate(store, worker, case_id)
    assert refused(service.acknowledge, store, worker, case_id, 1) == {
        "escalation": ["only a coordinator acknowledges an escalation"]}
    assert refused(service.acknowledge, store, coordinator, case_id, 2) == {"escalation": ["no such escalation"]}
    with pytest.raises(ConflictError):
        service.acknowledge(store, coordinator, case_id, 1, expected_version=version - 1)
    with recorded(store) as log:
        service.acknowledge(store, coordinator, case_id, 1, expected_version=version)
    log.assert_events(SafetyPlan.Acknowledged, actor=coordinator)
    assert store.get(plan_id(case_id)).escalations[1].acknowledged_by == "coordinator.helsinki"
    assert refused(service.acknowledge, store, coordinator, case_id, 1) == {
        "escalation": ["the escalation is already acknowledged"]}
    with store.reading() as session:
        found = session.execute(select(escalations)).one()
    assert found.acknowledged_by == "coordinator.helsinki" and found.acknowledged_at is not None


def test_the_coordinator_sees_the_citys_escalations_not_yet_acknowledged(store, coordinator, worker):
    first, second = new_case(store, coordinator), new_case(store, coordinator)
    turku = new_case(store, Actor("coordinator.turku", "city_coordinator", "turku"), city="turku")
    escalate(store, worker, first, on=date(2026, 11, 3))
    escalate(store, worker, second, recipient="police", basis="imminent_danger", on=date(2026, 11, 1))
    escalate(store, Actor("worker.turku", "exit_worker", "turku"), turku)
    escalate(store, worker, first, basis="court_or_authority_request", on=date(2026, 11, 5))
    service.acknowledge(store, coordinator, first, 1)
    waiting = awaiting_acknowledgement(store, "helsinki")
    assert [(r.case_id, r.number, r.recipient, r.legal_basis) for r in waiting] == [
        (second.hex, 1, "police", "imminent_danger"), (first.hex, 2, "child_protection", "court_or_authority_request")]
    assert [r.case_id for r in awaiting_acknowledgement(store, "turku")] == [turku.hex]


def test_rebuilding_gives_the_same_rows(store, coordinator, worker):
    case_id = new_case(store, coordinator)
    plan(store, worker, case_id)
    escalate(store, worker, case_id)
    escalate(store, worker, case_id, recipient="police", basis="imminent_danger")
    service.acknowledge(store, coordinator, case_id, 2)

    def rows():
        with store.reading() as session:
            return (session.execute(select(safety_plans)).all(),
                    session.execute(select(escalations).order_by(escalations.c.number)).all())
    before = rows()
    store.runner.rebuild(store.projections["casework_safety"])
    assert rows() == before and len(before[1]) == 2


@pytest.mark.parametrize("batch", [1, 500])
def test_a_transferred_cases_plan_and_escalations_follow_it_and_rebuild_so(store, coordinator, worker, batch):
    case_id = new_case(store, coordinator)
    plan(store, worker, case_id)
    escalate(store, worker, case_id)
    escalate(store, worker, case_id, recipient="police", basis="imminent_danger")
    cases.record_legal_basis(store, coordinator, case_id, "Child Welfare Act 417/2007, s. 36")
    version = cases.request_transfer(store, coordinator, case_id, "turku", "The client moves to Turku.",
                                     {"helsinki": None, "turku": None})
    cases.answer_transfer(store, Actor("coordinator.turku", "city_coordinator", "turku"), case_id, True,
                          expected_version=version)

    def rows():
        with store.reading() as session:
            return (session.execute(select(safety_plans)).all(),
                    session.execute(select(escalations).order_by(escalations.c.number)).all())
    before = rows()
    assert [p.city for p in before[0]] == ["turku"] and [e.city for e in before[1]] == ["turku", "turku"]
    assert [r.number for r in awaiting_acknowledgement(store, "turku")] == [1, 2]
    store.runner.rebuild(store.projections["casework_safety"], batch=batch)
    assert rows() == before
