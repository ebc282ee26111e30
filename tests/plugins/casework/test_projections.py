"""The case list: a page reads what its user just wrote, and a rebuilt list equals the live one row for row."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.erasure import erase_person
from core.testing import events_after
from core.vault import ERASED
from plugins.casework import service
from plugins.casework.demo import city_cases
from plugins.casework.kinds import kinds_of
from plugins.casework.projections import CaseList, cases
from plugins.casework.workflow import workflow_of
from tests.plugins.casework.helpers import city_rows


def rows(store):
    with store.reading() as session:
        return [tuple(r) for r in session.execute(select(cases).order_by(cases.c.case_id)).all()]


def some_casework(store, coordinator, worker, n=6):
    for i in range(n):
        case_id = service.open_case(store, coordinator, "helsinki", ("individual", "family")[i % 2], f"C{i}", "phone")
        service.assign_worker(store, coordinator, case_id, worker.user_id)
        for day in range(i % 3):
            service.record_meeting(store, worker, case_id, date(2026, 11, 1 + day), "phone", 20, note=f"n{day}")
        if i % 2:
            service.change_phase(store, coordinator, case_id, "screening", "fits exit work")


def test_the_case_list_shows_what_was_just_written(make_store, coordinator):
    store = make_store([CaseList()])
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.assign_worker(store, coordinator, case_id, "worker.helsinki")
    with store.reading() as session:
        [row] = session.execute(select(cases)).all()
    assert (row.case_id, row.worker_id, row.phase, row.version) == (case_id.hex, "worker.helsinki", "first_contact", 2)
    assert store.vault.reveal(row.pseudonym) == "Lumi"


def test_a_rebuilt_case_list_equals_the_live_one(make_store, coordinator, worker):
    store = make_store([CaseList()])
    some_casework(store, coordinator, worker)
    live = rows(store)
    assert len(live) == 6 and {r[3] for r in live} == {"first_contact", "screening"}
    store.runner.rebuild(store.projections["casework_cases"], batch=4)
    assert rows(store) == live


def test_an_erased_client_reads_as_erased_in_the_case_list(make_store, coordinator):
    store = make_store([CaseList()])
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    erase_person(store, store.get(case_id).client_id, "the client asked", coordinator)
    store.runner.rebuild(store.projections["casework_cases"])
    with store.reading() as session:
        pseudonym = session.execute(select(cases.c.pseudonym)).scalar_one()
    assert store.vault.reveal(pseudonym) is ERASED


def test_demo_data_gives_each_city_a_case_in_every_phase_and_kind_and_the_list_rebuilds(instance):
    store = instance.store
    live = rows(store)
    expected = []
    for city in ("helsinki", "turku", "oulu"):  # each city's own path and kinds, as its plugins answer them
        hooks = instance.host.hook(city)
        workflow, kinds = workflow_of(hooks), kinds_of(hooks)
        expected += [city] * len(city_cases(workflow, kinds))
        assert {r.phase for r in city_rows(instance, city)} == set(workflow.steps)
        assert {r.kind for r in city_rows(instance, city)} == set(kinds.names)
    assert sorted(r[1] for r in live) == sorted(expected)  # the city of each case
    assert "anchor_review" in {r.phase for r in city_rows(instance, "oulu")}  # Oulu's own step, on Oulu's path
    assert "returnee" in {r.kind for r in city_rows(instance, "turku")}  # Turku's own kind
    assert "anchor_review" not in {r.phase for r in city_rows(instance, "turku")}
    done, _ = store.runner.rebuild(store.projections["casework_cases"])
    assert done == sum(1 for e in events_after(store, 0) if type(e) in CaseList._handlers)
    assert rows(store) == live


def test_oulus_demo_cases_pass_its_anchor_review_and_rate_its_own_measure(instance):
    from plugins.casework.domain import Case
    from plugins.casework.outcomes.queries import measurements_of
    past_review = {r.case_id for r in city_rows(instance, "oulu")
                   if r.phase not in ("first_contact", "screening", "anchor_review")}
    anchored = {e.originator_id.hex for e in events_after(instance.store, 0)
                if isinstance(e, Case.PhaseChanged) and e.phase == "anchor_review"}
    assert past_review and past_review <= anchored
    rated = [m.ratings for case_id in past_review for m in measurements_of(instance.store, case_id)]
    assert rated and all(ratings.get("family_relations") is not None for ratings in rated)
    helsinki = [m.ratings for r in city_rows(instance, "helsinki") for m in measurements_of(instance.store, r.case_id)]
    assert helsinki and not any("family_relations" in ratings for ratings in helsinki)
