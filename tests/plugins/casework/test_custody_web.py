"""The prison-pathway page and API: status, release date, the agency contact and handover tasks from the forms;
refusals keep the input; 409 when stale; the dashboard shows releases ahead and tasks due; the case's timeline."""

from __future__ import annotations

import re
from datetime import date, timedelta

from core.demo import demo_actors
from core.testing import api_error, database_text, events_after, head
from core.toolkit import finnish_today
from plugins.casework import service as cases
from plugins.casework.custody.domain import Custody
from plugins.casework.custody.queries import custody_row
from tests.plugins.casework.helpers import case_ids, in_english

HELSINKI = demo_actors("helsinki")["coordinator"]
AGENT = "Vappu Valvoja"


def new_case(instance) -> str:
    case_id = cases.open_case(instance.store, HELSINKI, "helsinki", "individual", "Vankila", "agency")
    cases.assign_worker(instance.store, HELSINKI, case_id, "worker.helsinki")
    return case_id.hex


def version_of(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_a_worker_follows_a_client_through_custody_to_release(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance)
    path = f"/cases/{case_id}/custody"
    assert path in worker.get(f"/cases/{case_id}").text
    page = worker.get(path)
    assert page.status_code == 200 and "The case has no prison pathway recorded." in page.text
    assert "Expected release date" not in page.text  # no release date before custody
    done = worker.post(f"{path}/status", {"status": "serving_sentence", "since": "2025-02-01",
                                          "prison": "Helsinki prison", "version": "0"})
    assert done.status_code == 302 and done.headers["Location"].endswith(path)
    page = worker.get(path)
    assert "Serving a sentence · Helsinki prison" in page.text and "In custody since" in page.text
    assert worker.post(f"{path}/release-date", {"expected_on": "2026-01-20", "version": version_of(page.text)}
                       ).status_code == 302
    page = worker.get(path)
    assert worker.post(f"{path}/contact", {"name": AGENT, "phone": "+358 29 000 2222", "email": "",
                                           "version": version_of(page.text)}).status_code == 302
    page = worker.get(path)
    assert worker.post(f"{path}/tasks", {"kind": "housing_arranged", "owner": "Helsinki social services", "due_on": "",
                                         "version": version_of(page.text)}).status_code == 302
    page = worker.get(path)
    assert AGENT in page.text and "2025-12-21" in page.text and "Helsinki social services" in page.text
    assert AGENT.encode() not in database_text(instance.store)
    assert worker.post(f"{path}/release-date", {"expected_on": "2026-01-10", "version": version_of(page.text)}
                       ).status_code == 302
    page = worker.get(path)
    assert "2025-12-11" in page.text and "2026-01-20 → 2026-01-10" in page.text  # the task moved with the date
    assert worker.post(f"{path}/tasks/done", {"task": "1", "done_on": "2025-12-01", "version": version_of(page.text)}
                       ).status_code == 302
    page = worker.get(path)
    assert worker.post(f"{path}/release", {"released_on": "2026-01-08", "version": version_of(page.text)}
                       ).status_code == 302
    row = custody_row(instance.store, case_id)
    assert (row.status, row.released_on, row.expected_release) == ("released", date(2026, 1, 8), None)
    timeline = worker.get(f"/cases/{case_id}").text
    for entry in ("Custody status recorded", "Expected release date set", "Handover task added",
                  "Handover task done", "Released from custody", "Criminal Sanctions Agency contact recorded"):
        assert entry in timeline
    assert AGENT not in timeline  # the official's details stay on the custody page


def test_refusals_keep_what_was_typed_and_write_nothing(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance)
    path = f"/cases/{case_id}/custody"
    before = head(instance.store)
    no_prison = worker.post(f"{path}/status", {"status": "remand", "since": "2026-02-01", "prison": "",
                                               "version": "0"})
    assert no_prison.status_code == 422 and "Name the prison or unit while the client is in custody." in no_prison.text
    assert 'id="prison" name="prison" value="" aria-invalid="true"' in no_prison.text
    assert '<option value="remand" selected>' in no_prison.text
    bad_day = worker.post(f"{path}/status", {"status": "remand", "since": "1.2.2026", "prison": "Vantaa prison",
                                             "version": "0"})
    assert bad_day.status_code == 422 and 'value="Vantaa prison"' in bad_day.text
    assert not any(isinstance(e, Custody.Event) for e in events_after(instance.store, before))
    assert worker.post(f"{path}/status", {"status": "remand", "since": "2026-02-01", "prison": "Vantaa prison",
                                          "version": "0"}).status_code == 302
    early = worker.post(f"{path}/release-date", {"expected_on": "2026-01-01", "version": "2"})
    assert early.status_code == 422 and "Give a date not before the custody began." in early.text
    assert 'id="expected_on" name="expected_on" type="date" value="2026-01-01" aria-invalid="true"' in early.text
    no_due = worker.post(f"{path}/tasks", {"kind": "other_task", "owner": "Parish", "due_on": "", "version": "2"})
    assert no_due.status_code == 422 and 'value="Parish"' in no_due.text and "Give a due date; only the usual kinds take one from the release date." in no_due.text
    stale = worker.post(f"{path}/contact", {"name": AGENT, "version": "1"})
    assert stale.status_code == 409 and "Someone else changed the prison pathway" in stale.text
    assert f'value="{AGENT}"' in stale.text
    assert custody_row(instance.store, case_id).version == 2


def test_the_dashboard_shows_releases_ahead_and_handover_tasks_due(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    dashboard = worker.get("/").text
    assert "Releases in the next 60 days" in dashboard and "Handover tasks due in two weeks or overdue" in dashboard
    release = (finnish_today() + timedelta(days=40)).isoformat()
    housing_due = (finnish_today() + timedelta(days=10)).isoformat()
    assert release in dashboard and housing_due in dashboard and "Housing arranged" in dashboard
    assert "Social services of Helsinki" in dashboard
    assert browser("coordinator.turku").get("/").text.count("/custody") >= 1
    assert "Releases and handover" not in browser("trainer.helsinki").get("/").text


def test_another_citys_prison_pathway_is_not_found(browser, api, instance):
    turku_case = case_ids(instance, "turku")[0]
    assert browser("worker.helsinki").get(f"/cases/{turku_case}/custody").status_code == 404
    api_error(api("worker.helsinki").get(f"/api/v1/cases/{turku_case}/custody"), 404, "not_found")


def test_the_api_records_custody_422_per_field_and_409_when_stale(api, instance):
    worker = api("worker.helsinki")
    case_id = new_case(instance)
    path = f"/api/v1/cases/{case_id}/custody"
    empty = worker.get(path).get_json()
    assert (empty["status"], empty["version"], empty["tasks"]) == (None, 0, [])
    error = api_error(worker.post(f"{path}/status", json={"status": "serving_sentence", "since": "2026-02-01",
                                                          "version": 0}), 422, "validation")
    assert "prison" in str(error)
    done = worker.post(f"{path}/status", json={"status": "serving_sentence", "since": "2026-02-01",
                                               "prison": "Turku prison", "version": 0})
    assert done.status_code == 200, done.text
    body = done.get_json()
    assert (body["status"], body["custody_since"], body["version"]) == ("serving_sentence", "2026-02-01", 2)
    api_error(worker.post(f"{path}/release-date", json={"expected_on": "2027-02-01", "version": 1}), 409, "conflict")
    body = worker.post(f"{path}/release-date", json={"expected_on": "2027-02-01", "version": 2}).get_json()
    body = worker.post(f"{path}/tasks", json={"kind": "first_meeting_after_release", "owner": "EXIT Helsinki",
                                              "version": body["version"]}).get_json()
    assert body["tasks"] == [{"number": 1, "kind": "first_meeting_after_release", "owner": "EXIT Helsinki",
                              "due_on": "2027-02-04", "done_on": None, "follows_release": True}]
    body = worker.post(f"{path}/contact", json={"name": AGENT, "email": "vappu@example.invalid",
                                                "version": body["version"]}).get_json()
    assert body["contact"] == {"name": AGENT, "phone": None, "email": "vappu@example.invalid"}
    api_error(worker.post(f"{path}/tasks/done", json={"task": 9, "done_on": "2027-02-04",
                                                      "version": body["version"]}), 422, "validation")
    assert api("trainer.helsinki").get(path).status_code == 403


def test_a_release_or_a_task_done_is_not_recorded_ahead_of_its_day(api, instance):
    from plugins.casework.custody import service as custody
    worker, case_id = api("worker.helsinki"), new_case(instance)
    custody.record_status(instance.store, HELSINKI, case_id, "serving_sentence", date(2026, 2, 1), "Helsinki prison")
    custody.add_task(instance.store, HELSINKI, case_id, "other_task", "Parish youth work", date(2026, 3, 1))
    path, tomorrow = f"/api/v1/cases/{case_id}/custody", (finnish_today() + timedelta(days=1)).isoformat()
    version = custody_row(instance.store, case_id).version
    before = head(instance.store)
    for command, body, field in (("release", {"released_on": tomorrow}, "released_on"),
                                 ("tasks/done", {"task": 1, "done_on": tomorrow}, "done_on"),
                                 ("status", {"status": "remand", "since": tomorrow, "prison": "Vantaa prison"}, "since")):
        error = api_error(worker.post(f"{path}/{command}", json={**body, "version": version}), 422, "validation")
        assert set(error["fields"]) == {field}
    assert head(instance.store) == before
