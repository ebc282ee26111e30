"""The prison pathway: custody status with its history, the agency contact, the expected release date and its
changes, the release, and handover tasks whose default due days follow the release date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core.auth.service import register_user
from core.demo import SETUP_ACTOR
from core.testing import PASSWORD, database_text
from core.toolkit import Actor, ConflictError, ValidationError, finnish_today
from plugins.casework import service as cases
from plugins.casework.custody import service
from plugins.casework.custody.domain import Custody, custody_id
from plugins.casework.custody.projections import CustodyList, custody, handover_tasks
from plugins.casework.custody.queries import releases_ahead, tasks_due
from plugins.casework.projections import CaseList

TODAY = date(2026, 11, 28)
AGENT = "Ilmari Virkanen"


@pytest.fixture
def store(make_store):
    from core.defaults import projections as core_projections
    store = make_store([*core_projections(), CaseList(), CustodyList()])
    for username, city in (("worker.helsinki", "helsinki"), ("colleague.helsinki", "helsinki"),
                           ("worker.turku", "turku")):
        register_user(store, SETUP_ACTOR, username, username, PASSWORD, city, roles=["exit_worker"])
    return store


def new_case(store, coordinator, assignee="worker.helsinki", city="helsinki"):
    case_id = cases.open_case(store, coordinator, city, "individual", "Routa", "agency")
    cases.assign_worker(store, coordinator, case_id, assignee)
    return case_id


def in_prison(store, coordinator, worker, since=date(2026, 3, 1), **kw):
    case_id = new_case(store, coordinator, **kw)
    service.record_status(store, worker, case_id, "serving_sentence", since, "Turku prison")
    return case_id


def refused(call, *args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as e:
        call(*args, **kwargs)
    return e.value.messages


def row(store, case_id):
    with store.reading() as session:
        return session.execute(select(custody).where(custody.c.case_id == case_id.hex)).one()


def tasks(store, case_id):
    with store.reading() as session:
        return session.execute(select(handover_tasks).where(handover_tasks.c.case_id == case_id.hex)
                               .order_by(handover_tasks.c.number)).all()


def test_the_status_history_is_kept_and_custody_begins_on_entering_it(store, coordinator, worker, recorded):
    case_id = new_case(store, coordinator)
    with recorded(store) as log:
        version = service.record_status(store, worker, case_id, "remand", date(2026, 1, 10), "Vantaa prison",
                                        expected_version=0)
    log.assert_events(Custody.Started, Custody.StatusRecorded, actor=worker)
    service.record_status(store, worker, case_id, "serving_sentence", date(2026, 4, 1), "Kylmäkoski prison",
                          expected_version=version)
    record = store.get(custody_id(case_id))
    assert record.history == [("remand", date(2026, 1, 10), "Vantaa prison"),
                              ("serving_sentence", date(2026, 4, 1), "Kylmäkoski prison")]
    assert record.custody_since == date(2026, 1, 10)  # the sentence continues the stay that began on remand
    found = row(store, case_id)
    assert (found.status, found.prison, found.city, found.version) == ("serving_sentence", "Kylmäkoski prison",
                                                                       "helsinki", record.version)


def test_status_rules(store, coordinator, worker):
    case_id = in_prison(store, coordinator, worker)
    assert "status" in refused(service.record_status, store, worker, case_id, "escaped", date(2026, 5, 1))
    assert refused(service.record_status, store, worker, case_id, "released", date(2026, 5, 1)) == {
        "status": ["a release is recorded with its day"]}
    assert refused(service.record_status, store, worker, case_id, "remand", date(2026, 5, 1), " ") == {
        "prison": ["name the prison or unit"]}
    assert refused(service.record_status, store, worker, case_id, "not_in_custody", date(2026, 2, 1)) == {
        "since": ["not before the last status change (2026-03-01)"]}
    assert store.get(custody_id(case_id)).version == 2  # nothing refused was written


def test_the_release_date_moves_with_its_history_and_not_before_custody(store, coordinator, worker, recorded):
    case_id = in_prison(store, coordinator, worker)
    assert refused(service.set_release_date, store, worker, case_id, date(2026, 2, 27)) == {
        "expected_on": ["not before the custody began (2026-03-01)"]}
    service.set_release_date(store, worker, case_id, date(2027, 3, 1))
    with recorded(store) as log:
        service.set_release_date(store, worker, case_id, date(2027, 1, 15))
    log.assert_events(Custody.ReleaseDateSet, actor=worker)
    assert store.get(custody_id(case_id)).release_dates == [date(2027, 3, 1), date(2027, 1, 15)]
    assert row(store, case_id).expected_release == date(2027, 1, 15)


def test_no_release_date_outside_custody_and_leaving_custody_drops_it(store, coordinator, worker):
    case_id = new_case(store, coordinator)
    service.record_status(store, worker, case_id, "not_in_custody", date(2026, 3, 1))
    assert refused(service.set_release_date, store, worker, case_id, date(2027, 1, 1)) == {
        "expected_on": ["only a client in custody has an expected release date"]}
    service.record_status(store, worker, case_id, "remand", date(2026, 4, 1), "Vantaa prison")
    service.set_release_date(store, worker, case_id, date(2027, 1, 1))
    service.record_status(store, worker, case_id, "community_sanction", date(2026, 6, 1))
    assert store.get(custody_id(case_id)).expected_release is None
    assert (row(store, case_id).expected_release, row(store, case_id).prison) == (None, None)


def test_the_release_sets_released_and_open_default_tasks_follow_it(store, coordinator, worker):
    case_id = in_prison(store, coordinator, worker, since=date(2025, 3, 1))
    assert refused(service.add_task, store, worker, case_id, "housing_arranged", "Social services") == {
        "due_on": ["a task needs a due date (taken from the release date only for its usual kinds)"]}
    service.set_release_date(store, worker, case_id, date(2026, 3, 1))
    service.add_task(store, worker, case_id, "housing_arranged", "Social services")              # 30 days before
    service.add_task(store, worker, case_id, "first_meeting_after_release", "EXIT")     # 3 days after
    service.add_task(store, worker, case_id, "income_and_benefits", "Kela", date(2026, 1, 5))  # its own day
    assert refused(service.add_task, store, worker, case_id, "other_task", "Church") == {
        "due_on": ["a task needs a due date (taken from the release date only for its usual kinds)"]}
    assert [t.due_on for t in tasks(store, case_id)] == [date(2026, 1, 30), date(2026, 3, 4), date(2026, 1, 5)]
    service.complete_task(store, worker, case_id, 1, date(2026, 1, 20))
    service.set_release_date(store, worker, case_id, date(2026, 2, 1))   # parole: open default tasks move
    assert [t.due_on for t in tasks(store, case_id)] == [date(2026, 1, 30), date(2026, 2, 4), date(2026, 1, 5)]
    assert refused(service.record_release, store, worker, case_id, date(2025, 2, 1)) == {
        "released_on": ["not before the custody began (2025-03-01)"]}
    service.record_release(store, worker, case_id, date(2026, 1, 29))
    record = store.get(custody_id(case_id))
    assert (record.status, record.released_on, record.history[-1]) == (
        "released", date(2026, 1, 29), ("released", date(2026, 1, 29), None))
    assert [t.due_on for t in tasks(store, case_id)] == [date(2026, 1, 30), date(2026, 2, 1), date(2026, 1, 5)]
    found = row(store, case_id)
    assert (found.status, found.released_on, found.expected_release) == ("released", date(2026, 1, 29), None)
    assert refused(service.record_release, store, worker, case_id, date(2026, 1, 30)) == {
        "released_on": ["only a client in custody is released"]}


def test_task_rules(store, coordinator, worker):
    case_id = new_case(store, coordinator)
    service.record_status(store, worker, case_id, "not_in_custody", date(2026, 3, 1))
    assert refused(service.add_task, store, worker, case_id, "housing_arranged", "Social services",
                   date(2027, 1, 1)) == {"kind": ["handover tasks are planned around a custody and release"]}
    service.record_status(store, worker, case_id, "remand", date(2026, 4, 1), "Vantaa prison")
    messages = refused(service.add_task, store, worker, case_id, "painting", " ", date(2027, 1, 1))
    assert set(messages) == {"kind", "owner"}
    service.add_task(store, worker, case_id, "other_task", "Parish youth work", date(2027, 1, 1))
    assert refused(service.complete_task, store, worker, case_id, 2, date(2027, 1, 1)) == {
        "task": ["no such handover task"]}
    service.complete_task(store, worker, case_id, 1, date(2026, 11, 1))
    assert refused(service.complete_task, store, worker, case_id, 1, date(2026, 11, 2)) == {
        "task": ["the task is already done"]}


def test_the_agency_contact_is_personal_data_of_the_case(store, coordinator, worker):
    case_id = in_prison(store, coordinator, worker)
    assert refused(service.record_contact, store, worker, case_id, " ", email="not an address") == {
        "name": ["name the agency's contact person"], "email": ["not an email address"]}
    service.record_contact(store, worker, case_id, AGENT, "+358 29 000 1234", "ilmari@example.invalid")
    name, phone, email = store.get(custody_id(case_id)).contact
    client_id = store.get(case_id).client_id
    assert {f.person_id for f in (name, phone, email)} == {client_id} and name.category == "contact"
    assert store.vault.reveal(name) == AGENT
    assert AGENT.encode() not in database_text(store)


def test_a_stale_version_is_a_conflict_and_the_first_write_expects_none(store, coordinator, worker):
    case_id = new_case(store, coordinator)
    with pytest.raises(ConflictError):
        service.record_status(store, worker, case_id, "remand", date(2026, 1, 1), "Vantaa prison",
                              expected_version=3)
    version = service.record_status(store, worker, case_id, "remand", date(2026, 1, 1), "Vantaa prison",
                                    expected_version=0)
    with pytest.raises(ConflictError):
        service.set_release_date(store, worker, case_id, date(2027, 1, 1), expected_version=0)
    assert service.set_release_date(store, worker, case_id, date(2027, 1, 1), expected_version=version) == version + 1


def test_the_dashboard_sees_releases_ahead_and_tasks_due_on_the_caseload(store, coordinator, worker):
    mine = in_prison(store, coordinator, worker)
    colleagues = in_prison(store, coordinator, worker, assignee="colleague.helsinki")
    turku = in_prison(store, Actor("coordinator.turku", "city_coordinator", "turku"),
                      Actor("worker.turku", "exit_worker", "turku"), assignee="worker.turku", city="turku")
    for case_id, days in ((mine, 40), (colleagues, 55), (turku, 20)):
        service.set_release_date(store, worker, case_id, TODAY + timedelta(days=days))
        service.add_task(store, worker, case_id, "housing_arranged", "Social services")   # 30 days before the release
    service.set_release_date(store, worker, colleagues, TODAY + timedelta(days=90))   # moves out of view
    service.add_task(store, worker, mine, "other_task", "Parish", TODAY - timedelta(days=3))   # overdue
    service.add_task(store, worker, mine, "income_and_benefits", "Kela", TODAY + timedelta(days=2))
    service.complete_task(store, worker, mine, 3, TODAY)
    worker_account = Account("worker.helsinki", ("exit_worker",), "helsinki")
    coordinator_account = Account("coordinator.helsinki", ("city_coordinator",), "helsinki")
    until = TODAY + timedelta(days=60)
    assert [r.case_id for r in releases_ahead(store, worker_account, TODAY, until)] == [mine.hex]
    assert [r.case_id for r in releases_ahead(store, coordinator_account, TODAY, until)] == [mine.hex]
    service.set_release_date(store, worker, colleagues, TODAY + timedelta(days=59))
    assert [r.case_id for r in releases_ahead(store, coordinator_account, TODAY, until)] == [mine.hex, colleagues.hex]
    due = tasks_due(store, worker_account, TODAY + timedelta(days=14))
    assert [(r.kind, r.due_on) for r in due] == [("other_task", TODAY - timedelta(days=3)),
                                                  ("housing_arranged", TODAY + timedelta(days=10))]
    assert {r.case_id for r in tasks_due(store, coordinator_account, TODAY + timedelta(days=30))} == {
        mine.hex, colleagues.hex}


def test_the_city_follows_a_transferred_case(store, coordinator, worker):
    case_id = in_prison(store, coordinator, worker)
    service.set_release_date(store, worker, case_id, TODAY + timedelta(days=10))
    service.add_task(store, worker, case_id, "housing_arranged", "Social services", TODAY)
    cases.record_legal_basis(store, coordinator, case_id, "Child Welfare Act 417/2007, s. 36")
    version = cases.request_transfer(store, coordinator, case_id, "turku", "The client moves to Turku.",
                                     {"helsinki": None, "turku": None})
    cases.answer_transfer(store, Actor("coordinator.turku", "city_coordinator", "turku"), case_id, True,
                          expected_version=version)
    turku = Account("coordinator.turku", ("city_coordinator",), "turku")
    assert [r.case_id for r in releases_ahead(store, turku, TODAY, TODAY + timedelta(days=60))] == [case_id.hex]
    assert [r.case_id for r in tasks_due(store, turku, TODAY)] == [case_id.hex]


class Account:
    """An account as the dashboard queries read it."""

    def __init__(self, username, roles, city):
        self.username, self.roles, self.city = username, roles, city


def test_a_contact_recorded_first_starts_the_record_out_of_custody(store, coordinator, worker):
    case_id = new_case(store, coordinator)
    service.record_contact(store, worker, case_id, AGENT, expected_version=0)
    assert (store.get(custody_id(case_id)).status, row(store, case_id).status) == ("not_in_custody",
                                                                                   "not_in_custody")
    assert refused(service.add_task, store, worker, case_id, "other_task", "Parish", date(2027, 1, 1)) == {
        "kind": ["handover tasks are planned around a custody and release"]}


def test_rebuilding_gives_the_same_rows_after_a_transfer(store, coordinator, worker):
    case_id = in_prison(store, coordinator, worker)
    service.set_release_date(store, worker, case_id, date(2027, 3, 1))
    service.add_task(store, worker, case_id, "housing_arranged", "Social services")
    service.add_task(store, worker, case_id, "other_task", "Parish", date(2027, 1, 1))
    service.set_release_date(store, worker, case_id, date(2027, 2, 1))
    service.complete_task(store, worker, case_id, 2, date(2026, 10, 30))
    cases.record_legal_basis(store, coordinator, case_id, "Child Welfare Act 417/2007, s. 36")
    version = cases.request_transfer(store, coordinator, case_id, "turku", "The client moves to Turku.",
                                     {"helsinki": None, "turku": None})
    cases.answer_transfer(store, Actor("coordinator.turku", "city_coordinator", "turku"), case_id, True,
                          expected_version=version)
    before = (row(store, case_id), tasks(store, case_id))
    assert before[0].city == "turku" and {t.city for t in before[1]} == {"turku"}
    store.runner.rebuild(store.projections["casework_custody"])
    assert (row(store, case_id), tasks(store, case_id)) == before


def test_a_status_a_release_or_a_task_done_ahead_of_its_day_is_refused(store, coordinator, worker):
    case_id = in_prison(store, coordinator, worker)
    service.add_task(store, worker, case_id, "other_task", "Parish youth work", date(2026, 6, 1))
    tomorrow = finnish_today() + timedelta(days=1)
    version = store.get(custody_id(case_id)).version
    assert refused(service.record_status, store, worker, case_id, "remand", tomorrow, "Vantaa prison") == {
        "since": ["a status is recorded once it began, not in advance"]}
    assert list(refused(service.record_release, store, worker, case_id, tomorrow)) == ["released_on"]
    assert refused(service.complete_task, store, worker, case_id, 1, tomorrow) == {
        "done_on": ["a task is marked done once it is done, not in advance"]}
    assert store.get(custody_id(case_id)).version == version
    service.record_release(store, worker, case_id, finnish_today())
    assert store.get(custody_id(case_id)).status == "released"
