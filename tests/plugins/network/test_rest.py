"""The network's API: register an organisation, add its service and contact person, find the service in the
directory; the domain's refusals answer 422 with the field, a stale version or a name taken 409."""

from __future__ import annotations

from core.testing import api_error, database_text

SERVICE = {"name": "Kielikahvila", "category": "education", "cities": ["oulu"],
           "eligibility": "Adults learning Finnish.", "how_to_refer": "Walk in on Tuesdays.",
           "languages": ["lang_fi", "lang_ar"]}


def registered(manager, name="Kielipolku ry") -> dict:
    made = manager.post("/api/v1/network/organisations", json={"name": name, "type": "civil_society",
                                                               "cities": ["oulu"]})
    assert made.status_code == 201, made.text
    return made.get_json()


def test_a_manager_builds_an_organisation_and_a_worker_finds_its_service(api, instance):
    manager = api("network_manager.oulu")
    organisation = registered(manager)
    path = f"/api/v1/network/organisations/{organisation['organisation_id']}"
    added = manager.post(f"{path}/services", json=SERVICE)
    assert added.status_code == 201 and added.get_json()["services"][0]["name"] == "Kielikahvila"
    contact = manager.post(f"{path}/contacts", json={"name": "Hanna Hakemisto", "role": "Teacher",
                                                     "email": "hanna@example.org", "cities": ["oulu"]})
    assert contact.status_code == 201
    person = contact.get_json()["contacts"][0]
    assert person["email"] == "hanna@example.org" and b"hanna@example.org" not in database_text(instance.store)
    found = api("worker.oulu").get("/api/v1/network/services?city=oulu&language=lang_ar&text=tuesdays").get_json()
    assert [s["name"] for s in found] == ["Kielikahvila"]
    one = api("trainer.turku").get(f"/api/v1/network/services/{found[0]['service_id']}")
    assert one.status_code == 200 and one.get_json()["organisation"] == "Kielipolku ry"


def test_refusals_name_the_field_and_write_nothing(api, instance):
    manager = api("network_manager.oulu")
    error = api_error(manager.post("/api/v1/network/organisations",
                                   json={"name": "X", "type": "civil_society", "cities": ["atlantis"]}), 422)
    assert set(error["fields"]) == {"cities"}
    organisation = registered(manager)
    path = f"/api/v1/network/organisations/{organisation['organisation_id']}"
    error = api_error(manager.post(f"{path}/services", json={**SERVICE, "cities": ["helsinki"],
                                                             "languages": []}), 422)
    assert set(error["fields"]) == {"cities", "languages"}
    error = api_error(manager.post(f"{path}/contacts", json={"name": "Nimetön Numeroton", "role": "Lead",
                                                             "cities": ["oulu"]}), 422)
    assert set(error["fields"]) == {"phone", "email"}
    error = api_error(manager.post(f"{path}/membership", json={"action": "leave", "on": "2026-01-01",
                                                               "reason": "x", "version": organisation["version"]}), 422)
    assert "membership" in error["fields"]
    assert api("worker.oulu").get(path).get_json()["version"] == organisation["version"]


def test_a_stale_version_and_a_name_taken_answer_409(api):
    manager = api("network_manager.oulu")
    organisation = registered(manager)
    path = f"/api/v1/network/organisations/{organisation['organisation_id']}"
    assert manager.post(f"{path}/services", json=SERVICE).status_code == 201
    error = api_error(manager.post(path, json={"name": "Kielipolku", "type": "civil_society", "cities": ["oulu"],
                                               "version": organisation["version"]}), 409)
    assert error["current_version"] == organisation["version"] + 1
    api_error(manager.post("/api/v1/network/organisations", json={"name": "kielipolku RY", "type": "other",
                                                                   "cities": ["oulu"]}), 409)


def test_a_missing_organisation_contact_or_service_is_404_before_the_body_is_read(api):
    manager = api("network_manager.oulu")
    organisation = registered(manager)
    path = f"/api/v1/network/organisations/{organisation['organisation_id']}"
    api_error(manager.post(f"/api/v1/network/organisations/{'0' * 32}/services", json={}), 404)
    api_error(manager.post(f"{path}/services/not-an-id", json={**SERVICE, "version": 1}), 404)
    api_error(manager.post(f"{path}/contacts/{'0' * 32}/removal", json={"version": 1}), 404)


def test_only_managers_write(api):
    api_error(api("worker.oulu").post("/api/v1/network/organisations", json={}), 403)
