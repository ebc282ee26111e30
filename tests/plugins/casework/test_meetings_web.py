"""Contacts and multi-agency meetings in the pages and the API: record, list, refuse with the input kept, 409 when
stale, and the demo that shows them."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.testing import api_error, database_text, events_after, head
from core.testing.forms import marked, selected, textarea
from core.toolkit import finnish_today
from plugins.casework import service as cases
from plugins.casework.domain import Case
from plugins.casework.meetings.domain import AgencyMeeting
from plugins.casework.meetings.projections import agency_meetings
from tests.plugins.casework.helpers import in_english, version_in

EMPLOYMENT = "Employment services of Helsinki"
DECISION = "Vyrkkä starts a work trial at the Kallio depot"


def new_case(instance, coordinator, consent: bool = True) -> str:
    """An open case of worker.helsinki's, with the client's consent to share with the employment services."""
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Vyrkkä", "phone")
    cases.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    if consent:
        cases.give_consent(instance.store, coordinator, case_id, "sharing", finnish_today(), "written", EMPLOYMENT)
    return case_id.hex


def timeline(html: str) -> list[str]:
    ol = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S).group(1)
    return re.findall(r"<li[^>]*>(.*?)</li>", ol, re.S)


def only_views_since(store, position) -> bool:
    return all(type(e).__name__ == "PersonalDataViewed" for e in events_after(store, position))


# -- contacts ------------------------------------------------------------------

def test_a_worker_records_contacts_held_and_missed_and_reads_the_contact_log(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    page = worker.get(f"/cases/{case_id}")
    assert "Record a contact" in page.text and f"/cases/{case_id}/contacts" in page.text
    assert 'value="worker.helsinki" checked' in page.text  # the worker is ticked by default
    sent = worker.post(f"/cases/{case_id}/meetings", {
        "version": version_in(page.text), "held_on": "2026-11-20", "mode": "in_prison", "attended": "true",
        "minutes": "90", "note": "Talked about the release", "workers": ["worker.helsinki", "coordinator.helsinki"]})
    assert sent.status_code == 302
    page = worker.get(f"/cases/{case_id}")
    assert "The contact was recorded." in page.text
    newest = timeline(page.text)[0]
    assert "Contact recorded" in newest and "In prison" in newest and "90 min" in newest
    assert "workers: worker.helsinki, coordinator.helsinki" in newest
    missed = worker.post(f"/cases/{case_id}/meetings", {
        "version": version_in(page.text), "held_on": "2026-11-22", "mode": "phone", "attended": "false",
        "minutes": "", "missed_reason": "client_did_not_come"})
    assert missed.status_code == 302
    newest = timeline(worker.get(f"/cases/{case_id}").text)[0]
    assert "did not happen: The client did not come" in newest and "min" not in newest
    assert instance.store.get(case_id).meetings == 1  # held ones

    log = worker.get(f"/cases/{case_id}/contacts")
    assert log.status_code == 200
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", log.text, re.S)[1:]
    assert "2026-11-22" in rows[0] and "The client did not come" in rows[0]
    assert "2026-11-20" in rows[1] and "90 min" in rows[1] and "Talked about the release" in rows[1]
    assert "Contacts held: 1 · Missed: 1 · Hours in contacts held: 1.5" in log.text


def test_a_refused_contact_keeps_the_input_and_marks_the_field(browser, instance, coordinator):
    store = instance.store
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    version = version_in(worker.get(f"/cases/{case_id}").text)
    before = head(store)
    page = worker.post(f"/cases/{case_id}/meetings", {
        "version": version, "held_on": "2026-11-20", "mode": "online", "attended": "false", "minutes": "45",
        "note": "Waited an hour", "workers": ["worker.helsinki", "trainer.helsinki"]})
    assert page.status_code == 422
    assert marked(page.text, "minutes") and marked(page.text, "missed_reason") and not marked(page.text, "held_on")
    assert 'aria-describedby="workers-error"' in page.text
    assert 'value="worker.helsinki" checked' in page.text and selected(page.text, "mode") == "online"
    assert 'value="false" checked' in page.text and textarea(page.text, "note") == "Waited an hour"
    future = worker.post(f"/cases/{case_id}/meetings", {"version": version, "held_on": "2999-01-01",
                                                        "mode": "phone", "minutes": "30"})
    assert future.status_code == 422 and marked(future.text, "held_on") and "today or earlier" in future.text
    assert only_views_since(store, before)


# -- multi-agency meetings -----------------------------------------------------

def recorded_meeting(worker, case_id) -> str:
    page = worker.get(f"/cases/{case_id}/agency-meetings")
    assert page.status_code == 200 and "Record a multi-agency meeting" in page.text
    sent = worker.post(f"/cases/{case_id}/agency-meetings", {
        "held_on": "2026-11-21", "organisation-0": "Helsinki social services", "role-0": "social worker",
        "organisation-2": EMPLOYMENT, "role-2": "employment counsellor", "client_present": "true"})
    assert sent.status_code == 302, sent.text
    return sent.headers["Location"]


def test_a_worker_records_a_meeting_its_decision_action_and_what_was_shared(browser, instance, coordinator):
    store = instance.store
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    assert f"/cases/{case_id}/agency-meetings" in worker.get(f"/cases/{case_id}").text
    path = recorded_meeting(worker, case_id)
    page = worker.get(path)
    assert "Helsinki social services" in page.text and "employment counsellor" in page.text
    assert "The client was present" in page.text
    assert worker.post(f"{path}/decisions", {"decision": DECISION, "version": version_in(page.text)}).status_code == 302
    page = worker.get(path)
    assert worker.post(f"{path}/actions", {"what": "Find a depot place", "owner": EMPLOYMENT, "due_on": "2026-12-15",
                                           "version": version_in(page.text)}).status_code == 302
    page = worker.get(path)
    assert worker.post(f"{path}/actions/done", {"number": "1", "version": version_in(page.text)}).status_code == 302
    page = worker.get(path)
    shared = worker.post(f"{path}/disclosures", {"items": ["case_phase", "support_plan"], "organisation": EMPLOYMENT,
                                                 "basis": "consent", "provision": "", "version": version_in(page.text)})
    assert shared.status_code == 302
    page = worker.get(path)
    assert DECISION in page.text and "Find a depot place" in page.text and "2026-12-15" in page.text
    assert f"Shared Case phase, Support plan with {EMPLOYMENT} under Consent" in page.text
    assert DECISION.encode() not in database_text(store)

    listed = worker.get(f"/cases/{case_id}/agency-meetings")
    assert "2026-11-21" in listed.text and "1 / 1" in listed.text
    entries = timeline(worker.get(f"/cases/{case_id}").text)
    assert f"Shared Case phase, Support plan with {EMPLOYMENT} under Consent" in entries[0]
    assert any("Multi-agency meeting recorded" in e and "Helsinki social services" in e for e in entries)
    assert not any(DECISION in e for e in entries)  # decisions are read on the meeting's page


def test_sharing_without_consent_or_a_provision_is_refused_with_the_input_kept(browser, instance, coordinator):
    store = instance.store
    worker = in_english(browser, "worker.helsinki")
    path = recorded_meeting(worker, new_case(instance, coordinator, consent=False))
    version = version_in(worker.get(path).text)
    before = head(store)
    page = worker.post(f"{path}/disclosures", {"items": ["identity"], "organisation": "Helsinki police",
                                               "basis": "consent", "version": version})
    assert page.status_code == 422 and marked(page.text, "basis") and not marked(page.text, "organisation")
    assert "record the consent first or choose the legal basis" in page.text
    assert 'value="identity" checked' in page.text and selected(page.text, "basis") == "consent"
    assert 'value="Helsinki police"' in page.text
    page = worker.post(f"{path}/disclosures", {"items": ["identity"], "organisation": "Helsinki police",
                                               "basis": "serious_offence_prevention", "version": version})
    assert page.status_code == 422 and marked(page.text, "provision")
    assert only_views_since(store, before)
    done = worker.post(f"{path}/disclosures", {"items": ["identity"], "organisation": "Helsinki police",
                                               "basis": "serious_offence_prevention",
                                               "provision": "Criminal Code 15:10", "version": version})
    assert done.status_code == 302
    assert "Criminal Code 15:10" in worker.get(path).text


def test_a_refused_meeting_keeps_the_attendees_typed(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    before = head(instance.store)
    page = worker.post(f"/cases/{case_id}/agency-meetings", {"held_on": "2026-11-21",
                                                             "organisation-1": "Helsinki police", "role-1": ""})
    assert page.status_code == 422 and 'aria-describedby="attendees-error"' in page.text
    assert 'value="Helsinki police"' in page.text
    assert only_views_since(instance.store, before)


def test_a_stale_meeting_form_answers_409_and_keeps_the_input(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    path = recorded_meeting(worker, new_case(instance, coordinator))
    version = version_in(worker.get(path).text)
    meeting_id = path.rsplit("/", 1)[1]
    from plugins.casework.meetings import service
    service.record_decision(instance.store, coordinator, meeting_id, "First decision")
    page = worker.post(f"{path}/decisions", {"decision": DECISION, "version": version})
    assert page.status_code == 409 and "Someone else changed this meeting" in page.text
    assert textarea(page.text, "decision") == DECISION


def test_the_demo_shows_contacts_and_a_meeting_in_every_city(browser, instance):
    for city in ("helsinki", "turku", "oulu"):
        with instance.store.reading() as session:
            row = session.execute(select(agency_meetings).where(agency_meetings.c.city == city)).one()
        case = instance.store.get(row.case_id)
        contacts = [e for e in instance.store.events.get(case.id) if isinstance(e, Case.MeetingRecorded)]
        assert {e.mode for e in contacts} >= {"in_prison"} and any(len(e.workers) > 1 for e in contacts)
        assert [e.missed_reason for e in contacts if not e.attended] == ["client_did_not_come"]
        meeting = instance.store.get(row.meeting_id)
        assert meeting.decisions and meeting.actions and [d.basis for d in meeting.disclosures] == ["consent"]
        assert {d.organisation for d in meeting.disclosures} <= case.sharing
    coordinator = in_english(browser, "coordinator.helsinki")
    with instance.store.reading() as session:
        row = session.execute(select(agency_meetings).where(agency_meetings.c.city == "helsinki")).one()
    assert "Employment services of Helsinki" in coordinator.get(f"/agency-meetings/{row.meeting_id}").text
    log = coordinator.get(f"/cases/{row.case_id}/contacts").text
    assert "Missed: 1" in log and "In prison" in log


# -- the API -------------------------------------------------------------------

MEETING = {"held_on": "2026-11-21", "client_present": False,
           "attendees": [{"organisation": EMPLOYMENT, "role": "employment counsellor"}]}


def test_the_api_records_a_meeting_and_what_was_shared(api, instance, coordinator):
    worker = api("worker.helsinki")
    case_id = new_case(instance, coordinator)
    created = worker.post(f"/api/v1/cases/{case_id}/agency-meetings", json=MEETING)
    assert created.status_code == 201, created.text
    meeting = created.get_json()
    assert meeting["attendees"] == MEETING["attendees"] and meeting["version"] == 1
    path = f"/api/v1/agency-meetings/{meeting['meeting_id']}"
    decided = worker.post(f"{path}/decisions", json={"decision": DECISION, "version": 1})
    assert decided.status_code == 200 and decided.get_json()["decisions"] == [DECISION]
    acted = worker.post(f"{path}/actions", json={"what": "Find a place", "owner": EMPLOYMENT, "version": 2})
    assert acted.get_json()["actions"] == [{"number": 1, "what": "Find a place", "owner": EMPLOYMENT,
                                            "due_on": None, "done": False}]
    shared = worker.post(f"{path}/disclosures", json={"items": ["case_phase"], "organisation": EMPLOYMENT,
                                                      "basis": "consent", "version": 3})
    assert shared.status_code == 200 and shared.get_json()["disclosures"] == [
        {"items": ["case_phase"], "organisation": EMPLOYMENT, "basis": "consent", "provision": None}]
    assert worker.post(f"{path}/actions/done", json={"number": 1, "version": 4}).get_json()["actions"][0]["done"]
    listed = worker.get(f"/api/v1/cases/{case_id}/agency-meetings").get_json()
    assert [(m["meeting_id"], m["disclosures"], m["actions_done"]) for m in listed] == [(meeting["meeting_id"], 1, 1)]
    assert worker.get(path).get_json()["decisions"] == [DECISION]


def test_the_api_refuses_bad_input_per_field_and_a_stale_version_with_409(api, instance, coordinator):
    store = instance.store
    worker = api("worker.helsinki")
    case_id = new_case(instance, coordinator, consent=False)
    before = head(store)
    for body, fields in [({}, {"held_on", "attendees"}),
                         ({**MEETING, "attendees": []}, {"attendees"}),
                         ({**MEETING, "held_on": "2999-01-01"}, {"held_on"}),
                         ({**MEETING, "attendees": [{"organisation": "Police"}]}, {"attendees"})]:
        error = api_error(worker.post(f"/api/v1/cases/{case_id}/agency-meetings", json=body), 422, "validation")
        assert set(error["fields"]) == fields, body
    assert head(store) == before
    meeting_id = worker.post(f"/api/v1/cases/{case_id}/agency-meetings", json=MEETING).get_json()["meeting_id"]
    path = f"/api/v1/agency-meetings/{meeting_id}"
    before = head(store)
    refused = api_error(worker.post(f"{path}/disclosures", json={
        "items": ["identity"], "organisation": EMPLOYMENT, "basis": "consent", "version": 1}), 422, "validation")
    assert "has not consented to share with this organisation" in refused["fields"]["basis"][0]
    error = api_error(worker.post(f"{path}/disclosures", json={
        "items": ["gossip"], "organisation": "", "basis": "because", "version": 1}), 422, "validation")
    assert set(error["fields"]) == {"items", "organisation", "basis"}
    assert head(store) == before
    assert worker.post(f"{path}/decisions", json={"decision": "First", "version": 1}).status_code == 200
    stale = api_error(worker.post(f"{path}/decisions", json={"decision": "Second", "version": 1}), 409)
    assert stale["current_version"] == 2
    assert [type(e) for e in events_after(store, before) if type(e).__name__ != "PersonalDataViewed"] == [
        AgencyMeeting.DecisionRecorded]  # the stale one wrote nothing


def test_the_api_reads_the_contact_log(api, instance, coordinator):
    worker = api("worker.helsinki")
    case_id = new_case(instance, coordinator)
    version = worker.get(f"/api/v1/cases/{case_id}").get_json()["version"]
    sent = worker.post(f"/api/v1/cases/{case_id}/meetings", json={
        "held_on": "2026-11-20", "mode": "phone", "attended": False, "missed_reason": "client_cancelled",
        "version": version})
    assert sent.status_code == 201, sent.text
    assert sent.get_json()["meetings"] == 0
    log = worker.get(f"/api/v1/cases/{case_id}/contacts").get_json()
    assert (log["held"], log["missed"], log["minutes"]) == (0, 1, 0)
    assert log["contacts"] == [{"held_on": "2026-11-20", "mode": "phone", "minutes": None,
                                "workers": ["worker.helsinki"], "attended": False,
                                "missed_reason": "client_cancelled", "note": None, "recorded_by": "worker.helsinki"}]
    api_error(api("worker.turku").get(f"/api/v1/cases/{case_id}/contacts"), 404, "not_found")


def test_a_closed_cases_meeting_refuses_new_records_on_its_page_and_in_the_api(browser, api, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    path = recorded_meeting(worker, case_id)
    cases.close_case(instance.store, coordinator, case_id, "goals_met", finnish_today())
    page = worker.get(path)
    assert "The case is closed: open it again" in page.text and f'action="{path}/decisions"' not in page.text
    client = api("worker.helsinki")
    before = head(instance.store)
    sent = worker.post(f"{path}/decisions", {"decision": DECISION, "version": "1"})
    assert sent.status_code == 422 and "The case is closed: open it again" in sent.text
    for command, body in (("decisions", {"decision": DECISION}), ("actions", {"what": "Find a place",
                                                                              "owner": EMPLOYMENT}),
                          ("disclosures", {"items": ["case_phase"], "organisation": EMPLOYMENT, "basis": "consent"})):
        error = api_error(client.post(f"/api/v1{path}/{command}", json={**body, "version": 1}), 422, "validation")
        assert "the case is closed" in error["fields"]["case"][0]
    assert only_views_since(instance.store, before)
