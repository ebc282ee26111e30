"""Casework's API under /api/v1/cases: scope, permissions, one schema per command, 422 per field, 409 when stale."""

from __future__ import annotations

from urllib.parse import urlencode

from core.demo import demo_actors
from core.testing import api_error, head
from tests.plugins.casework.helpers import case_ids

CASE = {"pseudonym": "K. from the east side", "kind": "individual", "channel": "phone"}
MEETING = {"held_on": "2026-11-02", "mode": "in_person", "minutes": 45, "note": "talked about work"}


def test_a_worker_lists_and_opens_the_cases_of_their_caseload(api, instance):
    worker = api("worker.helsinki")
    own = worker.get("/api/v1/cases/")
    assert own.status_code == 200 and own.get_json()["next"] is None
    cases = own.get_json()["cases"]
    assert sorted(c["case_id"] for c in cases) == case_ids(instance, "helsinki")  # all assigned to them
    assert {c["city"] for c in cases} == {"helsinki"}
    assert all(c["pseudonym"].endswith("(Helsinki)") for c in cases)
    mine = cases[0]["case_id"]
    assert worker.get(f"/api/v1/cases/{mine}").get_json()["case_id"] == mine


def test_a_token_reaches_only_its_own_citys_cases(api, instance):
    worker = api("worker.helsinki")
    before = head(instance.store)
    for turku_case in case_ids(instance, "turku")[:3]:
        api_error(worker.get(f"/api/v1/cases/{turku_case}"), 404, "not_found")
        api_error(worker.post(f"/api/v1/cases/{turku_case}/meetings", json={**MEETING, "version": 1}), 404, "not_found")
    assert head(instance.store) == before


def test_roles_without_casework_permissions_are_refused(api, instance):
    trainer, national = api("trainer.helsinki"), api("national_coordinator.national")
    [case_id, *_] = case_ids(instance, "helsinki")
    before = head(instance.store)
    api_error(trainer.get("/api/v1/cases/"), 403, "forbidden")
    api_error(trainer.get(f"/api/v1/cases/{case_id}"), 403, "forbidden")
    api_error(trainer.post("/api/v1/cases/", json=CASE), 403, "forbidden")
    api_error(national.get("/api/v1/cases/"), 403, "forbidden")
    assert head(instance.store) == before


def test_a_coordinator_opens_a_case(api, instance):
    before = head(instance.store)
    created = api("coordinator.helsinki").post("/api/v1/cases/", json=CASE)
    assert created.status_code == 201, created.text
    case = created.get_json()
    assert case["city"] == "helsinki" and case["pseudonym"] == CASE["pseudonym"] and case["version"] == 1
    assert case["phase"] == "first_contact" and case["worker_id"] is None
    assert head(instance.store) > before


def test_invalid_new_case_answers_422_per_field(api, instance):
    coordinator = api("coordinator.helsinki")
    before = head(instance.store)
    for body, fields in [({}, {"pseudonym", "kind", "channel"}),
                         ({**CASE, "kind": "burglary"}, {"kind"}),
                         ({**CASE, "channel": "pigeon", "pseudonym": ""}, {"channel", "pseudonym"}),
                         ({**CASE, "pseudonym": 42}, {"pseudonym"})]:
        error = api_error(coordinator.post("/api/v1/cases/", json=body), 422, "validation")
        assert set(error["fields"]) == fields, body
        assert all(isinstance(m, str) and m for messages in error["fields"].values() for m in messages)
    assert head(instance.store) == before


def test_invalid_meeting_answers_422_per_field(api, instance):
    coordinator = api("coordinator.helsinki")
    [case_id, *_] = case_ids(instance, "helsinki")
    version = coordinator.get(f"/api/v1/cases/{case_id}").get_json()["version"]
    before = head(instance.store)
    for change, fields in [({"held_on": "yesterday"}, {"held_on"}),
                           ({"mode": "by_carrier_pigeon", "minutes": 0}, {"mode", "minutes"}),
                           ({"minutes": 1441}, {"minutes"}),
                           ({"version": None}, {"version"}),
                           ({"note": "x" * 4001}, {"note"})]:
        body = {k: v for k, v in {**MEETING, "version": version, **change}.items() if v is not None}
        error = api_error(coordinator.post(f"/api/v1/cases/{case_id}/meetings", json=body), 422, "validation")
        assert set(error["fields"]) == fields, change
    assert head(instance.store) == before
    assert coordinator.get(f"/api/v1/cases/{case_id}").get_json()["version"] == version


def test_a_stale_version_answers_409_with_the_current_version(api, instance):
    coordinator = api("coordinator.helsinki")
    [case_id, *_] = case_ids(instance, "helsinki")
    version = coordinator.get(f"/api/v1/cases/{case_id}").get_json()["version"]
    first = coordinator.post(f"/api/v1/cases/{case_id}/meetings", json={**MEETING, "version": version})
    assert first.status_code == 201, first.text
    assert first.get_json()["version"] == version + 1 and first.get_json()["meetings"] >= 1

    before = head(instance.store)
    stale = coordinator.post(f"/api/v1/cases/{case_id}/meetings", json={**MEETING, "minutes": 30, "version": version})
    error = api_error(stale, 409, "conflict")
    assert error["current_version"] == version + 1
    assert head(instance.store) == before


def test_the_openapi_description_documents_casework(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/cases/", "/api/v1/cases/{case_id}", "/api/v1/cases/{case_id}/meetings"} <= set(spec["paths"])
    assert {"get", "post"} <= set(spec["paths"]["/api/v1/cases/"])
    meetings = spec["paths"]["/api/v1/cases/{case_id}/meetings"]["post"]["responses"]
    assert {"201", "409", "422"} <= set(meetings)
    assert "api_casework" in {tag["name"] for tag in spec["tags"]}


def test_the_api_list_is_narrowed_as_the_page_is_and_comes_a_page_at_a_time(api, instance, monkeypatch):
    from plugins.casework import rest, service
    from tests.plugins.casework.helpers import city_rows
    coordinator = api("coordinator.helsinki")
    rows = city_rows(instance, "helsinki")

    def listed(query):
        response = coordinator.get(f"/api/v1/cases/?{query}")
        assert response.status_code == 200, response.text
        return sorted(c["case_id"] for c in response.get_json()["cases"])

    assert listed("phase=closed") == sorted(r.case_id for r in rows if r.phase == "closed")
    assert listed("kind=family") == sorted(r.case_id for r in rows if r.kind == "family")
    stray = service.open_case(instance.store, demo_actors("helsinki")["coordinator"], "helsinki", "individual",
                              "Nuoska", "self").hex
    theirs = listed("worker=worker.helsinki")
    assert stray not in theirs and theirs == sorted(r.case_id for r in rows if r.worker_id == "worker.helsinki")
    assert "kind" in api_error(coordinator.get("/api/v1/cases/?kind=alien"), 422, "validation")["fields"]
    assert "after" in api_error(coordinator.get("/api/v1/cases/?after=not-a-cursor"), 422, "validation")["fields"]

    monkeypatch.setattr(rest, "API_PAGE", 3)
    seen, query = [], "kind=individual"
    while True:
        page = coordinator.get(f"/api/v1/cases/?{query}").get_json()
        assert len(page["cases"]) <= 3
        seen += [c["case_id"] for c in page["cases"]]
        if page["next"] is None:
            break
        query = urlencode({"kind": "individual", "after": page["next"]})
    assert len(seen) == len(set(seen)) and sorted(seen) == sorted(
        [r.case_id for r in rows if r.kind == "individual"] + [stray])
    assert len(seen) > 3  # more than one page
