"""The case list narrowed to cases with something overdue: a follow-up review, a plan action or review of an open
case, a release handover task; what is due later, or done, is left out; on the page, in the API, and through the
due-date indexes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import event

from core.demo import demo_actors
from core.toolkit import finnish_today
from plugins.casework import service
from plugins.casework.custody import service as custody
from plugins.casework.custody.projections import CustodyList
from plugins.casework.plan import service as plans
from plugins.casework.plan.projections import PlanList
from plugins.casework.projections import CaseList
from plugins.casework.queries import CaseFilter, caseload
from tests.plugins.casework.helpers import in_english

TODAY = finnish_today()
COORDINATOR = demo_actors("helsinki")["coordinator"]


@dataclass(frozen=True)
class Account:
    username: str = "coordinator.helsinki"
    roles: tuple = ("city_coordinator",)
    city: str = "helsinki"


def some_cases(store) -> tuple[set[str], set[str]]:
    """Cases with something overdue, and cases whose things are due later or done."""
    def opened(name):
        return service.open_case(store, COORDINATOR, "helsinki", "individual", name, "self")

    def planned(name, drawn_up, next_review, action_due=None):
        case_id = opened(name)
        plans.draw_up_plan(store, COORDINATOR, case_id, next_review, today=drawn_up)
        if action_due:
            plans.add_goal(store, COORDINATOR, case_id, "housing", "A flat of one's own")
            plans.add_action(store, COORDINATOR, case_id, 1, "Apply for a flat", "Social services", action_due,
                             today=drawn_up)
        return case_id

    def in_custody(name, task_due, done=False):
        case_id = opened(name)
        custody.record_status(store, COORDINATOR, case_id, "serving_sentence", TODAY - timedelta(days=200), "Prison")
        custody.add_task(store, COORDINATOR, case_id, "other_task", "Parish", task_due)
        if done:
            custody.complete_task(store, COORDINATOR, case_id, 1, TODAY)
        return case_id

    def closed(name, days_ago):
        case_id = opened(name)
        service.close_case(store, COORDINATOR, case_id, "goals_met", TODAY - timedelta(days=days_ago))
        return case_id

    late = {closed("review missed", 120),
            planned("action late", TODAY - timedelta(days=60), TODAY + timedelta(days=30), TODAY - timedelta(days=5)),
            planned("plan review late", TODAY - timedelta(days=60), TODAY - timedelta(days=1)),
            in_custody("task late", TODAY - timedelta(days=2))}
    action_of_a_closed_case = planned("closed later", TODAY - timedelta(days=60), TODAY + timedelta(days=30),
                                      TODAY - timedelta(days=5))
    service.close_case(store, COORDINATOR, action_of_a_closed_case, "lost_contact", TODAY)  # no review for lost contact
    on_time = {closed("review ahead", 10), planned("action ahead", TODAY, TODAY + timedelta(days=30),
                                                    TODAY + timedelta(days=5)),
               in_custody("task ahead", TODAY + timedelta(days=3)), in_custody("task done", TODAY - timedelta(days=2),
                                                                               done=True),
               opened("nothing due"), action_of_a_closed_case}
    return {c.hex for c in late}, {c.hex for c in on_time}


@pytest.fixture
def store(make_store):
    from core.defaults import projections as core_projections
    return make_store([*core_projections(), CaseList(), PlanList(), CustodyList()])


def test_only_cases_with_something_overdue_are_listed(store):
    late, on_time = some_cases(store)
    listed = {r.case_id for r in caseload(store, Account(), 100, CaseFilter(overdue_on=TODAY))}
    assert listed == late
    assert {r.case_id for r in caseload(store, Account(), 100)} == late | on_time


def test_the_overdue_sets_are_found_through_their_due_date_indexes(store):
    some_cases(store)
    engine = store.datastore.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("the plan of a small PostgreSQL table is a sequential scan whatever the indexes")
    seen = []
    event.listen(engine, "before_cursor_execute", lambda conn, cursor, statement, parameters, context, many:
                 seen.append((statement, parameters)) if "casework_cases" in statement else None)
    caseload(store, Account(), 50, CaseFilter(overdue_on=TODAY))
    statement, parameters = seen[-1]
    with engine.connect() as c:
        plan = [row[3] for row in c.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()]
    for table in ("casework_plan_actions", "casework_plans", "casework_handover_tasks", "casework_custody"):
        used = [step for step in plan if f" {table} " in f"{step} "]
        assert used and all("USING" in step for step in used), plan  # an index, never a scan of the whole table
    assert any("casework_cases_city_recent" in step or "casework_cases_caseload" in step for step in plan), plan


def test_the_page_and_the_api_narrow_to_overdue_cases(browser, api, instance):
    late, on_time = some_cases(instance.store)
    page = in_english(browser, "coordinator.helsinki").get("/cases/?overdue=on")
    assert page.status_code == 200 and 'name="overdue" checked' in page.text
    assert all(case_id in page.text for case_id in late) and not any(case_id in page.text for case_id in on_time)
    listed = api("coordinator.helsinki").get("/api/v1/cases/?overdue=true").get_json()["cases"]
    assert late <= {c["case_id"] for c in listed} and not on_time & {c["case_id"] for c in listed}
