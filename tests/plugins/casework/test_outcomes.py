"""Outcome measures: a baseline first and once per episode, reviews and one closure after it, ratings on each
measure's scale or not known, the set's version kept; rows in the projection; the change from the baseline."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.toolkit import ConflictError, ValidationError
from core.testing import database_text
from plugins.casework import service as cases
from plugins.casework.outcomes import service
from plugins.casework.outcomes.domain import Outcomes, matrix, outcomes_id
from plugins.casework.outcomes.measures import DEFAULT_MEASURES, Measure, set_version
from plugins.casework.outcomes.projections import OutcomeMeasurements, measurements, outcomes
from plugins.casework.projections import CaseList

MEASURES = DEFAULT_MEASURES
NOTE = "Told of a new flat on Vyrkkäkatu and a course that starts in January."
DAY = date(2026, 10, 1)


@pytest.fixture
def store(make_store):
    return make_store([CaseList(), OutcomeMeasurements()])


def open_case(store, coordinator):
    return cases.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")


def record(store, actor, case_id, occasion="baseline", on=DAY, measures=MEASURES, **ratings):
    return service.record_measurement(store, actor, case_id, measures, occasion, on,
                                      ratings or {"contact_with_group": 3, "housing": 1})


def rows(store, case_id):
    with store.reading() as session:
        return session.execute(select(measurements).where(measurements.c.case_id == case_id.hex)
                               .order_by(measurements.c.version)).all()


def test_the_default_measures_cover_what_the_programme_follows():
    assert [m.name for m in DEFAULT_MEASURES] == [
        "contact_with_group", "violence_or_offending", "attitude_to_violence", "housing", "work_or_education",
        "social_network", "mental_health_engagement", "workers_judgement", "clients_own_rating"]
    own = next(m for m in DEFAULT_MEASURES if m.name == "clients_own_rating")
    assert own.values == tuple(range(1, 11)) and own.higher_is_better
    assert not next(m for m in DEFAULT_MEASURES if m.name == "contact_with_group").higher_is_better
    assert all(len(m.values) >= 4 and list(m.values) == sorted(m.values) for m in DEFAULT_MEASURES)


def test_the_set_version_changes_with_a_measure_its_scale_or_its_direction_only():
    extra = Measure("family_relations", "Family", ((0, "a"), (1, "b")))
    assert set_version(MEASURES) == set_version(reversed(MEASURES))
    assert set_version(MEASURES) != set_version((*MEASURES, extra))
    assert set_version([extra]) != set_version([Measure("family_relations", "Family", ((0, "a"), (1, "b")), False)])
    assert set_version([extra]) != set_version([Measure("family_relations", "Family", ((0, "a"), (1, "b"), (2, "c")))])
    assert set_version([extra]) == set_version([Measure("family_relations", "Perhe", ((0, "x"), (1, "y")))])


def test_a_baseline_then_reviews_then_one_closure(store, worker, coordinator, recorded):
    case_id = open_case(store, coordinator)
    with recorded(store) as log:
        assert service.record_measurement(store, worker, case_id, MEASURES, "baseline", DAY,
                                          {"contact_with_group": 3, "housing": 1}, NOTE) == 2
    log.assert_events(Outcomes.Started, Outcomes.Measured, actor=worker)
    assert record(store, worker, case_id, "review", date(2026, 11, 1), contact_with_group=1, housing=2) == 3
    assert record(store, worker, case_id, "review", date(2026, 11, 1), contact_with_group=1, housing=3) == 4
    assert record(store, coordinator, case_id, "closure", date(2026, 12, 1), contact_with_group=0) == 5
    found = rows(store, case_id)
    assert [(r.occasion, r.episode, r.measured_on, r.recorded_by) for r in found] == [
        ("baseline", 1, DAY, "worker.helsinki"), ("review", 1, date(2026, 11, 1), "worker.helsinki"),
        ("review", 1, date(2026, 11, 1), "worker.helsinki"), ("closure", 1, date(2026, 12, 1), "coordinator.helsinki")]
    assert found[0].ratings == {m.name: None for m in MEASURES} | {"contact_with_group": 3, "housing": 1}
    assert {r.measure_set for r in found} == {set_version(MEASURES)}
    assert store.vault.reveal(store.get(outcomes_id(case_id)).measurements[0].note) == NOTE
    assert NOTE.encode() not in database_text(store)


@pytest.mark.parametrize("first, then, message", [
    (None, "review", "record the baseline first"),
    (None, "closure", "record the baseline first"),
    ("baseline", "baseline", "this episode has its baseline"),
    ("closure", "closure", "this episode is closed"),
    ("closure", "review", "this episode is closed"),
])
def test_the_order_of_occasions_is_kept(store, worker, coordinator, recorded, first, then, message):
    case_id = open_case(store, coordinator)
    if first:
        record(store, worker, case_id)
    if first == "closure":
        record(store, worker, case_id, "closure")
    with recorded(store) as log:
        with pytest.raises(ValidationError, match=message) as refused:
            record(store, worker, case_id, then)
    assert set(refused.value.messages) == {"occasion"}
    log.assert_nothing()


def test_a_reopened_case_starts_a_new_episode_with_a_baseline(store, worker, coordinator):
    case_id = open_case(store, coordinator)
    record(store, worker, case_id)
    cases.close_case(store, coordinator, case_id, "lost_contact", date(2026, 10, 20))
    with pytest.raises(ValidationError, match="this episode has its baseline"):
        record(store, worker, case_id, "baseline", date(2026, 10, 20))
    record(store, worker, case_id, "closure", date(2026, 10, 20), contact_with_group=2)
    with pytest.raises(ValidationError, match="a closed case gets no new baseline"):
        record(store, worker, case_id, "baseline", date(2026, 10, 21))
    cases.reopen_case(store, coordinator, case_id, "The client called again.")
    with pytest.raises(ValidationError, match="not before the last measurement"):
        record(store, worker, case_id, "baseline", date(2026, 10, 19))
    record(store, worker, case_id, "baseline", date(2027, 2, 1), contact_with_group=2)
    record(store, worker, case_id, "review", date(2027, 3, 1), contact_with_group=1)
    assert [(r.episode, r.occasion) for r in rows(store, case_id)] == [
        (1, "baseline"), (1, "closure"), (2, "baseline"), (2, "review")]


@pytest.mark.parametrize("ratings, field, message", [
    ({"star_sign": 2, "housing": 1}, "ratings", "no measure star_sign"),
    ({"housing": 4}, "ratings.housing", "must be one of 0, 1, 2, 3, or not known"),
    ({"housing": -1}, "ratings.housing", "must be one of 0, 1, 2, 3"),
    ({"housing": True}, "ratings.housing", "must be one of 0, 1, 2, 3"),
    ({"clients_own_rating": 0}, "ratings.clients_own_rating", "must be one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"),
    ({"housing": None, "contact_with_group": None}, "ratings", "rate at least one measure"),
    ({}, "ratings", "rate at least one measure"),
    ([3, 1], "ratings", "give the ratings by measure"),
])
def test_ratings_off_the_scale_unknown_measures_or_none_known_are_refused(store, worker, coordinator, recorded,
                                                                         ratings, field, message):
    case_id = open_case(store, coordinator)
    with recorded(store) as log:
        with pytest.raises(ValidationError, match=message) as refused:
            service.record_measurement(store, worker, case_id, MEASURES, "baseline", DAY, ratings)
    assert field in refused.value.messages
    log.assert_nothing()
    assert rows(store, case_id) == []


def test_other_input_is_refused_by_field(store, worker, coordinator):
    case_id = open_case(store, coordinator)
    with pytest.raises(ValidationError) as refused:
        service.record_measurement(store, worker, case_id, MEASURES, "midterm", "yesterday", {"housing": 1},
                                   "x" * 4001)
    assert set(refused.value.messages) == {"occasion", "measured_on", "note"}


def test_a_stale_version_is_a_conflict_and_writes_nothing(store, worker, coordinator, recorded):
    case_id = open_case(store, coordinator)
    with pytest.raises(ConflictError):
        service.record_measurement(store, worker, case_id, MEASURES, "baseline", DAY, {"housing": 1},
                                   expected_version=2)
    service.record_measurement(store, worker, case_id, MEASURES, "baseline", DAY, {"housing": 1}, expected_version=0)
    with recorded(store) as log:
        with pytest.raises(ConflictError):
            service.record_measurement(store, worker, case_id, MEASURES, "review", DAY, {"housing": 2},
                                       expected_version=0)
    log.assert_nothing()
    assert service.record_measurement(store, worker, case_id, MEASURES, "review", DAY, {"housing": 2},
                                      expected_version=2) == 3


def test_a_measurement_keeps_the_set_it_was_taken_on(store, worker, coordinator):
    case_id = open_case(store, coordinator)
    extended = (*MEASURES, Measure("family_relations", "Family", ((0, "broken"), (1, "strained"), (2, "in touch"))))
    record(store, worker, case_id, measures=MEASURES)
    record(store, worker, case_id, "review", measures=extended, family_relations=1)
    first, second = rows(store, case_id)
    assert (first.measure_set, second.measure_set) == (set_version(MEASURES), set_version(extended))
    assert "family_relations" not in first.ratings and second.ratings["family_relations"] == 1


def test_the_change_from_baseline_respects_which_way_is_better(store, worker, coordinator):
    case_id = open_case(store, coordinator)
    record(store, worker, case_id, contact_with_group=3, housing=1, clients_own_rating=5)
    record(store, worker, case_id, "review", contact_with_group=1, housing=1, social_network=2, clients_own_rating=3)
    cells = matrix(rows(store, case_id), MEASURES)
    assert [(c.value, c.delta, c.direction) for c in cells["contact_with_group"]] == [(3, None, None),
                                                                                      (1, -2, "better")]
    assert [(c.delta, c.direction) for c in cells["housing"]] == [(None, None), (0, "same")]
    assert [(c.value, c.direction) for c in cells["social_network"]] == [(None, None), (2, None)]  # no baseline
    assert all(c.in_set for cells_of in cells.values() for c in cells_of)
    extra = Measure("family_relations", "Family", ((0, "broken"), (1, "strained")))
    assert [c.in_set for c in matrix(rows(store, case_id), (*MEASURES, extra))["family_relations"]] == [False, False]
    assert [(c.delta, c.direction) for c in cells["clients_own_rating"]] == [(None, None), (-2, "worse")]


def test_rebuilding_gives_the_same_rows(store, worker, coordinator):
    case_id = open_case(store, coordinator)
    record(store, worker, case_id)
    record(store, worker, case_id, "closure", contact_with_group=0)
    before = rows(store, case_id)
    with store.reading() as session:
        own = session.execute(select(outcomes)).all()
    store.runner.rebuild(store.projections["casework_outcome_measurements"])
    assert rows(store, case_id) == before
    with store.reading() as session:
        rebuilt = session.execute(select(outcomes)).all()
    assert rebuilt == own == [(outcomes_id(case_id).hex, case_id.hex, "helsinki", 3)]


def test_follow_up_measurements_come_after_the_closure_of_a_closed_case(store, worker, coordinator, recorded):
    case_id = open_case(store, coordinator)
    record(store, worker, case_id, "baseline", date(2026, 9, 1), contact_with_group=3)
    with pytest.raises(ValidationError, match="taken after the case closed"):
        record(store, worker, case_id, "follow_up", date(2026, 9, 2))
    cases.close_case(store, coordinator, case_id, "goals_met", date(2026, 10, 1))
    with pytest.raises(ValidationError, match="record the closure first"):
        record(store, worker, case_id, "follow_up", date(2026, 10, 2))
    record(store, worker, case_id, "closure", date(2026, 10, 1), contact_with_group=1)
    with recorded(store) as log:
        record(store, worker, case_id, "follow_up", date(2026, 11, 1), contact_with_group=0)
        record(store, worker, case_id, "follow_up", date(2026, 11, 20), contact_with_group=0)
    log.assert_events(Outcomes.Measured, Outcomes.Measured, actor=worker)
    with pytest.raises(ValidationError, match="this episode is closed"):
        record(store, worker, case_id, "review", date(2026, 11, 21))
    cases.reopen_case(store, coordinator, case_id, "The client called again.")
    with pytest.raises(ValidationError, match="taken after the case closed"):
        record(store, worker, case_id, "follow_up", date(2026, 11, 21))
    record(store, worker, case_id, "baseline", date(2026, 11, 21), contact_with_group=2)
    assert [(r.episode, r.occasion) for r in rows(store, case_id)] == [
        (1, "baseline"), (1, "closure"), (1, "follow_up"), (1, "follow_up"), (2, "baseline")]
    cells = matrix(store.get(outcomes_id(case_id)).measurements, MEASURES)["contact_with_group"]
    assert (cells[2].value, cells[2].delta) == (0, -3)  # each follow-up is compared with its episode's baseline
