"""The access log: every showing of personal data is a sealed event; auditors and the person can read it."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from core.access_log import AccessEntry, access_entries, access_log, access_report, record_views
from core.demo import demo_actors
from core.web import create_app
from tests.cli import run
from tests.core.specimen import domain as notebooks
from tests.core.specimen.plugin import DEMO_NAMES
from tests.core.specimen.projections import notebooks_of
from tests.core.web.conftest import Browser, events_after, head, notebook, notebook_ids

COORDINATOR = demo_actors("helsinki")["coordinator"]




class Cells(HTMLParser):
    """Collect the cell texts of each row in a page's table body."""

    def __init__(self):
        super().__init__()
        self.rows, self.in_body, self.cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def log_rows(page) -> list[list[str]]:
    """The access-log page's entries as [when, user, role, person, page, purpose] (no 'No entries.' row)."""
    parser = Cells()
    parser.feed(page.text)
    return [r for r in parser.rows if len(r) == 6]


def test_a_record_page_logs_one_sealed_entry_per_person_shown(browser, instance):
    store = instance.store
    worker = browser("worker.helsinki")
    row = notebook(instance, notebook_ids(instance, "helsinki")[0])
    before, started = head(store), datetime.now(timezone.utc)
    page = worker.get(f"/notebooks/{row.notebook_id}")
    assert page.status_code == 200
    assert "(Helsinki)" in page.text and "First note about" in page.text  # one person's name and note were shown
    [entry] = events_after(store, before)
    assert isinstance(entry, AccessEntry.PersonalDataViewed)
    assert entry.shown == [(uuid.UUID(row.person_id), row.notebook_id)]
    assert (entry.meta.actor_id, entry.meta.role, entry.meta.city) == ("worker.helsinki", "exit_worker", "helsinki")
    assert started - timedelta(seconds=1) <= entry.timestamp <= datetime.now(timezone.utc)
    assert (entry.page, entry.purpose) == (f"GET /notebooks/{row.notebook_id}", "specimen")
    [logged] = access_entries(store, person_id=row.person_id)
    assert (logged.user_id, logged.role, logged.person_id, logged.page, logged.purpose) == (
        "worker.helsinki", "exit_worker", row.person_id, f"GET /notebooks/{row.notebook_id}", "specimen")
    report = store.verify()
    assert report.ok and report.records == head(store)  # the entries are sealed like every event


def test_a_list_logs_every_person_whose_name_it_shows(browser, instance):
    store = instance.store
    stray = notebooks.start(store, COORDINATOR, "helsinki", "Routa-Kaksi")
    worker = browser("worker.helsinki")
    before = head(store)
    assert worker.get("/notebooks/").status_code == 200
    [viewed] = events_after(store, before)  # one sealed event for the response, naming everyone it showed
    kept = [r for r in notebooks_of(store, "helsinki") if r.keeper_id == "worker.helsinki"]
    assert len(kept) == len(DEMO_NAMES)
    assert isinstance(viewed, AccessEntry.PersonalDataViewed)
    assert {(p.hex, r) for p, r in viewed.shown} == {(r.person_id, r.notebook_id) for r in kept}
    assert (viewed.purpose, viewed.page) == ("notebook list", "GET /notebooks/")
    assert len(access_entries(store, user_id="worker.helsinki")) == len(DEMO_NAMES)  # one entry per person

    coordinator = browser("coordinator.helsinki")
    before = head(store)
    page = coordinator.get("/notebooks/")
    assert "Routa-Kaksi" in page.text
    shown = {p for e in events_after(store, before) for p, _ in e.shown}
    assert shown == {uuid.UUID(r.person_id) for r in notebooks_of(store, "helsinki")}
    assert store.get(stray).person_id in shown


def test_pages_without_personal_data_log_nothing(browser, instance):
    store = instance.store
    for username in ("worker.helsinki", "coordinator.helsinki", "auditor.national"):
        user = browser(username)
        before = head(store)
        for path in ("/", "/tokens", "/api/v1/me", "/audit/access-log", "/audit/emergency-access", "/audit/verify"):
            user.get(path)
        assert head(store) == before, username


def test_failed_requests_log_nothing(browser, instance):
    store = instance.store
    stray = notebooks.start(store, COORDINATOR, "helsinki", "Routa-Kaksi")
    worker = browser("worker.helsinki")
    before = head(store)
    assert worker.get(f"/notebooks/{stray.hex}").status_code == 403
    assert worker.get(f"/notebooks/{notebook_ids(instance, 'turku')[0]}").status_code == 404
    assert worker.get(f"/notebooks/{uuid.uuid4().hex}").status_code == 404
    assert worker.get(f"/api/v1/notebooks/{stray.hex}").status_code == 403
    assert head(store) == before
    assert access_entries(store, person_id=store.get(stray).person_id) == []


def test_a_form_shown_again_with_its_errors_logs_what_it_shows(browser, instance):
    store = instance.store
    worker = browser("worker.helsinki")
    row = notebook(instance, notebook_ids(instance, "helsinki")[0])
    worker.get(f"/notebooks/{row.notebook_id}")
    before = head(store)
    page = worker.post(f"/notebooks/{row.notebook_id}/notes", {"version": str(row.version), "pages": "many"})
    assert page.status_code == 422 and "(Helsinki)" in page.text  # the page still shows the person
    [entry] = events_after(store, before)
    assert isinstance(entry, AccessEntry.PersonalDataViewed)
    assert entry.shown == [(uuid.UUID(row.person_id), row.notebook_id)]
    assert entry.page == f"POST /notebooks/{row.notebook_id}/notes"


def test_auditor_filters_the_access_log_by_person_user_and_dates(browser, instance):
    first, second = (notebook(instance, n) for n in notebook_ids(instance, "helsinki")[:2])
    worker, coordinator = browser("worker.helsinki"), browser("coordinator.helsinki")
    worker.get(f"/notebooks/{first.notebook_id}")
    worker.get(f"/notebooks/{second.notebook_id}")
    coordinator.get(f"/notebooks/{first.notebook_id}")
    auditor = browser("auditor.national")

    rows = log_rows(auditor.get("/audit/access-log"))
    assert len(rows) == 3

    rows = log_rows(auditor.get(f"/audit/access-log?person={uuid.UUID(first.person_id)}"))
    assert sorted(r[1] for r in rows) == ["coordinator.helsinki", "worker.helsinki"]
    assert {r[3] for r in rows} == {first.person_id}
    assert {r[4] for r in rows} == {f"GET /notebooks/{first.notebook_id}"} and {r[5] for r in rows} == {"specimen"}

    rows = log_rows(auditor.get("/audit/access-log?user=worker.helsinki"))
    assert {r[1] for r in rows} == {"worker.helsinki"}
    assert sorted(r[3] for r in rows) == sorted([first.person_id, second.person_id])

    rows = log_rows(auditor.get(f"/audit/access-log?user=coordinator.helsinki&person={second.person_id}"))
    assert rows == []

    day = access_entries(instance.store)[0].at.date()
    assert len(log_rows(auditor.get(f"/audit/access-log?from={day}&to={day}"))) == 3
    assert log_rows(auditor.get(f"/audit/access-log?from={day + timedelta(days=1)}")) == []
    assert log_rows(auditor.get(f"/audit/access-log?to={day - timedelta(days=1)}")) == []
    assert len(log_rows(auditor.get(f"/audit/access-log?from={date(2000, 1, 1)}&user=worker.helsinki"))) == 2


def test_a_malformed_person_id_shows_a_field_error_and_keeps_what_was_typed(browser, instance):
    browser("worker.helsinki").get(f"/notebooks/{notebook_ids(instance, 'helsinki')[0]}")
    auditor = browser("auditor.national")
    page = auditor.get("/audit/access-log?person=1234-<b>x")
    assert 'id="person-error"' in page.text
    assert 'aria-invalid="true" aria-describedby="person-error"' in page.text
    assert 'value="1234-&lt;b&gt;x"' in page.text
    assert log_rows(page) == []


def test_only_auditors_read_the_access_log(browser):
    for username in ("worker.helsinki", "coordinator.helsinki", "administrator.helsinki"):
        assert browser(username).get("/audit/access-log").status_code == 403, username


def test_access_report_is_the_persons_own_report_in_one_call(browser, instance):
    first, second = (notebook(instance, n) for n in notebook_ids(instance, "helsinki")[:2])
    browser("worker.helsinki").get(f"/notebooks/{first.notebook_id}")
    browser("coordinator.helsinki").get(f"/notebooks/{first.notebook_id}")
    browser("worker.helsinki").get(f"/notebooks/{second.notebook_id}")
    report = access_report(instance.store, uuid.UUID(first.person_id))
    assert sorted((v["user"], v["role"], v["city"], v["page"], v["purpose"]) for v in report) == [
        ("coordinator.helsinki", "city_coordinator", "helsinki", f"GET /notebooks/{first.notebook_id}", "specimen"),
        ("worker.helsinki", "exit_worker", "helsinki", f"GET /notebooks/{first.notebook_id}", "specimen"),
    ]
    assert all(datetime.fromisoformat(v["at"]) for v in report)
    assert [v["at"] for v in report] == sorted((v["at"] for v in report), reverse=True)  # newest first
    assert access_report(instance.store, first.person_id) == report  # the hex form works as well
    assert access_report(instance.store, uuid.uuid4()) == []


def test_exitfi_access_report_prints_the_report(instance_folder, capsys):
    assert run(capsys, "init", "--demo")[0] == 0
    from core.instance import open_instance
    inst = open_instance()
    try:
        worker = Browser(create_app({"EXITFI_INSTANCE": inst, "TESTING": True}))
        assert worker.login("worker.helsinki").status_code == 302
        row = notebook(inst, notebook_ids(inst, "helsinki")[0])
        assert worker.get(f"/notebooks/{row.notebook_id}").status_code == 200
        expected = access_report(inst.store, row.person_id)
    finally:
        inst.close()
    person = str(uuid.UUID(row.person_id))
    code, out, err = run(capsys, "access-report", person)
    assert code == 0, err
    report = json.loads(out)
    assert (report["person_id"], report["views"], report["disclosures"]) == (person, expected, [])
    assert [r["record_id"] for r in report["held"]] == [row.notebook_id]  # the notebook holding their data
    assert len(expected) == 1 and expected[0]["user"] == "worker.helsinki"


def test_access_log_entries_hold_no_plaintext_personal_data(browser, instance):
    store = instance.store
    name, note = "Zacharias Qwertyson-Ylönen", "Told about threats from Vyrkkäsolu"
    notebook_id = notebooks.start(store, COORDINATOR, "helsinki", name)
    notebooks.write(store, COORDINATOR, notebook_id, 2, note)
    coordinator = browser("coordinator.helsinki")
    before = head(store)
    assert name in coordinator.get("/notebooks/").text
    assert note in coordinator.get(f"/notebooks/{notebook_id.hex}").text
    with store.reading() as session:
        records = store.recorder.select_notifications(before + 1, 100_000)
        rows = session.execute(select(access_log)).all()
    assert records and all(r.topic.endswith("AccessEntry.PersonalDataViewed") for r in records)
    stored = b"".join(r.state for r in records) + repr(rows).encode()
    assert notebook_id.hex.encode() in stored  # the entries name the record and the person only by id
    for secret in ("Qwertyson", "Vyrkkäsolu", *DEMO_NAMES):
        assert secret.encode() not in stored and secret not in repr(rows)


def older_link(page) -> str | None:
    """The page's "Older" link, as the browser would follow it."""
    import html
    import re
    found = re.search(r'<a rel="next" href="([^"]+)"', page.text)
    return html.unescape(found[1]) if found else None


def test_the_auditor_pages_through_every_entry_even_where_one_response_showed_many(browser, instance):
    store = instance.store
    worker = demo_actors("helsinki")["worker"]
    # Three responses of 45 persons each: 135 rows, three of them sharing each time, the page's end inside one.
    shown = [{uuid.uuid4(): f"record-{r}-{p}" for p in range(45)} for r in range(3)]
    for persons in shown:
        record_views(store, worker, persons, "GET /notebooks/", "specimen")
    record_views(store, demo_actors("turku")["worker"], {uuid.uuid4(): "elsewhere"}, "GET /notebooks/", "specimen")
    auditor = browser("auditor.national")
    seen, path = [], "/audit/access-log?user=worker.helsinki"
    while path:
        page = auditor.get(path)
        assert page.status_code == 200
        rows = log_rows(page)
        assert len(rows) <= 100
        seen += rows
        path = older_link(page)
        assert path is None or "user=worker.helsinki" in path  # the filter goes on to the next page
    assert len(seen) == 135 and {r[1] for r in seen} == {"worker.helsinki"}
    assert sorted(r[3] for r in seen) == sorted(p.hex for persons in shown for p in persons)
    newest_first = [r[3] for r in seen]
    assert set(newest_first[:45]) == {p.hex for p in shown[2]} and set(newest_first[90:]) == {p.hex for p in shown[0]}
    everyone = auditor.get("/audit/access-log")
    assert len(log_rows(everyone)) == 100 and older_link(everyone) is not None


@pytest.mark.parametrize("query, field", [
    ("before=12.34", "before"), ("before=" + "9" * 18 + "." + "a" * 32 + "." + "b" * 32, "before"),
    ("from=2026-02-30", "from"), ("to=9999-12-31", "to"), ("from=0001-01-01", "from"),
    ("from=2026-11-02&to=2026-11-01", "to"), ("person=12345", "person"),
])
def test_a_bad_filter_of_the_access_log_is_refused_with_its_field(browser, instance, query, field):
    record_views(instance.store, demo_actors("helsinki")["worker"], {uuid.uuid4(): "r"}, "GET /x", "specimen")
    page = browser("auditor.national").get(f"/audit/access-log?{query}")
    assert page.status_code == 422 and f'id="{field}-error"' in page.text
    assert log_rows(page) == []
