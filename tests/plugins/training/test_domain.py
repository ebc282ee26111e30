"""Training's rules: requests answered once, sessions planned whole, the waiting list beyond capacity, attendance
after the session, one feedback per participant, staff training per instrument, and names erased per person."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.erasure import erase_person
from core.testing import database_text
from core.toolkit import ERASED, Actor, ValidationError
from plugins.training import service
from plugins.training.api import trained_in, trained_staff
from plugins.training.domain import TrainingSession
from plugins.training.projections import TrainingRegister, feedback, participants, sessions

TRAINER = Actor("trainer.helsinki", "trainer", "helsinki")
WORKER = Actor("worker.helsinki", "exit_worker", "helsinki")
HELD_ON = date(2026, 12, 10)
BEFORE, AFTER = date(2026, 12, 1), date(2026, 12, 11)
PLAN = {"title": "Recognising violent extremism", "held_on": HELD_ON, "format": "in_person", "duration_minutes": 180,
        "topics": ["signs", "talking"], "level": "introductory", "trainers": ["trainer.helsinki"], "capacity": 2,
        "funding_line": "Grant 2026", "materials": "Slides"}
PERSON = ("Harjula School", "education", "teacher")


@pytest.fixture
def store(make_store):
    return make_store([TrainingRegister()])


def planned(store, **changes):
    return service.plan_session(store, TRAINER, "helsinki", 12, **{**PLAN, **changes})


def rows(store, table, **where):
    with store.reading() as session:
        query = select(table)
        for name, value in where.items():
            query = query.where(table.c[name] == value)
        return session.execute(query).all()


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


def test_a_session_is_planned_whole_or_not_at_all(store):
    errors = refusal(lambda: planned(store, title=" ", format="by_post", capacity=0, duration_minutes=5, topics=[],
                                     trainers=["x" * 200], level="expert"))
    assert set(errors) == {"title", "format", "capacity", "duration_minutes", "topics", "trainers", "level"}
    assert rows(store, sessions) == []
    session_id = planned(store)
    row = rows(store, sessions)[0]
    assert (row.session_id, row.topics, row.capacity, row.registered, row.waiting) == (session_id.hex, "signs; talking",
                                                                                       2, 0, 0)


def test_beyond_capacity_participants_wait_and_a_cancellation_moves_the_first_waiting_up(store):
    session_id = planned(store)
    ids = [service.register(store, TRAINER, session_id, *PERSON, today=BEFORE) for _ in range(4)]
    assert [waiting for _, _, waiting in ids] == [False, False, True, True]
    first, second, third, fourth = (participant_id for participant_id, _, _ in ids)
    assert service.cancel(store, TRAINER, session_id, fourth, today=BEFORE) is None  # a waiting one leaves
    assert service.cancel(store, TRAINER, session_id, first, today=BEFORE) == third  # the seat goes to the next
    status = {r.participant_id: r.status for r in rows(store, participants)}
    assert status == {first.hex: "cancelled", second.hex: "registered", third.hex: "registered",
                      fourth.hex: "cancelled"}
    row = rows(store, sessions)[0]
    assert (row.registered, row.waiting) == (2, 0)
    assert "already cancelled" in refusal(lambda: service.cancel(store, TRAINER, session_id, first,
                                                                 today=BEFORE))["participant_id"][0]


def test_a_waiting_participant_cancelling_frees_no_seat(store):
    session_id = planned(store, capacity=1)
    seated, _, _ = service.register(store, TRAINER, session_id, *PERSON, today=BEFORE)
    waiting, _, is_waiting = service.register(store, TRAINER, session_id, *PERSON, today=BEFORE)
    assert is_waiting
    assert service.cancel(store, TRAINER, session_id, waiting, today=BEFORE) is None
    assert (rows(store, sessions)[0].registered, rows(store, sessions)[0].waiting) == (1, 0)
    assert {r.participant_id: r.status for r in rows(store, participants)}[seated.hex] == "registered"


def test_registration_closes_once_the_session_is_held(store):
    session_id = planned(store)
    assert "held_on" in refusal(lambda: service.register(store, TRAINER, session_id, *PERSON, today=AFTER))
    assert set(refusal(lambda: service.register(store, TRAINER, session_id, "", "farming", "", today=BEFORE))) == {
        "organisation", "sector", "role"}
    assert rows(store, participants) == []


def test_attendance_is_marked_after_the_session_and_only_for_a_seat(store):
    session_id = planned(store, capacity=1)
    seated, _, _ = service.register(store, TRAINER, session_id, *PERSON, today=BEFORE)
    waiting, _, _ = service.register(store, TRAINER, session_id, *PERSON, today=BEFORE)
    errors = refusal(lambda: service.mark_attendance(store, TRAINER, session_id, seated, True, today=BEFORE))
    assert errors == {"attendance": ["attendance is marked once the session has been held"]}
    assert "no seat" in refusal(lambda: service.mark_attendance(store, TRAINER, session_id, waiting, True,
                                                                today=AFTER))["participant_id"][0]
    service.mark_attendance(store, TRAINER, session_id, seated, True, today=HELD_ON)
    assert {r.participant_id: r.attended for r in rows(store, participants)} == {seated.hex: True, waiting.hex: None}


def test_each_participant_answers_the_feedback_once(store):
    session_id = planned(store)
    participant_id, _, _ = service.register(store, TRAINER, session_id, *PERSON, today=BEFORE)
    answer = {"usefulness": 4, "knowledge_before": 2, "knowledge_after": 4, "comments": "Useful cases."}
    assert "feedback" in refusal(lambda: service.give_feedback(store, "helsinki", session_id, participant_id,
                                                               **answer, today=BEFORE))
    assert set(refusal(lambda: service.give_feedback(
        store, "helsinki", session_id, participant_id, usefulness=6, knowledge_before=0, knowledge_after=True,
        today=AFTER))) == {"usefulness", "knowledge_before", "knowledge_after"}
    service.give_feedback(store, "helsinki", session_id, participant_id, **answer, today=AFTER)
    errors = refusal(lambda: service.give_feedback(store, "helsinki", session_id, participant_id, **answer,
                                                   today=AFTER))
    assert errors == {"feedback": ["this participant has already answered; each answers once"]}
    assert [(r.usefulness, r.knowledge_before, r.knowledge_after) for r in rows(store, feedback)] == [(4, 2, 4)]


def test_names_contacts_codes_and_comments_are_stored_encrypted(store):
    session_id = planned(store)
    service.register(store, TRAINER, session_id, *PERSON, "Aino Demola", "aino@example.org", today=BEFORE)
    participant_id, code, _ = service.register(store, TRAINER, session_id, *PERSON, today=BEFORE)
    service.give_feedback(store, "helsinki", session_id, participant_id, 5, 1, 3, "Kiitos Ainolle", today=AFTER)
    text = database_text(store)
    for secret in ("Aino Demola", "aino@example.org", "Kiitos Ainolle", code):
        assert secret.encode() not in text


def test_erasing_a_participant_erases_their_name_and_keeps_the_figures(store):
    session_id = planned(store)
    kept, _, _ = service.register(store, TRAINER, session_id, *PERSON, "Veikko Keksitty", today=BEFORE)
    erased, _, _ = service.register(store, TRAINER, session_id, *PERSON, "Aino Demola", "aino@example.org",
                                    today=BEFORE)
    for participant_id in (kept, erased):
        service.mark_attendance(store, TRAINER, session_id, participant_id, True, today=AFTER)
        service.give_feedback(store, "helsinki", session_id, participant_id, 4, 2, 4, "Good", today=AFTER)
    erase_person(store, erased, "retention of the session's participants ended", Actor("dpo", "auditor"))
    people = {r.participant_id: r for r in rows(store, participants)}
    assert store.vault.reveal(people[erased.hex].name) is ERASED
    assert store.vault.reveal(people[erased.hex].contact) is ERASED
    assert store.vault.reveal(people[kept.hex].name) == "Veikko Keksitty"
    assert people[erased.hex].attended is True and len(rows(store, feedback)) == 2
    assert people[erased.hex].erase_after == date(2027, 12, 10)  # 12 months after the session
    session = store.get(session_id)
    assert isinstance(session, TrainingSession) and len(session.seated()) == 2


def test_a_request_is_accepted_scheduled_or_declined_with_a_reason(store):
    errors = refusal(lambda: service.make_request(store, WORKER, "helsinki", "", "farming", "lecture", "", ""))
    assert set(errors) == {"organisation", "sector", "kind", "needs", "audience"}
    request_id = service.make_request(store, WORKER, "helsinki", "Harjula School", "education", "training",
                                      "An introduction for teachers.", "teachers")
    assert refusal(lambda: service.decline_request(store, TRAINER, request_id, "  ")) == {
        "reason": ["a request is declined with a reason"]}
    service.accept_request(store, TRAINER, request_id)
    assert "state" in refusal(lambda: service.accept_request(store, TRAINER, request_id))
    session_id = service.schedule_request(store, TRAINER, request_id, 6, **PLAN)
    request = store.get(request_id)
    assert (request.state, request.session_id) == ("scheduled", session_id)
    assert store.get(session_id).request_id == request_id.hex and store.get(session_id).retention_months == 6
    assert "state" in refusal(lambda: service.decline_request(store, TRAINER, request_id, "No trainers free."))
    declined = service.make_request(store, WORKER, "helsinki", "Harjula School", "education", "practical_support",
                                    "Advice on one pupil's case.", "the school's welfare team")
    service.decline_request(store, TRAINER, declined, "Casework consultation answers this; we passed it on.")
    assert store.get(declined).state == "declined"
    assert "state" in refusal(lambda: service.schedule_request(store, TRAINER, declined, 12, **PLAN))


def test_staff_training_in_an_instrument_is_recorded_once_and_answers_casework(store):
    known, staff = {"exit_pathways"}, {"worker.helsinki"}
    record = dict(city="helsinki", trained_on=date(2026, 10, 1), known=known, staff=staff, today=BEFORE)
    assert "username" in refusal(lambda: service.record_instrument_training(
        store, TRAINER, "nobody.helsinki", instrument="exit_pathways", **record))
    assert "instrument" in refusal(lambda: service.record_instrument_training(
        store, TRAINER, "worker.helsinki", instrument="tarot", **record))
    assert not trained_in(store, "worker.helsinki", "exit_pathways")
    service.record_instrument_training(store, TRAINER, "worker.helsinki", instrument="exit_pathways", **record)
    assert "instrument" in refusal(lambda: service.record_instrument_training(
        store, TRAINER, "worker.helsinki", instrument="exit_pathways", **record))
    assert trained_in(store, "worker.helsinki", "exit_pathways")
    assert not trained_in(store, "coordinator.helsinki", "exit_pathways")
    assert [(t.username, t.city) for t in trained_staff(store, "exit_pathways")] == [("worker.helsinki", "helsinki")]
