"""No input makes a 500: each bad input answers a clear 4xx and writes nothing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from core.erasure import erase_person
from core.events import Actor
from core.testing import head
from plugins.casework.projections import cases

MEETING = {"held_on": "2026-11-02", "mode": "phone", "minutes": 30}


def first_case(store, city="helsinki"):
    with store.reading() as session:
        return session.execute(select(cases).where(cases.c.city == city).order_by(cases.c.case_id)).first()


def deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


def test_a_deeply_nested_body_is_bad_json(api, instance):
    row, client = first_case(instance.store), api("worker.helsinki")
    before = head(instance.store)
    response = client.post(f"/api/v1/cases/{row.case_id}/meetings", data=deep(50_000),
                                           content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["status"] == 400
    assert head(instance.store) == before


@pytest.mark.parametrize(("field", "value"), [
    ("minutes", 1.5), ("minutes", 59.9), ("minutes", "²"), ("minutes", True), ("minutes", 0), ("minutes", 1441),
    ("version", "²"), ("version", 1.5), ("note", "\ud800"), ("mode", "by pigeon"), ("held_on", "2026-02-30"),
    ("held_on", "0001-01-01"), ("held_on", "1899-12-31"),
])
def test_the_meeting_api_refuses_each_bad_field_by_name(api, instance, field, value):
    row, client = first_case(instance.store), api("worker.helsinki")
    before = head(instance.store)
    body = {**MEETING, "version": row.version, field: value}
    response = client.post(f"/api/v1/cases/{row.case_id}/meetings", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert head(instance.store) == before


@pytest.mark.parametrize("held_on", ["9999-12-31", "2100-01-01", "0001-01-01"])
def test_a_training_session_on_a_day_no_record_names_is_refused_and_registration_still_works(api, instance, held_on):
    trainer, path = api("trainer.helsinki"), "/api/v1/training/sessions"
    before = head(instance.store)
    session = {"title": "Online basics", "format": "e_learning", "duration_minutes": 60, "capacity": 10,
               "topics": ["what exit work is"], "level": "introductory", "trainers": ["trainer.helsinki"]}
    refused = trainer.post(path, json={**session, "held_on": held_on})
    assert refused.status_code == 422 and "held_on" in refused.get_json()["error"]["fields"]
    assert head(instance.store) == before
    last = trainer.post(path, json={**session, "held_on": "2099-12-31"})  # the last day a record may name
    assert last.status_code == 201, last.get_json()
    person = {"organisation": "Demo Social Services", "sector": "social_services", "role": "social worker",
              "version": last.get_json()["version"]}
    assert trainer.post(f"{path}/{last.get_json()['session_id']}/participants", json=person).status_code == 201


@pytest.mark.parametrize(("field", "value"), [
    ("minutes", "²"), ("minutes", "1.5"), ("minutes", "59.9"), ("version", "²"),
])
def test_the_meeting_form_refuses_each_bad_field_and_keeps_the_input(browser, instance, field, value):
    row, worker = first_case(instance.store), browser("worker.helsinki")
    before = head(instance.store)
    form = {**{k: str(v) for k, v in MEETING.items()}, "version": str(row.version), field: value}
    page = worker.post(f"/cases/{row.case_id}/meetings", form)
    assert page.status_code == 422
    assert head(instance.store) - before <= 1  # the access-log entry of the page shown again, nothing else
    if field == "minutes":
        assert 'aria-invalid="true" aria-describedby="minutes-error"' in page.text


def test_a_form_with_the_bytes_of_a_lone_surrogate_is_no_crash(browser, instance):
    row, worker = first_case(instance.store), browser("worker.helsinki")
    body = (f"csrf_token={worker.csrf}&held_on=2026-11-02&mode=phone&minutes=30&version={row.version}"
            "&note=%ED%A0%80").encode()
    page = worker.client.post(f"/cases/{row.case_id}/meetings", data=body,
                              content_type="application/x-www-form-urlencoded")
    assert page.status_code == 302  # the undecodable bytes arrive as U+FFFD, which can be stored


def test_the_pseudonym_refuses_a_lone_surrogate(api, instance):
    client = api("worker.helsinki")
    before = head(instance.store)
    response = client.post("/api/v1/cases/", json={
        "pseudonym": "Varjo\ud800", "kind": "individual", "channel": "phone"})
    assert response.status_code == 422 and "pseudonym" in response.get_json()["error"]["fields"]
    assert head(instance.store) == before


@pytest.mark.parametrize("hidden", ["\x00", "\x1b[31m", "\x7f", "\u202eoL", "\u2067x\u2069"])
def test_text_with_a_control_character_is_refused_not_a_crash(api, instance, hidden):
    """PostgreSQL stores no NUL in text; the others would only hide what a record says."""
    client = api("worker.helsinki")
    before = head(instance.store)
    response = client.post("/api/v1/cases/", json={
        "pseudonym": f"Varjo{hidden}", "kind": "individual", "channel": "phone"})
    assert response.status_code == 422 and "pseudonym" in response.get_json()["error"]["fields"]
    assert head(instance.store) == before
    kept = client.post("/api/v1/cases/", json={
        "pseudonym": "Varjo", "kind": "individual", "channel": "phone"})
    assert kept.status_code == 201, kept.text


def test_a_pseudonym_of_invisible_characters_only_is_no_pseudonym(api, instance):
    client = api("worker.helsinki")
    before = head(instance.store)
    response = client.post("/api/v1/cases/", json={"pseudonym": "\u200b\u200b\u2060", "kind": "individual",
                                                     "channel": "phone"})
    assert response.status_code == 422 and "pseudonym" in response.get_json()["error"]["fields"]
    assert head(instance.store) == before
    named = client.post("/api/v1/cases/", json={"pseudonym": "Lumi\u200dVarjo", "kind": "individual", "channel": "phone"})
    assert named.status_code == 201, named.text  # a joiner inside a name is part of it


def test_a_meeting_with_a_note_for_an_erased_person_is_refused(api, browser, instance):
    row = first_case(instance.store)
    erase_person(instance.store, row.client_id, "the client's request of 2026-11-20", Actor("dpo", "auditor"))
    client, worker = api("worker.helsinki"), browser("worker.helsinki")
    before = head(instance.store)
    response = client.post(f"/api/v1/cases/{row.case_id}/meetings",
                                           json={**MEETING, "version": row.version, "note": "after erasure"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "person_erased"
    page = worker.post(f"/cases/{row.case_id}/meetings", {
        **{k: str(v) for k, v in MEETING.items()}, "version": str(row.version), "note": "after erasure"})
    assert page.status_code == 422
    assert head(instance.store) - before <= 1  # the page's access-log entry at most


@pytest.mark.parametrize("body", [b"{not json", deep(50_000), b'{"held_on": "2026-11-02"}'])
def test_signed_out_writes_answer_401_before_the_body_is_read(app, instance, body):
    row = first_case(instance.store)
    response = app.test_client().post(f"/api/v1/cases/{row.case_id}/meetings", data=body,
                                      content_type="application/json")
    assert response.status_code == 401
    assert "fields" not in response.get_json()["error"]


def test_another_citys_case_answers_404_before_the_body_is_read(api, instance):
    row = first_case(instance.store, city="turku")
    response = api("worker.helsinki").post(f"/api/v1/cases/{row.case_id}/meetings", json={"minutes": "x"})
    assert response.status_code == 404 and response.get_json()["error"] == {
        "status": 404, "code": "not_found", "message": "not found"}
    missing = api("worker.helsinki").post(f"/api/v1/cases/{uuid.uuid4().hex}/meetings", json={})
    assert missing.status_code == 404


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/api/v1/cases/"), ("PUT", "/api/v1/me")])
def test_a_method_the_resource_does_not_answer_is_405_with_allow(api, method, path):
    response = api("coordinator.helsinki").open(path, method=method)
    assert response.status_code == 405 and response.get_json()["error"]["status"] == 405
    assert "GET" in response.headers["Allow"]


def test_a_page_posted_to_that_takes_no_post_is_405_with_allow(browser):
    response = browser("coordinator.helsinki").post("/cases/", {})
    assert response.status_code == 405 and set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
