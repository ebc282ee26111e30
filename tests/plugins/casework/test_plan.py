"""The support plan: one per open case; goals per life domain with actions owned by organisations and due on days;
status moves that make sense; reviews that set the next one; what is overdue, in the user's scope."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from core.toolkit import Actor, ConflictError, ValidationError
from core.testing import database_text
from plugins.casework import service as cases
from plugins.casework.demo import PLANNED, city_cases
from plugins.casework.kinds import kinds_of
from plugins.casework.plan import service
from plugins.casework.plan.domain import DOMAINS, SupportPlan, plan_id_of
from plugins.casework.plan.projections import PlanList, plan_actions, plans
from plugins.casework.plan.queries import due_on_caseload
from plugins.casework.projections import CaseList
from plugins.casework.workflow import workflow_of

TODAY = date(2026, 11, 2)
GOAL = "A flat of my own, away from the group's part of town."


# -- the aggregate, without a store ----------------------------------------------------------------------------

def a_case(phase="support_plan"):
    return SimpleNamespace(id=uuid.uuid4(), client_id=uuid.uuid4(), city="helsinki", phase=phase)


def drawn_up(case=None):
    case = case or a_case()
    return case, SupportPlan.draw_up(case, TODAY + timedelta(days=30), TODAY)


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


def test_the_life_domains_of_exit_work():
    assert DOMAINS == ("ideology_and_mentoring", "mental_health", "housing", "work_and_education", "family",
                       "safety", "dealing_with_authorities")


def test_a_case_has_one_plan_whose_id_follows_from_the_case():
    case, plan = drawn_up()
    assert plan.id == plan_id_of(case.id) == SupportPlan.draw_up(case, TODAY + timedelta(days=9), TODAY).id
    assert plan.id != drawn_up()[1].id
    assert (plan.case_id, plan.city, plan.drawn_up_on, plan.next_review) == (case.id, "helsinki", TODAY,
                                                                              TODAY + timedelta(days=30))


@pytest.mark.parametrize("phase", ["closed", "follow_up"])
def test_a_closed_case_gets_no_plan_and_its_plan_is_not_changed(phase):
    assert "closed" in str(refusal(lambda: SupportPlan.draw_up(a_case(phase), TODAY + timedelta(days=30), TODAY))[
        "case"][0])
    case, plan = drawn_up()
    case.phase = phase
    assert "case" in refusal(lambda: plan.add_goal(case, "housing", GOAL))


@pytest.mark.parametrize("next_review, message", [
    (TODAY, "the first review must be after 2026-11-02"),
    (TODAY - timedelta(days=1), "must be after"),
    (TODAY + timedelta(days=4 * 365), "more than three years ahead"),
    ("2026-12-01", "give the date as YYYY-MM-DD"),
])
def test_the_first_review_falls_after_the_plan_is_drawn_up(next_review, message):
    assert message in refusal(lambda: SupportPlan.draw_up(a_case(), next_review, TODAY))["next_review"][0]


def test_goals_are_numbered_in_a_life_domain_in_the_clients_words():
    case, plan = drawn_up()
    assert plan.add_goal(case, "housing", f"  {GOAL} ") == 1
    assert plan.add_goal(case, "family", "Visit my sister.") == 2
    assert [(g.number, g.domain, g.status) for g in plan.goals.values()] == [(1, "housing", "open"),
                                                                              (2, "family", "open")]
    assert plan.goals[1].text.category == "note" and plan.goals[1].text.person_id == case.client_id
    errors = refusal(lambda: plan.add_goal(case, "astrology", " "))
    assert set(errors) == {"domain", "text"} and "must be one of ideology_and_mentoring" in errors["domain"][0]
    assert "at most 4000 characters" in refusal(lambda: plan.add_goal(case, "housing", "x" * 4001))["text"][0]


def test_an_action_has_an_owner_organisation_and_a_due_date_not_yet_passed():
    case, plan = drawn_up()
    plan.add_goal(case, "housing", GOAL)
    assert plan.add_action(case, 1, "Apply for a flat.", " Helsinki youth services ", TODAY, TODAY) == 1
    action = plan.actions[1]
    assert (action.goal, action.domain, action.owner, action.due_on, action.status) == (
        1, "housing", "Helsinki youth services", TODAY, "planned")
    errors = refusal(lambda: plan.add_action(case, 1, "", "", TODAY - timedelta(days=1), TODAY))
    assert errors == {"what": ["write the action"], "owner": ["name the organisation that owns the action"],
                      "due_on": ["the due date 2026-11-01 has already passed"]}
    assert "more than three years" in refusal(lambda: plan.add_action(
        case, 1, "Later.", "Kela", TODAY + timedelta(days=4 * 365), TODAY))["due_on"][0]
    assert refusal(lambda: plan.add_action(case, 7, "Apply.", "Kela", TODAY, TODAY)) == {
        "goal": ["the plan has no goal 7"]}


def test_action_statuses_move_forward_only_and_done_and_cancelled_are_final():
    case, plan = drawn_up()
    plan.add_goal(case, "housing", GOAL)
    for _ in range(3):
        plan.add_action(case, 1, "Apply for a flat.", "Housing services", TODAY, TODAY)
    plan.set_action_status(case, 1, "in_progress")
    plan.set_action_status(case, 1, "done")
    plan.set_action_status(case, 2, "cancelled")
    plan.set_action_status(case, 3, "done")
    assert [a.status for a in plan.actions.values()] == ["done", "cancelled", "done"]
    assert refusal(lambda: plan.set_action_status(case, 1, "planned")) == {
        "status": ["action 1 is done; it can move to nothing: it is final, not to planned"]}
    assert "cancelled" in refusal(lambda: plan.set_action_status(case, 2, "in_progress"))["status"][0]
    assert refusal(lambda: plan.set_action_status(case, 9, "done")) == {"action": ["the plan has no action 9"]}
    assert "must be one of" in refusal(lambda: plan.set_action_status(case, 3, "forgotten"))["status"][0]
    other_case, other = drawn_up()
    other.add_goal(other_case, "housing", GOAL)
    other.add_action(other_case, 1, "Apply.", "Kela", TODAY, TODAY)
    other.set_action_status(other_case, 1, "in_progress")
    assert "can move to done, cancelled, not to in_progress" in refusal(
        lambda: other.set_action_status(other_case, 1, "in_progress"))["status"][0]


def test_a_goal_is_achieved_or_dropped_with_a_reason_once_its_actions_are_finished():
    case, plan = drawn_up()
    plan.add_goal(case, "housing", GOAL)
    plan.add_goal(case, "safety", "Feel safe on the way home.")
    plan.add_action(case, 1, "Apply for a flat.", "Housing services", TODAY, TODAY)
    assert refusal(lambda: plan.set_goal_status(case, 1, "achieved")) == {
        "status": ["action 1 of goal 1 is still open: mark it done or cancelled first"]}
    plan.set_action_status(case, 1, "done")
    plan.set_goal_status(case, 1, "achieved")
    assert refusal(lambda: plan.set_goal_status(case, 2, "dropped", " ")) == {
        "reason": ["write the reason for dropping the goal"]}
    assert "only a dropped goal" in refusal(lambda: plan.set_goal_status(case, 2, "achieved", "Why"))["reason"][0]
    plan.set_goal_status(case, 2, "dropped", "The client moved to a quieter street.")
    assert [g.status for g in plan.goals.values()] == ["achieved", "dropped"]
    assert plan.goals[2].reason.category == "note"
    assert refusal(lambda: plan.set_goal_status(case, 1, "open")) == {
        "status": ["goal 1 is achieved; it cannot become open"]}
    assert refusal(lambda: plan.add_action(case, 2, "Walk together.", "Police", TODAY, TODAY)) == {
        "goal": ["goal 2 is dropped; actions are added to open goals only"]}


def test_a_goal_names_every_action_still_open():
    case, plan = drawn_up()
    plan.add_goal(case, "safety", "Feel safe on the way home.")
    for _ in range(3):
        plan.add_action(case, 1, "Walk home together.", "Helsinki police", TODAY, TODAY)
    plan.set_action_status(case, 2, "cancelled")
    assert refusal(lambda: plan.set_goal_status(case, 1, "dropped", "Moved away.")) == {
        "status": ["actions 1, 3 of goal 1 are still open: mark them done or cancelled first"]}


def test_a_review_is_held_not_ahead_and_sets_the_next_review_after_it():
    case, plan = drawn_up()
    later = TODAY + timedelta(days=20)
    assert refusal(lambda: plan.review(case, later, "Going well.", later + timedelta(days=60), TODAY)) == {
        "held_on": ["a review is recorded once it is held, not before"]}
    assert refusal(lambda: plan.review(case, TODAY - timedelta(days=1), "Early.", later, TODAY)) == {
        "held_on": ["the plan was drawn up on 2026-11-02; a review is held after"]}
    assert refusal(lambda: plan.review(case, later, "", later, later)) == {
        "summary": ["write the review's summary"], "next_review": ["the next review must be after 2026-11-22"]}
    plan.review(case, later, "Housing moves on.", later + timedelta(days=90), later)
    assert plan.next_review == later + timedelta(days=90) and len(plan.reviews) == 1
    assert "the last review was held on 2026-11-22" in refusal(lambda: plan.review(
        case, later - timedelta(days=1), "Back-dated.", later + timedelta(days=5), later))["held_on"][0]


def test_the_overdue_actions_are_the_open_ones_past_their_due_date():
    case, plan = drawn_up()
    plan.add_goal(case, "housing", GOAL)
    for _ in range(3):
        plan.add_action(case, 1, "Apply for a flat.", "Housing services", TODAY, TODAY)
    plan.set_action_status(case, 2, "done")
    plan.set_action_status(case, 3, "in_progress")
    assert [a.number for a in plan.overdue(TODAY + timedelta(days=1))] == [1, 3]
    assert plan.overdue(TODAY) == []


# -- the service and the read model, on both databases ---------------------------------------------------------

@pytest.fixture
def store(make_store):
    return make_store([CaseList(), PlanList()])


def open_case(store, coordinator, worker_id="worker.helsinki", city="helsinki"):
    actor = coordinator if city == "helsinki" else Actor(f"coordinator.{city}", "city_coordinator", city)
    case_id = cases.open_case(store, actor, city, "individual", "Lumi", "phone")
    cases.assign_worker(store, actor, case_id, worker_id)
    return case_id


def rows(store, table, case_id):
    with store.reading() as session:
        return session.execute(select(table).where(table.c.case_id == case_id.hex)).all()


def test_drawing_up_a_plan_records_it_with_its_first_review(store, worker, coordinator, recorded):
    case_id = open_case(store, coordinator)
    with recorded(store) as log:
        plan_id = service.draw_up_plan(store, worker, case_id, TODAY + timedelta(days=30), today=TODAY)
    log.assert_events(SupportPlan.DrawnUp, actor=worker)
    [row] = rows(store, plans, case_id)
    assert (row.plan_id, row.city, row.drawn_up_on, row.drawn_up_by, row.next_review, row.goals, row.version) == (
        plan_id.hex, "helsinki", TODAY, "worker.helsinki", TODAY + timedelta(days=30), 0, 1)


def test_a_second_plan_for_a_case_is_a_conflict_and_writes_nothing(store, worker, coordinator, recorded):
    case_id = open_case(store, coordinator)
    service.draw_up_plan(store, worker, case_id, TODAY + timedelta(days=30), today=TODAY)
    with recorded(store) as log:
        with pytest.raises(ConflictError):
            service.draw_up_plan(store, coordinator, case_id, TODAY + timedelta(days=60), today=TODAY)
    log.assert_nothing()
    assert rows(store, plans, case_id)[0].next_review == TODAY + timedelta(days=30)


def test_the_log_itself_refuses_a_second_plan_written_at_the_same_time(store, worker, coordinator):
    case_id = open_case(store, coordinator)
    first = SupportPlan.draw_up(store.get(case_id), TODAY + timedelta(days=30), TODAY)
    second = SupportPlan.draw_up(store.get(case_id), TODAY + timedelta(days=40), TODAY)
    with store.acting(worker):
        store.save(first)
    with pytest.raises(ConflictError):
        with store.acting(coordinator):
            store.save(second)
    assert len(rows(store, plans, case_id)) == 1


def test_a_closed_case_gets_no_plan(store, coordinator, recorded):
    case_id = open_case(store, coordinator)
    cases.close_case(store, coordinator, case_id, "not_suitable", TODAY)
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="the case is closed"):
            service.draw_up_plan(store, coordinator, case_id, TODAY + timedelta(days=30), today=TODAY)
    log.assert_nothing()


def test_goals_actions_and_reviews_are_kept_encrypted_and_listed_without_personal_data(store, worker, coordinator,
                                                                                         recorded):
    case_id = open_case(store, coordinator)
    service.draw_up_plan(store, worker, case_id, TODAY + timedelta(days=30), today=TODAY)
    with recorded(store) as log:
        goal = service.add_goal(store, worker, case_id, "housing", GOAL, expected_version=1)
        action = service.add_action(store, worker, case_id, goal, "Visit flats at Vyrkkäkatu.",
                                    "Helsinki youth services", TODAY + timedelta(days=10), today=TODAY)
        service.set_action_status(store, worker, case_id, action, "in_progress")
        service.review_plan(store, worker, case_id, TODAY, "Vyrkkä review went well.", TODAY + timedelta(days=90),
                            today=TODAY)
    log.assert_events(SupportPlan.GoalAdded, SupportPlan.ActionAdded, SupportPlan.ActionStatusChanged,
                      SupportPlan.Reviewed, actor=worker)
    plan = store.get(plan_id_of(case_id))
    assert store.vault.reveal(plan.goals[1].text) == GOAL
    assert store.vault.reveal(plan.actions[1].what) == "Visit flats at Vyrkkäkatu."
    text = database_text(store)
    for secret in (GOAL, "Visit flats at Vyrkkäkatu.", "Vyrkkä review went well."):
        assert secret.encode() not in text
    [row] = rows(store, plans, case_id)
    assert (row.goals, row.actions, row.last_review, row.next_review, row.version) == (
        1, 1, TODAY, TODAY + timedelta(days=90), 5)
    [listed] = rows(store, plan_actions, case_id)
    assert (listed.number, listed.goal, listed.domain, listed.owner, listed.due_on, listed.status) == (
        1, 1, "housing", "Helsinki youth services", TODAY + timedelta(days=10), "in_progress")


def test_a_stale_version_is_refused_and_bad_input_writes_nothing(store, worker, coordinator, recorded):
    case_id = open_case(store, coordinator)
    service.draw_up_plan(store, worker, case_id, TODAY + timedelta(days=30), today=TODAY)
    service.add_goal(store, worker, case_id, "housing", GOAL)
    with recorded(store) as log:
        with pytest.raises(ConflictError):
            service.add_goal(store, worker, case_id, "family", "Visit my sister.", expected_version=1)
        with pytest.raises(ValidationError):
            service.add_action(store, worker, case_id, 1, "Apply.", "Kela", TODAY - timedelta(days=1), today=TODAY)
        with pytest.raises(ValidationError):
            service.set_goal_status(store, worker, case_id, 1, "dropped", "")
    log.assert_nothing()


def test_the_dashboard_lists_overdue_actions_and_reviews_due_in_the_users_scope(store, worker, coordinator):
    own, colleagues, closed = (open_case(store, coordinator, w) for w in
                               ("worker.helsinki", "colleague.helsinki", "worker.helsinki"))
    turku = open_case(store, coordinator, "worker.turku", city="turku")
    turku_actor = Actor("coordinator.turku", "city_coordinator", "turku")
    for case_id in (own, colleagues, closed, turku):
        actor = turku_actor if case_id == turku else coordinator
        service.draw_up_plan(store, actor, case_id, TODAY + timedelta(days=5), today=TODAY)
        service.add_goal(store, actor, case_id, "housing", GOAL)
        for due, status in ((1, None), (2, "in_progress"), (3, "done"), (30, None)):
            number = service.add_action(store, actor, case_id, 1, "Apply.", "Housing services",
                                        TODAY + timedelta(days=due), today=TODAY)
            if status:
                service.set_action_status(store, actor, case_id, number, status)
    cases.close_case(store, coordinator, closed, "goals_met", TODAY)
    later = TODAY + timedelta(days=10)
    by = later + timedelta(days=14)

    def seen(username, roles, city="helsinki"):
        due = due_on_caseload(store, SimpleNamespace(username=username, roles=roles, city=city), later, by)
        return {(r.case_id, r.number, r.owner) for r in due.actions}, {(r.case_id, r.next_review) for r in due.reviews}

    review_day = TODAY + timedelta(days=5)
    assert seen("worker.helsinki", ("exit_worker",)) == ({(own.hex, 1, "Housing services"),
                                                          (own.hex, 2, "Housing services")}, {(own.hex, review_day)})
    actions, reviews = seen("coordinator.helsinki", ("city_coordinator",))
    assert actions == {(c.hex, n, "Housing services") for c in (own, colleagues) for n in (1, 2)}
    assert reviews == {(own.hex, review_day), (colleagues.hex, review_day)}
    assert seen("worker.helsinki", ("exit_worker",), city="turku") == (set(), set())
    service.review_plan(store, coordinator, own, later, "Reviewed.", later + timedelta(days=60), today=later)
    assert seen("worker.helsinki", ("exit_worker",))[1] == set()
    cases.reopen_case(store, coordinator, closed, "The client asked for support again.")
    assert (closed.hex, 1, "Housing services") in seen("worker.helsinki", ("exit_worker",))[0]  # due again
    assert [r.case_open for r in rows(store, plans, closed)] == [True]
    cases.close_case(store, coordinator, closed, "goals_met", later)
    assert {r.case_open for r in rows(store, plan_actions, closed)} == {False}
    assert closed.hex not in {case_id for case_id, _, _ in seen("coordinator.helsinki", ("city_coordinator",))[0]}


def test_a_plan_follows_its_case_to_another_city(store, coordinator):
    case_id = open_case(store, coordinator)
    service.draw_up_plan(store, coordinator, case_id, TODAY + timedelta(days=5), today=TODAY)
    service.add_goal(store, coordinator, case_id, "housing", GOAL)
    service.add_action(store, coordinator, case_id, 1, "Apply.", "Housing services", TODAY, today=TODAY)
    cases.give_consent(store, coordinator, case_id, "participation", TODAY, "written")
    cases.request_transfer(store, coordinator, case_id, "turku", "The client moves to Turku.", ("helsinki", "turku"))
    cases.answer_transfer(store, Actor("coordinator.turku", "city_coordinator", "turku"), case_id, True)
    assert [r.city for r in rows(store, plans, case_id)] == ["turku"]
    assert [r.city for r in rows(store, plan_actions, case_id)] == ["turku"]


def test_the_demo_plans_rebuild_row_for_row(instance):
    store = instance.store

    def everything():
        with store.reading() as session:
            return [session.execute(select(t).order_by(*t.primary_key.columns)).all() for t in (plans, plan_actions)]

    live = everything()
    # the demo cases that reach support planning in each city (a city's own kind among them), five actions each
    planned = sum(1 for city in ("helsinki", "turku", "oulu") for *_, reached in city_cases(
        workflow_of(instance.host.hook(city)), kinds_of(instance.host.hook(city))) if reached in PLANNED)
    assert planned == 10 and len(live[0]) == planned and len(live[1]) == planned * 5
    store.runner.rebuild(store.projections["casework_plans"], batch=7)
    assert everything() == live


def a_plans_whole_life(store, coordinator) -> None:
    """Plans drawn up, changed, closed, reopened and transferred, beside a case that never has one."""
    turku = Actor("coordinator.turku", "city_coordinator", "turku")
    moved, stays, bare = (open_case(store, coordinator) for _ in range(3))
    for case_id in (moved, stays):
        service.draw_up_plan(store, coordinator, case_id, TODAY + timedelta(days=5), today=TODAY)
        goal = service.add_goal(store, coordinator, case_id, "housing", GOAL)
        for due in (3, 9):
            service.add_action(store, coordinator, case_id, goal, "Apply.", "Housing services",
                               TODAY + timedelta(days=due), today=TODAY)
        service.set_action_status(store, coordinator, case_id, 1, "in_progress")
        service.review_plan(store, coordinator, case_id, TODAY, "Reviewed.", TODAY + timedelta(days=40), today=TODAY)
    cases.close_case(store, coordinator, stays, "goals_met", TODAY)
    cases.reopen_case(store, coordinator, stays, "The client asked for support again.")
    service.set_action_status(store, coordinator, stays, 2, "cancelled")
    cases.close_case(store, coordinator, stays, "goals_met", TODAY)
    cases.close_case(store, coordinator, bare, "not_suitable", TODAY)
    cases.give_consent(store, coordinator, moved, "participation", TODAY, "written")
    cases.request_transfer(store, coordinator, moved, "turku", "The client moves to Turku.", ("helsinki", "turku"))
    cases.answer_transfer(store, turku, moved, True)
    service.add_action(store, turku, moved, 1, "Apply in Turku.", "Turku housing", TODAY, today=TODAY)


@pytest.mark.parametrize("batch", [1, 4, 2000])
def test_a_rebuild_in_batches_of_any_size_writes_the_rows_the_commands_wrote(store, coordinator, batch):
    a_plans_whole_life(store, coordinator)

    def everything():
        with store.reading() as session:
            return [session.execute(select(t).order_by(*t.primary_key.columns)).all() for t in (plans, plan_actions)]

    live = everything()
    assert [(p.city, p.goals, p.actions, p.case_open) for p in sorted(live[0], key=lambda p: p.city)] == [
        ("helsinki", 1, 2, False), ("turku", 1, 3, True)]
    assert sorted((a.city, a.status, a.case_open) for a in live[1]) == [
        ("helsinki", "cancelled", False), ("helsinki", "in_progress", False), ("turku", "in_progress", True),
        ("turku", "planned", True), ("turku", "planned", True)]
    store.runner.rebuild_all([store.projections["casework_plans"]], batch=batch)
    assert everything() == live
