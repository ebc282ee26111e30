"""Training's pages: a request answered with a session, registrations with a waiting list, feedback through a
participant's own link without an account, certificates, reports with small counts hidden, CSV without names."""

from __future__ import annotations

from datetime import timedelta

from core.testing import head
from core.toolkit import Actor, finnish_today
from plugins.training import service
from plugins.training.queries import participants_of, session_row
from tests.plugins.training.helpers import feedback_links, request_ids, session_ids, version_in

TRAINER = Actor("trainer.helsinki", "trainer", "helsinki")
SESSION = {"title": "Exit work in schools", "held_on": (finnish_today() + timedelta(days=40)).isoformat(),
           "format": "online", "duration_minutes": "120", "topics": "signs\ntalking with pupils", "level": "advanced",
           "trainers": "trainer.helsinki", "capacity": "1", "funding_line": "", "materials": ""}


def english(browser, username):
    user = browser(username)
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user


def test_a_worker_records_a_request_and_the_trainer_answers_it_with_a_session(browser, instance):
    worker = english(browser, "worker.helsinki")
    refused = worker.post("/training/requests/new", {"organisation": "Harjula School", "sector": "farming"})
    assert refused.status_code == 422
    assert 'value="Harjula School"' in refused.text and 'aria-invalid="true"' in refused.text
    made = worker.post("/training/requests/new", {"organisation": "Harjula School", "sector": "education",
                                                  "kind": "training", "needs": "An introduction for teachers.",
                                                  "audience": "teachers"})
    assert made.status_code == 302
    path = made.headers["Location"]
    assert "Accept the request" not in worker.get(path).text  # answering is the trainer's
    assert worker.post(f"{path}/acceptance", {"version": "1"}).status_code == 403

    trainer = english(browser, "trainer.helsinki")
    page = trainer.get(path)
    assert "Accept the request" in page.text and "Harjula School" in page.text
    wrong = trainer.post(f"{path}/session", {**SESSION, "capacity": "0", "version": version_in(page.text)})
    assert wrong.status_code == 422 and 'value="Exit work in schools"' in wrong.text
    stale = trainer.post(f"{path}/session", {**SESSION, "version": "7"})
    assert stale.status_code == 409 and "Someone else changed this record" in stale.text
    planned = trainer.post(f"{path}/session", {**SESSION, "version": version_in(page.text)})
    assert planned.status_code == 302 and "/training/sessions/" in planned.headers["Location"]
    session_page = trainer.get(planned.headers["Location"])
    assert "Exit work in schools" in session_page.text and "signs; talking with pupils" in session_page.text
    assert "scheduled" in trainer.get(path).text.lower()


def test_registrations_beyond_capacity_wait_and_a_cancellation_moves_the_first_up(browser, instance):
    trainer = english(browser, "trainer.helsinki")
    made = trainer.post("/training/sessions/new", SESSION)
    assert made.status_code == 302
    path = made.headers["Location"]
    session_id = path.rsplit("/", 1)[1]
    for name in ("Aino Demola", "Veikko Keksitty"):
        version = version_in(trainer.get(path).text)
        assert trainer.post(f"{path}/participants", {"organisation": "Harjula School", "sector": "education",
                                                     "role": "teacher", "name": name, "contact": "",
                                                     "version": version}).status_code == 302
    people = participants_of(instance.store, session_id)
    assert [p.status for p in people] == ["registered", "waiting"]
    page = trainer.get(path).text
    assert "Aino Demola" in page and "Veikko Keksitty" in page  # revealed to the trainer, and logged
    assert trainer.post(f"{path}/attendance", {"participant_id": people[0].participant_id, "attended": "true",
                                               "version": version_in(page)}).status_code == 422  # not held yet
    assert trainer.post(f"{path}/cancellation", {"participant_id": people[0].participant_id,
                                                 "version": version_in(page)}).status_code == 302
    assert [p.status for p in participants_of(instance.store, session_id)] == ["cancelled", "registered"]
    worker_page = english(browser, "worker.helsinki").get(path).text
    assert "Harjula School" in worker_page and "Veikko Keksitty" not in worker_page  # no names for viewers


def _held_session(instance, people=6):
    """A session held yesterday with `people` registered participants; return its id and their codes."""
    held_on = finnish_today() - timedelta(days=1)
    session_id = service.plan_session(instance.store, TRAINER, "helsinki", 12, title="Held yesterday",
                                      held_on=held_on, format="in_person", duration_minutes=60, topics=["signs"],
                                      level="introductory", trainers=["trainer.helsinki"], capacity=10)
    codes = [service.register(instance.store, TRAINER, session_id, "Demo Health Station", "health_care", "nurse",
                              f"Nurse {n}", today=held_on - timedelta(days=3))[1] for n in range(people)]
    return session_id.hex, codes


def test_a_participant_answers_once_through_their_own_link_without_an_account(browser, instance):
    session_id, codes = _held_session(instance, people=1)
    anonymous = browser()
    switch = anonymous.post("/language", {"language": "en", "next": "/login"})
    assert switch.status_code == 302
    form = anonymous.get(f"/training/feedback/{codes[0]}")
    assert form.status_code == 200 and "Held yesterday" in form.text and "Nurse 0" not in form.text
    wrong = anonymous.post(f"/training/feedback/{codes[0]}", {"usefulness": "9", "knowledge_before": "2"})
    assert wrong.status_code == 422 and 'aria-invalid="true"' in wrong.text
    answer = {"usefulness": "4", "knowledge_before": "2", "knowledge_after": "4", "comments": "Clear examples."}
    assert anonymous.post(f"/training/feedback/{codes[0]}", answer).status_code == 200
    again = anonymous.post(f"/training/feedback/{codes[0]}", answer)
    assert again.status_code == 409 and "already been given" in again.text
    assert anonymous.get(f"/training/feedback/{codes[0]}x").status_code == 404
    session = instance.store.get(session_id)
    assert sum(p.answered for p in session.participants.values()) == 1


def test_the_trainer_marks_attendance_after_the_session_and_prints_certificates(browser, instance):
    session_id, _ = _held_session(instance, people=2)
    trainer = english(browser, "trainer.helsinki")
    path = f"/training/sessions/{session_id}"
    people = participants_of(instance.store, session_id)
    assert trainer.get(f"{path}/certificates/{people[0].participant_id}").status_code == 404  # not marked yet
    for person, attended in zip(people, ("true", "false")):
        version = version_in(trainer.get(path).text)
        assert trainer.post(f"{path}/attendance", {"participant_id": person.participant_id, "attended": attended,
                                                   "version": version}).status_code == 302
    certificate = trainer.get(f"{path}/certificates/{people[0].participant_id}")
    assert certificate.status_code == 200 and "Certificate of attendance" in certificate.text
    assert "Nurse 0" in certificate.text and "print.css" in certificate.text
    assert trainer.get(f"{path}/certificates/{people[1].participant_id}").status_code == 404  # did not attend
    assert browser().get("/training/print.css").status_code == 200
    assert len(feedback_links(trainer.get(path).text)) == 2


def test_reports_hide_small_counts_and_the_csv_has_no_names(browser, instance):
    national = english(browser, "national_coordinator.national")
    report = national.get("/training/reports")
    assert report.status_code == 200 and "Helsinki" in report.text and "Oulu" in report.text
    trainer = english(browser, "trainer.helsinki")
    own = trainer.get("/training/reports").text
    assert "Turku" not in own
    # The demo's held session: five of six attended (two in education, two in health care, one in youth work) and
    # answered: each sector's count is hidden, the city's five are shown, and so is their average usefulness.
    assert "<td>Education</td><td>–</td><td>–</td>" in own and "<td>Youth work</td><td>–</td><td>–</td>" in own
    assert "<th>Total</th><td>5</td><td>5</td>" in own
    assert "<td>Helsinki</td><td>5</td><td>4.2</td><td>2.0</td><td>3.4</td><td>1.4</td>" in own
    sessions_csv = trainer.get("/training/reports/sessions.csv")
    assert sessions_csv.mimetype == "text/csv" and "Exit work for first-line practitioners" in sessions_csv.text
    attendance = trainer.get("/training/reports/attendance.csv").text
    assert attendance.splitlines()[0] == "session_id,held_on,city,format,sector,status,attended"
    assert "Aino Demola" not in attendance and "Harjula School" not in attendance


def test_the_calendar_shows_upcoming_sessions_and_requests_waiting(browser, instance):
    worker = english(browser, "worker.helsinki")
    page = worker.get("/training")
    assert "Recognising violent extremism in youth work" in page.text
    assert "Harjula School" in page.text  # the demo's open request
    assert session_ids(instance, "helsinki") and request_ids(instance, "helsinki")
    assert browser("worker.turku").get(f"/training/sessions/{session_ids(instance, 'helsinki')[0]}").status_code == 404


def test_an_erased_participant_shows_as_erased_and_their_link_no_longer_opens(browser, instance):
    from core.erasure import erase_person
    session_id, codes = _held_session(instance, people=1)
    assert browser().get(f"/training/feedback/{codes[0]}").status_code == 200
    person = participants_of(instance.store, session_id)[0]
    before = head(instance.store)
    erase_person(instance.store, person.participant_id, "retention ended", Actor("dpo", "auditor"))
    assert head(instance.store) == before + 1
    page = english(browser, "trainer.helsinki").get(f"/training/sessions/{session_id}").text
    assert "Nurse 0" not in page and "[erased]" in page
    assert session_row(instance.store, session_id).registered == 1
    assert browser().get(f"/training/feedback/{codes[0]}").status_code == 404


def test_the_trainers_dashboard_shows_the_next_session_and_the_requests_waiting(browser):
    trainer = english(browser, "trainer.helsinki").get("/").text
    assert "Next session" in trainer and "Recognising violent extremism in youth work" in trainer
    assert "1 request waits for an answer" in trainer  # the demo's other request was scheduled
    assert "Next session" not in english(browser, "worker.helsinki").get("/").text  # the trainer's widget


def test_feedback_opens_once_the_session_has_been_held(browser, instance):
    upcoming = service.plan_session(instance.store, TRAINER, "helsinki", 12, title="Next month",
                                    held_on=finnish_today() + timedelta(days=30), format="online", duration_minutes=60,
                                    topics=["signs"], level="introductory", trainers=["trainer.helsinki"], capacity=5)
    _, code, _ = service.register(instance.store, TRAINER, upcoming, "Harjula School", "education", "teacher")
    anonymous = browser()
    anonymous.post("/language", {"language": "en", "next": "/login"})
    assert "Feedback opens once the session has been held" in anonymous.get(f"/training/feedback/{code}").text
    answer = {"usefulness": "4", "knowledge_before": "2", "knowledge_after": "4"}
    assert anonymous.post(f"/training/feedback/{code}", answer).status_code == 422
    assert not any(p.answered for p in instance.store.get(upcoming).participants.values())
