"""Assessment: ratings on the instrument's indicators and scale, each with what it rests on; finalising needs
the overall reasoning; nothing changes after it; a coordinator approves where the city requires it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.toolkit import Actor, Instrument, ValidationError
from core.testing import database_text
from plugins.casework import service as cases
from plugins.casework.assessment import service
from plugins.casework.assessment.domain import Assessment, changes
from plugins.casework.assessment.instrument import EXIT_PATHWAYS
from plugins.casework.assessment.projections import AssessmentList, assessments
from plugins.casework.projections import CaseList

EVIDENCE = "Told of weekly meetings with two members of the group."
OTHER_COORDINATOR = Actor("second.helsinki", "city_coordinator", "helsinki")


@pytest.fixture
def store(make_store):
    return make_store([CaseList(), AssessmentList()])


def rating(**changes) -> dict:
    return {"indicator": "contact_with_group", "rating": 2, "evidence": EVIDENCE, "source": "client",
            "reliability": "probable", "reasoning": "Regular contact, though the client keeps it short.", **changes}


def started(store, worker, coordinator, approval_required=False):
    case_id = cases.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    return case_id, service.start_assessment(store, worker, case_id, EXIT_PATHWAYS, approval_required)


def row(store, assessment_id):
    with store.reading() as session:
        return session.execute(select(assessments).where(assessments.c.assessment_id == assessment_id.hex)).one()


def test_the_open_instrument_covers_risks_strengths_and_life_domains():
    assert set(EXIT_PATHWAYS.domains) == {"ideology", "group_contact", "violence", "mental_health", "housing",
                                         "work_and_education", "family_and_network", "safety"}
    assert {i.protective for i in EXIT_PATHWAYS.indicators} == {True, False}
    assert [value for value, _ in EXIT_PATHWAYS.scale] == [0, 1, 2, 3]
    assert "open" in EXIT_PATHWAYS.licence and "no items of proprietary instruments" in EXIT_PATHWAYS.licence


def test_an_assessment_starts_on_a_case_and_keeps_the_citys_rule_on_approval(store, worker, coordinator, recorded):
    case_id = cases.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    with recorded(store) as log:
        assessment_id = service.start_assessment(store, worker, case_id, EXIT_PATHWAYS, approval_required=True)
    log.assert_events(Assessment.Started, actor=worker)
    found = row(store, assessment_id)
    assert (found.case_id, found.city, found.instrument, found.instrument_version, found.state, found.assessor,
            found.approval_required) == (case_id.hex, "helsinki", "exit_pathways", "2026.1", "open",
                                         "worker.helsinki", True)


def test_a_closed_case_is_not_assessed(store, coordinator, recorded):
    case_id = cases.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    cases.close_case(store, coordinator, case_id, "not_suitable", date(2026, 11, 2))
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="a closed case is not assessed"):
            service.start_assessment(store, coordinator, case_id, EXIT_PATHWAYS, False)
    log.assert_nothing()


@pytest.mark.parametrize("changes, field, message", [
    ({"indicator": "star_sign"}, "indicator", "exit_pathways has no indicator star_sign"),
    ({"rating": 4}, "rating", "must be one of 0, 1, 2, 3"),
    ({"rating": True}, "rating", "must be one of 0, 1, 2, 3"),
    ({"source": "rumour"}, "source", "must be one of client, family"),
    ({"reliability": "certain"}, "reliability", "must be one of confirmed, probable, unconfirmed"),
    ({"evidence": "  "}, "evidence", "the rating needs its evidence"),
    ({"reasoning": ""}, "reasoning", "the rating needs its reasoning"),
    ({"evidence": "x" * 4001}, "evidence", "at most 4000 characters"),
])
def test_a_rating_is_on_the_instruments_indicators_and_scale_with_what_it_rests_on(
        store, worker, coordinator, recorded, changes, field, message):
    _, assessment_id = started(store, worker, coordinator)
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            service.rate(store, worker, assessment_id, EXIT_PATHWAYS, **rating(**changes))
    log.assert_nothing()
    assert message in " ".join(refused.value.messages[field])


def test_a_rating_keeps_its_evidence_source_reliability_and_reasoning_encrypted(store, worker, coordinator, recorded):
    _, assessment_id = started(store, worker, coordinator)
    with recorded(store) as log:
        version = service.rate(store, worker, assessment_id, EXIT_PATHWAYS, **rating())
        service.rate(store, worker, assessment_id, EXIT_PATHWAYS, **rating(rating=3), expected_version=version)
    log.assert_events(Assessment.Rated, Assessment.Rated, actor=worker)
    kept = store.get(assessment_id).ratings["contact_with_group"]
    assert (kept.rating, kept.source, kept.reliability) == (3, "client", "probable")
    assert store.vault.reveal(kept.evidence) == EVIDENCE
    assert EVIDENCE.encode() not in database_text(store)


def test_a_rating_on_another_version_of_the_instrument_is_refused(store, worker, coordinator, recorded):
    _, assessment_id = started(store, worker, coordinator)
    newer = Instrument(EXIT_PATHWAYS.name, EXIT_PATHWAYS.label, "2027.1", indicators=EXIT_PATHWAYS.indicators,
                       scale=EXIT_PATHWAYS.scale)
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="this assessment uses exit_pathways 2026.1"):
            service.rate(store, worker, assessment_id, newer, **rating())
    log.assert_nothing()


def test_finalising_needs_a_rating_and_the_overall_reasoning(store, worker, coordinator, recorded):
    _, assessment_id = started(store, worker, coordinator)
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="rate at least one indicator"):
            service.finalise(store, worker, assessment_id, "Too early to say.")
        service.rate(store, worker, assessment_id, EXIT_PATHWAYS, **rating())
        with pytest.raises(ValidationError, match="finalised with the overall reasoning"):
            service.finalise(store, worker, assessment_id, "   ")
    log.assert_events(Assessment.Rated)
    with recorded(store) as log:
        service.finalise(store, worker, assessment_id, "Contact with the group is the main need.")
    log.assert_events(Assessment.Finalised, actor=worker)
    assert row(store, assessment_id).state == "finalised" and row(store, assessment_id).finalised_at is not None


def test_a_finalised_assessment_cannot_be_changed(store, worker, coordinator, recorded):
    _, assessment_id = started(store, worker, coordinator)
    service.rate(store, worker, assessment_id, EXIT_PATHWAYS, **rating())
    service.finalise(store, worker, assessment_id, "Contact with the group is the main need.")
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="a finalised assessment cannot be changed"):
            service.rate(store, worker, assessment_id, EXIT_PATHWAYS, **rating(rating=0))
        with pytest.raises(ValidationError, match="a finalised assessment cannot be changed"):
            service.finalise(store, worker, assessment_id, "On second thoughts.")
    log.assert_nothing()


def test_approval_only_where_required_and_only_by_another_coordinator(store, worker, coordinator, recorded):
    _, free = started(store, worker, coordinator, approval_required=False)
    _, checked = started(store, coordinator, coordinator, approval_required=True)
    for assessment_id, by in ((free, worker), (checked, coordinator)):
        service.rate(store, by, assessment_id, EXIT_PATHWAYS, **rating())
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="an assessment that is open cannot be approved"):
            service.approve(store, OTHER_COORDINATOR, checked)
        service.finalise(store, worker, free, "Contact with the group is the main need.")
        service.finalise(store, coordinator, checked, "Contact with the group is the main need.")
        with pytest.raises(ValidationError, match="this city does not require approval"):
            service.approve(store, OTHER_COORDINATOR, free)
        with pytest.raises(ValidationError, match="only a coordinator approves"):
            service.approve(store, worker, checked)
        with pytest.raises(ValidationError, match="another coordinator approves"):
            service.approve(store, coordinator, checked)
    log.assert_events(Assessment.Finalised, Assessment.Finalised)
    assert row(store, checked).state == "awaiting_approval"
    with recorded(store) as log:
        service.approve(store, OTHER_COORDINATOR, checked)
    log.assert_events(Assessment.Approved, actor=OTHER_COORDINATOR)
    assert (row(store, checked).state, row(store, checked).approver) == ("approved", "second.helsinki")
    with pytest.raises(ValidationError, match="an assessment that is approved cannot be approved"):
        service.approve(store, OTHER_COORDINATOR, checked)


def test_two_assessments_are_compared_indicator_by_indicator(store, worker, coordinator):
    case_id, first = started(store, worker, coordinator)
    service.rate(store, worker, first, EXIT_PATHWAYS, **rating(rating=3))
    service.rate(store, worker, first, EXIT_PATHWAYS, **rating(indicator="housing_need", rating=1))
    second = service.start_assessment(store, worker, case_id, EXIT_PATHWAYS, False)
    service.rate(store, worker, second, EXIT_PATHWAYS, **rating(rating=1))
    service.rate(store, worker, second, EXIT_PATHWAYS, **rating(indicator="housing_need", rating=1))
    service.rate(store, worker, second, EXIT_PATHWAYS, **rating(indicator="ties_outside_group", rating=2))
    found = {c.indicator: c for c in changes(store.get(first), store.get(second), EXIT_PATHWAYS)}
    assert [c.indicator for c in found.values()] == [i.name for i in EXIT_PATHWAYS.indicators]
    assert (found["contact_with_group"].before, found["contact_with_group"].after) == (3, 1)
    assert not found["housing_need"].changed
    assert (found["ties_outside_group"].before, found["ties_outside_group"].after) == (None, 2)


def test_rebuilding_gives_the_same_rows(store, worker, coordinator):
    _, assessment_id = started(store, worker, coordinator, approval_required=True)
    service.rate(store, worker, assessment_id, EXIT_PATHWAYS, **rating())
    service.finalise(store, worker, assessment_id, "Contact with the group is the main need.")
    service.approve(store, coordinator, assessment_id)
    before = row(store, assessment_id)
    store.runner.rebuild(store.projections["casework_assessments"])
    assert row(store, assessment_id) == before
