"""The auditor's page of a record as of a day: its state then, the events since, personal data as permitted."""

from __future__ import annotations

import uuid

from core.access_log import access_entries
from core.erasure import erase_person
from core.events import Actor
from tests.core.test_history import notebook_over_three_days
from tests.core.web.conftest import in_english


def test_the_auditor_sees_the_earlier_state_of_a_record_and_each_view_is_logged(browser, instance, monkeypatch):
    notebook_id = notebook_over_three_days(instance.store, monkeypatch)
    person_id = instance.store.get(notebook_id).person_id
    auditor = in_english(browser, "auditor.national")
    page = auditor.get(f"/audit/as-of?record={notebook_id.hex}&date=2026-03-02")
    assert page.status_code == 200
    assert "version 2 of 4" in page.text and "Aurora Example" in page.text and "worker.helsinki" in page.text
    assert "Notebook.NoteWritten" in page.text and "the person moved abroad" in page.text
    [entry] = access_entries(instance.store, person_id=person_id)
    assert (entry.user_id, entry.record_id, entry.purpose) == (
        "auditor.national", notebook_id.hex, "audit: record as of 2026-03-02")
    before = auditor.get(f"/audit/as-of?record={notebook_id}&date=2026-03-01")
    assert "did not exist yet at the end of 2026-03-01" in before.text and "Aurora Example" not in before.text


def test_without_the_permission_to_reveal_personal_fields_show_as_personal_data(browser, app, instance, monkeypatch):
    notebook_id = notebook_over_three_days(instance.store, monkeypatch)
    permissions = app.extensions["exitfi"].permissions
    monkeypatch.setattr(permissions, "defaults", {**permissions.defaults, "audit.read_event_content": frozenset()})
    page = in_english(browser, "auditor.national").get(f"/audit/as-of?record={notebook_id.hex}&date=2026-03-04")
    assert page.status_code == 200 and "[personal data: identity]" in page.text and "Aurora Example" not in page.text
    assert access_entries(instance.store, person_id=instance.store.get(notebook_id).person_id) == []


def test_an_erased_person_reads_as_erased(browser, instance, monkeypatch):
    notebook_id = notebook_over_three_days(instance.store, monkeypatch)
    erase_person(instance.store, instance.store.get(notebook_id).person_id, "Art. 17 request",
                 Actor("cli:dpo", "operator"))
    page = in_english(browser, "auditor.national").get(f"/audit/as-of?record={notebook_id.hex}&date=2026-03-04")
    assert page.status_code == 200 and "[erased]" in page.text and "Aurora Example" not in page.text


def test_a_wrong_id_or_day_is_named_at_its_field(browser, instance):
    auditor = in_english(browser, "auditor.national")
    assert auditor.get("/audit/as-of").status_code == 200
    bad = auditor.get("/audit/as-of?record=case-12&date=2026-03-02")
    assert bad.status_code == 422 and 'aria-describedby="record-error"' in bad.text and 'value="case-12"' in bad.text
    day = auditor.get(f"/audit/as-of?record={uuid.uuid4().hex}&date=March")
    assert day.status_code == 422 and 'aria-describedby="date-error"' in day.text
    missing = auditor.get(f"/audit/as-of?record={uuid.uuid4().hex}&date=2026-03-02")
    assert missing.status_code == 404 and "No record has this id." in missing.text
