"""The data-protection officer answers an access request: finds the person by name and birth date, reads
everything held about them with who viewed it and to whom it was disclosed, and hands it over with parts
withheld for a recorded reason."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest

from core.access_reports import AccessReport
from core.erasure import erase_person
from core.event_index import EventFilter, browse
from core.events import Actor
from core.person_report import ANOTHER_PERSON, ERASED_TEXT, person_report
from core.testing import head
from core.toolkit import FINNISH_TIME, finnish_today
from plugins.casework import service as cases
from plugins.casework.meetings import service as meetings

DPO = "data_protection_officer.national"
OFFICER = Actor(DPO, "data_protection_officer", None)
BORN = date(1994, 5, 17)
ATTENDEES = [{"organisation": "Helsinki social services", "role": "social worker"}]


def _client(instance, coordinator, name="Aino Kallio", born=BORN):
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Lintu", "phone",
                              full_name=name, birth_date=born)
    cases.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    return case_id, instance.store.get(case_id).client_id


def _revealed(instance):
    return lambda field, record_id: instance.store.vault.reveal(field)


def test_the_report_holds_the_persons_records_decrypted_and_no_one_elses(instance, coordinator):
    case_id, client = _client(instance, coordinator)
    _other_case, other = _client(instance, coordinator, "Eero Salo", date(1990, 1, 2))
    report = person_report(instance.store, instance.host, client, _revealed(instance))
    [case] = [r for r in report.held if r.record_id == case_id.hex]
    assert case.kind == "Case" and case.city == "helsinki"
    opened = case.entries[0]
    assert (opened.event, opened.actor, opened.content["full_name"]) == ("Case.Opened", "coordinator.helsinki",
                                                                          "Aino Kallio")
    assert any(e.event == "Case.WorkerAssigned" for e in case.entries)  # the record's later events as well
    text = json.dumps(report.as_json())
    assert "Eero Salo" not in text and other.hex not in text
    assert "identity_index" not in text and "identity_bucket" not in text  # the blind index is never shown
    assert report.parts() == [f"record:{r.record_id}" for r in report.held] + ["views", "disclosures"]


def test_another_persons_field_in_a_record_shows_only_as_such(instance):
    from plugins.referrals.incoming import service as incoming
    assert person_report(instance.store, instance.host, uuid.uuid4(), _revealed(instance)).held == ()  # no one's
    worker = Actor("worker.turku", "exit_worker", "turku")
    referral_id = incoming.receive_referral(instance.store, worker, "turku", "family_member", "Väinö Öhman",
                                            "Talks of joining a group.", "soon", True, False, "a sister, 040 123")
    person = instance.store.get(referral_id).person_id
    report = person_report(instance.store, instance.host, person, _revealed(instance))
    [received] = [r for r in report.held if r.record_id == referral_id.hex][0].entries[:1]
    # The referral holds the referrer's contact under the referrer's own key: not the person's to see.
    assert received.content["person"] == "Väinö Öhman" and received.content["referrer_contact"] == ANOTHER_PERSON
    assert "040 123" not in json.dumps(report.as_json(), ensure_ascii=False)


def test_an_erased_persons_report_still_lists_the_records_without_their_data(instance, coordinator):
    _case_id, client = _client(instance, coordinator)
    erase_person(instance.store, client, "erasure request of 2026-11-20", OFFICER)
    report = json.dumps(person_report(instance.store, instance.host, client, _revealed(instance)).as_json())
    assert "Aino Kallio" not in report and ERASED_TEXT in report


def test_hook_disclosures(instance, coordinator):
    """Casework answers with the disclosures of the client's data, and the report lists them."""
    case_id, client = _client(instance, coordinator)
    assert [d for answer in instance.host.all.hook.disclosures(store=instance.store, person_id=client)
            for d in answer] == []
    worker = Actor("worker.helsinki", "exit_worker", "helsinki")
    meeting_id = meetings.record_agency_meeting(instance.store, worker, case_id, finnish_today() - timedelta(days=1),
                                                ATTENDEES, True)
    meetings.record_disclosure(instance.store, worker, meeting_id, ["case_phase"], "Helsinki police", "court_order",
                               "Court order 12/2026")
    [answered] = [d for answer in instance.host.all.hook.disclosures(store=instance.store, person_id=client)
                  for d in answer]
    report = person_report(instance.store, instance.host, client, _revealed(instance))
    assert list(report.disclosures) == [answered]
    [found] = report.disclosures
    assert (found.recipient, found.basis, found.items, found.actor, found.provision) == (
        "Helsinki police", "court_order", ("case_phase",), "worker.helsinki", "Court order 12/2026")


def test_the_officer_finds_the_person_reads_the_report_and_the_view_is_logged(browser, instance, coordinator):
    case_id, client = _client(instance, coordinator)
    officer = browser(DPO)
    refused = officer.post("/audit/persons/", data={"full_name": "", "birth_date": "17.5.1994"})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.text
    found = officer.post("/audit/persons/", data={"full_name": "kallio aino", "birth_date": "1994-05-17"})  # any order
    assert found.status_code == 200 and f"/audit/persons/{client.hex}" in found.text
    assert "Aino" not in found.text  # the list names the record, not the person
    other_day = officer.post("/audit/persons/", data={"full_name": "Aino Kallio", "birth_date": "1994-05-18"}).text
    assert 'method="post"' in officer.get("/audit/persons/").text  # a name and a birth date stay out of the address
    assert client.hex not in other_day  # another birth date matches no one
    page = officer.get(f"/audit/persons/{client.hex}")
    assert page.status_code == 200 and "Aino Kallio" in page.text and case_id.hex in page.text
    erasure = officer.get(f"/audit/erasure-requests?person_id={client.hex}")  # the page's link, followed
    assert f"/audit/erasure-requests?person_id={client.hex}" in page.text and f'value="{client.hex}"' in erasure.text
    views = officer.get(f"/audit/access-log?person={client}").text
    assert DPO in views and "tietopyyntö (GDPR 15 art.)" in views  # why, in the reader's language
    assert browser("auditor.national").get(f"/audit/persons/{client.hex}").status_code == 403
    [opened, *_] = reversed(browse(instance.store, EventFilter(record=case_id.hex))[0])
    event_page = officer.get(f"/audit/events/{opened.position}").text  # from the case's events in the browser
    assert f'href="/audit/persons/{client.hex}"' in event_page
    auditors_page = browser("auditor.national").get(f"/audit/events/{opened.position}").text
    assert f'href="/audit/persons/{client.hex}"' not in auditors_page
    # The auditor goes from a case's event to who viewed its client's data, without the person search.
    who_viewed = f"/audit/access-log?person={client.hex}"
    assert f'href="{who_viewed}"' in auditors_page and DPO in browser("auditor.national").get(who_viewed).text
    assert officer.get("/audit/persons/not-a-person").status_code == 404


def test_a_withheld_part_needs_its_reason_and_is_handed_over_as_the_reason(browser, instance, coordinator):
    case_id, client = _client(instance, coordinator)
    officer = browser(DPO)
    path = f"/audit/persons/{client.hex}"
    officer.get(path)
    before = head(instance.store)
    part = f"record:{case_id.hex}"
    short = officer.post(path, data={"withhold": part, f"reason:{part}": "third", "format": "json"})
    assert short.status_code == 422 and 'value="third"' in short.text and "checked" in short.text
    assert not [e for e in _issued(instance, before)]
    why = "It would reveal who reported the concern."
    handed = officer.post(path, data={"withhold": part, f"reason:{part}": why, "format": "json"})
    assert handed.status_code == 200 and "attachment" in handed.headers["Content-Disposition"]
    body = handed.get_json()
    [withheld] = [r for r in body["held"] if "withheld" in r]
    assert withheld == {"withheld": why} and "Aino Kallio" not in handed.text
    assert body["views"] and body["views"][0]["user"] == DPO
    [issued] = _issued(instance, before)
    assert (issued.meta.actor_id, issued.format, issued.withheld[0]["part"]) == (DPO, "json", part)
    assert instance.store.vault.reveal(issued.withheld[0]["reason"]) == why
    as_file = officer.post(path, data={"format": "html"})
    assert as_file.status_code == 200 and as_file.mimetype == "text/html"
    assert "attachment" in as_file.headers["Content-Disposition"] and "Aino Kallio" in as_file.text
    printable = officer.post(path, data={"format": "page"})
    assert printable.status_code == 200 and "attachment" not in printable.headers.get("Content-Disposition", "")


def test_a_disclosed_persons_report_shows_what_was_shared_and_a_failed_one_is_not_recorded(
        browser, instance, coordinator, monkeypatch):
    case_id, client = _client(instance, coordinator)
    worker = Actor("worker.helsinki", "exit_worker", "helsinki")
    meeting_id = meetings.record_agency_meeting(instance.store, worker, case_id, finnish_today() - timedelta(days=1),
                                                ATTENDEES, True)
    meetings.record_disclosure(instance.store, worker, meeting_id, ["case_phase"], "Helsinki police", "court_order",
                               "Court order 12/2026")
    officer, path = browser(DPO), f"/audit/persons/{client.hex}"
    page = officer.get(path)
    assert page.status_code == 200 and "Helsinki police" in page.text and "Court order 12/2026" in page.text
    [disclosed] = person_report(instance.store, instance.host, client, _revealed(instance)).disclosures
    shown_at = disclosed.at.astimezone(FINNISH_TIME).strftime("%Y-%m-%d %H:%M:%S")  # Finnish time, as every page
    assert f"<td>{shown_at}</td>" in officer.post(path, data={"format": "page"}).text
    for fmt in ("page", "html", "json"):
        before = head(instance.store)
        handed = officer.post(path, data={"format": fmt})
        assert handed.status_code == 200 and "Helsinki police" in handed.text, fmt
        assert [e.format for e in _issued(instance, before)] == [fmt]
    before = head(instance.store)

    def broken(*args, **kwargs):
        raise RuntimeError("the report's template failed")
    monkeypatch.setattr("core.web.persons.render", broken)
    with pytest.raises(RuntimeError):
        officer.post(path, data={"format": "page"})
    assert _issued(instance, before) == []  # a report nobody received is not in the log as handed over


def _issued(instance, after: int) -> list:
    events = instance.store.recorder.select_notifications(after + 1, 1000)
    return [instance.store.mapper.to_domain_event(n) for n in events
            if n.topic == "core.access_reports:AccessReport.Issued"]


@pytest.mark.parametrize("withheld, field", [({"record:nope": "a reason long enough"}, "reason:record:nope"),
                                             ({"views": "short"}, "reason:views")])
def test_the_report_refuses_a_part_it_has_not_or_a_reason_too_short(withheld, field):
    from core.errors import ValidationError
    with pytest.raises(ValidationError) as refused:
        AccessReport.issue(uuid.uuid4(), "json", ["views", "disclosures"], withheld)
    assert set(refused.value.messages) == {field}


def test_hook_find_persons(instance, coordinator):
    """Casework answers with the clients whose blind index matches, in every city, without their names."""
    case_id, client = _client(instance, coordinator)
    found = [f for answer in instance.host.all.hook.find_persons(
        store=instance.store, full_name="AINO  kallio", birth_date=BORN) for f in answer]
    assert [(f.person_id, f.record_id, f.city) for f in found] == [(client.hex, case_id.hex, "helsinki")]
    assert "Aino" not in str(found[0].description)


def test_a_referred_person_is_found_by_name_whatever_the_birth_date(instance, browser):
    from plugins.referrals.incoming import service as incoming
    worker = Actor("worker.turku", "exit_worker", "turku")
    referral_id = incoming.receive_referral(instance.store, worker, "turku", "family_member", "Väinö Öhman",
                                            "Talks of joining a group.", "soon", True, False, "a sister, 040 123")
    person = instance.store.get(referral_id).person_id
    found = [f for answer in instance.host.all.hook.find_persons(
        store=instance.store, full_name="ohman vaino", birth_date=BORN) for f in answer]
    assert [(f.person_id, f.record_id, f.city) for f in found] == [(person.hex, referral_id.hex, "turku")]
    assert "no birth date" in str(found[0].description)
    assert not [f for answer in instance.host.all.hook.find_persons(
        store=instance.store, full_name="Väinö Öhberg", birth_date=BORN) for f in answer]
    page = browser(DPO).post("/audit/persons/", data={"full_name": "Väinö Öhman", "birth_date": "1994-05-17"})
    assert f"/audit/persons/{person.hex}" in page.text
    erase_person(instance.store, person, "erasure request of 2026-11-20", OFFICER)
    assert not [f for answer in instance.host.all.hook.find_persons(
        store=instance.store, full_name="Väinö Öhman", birth_date=BORN) for f in answer]
