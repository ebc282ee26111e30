"""The case list: a page reads what its user just wrote, and a rebuilt list equals the live one row for row."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.erasure import erase_person
from core.testing import events_after
from core.vault import ERASED
from plugins.casework import service
from plugins.casework.demo import CASES
from plugins.casework.domain import KINDS
from plugins.casework.projections import CaseList, cases
from plugins.casework.workflow import PHASES
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
    assert sorted(r[1] for r in live) == sorted(["helsinki", "turku", "oulu"] * len(CASES))  # the city of each case
    for city in ("helsinki", "turku", "oulu"):
        assert {r.phase for r in city_rows(instance, city)} == set(PHASES)
        assert {r.kind for r in city_rows(instance, city)} == set(KINDS)
    done, _ = store.runner.rebuild(store.projections["casework_cases"])
    assert done == sum(1 for e in events_after(store, 0) if type(e) in CaseList._handlers)
    assert rows(store) == live
