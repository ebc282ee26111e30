"""Casework's forms: opening a case and recording a meeting keep what was typed, mark the field in error, write
nothing on failure, and show a conflict with what changed."""

from __future__ import annotations

import re
from datetime import date

from core.access_log import AccessEntry
from core.demo import demo_actors
from core.testing import events_after, head
from core.testing.forms import field, marked, selected, textarea
from plugins.casework import service
from plugins.casework.domain import Case
from tests.plugins.casework.helpers import case_count, case_ids, in_english, version_in


# -- opening a case ------------------------------------------------------------

def test_new_case_form_keeps_the_input_and_marks_the_field(browser, instance):
    store = instance.store
    worker = in_english(browser, "worker.helsinki")
    assert worker.get("/cases/new").status_code == 200
    before, count = head(store), case_count(store)
    page = worker.post("/cases/new", {"pseudonym": "Varjo <Ä>", "kind": "", "channel": "phone"})
    assert page.status_code == 422
    assert 'value="Varjo &lt;Ä&gt;"' in field(page.text, "pseudonym")
    assert selected(page.text, "channel") == "phone"
    assert marked(page.text, "kind")
    assert not marked(page.text, "pseudonym") and not marked(page.text, "channel")
    assert "aria-invalid" not in field(page.text, "pseudonym")
    assert (head(store), case_count(store)) == (before, count)  # nothing written

    page = worker.post("/cases/new", {"pseudonym": "   ", "kind": "family", "channel": "post"})
    assert page.status_code == 422
    assert marked(page.text, "pseudonym") and marked(page.text, "channel") and not marked(page.text, "kind")
    assert selected(page.text, "kind") == "family"
    assert (head(store), case_count(store)) == (before, count)

    opened = worker.post("/cases/new", {"pseudonym": "Varjo", "kind": "family", "channel": "phone"})
    assert opened.status_code == 302 and case_count(store) == count + 1
    page = worker.get(opened.headers["Location"])
    assert page.status_code == 200 and "Varjo" in page.text  # the worker may open the case they opened
    assert "Varjo" in worker.get("/cases/").text
    case_id = opened.headers["Location"].rsplit("/", 1)[1]
    assigned = [e for e in store.events.get(store.get(case_id).id) if isinstance(e, Case.WorkerAssigned)]
    assert [e.worker_id for e in assigned] == ["worker.helsinki"]  # taken on once, with the opening


def test_a_case_a_coordinator_opens_waits_for_a_worker(browser, instance):
    coordinator = in_english(browser, "coordinator.helsinki")
    coordinator.get("/cases/new")
    opened = coordinator.post("/cases/new", {"pseudonym": "Varjo", "kind": "family", "channel": "phone"})
    assert opened.status_code == 302 and coordinator.get(opened.headers["Location"]).status_code == 200
    assert instance.store.get(opened.headers["Location"].rsplit("/", 1)[1]).worker_id is None
    assert browser("worker.helsinki").get(opened.headers["Location"]).status_code == 403


# -- recording a meeting -------------------------------------------------------

def meeting_form(worker, case_id):
    page = worker.get(f"/cases/{case_id}")
    assert page.status_code == 200
    return version_in(page.text)


def assert_no_change(store, case_id, position):
    """Nothing but access-log entries (the page was shown again) was written; the case is as it was."""
    assert all(isinstance(e, AccessEntry.PersonalDataViewed) for e in events_after(store, position))
    assert not any(isinstance(e, Case.MeetingRecorded) and e.originator_id.hex == case_id
                   for e in events_after(store, position))


def test_meeting_form_keeps_the_input_when_the_date_is_wrong(browser, instance):
    store = instance.store
    case_id = case_ids(instance, "helsinki")[0]
    worker = in_english(browser, "worker.helsinki")
    version = meeting_form(worker, case_id)
    before = head(store)
    page = worker.post(f"/cases/{case_id}/meetings", {"version": version, "held_on": "31.12.2026",
                                                      "mode": "online", "minutes": "45", "note": "Talked about work"})
    assert page.status_code == 422
    assert marked(page.text, "held_on") and not marked(page.text, "minutes")
    assert 'value="31.12.2026"' in field(page.text, "held_on")
    assert 'value="45"' in field(page.text, "minutes")
    assert selected(page.text, "mode") == "online"
    assert textarea(page.text, "note") == "Talked about work"
    assert_no_change(store, case_id, before)


def test_meeting_form_keeps_the_input_when_the_minutes_are_not_a_number(browser, instance):
    store = instance.store
    case_id = case_ids(instance, "helsinki")[0]
    worker = in_english(browser, "worker.helsinki")
    version = meeting_form(worker, case_id)
    before = head(store)
    for minutes in ("an hour", "-5", "0", "2000"):
        page = worker.post(f"/cases/{case_id}/meetings", {"version": version, "held_on": "2026-11-20",
                                                          "mode": "phone", "minutes": minutes})
        assert page.status_code == 422, minutes
        assert marked(page.text, "minutes") and not marked(page.text, "held_on"), minutes
        assert f'value="{minutes}"' in field(page.text, "minutes")
        assert 'value="2026-11-20"' in field(page.text, "held_on")
    assert_no_change(store, case_id, before)


def test_a_conflict_shows_what_changed_keeps_the_input_and_can_be_sent_again(browser, instance):
    store = instance.store
    case_id = case_ids(instance, "helsinki")[0]
    worker = in_english(browser, "worker.helsinki")
    old_version, meetings = meeting_form(worker, case_id), store.get(case_id).meetings
    coordinator = demo_actors("helsinki")["coordinator"]
    service.record_meeting(store, coordinator, case_id, date(2026, 11, 19), "in_prison", 90)  # after the page loaded

    typed = {"held_on": "2026-11-20", "mode": "online", "minutes": "50", "note": "Planned the move"}
    before = head(store)
    page = worker.post(f"/cases/{case_id}/meetings", {"version": old_version, **typed})
    assert page.status_code == 409
    changed = re.findall(r'<li class="new">(.*?)</li>', page.text, re.S)
    assert len(changed) == 1
    assert "coordinator.helsinki" in changed[0] and "2026-11-19" in changed[0] and "90 min" in changed[0]
    assert "changed since you opened the page" in changed[0]
    assert 'role="alert"' in page.text
    assert 'value="2026-11-20"' in field(page.text, "held_on") and 'value="50"' in field(page.text, "minutes")
    assert selected(page.text, "mode") == "online" and textarea(page.text, "note") == "Planned the move"
    assert_no_change(store, case_id, before)
    assert int(version_in(page.text)) == int(old_version) + 1  # the form now carries the current version

    again = worker.post(f"/cases/{case_id}/meetings", {"version": version_in(page.text), **typed})
    assert again.status_code == 302
    case = store.get(case_id)
    assert case.version == int(old_version) + 2 and case.meetings == meetings + 2
    page = worker.get(f"/cases/{case_id}")
    assert "Planned the move" in page.text and '<li class="new">' not in page.text


def test_a_recorded_meeting_is_on_the_timeline_with_who_recorded_it(browser, instance):
    case_id = case_ids(instance, "helsinki")[1]
    worker = in_english(browser, "worker.helsinki")
    version = meeting_form(worker, case_id)
    typed = {"held_on": "2026-11-21", "mode": "in_person", "minutes": "75", "note": "Met at the library"}
    sent = worker.post(f"/cases/{case_id}/meetings", {"version": version, **typed})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/cases/{case_id}")
    page = worker.get(sent.headers["Location"])
    assert "The contact was recorded." in page.text
    newest = re.search(r'<ol class="timeline">\s*<li[^>]*>(.*?)</li>', page.text, re.S).group(1)
    assert "Contact recorded" in newest and "2026-11-21" in newest and "75 min" in newest
    assert "Met at the library" in newest and "worker.helsinki" in newest
    [event] = [e for e in instance.store.events.get(instance.store.get(case_id).id)
               if isinstance(e, Case.MeetingRecorded) and e.held_on == date(2026, 11, 21)]
    assert (event.meta.actor_id, event.meta.role, event.minutes) == ("worker.helsinki", "exit_worker", 75)
