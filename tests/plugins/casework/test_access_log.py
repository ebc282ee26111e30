"""Casework's pages in the access log: each response that shows a client is one sealed event, with its purpose."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from core.access_log import AccessEntry, access_entries, access_log
from core.demo import demo_actors
from core.testing import events_after, head
from plugins.casework import service
from plugins.casework.demo import CASES
from tests.plugins.casework.helpers import case_ids, case_row, city_rows

COORDINATOR = demo_actors("helsinki")["coordinator"]


def test_case_page_logs_one_sealed_entry_per_person_shown(browser, instance):
    store = instance.store
    worker = browser("worker.helsinki")
    row = case_row(instance, case_ids(instance, "helsinki")[0])
    before, started = head(store), datetime.now(timezone.utc)
    page = worker.get(f"/cases/{row.case_id}")
    assert page.status_code == 200
    assert "(Helsinki)" in page.text and "First meeting with" in page.text  # a client's pseudonym and meeting note
    [entry] = events_after(store, before)
    assert isinstance(entry, AccessEntry.PersonalDataViewed)
    assert entry.shown == [(uuid.UUID(row.client_id), row.case_id)]
    assert (entry.meta.actor_id, entry.meta.role, entry.meta.city) == ("worker.helsinki", "exit_worker", "helsinki")
    assert started - timedelta(seconds=1) <= entry.timestamp <= datetime.now(timezone.utc)
    assert (entry.page, entry.purpose) == (f"GET /cases/{row.case_id}", "casework")
    [logged] = access_entries(store, person_id=row.client_id)
    assert (logged.user_id, logged.role, logged.person_id, logged.page, logged.purpose) == (
        "worker.helsinki", "exit_worker", row.client_id, f"GET /cases/{row.case_id}", "casework")
    report = store.verify()
    assert report.ok and report.records == head(store)  # the entries are sealed like every event


def test_caseload_logs_every_client_whose_pseudonym_it_shows(browser, instance):
    store = instance.store
    stray = service.open_case(store, COORDINATOR, "helsinki", "individual", "Routa-Kaksi", "phone")
    worker = browser("worker.helsinki")
    before = head(store)
    assert worker.get("/cases/").status_code == 200
    [viewed] = events_after(store, before)  # one sealed event for the response, naming everyone it showed
    assigned = [r for r in city_rows(instance, "helsinki") if r.worker_id == "worker.helsinki"]
    assert len(assigned) == len(CASES)
    assert isinstance(viewed, AccessEntry.PersonalDataViewed)
    assert {(p.hex, r) for p, r in viewed.shown} == {(r.client_id, r.case_id) for r in assigned}
    assert (viewed.purpose, viewed.page) == ("caseload", "GET /cases/")
    assert len(access_entries(store, user_id="worker.helsinki")) == len(CASES)  # one access-log entry per person

    coordinator = browser("coordinator.helsinki")
    before = head(store)
    page = coordinator.get("/cases/")
    assert "Routa-Kaksi" in page.text
    shown = {p for e in events_after(store, before) for p, _ in e.shown}
    assert shown == {uuid.UUID(r.client_id) for r in city_rows(instance, "helsinki")}
    assert store.get(stray).client_id in shown


def test_refused_case_pages_log_nothing(browser, instance):
    store = instance.store
    stray = service.open_case(store, COORDINATOR, "helsinki", "individual", "Routa-Kaksi", "phone")
    worker = browser("worker.helsinki")
    before = head(store)
    assert worker.get(f"/cases/{stray.hex}").status_code == 403
    assert worker.get(f"/cases/{case_ids(instance, 'turku')[0]}").status_code == 404
    assert worker.get(f"/cases/{uuid.uuid4().hex}").status_code == 404
    assert worker.get(f"/api/v1/cases/{stray.hex}").status_code == 403
    assert head(store) == before
    assert access_entries(store, person_id=store.get(stray).client_id) == []


def test_a_meeting_form_shown_again_with_its_errors_logs_what_it_shows(browser, instance):
    store = instance.store
    worker = browser("worker.helsinki")
    row = case_row(instance, case_ids(instance, "helsinki")[0])
    worker.get(f"/cases/{row.case_id}")
    before = head(store)
    page = worker.post(f"/cases/{row.case_id}/meetings",
                       {"version": str(row.version), "held_on": "tomorrow", "mode": "phone", "minutes": "30"})
    assert page.status_code == 422 and "(Helsinki)" in page.text  # the page still shows the client
    [entry] = events_after(store, before)
    assert isinstance(entry, AccessEntry.PersonalDataViewed)
    assert entry.shown == [(uuid.UUID(row.client_id), row.case_id)]
    assert entry.page == f"POST /cases/{row.case_id}/meetings"


def test_access_log_entries_of_case_pages_hold_no_plaintext(browser, instance):
    store = instance.store
    name, note = "Zacharias Qwertyson-Ylönen", "Told about threats from Vyrkkäsolu"
    case_id = service.open_case(store, COORDINATOR, "helsinki", "individual", name, "phone")
    service.record_meeting(store, COORDINATOR, case_id, date(2026, 11, 2), "phone", 30, note=note)
    coordinator = browser("coordinator.helsinki")
    before = head(store)
    assert name in coordinator.get("/cases/").text
    assert note in coordinator.get(f"/cases/{case_id.hex}").text
    with store.reading() as session:
        records = store.recorder.select_notifications(before + 1, 100_000)
        rows = session.execute(select(access_log)).all()
    assert records and all(r.topic.endswith("AccessEntry.PersonalDataViewed") for r in records)
    stored = b"".join(r.state for r in records) + repr(rows).encode()
    assert case_id.hex.encode() in stored  # the entries name the case and the client only by id
    for secret in ("Qwertyson", "Vyrkkäsolu", *(name for name, *_ in CASES)):
        assert secret.encode() not in stored and secret not in repr(rows)
