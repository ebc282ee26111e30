"""Training's register rebuilt from the log, in batches of any size, holds the rows the commands wrote."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from plugins.training import service
from plugins.training.projections import TrainingRegister, feedback, participants, qualifications, requests, sessions
from tests.plugins.training.test_domain import AFTER, BEFORE, PERSON, PLAN, TRAINER, WORKER


@pytest.fixture
def store(make_store):
    return make_store([TrainingRegister()])


def a_years_training(store) -> None:
    """Requests accepted, scheduled and declined; a full session with a waiting list, cancellations on both sides
    of it, attendance and feedback; a staff member trained in an instrument."""
    asked = service.make_request(store, WORKER, "helsinki", "Harjula School", "education", "training",
                                 "An introduction for teachers.", "teachers")
    service.accept_request(store, TRAINER, asked)
    held = service.schedule_request(store, TRAINER, asked, 6, **PLAN)
    declined = service.make_request(store, WORKER, "helsinki", "Harjula School", "education", "practical_support",
                                    "Advice on one pupil's case.", "the school's welfare team")
    service.decline_request(store, TRAINER, declined, "Casework consultation answers this; we passed it on.")
    people = [service.register(store, TRAINER, held, *PERSON, name=f"Opettaja {i}", contact=f"o{i}@example.org",
                               today=BEFORE)[0] for i in range(5)]
    service.cancel(store, TRAINER, held, people[0], today=BEFORE)  # the first waiting one gets the seat
    service.cancel(store, TRAINER, held, people[4], today=BEFORE)  # a waiting one leaves: no seat freed
    service.mark_attendance(store, TRAINER, held, people[1], True, today=AFTER)
    service.mark_attendance(store, TRAINER, held, people[2], False, today=AFTER)
    service.give_feedback(store, "helsinki", held, people[1], 5, 2, 4, "Useful.", today=AFTER)
    service.plan_session(store, TRAINER, "helsinki", 12, **{**PLAN, "title": "Working with families"})
    service.record_instrument_training(store, TRAINER, "worker.helsinki", "helsinki", "exit_pathways", BEFORE,
                                       {"exit_pathways"}, {"worker.helsinki"}, today=BEFORE)


def everything(store) -> list:
    with store.reading() as session:
        return [session.execute(select(t).order_by(*t.primary_key.columns)).all()
                for t in (requests, sessions, participants, feedback, qualifications)]


@pytest.mark.parametrize("batch", [1, 3, 2000])
def test_a_rebuild_in_batches_of_any_size_writes_the_rows_the_commands_wrote(store, batch):
    a_years_training(store)
    live = everything(store)
    assert sorted(r.state for r in live[0]) == ["declined", "scheduled"]
    assert sorted((s.title, s.registered, s.waiting) for s in live[1]) == [
        ("Recognising violent extremism", 2, 1), ("Working with families", 0, 0)]
    assert sorted((p.status, p.attended) for p in live[2]) == [
        ("cancelled", None), ("cancelled", None), ("registered", False), ("registered", True), ("waiting", None)]
    assert [(f.usefulness, f.knowledge_after) for f in live[3]] == [(5, 4)]
    assert [(q.username, q.instrument) for q in live[4]] == [("worker.helsinki", "exit_pathways")]
    store.runner.rebuild(store.projections["training"], batch=batch)
    assert everything(store) == live
